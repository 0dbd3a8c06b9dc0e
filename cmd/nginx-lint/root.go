package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/nginx-lint/nginx-lint/analyzer"
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
	root.SetFlagErrorFunc(flagError)
	// `help chek` is an error that suggests, as `chek` is (cobra printed
	// "Unknown help topic" and exited 0).
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" && c.Run == nil && c.RunE == nil {
			c.RunE = helpOrUnknown // `completion bsh` is an error
		}
		if run := c.Run; c.Name() == "help" && run != nil {
			c.Run = nil
			c.RunE = func(c *cobra.Command, args []string) error {
				if cmd, _, err := c.Root().Find(args); len(args) > 0 && (cmd == nil || err != nil) {
					return unknownSubcommand(c.Root(), args[0])
				}
				run(c, args)
				return nil
			}
		}
	}
	return root
}

// flagError adds to an unknown flag the one most likely meant, as the
// other usage errors do.
func flagError(cmd *cobra.Command, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return err
	}
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	hint := ""
	if c := analyzer.Closest(name, names); c != "" {
		hint = "; did you mean --" + c + "?"
	}
	return fmt.Errorf("unknown flag --%s%s (%s --help lists the flags)", name, hint, cmd.CommandPath())
}

var (
	unknownCommand = regexp.MustCompile(`^unknown command "(.*)" for "[^"]*"`)
	tooManyArgs    = regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)$`)
)

// usageMessage words cobra's errors about arguments as nginx-lint's other
// usage errors are: one line, the command named, the likely meaning.
func usageMessage(cmd *cobra.Command, err error) string {
	msg := err.Error()
	if cmd == nil {
		return msg
	}
	if m := unknownCommand.FindStringSubmatch(msg); m != nil {
		if !cmd.HasSubCommands() {
			return fmt.Sprintf("%s takes no arguments (got %q)", commandName(cmd), m[1])
		}
		return unknownSubcommand(cmd, m[1]).Error()
	}
	if m := tooManyArgs.FindStringSubmatch(msg); m != nil {
		if m[1] == "1" {
			return fmt.Sprintf("%s takes at most one argument (got %s)", commandName(cmd), m[2])
		}
		return fmt.Sprintf("%s takes at most %s arguments (got %s)", commandName(cmd), m[1], m[2])
	}
	return msg
}

// helpOrUnknown runs a command that only groups others: without arguments
// it shows the help, with one it is an unknown command (cobra showed the
// help and exited 0).
func helpOrUnknown(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return unknownSubcommand(cmd, args[0])
	}
	return cmd.Help()
}

// unknownSubcommand is the error for `cmd name` where cmd has commands and
// name is none of them.
func unknownSubcommand(cmd *cobra.Command, name string) error {
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	hint := ""
	if c := analyzer.Closest(name, names); c != "" {
		hint = fmt.Sprintf("; did you mean %q?", c)
	}
	what := ""
	if cmd.HasParent() {
		what = " of " + commandName(cmd)
	}
	return fmt.Errorf("unknown command %q%s%s (%s --help lists the commands)", name, what, hint, cmd.CommandPath())
}

// commandName is the command's path without the program's name ("config
// init"); errors are printed after "nginx-lint: " already.
func commandName(cmd *cobra.Command) string {
	return strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
}
