package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// keepaliveBody proxies to an upstream with keepalive, once with nginx's
// defaults and once with the lines keepalive-without-http11 asks for; the
// backend answers with the protocol, the Connection header and the serial
// number of the connection each request came on.
const keepaliveBody = `    server {
        listen 127.0.0.1:@BACKEND_PORT@;
        location / {
            return 200 "proto=$server_protocol conn=$http_connection serial=$connection\n";
        }
    }
    upstream ka_backend {
        server 127.0.0.1:@BACKEND_PORT@;
        keepalive 8;
    }
    server {
        listen 127.0.0.1:@NGINX_PORT@;
        location /default/ {
            proxy_pass http://ka_backend;           # lint: keepalive-without-http11
        }
        location /fixed/ {
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_pass http://ka_backend;
        }
    }
`

// TestKeepaliveDefaultsAgainstNginx checks what keepalive-without-http11
// says of the nginx it runs (1.22.1 in CI, older than 1.29.7): by default
// nginx proxies with HTTP/1.0 and Connection: close, so each request
// opens a new connection to the upstream; with proxy_http_version 1.1 and
// an empty Connection header the cached connection is used again. The
// rule, given that version, reports the first location and not the second.
func TestKeepaliveDefaultsAgainstNginx(t *testing.T) {
	bin := testutil.Nginx(t)
	version := nginxVersion(t, bin)
	if analyzer.CompareVersions(version, "1.29.7") >= 0 {
		t.Skipf("nginx %s proxies with HTTP/1.1 by default; this test measures the older defaults", version)
	}
	port, backend := freePort(t), freePort(t)
	// One worker: the keepalive cache is per worker process.
	dir, confPath, cfg := writeNginxConf(t, strings.Replace(conf(keepaliveBody, port, backend), "worker_processes 2;", "worker_processes 1;", 1))
	checkRuleLines(t, cfg, version, "keepalive-without-http11")

	startNginx(t, bin, dir, filepath.Join(dir, "logs", "error.log"), confPath, port)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	answer := func(path string) (head, serial string) {
		status, _, body := rawGet(t, addr, path)
		if status != 200 {
			t.Fatalf("GET %s = %d %q", path, status, body)
		}
		head, serial, _ = strings.Cut(strings.TrimSpace(body), " serial=")
		return head, serial
	}
	for _, tc := range []struct {
		path, head string
		reused     bool
	}{
		{"/default/", "proto=HTTP/1.0 conn=close", false},
		{"/fixed/", "proto=HTTP/1.1 conn=", true},
	} {
		head1, serial1 := answer(tc.path + "a")
		head2, serial2 := answer(tc.path + "b")
		if head1 != tc.head || head2 != tc.head {
			t.Errorf("GET %s: the backend saw %q then %q, want %q", tc.path, head1, head2, tc.head)
		}
		if reused := serial1 == serial2; reused != tc.reused {
			t.Errorf("GET %s twice: backend connections %s and %s, want reused=%v", tc.path, serial1, serial2, tc.reused)
		}
	}
}

// checkRuleLines runs rule (alone, for the given nginx version) on conf
// and checks that it reports exactly the lines marked "# lint: RULE …"
// (a mark may name several rules).
func checkRuleLines(t *testing.T, conf, version, rule string) {
	t.Helper()
	var got, want []int
	for _, f := range analyzer.Run("nginx.conf", "", []byte(conf), analyzer.LoadOptions{NoIncludes: true}, &analyzer.Config{Only: []string{rule}, NginxVersion: version}) {
		if f.Rule == rule {
			got = append(got, f.Range.Start.Line)
		}
	}
	for i, l := range strings.Split(conf, "\n") {
		if _, mark, ok := strings.Cut(l, "# lint: "); ok && slices.Contains(strings.Fields(mark), rule) {
			want = append(want, i+1)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s (nginx-version %q) reported lines %v, want %v", rule, version, got, want)
	}
}

// writeNginxConf writes cfg (from conf; @DIR@ filled in with a new
// directory that has logs/ and tmp/, and "user root;" added when run as
// root, so that workers can write there) and returns the directory, the
// file and the text written.
func writeNginxConf(t *testing.T, cfg string) (dir, confPath, text string) {
	t.Helper()
	dir = t.TempDir()
	for _, sub := range []string{"logs", "tmp"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if os.Geteuid() == 0 {
		cfg = "user root;\n" + cfg
	}
	text = strings.ReplaceAll(cfg, "@DIR@", dir)
	confPath = filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, confPath, text
}
