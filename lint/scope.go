package lint

import (
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"sync"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
	"github.com/nginx-lint/nginx-lint/reporter"
)

// settings are what a check applies to the files under one configuration
// file: the settings with the file's values filled in, the analysis
// configuration, and how inputs are read.
type settings struct {
	project *ProjectConfig
	s       *Settings
	cfg     *analyzer.Config
	in      inputOptions
	tree    *analyzer.Tree
}

// newSettings applies the configuration file pc under the check's settings
// as given (which it does not change).
func (c *Check) newSettings(pc *ProjectConfig) (*settings, error) {
	s, cfg, load, err := resolve(&c.base, pc, c.env.Stderr)
	if err != nil {
		return nil, err
	}
	in, err := inputsOf(s, load)
	if err != nil {
		return nil, err
	}
	in.skip = pc.Excluded
	in.verbose = c.env.Verbose
	in.count = c.env.TextHeld
	in.manyFiles = c.env.ManyFiles
	if fsys, ok := in.load.FS.(analyzer.OSFS); ok {
		fsys.Paths = c.paths
		in.load.FS = fsys
	}
	if !s.AllowIncludeOutside {
		// Discovered configuration files cannot lift the confinement, so
		// every scope of a check finds the same arguments leaving.
		c.leavingOnce.Do(func() { c.leaving = leaving(c.args, c.paths) })
		in.leaving = c.leaving
	}
	tree := checkedTree(c.args, in.leaving, s, pc)
	if !s.AllowIncludeOutside {
		in.load.FS = analyzer.Confine(in.load.FS, tree)
	}
	return &settings{project: pc, s: s, cfg: cfg, in: in, tree: tree}, nil
}

// Resolve returns the analysis configuration and load options a check
// gives a file under settings s and the configuration file pc (nil: none),
// for programs that lint text they hold (the browser playground reads its
// .nginx-lint.yaml tab with ParseConfig). The load options read the
// operating system's files: a caller with files of its own sets FS.
func Resolve(s Settings, pc *ProjectConfig) (*analyzer.Config, analyzer.LoadOptions, error) {
	if pc == nil {
		pc = &ProjectConfig{}
	}
	_, cfg, load, err := resolve(&s, pc, io.Discard)
	return cfg, load, err
}

// resolve applies the configuration file pc under the settings base (which
// it does not change) and returns the settings in force, the analysis
// configuration and the load options. A setting pc may not lift is told
// on stderr.
func resolve(base *Settings, pc *ProjectConfig, stderr io.Writer) (*Settings, *analyzer.Config, analyzer.LoadOptions, error) {
	s := *base
	s.IncludeMap = slices.Clone(base.IncludeMap)
	applyConfig(pc, &s, stderr)
	cfg, load, err := buildConfig(&s)
	if err != nil {
		return nil, nil, load, err
	}
	configure(pc, cfg, &s)
	return &s, cfg, load, nil
}

// applyConfig fills every setting the user did not give from pc.
func applyConfig(pc *ProjectConfig, s *Settings, stderr io.Writer) {
	set := func(flag string, dst *string, v *string) {
		if v != nil && !s.given(flag) {
			*dst = *v
		}
	}
	set("nginx-version", &s.NginxVersion, pc.NginxVersion)
	set("loopback", &s.Loopback, pc.Loopback)
	set("fail-on", &s.FailOn, pc.FailOn)
	set("template", &s.Template, pc.Template)
	if pc.Prefix != nil && !s.given("prefix") {
		s.Prefix = pc.Rel(*pc.Prefix)
	}
	if pc.MaxFileSize != nil && !s.given("max-file-size") {
		s.Limits.MaxFileSize = *pc.MaxFileSize
	}
	if pc.MaxDepth != nil && !s.given("max-depth") {
		s.Limits.MaxDepth = *pc.MaxDepth
	}
	if pc.MaxIncludes != nil && !s.given("max-includes") {
		s.Limits.MaxIncludes = *pc.MaxIncludes
	}
	if pc.MaxFindings != nil && !s.given("max-findings") {
		s.Limits.MaxFindings = *pc.MaxFindings
	}
	if pc.AllowIncludeOutside != nil && !s.given("allow-include-outside") {
		if pc.Explicit {
			s.AllowIncludeOutside = *pc.AllowIncludeOutside
			s.trusted = true
		} else if *pc.AllowIncludeOutside {
			fmt.Fprintf(stderr, "nginx-lint: %s: allow-include-outside is honoured only in a file given with --config: a checked repository cannot lift its own confinement\n", reporter.Visible(pc.Path))
		}
	}
	if pc.Explicit {
		s.trusted = true
	}
	if len(pc.IncludeMap) > 0 && !s.given("include-map") {
		for _, m := range pc.IncludeMap {
			s.IncludeMap = append(s.IncludeMap, m.From+"="+pc.Rel(m.To))
		}
	}
}

// configure applies the file's rule settings, modules and plus to cfg
// under the Enable, Disable and Only settings, and NoIgnore.
func configure(pc *ProjectConfig, cfg *analyzer.Config, s *Settings) {
	byFlag := map[string]bool{}
	for _, id := range append(slices.Clone(s.Enable), s.Disable...) {
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
	if pc.ModulesSet && len(s.Modules) == 0 {
		cfg.Modules = nil
		for _, m := range pc.Modules {
			if c := directives.CanonicalFamily(m); c != "" {
				m = c
			}
			cfg.Modules = append(cfg.Modules, m)
		}
	}
	if pc.Plus != nil && !s.Plus {
		cfg.Plus = *pc.Plus
	}
	if pc.RequireReason != nil {
		cfg.RequireReason = *pc.RequireReason
	}
	cfg.NoIgnore = s.NoIgnore
}

// scopes finds the settings of each checked file: those of the nearest
// configuration file above the file (up to the repository root), or the
// check's (the file Settings.ConfigFile names, or the one found from the
// working directory) when there is none, or when ConfigFile is set.
type scopes struct {
	c *Check

	mu       sync.Mutex
	byDir    map[string]string    // directory → its configuration file ("" none)
	byFile   map[string]*settings // configuration file → settings
	errs     map[string]error     // configuration file → why it is unusable
	reported map[string]bool      // errs already reported
}

// of returns the settings for the file at path, or the error that makes
// its configuration file unusable, with that file's name.
func (s *scopes) of(path string) (st *settings, cf string, err error) {
	if s == nil || path == "" || s.c.base.ConfigFile != "" {
		return s.runSettings(), "", nil
	}
	dir := s.c.paths.Abs(filepath.Dir(path))
	s.mu.Lock()
	defer s.mu.Unlock()
	cf = s.find(dir)
	if cf == "" {
		return s.c.run, "", nil
	}
	if err, ok := s.errs[cf]; ok {
		return nil, cf, err
	}
	if s.c.run.project.Path != "" && sameAbsFile(cf, s.c.run.project.Path) {
		return s.c.run, cf, nil
	}
	if st, ok := s.byFile[cf]; ok {
		return st, cf, nil
	}
	pc, err := LoadConfig("", dir, s.c.base.AllowIncludeOutside)
	if err == nil {
		st, err = s.c.newSettings(pc)
	}
	if err != nil {
		s.errs[cf] = err
		return nil, cf, err
	}
	s.byFile[cf] = st
	return st, cf, nil
}

// find is FindConfig(dir) (dir absolute), remembered for dir and every
// parent it looks in: a directory unusable for holding two configuration
// files is its own answer, with its error in s.errs. Called with s.mu
// held.
func (s *scopes) find(dir string) string {
	var walked []string
	var cf string
	for cur := dir; ; cur = filepath.Dir(cur) {
		if known, ok := s.byDir[cur]; ok {
			cf = known
			break
		}
		walked = append(walked, cur)
		found, stop, err := configIn(cur)
		if err != nil {
			cf = cur
			s.errs[cur] = err
			break
		}
		if found != "" || stop {
			cf = found
			break
		}
	}
	for _, d := range walked {
		s.byDir[d] = cf
	}
	return cf
}

// listed tells s the listing of dir (ents), a directory a walk reads:
// where it answers for dir (configListed), dir's configuration file is
// known without looking, from its parent's where it holds none. A walk
// lists a directory before those below it, so only the directory it
// starts from is looked for (find) in its parents.
func (s *scopes) listed(dir string, ents []fs.DirEntry) {
	if s == nil || s.c.base.ConfigFile != "" {
		return
	}
	dir = s.c.paths.Abs(dir)
	found, stop, err, ok := configListed(dir, ents)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, known := s.byDir[dir]; known {
		return
	}
	switch {
	case err != nil:
		s.byDir[dir], s.errs[dir] = dir, err
	case found != "" || stop:
		s.byDir[dir] = found
	default:
		s.byDir[dir] = s.find(filepath.Dir(dir))
	}
}

func (s *scopes) runSettings() *settings {
	if s == nil {
		return nil
	}
	return s.c.run
}

// report reports err of the configuration file cf through fail, once.
func (s *scopes) report(cf string, err error, fail func(string, error)) {
	s.mu.Lock()
	done := s.reported[cf]
	if s.reported == nil {
		s.reported = map[string]bool{}
	}
	s.reported[cf] = true
	s.mu.Unlock()
	if !done {
		fail("", err)
	}
}

// sameAbsFile reports whether two paths name one file.
func sameAbsFile(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && analyzer.RealPath(aa) == analyzer.RealPath(bb)
}

// scoped returns the settings for a file (nil: the run's). A file whose
// configuration file is unusable gives ok false; with fail set, the error
// is reported through it the first time.
func (o *inputOptions) scoped(path string, fail func(string, error)) (st *settings, ok bool) {
	if o.scopes == nil || path == "" {
		return nil, true
	}
	st, cf, err := o.scopes.of(path)
	if err != nil {
		if fail != nil {
			o.scopes.report(cf, err, fail)
		}
		return nil, false
	}
	if st == o.scopes.c.run {
		return nil, true
	}
	return st, true
}

// config returns the analysis configuration of t: that of its own
// configuration file, or def.
func (t *target) config(def *analyzer.Config) *analyzer.Config {
	if t.cfg != nil {
		return t.cfg
	}
	return def
}
