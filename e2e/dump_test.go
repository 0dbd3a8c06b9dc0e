package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/internal/testutil"
	"github.com/nginx-lint/nginx-lint/sources"
)

// TestNginxDumpWithLog: what `nginx -T 2>&1` prints, as the README pipes it
// into nginx-lint, is read as a dump even when modules log while the
// configuration is tested (Debian's nchan logs its shared memory in the
// error log's format before the dump): every file comes back under its path.
func TestNginxDumpWithLog(t *testing.T) {
	bin := testutil.Nginx(t)
	const nchan = "/usr/lib/nginx/modules/ngx_nchan_module.so"
	_, err := os.Stat(nchan)
	testutil.Require(t, err == nil, nchan+" is not installed (apt-get install nginx-extras)")
	dir := t.TempDir()
	conf := filepath.Join(dir, "nginx.conf")
	files := map[string]string{
		conf:                                     "load_module " + nchan + ";\npid " + filepath.Join(dir, "nginx.pid") + ";\nevents {}\nhttp {\n    include conf.d/*.conf;\n}\n",
		filepath.Join(dir, "conf.d", "app.conf"): "server {\n    listen 8089;\n    location / { proxy_pass http://localhost:5000; }\n}\n",
	}
	if err := os.Mkdir(filepath.Join(dir, "conf.d"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command(bin, "-T", "-p", dir, "-c", conf, "-e", "stderr").CombinedOutput()
	if err != nil {
		t.Fatalf("nginx -T: %v\n%s", err, out)
	}
	first, _, _ := strings.Cut(string(out), "\n")
	if !strings.Contains(first, "[info]") || !strings.Contains(first, "nchan") {
		t.Fatalf("nginx -T 2>&1 no longer starts with nchan's log line; the test needs another module that logs:\n%s", out)
	}
	if k := sources.Detect("-", out); k != sources.KindDump {
		t.Fatalf("nginx -T 2>&1 is read as %v, not as a dump:\n%s", k, out)
	}
	s, err := sources.SplitDump("-", out)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Configs) != len(files) {
		t.Fatalf("the dump holds %d files, want %d", len(s.Configs), len(files))
	}
	for _, c := range s.Configs {
		if want, ok := files[c.Path]; !ok || string(c.Src) != want {
			t.Errorf("file %s of the dump reads %q, want %q", c.Path, c.Src, want)
		}
	}
}
