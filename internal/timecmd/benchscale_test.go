package timecmd

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/internal/benchgen"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// scripts/bench-scale runs with this package's command as its timer, as on
// a machine without /usr/bin/time (scripts/bench-device): over a small
// generated tree at --jobs 1 and 2 it prints a row for each, with a peak
// RSS, and finds the outputs identical.
func TestBenchScaleWithTimer(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	root := testutil.RepoRoot(t)
	bin := t.TempDir()
	for _, pkg := range []string{"./cmd/nginx-lint", "./_tools/timecmd"} {
		build := exec.Command("go", "build", "-o", filepath.Join(bin, filepath.Base(pkg)), pkg)
		build.Dir, build.Env = root, append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, out)
		}
	}
	tree := filepath.Join(t.TempDir(), "tree")
	if _, err := benchgen.Tree(tree, 20, 5, 2); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "bench-scale"), tree)
	cmd.Env = append(os.Environ(), "BIN="+filepath.Join(bin, "nginx-lint"), "TIMER="+filepath.Join(bin, "timecmd"),
		"JOBS=1 2", "REPS=1", "NICE=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bench-scale: %v\n%s", err, out)
	}
	text := string(out)
	if !strings.Contains(text, "outputs: byte-identical") {
		t.Errorf("bench-scale did not find the outputs identical:\n%s", text)
	}
	rows := 0
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) == 8 && (f[0] == "1" || f[0] == "2") {
			rows++
			if f[7] == "0" {
				t.Errorf("no peak RSS in %q", line)
			}
		}
	}
	if rows != 2 {
		t.Errorf("%d rows for --jobs 1 and 2, want 2:\n%s", rows, text)
	}
}
