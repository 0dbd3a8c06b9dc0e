package analyzer

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// The cache gives the real path filepath.EvalSymlinks gives, made absolute,
// for every kind of name: through linked directories, of a link, with ".."
// after a link (which leads out of its target), relative, missing.
func TestPathCacheRealPath(t *testing.T) {
	dir := t.TempDir()
	mk := func(p string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Join(dir, p), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	mk("a/b")
	mk("x/y/z")
	for _, f := range []string{"a/b/f.conf", "x/y/g.conf", "x/h.conf", "x/y/z/k.conf"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("events {}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"a/link":       "../x/y",  // a directory
		"a/b/file.lnk": "f.conf",  // a file
		"a/b/dangling": "nowhere", // nothing
		"top":          "a/link",  // a link to a link
		"a/b/loop":     "loop",    // itself
		"x/y/up":       "../..",   // a directory above it
		"abs":          filepath.Join(dir, "x"),
	}
	for l, to := range links {
		if err := os.Symlink(to, filepath.Join(dir, l)); err != nil {
			t.Skipf("no symbolic links: %v", err)
		}
	}
	t.Chdir(dir)
	names := []string{
		"a/b/f.conf", "./a//b/f.conf", "a/b/file.lnk", "a/link/g.conf", "top/g.conf",
		"a/link/../h.conf", // .. after the link: x/h.conf
		"a/b/../b/f.conf", "a/b/dangling", "a/b/loop", "a/missing/f.conf", "a/b/missing.conf",
		".", "a", "a/link", "/", filepath.Join(dir, "top", "g.conf"), dir + "/a/link/../h.conf",
		// Directories below linked ones, met after their parents.
		"a/link/z/k.conf", "top/z/k.conf", "abs/y/z/k.conf", "x/y/up/a/b/f.conf", "x/y/up/top/z/k.conf",
		"a/b/f.conf/x", "a/b/dangling/x", // through a file, through a dangling link
	}
	defer func(n int64) { pathCacheSize = n }(pathCacheSize)
	for _, bound := range []int64{pathCacheSize, 3} {
		pathCacheSize = bound
		checkPathCache(t, names)
	}
}

// checkPathCache resolves and stats names twice through one cache, and
// checks that it remembers no more answers than it may.
func checkPathCache(t *testing.T, names []string) {
	t.Helper()
	c := NewPathCache()
	for range 2 { // the second time from the cache
		for _, n := range names {
			want, werr := realPathUncached(n)
			got, err := c.RealPath(n)
			if got != want || (err == nil) != (werr == nil) {
				t.Errorf("RealPath(%q) = %q, %v; want %q, %v", n, got, err, want, werr)
			}
			if want, got := (*PathCache)(nil).resolve(n), c.resolve(n); got != want {
				t.Errorf("resolve(%q) = %q, want %q", n, got, want)
			}
			for _, p := range []string{n, c.Abs(n), filepath.Dir(c.Abs("."))} {
				if got, want := c.Display(p), displayPath(p); got != want {
					t.Errorf("Display(%q) = %q, want %q", p, got, want)
				}
			}
			wst, werr := os.Stat(n)
			st, err := c.Stat(n)
			if (err == nil) != (werr == nil) || (err == nil && (st.Mode() != wst.Mode() || st.Name() != wst.Name())) {
				t.Errorf("Stat(%q) = %v, %v; want %v, %v", n, st, err, wst, werr)
			}
		}
	}
	if _, ok := c.dirs.m.Load("a/b"); !ok && pathCacheSize > int64(len(names)) {
		t.Error("the directory a/b was not remembered")
	}
	count := func(m *sync.Map) int {
		n := 0
		m.Range(func(any, any) bool { n++; return true })
		return n
	}
	for what, m := range map[string]*sync.Map{"directories": &c.dirs.m, "files": &c.files.m, "stats": &c.stats.m} {
		if n := count(m); n == 0 || int64(n) > pathCacheSize {
			t.Errorf("%d %s remembered, at most %d allowed", n, what, pathCacheSize)
		}
	}
}
