package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/nginx-lint/nginx-lint/lint"
)

func newConfigCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Create or show the " + lint.ConfigFileName + " configuration file",
		Long: `nginx-lint check applies to each file the nearest ` + lint.ConfigFileName + ` (or
.nginx-lint.yml) above it, up to the repository root (the directory holding
.git); a file with none above it gets the one found from the working
directory. --config names one file for every checked file. Command-line
flags win over the file.`,
		RunE: helpOrUnknown,
	}
	var force bool
	initCmd := &cobra.Command{
		Use:   "init [FILE]",
		Short: "Write a commented configuration template (default " + lint.ConfigFileName + "; - for standard output)",
		Example: `  nginx-lint config init
  nginx-lint config init - | less`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dst := lint.ConfigFileName
			if len(args) == 1 {
				dst = args[0]
			}
			tmpl := lint.ConfigTemplate()
			if dst == "-" {
				_, err := io.WriteString(cmd.OutOrStdout(), tmpl)
				return err
			}
			if _, err := os.Stat(dst); err == nil && !force {
				return fmt.Errorf("%s exists; use --force to overwrite it", dst)
			}
			if err := lint.WriteFileAtomic(dst, []byte(tmpl)); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "nginx-lint: wrote %s\n", dst)
			return nil
		},
	}
	initCmd.Flags().BoolVar(&force, "force", false, "overwrite an existing file")
	var cfgPath string
	var outside bool
	printCmd := &cobra.Command{
		Use:   "print [PATH]",
		Short: "Show the effective configuration: the file found (or --config) over the defaults",
		Long: `Show the effective configuration: the file found (or --config) over the
defaults. With PATH, the configuration that applies to that file or
directory: nginx-lint check uses the nearest configuration file above each
checked file.`,
		Example: `  nginx-lint config print
  nginx-lint config print deploy/nginx/nginx.conf
  nginx-lint config print --config ci/nginx-lint.yaml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
				if st, err := os.Stat(dir); err != nil {
					return err
				} else if !st.IsDir() {
					dir = filepath.Dir(dir)
				}
			}
			pc, err := lint.LoadConfig(cfgPath, dir, outside)
			if err != nil {
				return err
			}
			_, err = io.WriteString(cmd.OutOrStdout(), pc.Effective())
			return err
		},
	}
	printCmd.Flags().StringVar(&cfgPath, "config", "", "configuration file (default: the one discovered)")
	printCmd.Flags().BoolVar(&outside, "allow-include-outside", false, "read a configuration file in the working directory that is a symbolic link leading out of it")
	cmd.AddCommand(initCmd, printCmd)
	return cmd
}
