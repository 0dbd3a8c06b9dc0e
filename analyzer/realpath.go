package analyzer

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// PathCache resolves real paths for one run over files that do not change
// while it runs: it remembers the real path of every directory it has
// resolved, so that a file's real path costs one lstat, not one per
// element of its path. A run over a tree asks for the real path of each
// file several times (its identity among the files checked, its includes,
// the confinement of every read); filepath.EvalSymlinks lstats every
// element each time, which took a fifth of the CPU time over a tree of
// 56,000 files, most of it in the kernel.
//
// It remembers the real paths of files, and what Stat says, the same way.
// Each of these memos holds pathCacheSize answers at most, and forgets them
// all when it has more: a walk asks about the files and directories near
// the file it is at, not of those it left, and over 56,000 files in 22,000
// directories the directories alone held 6 MB to the end of the run.
//
// A nil *PathCache resolves without remembering. A long-lived program (the
// language server) makes one per check, as the files may change between
// checks.
type PathCache struct {
	cwd   string
	dirs  memo[dirPath]    // directory as given → its real path
	files memo[dirPath]    // file name, cleaned → its real path
	stats memo[statResult] // name as given → Stat's answer
}

type statResult struct {
	info fs.FileInfo
	err  error
}

// memo remembers up to pathCacheSize answers, and forgets them all when it
// has more.
type memo[V any] struct {
	m sync.Map
	n atomic.Int64 // entries stored since m was last cleared
}

// get returns the answer for key, computed by compute once.
func (m *memo[V]) get(key string, compute func() V) V {
	if v, ok := m.m.Load(key); ok {
		return v.(V)
	}
	v := compute()
	if m.n.Add(1) > pathCacheSize {
		m.m.Clear()
		m.n.Store(1)
	}
	m.m.Store(key, v)
	return v
}

// pathCacheSize is how many answers each memo of a PathCache remembers at
// most (a variable for the tests).
var pathCacheSize int64 = 4096

type dirPath struct {
	real string
	err  error
}

// NewPathCache returns an empty cache; relative names are resolved against
// the working directory of the moment.
func NewPathCache() *PathCache {
	cwd, _ := os.Getwd()
	return &PathCache{cwd: cwd}
}

// RealPath is filepath.EvalSymlinks of name made absolute, as OSFS.RealPath.
func (c *PathCache) RealPath(name string) (string, error) {
	if c == nil || hasDotDot(name) {
		// ".." after a symbolic link leads out of the link's target, so
		// the name cannot be cleaned before it is resolved.
		return realPathUncached(name)
	}
	name = filepath.Clean(name)
	r := c.files.get(name, func() dirPath {
		rp, err := c.file(name)
		return dirPath{rp, err}
	})
	return r.real, r.err
}

// file resolves the cleaned name: its directory through the cache, then
// one lstat.
func (c *PathCache) file(name string) (string, error) {
	dir, base := filepath.Dir(name), filepath.Base(name)
	rd, err := c.dir(dir)
	if err != nil {
		return "", err
	}
	full := filepath.Join(rd, base)
	if dir == name { // the root
		full = rd
	}
	st, err := os.Lstat(full)
	if err != nil {
		return "", err
	}
	if st.Mode()&os.ModeSymlink != 0 {
		return realPathUncached(full)
	}
	return c.Abs(full), nil
}

// dir returns filepath.EvalSymlinks(dir), remembered. A directory not
// seen yet costs one lstat: its parent's real path is remembered too
// (EvalSymlinks lstats every element, and a walk meets each directory
// below ones it has resolved already). A symbolic link is resolved by
// EvalSymlinks from its parent's real path. On Windows, where
// EvalSymlinks also gives each element the case it has on disk, every
// directory is resolved whole.
func (c *PathCache) dir(dir string) (string, error) {
	d := c.dirs.get(dir, func() dirPath {
		parent := filepath.Dir(dir)
		if parent == dir || filepath.Base(dir) == ".." || runtime.GOOS == "windows" {
			r, err := filepath.EvalSymlinks(dir)
			return dirPath{r, err}
		}
		rp, err := c.dir(parent)
		if err != nil {
			return dirPath{"", err}
		}
		full := filepath.Join(rp, filepath.Base(dir))
		st, err := os.Lstat(full)
		if err != nil {
			return dirPath{"", err}
		}
		if st.Mode()&os.ModeSymlink != 0 {
			r, err := filepath.EvalSymlinks(full)
			return dirPath{r, err}
		}
		return dirPath{full, nil}
	})
	return d.real, d.err
}

// Stat is os.Stat, remembered: a file's configuration is looked for in
// every directory above it (an nginx.conf nearby decides the prefix of a
// fragment's includes), the same few directories for every file of a
// walk, and includes are looked up by every file that includes them. The
// answers are for one run over files that do not change while it runs (a
// fix rewrites files in place: what they are does not change).
func (c *PathCache) Stat(name string) (fs.FileInfo, error) {
	if c == nil {
		return os.Stat(name)
	}
	r := c.stats.get(name, func() statResult {
		info, err := os.Stat(name)
		return statResult{info, err}
	})
	return r.info, r.err
}

// Abs is filepath.Abs against the working directory the cache started in
// (filepath.Abs asks the system for it each time), or the cleaned path
// where that fails.
func (c *PathCache) Abs(p string) string {
	if c == nil || filepath.IsAbs(p) || c.cwd == "" {
		if a, err := filepath.Abs(p); err == nil {
			return a
		}
		return filepath.Clean(p)
	}
	return filepath.Join(c.cwd, p)
}

// Display shows p relative to the working directory the cache started in
// where it lies below it (displayPath); a nil cache asks the system.
func (c *PathCache) Display(p string) string {
	if !filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	wd := ""
	if c != nil {
		wd = c.cwd
	}
	if wd == "" {
		var err error
		if wd, err = os.Getwd(); err != nil {
			return p
		}
	}
	return displayPathIn(wd, p)
}

// resolve is the absolute path of p with every symbolic link resolved; for
// a path that does not exist, its deepest existing parent is resolved and
// the rest appended.
func (c *PathCache) resolve(p string) string {
	abs := c.Abs(p)
	rest := ""
	for cur := abs; ; {
		if r, err := c.RealPath(cur); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

func realPathUncached(name string) (string, error) {
	p, err := filepath.EvalSymlinks(name)
	if err != nil {
		return "", err
	}
	return filepath.Abs(p)
}

// hasDotDot reports whether a path has a ".." element.
func hasDotDot(p string) bool {
	return strings.Contains(p, "..") && slices.Contains(strings.Split(filepath.ToSlash(p), "/"), "..")
}

// pathsOf returns the path cache of a file system, or nil.
func pathsOf(fsys FS) *PathCache {
	switch f := fsys.(type) {
	case OSFS:
		return f.Paths
	case *ConfinedFS:
		return pathsOf(f.FS)
	}
	return nil
}
