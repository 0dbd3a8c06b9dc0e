package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
	"github.com/nginx-lint/nginx-lint/lint"
	"github.com/nginx-lint/nginx-lint/reporter"
)

// pipelineFlags are the check options that fit nginx-lint into a CI
// pipeline: configuration file, extra outputs, suppression and baselines.
type pipelineFlags struct {
	config        string
	outputs       []string
	noIgnore      bool
	baseline      string
	writeBaseline string
}

func addPipelineFlags(f *pflag.FlagSet, p *pipelineFlags) {
	f.StringVar(&p.config, "config", "", "configuration file for every checked file (default: for each file, the nearest "+lint.ConfigFileName+" or .nginx-lint.yml above it, up to the repository root; for a file with none, the one found from the working directory up)")
	f.StringArrayVarP(&p.outputs, "output", "o", nil, "write a report to a file: FORMAT=FILE adds one beside the terminal output (repeatable, e.g. sarif=nginx-lint.sarif; an unknown FORMAT is an error); a bare FILE takes the --format output instead of the terminal (./a=b for a name holding =)")
	f.BoolVar(&p.noIgnore, "no-ignore", false, "disregard # nginx-lint:ignore comments (report everything, check no comment)")
	f.StringVar(&p.baseline, "baseline", "", "report only findings not recorded in this baseline file")
	f.StringVar(&p.writeBaseline, "write-baseline", "", "record the current findings in this file (JSON) and report none of them")
}

// applyConfig fills every check flag the command line did not set from pc.
func applyConfig(pc *lint.ProjectConfig, cmd *cobra.Command, fl *checkFlags) {
	changed := cmd.Flags().Changed
	set := func(flag string, dst *string, v *string) {
		if v != nil && !changed(flag) {
			*dst = *v
		}
	}
	set("nginx-version", &fl.nginxVersion, pc.NginxVersion)
	set("loopback", &fl.loopback, pc.Loopback)
	set("fail-on", &fl.failOn, pc.FailOn)
	set("template", &fl.template, pc.Template)
	if pc.Prefix != nil && !changed("prefix") {
		fl.prefix = pc.Rel(*pc.Prefix)
	}
	if pc.MaxFileSize != nil && !changed("max-file-size") {
		fl.limits.maxFileSize = sizeValue(*pc.MaxFileSize)
	}
	if pc.MaxDepth != nil && !changed("max-depth") {
		fl.limits.maxDepth = *pc.MaxDepth
	}
	if pc.MaxIncludes != nil && !changed("max-includes") {
		fl.limits.maxIncludes = *pc.MaxIncludes
	}
	if pc.AllowIncludeOutside != nil && !changed("allow-include-outside") {
		if pc.Explicit {
			fl.allowOutside = *pc.AllowIncludeOutside
			fl.trustedTargets = true
		} else if *pc.AllowIncludeOutside {
			fmt.Fprintf(cmd.ErrOrStderr(), "nginx-lint: %s: allow-include-outside is honoured only in a file given with --config: a checked repository cannot lift its own confinement\n", reporter.Visible(pc.Path))
		}
	}
	if pc.Explicit {
		fl.trustedTargets = true
	}
	if len(pc.IncludeMap) > 0 && !changed("include-map") {
		for _, m := range pc.IncludeMap {
			fl.includeMap = append(fl.includeMap, m.From+"="+pc.Rel(m.To))
		}
	}
}

// configure applies the file's rule settings, modules and plus to cfg
// under the --enable, --disable and --only flags, and --no-ignore.
func configure(pc *lint.ProjectConfig, cfg *analyzer.Config, fl *checkFlags) {
	byFlag := map[string]bool{}
	for _, id := range append(slices.Clone(fl.enable), fl.disable...) {
		byFlag[id] = true
	}
	for _, id := range pc.Enable {
		if !byFlag[id] {
			cfg.Enabled[id] = true
		}
	}
	for _, r := range pc.Rules {
		if sev, err := analyzer.ParseSeverity(r.Value); err == nil && sev != analyzer.SeverityNone {
			if cfg.Severity == nil {
				cfg.Severity = map[string]analyzer.Severity{}
			}
			cfg.Severity[r.ID] = sev
		}
		if !byFlag[r.ID] {
			cfg.Enabled[r.ID] = r.Value != "off"
		}
	}
	if pc.ModulesSet && len(fl.modules) == 0 {
		cfg.Modules = nil
		for _, m := range pc.Modules {
			if c := directives.CanonicalFamily(m); c != "" {
				m = c
			}
			cfg.Modules = append(cfg.Modules, m)
		}
	}
	if pc.Plus != nil && !fl.plus {
		cfg.Plus = *pc.Plus
	}
	if pc.RequireReason != nil {
		cfg.RequireReason = *pc.RequireReason
	}
	cfg.NoIgnore = fl.pipe.noIgnore
}

func newConfigCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Create or show the " + lint.ConfigFileName + " configuration file",
		Long: `nginx-lint check applies to each file the nearest ` + lint.ConfigFileName + ` (or
.nginx-lint.yml) above it, up to the repository root (the directory holding
.git); a file with none above it gets the one found from the working
directory. --config names one file for every checked file. Command-line
flags win over the file.`,
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
			pc, err := lint.LoadConfig(cfgPath, dir)
			if err != nil {
				return err
			}
			_, err = io.WriteString(cmd.OutOrStdout(), pc.Effective())
			return err
		},
	}
	printCmd.Flags().StringVar(&cfgPath, "config", "", "configuration file (default: the one discovered)")
	cmd.AddCommand(initCmd, printCmd)
	return cmd
}
