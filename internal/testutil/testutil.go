// Package testutil finds what tests need outside the repository: the
// shared data directory beside the checkout and the nginx binary. Outside
// CI a missing piece skips the test; under CI=true it fails it, so that a
// green CI run never hides a check that did not run.
package testutil

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Must fails the test at once on err (a step of its set-up).
func Must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// InCI reports whether the tests run in CI (CI=true).
func InCI() bool { return os.Getenv("CI") == "true" }

// RepoRoot returns the repository root (the directory holding go.mod).
func RepoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Require skips the test (or fails it under CI) with reason.
func Require(t testing.TB, ok bool, reason string) {
	t.Helper()
	if ok {
		return
	}
	if InCI() {
		t.Fatalf("required under CI=true: %s", reason)
	}
	t.Skipf("skipped: %s", reason)
}

// Shared returns the shared data directory (../shared beside the checkout,
// or $NGINX_LINT_SHARED).
func Shared(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("NGINX_LINT_SHARED")
	if dir == "" {
		dir = filepath.Join(RepoRoot(t), "..", "shared")
	}
	st, err := os.Stat(dir)
	Require(t, err == nil && st.IsDir(), "shared data directory "+dir+" not found (set NGINX_LINT_SHARED)")
	return dir
}

// Nginx returns the path of the nginx binary.
func Nginx(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("nginx")
	if err != nil {
		for _, c := range []string{"/usr/sbin/nginx", "/usr/local/sbin/nginx"} {
			if _, e := os.Stat(c); e == nil {
				return c
			}
		}
	}
	Require(t, err == nil, "nginx is not installed (apt-get install nginx)")
	return p
}

// Report logs a figure a test measured (an agreement rate, request counts)
// and, when NGINX_LINT_REPORT names a file, appends it there so CI can print
// every figure at the end of its log.
func Report(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	t.Log(msg)
	if p := os.Getenv("NGINX_LINT_REPORT"); p != "" {
		f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			t.Errorf("writing report: %v", err)
			return
		}
		defer f.Close()
		fmt.Fprintf(f, "%s: %s\n", t.Name(), msg)
	}
}

// WriteFiles writes files (text by slash-separated name) under dir,
// making the directories they need.
func WriteFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
