package e2e

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// echoBackend answers every request with the X-* request headers it got,
// one "name: value" line each, sorted; it listens on 127.0.0.1 only.
func echoBackend(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var lines []string
			for k, v := range r.Header {
				if strings.HasPrefix(k, "X-") {
					lines = append(lines, k+": "+strings.Join(v, ","))
				}
			}
			sort.Strings(lines)
			_, _ = io.WriteString(w, strings.Join(lines, "\n"))
		}),
		ReadHeaderTimeout: 5 * time.Second,
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().(*net.TCPAddr).Port
}

// get returns the status and body of http://127.0.0.1:port+path.
func get(t *testing.T, port int, path string) (int, string) {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get(fmt.Sprintf("http://127.0.0.1:%d%s", port, path))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// serve runs nginx on conf until the test ends.
func serve(t *testing.T, nginx, conf string, port int) {
	t.Helper()
	dir := t.TempDir()
	for _, sub := range []string{"logs", "tmp"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	conf = strings.ReplaceAll(conf, "@DIR@", dir)
	path := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	p := startNginx(t, nginx, dir, filepath.Join(dir, "logs", "error.log"), path, port)
	t.Cleanup(p.stop)
}

// TestDirectiveInheritance shows on real nginx what directive-inheritance
// reports: one proxy_set_header in a location drops the http-level ones for
// requests to it, one error_page in a location drops the server's error
// pages; the rule flags both lines, and with its fix applied the location
// sends the outer headers and error page again.
func TestDirectiveInheritance(t *testing.T) {
	nginx := testutil.Nginx(t)
	bport := echoBackend(t)
	nport := freePort(t)
	before := conf(`    proxy_set_header X-Outer-A a;
    proxy_set_header X-Outer-B b;
    server {
        listen 127.0.0.1:@NGINX_PORT@;
        error_page 404 @notfound;
        location @notfound {
            return 404 "custom 404";
        }
        location /gone/ {
            return 404;
        }
        location /plain/ {
            proxy_pass http://127.0.0.1:@BACKEND_PORT@;
        }
        location /inner/ {
            proxy_set_header X-Inner c;
            proxy_pass http://127.0.0.1:@BACKEND_PORT@;
        }
        location /static/ {
            error_page 500 /500.html;
            return 404;
        }
    }
`, nport, bport)
	after := lintAndFix(t, before, "directive-inheritance", "proxy_set_header X-Inner")
	after = lintAndFix(t, after, "directive-inheritance", "error_page 500")

	serve(t, nginx, before, nport)
	if _, body := get(t, nport, "/plain/"); body != "X-Outer-A: a\nX-Outer-B: b" {
		t.Fatalf("/plain/ before: backend got %q, want the two outer headers", body)
	}
	if _, body := get(t, nport, "/inner/"); body != "X-Inner: c" {
		t.Fatalf("/inner/ before: backend got %q, want only X-Inner (outer headers dropped)", body)
	}
	if code, body := get(t, nport, "/static/missing"); code != 404 || strings.Contains(body, "custom 404") {
		t.Fatalf("/static/missing before: %d %q, want nginx's own 404 page (the server's error_page dropped)", code, body)
	}
	if code, body := get(t, nport, "/gone/x"); code != 404 || !strings.Contains(body, "custom 404") {
		t.Fatalf("/gone/x before: %d %q, want the custom 404 page", code, body)
	}
	testutil.Report(t, "before: /inner/ gets only its own header, /static/ loses the server's error_page 404")

	nport = freePort(t)
	after = strings.ReplaceAll(after, fmt.Sprintf("listen 127.0.0.1:%d;", portOf(before)), fmt.Sprintf("listen 127.0.0.1:%d;", nport))
	serve(t, nginx, after, nport)
	if _, body := get(t, nport, "/inner/"); body != "X-Inner: c\nX-Outer-A: a\nX-Outer-B: b" {
		t.Fatalf("/inner/ after fix: backend got %q, want the outer headers and X-Inner", body)
	}
	if code, body := get(t, nport, "/static/missing"); code != 404 || !strings.Contains(body, "custom 404") {
		t.Fatalf("/static/missing after fix: %d %q, want the custom 404 page", code, body)
	}
	testutil.Report(t, "after the fix: /inner/ gets the outer headers too, /static/ answers with the custom 404 page")
}

// portOf returns the port of the first "listen 127.0.0.1:PORT;" in conf.
func portOf(conf string) int {
	var port int
	if i := strings.Index(conf, "listen 127.0.0.1:"); i >= 0 {
		_, _ = fmt.Sscanf(conf[i+len("listen 127.0.0.1:"):], "%d", &port)
	}
	return port
}
