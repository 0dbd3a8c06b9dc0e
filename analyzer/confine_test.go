package analyzer_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nginx-lint/nginx-lint/analyzer"
	_ "github.com/nginx-lint/nginx-lint/rules"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func check(t *testing.T, path string, load analyzer.LoadOptions) []analyzer.Finding {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a := analyzer.Parse(path, path, src, load)
	a.Config = &analyzer.Config{}
	return a.Check()
}

// A symbolic link inside the tree that leads out of it is outside.
func TestConfinedSymlinkOut(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"repo/nginx.conf":  "include link/secret.conf;\ninclude out.conf;\n",
		"host/secret.conf": "TOKEN=hunter2;\n",
	})
	if err := os.Symlink("../host", filepath.Join(dir, "repo", "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../host/secret.conf", filepath.Join(dir, "repo", "out.conf")); err != nil {
		t.Fatal(err)
	}
	load := analyzer.LoadOptions{FS: analyzer.Confine(nil, analyzer.NewTree(filepath.Join(dir, "repo")))}
	fs := check(t, filepath.Join(dir, "repo", "nginx.conf"), load)
	n := 0
	for _, f := range fs {
		if strings.Contains(f.Message+strings.Join(f.Notes, ""), "hunter2") {
			t.Errorf("secret in a finding: %+v", f)
		}
		if f.Rule == analyzer.RuleIncludeOutside {
			n++
		}
	}
	if n != 2 {
		t.Errorf("got %d include-outside findings, want 2: %+v", n, fs)
	}
}

// With reading allowed, a file that is not nginx configuration is reported
// once, without quoting it: /proc/self/environ with a planted variable, a
// binary, a password file.
func TestNotConfigNotQuoted(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("needs /proc")
	}
	t.Setenv("NGINX_LINT_PLANTED_SECRET", "s3cr3t-planted-value")
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"nginx.conf": "include /proc/self/environ;\ninclude bin.conf;\ninclude shadow.conf;\ninclude ok.conf;\n",
		"bin.conf":   "\x7fELF\x00\x00s3cr3t-planted-value;\n",
		"shadow.conf": "root:$6$s3cr3t-planted-value:19000:0:99999:7:::\n" +
			"daemon:*:19000:0:99999:7:::\n",
		"ok.conf": "events {}\n",
	})
	fs := check(t, filepath.Join(dir, "nginx.conf"), analyzer.LoadOptions{})
	notConfig := 0
	for _, f := range fs {
		text := f.Message + strings.Join(f.Notes, "")
		if strings.Contains(text, "s3cr3t") || strings.Contains(text, "NGINX_LINT_PLANTED") {
			t.Errorf("content of a file in a finding: %+v", f)
		}
		if f.Range.Start.File != filepath.Join(dir, "nginx.conf") && f.Range.Start.File != filepath.Join(dir, "ok.conf") {
			t.Errorf("finding inside a file that is not configuration: %+v", f)
		}
		if strings.Contains(f.Message, "is not nginx configuration") {
			notConfig++
		}
	}
	if notConfig != 3 {
		t.Errorf("got %d not-configuration findings, want 3: %+v", notConfig, fs)
	}
}

// Ten links back to their own directory and a pattern of eight wildcards
// (10^8 paths for an unbounded glob) end at once, and the cut is reported.
func TestGlobSymlinkBomb(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"nginx.conf": "include d/*/*/*/*/*/*/*/*/x.conf;\n",
		"d/x.conf":   "worker_processes 1;\n",
	})
	for i := range 10 {
		if err := os.Symlink(".", filepath.Join(dir, "d", "s"+string(rune('0'+i)))); err != nil {
			t.Fatal(err)
		}
	}
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	fs := check(t, filepath.Join(dir, "nginx.conf"), analyzer.LoadOptions{})
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("expansion took %v", d)
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 64<<20 {
		t.Errorf("expansion allocated %d bytes", grown)
	}
	cut := false
	for _, f := range fs {
		if f.Rule == analyzer.RuleLimitExceeded && strings.Contains(f.Message, "was cut short") {
			cut = true
		}
	}
	if !cut {
		t.Errorf("no limit-exceeded finding for the cut: %+v", fs)
	}
}

// A glob stops at the includes left under --max-includes while it runs.
func TestGlobStopsAtMaxIncludes(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"nginx.conf": "include conf.d/*.conf;\n"}
	for i := range 50 {
		files[filepath.Join("conf.d", strings.Repeat("a", i+1)+".conf")] = "worker_processes 1;\n"
	}
	writeFiles(t, dir, files)
	got, err := analyzer.OSFS{}.Glob(filepath.Join(dir, "conf.d", "*.conf"), 5)
	if len(got) != 5 {
		t.Errorf("Glob returned %d matches, want 5", len(got))
	}
	var c *analyzer.GlobCutError
	if !errors.As(err, &c) || c.Reason != analyzer.CutMatches {
		t.Errorf("Glob error = %v, want a cut for matches", err)
	}
	fs := check(t, filepath.Join(dir, "nginx.conf"), analyzer.LoadOptions{MaxIncludes: 5})
	n := 0
	for _, f := range fs {
		if f.Rule == analyzer.RuleLimitExceeded {
			n++
			if !strings.Contains(f.Message, "more than 5 includes") {
				t.Errorf("limit message: %q", f.Message)
			}
		}
	}
	if n != 1 {
		t.Errorf("got %d limit-exceeded findings, want 1: %+v", n, fs)
	}
}

// OSFS.Glob gives what filepath.Glob gives when no bound is reached.
func TestGlobLikeFilepath(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a/x.conf": "", "a/y.conf": "", "b/x.conf": "", "b/c/x.conf": "", ".h/x.conf": "", "a/z.txt": "",
	})
	for _, pat := range []string{"*/*.conf", "*/x.conf", "a/*", "*", "b/c/x.conf", "[ab]/?.conf", "nothing/*", "*/c/*.conf", "a/x.conf"} {
		want, _ := filepath.Glob(filepath.Join(dir, pat))
		got, err := analyzer.OSFS{}.Glob(filepath.Join(dir, pat), 1000)
		if err != nil || strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: got %v (%v), want %v", pat, got, err, want)
		}
	}
	// Relative patterns give relative matches.
	t.Chdir(dir)
	want, _ := filepath.Glob("*/*.conf")
	got, _ := analyzer.OSFS{}.Glob("*/*.conf", 1000)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("relative: got %v, want %v", got, want)
	}
	if _, err := (analyzer.OSFS{}).Glob(filepath.Join(dir, "["), 10); err == nil {
		t.Error("a malformed pattern gave no error")
	}
}
