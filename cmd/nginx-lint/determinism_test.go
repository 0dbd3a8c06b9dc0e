package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/nginx-lint/nginx-lint/internal/benchgen"
)

// TestOutputDeterministic checks a tree of many files (every rule's
// fixtures, with their findings in every file, and generated deployments
// whose nginx.conf includes the rest) with --jobs 1, 2 and 8, twice at 8:
// the reports must be byte-identical, whatever the order the files were
// read, parsed and checked in.
func TestOutputDeterministic(t *testing.T) {
	dir := t.TempDir()
	fixtures, err := benchgen.CopyTree(filepath.Join(dir, "fixtures"), "../../rules/testdata", 1)
	if err != nil {
		t.Fatal(err)
	}
	gen, err := benchgen.Tree(filepath.Join(dir, "hosts"), 4, 6, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d files, %d bytes", fixtures.Files+gen.Files, fixtures.Bytes+gen.Bytes)
	for _, format := range []string{"json", "text"} {
		var first []byte
		for _, jobs := range []string{"1", "2", "8", "8"} {
			cmd := exec.Command("nginx-lint", "check", "--format", format, "--max-per-rule", "0", "--jobs", jobs, ".")
			cmd.Dir = dir
			var out, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &stderr
			err := cmd.Run()
			if code := cmd.ProcessState.ExitCode(); code != 1 {
				t.Fatalf("--format %s --jobs %s: exit %d (%v), want 1 (findings)\n%s", format, jobs, code, err, stderr.Bytes())
			}
			if first == nil {
				first = out.Bytes()
				if n := bytes.Count(first, []byte("\n")); n < 500 {
					t.Fatalf("--format %s: %d lines of output; the fixtures should give far more", format, n)
				}
				continue
			}
			if !bytes.Equal(out.Bytes(), first) {
				t.Errorf("--format %s --jobs %s: output differs from --jobs 1 at byte %d:\n%s", format, jobs, firstDiff(out.Bytes(), first), diffContext(out.Bytes(), first))
			}
		}
	}
}

func firstDiff(a, b []byte) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

// diffContext shows both outputs around their first difference.
func diffContext(a, b []byte) string {
	i := firstDiff(a, b)
	cut := func(s []byte) []byte { return s[max(0, i-200):min(len(s), i+200)] }
	return fmt.Sprintf("got:\n%s\nwant:\n%s", cut(a), cut(b))
}
