package lint

import (
	"io"
	"path/filepath"
	"sync"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// FileConfigs gives each file the settings of the nearest configuration
// file (.nginx-lint.yaml) above it, applied under base settings, as a
// check does; its For method is an Options.ConfigFor. It keeps what it
// loaded until Reload, which a program calls when a configuration file
// changes (a language server, on the editor's notice). Its Excluded
// method is an Options.Excluded. It is safe for concurrent use.
type FileConfigs struct {
	base Settings
	log  io.Writer

	mu     sync.Mutex
	byDir  map[string]string      // directory → its configuration file ("" none)
	byFile map[string]*fileConfig // configuration file → what it gives
}

type fileConfig struct {
	project *ProjectConfig
	cfg     *analyzer.Config
	load    analyzer.LoadOptions
	err     error
}

// NewFileConfigs returns the configurations of files under base (the
// defaults: DefaultSettings). log is told what a configuration file may
// not set (allow-include-outside, honoured only in a file named by
// base.ConfigFile); nil discards it.
func NewFileConfigs(base Settings, log io.Writer) *FileConfigs {
	if log == nil {
		log = io.Discard
	}
	c := &FileConfigs{base: base, log: log}
	c.Reload()
	return c
}

// Reload forgets every configuration file loaded: the next For reads them
// again.
func (c *FileConfigs) Reload() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byDir = map[string]string{}
	c.byFile = map[string]*fileConfig{}
}

// For returns the analysis configuration and load options of the file at
// path ("" for text without a file: the working directory's), or the
// error that makes its configuration file unusable (it names the file and
// line).
func (c *FileConfigs) For(path string) (*analyzer.Config, analyzer.LoadOptions, error) {
	fc, err := c.of(path)
	if err != nil {
		return nil, analyzer.LoadOptions{}, err
	}
	return fc.cfg, fc.load, fc.err
}

// Excluded reports whether the file at path matches an exclude pattern of
// the settings or of its configuration file: a check drops the findings
// located in it (Options.Excluded).
func (c *FileConfigs) Excluded(path string) bool {
	if path == "" {
		return false
	}
	if analyzer.MatchExclude(c.base.Exclude, path, false) {
		return true
	}
	fc, err := c.of(path)
	return err == nil && fc.project != nil && fc.project.Excluded(path)
}

// of returns what the configuration file of the file at path gives, or
// the error of finding it.
func (c *FileConfigs) of(path string) (*fileConfig, error) {
	dir := "."
	if path != "" {
		dir = filepath.Dir(path)
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	cf, ok := c.byDir[dir]
	if !ok {
		cf = c.base.ConfigFile
		if cf == "" {
			if cf, err = FindConfig(dir); err != nil {
				return nil, err // not kept: the user fixes it, then edits
			}
		}
		c.byDir[dir] = cf
	}
	if fc, ok := c.byFile[cf]; ok {
		return fc, nil
	}
	fc := &fileConfig{}
	pc, err := LoadConfig(c.base.ConfigFile, dir, c.base.AllowIncludeOutside)
	if err == nil {
		fc.project = pc
		_, fc.cfg, fc.load, err = resolve(&c.base, pc, c.log)
	}
	fc.err = err
	c.byFile[cf] = fc
	return fc, nil
}
