package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
	"github.com/nginx-lint/nginx-lint/lint"
	"github.com/nginx-lint/nginx-lint/reporter"
)

// checkFlags are the options of `nginx-lint check`: those of the output
// here, the rest lint's settings.
type checkFlags struct {
	format     string
	color      string
	statistics bool
	perRule    int
	verbose    bool
	outputs    []string
	set        lint.Settings
	fix        fixFlags
}

func newCheckCmd() *cobra.Command {
	var fl checkFlags
	cmd := &cobra.Command{
		Use:   "check [paths...]",
		Short: "Check nginx configuration files",
		Long: `Check nginx configuration files, directories or standard input ("-").
Kubernetes manifests (nginx text in ConfigMaps) and nginx -T dumps are
recognised and checked too; see docs/sources.md.

A directory is walked for nginx files: nginx.conf, nginx.conf.*, *.nginx,
and *.conf, *.conf.template, templates of them (site.conf.j2, .tmpl, .erb,
...) and files under conf.d/, sites-available/, sites-enabled/, snippets/
and templates/ whose text is nginx's (others, such as supervisord.conf,
are skipped; --verbose lists them), and for Kubernetes manifests (*.yaml,
*.yml).

Includes are followed the way nginx follows them: relative paths from the
directory of the checked file (for a fragment, of the nearest nginx.conf at
or above it; or --prefix), globs in sorted order. A file that another
checked file includes is checked only there, in context; a file that holds
only a server{} or location{} (a conf.d fragment) is checked in the context
it belongs to.

Exit status: 0 no finding at or above --fail-on, 1 findings, 2 usage or
I/O error (a path that cannot be read, or one over --max-file-size; the
other paths are still checked). Limits on size, nesting and includes are
described in docs/limits.md.`,
		Example: `  nginx-lint check nginx.conf
  nginx-lint check /etc/nginx/                       # nginx.conf with its includes, and the rest
  nginx-lint check k8s/deploy.yaml                   # ConfigMaps; positions in the YAML
  nginx-lint check roles/web/templates/nginx.conf.j2 # a template, linted as written
  nginx-lint check --mount nginx-conf=/etc/nginx/conf.d k8s/configmap.yaml
  helm template web ./chart | nginx-lint check -
  nginx -T 2>&1 | nginx-lint check -                 # the live configuration, file by file
  nginx-lint check --format json nginx.conf > findings.json
  nginx-lint check --fail-on error conf.d/*.conf     # warnings do not fail
  nginx-lint check --only localhost-upstream,resolver-ipv6 nginx.conf
  nginx-lint check --include-map /etc/nginx=deploy/nginx deploy/nginx/nginx.conf
  nginx-lint check --output sarif=nginx-lint.sarif deploy/   # text here, SARIF to a file
  nginx-lint check --write-baseline baseline.json deploy/    # accept today's findings...
  nginx-lint check --baseline baseline.json deploy/          # ...and report only new ones
  kubectl get cm nginx -o jsonpath='{.data.nginx\.conf}' | nginx-lint check --stdin-filename nginx.conf -`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(cmd, args, &fl)
		},
	}
	f := cmd.Flags()
	set := &fl.set
	*set = lint.DefaultSettings()
	set.Given = f.Changed
	f.StringVarP(&fl.format, "format", "f", "text", "output format: "+strings.Join(reporter.Names(), ", "))
	f.StringVar(&fl.color, "color", "auto", "colour the text output: auto, always or never (NO_COLOR is honoured in auto)")
	f.BoolVar(&fl.statistics, "statistics", false, "print the number of findings of each rule instead of the findings (text format only; --output reports are unchanged)")
	f.IntVar(&fl.perRule, "max-per-rule", 10, "in the text output, show at most this many findings of one rule per file and count the rest in one line; 0 shows all (JSON, SARIF and the other formats always have every finding)")
	f.StringVar(&set.FailOn, "fail-on", "warning", "exit 1 when a finding has at least this severity: error, warning, info or none")
	f.StringSliceVar(&set.Enable, "enable", nil, "turn on rules that are off by default (comma-separated ids)")
	f.StringSliceVar(&set.Disable, "disable", nil, "turn rules off (comma-separated ids)")
	f.StringSliceVar(&set.Only, "only", nil, "run only these rules (comma-separated ids)")
	f.StringVar(&set.StdinFilename, "stdin-filename", "", "name to report for standard input (its directory anchors relative includes)")
	f.StringArrayVar(&set.Mounts, "mount", nil, "where the keys of a ConfigMap land in the container, as CONFIGMAP=DIR (repeatable), e.g. nginx-conf=/etc/nginx/conf.d")
	f.StringArrayVar(&set.Exclude, "exclude", nil, "skip files matching this .gitignore-style pattern when walking directories, and drop findings in them (repeatable)")
	f.IntVar(&set.Jobs, "jobs", 0, "files read and analysed at once, and the most CPUs used (0: one per CPU)")
	f.BoolVarP(&fl.verbose, "verbose", "v", false, "say on stderr which files found in directories are not linted, and why")
	f.BoolVar(&set.SkipNonNginx, "skip-non-nginx", false, "pick among the named files as a directory walk does: skip those whose name or text is not nginx configuration (for pre-commit hooks)")
	registerLimits(f, &set.Limits)
	f.StringVar(&set.Prefix, "prefix", "", "directory relative include paths are resolved against (default: the checked file's directory; for a fragment, the nearest nginx.conf's at or above it)")
	f.StringVar(&set.Template, "template", "auto", "template language of the files: auto (from each file's name and content), none, jinja, go, envsubst, erb or placeholders")
	f.StringArrayVar(&set.IncludeMap, "include-map", nil, "read includes under FROM from TO instead, as FROM=TO (repeatable), e.g. /etc/nginx=deploy/nginx")
	f.BoolVar(&set.AllowIncludeOutside, "allow-include-outside", false, "read includes outside the checked directories, --prefix and --include-map targets (by default they are reported by include-outside and not read), and named paths that lead out of the working directory through a symbolic link")
	f.StringVar(&set.NginxVersion, "nginx-version", "", "nginx version the configuration targets, e.g. 1.24.0 (default: the newest)")
	f.StringArrayVar(&set.Modules, "module", nil, "a module your nginx loads beyond the core, whose directives become known (repeatable): "+strings.Join(directives.Families(), ", "))
	f.BoolVar(&set.Plus, "plus", false, "the configuration targets NGINX Plus (its commercial directives become known)")
	f.StringVar(&set.Loopback, "loopback", "", "address family your apps listen on, ipv4 or ipv6: localhost fixes use 127.0.0.1 or [::1] and become safe (names for ::1 only, such as ip6-localhost, always become [::1], safe with ipv6 only)")
	f.StringVar(&set.ConfigFile, "config", "", "configuration file for every checked file (default: for each file, the nearest "+lint.ConfigFileName+" or .nginx-lint.yml above it, up to the repository root; for a file with none, the one found from the working directory up)")
	f.StringArrayVarP(&fl.outputs, "output", "o", nil, "write a report to a file: FORMAT=FILE adds one beside the terminal output (repeatable, e.g. sarif=nginx-lint.sarif; an unknown FORMAT is an error); a bare FILE takes the --format output instead of the terminal (./a=b for a name holding =)")
	f.BoolVar(&set.NoIgnore, "no-ignore", false, "disregard # nginx-lint:ignore comments (report everything, check no comment)")
	f.StringVar(&set.Baseline, "baseline", "", "report only findings not recorded in this baseline file")
	f.StringVar(&set.WriteBaseline, "write-baseline", "", "record the current findings in this file (JSON) and report none of them")
	addFixFlags(cmd, &fl.fix)
	return cmd
}

func runCheck(cmd *cobra.Command, args []string, fl *checkFlags) error {
	if err := oneOf("color", fl.color, "auto", "always", "never"); err != nil {
		return err
	}
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	env := lint.Env{Stdin: cmd.InOrStdin(), Stdout: stdout, Stderr: stderr, TextHeld: budget.add, ManyFiles: budget.manyFiles}
	if fl.verbose {
		env.Verbose = stderr
	}
	capProcs(fl.set.Jobs)
	format, err := reporter.Get(fl.format)
	if err != nil {
		return fmt.Errorf("--format: %w", err)
	}
	if fl.perRule < 0 {
		return fmt.Errorf("--max-per-rule: want a number of findings (0 for all), not %d", fl.perRule)
	}
	if fl.statistics {
		if fl.format != "text" {
			return fmt.Errorf("--statistics replaces the text report; it does not go with --format %s", fl.format)
		}
		format = reporter.Statistics
	}
	outputs, err := parseOutputs(fl.format, format, fl.outputs)
	if err != nil {
		return err
	}
	for _, t := range outputs {
		if t.file != "" && t.file != "-" {
			if err := lint.WorkdirPath(t.file, fl.set.AllowIncludeOutside); err != nil {
				return fmt.Errorf("--output: %s: %w", t.file, err)
			}
		}
	}
	fl.set.NoSources = true
	for _, t := range outputs {
		fl.set.NoSources = fl.set.NoSources && !reporter.ReadsSources(t.name)
	}
	check, err := lint.NewCheck(args, fl.set, env)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		return errors.New("no paths given: name files, directories, or - for standard input (see nginx-lint check --help)")
	}
	fixing, err := fl.fix.active()
	if err != nil {
		return err
	}
	// A signal must not leave a fixed file half written, nor the
	// temporary file of a fix or of an --output report behind.
	if fixing && !fl.fix.diff || writesFiles(outputs) {
		defer catchSignals()()
	}
	var out *lint.Outcome
	if fixing {
		out, err = check.Fix(lint.FixOptions{Unsafe: fl.fix.unsafe, Diff: fl.fix.diff, Outside: fl.fix.outside})
		if out != nil {
			defer fmt.Fprintln(stderr, out.Fix.Summary())
		}
	} else {
		out, err = check.Lint()
	}
	if err != nil {
		return err
	}
	reportTo := stdout
	if out.ToStderr {
		reportTo = stderr
	}
	reporter.Version = versionString()
	opt := reporter.Options{Color: useColor(fl.color, reportTo), PerRule: fl.perRule, Workers: fl.set.Jobs, FixHint: !fixing}
	if err := writeReports(reportTo, outputs, out.Report, opt); err != nil {
		return err
	}
	if !slices.Contains([]string{"text", "json", "sarif"}, fl.format) {
		// These formats have no place for findings left uncounted.
		tellOmitted(stderr, out.Report.Omitted)
	}
	if out.Failed {
		return &exitError{2}
	}
	if check.FailOn != analyzer.SeverityNone {
		for _, f := range out.Report.Findings.All() {
			if f.Severity >= check.FailOn {
				return &exitError{1}
			}
		}
		for _, o := range out.Report.Omitted {
			if o.Severity >= check.FailOn {
				return &exitError{1}
			}
		}
	}
	return nil
}

// oneOf checks that a flag has one of the allowed values.
func oneOf(flag, value string, allowed ...string) error {
	return lint.OneOf(flag, value, allowed...)
}

func useColor(mode string, w io.Writer) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	if f, ok := w.(*os.File); ok {
		return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
	}
	return false
}
