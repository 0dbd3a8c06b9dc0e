package corpusrun

import (
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/fixer"
)

// Stages of one file's run, as named in crash reports.
const (
	stageRead     = "read"
	stageIsolated = "check (isolated)"
	stageTree     = "check (in tree)"
	stageFix      = "fix"
	stageRefix    = "fix again"
)

// fixOptions are the fixes applied: every one, unsafe ones included.
var fixOptions = fixer.Options{Unsafe: true}

// isolatedLoad lints a file on its own: includes are not followed.
var isolatedLoad = analyzer.LoadOptions{NoIncludes: true}

// treeLoad lints a file in its tree: includes are read from disk below
// dir, relative ones resolved against the file's directory.
func treeLoad(dir string) analyzer.LoadOptions {
	return analyzer.LoadOptions{FS: newConfinedFS(dir)}
}

// allRules is a configuration with every registered rule on, those off by
// default included.
func allRules() *analyzer.Config {
	cfg := &analyzer.Config{Enabled: map[string]bool{}}
	for _, r := range analyzer.Rules() {
		cfg.Enabled[r.ID] = true
	}
	return cfg
}

// Crash is a panic recovered while running one stage on one file.
type Crash struct {
	File  string `json:"file"`
	Stage string `json:"stage"`
	Panic string `json:"panic"`
	Stack string `json:"stack"`
}

// SyntaxError is the first syntax error of a file (by offset).
type SyntaxError struct {
	File     string `json:"file"`
	Position string `json:"position"` // file:line:col
	Message  string `json:"message"`
}

// FixResult is what the fixer did to one file and its includes.
type FixResult struct {
	Files   int // files whose text the fixes change (the linted file and its includes)
	Applied int // fixes applied
	Refused []fixer.Refusal
	// Unsettled: the last allowed pass still applied fixes.
	Unsettled bool
	// Again is the diff a second fix run makes to the fixed text ("" when
	// it changes nothing, as it must).
	Again string
}

// FileResult is everything one file's run found.
type FileResult struct {
	File     string
	ReadErr  string
	Isolated map[string]int // findings by rule, the file alone
	Tree     map[string]int // findings by rule, the file with its includes
	Syntax   *SyntaxError
	Fix      FixResult
	Crashes  []Crash
	Hang     bool
}

// lintFile runs every stage on one file (dir/rel), recovering a panic in
// each stage so that the later stages still run.
func lintFile(dir, rel string, cfg *analyzer.Config) *FileResult {
	res := &FileResult{File: rel}
	path := filepath.Join(dir, rel)
	tree := treeLoad(dir)
	try := func(stage string, fn func()) (ok bool) {
		defer func() {
			if v := recover(); v != nil {
				res.Crashes = append(res.Crashes, Crash{File: rel, Stage: stage, Panic: fmt.Sprint(v), Stack: string(debug.Stack())})
				ok = false
			}
		}()
		fn()
		return true
	}
	var src []byte
	try(stageRead, func() {
		b, err := analyzer.ReadFile(path, 0)
		if err != nil {
			res.ReadErr = err.Error()
			return
		}
		src = b
	})
	if src == nil {
		return res
	}
	try(stageIsolated, func() {
		a := analyzer.Parse(rel, path, src, isolatedLoad)
		a.Config = cfg
		res.Isolated = byRule(a.Check())
		res.Syntax = firstSyntaxError(a.Root)
	})
	try(stageTree, func() {
		res.Tree = byRule(analyzer.Run(rel, path, src, tree, cfg))
	})
	var first *fixer.Result
	in := fixer.Input{Name: rel, Path: path, Src: src}
	if !try(stageFix, func() { first = fixer.Fix(in, tree, cfg, fixOptions) }) {
		return res
	}
	res.Fix = FixResult{Files: len(first.Files), Applied: len(first.Fixed), Refused: first.Refused, Unsettled: !first.Settled}
	if len(first.Files) == 0 {
		return res
	}
	// Fix the fixed text again: the linted file's new text as input, its
	// rewritten includes through the loader's overlay.
	again := in
	load := tree
	load.Overlay = map[string][]byte{}
	for _, f := range first.Files {
		if f.Path == path {
			again.Src = f.New
		} else {
			load.Overlay[analyzer.RealPath(f.Path)] = f.New
		}
	}
	try(stageRefix, func() {
		second := fixer.Fix(again, load, cfg, fixOptions)
		var diffs []string
		for _, f := range second.Files {
			diffs = append(diffs, fixer.Diff(f))
		}
		res.Fix.Again = strings.Join(diffs, "")
	})
	return res
}

// byRule counts findings by rule id.
func byRule(fs []analyzer.Finding) map[string]int {
	m := map[string]int{}
	for _, f := range fs {
		m[f.Rule]++
	}
	return m
}

// firstSyntaxError returns the syntax error of u that comes first in the
// file, or nil.
func firstSyntaxError(u *analyzer.Unit) *SyntaxError {
	if len(u.Errors) == 0 {
		return nil
	}
	first := u.Errors[0]
	for _, e := range u.Errors[1:] {
		if e.Range.Start.Offset < first.Range.Start.Offset {
			first = e
		}
	}
	return &SyntaxError{File: u.File.Name, Position: first.Range.Start.String(), Message: first.Message}
}

// guarded runs lintFile with a time limit: past it the file is reported as
// a hang and the run goes on (the stuck goroutine is left behind).
func guarded(dir, rel string, cfg *analyzer.Config, limit time.Duration) *FileResult {
	done := make(chan *FileResult, 1)
	go func() { done <- lintFile(dir, rel, cfg) }()
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case r := <-done:
		return r
	case <-t.C:
		return &FileResult{File: rel, Hang: true}
	}
}

// lintAll runs every file on jobs workers and returns the results in the
// order of files. progress, when set, is called after each file.
func lintAll(dir string, files []string, jobs int, limit time.Duration, progress func(*FileResult)) []*FileResult {
	cfg := allRules()
	out := make([]*FileResult, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range max(1, jobs) {
		wg.Go(func() {
			for i := range next {
				r := guarded(dir, files[i], cfg, limit)
				out[i] = r
				if progress != nil {
					mu.Lock()
					progress(r)
					mu.Unlock()
				}
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
