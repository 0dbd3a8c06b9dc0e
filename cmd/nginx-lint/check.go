package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/reporter"
	"github.com/nginx-lint/nginx-lint/rules"
)

// checkFlags are the options of `nginx-lint check`.
type checkFlags struct {
	format        string
	color         string
	failOn        string
	enable        []string
	disable       []string
	only          []string
	stdinFilename string
	prefix        string
	includeMap    []string
	nginxVersion  string
	loopback      string
	pipe          pipelineFlags
	fix           fixFlags
}

func newCheckCmd() *cobra.Command {
	var fl checkFlags
	cmd := &cobra.Command{
		Use:   "check [paths...]",
		Short: "Check nginx configuration files",
		Long: `Check nginx configuration files, directories (every *.conf and nginx.conf
below them) or standard input ("-").

Includes are followed the way nginx follows them: relative paths from the
directory of the checked file (or --prefix), globs in sorted order. A file
that holds only a server{} or location{} (a conf.d fragment) is checked in
the context it belongs to.

Exit status: 0 no finding at or above --fail-on, 1 findings, 2 usage or
I/O error (a path that cannot be read; the other paths are still checked).`,
		Example: `  nginx-lint check nginx.conf
  nginx-lint check /etc/nginx/                       # every *.conf below it
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
	f.StringVar(&fl.failOn, "fail-on", "warning", "exit 1 when a finding has at least this severity: error, warning, info or none")
	f.StringSliceVar(&fl.enable, "enable", nil, "turn on rules that are off by default (comma-separated ids)")
	f.StringSliceVar(&fl.disable, "disable", nil, "turn rules off (comma-separated ids)")
	f.StringSliceVar(&fl.only, "only", nil, "run only these rules (comma-separated ids)")
	f.StringVar(&fl.stdinFilename, "stdin-filename", "", "name to report for standard input (its directory anchors relative includes)")
	f.StringVar(&fl.prefix, "prefix", "", "directory relative include paths are resolved against (default: the checked file's directory)")
	f.StringArrayVar(&fl.includeMap, "include-map", nil, "read includes under FROM from TO instead, as FROM=TO (repeatable), e.g. /etc/nginx=deploy/nginx")
	f.StringVar(&fl.nginxVersion, "nginx-version", "", "nginx version the configuration targets, e.g. 1.24.0 (default: the newest)")
	f.StringVar(&fl.loopback, "loopback", "", "address family your apps listen on, ipv4 or ipv6: localhost fixes use 127.0.0.1 or [::1] and become safe")
	addPipelineFlags(f, &fl.pipe)
	addFixFlags(cmd, &fl.fix)
	return cmd
}

// input is one thing to lint.
type input struct {
	name  string // shown in findings
	path  string // on disk ("" for stdin)
	src   []byte
	stdin bool
}

func runCheck(cmd *cobra.Command, args []string, fl *checkFlags) error {
	project, err := applyProjectConfig(cmd, fl) // .nginx-lint.yaml under the flags
	if err != nil {
		return err
	}
	cfg, load, err := buildConfig(fl)
	if err != nil {
		return err
	}
	project.configure(cfg, fl)
	failOn, err := analyzer.ParseSeverity(fl.failOn)
	if err != nil {
		return fmt.Errorf("--fail-on: %w", err)
	}
	format, err := reporter.Get(fl.format)
	if err != nil {
		return fmt.Errorf("--format: %w", err)
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
	stderr := cmd.ErrOrStderr()
	inputs, ioFailed := collectInputs(cmd.InOrStdin(), args, fl, load.MaxFileSize, stderr)
	inputs = project.filter(inputs)

	rep := &reporter.Report{Sources: map[string]*analyzer.File{}}
	var all []analyzer.Finding
	reportTo := cmd.OutOrStdout()
	if fixing {
		fx := &fixRun{cmd: cmd, fl: &fl.fix, inputs: inputs, cfg: cfg, load: load}
		defer fx.summarize()
		if all, reportTo, err = fx.run(rep); err != nil {
			return err
		}
		ioFailed = ioFailed || fx.failed
		inputs = nil // checked by the fixer
	}
	for _, in := range inputs {
		a := analyzer.Parse(in.name, in.path, in.src, load)
		a.Config = cfg
		all = append(all, a.Check()...)
		for _, u := range a.Units {
			rep.Sources[u.File.Name] = u.File
		}
		rep.Files = append(rep.Files, in.name)
	}
	rep.Findings = analyzer.Normalize(all)
	if err := applyBaseline(&fl.pipe, rep, stderr); err != nil {
		return err
	}

	reporter.Version = versionString()
	opt := reporter.Options{Color: useColor(fl.color, reportTo)}
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
	for _, list := range [][]string{fl.enable, fl.disable, fl.only} {
		if err := analyzer.CheckRuleIDs(list); err != nil {
			return nil, analyzer.LoadOptions{}, err
		}
	}
	for _, id := range fl.enable {
		cfg.Enabled[id] = true
	}
	for _, id := range fl.disable {
		cfg.Enabled[id] = false
	}
	cfg.Only = fl.only
	switch fl.loopback {
	case "":
		cfg.Loopback = "ipv4"
	case "ipv4", "ipv6":
		cfg.Loopback, cfg.LoopbackSet = fl.loopback, true
	default:
		return nil, analyzer.LoadOptions{}, fmt.Errorf("--loopback: want ipv4 or ipv6, not %q", fl.loopback)
	}
	load := analyzer.LoadOptions{Prefix: fl.prefix}
	for _, m := range fl.includeMap {
		from, to, ok := strings.Cut(m, "=")
		if !ok || from == "" || to == "" {
			return nil, load, fmt.Errorf("--include-map: want FROM=TO, not %q", m)
		}
		load.IncludeMap = append(load.IncludeMap, analyzer.PathMap{From: from, To: to})
	}
	return cfg, load, nil
}

// collectInputs reads every path; unreadable ones are reported on stderr
// (one line each) and make the run exit 2, the others are still linted.
func collectInputs(stdin io.Reader, args []string, fl *checkFlags, maxSize int64, stderr io.Writer) ([]input, bool) {
	var out []input
	failed := false
	fail := func(path string, err error) {
		failed = true
		var re *analyzer.ReadError
		var pe *fs.PathError
		if errors.As(err, &re) {
			err = re.Err
		} else if errors.As(err, &pe) {
			err = pe.Err
		}
		fmt.Fprintf(stderr, "nginx-lint: %s: %v\n", path, err)
	}
	for _, arg := range args {
		if arg == "-" {
			b, err := io.ReadAll(stdin)
			if err != nil {
				fail("<stdin>", err)
				continue
			}
			name := fl.stdinFilename
			if name == "" {
				name = "<stdin>"
			}
			path := ""
			if fl.stdinFilename != "" {
				path = fl.stdinFilename
			}
			out = append(out, input{name: name, path: path, src: b, stdin: true})
			continue
		}
		st, err := os.Stat(arg)
		if err != nil {
			fail(arg, err)
			continue
		}
		if !st.IsDir() {
			b, err := analyzer.ReadFile(arg, maxSize)
			if err != nil {
				fail(arg, err)
				continue
			}
			out = append(out, input{name: arg, path: arg, src: b})
			continue
		}
		werr := filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				fail(p, err)
				return nil
			}
			if d.IsDir() {
				if p != arg && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if !isConfigName(d.Name()) {
				return nil
			}
			b, err := analyzer.ReadFile(p, maxSize)
			if err != nil {
				fail(p, err)
				return nil
			}
			out = append(out, input{name: p, path: p, src: b})
			return nil
		})
		if werr != nil {
			fail(arg, werr)
		}
	}
	return out, failed
}

// isConfigName reports whether a file found in a directory is an nginx
// configuration file.
func isConfigName(name string) bool {
	return !strings.HasPrefix(name, ".") && (strings.HasSuffix(name, ".conf") || name == "nginx.conf")
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
