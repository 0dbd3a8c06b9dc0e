package main

import (
	"io"
	"path/filepath"
	"slices"
	"sync"

	"github.com/spf13/cobra"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/lint"
)

// settings are what a check applies to the files under one configuration
// file: the flags with the file's values filled in, the analysis
// configuration, and how inputs are read.
type settings struct {
	project *lint.ProjectConfig
	fl      *checkFlags
	cfg     *analyzer.Config
	in      inputOptions
	tree    *analyzer.Tree
}

// newSettings applies the configuration file pc under the flags base (which
// it does not change) for a run over args.
func newSettings(cmd *cobra.Command, args []string, base *checkFlags, pc *lint.ProjectConfig, verbose io.Writer) (*settings, error) {
	fl := *base
	fl.includeMap = slices.Clone(base.includeMap)
	applyConfig(pc, cmd, &fl)
	cfg, load, err := buildConfig(&fl)
	if err != nil {
		return nil, err
	}
	configure(pc, cfg, &fl)
	in, err := fl.inputs.options(load)
	if err != nil {
		return nil, err
	}
	in.skip = pc.Excluded
	in.verbose = verbose
	tree := checkedTree(cmd, args, &fl, pc)
	if !fl.allowOutside {
		in.load.FS = analyzer.Confine(in.load.FS, tree)
	}
	return &settings{project: pc, fl: &fl, cfg: cfg, in: in, tree: tree}, nil
}

// scopes finds the settings of each checked file, as ruff does: those of
// the nearest configuration file above the file (up to the repository
// root), or the run's (the file --config names, or the one found from the
// working directory) when there is none, or when --config is given.
type scopes struct {
	cmd  *cobra.Command
	args []string
	base checkFlags // the flags as given, before any configuration file
	run  *settings

	mu       sync.Mutex
	byDir    map[string]string    // directory → its configuration file ("" none)
	byFile   map[string]*settings // configuration file → settings
	errs     map[string]error     // configuration file → why it is unusable
	reported map[string]bool      // errs already reported
}

// of returns the settings for the file at path, or the error that makes
// its configuration file unusable, with that file's name.
func (s *scopes) of(path string) (st *settings, cf string, err error) {
	if s == nil || path == "" || s.base.pipe.config != "" {
		return s.runSettings(), "", nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return s.run, "", nil
	}
	cf, ok := s.byDir[dir]
	if !ok {
		found, ferr := lint.FindConfig(dir)
		if ferr != nil {
			found = dir // the error is the directory's
			s.errs[found] = ferr
		}
		cf = found
		s.byDir[dir] = cf
	}
	if cf == "" {
		return s.run, "", nil
	}
	if err, ok := s.errs[cf]; ok {
		return nil, cf, err
	}
	if s.run.project.Path != "" && sameFile(cf, s.run.project.Path) {
		return s.run, cf, nil
	}
	if st, ok := s.byFile[cf]; ok {
		return st, cf, nil
	}
	pc, err := lint.LoadConfig("", dir)
	if err == nil {
		st, err = newSettings(s.cmd, s.args, &s.base, pc, s.run.in.verbose)
	}
	if err != nil {
		s.errs[cf] = err
		return nil, cf, err
	}
	s.byFile[cf] = st
	return st, cf, nil
}

func (s *scopes) runSettings() *settings {
	if s == nil {
		return nil
	}
	return s.run
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

// sameFile reports whether two paths name one file.
func sameFile(a, b string) bool {
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
	if st == o.scopes.run {
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
