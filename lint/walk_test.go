package lint

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/internal/benchgen"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// A walk finds each directory's configuration file from the directory's
// listing (scopes.listed) and gets what looking for it with system calls
// gets (FindConfig): a plain file, a link to one, two of them (an error),
// a directory or a dangling link of that name (none), .git as a
// directory, a file or a dangling link, and a directory holding no file
// to check. It finds the files to check in lexical order, hidden ones
// left out.
func TestWalkFindsConfigsFromListings(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		".nginx-lint.yaml":    "rules:\n  localhost-upstream: info\n",
		"shared-settings":     "rules:\n  localhost-upstream: info\n",
		"a/.nginx-lint.yaml":  "rules:\n  localhost-upstream: error\n",
		"f/.nginx-lint.yaml":  "{}\n",
		"f/.nginx-lint.yml":   "{}\n",
		"g/.git":              "gitdir: elsewhere\n",
		"j/k/.nginx-lint.yml": "rules:\n  localhost-upstream: warning\n",
		".hidden/site.conf":   "events {}\n",
	}
	dirs := []string{"", "a", "a/b/c", "d", "e", "f", "g/h", "i", "j", "j/k", "k/empty"}
	var want []string
	for _, d := range dirs {
		if d != "k/empty" {
			files[path.Join(d, "site.conf")] = "events {}\n"
			want = append(want, filepath.Join(root, d, "site.conf"))
		}
	}
	testutil.WriteFiles(t, root, files)
	for _, d := range []string{".git", "e/.nginx-lint.yaml", "k/empty"} {
		testutil.Must(t, os.MkdirAll(filepath.Join(root, d), 0o755))
	}
	for p, to := range map[string]string{"d/.nginx-lint.yml": "../shared-settings", "i/.nginx-lint.yaml": "missing.yaml", "j/.git": "missing"} {
		testutil.Must(t, os.Symlink(to, filepath.Join(root, p)))
	}
	slices.Sort(want)
	t.Chdir(root)

	answers := func(listings bool) []string {
		c, err := NewCheck([]string{root}, DefaultSettings(), Env{})
		testutil.Must(t, err)
		var found []string
		fail := func(p string, err error) { t.Errorf("%s: %v", p, err) }
		if listings {
			// One worker: the walk reads every directory itself; four:
			// helpers read ahead.
			for _, jobs := range []int{4, 1} {
				in := c.run.in
				in.jobs, found = jobs, nil
				walkTree(root, in, fail, func(p string, _, _ bool) { found = append(found, p) })
				if !slices.Equal(found, want) {
					t.Errorf("--jobs %d: walk found\n%q\nwant\n%q", jobs, found, want)
				}
			}
			if _, ok := c.scope.byDir[filepath.Join(root, "k", "empty")]; !ok {
				t.Errorf("the listing of k/empty did not answer for it")
			}
		}
		var out []string
		for _, d := range dirs {
			_, cf, err := c.scope.of(filepath.Join(root, d, "site.conf"))
			if cf != "" {
				cf, _ = filepath.Rel(root, cf)
			}
			out = append(out, fmt.Sprintf("%s: %q %v", d, cf, err))
		}
		return out
	}
	got, byStat := answers(true), answers(false)
	if !slices.Equal(got, byStat) {
		t.Errorf("from listings:\n%q\nfrom system calls:\n%q", got, byStat)
	}
	// The root's configuration file reaches every directory but those
	// with their own, and those below g/.git (a repository's top).
	top := `".nginx-lint.yaml" <nil>`
	wantAnswers := []string{
		": " + top,
		`a: "a/.nginx-lint.yaml" <nil>`,
		`a/b/c: "a/.nginx-lint.yaml" <nil>`,
		`d: "d/.nginx-lint.yml" <nil>`,
		"e: " + top,
		`f: "f" f/.nginx-lint.yaml and f/.nginx-lint.yml are both configuration files; keep one`,
		`g/h: "" <nil>`,
		"i: " + top,
		"j: " + top,
		`j/k: "j/k/.nginx-lint.yml" <nil>`,
		"k/empty: " + top,
	}
	if !slices.Equal(got, wantAnswers) {
		t.Errorf("got\n%q\nwant\n%q", got, wantAnswers)
	}
}

// Over a tree of many directories, a walk whose helpers read ahead finds
// what filepath.WalkDir finds, in its order, as the walk alone does.
func TestWalkOrderWithHelpers(t *testing.T) {
	root := t.TempDir()
	if _, err := benchgen.Tree(root, 40, 6, 1); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for i := range 30 { // deep and wide: a chain, and directories of one file
		files["deep/"+strings.Repeat("d/", i)+"x.conf"] = "events {}\n"
		files[fmt.Sprintf("wide/%d/nginx.conf", i)] = "events {}\n"
	}
	testutil.WriteFiles(t, root, files)
	var want []string
	testutil.Must(t, filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && walkKindOf(p) != walkSkip {
			want = append(want, p)
		}
		return err
	}))
	if len(want) < 300 {
		t.Fatalf("the tree has %d files to walk", len(want))
	}
	for _, jobs := range []int{1, 2, 8} {
		var found []string
		walkTree(root, inputOptions{jobs: jobs}, func(p string, err error) { t.Errorf("%s: %v", p, err) },
			func(p string, _, _ bool) { found = append(found, p) })
		if !slices.Equal(found, want) {
			t.Errorf("--jobs %d: the walk found %d files, not WalkDir's %d in its order", jobs, len(found), len(want))
		}
	}
}
