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
// localhost diagnostic at the right range, applies the quick fix, saves,
// and the file reads 127.0.0.1.
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		if testutil.InCI() {
			t.Fatal("CI=true needs Neovim (Debian package neovim)")
		}
		t.Skip("nvim not installed")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// The test binary is nginx-lint when run under that name (TestMain).
	bin := filepath.Join(t.TempDir(), "nginx-lint")
	if err := os.Symlink(self, bin); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "site.conf")
	const text = "server {\n    listen 80;\n    location / {\n        proxy_pass http://localhost:5000;\n    }\n}\n"
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
	done := make(chan struct{})
	var out []byte
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
	// Line 4 (0-based 3), columns 26-35: the host of the proxy_pass URL.
	if !strings.Contains(string(out), "DIAG 3:26-3:35 localhost-upstream nginx-lint") {
		t.Errorf("diagnostic not at the host's range:\n%s", out)
	}
	got, err := os.ReadFile(conf)
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Replace(text, "localhost", "127.0.0.1", 1); string(got) != want {
		t.Fatalf("after the quick fix the file reads\n%s\nwant\n%s\nNeovim said:\n%s", got, want, out)
	}
}
