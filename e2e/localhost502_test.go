package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// The real-nginx proof of localhost-upstream and missing-resolver.
//
// nginx runs in a private mount namespace whose /etc/hosts maps localhost to
// both ::1 and 127.0.0.1 (as most current images do), in front of a Go
// backend that listens on 127.0.0.1 only. All traffic stays on loopback,
// the number of requests and the time spent are bounded, and every process
// started is stopped when the test ends.

const (
	requests      = 200
	requestBudget = 60 * time.Second
)

// counts are what one run of requests produced.
type counts struct {
	ok, bad502, other int
	refused           int // error-log lines: connect() failed (111 … [::1]
	noResolver        int // error-log lines: no resolver defined to resolve
}

func (c counts) String() string {
	return fmt.Sprintf("2xx=%d 502=%d other=%d connect-refused=%d no-resolver=%d", c.ok, c.bad502, c.other, c.refused, c.noResolver)
}

// namespaceOK reports whether a private mount namespace can be made here.
func namespaceOK() (bool, string) {
	if _, err := exec.LookPath("unshare"); err != nil {
		return false, "unshare (util-linux) is not installed"
	}
	out, err := exec.Command("unshare", "--mount", "--propagation", "private", "--", "true").CombinedOutput()
	if err != nil {
		return false, fmt.Sprintf("cannot create a private mount namespace (needs root): %v %s", err, bytes.TrimSpace(out))
	}
	return true, ""
}

// backend serves 200 on 127.0.0.1 only and returns its port.
func backend(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{
		Handler:           http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok\n") }),
		ReadHeaderTimeout: 5 * time.Second,
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().(*net.TCPAddr).Port
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// nginxRun starts nginx with conf in the namespace, sends the requests,
// stops nginx and reads its error log.
func nginxRun(t *testing.T, nginx, conf string, port, n int) counts {
	t.Helper()
	dir := t.TempDir()
	for _, sub := range []string{"logs", "tmp"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	hosts := filepath.Join(dir, "hosts")
	if err := os.WriteFile(hosts, []byte("127.0.0.1 localhost\n::1 localhost\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	errLog := filepath.Join(dir, "logs", "error.log")
	conf = strings.ReplaceAll(conf, "@DIR@", dir)
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	// /etc/hosts in a private mount namespace maps localhost to both
	// addresses, whatever the machine's own file says.
	proc := startNginx(t, nginx, dir, errLog, confPath, port,
		"unshare", "--mount", "--propagation", "private", "--",
		"sh", "-c", `mount --bind "$1" /etc/hosts && shift && exec "$@"`, "sh", hosts)
	addr := fmt.Sprintf("127.0.0.1:%d", port)

	var c counts
	ctx, cancel := context.WithTimeout(context.Background(), requestBudget)
	defer cancel()
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	for i := 0; i < n; i++ {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("http://%s/r%d", addr, i), nil)
		resp, err := client.Do(req)
		if err != nil {
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				t.Fatalf("requests took longer than %s", requestBudget)
			}
			c.other++
			continue
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		switch {
		case resp.StatusCode/100 == 2:
			c.ok++
		case resp.StatusCode == http.StatusBadGateway:
			c.bad502++
		default:
			c.other++
		}
	}
	proc.stop()
	log, err := os.ReadFile(errLog)
	if err != nil {
		t.Fatal(err)
	}
	refused := regexp.MustCompile(`connect\(\) failed \(111[^\n]*upstream: "http://\[::1\]:`)
	c.refused = len(refused.FindAll(log, -1))
	c.noResolver = bytes.Count(log, []byte("no resolver defined to resolve localhost"))
	return c
}

// conf builds a test config around an http{} body; @NGINX_PORT@ and
// @BACKEND_PORT@ are filled in.
func conf(body string, nginxPort, backendPort int) string {
	s := `worker_processes 2;
master_process on;
pid @DIR@/nginx.pid;
error_log @DIR@/logs/error.log error;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path @DIR@/tmp/body;
    proxy_temp_path @DIR@/tmp/proxy;
    fastcgi_temp_path @DIR@/tmp/fastcgi;
    uwsgi_temp_path @DIR@/tmp/uwsgi;
    scgi_temp_path @DIR@/tmp/scgi;
` + body + `}
`
	s = strings.ReplaceAll(s, "@NGINX_PORT@", fmt.Sprint(nginxPort))
	return strings.ReplaceAll(s, "@BACKEND_PORT@", fmt.Sprint(backendPort))
}

// lintAndFix runs the analyzer on src, checks that rule reported a finding
// on the line holding mark, and returns src with that finding's fix applied.
func lintAndFix(t *testing.T, src, rule, mark string) string {
	t.Helper()
	fs := analyzer.Run("nginx.conf", "", []byte(src), analyzer.LoadOptions{NoIncludes: true}, &analyzer.Config{})
	wantLine := 0
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, mark) {
			wantLine = i + 1
			break
		}
	}
	var hit *analyzer.Finding
	for i := range fs {
		if fs[i].Rule == rule && fs[i].Range.Start.Line == wantLine {
			hit = &fs[i]
		}
	}
	if hit == nil {
		t.Fatalf("nginx-lint did not report %s on line %d; findings: %+v", rule, wantLine, fs)
	}
	t.Logf("nginx-lint: %s:%d: %s [%s] %s", hit.Range.Start.File, hit.Range.Start.Line, hit.Severity, hit.Rule, hit.Message)
	if len(hit.Fixes) == 0 {
		t.Fatalf("%s finding has no fix", rule)
	}
	out, errs := analyzer.ApplyEdits([]byte(src), hit.Fixes[0].Edits)
	if len(errs) > 0 {
		t.Fatalf("applying the fix: %v", errs)
	}
	return string(out)
}

func requireNginxNamespace(t *testing.T) string {
	t.Helper()
	nginx := testutil.Nginx(t)
	ok, why := namespaceOK()
	testutil.Require(t, ok, why)
	return nginx
}

// TestLocalhost502 shows that `server localhost:PORT max_fails=0` with
// retries off answers about half of the requests with 502 when the app
// listens on 127.0.0.1 only, that nginx-lint flags it, and that its fix
// removes every error. A resolver with ipv6=off changes nothing.
func TestLocalhost502(t *testing.T) {
	nginx := requireNginxNamespace(t)
	bport := backend(t)
	nport := freePort(t)
	body := `    upstream app {
        server localhost:@BACKEND_PORT@ max_fails=0;
    }
    server {
        listen 127.0.0.1:@NGINX_PORT@;
        proxy_next_upstream off;
        location / {
            proxy_pass http://app;
        }
    }
`
	before := conf(body, nport, bport)
	after := lintAndFix(t, before, "localhost-upstream", "server localhost:")
	if !strings.Contains(after, "server 127.0.0.1:") {
		t.Fatalf("fix did not rewrite the server line:\n%s", after)
	}
	control := conf("    resolver 127.0.0.1 ipv6=off;\n"+body, nport, bport)

	b := nginxRun(t, nginx, before, nport, requests)
	a := nginxRun(t, nginx, after, nport, requests)
	c := nginxRun(t, nginx, control, nport, requests)
	testutil.Report(t, "localhost upstream, max_fails=0, retries off, %d requests: before: %s; after fix: %s; control (resolver 127.0.0.1 ipv6=off): %s", requests, b, a, c)

	if b.refused == 0 {
		t.Errorf("before: no connect() failed (111) for [::1] in the error log: %s", b)
	}
	if b.bad502 < requests/4 || b.bad502 > requests*3/4 {
		t.Errorf("before: want about half of %d requests to be 502, got %s", requests, b)
	}
	if b.ok+b.bad502 != requests {
		t.Errorf("before: unexpected outcomes: %s", b)
	}
	if a.ok != requests || a.bad502 != 0 || a.refused != 0 {
		t.Errorf("after the fix: want %d 2xx and no errors, got %s", requests, a)
	}
	if c.refused == 0 || c.bad502 < requests/4 || c.bad502 > requests*3/4 {
		t.Errorf("control: resolver ipv6=off should change nothing for a static localhost, got %s", c)
	}
}

// TestDynamicLocalhostNoResolver shows that `set $b localhost:PORT;
// proxy_pass http://$b;` without a resolver fails every request, that
// nginx-lint reports it (missing-resolver and localhost-upstream) and that
// the localhost-upstream fix makes every request succeed.
func TestDynamicLocalhostNoResolver(t *testing.T) {
	nginx := requireNginxNamespace(t)
	bport := backend(t)
	nport := freePort(t)
	body := `    server {
        listen 127.0.0.1:@NGINX_PORT@;
        location / {
            set $b "localhost:@BACKEND_PORT@";
            proxy_pass http://$b;
        }
    }
`
	const n = 50
	before := conf(body, nport, bport)
	fs := analyzer.Run("nginx.conf", "", []byte(before), analyzer.LoadOptions{NoIncludes: true}, &analyzer.Config{})
	if len(find(fs, "missing-resolver")) != 1 {
		t.Fatalf("want one missing-resolver finding, got %+v", fs)
	}
	after := lintAndFix(t, before, "localhost-upstream", "proxy_pass http://$b")
	b := nginxRun(t, nginx, before, nport, n)
	a := nginxRun(t, nginx, after, nport, n)
	testutil.Report(t, "set $b localhost, no resolver, %d requests: before: %s; after fix: %s", n, b, a)
	if b.bad502 != n || b.noResolver != n {
		t.Errorf("before: want every request 502 with \"no resolver defined\", got %s", b)
	}
	if a.ok != n || a.bad502 != 0 {
		t.Errorf("after the fix: want %d 2xx, got %s", n, a)
	}
}

// TestURIVariableNeedsResolver shows that a variable only in the URI part
// still makes nginx resolve the host per request: a host name that is not
// an upstream block gets "no resolver defined" and a 502, while an upstream
// name works. nginx-lint reports the first and not the second.
func TestURIVariableNeedsResolver(t *testing.T) {
	nginx := requireNginxNamespace(t)
	bport := backend(t)
	nport := freePort(t)
	body := `    upstream app {
        server 127.0.0.1:@BACKEND_PORT@;
    }
    server {
        listen 127.0.0.1:@NGINX_PORT@;
        location / {
            proxy_pass @TARGET@$request_uri;
        }
    }
`
	const n = 20
	for _, c := range []struct {
		target string
		flag   bool
	}{
		{"http://localhost:@BACKEND_PORT@", true},
		{"http://app", false},
	} {
		src := conf(strings.ReplaceAll(body, "@TARGET@", c.target), nport, bport)
		fs := analyzer.Run("nginx.conf", "", []byte(src), analyzer.LoadOptions{NoIncludes: true}, &analyzer.Config{})
		mr := find(fs, "missing-resolver")
		if c.flag != (len(mr) == 1) {
			t.Errorf("%s$request_uri: missing-resolver findings %+v, want flagged=%v", c.target, mr, c.flag)
		}
		r := nginxRun(t, nginx, src, nport, n)
		testutil.Report(t, "proxy_pass %s$request_uri, no resolver, %d requests: %s", strings.ReplaceAll(c.target, "@BACKEND_PORT@", "PORT"), n, r)
		if c.flag && (r.bad502 != n || r.noResolver != n) {
			t.Errorf("%s: want every request 502 with \"no resolver defined\", got %s", c.target, r)
		}
		if !c.flag && r.ok != n {
			t.Errorf("%s: want every request 2xx, got %s", c.target, r)
		}
	}
}
