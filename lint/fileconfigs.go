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
// changes (a language server, on the editor's notice). It is safe for
// concurrent use.
type FileConfigs struct {
	base Settings
	log  io.Writer

	mu     sync.Mutex
	byDir  map[string]string      // directory → its configuration file ("" none)
	byFile map[string]*fileConfig // configuration file → what it gives
}

type fileConfig struct {
	cfg  *analyzer.Config
	load analyzer.LoadOptions
	err  error
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
	dir := "."
	if path != "" {
		dir = filepath.Dir(path)
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, analyzer.LoadOptions{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	cf, ok := c.byDir[dir]
	if !ok {
		cf = c.base.ConfigFile
		if cf == "" {
			if cf, err = FindConfig(dir); err != nil {
				return nil, analyzer.LoadOptions{}, err // not kept: the user fixes it, then edits
			}
		}
		c.byDir[dir] = cf
	}
	if fc, ok := c.byFile[cf]; ok {
		return fc.cfg, fc.load, fc.err
	}
	fc := &fileConfig{}
	pc, err := LoadConfig(c.base.ConfigFile, dir)
	if err == nil {
		_, fc.cfg, fc.load, err = resolve(&c.base, pc, c.log, nil)
	}
	fc.err = err
	c.byFile[cf] = fc
	return fc.cfg, fc.load, fc.err
}
