package analyzer_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// makeGlobTrees makes, below root, two directory trees the glob fuzzer
// expands patterns in: plain (files and directories, some hidden) and
// loops (the same with symbolic links back up the tree and out of it, and
// a dangling link).
func makeGlobTrees(f *testing.F, root string) (plain, loops string) {
	files := []string{"nginx.conf", "a/x.conf", "a/y.conf", "a/b/x.conf", "a/b/c/z.conf", ".h/x.conf", "a/.x.conf",
		"c[1]/x.conf", "d*/x.conf", "e/?.conf", "f/x", "g/h/i/j/k.conf"}
	for _, tree := range []string{"plain", "loops"} {
		for _, name := range files {
			p := filepath.Join(root, tree, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				f.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("events {}\n"), 0o644); err != nil {
				f.Fatal(err)
			}
		}
	}
	loops = filepath.Join(root, "loops")
	for _, l := range []struct{ name, to string }{
		{"s0", "."}, {"s1", "."}, {"a/up", ".."}, {"a/b/top", "../.."}, {"a/self", "."}, {"out", "../plain"},
		{"dangling", "nothing"}, {"a/b/c/loop", "../../../a"}, {"g/h/back", "../../g"},
	} {
		if err := os.Symlink(l.to, filepath.Join(loops, l.name)); err != nil {
			f.Fatal(err)
		}
	}
	return filepath.Join(root, "plain"), loops
}

// FuzzGlob expands fuzzed include patterns with the bounded expander
// (OSFS.Glob) and through the loader. In a tree without links the matches
// are exactly filepath.Glob's; in a tree whose links loop, expansion ends
// with at most the asked number of matches, each matching the pattern,
// and the loader reports a cut as limit-exceeded without panicking.
func FuzzGlob(f *testing.F) {
	for _, s := range []string{"*", "*/*.conf", "a/*/x.conf", "*/*/*/*/*/*/*/*/x.conf", "[ab]/?.conf", "c\\[1\\]/*",
		"d*/*", "a/b/c/*/*/*", "[", "a/[!x]*.conf", "*/*/*/*", "s*/s*/s*/s*/*.conf", "g/h/*/*/*/*/*"} {
		f.Add(s, uint8(10))
	}
	plain, loops := makeGlobTrees(f, f.TempDir())
	f.Fuzz(func(t *testing.T, pattern string, limit uint8) {
		if len(pattern) > 256 || strings.ContainsRune(pattern, 0) || filepath.IsAbs(pattern) ||
			strings.Contains(pattern, "..") || filepath.Clean(pattern) != pattern || pattern == "." {
			return
		}
		most := int(limit%64) + 1
		// Without links: the same matches as filepath.Glob, up to max.
		p := filepath.Join(plain, pattern)
		want, werr := filepath.Glob(p)
		got, err := analyzer.OSFS{}.Glob(p, most)
		bad := err != nil && !isCut(err) // a malformed element: refused whatever the tree holds
		if werr != nil && !bad {
			t.Fatalf("%q: error %v, filepath.Glob's %v", pattern, err, werr)
		}
		if werr == nil && !bad {
			if len(want) > most {
				want = want[:most]
				if !isCut(err) {
					t.Fatalf("%q: %d matches past %d and no cut", pattern, len(want), most)
				}
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("%q: got %q, want %q", pattern, got, want)
			}
		}
		// With loops: bounded, every match matches.
		p = filepath.Join(loops, pattern)
		got, err = analyzer.OSFS{}.Glob(p, most)
		if len(got) > most {
			t.Fatalf("%q: %d matches, asked for %d", pattern, len(got), most)
		}
		// A malformed element shows only where a name reaches it, as in
		// filepath.Glob: this tree has other names than the plain one.
		if err != nil && !isCut(err) && !errors.Is(err, filepath.ErrBadPattern) {
			t.Fatalf("%q: error %v", pattern, err)
		}
		for _, m := range got {
			if ok, _ := filepath.Match(p, m); !ok {
				t.Fatalf("%q: match %q does not match", pattern, m)
			}
		}
		// Through the loader, confined to the tree.
		src := []byte("include " + strings.ReplaceAll(pattern, ";", "") + ";\n")
		conf := filepath.Join(loops, "nginx.conf")
		a := analyzer.Parse(conf, conf, src, analyzer.LoadOptions{MaxIncludes: most,
			FS: analyzer.Confine(nil, analyzer.NewTree(loops))})
		a.Config = &analyzer.Config{}
		for _, fd := range a.Check() {
			if fd.Range.Start.Line < 1 {
				t.Fatalf("%q: finding without a position: %+v", pattern, fd)
			}
		}
		if n := len(a.Units) - 1; n > most {
			t.Fatalf("%q: %d files included past --max-includes %d", pattern, n, most)
		}
	})
}

func isCut(err error) bool {
	var c *analyzer.GlobCutError
	return errors.As(err, &c)
}
