package lint

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
	"github.com/nginx-lint/nginx-lint/reporter"
	"github.com/nginx-lint/nginx-lint/rules"
)

// Settings are the options of a check over paths, as the CLI's flags give
// them. A configuration file (.nginx-lint.yaml) fills the settings Given
// does not name; errors name the CLI's flags (--enable, --max-depth…).
type Settings struct {
	// Enable, Disable and Only select rules by id.
	Enable, Disable, Only []string
	// NginxVersion is the version the configuration targets ("" the newest).
	NginxVersion string
	// Modules are the module families loaded beyond the core; Plus targets
	// NGINX Plus.
	Modules []string
	Plus    bool
	// Loopback is "", "ipv4" or "ipv6" (see analyzer.Config.Loopback).
	Loopback string
	// Prefix anchors relative includes ("" the checked file's directory; a
	// fragment's, the nearest nginx.conf's at or above it).
	Prefix string
	// Template is the template language (analyzer.ParseTemplateLang).
	Template string
	// IncludeMap reads includes under FROM from TO, each as "FROM=TO".
	IncludeMap []string
	// AllowIncludeOutside lifts the confinement of reading to the checked
	// tree (see analyzer.Confine).
	AllowIncludeOutside bool
	Limits              Limits
	// FailOn is the least severity that fails the check (Check.FailOn).
	FailOn string
	// NoIgnore disregards # nginx-lint:ignore comments.
	NoIgnore bool
	// ConfigFile is the configuration file for every checked file; ""
	// gives each file the nearest one above it (see FindConfig), and a
	// file with none the one found from the working directory.
	ConfigFile string
	// Baseline reports only findings it does not hold; WriteBaseline
	// records the findings there and reports none.
	Baseline, WriteBaseline string
	// StdinFilename names standard input ("-"); its directory anchors
	// relative includes.
	StdinFilename string
	// Mounts place ConfigMap keys, each as CONFIGMAP=DIR.
	Mounts []string
	// Exclude are patterns of files to skip (analyzer.MatchExclude).
	Exclude []string
	// Jobs is how many files are read and analysed at once (0: one per CPU).
	Jobs int
	// SkipNonNginx picks among named files as a directory walk does.
	SkipNonNginx bool
	// NoSources leaves the report's Sources empty, for a run whose every
	// report is in a format that reads no file text
	// (reporter.ReadsSources): the text of the files with findings is
	// then not held while the other files are checked. Check.Lint only; a
	// baseline still gets the text its fingerprints need.
	NoSources bool
	// Given reports whether the user gave a setting, by the CLI flag's
	// name ("prefix", "max-depth"…): those win over a configuration file.
	// nil: none given.
	Given func(flag string) bool

	// trusted says the prefix and include-map targets come from the user
	// or a named configuration file, not a discovered one.
	trusted bool
}

// DefaultSettings are the settings of a check given no option.
func DefaultSettings() Settings {
	return Settings{Limits: DefaultLimits(), FailOn: "warning", Template: "auto"}
}

func (s *Settings) given(flag string) bool { return s.Given != nil && s.Given(flag) }

// Env is where a check reads standard input and writes what it tells as
// it goes. Nil writers discard.
type Env struct {
	Stdin io.Reader
	// Stdout receives fixed standard input and diffs (Check.Fix).
	Stdout io.Writer
	// Stderr receives notes: unreadable inputs, directories with no
	// configuration, refused fixes, baselines written.
	Stderr io.Writer
	// Verbose, when set, is told which files a walk skipped and why.
	Verbose io.Writer
	// TextHeld, when set, is told how many bytes of configuration text a
	// check holds as it goes: the size of each file as it is read (n > 0),
	// and the same sizes negated once a file's tree and text are let go
	// (n < 0). The sum is the text in flight, which the CLI's memory budget
	// follows; a fix holds every tree until it is done.
	TextHeld func(n int)
	// ManyFiles, when set, is told once, with the number of workers, when
	// a check is found to hold more text than it keeps trees of
	// (parseCacheBytes): a tree of many files, checked one file at a time
	// by each worker from then on. The CLI's memory budget then allows
	// the run a fixed allowance per worker besides the text in flight.
	ManyFiles func(workers int)
}

// Check is one check of paths (files, directories, "-" for standard
// input) under Settings: each file gets the settings of its nearest
// configuration file.
type Check struct {
	args  []string
	env   Env
	base  Settings // as given, before any configuration file
	run   *settings
	scope *scopes
	// paths resolves the real paths of the files the check reads.
	paths *analyzer.PathCache
	// leaving holds the arguments that lead out of the working directory
	// (leavesWorkdir), found once; nil while reading is not confined.
	leaving     map[string]bool
	leavingOnce sync.Once
	// FailOn is the least severity that fails the check, after the
	// configuration file.
	FailOn analyzer.Severity
}

// NewCheck loads the configuration and returns the check of args under s.
func NewCheck(args []string, s Settings, env Env) (*Check, error) {
	if s.Jobs < 0 {
		return nil, fmt.Errorf("--jobs: want a number of files at once (0 for one per CPU), not %d", s.Jobs)
	}
	if env.Stdin == nil {
		env.Stdin = strings.NewReader("")
	}
	if env.Stdout == nil {
		env.Stdout = io.Discard
	}
	if env.Stderr == nil {
		env.Stderr = io.Discard
	}
	project, err := LoadConfig(s.ConfigFile, ".", s.AllowIncludeOutside) // .nginx-lint.yaml under the flags
	if err != nil {
		return nil, err
	}
	c := &Check{args: args, env: env, base: s, paths: analyzer.NewPathCache()}
	if c.run, err = c.newSettings(project); err != nil {
		return nil, err
	}
	c.scope = &scopes{c: c, byDir: map[string]string{}, byFile: map[string]*settings{}, errs: map[string]error{}}
	c.run.in.scopes = c.scope
	if c.FailOn, err = analyzer.ParseSeverity(c.run.s.FailOn); err != nil {
		return nil, fmt.Errorf("--fail-on: %w", err)
	}
	return c, nil
}

// Outcome is what a check found.
type Outcome struct {
	// Report has the findings (baseline applied), the files and sources
	// they refer to, and the inputs that could not be read.
	Report *reporter.Report
	// Failed is set when an input could not be read or a fix not written.
	Failed bool
	// ToStderr is set when the report belongs on standard error, standard
	// output carrying fixed text or a diff (Check.Fix).
	ToStderr bool
	// Fix counts what Check.Fix fixed; nil for Check.Lint.
	Fix *FixStats
}

// Lint checks the paths and returns the findings.
func (c *Check) Lint() (*Outcome, error) {
	in := c.run.in
	in.noSources = c.base.NoSources && c.run.s.Baseline == "" && c.run.s.WriteBaseline == ""
	res := lintInputs(c.env.Stdin, c.args, in, c.run.cfg, c.env.Stderr)
	rep := &reporter.Report{Findings: res.findings, Sources: res.sources, Files: res.files, Notifications: res.unread}
	return c.finish(&Outcome{Report: rep, Failed: res.failed}, res.omittedCounts())
}

// finish applies the cap on findings per file, then the baselines, and
// names the version assumed. omitted are what the analyses' caps left out.
func (c *Check) finish(o *Outcome, omitted []analyzer.Omitted) (*Outcome, error) {
	if n := c.run.s.Limits.MaxFindings; n > 0 || len(omitted) > 0 {
		o.Report.Omitted = analyzer.CapFindings(o.Report.Findings, n, omitted)
	}
	if err := c.applyBaseline(o.Report); err != nil {
		return nil, err
	}
	if c.run.cfg.NginxVersion == "" {
		o.Report.AssumedVersion = "nginx " + directives.Newest() + ", the newest nginx-lint knows"
	}
	return o, nil
}

// applyBaseline records the findings with WriteBaseline and drops the
// ones a baseline holds (Baseline, or the one just written).
func (c *Check) applyBaseline(rep *reporter.Report) error {
	s := c.run.s
	if s.Baseline == "" && s.WriteBaseline == "" {
		return nil
	}
	if s.WriteBaseline != "" {
		if err := WorkdirPath(s.WriteBaseline, s.AllowIncludeOutside); err != nil {
			return fmt.Errorf("--write-baseline: %s: %w", s.WriteBaseline, err)
		}
		n, err := WriteBaseline(s.WriteBaseline, rep.Findings, rep.Sources)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.env.Stderr, "nginx-lint: recorded %d finding(s) in %s\n", n, s.WriteBaseline)
		rep.Findings = analyzer.NewFindingList(0)
		return nil
	}
	if err := WorkdirPath(s.Baseline, s.AllowIncludeOutside); err != nil {
		return fmt.Errorf("--baseline: %s: %w", s.Baseline, err)
	}
	known, err := ReadBaseline(s.Baseline)
	if err != nil {
		return err
	}
	known.Filter(rep.Findings, rep.Sources)
	return nil
}

func buildConfig(s *Settings) (*analyzer.Config, analyzer.LoadOptions, error) {
	cfg := &analyzer.Config{Enabled: map[string]bool{}, NginxVersion: s.NginxVersion}
	_ = rules.All() // registers every rule
	for _, l := range []struct {
		flag string
		ids  []string
	}{{"enable", s.Enable}, {"disable", s.Disable}, {"only", s.Only}} {
		if err := analyzer.CheckRuleIDs(l.ids); err != nil {
			return nil, analyzer.LoadOptions{}, fmt.Errorf("--%s: %w", l.flag, err)
		}
	}
	for _, id := range s.Enable {
		cfg.Enabled[id] = true
	}
	for _, id := range s.Disable {
		cfg.Enabled[id] = false
	}
	cfg.Only = s.Only
	if s.NginxVersion != "" && !analyzer.ValidVersion(s.NginxVersion) {
		return nil, analyzer.LoadOptions{}, fmt.Errorf("--nginx-version: want a version such as 1.24.0, not %q", s.NginxVersion)
	}
	for _, m := range s.Modules {
		c := directives.CanonicalFamily(m)
		if c == "" {
			return nil, analyzer.LoadOptions{}, fmt.Errorf("--module: unknown module %q%s (known: %s)", m, analyzer.DidYouMean(m, directives.Families()), strings.Join(directives.Families(), ", "))
		}
		cfg.Modules = append(cfg.Modules, c)
	}
	cfg.Plus = s.Plus
	cfg.Loopback = "ipv4"
	if s.Loopback != "" {
		if err := OneOf("loopback", s.Loopback, "ipv4", "ipv6"); err != nil {
			return nil, analyzer.LoadOptions{}, err
		}
		cfg.Loopback, cfg.LoopbackSet = s.Loopback, true
	}
	load := analyzer.LoadOptions{Prefix: s.Prefix, FS: analyzer.OSFS{}}
	tl, err := analyzer.ParseTemplateLang(s.Template)
	if err != nil {
		return nil, load, fmt.Errorf("--template: %w", err)
	}
	load.Template = tl
	if err := s.Limits.apply(&load); err != nil {
		return nil, load, err
	}
	for _, m := range s.IncludeMap {
		from, to, ok := strings.Cut(m, "=")
		if !ok || from == "" || to == "" {
			return nil, load, fmt.Errorf("--include-map: want FROM=TO, not %q", m)
		}
		load.IncludeMap = append(load.IncludeMap, analyzer.PathMap{From: from, To: to})
	}
	return cfg, load, nil
}

// countHeld tells the environment's counter n bytes of text are held
// (released, when negative).
func (o *inputOptions) countHeld(n int) {
	if o.count != nil && n != 0 {
		o.count(n)
	}
}

// checkedTree is the tree nginx-lint reads includes from and writes fixes
// to: the directory of every path given (a directory itself; for standard
// input, the directory of StdinFilename or the working directory), but
// not of those leaving the working directory (leaving), and the Prefix and
// IncludeMap targets. Targets from a discovered
// configuration file count only inside that file's directory: a checked
// repository cannot widen the tree beyond itself.
func checkedTree(args []string, leaving map[string]bool, s *Settings, project *ProjectConfig) *analyzer.Tree {
	tree := analyzer.NewTree()
	for _, a := range args {
		switch {
		case leaving[a]:
			// Not read (collectEntries), and no place to read from.
		case a == "-" && s.StdinFilename != "":
			tree.Add(filepath.Dir(s.StdinFilename))
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
	var repo *analyzer.Tree
	if project.Path != "" {
		repo = analyzer.NewTree(filepath.Dir(project.Path))
	}
	target := func(flag, dir string) {
		if s.given(flag) || s.trusted || (repo != nil && repo.Contains(dir)) {
			tree.Add(dir)
		}
	}
	if s.Prefix != "" {
		target("prefix", s.Prefix)
	}
	for _, m := range s.IncludeMap {
		if _, to, ok := strings.Cut(m, "="); ok && to != "" {
			target("include-map", to)
		}
	}
	return tree
}

// OneOf checks that the CLI flag's value is one of those allowed; the
// error names them and the one most likely meant.
func OneOf(flag, value string, allowed ...string) error {
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
