package lint

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// leavesWorkdir refuses only what lies in the working directory by name
// and outside it once links are resolved, with the working directory
// itself reached through a link (as $PWD names it) or not.
func TestLeavesWorkdir(t *testing.T) {
	base := t.TempDir()
	repo, out := filepath.Join(base, "repo"), filepath.Join(base, "outside")
	testutil.WriteFiles(t, base, map[string]string{
		"repo/x.conf":         "events {}\n",
		"repo/sub/y.conf":     "events {}\n",
		"outside/secret.conf": "secret\n",
	})
	for _, l := range [][2]string{
		{out + "/secret.conf", repo + "/planted.conf"},
		{out, repo + "/conf"},
		{repo + "/sub/y.conf", repo + "/inside.conf"},
		{repo, base + "/via"},
	} {
		if err := os.Symlink(l[0], l[1]); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	for _, wd := range []string{repo, filepath.Join(base, "via")} {
		t.Run(filepath.Base(wd), func(t *testing.T) {
			t.Chdir(wd)
			for name, want := range map[string]bool{
				"x.conf":                      false,
				".":                           false,
				"-":                           false,
				"missing.conf":                false,
				"inside.conf":                 false,
				"sub/../x.conf":               false,
				"planted.conf":                true,
				"conf":                        true,
				"conf/":                       true,
				"conf/secret.conf":            true,
				"conf/missing/report.json":    true,
				"sub/../planted.conf":         true,
				wd + "/planted.conf":          true,
				repo + "/planted.conf":        true,
				"../outside/secret.conf":      false, // named outside: the user's choice
				base + "/outside/secret.conf": false,
			} {
				if got := leavesWorkdir(name); got != want {
					t.Errorf("leavesWorkdir(%q) = %v, want %v", name, got, want)
				}
			}
			if err := WorkdirPath("planted.conf", true); err != nil {
				t.Errorf("allowed: %v", err)
			}
			if err := WorkdirPath("planted.conf", false); !errors.Is(err, ErrLeavesWorkdir) {
				t.Errorf("not allowed: %v, want ErrLeavesWorkdir", err)
			}
		})
	}
}
