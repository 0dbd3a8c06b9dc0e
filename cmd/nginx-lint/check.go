package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
	"github.com/nginx-lint/nginx-lint/lint"
	"github.com/nginx-lint/nginx-lint/reporter"
	"github.com/nginx-lint/nginx-lint/rules"
)

// checkFlags are the options of `nginx-lint check`.
type checkFlags struct {
	format     string
	color      string
	statistics bool
	perRule    int
	failOn     string
	enable     []string
	disable    []string
	only       []string
	inputs     inputFlags
	limits     limitFlags
	prefix     string
	template   string
	includeMap []string
	// allowOutside lifts the confinement of reading (--allow-include-outside);
	// trustedTargets says the prefix and include-map targets come from the
	// command line or a --config file, not a discovered one.
	allowOutside   bool
	trustedTargets bool
	nginxVersion   string
	loopback       string
	modules        []string
	plus           bool
	pipe           pipelineFlags
	fix            fixFlags
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
and *.conf, *.conf.template and files under conf.d/, sites-available/,
sites-enabled/, snippets/ and templates/ whose text is nginx's (others,
such as supervisord.conf, are skipped; --verbose lists them), and for
Kubernetes manifests (*.yaml, *.yml).

Includes are followed the way nginx follows them: relative paths from the
directory of the checked file (or --prefix), globs in sorted order. A file
that another checked file includes is checked only there, in context; a
file that holds only a server{} or location{} (a conf.d fragment) is
checked in the context it belongs to.

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
	f.StringVarP(&fl.format, "format", "f", "text", "output format: "+strings.Join(reporter.Names(), ", "))
	f.StringVar(&fl.color, "color", "auto", "colour the text output: auto, always or never (NO_COLOR is honoured in auto)")
	f.BoolVar(&fl.statistics, "statistics", false, "print the number of findings of each rule instead of the findings (text format only; --output reports are unchanged)")
	f.IntVar(&fl.perRule, "max-per-rule", 10, "in the text output, show at most this many findings of one rule per file and count the rest in one line; 0 shows all (JSON, SARIF and the other formats always have every finding)")
	f.StringVar(&fl.failOn, "fail-on", "warning", "exit 1 when a finding has at least this severity: error, warning, info or none")
	f.StringSliceVar(&fl.enable, "enable", nil, "turn on rules that are off by default (comma-separated ids)")
	f.StringSliceVar(&fl.disable, "disable", nil, "turn rules off (comma-separated ids)")
	f.StringSliceVar(&fl.only, "only", nil, "run only these rules (comma-separated ids)")
	fl.inputs.register(f)
	fl.limits.register(f)
	f.StringVar(&fl.prefix, "prefix", "", "directory relative include paths are resolved against (default: the checked file's directory)")
	f.StringVar(&fl.template, "template", "auto", "template language of the files: auto (from each file's name and content), none, jinja, go, envsubst, erb or placeholders")
	f.StringArrayVar(&fl.includeMap, "include-map", nil, "read includes under FROM from TO instead, as FROM=TO (repeatable), e.g. /etc/nginx=deploy/nginx")
	f.BoolVar(&fl.allowOutside, "allow-include-outside", false, "read includes outside the checked directories, --prefix and --include-map targets (by default they are reported by include-outside and not read)")
	f.StringVar(&fl.nginxVersion, "nginx-version", "", "nginx version the configuration targets, e.g. 1.24.0 (default: the newest)")
	f.StringArrayVar(&fl.modules, "module", nil, "a module your nginx loads beyond the core, whose directives become known (repeatable): "+strings.Join(directives.Families(), ", "))
	f.BoolVar(&fl.plus, "plus", false, "the configuration targets NGINX Plus (its commercial directives become known)")
	f.StringVar(&fl.loopback, "loopback", "", "address family your apps listen on, ipv4 or ipv6: localhost fixes use 127.0.0.1 or [::1] and become safe (names for ::1 only, such as ip6-localhost, always become [::1], safe with ipv6 only)")
	addPipelineFlags(f, &fl.pipe)
	addFixFlags(cmd, &fl.fix)
	return cmd
}

func runCheck(cmd *cobra.Command, args []string, fl *checkFlags) error {
	if err := oneOf("color", fl.color, "auto", "always", "never"); err != nil {
		return err
	}
	if fl.inputs.jobs < 0 {
		return fmt.Errorf("--jobs: want a number of files at once (0 for one per CPU), not %d", fl.inputs.jobs)
	}
	project, err := lint.LoadConfig(fl.pipe.config, ".") // .nginx-lint.yaml under the flags
	if err != nil {
		return err
	}
	stderr := cmd.ErrOrStderr()
	var verbose io.Writer
	if fl.inputs.verbose {
		verbose = stderr
	}
	base := *fl
	run, err := newSettings(cmd, args, &base, project, verbose)
	if err != nil {
		return err
	}
	fl, cfg, in, tree := run.fl, run.cfg, run.in, run.tree
	in.scopes = &scopes{cmd: cmd, args: args, base: base, run: run,
		byDir: map[string]string{}, byFile: map[string]*settings{}, errs: map[string]error{}}
	failOn, err := analyzer.ParseSeverity(fl.failOn)
	if err != nil {
		return fmt.Errorf("--fail-on: %w", err)
	}
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
	outputs, err := parseOutputs(format, fl.pipe.outputs)
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
	var rep *reporter.Report
	var ioFailed bool
	reportTo := cmd.OutOrStdout()
	if fixing {
		roots, unread := prepareInputs(cmd.InOrStdin(), args, in, cfg, stderr)
		rep = &reporter.Report{Sources: map[string]*analyzer.File{}, Notifications: unread}
		fx := &fixRun{cmd: cmd, fl: &fl.fix, roots: roots, opt: in, cfg: cfg, tree: tree}
		if fl.pipe.baseline != "" && fl.pipe.writeBaseline == "" {
			// What the baseline hides from the report is not fixed either.
			known, err := lint.ReadBaseline(fl.pipe.baseline)
			if err != nil {
				return err
			}
			fx.hold = known.Hold()
		}
		defer fx.summarize()
		var all []analyzer.Finding
		if all, reportTo, err = fx.run(rep); err != nil {
			return err
		}
		rep.Findings = analyzer.Normalize(all)
		ioFailed = len(unread) > 0 || fx.failed
	} else {
		res := lintInputs(cmd.InOrStdin(), args, in, cfg, stderr)
		rep = &reporter.Report{Findings: res.findings, Sources: res.sources, Files: res.files, Notifications: res.unread}
		ioFailed = res.failed
	}
	if err := applyBaseline(&fl.pipe, rep, stderr); err != nil {
		return err
	}

	if cfg.NginxVersion == "" {
		rep.AssumedVersion = "nginx " + directives.Newest() + ", the newest nginx-lint knows"
	}
	reporter.Version = versionString()
	opt := reporter.Options{Color: useColor(fl.color, reportTo), PerRule: fl.perRule}
	if err := writeReports(reportTo, outputs, rep, opt); err != nil {
		return err
	}
	if ioFailed {
		return &exitError{2}
	}
	if failOn != analyzer.SeverityNone {
		for _, f := range rep.Findings {
			if f.Severity >= failOn {
				return &exitError{1}
			}
		}
	}
	return nil
}

func buildConfig(fl *checkFlags) (*analyzer.Config, analyzer.LoadOptions, error) {
	cfg := &analyzer.Config{Enabled: map[string]bool{}, NginxVersion: fl.nginxVersion}
	_ = rules.All() // registers every rule
	for _, l := range []struct {
		flag string
		ids  []string
	}{{"enable", fl.enable}, {"disable", fl.disable}, {"only", fl.only}} {
		if err := analyzer.CheckRuleIDs(l.ids); err != nil {
			return nil, analyzer.LoadOptions{}, fmt.Errorf("--%s: %w", l.flag, err)
		}
	}
	for _, id := range fl.enable {
		cfg.Enabled[id] = true
	}
	for _, id := range fl.disable {
		cfg.Enabled[id] = false
	}
	cfg.Only = fl.only
	if fl.nginxVersion != "" && !analyzer.ValidVersion(fl.nginxVersion) {
		return nil, analyzer.LoadOptions{}, fmt.Errorf("--nginx-version: want a version such as 1.24.0, not %q", fl.nginxVersion)
	}
	for _, m := range fl.modules {
		c := directives.CanonicalFamily(m)
		if c == "" {
			return nil, analyzer.LoadOptions{}, fmt.Errorf("--module: unknown module %q%s (known: %s)", m, analyzer.DidYouMean(m, directives.Families()), strings.Join(directives.Families(), ", "))
		}
		cfg.Modules = append(cfg.Modules, c)
	}
	cfg.Plus = fl.plus
	cfg.Loopback = "ipv4"
	if fl.loopback != "" {
		if err := oneOf("loopback", fl.loopback, "ipv4", "ipv6"); err != nil {
			return nil, analyzer.LoadOptions{}, err
		}
		cfg.Loopback, cfg.LoopbackSet = fl.loopback, true
	}
	load := analyzer.LoadOptions{Prefix: fl.prefix, FS: countedFS{analyzer.OSFS{}}}
	tl, err := analyzer.ParseTemplateLang(fl.template)
	if err != nil {
		return nil, load, fmt.Errorf("--template: %w", err)
	}
	load.Template = tl
	if err := (lint.Limits{MaxFileSize: int64(fl.limits.maxFileSize), MaxDepth: fl.limits.maxDepth, MaxIncludes: fl.limits.maxIncludes}).Apply(&load); err != nil {
		return nil, load, err
	}
	for _, m := range fl.includeMap {
		from, to, ok := strings.Cut(m, "=")
		if !ok || from == "" || to == "" {
			return nil, load, fmt.Errorf("--include-map: want FROM=TO, not %q", m)
		}
		load.IncludeMap = append(load.IncludeMap, analyzer.PathMap{From: from, To: to})
	}
	return cfg, load, nil
}

// checkedTree is the tree nginx-lint reads includes from and writes fixes
// to: the directory of every path given (a directory itself; for standard
// input, the directory of --stdin-filename or the working directory), and
// the --prefix and --include-map targets. Targets from a discovered
// configuration file count only inside that file's directory: a checked
// repository cannot widen the tree beyond itself.
func checkedTree(cmd *cobra.Command, args []string, fl *checkFlags, project *lint.ProjectConfig) *analyzer.Tree {
	tree := analyzer.NewTree()
	for _, a := range args {
		switch {
		case a == "-" && fl.inputs.stdinFilename != "":
			tree.Add(filepath.Dir(fl.inputs.stdinFilename))
		case a == "-":
			tree.Add(".")
		default:
			if st, err := os.Stat(a); err == nil && st.IsDir() {
				tree.Add(a)
			} else {
				tree.Add(filepath.Dir(a))
			}
		}
	}
	changed := cmd.Flags().Changed
	var repo *analyzer.Tree
	if project.Path != "" {
		repo = analyzer.NewTree(filepath.Dir(project.Path))
	}
	target := func(flag, dir string) {
		if changed(flag) || fl.trustedTargets || (repo != nil && repo.Contains(dir)) {
			tree.Add(dir)
		}
	}
	if fl.prefix != "" {
		target("prefix", fl.prefix)
	}
	for _, m := range fl.includeMap {
		if _, to, ok := strings.Cut(m, "="); ok && to != "" {
			target("include-map", to)
		}
	}
	return tree
}

// oneOf checks that a flag has one of the allowed values; the error names
// them and the one most likely meant.
func oneOf(flag, value string, allowed ...string) error {
	if slices.Contains(allowed, value) {
		return nil
	}
	return fmt.Errorf("--%s: want %s, not %q%s", flag, orList(allowed), value, analyzer.DidYouMean(value, allowed))
}

// orList joins words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
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
