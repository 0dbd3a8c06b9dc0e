package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// TestNeovim runs a real editor against `nginx-lint lsp`: headless Neovim
// with its built-in LSP client opens a configuration, receives the
// localhost diagnostic at the right range and the related place of a
// duplicate listen, finds the references of a variable, applies the quick
// fix, saves, and the file reads 127.0.0.1.
func TestNeovim(t *testing.T) {
	nvim := findNeovim(t)
	bin := filepath.Join(nginxLintDir(t), "nginx-lint")
	dir := t.TempDir()
	conf := filepath.Join(dir, "site.conf")
	const text = "server {\n    listen 80;\n    listen 80;\n    set $port 5000;\n    location / {\n" +
		"        proxy_pass http://localhost:5000;\n        add_header X-Port $port;\n    }\n}\n"
	if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs("testdata/neovim_lsp.lua")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nvim, "--headless", "--clean", "-n", "-i", "NONE", "-c", "luafile "+script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CONF="+conf, "NGINX_LINT="+bin, "XDG_STATE_HOME="+dir, "XDG_DATA_HOME="+dir, "XDG_CACHE_HOME="+dir)
	out := runNeovim(t, cmd)
	// Line 6 (0-based 5), columns 26-35: the host of the proxy_pass URL.
	for _, want := range []string{
		"DIAG 5:26-5:35 localhost-upstream nginx-lint",
		// The second listen points at the first (0-based line 1).
		"RELATED duplicate-directive 1:11 site.conf first listens here",
		// $port: where set sets it, and the add_header that uses it.
		"REF 3:8-13\nREF 6:26-31",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("Neovim did not print %q:\n%s", want, out)
		}
	}
	got, err := os.ReadFile(conf)
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Replace(text, "localhost", "127.0.0.1", 1); string(got) != want {
		t.Fatalf("after the quick fix the file reads\n%s\nwant\n%s\nNeovim said:\n%s", got, want, out)
	}
}

// findNeovim returns the path of nvim; without one the test is skipped,
// or fails under CI=true.
func findNeovim(t *testing.T) string {
	t.Helper()
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		if testutil.InCI() {
			t.Fatal("CI=true needs Neovim (Debian package neovim)")
		}
		t.Skip("nvim not installed")
	}
	return nvim
}

// nginxLintDir returns a directory that holds this test binary under the
// name nginx-lint, which TestMain runs as the command.
func nginxLintDir(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Symlink(self, filepath.Join(dir, "nginx-lint")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runNeovim runs cmd, a headless Neovim, for at most a minute and returns
// what it printed; it fails the test if Neovim fails or hangs.
func runNeovim(t *testing.T, cmd *exec.Cmd) []byte {
	t.Helper()
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("Neovim did not finish:\n%s", out)
	}
	if err != nil {
		t.Fatalf("nvim: %v\n%s", err, out)
	}
	return out
}
