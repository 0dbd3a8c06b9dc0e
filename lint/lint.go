package lint

import (
	"bytes"
	"context"
	"maps"
	"path/filepath"
	"strings"
	"sync"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/fixer"
	"github.com/nginx-lint/nginx-lint/rules"
)

// Options are what an Engine lints with.
type Options struct {
	// Config selects rules and carries their settings; nil means every
	// rule's default.
	Config *analyzer.Config
	// Load controls how files and includes are read. Its Overlay is
	// ignored: an Engine keeps its own (see SetOverlay).
	Load analyzer.LoadOptions
	// ConfigFor, when set, gives each linted file its own configuration
	// and load options (the nearest .nginx-lint.yaml, as the CLI finds
	// it), instead of Config and Load. It is asked on every run, so a
	// changed configuration file counts at once.
	ConfigFor func(path string) (*analyzer.Config, analyzer.LoadOptions, error)
	// Excluded, when set, reports whether the findings located in the file
	// at path are dropped, as a check drops those in excluded files (see
	// FileConfigs.Excluded).
	Excluded func(path string) bool
}

// Engine lints files under one set of options.
type Engine struct {
	opts    Options
	mu      sync.Mutex
	overlay map[string][]byte // by real path
}

// New returns an engine that lints with opts. Every rule nginx-lint ships
// is registered.
func New(opts Options) *Engine {
	_ = rules.All()
	if opts.Config == nil {
		opts.Config = &analyzer.Config{}
	}
	return &Engine{opts: opts, overlay: map[string][]byte{}}
}

// SetOverlay makes the engine read src as the content of the file at path
// (the file need not exist), both when path is linted and when another
// file includes it. A nil src removes the overlay: the disk counts again.
func (e *Engine) SetOverlay(path string, src []byte) {
	key := analyzer.RealPath(path)
	e.mu.Lock()
	defer e.mu.Unlock()
	if src == nil {
		delete(e.overlay, key)
		return
	}
	e.overlay[key] = bytes.Clone(src)
}

// Overlay returns the text the engine reads for path: the overlay's, or
// false when the disk counts.
func (e *Engine) Overlay(path string) ([]byte, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	src, ok := e.overlay[analyzer.RealPath(path)]
	return src, ok
}

// settings returns the configuration and load options of one run for the
// file at path, the load options with a snapshot of the overlays so that
// later SetOverlay calls do not change a run under way.
func (e *Engine) settings(path string) (*analyzer.Config, analyzer.LoadOptions, error) {
	cfg, load := e.opts.Config, e.opts.Load
	if e.opts.ConfigFor != nil {
		var err error
		if cfg, load, err = e.opts.ConfigFor(path); err != nil {
			return nil, load, err
		}
		if cfg == nil {
			cfg = &analyzer.Config{}
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	load.Overlay = maps.Clone(e.overlay)
	return cfg, load, nil
}

// Result is what linting one file found.
type Result struct {
	// Path is the linted file; Source is the text that was linted.
	Path   string
	Source []byte
	// Analysis is the parsed file with everything it includes.
	Analysis *analyzer.Analysis
	// Findings are sorted and without duplicates. Findings located in
	// included files carry those files' names in Range.Start.File.
	Findings []analyzer.Finding
}

// Lint parses and checks the file at path (its overlay when it has one,
// else the disk) with everything it includes. ctx is checked before the
// work starts; a cancelled context returns its error.
func (e *Engine) Lint(ctx context.Context, path string) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	src, cfg, load, err := e.read(path)
	if err != nil {
		return nil, err
	}
	return e.lintText(ctx, path, src, cfg, load)
}

// read returns the settings of path and its text: its overlay when it has
// one, else the disk.
func (e *Engine) read(path string) ([]byte, *analyzer.Config, analyzer.LoadOptions, error) {
	cfg, load, err := e.settings(path)
	if err != nil {
		return nil, nil, load, err
	}
	src, ok := load.Overlay[analyzer.RealPath(path)]
	if !ok {
		if src, err = analyzer.ReadFile(path, load.MaxFileSize); err != nil {
			return nil, nil, load, err
		}
	}
	return src, cfg, load, nil
}

// LintText lints src as the content of the file at path (path anchors
// relative includes; it may be "" for text that has no file).
func (e *Engine) LintText(ctx context.Context, path string, src []byte) (*Result, error) {
	cfg, load, err := e.settings(path)
	if err != nil {
		return nil, err
	}
	return e.lintText(ctx, path, src, cfg, load)
}

func (e *Engine) lintText(ctx context.Context, path string, src []byte, cfg *analyzer.Config, load analyzer.LoadOptions) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	a := analyzer.Parse(name(path), path, src, load)
	a.Config = cfg
	res := &Result{Path: path, Source: src, Analysis: a, Findings: a.Check()}
	if e.opts.Excluded != nil {
		kept := res.Findings[:0]
		for i := range res.Findings {
			if p := res.FileOf(&res.Findings[i]); p == "" || !e.opts.Excluded(p) {
				kept = append(kept, res.Findings[i])
			}
		}
		res.Findings = kept
	}
	return res, nil
}

// name is the display name of a linted path.
func name(path string) string {
	if path == "" {
		return "<stdin>"
	}
	return path
}

// FixAll applies the fixes of every finding in the file at path (safe
// ones; unsafe ones too when unsafe is set) until nothing more applies,
// and returns the fixed text of every file that changes, the linted file
// first. Nothing is written.
func (e *Engine) FixAll(ctx context.Context, path string, unsafe bool) ([]*fixer.File, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	src, cfg, load, err := e.read(path)
	if err != nil {
		return nil, err
	}
	res := fixer.Fix(fixer.Input{Name: name(path), Path: path, Src: src}, load, cfg, fixer.Options{Unsafe: unsafe})
	return res.Files, nil
}

// InFile reports whether finding f is located in the file at path.
func (r *Result) InFile(f *analyzer.Finding, path string) bool {
	for _, u := range r.Analysis.Units {
		if u.File.Name == f.Range.Start.File {
			return sameFile(u.File.Path, path) || (u == r.Analysis.Root && sameFile(r.Path, path))
		}
	}
	return f.Range.Start.File == name(path)
}

// FileOf returns the path on disk of the file finding f is located in, or
// "" when it is not one of the analysis's files.
func (r *Result) FileOf(f *analyzer.Finding) string {
	for _, u := range r.Analysis.Units {
		if u.File.Name == f.Range.Start.File {
			if u == r.Analysis.Root {
				return r.Path
			}
			return u.File.Path
		}
	}
	return ""
}

func sameFile(a, b string) bool {
	if a == "" || b == "" {
		return a == b
	}
	return filepath.Clean(a) == filepath.Clean(b) || analyzer.RealPath(a) == analyzer.RealPath(b)
}

// IgnoreEdit returns the edit that suppresses finding f of rule f.Rule on
// its line: a `# nginx-lint:ignore RULE reason` comment on a line of its
// own above the finding's line, indented like it. reason is the text
// after the rule id (a placeholder for the user to replace is fine).
func IgnoreEdit(src []byte, f *analyzer.Finding, reason string) analyzer.TextEdit {
	off := min(max(f.Range.Start.Offset, 0), len(src))
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	indent := src[start:]
	indent = indent[:len(indent)-len(bytes.TrimLeft(indent, " \t"))]
	eol := "\n"
	if start >= 2 && src[start-2] == '\r' {
		eol = "\r\n"
	}
	text := string(indent) + "# nginx-lint:ignore " + f.Rule
	if reason = strings.TrimSpace(reason); reason != "" {
		text += " " + reason
	}
	pos := analyzer.Position{File: f.Range.Start.File, Offset: start, Line: f.Range.Start.Line, Column: 1}
	return analyzer.TextEdit{Range: analyzer.Range{Start: pos, End: pos}, NewText: text + eol}
}

// Config returns the configuration the engine lints the file at path with
// (ConfigFor's when set; the defaults when it fails).
func (e *Engine) Config(path string) *analyzer.Config {
	if cfg, _, err := e.settings(path); err == nil {
		return cfg
	}
	return e.opts.Config
}
