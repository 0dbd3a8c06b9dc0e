package fixer

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

var hunkHeader = regexp.MustCompile(`(?m)^@@ -\d+(,\d+)? \+\d+(,\d+)? @@`)

// TestDiffAgainstDiffU compares Diff with GNU diff -u and patch: the same
// hunk headers (both use three lines of context and join hunks whose
// context touches), and patch -p1 turns the old text into the new one.
// Several edits close together in one hunk followed by another hunk is the
// case where a wrong running line count shows in the second header.
func TestDiffAgainstDiffU(t *testing.T) {
	_, errDiff := exec.LookPath("diff")
	_, errPatch := exec.LookPath("patch")
	testutil.Require(t, errDiff == nil && errPatch == nil, "diff and patch are not installed")

	cases := [][2]string{
		{numbered(100, nil), numbered(100, map[int]string{10: "ten", 14: "fourteen", 60: "sixty"})},
		{numbered(60, nil), numbered(60, map[int]string{41: "forty-one"})},
	}
	rng := rand.New(rand.NewSource(1))
	for range 200 {
		old := strings.Split(strings.TrimSuffix(numbered(40+rng.Intn(80), nil), "\n"), "\n")
		lines := append([]string(nil), old...)
		for range 1 + rng.Intn(8) {
			k := rng.Intn(len(lines))
			switch rng.Intn(3) {
			case 0:
				lines[k] += " changed"
			case 1:
				lines = append(lines[:k], lines[k+1:]...)
			default:
				lines = append(lines[:k], append([]string{"inserted"}, lines[k:]...)...)
			}
		}
		cases = append(cases, [2]string{strings.Join(old, "\n") + "\n", strings.Join(lines, "\n") + "\n"})
	}
	dir := t.TempDir()
	for i, c := range cases {
		got := Diff(&File{Name: "f.conf", Old: []byte(c[0]), New: []byte(c[1])})
		if err := os.WriteFile(filepath.Join(dir, "old"), []byte(c[0]), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "new"), []byte(c[1]), 0o644); err != nil {
			t.Fatal(err)
		}
		out, _ := exec.Command("diff", "-u", filepath.Join(dir, "old"), filepath.Join(dir, "new")).Output()
		if g, w := hunkHeader.FindAllString(got, -1), hunkHeader.FindAllString(string(out), -1); fmt.Sprint(g) != fmt.Sprint(w) {
			t.Errorf("case %d: hunk headers %q, diff -u has %q\n%s", i, g, w, got)
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, "f.conf"), []byte(c[0]), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("patch", "-p1", "--quiet", "--force", "-i", "-")
		cmd.Dir = dir
		cmd.Stdin = strings.NewReader(got)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("case %d: patch: %v\n%s\n%s", i, err, out, got)
			continue
		}
		if b, _ := os.ReadFile(filepath.Join(dir, "f.conf")); !bytes.Equal(b, []byte(c[1])) {
			t.Errorf("case %d: patch -p1 made\n%s\nwant\n%s", i, b, c[1])
		}
	}
}

// numbered returns n lines "line 1"…"line n", with the replacements given.
func numbered(n int, repl map[int]string) string {
	var sb strings.Builder
	for i := 1; i <= n; i++ {
		if s, ok := repl[i]; ok {
			sb.WriteString(s + "\n")
		} else {
			fmt.Fprintf(&sb, "line %d\n", i)
		}
	}
	return sb.String()
}
