package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=…"; otherwise
// the module version from the build info is used.
var version = ""

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

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
	root.CompletionOptions.DisableDefaultCmd = true
	root.AddCommand(newCheckCmd(), newRulesCmd(), newExplainCmd(), newVersionCmd(), newConfigCmd())
	return root
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the nginx-lint version",
		Example: "  nginx-lint version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(cmd.OutOrStdout(), "nginx-lint %s\n", versionString())
			return nil
		},
	}
}
