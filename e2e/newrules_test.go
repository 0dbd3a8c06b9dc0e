package e2e

import (
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// newRulesBody holds, one location each, what the rules added for issue 21
// claim about nginx; lines marked "# lint: RULE" must be reported by that
// rule, and TestNewRuleClaimsAgainstNginx checks nginx's answers.
const newRulesBody = `    map $host $ds_scheme {
        default $scheme;
        tls.test https;
    }
    server {
        listen 127.0.0.1:@BACKEND_PORT@;
        location / {
            return 200 "backend uri=$uri host=$http_host\n";
        }
    }
    upstream pmh_backend {
        server 127.0.0.1:@BACKEND_PORT@;
    }
    map $host $mi_backend {
        default $server_addr:@NGINX_PORT@;
    }
    server {
        listen 127.0.0.1:@NGINX_PORT@;
        location / {
            return 200 "root\n";
        }
        location ~ /api {
            return 200 "api\n";
        }
        location ~ /api/v1 {                    # lint: unreachable-location
            return 200 "api-v1\n";
        }
        location ~* \.PHP$ {
            return 200 "php-any-case\n";
        }
        location ~ ^/admin/.*\.php$ {           # lint: unreachable-location
            return 200 "admin-php\n";
        }
        location ~ ^/static/ {
            return 200 "static-regex\n";
        }
        location /static/css/ {                 # lint: unreachable-location
            return 200 "css-prefix\n";
        }
        location ^~ /static/js/ {
            return 200 "js-prefix\n";
        }
        location images {                       # lint: unreachable-location
            return 200 "no-slash\n";
        }
        location /a//b/ {                       # lint: unreachable-location
            return 200 "double-slash\n";
        }
        location /c/../d/ {                     # lint: unreachable-location
            return 200 "dot-dot\n";
        }
        location = /echo {
            return 200 "echo\n";
        }
        location /mi/ {
            proxy_pass http://$mi_backend/echo; # lint: missing-internal
        }
        location /mi-int/ {
            internal;
            proxy_pass http://$mi_backend/echo;
        }
        location /ds/ {
            proxy_pass $ds_scheme://127.0.0.1:@NGINX_PORT@/echo; # lint: dynamic-proxy-scheme
        }
        location /tf/ {
            root @DIR@/www;
            try_files $uri =404;                # lint: try-files-with-proxy
            proxy_pass http://127.0.0.1:@BACKEND_PORT@;
        }
        location /pmh/ {
            proxy_pass http://pmh_backend;      # lint: proxy-missing-host
        }
        location /pmh-ip/ {
            proxy_pass http://127.0.0.1:@BACKEND_PORT@; # lint: proxy-missing-host
        }
        location /pmh-set/ {
            proxy_set_header Host $host;
            proxy_pass http://pmh_backend;
        }
        location /al/ {
            alias @DIR@/www/al;                 # lint: alias-location-slash-mismatch
        }
        location = /via-error-page {
            error_page 418 = /mi-int/x;
            return 418;
        }
    }
`

// TestNewRuleClaimsAgainstNginx runs real nginx with the mistakes the new
// rules describe and checks that nginx answers as their documents say.
func TestNewRuleClaimsAgainstNginx(t *testing.T) {
	bin := testutil.Nginx(t)
	dir := t.TempDir()
	for _, sub := range []string{"logs", "tmp", "www"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	port, backend := freePort(t), freePort(t)
	if err := os.MkdirAll(filepath.Join(dir, "www", "tf"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "www", "tf", "exists.txt"), []byte("from disk\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "www", "al_private"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"www/al_private/key": "private key\n", "www/alindex.txt": "glued\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := "user root;\n" + strings.ReplaceAll(conf(newRulesBody, port, backend), "@DIR@", dir)
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	checkLint(t, cfg)
	startNginx(t, bin, dir, filepath.Join(dir, "logs", "error.log"), confPath, port)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for _, tc := range []struct {
		rule, path string
		status     int
		body       string // substring of the body ("" = any)
	}{
		// The earlier, broader regex takes what the later one would match.
		{"unreachable-location", "/api/v1/users", 200, "api\n"},
		// ~* \.PHP$ takes /admin/x.php before the case-sensitive regex.
		{"unreachable-location", "/admin/x.php", 200, "php-any-case"},
		// A regex of the same block beats the longest plain prefix …
		{"unreachable-location", "/static/css/site.css", 200, "static-regex"},
		// … unless the prefix has ^~.
		{"unreachable-location", "/static/js/app.js", 200, "js-prefix"},
		// A location without a leading slash: a target without one is refused.
		{"unreachable-location", "images", 400, ""},
		{"unreachable-location", "http://test/images", 200, "root"},
		// merge_slashes (on) and the dot-segment resolution rewrite the URI
		// before locations are matched.
		{"unreachable-location", "/a//b/x", 200, "root"},
		{"unreachable-location", "/c/../d/x", 200, "root"},
		// A computed destination in a public location answers anyone;
		// internal refuses direct requests and still serves redirects.
		{"missing-internal", "/mi/x", 200, "echo"},
		{"missing-internal", "/mi-int/x", 404, ""},
		{"missing-internal", "/via-error-page", 200, "echo"},
		// The scheme picks plain HTTP or TLS towards the same backend port.
		{"dynamic-proxy-scheme", "/ds/x", 200, "echo"},
		{"dynamic-proxy-scheme", "http://tls.test/ds/x", 502, ""},
		// try_files finds the file, and the backend answers for it; a
		// missing file gets try_files' =404.
		{"try-files-with-proxy", "/tf/exists.txt", 200, "backend uri=/tf/exists.txt"},
		{"try-files-with-proxy", "/tf/missing.txt", 404, ""},
		// The rest of the URI is glued onto the alias: /al/index.txt reads
		// www/alindex.txt, and the sibling www/al_private is served.
		{"alias-location-slash-mismatch", "/al/index.txt", 200, "glued"},
		{"alias-location-slash-mismatch", "/al/_private/key", 200, "private key"},
		// Without proxy_set_header Host the backend sees $proxy_host.
		{"proxy-missing-host", "/pmh/x", 200, "host=pmh_backend\n"},
		{"proxy-missing-host", "/pmh-ip/x", 200, fmt.Sprintf("host=127.0.0.1:%d\n", backend)},
		{"proxy-missing-host", "http://site.test/pmh-set/x", 200, "host=site.test\n"},
	} {
		status, _, body := rawGet(t, addr, tc.path)
		if status != tc.status || !strings.Contains(body, tc.body) {
			t.Errorf("%s: GET %s = %d %q, want %d with %q", tc.rule, tc.path, status, body, tc.status, tc.body)
		}
	}
}

// misdirectedBody: two address:ports, each with a default server that
// rejects TLS handshakes and a server for a.test; HTTP/2 on both. Only
// the first default server lacks location / { return 421; }.
const misdirectedBody = `    server {
        listen 127.0.0.1:@NGINX_PORT@ ssl http2 default_server;
        ssl_reject_handshake on;                # lint: http2-misdirected-request
    }
    server {
        listen 127.0.0.1:@NGINX_PORT@ ssl http2;
        server_name a.test;
        ssl_certificate @DIR@/site.crt;
        ssl_certificate_key @DIR@/site.key;
        location / {
            return 200 "a.test\n";
        }
    }
    server {
        listen 127.0.0.1:@BACKEND_PORT@ ssl http2 default_server;
        ssl_reject_handshake on;
        location / {
            return 421;
        }
    }
    server {
        listen 127.0.0.1:@BACKEND_PORT@ ssl http2;
        server_name a.test;
        ssl_certificate @DIR@/site.crt;
        ssl_certificate_key @DIR@/site.key;
        location / {
            return 200 "a.test\n";
        }
    }
`

// TestHTTP2MisdirectedAgainstNginx sends, over an HTTP/2 connection made
// for a.test, a request for a name no server_name matches: the default
// server that rejects handshakes answers it with its own content, unless
// it returns 421.
func TestHTTP2MisdirectedAgainstNginx(t *testing.T) {
	bin := testutil.Nginx(t)
	dir := t.TempDir()
	for _, sub := range []string{"logs", "tmp", "html"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	crt, key := selfSigned(t)
	for name, data := range map[string][]byte{"site.crt": crt, "site.key": key, "html/index.html": []byte("default page\n")} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	port, guarded := freePort(t), freePort(t)
	cfg := "user root;\n" + strings.ReplaceAll(conf(misdirectedBody, port, guarded), "@DIR@", dir)
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	checkLint(t, cfg)
	startNginx(t, bin, dir, filepath.Join(dir, "logs", "error.log"), confPath, port)
	get := func(port int, host string) (int, string, string) {
		tr := &http.Transport{
			TLSClientConfig:   &tls.Config{ServerName: "a.test", InsecureSkipVerify: true}, //nolint:gosec // a throw-away certificate
			ForceAttemptHTTP2: true,
		}
		defer tr.CloseIdleConnections()
		req, err := http.NewRequest(http.MethodGet, fmt.Sprintf("https://127.0.0.1:%d/", port), nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = host
		resp, err := (&http.Client{Transport: tr, Timeout: 5 * time.Second}).Do(req)
		if err != nil {
			t.Fatalf("GET host %s on port %d: %v", host, port, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Proto, string(b)
	}
	for _, tc := range []struct {
		port       int
		host, body string
		status     int
	}{
		{port, "a.test", "a.test", 200},
		// Misdirected: the rejecting default server serves its root.
		{port, "b.test", "default page", 200},
		// With location / { return 421; } the client is told to retry.
		{guarded, "b.test", "", 421},
	} {
		status, proto, body := get(tc.port, tc.host)
		if status != tc.status || proto != "HTTP/2.0" || !strings.Contains(body, tc.body) {
			t.Errorf("http2-misdirected-request: Host %s on port %d = %d %s %q, want %d HTTP/2.0 with %q", tc.host, tc.port, status, proto, body, tc.status, tc.body)
		}
	}
}
