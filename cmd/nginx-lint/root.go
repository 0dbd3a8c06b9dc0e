package main

import (
	"strings"

	"github.com/spf13/cobra"
)

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "nginx-lint",
		Short: "A static analyzer for nginx configuration",
		Long: `nginx-lint checks nginx configuration files without running nginx: syntax,
how nginx resolves the addresses it proxies to (localhost, resolvers), and
common mistakes. Findings carry file:line:col, a source excerpt and, where
possible, a suggested rewrite.`,
		Example: `  nginx-lint check nginx.conf
  nginx-lint check --format json deploy/nginx/
  cat site.conf | nginx-lint check --stdin-filename site.conf -
  nginx-lint rules
  nginx-lint explain localhost-upstream`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	// --version prints what `nginx-lint version` prints.
	root.Version = strings.TrimSuffix(readBuildInfo().String(), "\n")
	root.SetVersionTemplate("{{.Version}}\n")
	root.DisableAutoGenTag = true // man pages carry no generation date line
	root.AddCommand(newCheckCmd(), newRulesCmd(), newExplainCmd(), newVersionCmd(), newConfigCmd(), newManCmd(), newLSPCmd())
	// cobra's `completion bash|zsh|fish|powershell` stays on.
	return root
}
