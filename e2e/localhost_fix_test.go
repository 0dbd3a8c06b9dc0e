package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/fixer"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
	"github.com/nginx-lint/nginx-lint/rules"
)

// TestLocalhostFixesAcceptedByNginx lets nginx judge the localhost-upstream
// fixes where the name alone is not the whole problem: a proxy_pass without
// a scheme (which nginx refuses: "invalid URL prefix") must come out with
// one, and names that stand for ::1 only must keep the IPv6 loopback under
// every --loopback setting. Each fixed text must pass nginx -t.
func TestLocalhostFixesAcceptedByNginx(t *testing.T) {
	nginx := testutil.Nginx(t)
	_ = rules.All()
	const src = `events {}
http {
    server {
        listen 127.0.0.1:8080;
        location /a { proxy_pass localhost:3000; }
        location /b { proxy_pass "localhost:3001"; }
        location /c { proxy_pass http://ip6-localhost:3002; }
        location /d { proxy_pass ip6-loopback:3003; }
    }
}
stream {
    server { listen 127.0.0.1:9000; proxy_pass localhost:3004; }
}
`
	mods := installedModules(nginx)
	testutil.Require(t, mods.streamOK, "this nginx has no stream module")
	load := ""
	if mods.stream != "" {
		load = "load_module " + mods.stream + ";\n"
	}
	dir := t.TempDir()
	check := func(text string) (string, bool) {
		conf := filepath.Join(dir, "nginx.conf")
		if err := os.WriteFile(conf, []byte(load+text), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(nginx, "-t", "-q", "-p", dir, "-c", conf, "-g", "pid "+filepath.Join(dir, "nginx.pid")+"; error_log stderr;").CombinedOutput()
		return string(out), err == nil
	}
	if out, ok := check(src); ok || !strings.Contains(out, "invalid URL prefix") {
		t.Fatalf("nginx -t should refuse the scheme-less proxy_pass as it is (invalid URL prefix); it says %v:\n%s", ok, out)
	}
	for _, c := range []struct {
		name     string
		loopback string
		set      bool
		want     []string
	}{
		{"loopback unset", "ipv4", false, []string{"proxy_pass http://127.0.0.1:3000;", `proxy_pass "http://127.0.0.1:3001";`, "proxy_pass http://[::1]:3002;", "proxy_pass http://[::1]:3003;", "proxy_pass 127.0.0.1:3004;"}},
		{"loopback ipv4", "ipv4", true, []string{"proxy_pass http://127.0.0.1:3000;", "proxy_pass http://[::1]:3002;", "proxy_pass http://[::1]:3003;"}},
		{"loopback ipv6", "ipv6", true, []string{"proxy_pass http://[::1]:3000;", `proxy_pass "http://[::1]:3001";`, "proxy_pass http://[::1]:3002;", "proxy_pass [::1]:3004;"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := &analyzer.Config{Enabled: map[string]bool{}, Only: []string{"localhost-upstream"}, Loopback: c.loopback, LoopbackSet: c.set}
			res := fixer.Fix(fixer.Input{Name: "nginx.conf", Src: []byte(src)}, analyzer.LoadOptions{}, cfg, fixer.Options{Unsafe: true})
			if len(res.Files) != 1 {
				t.Fatalf("the fixes changed %d files, want 1", len(res.Files))
			}
			fixed := string(res.Files[0].New)
			for _, w := range c.want {
				if !strings.Contains(fixed, w) {
					t.Errorf("the fixed text lacks %q:\n%s", w, fixed)
				}
			}
			if out, ok := check(fixed); !ok {
				t.Errorf("nginx -t refuses the fixed text:\n%s\n%s", out, fixed)
			}
		})
	}
}
