package lint

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// MaxRootFiles bounds how many files Includers parses under a directory,
// and maxWalked how many entries it looks at (a workspace folder may be a
// home directory).
const (
	MaxRootFiles = 2000
	maxWalked    = 100_000
)

// Includers returns the files under dir through which `nginx-lint check
// dir` checks the file at path: the roots it finds there (files no other
// file under dir includes; nginx.conf files first, then in walk order)
// whose configuration reads path. The files are those the CLI's walk
// takes (by name, and by their text for *.conf and the files of conf.d,
// sites-enabled and the like; hidden and excluded ones skipped, and
// symbolic links that lead out of dir), read
// from the overlays first; Kubernetes manifests are left out. Files past
// MaxRootFiles (or maxWalked entries) are not read. A cancelled ctx ends the walk.
func (e *Engine) Includers(ctx context.Context, dir, path string) []string {
	var ts []*target
	n, walked := 0, 0
	tree := analyzer.NewTree(dir)
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		walked++
		switch {
		case ctx.Err() != nil || n >= MaxRootFiles || walked > maxWalked:
			return filepath.SkipAll
		case err != nil && d != nil && !d.IsDir():
			return nil // an unreadable file: not a root here
		case err != nil:
			return filepath.SkipDir
		}
		if p != dir && (strings.HasPrefix(d.Name(), ".") || e.opts.Excluded != nil && e.opts.Excluded(p)) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || (!d.Type().IsRegular() && !isRegular(p)) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 && !tree.Contains(p) {
			return nil // leads out of the folder, as the CLI's walk skips it
		}
		kind := walkKindOf(p)
		if lower := strings.ToLower(p); kind == walkSkip || strings.HasSuffix(lower, ".yaml") || strings.HasSuffix(lower, ".yml") {
			return nil
		}
		n++
		t := e.walkTarget(p, kind)
		if t == nil {
			return nil
		}
		ts = append(ts, t)
		return nil
	})
	key := analyzer.RealPath(path)
	var out []string
	for _, r := range findRoots(ts) {
		if r.key == key {
			continue
		}
		for _, k := range r.includes {
			if k == key {
				out = append(out, r.path)
				break
			}
		}
	}
	return out
}

// walkTarget reads and parses the file at p, found by a walk, and notes
// what it includes; nil when it cannot be read or, for a file read only
// when its text is nginx's, is not.
func (e *Engine) walkTarget(p string, kind walkKind) *target {
	src, cfg, load, err := e.read(p)
	if err != nil {
		return nil
	}
	if ok, _ := nginxText(p, src); kind == walkSniff && !ok {
		return nil
	}
	a := analyzer.Parse(p, p, src, load)
	a.Config = cfg
	t := &target{name: p, key: analyzer.RealPath(p), group: 1, targetInput: &targetInput{path: p, load: load, analysis: a}}
	t.noteIncludes()
	t.analysis = nil
	return t
}
