package e2e

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// rawURIBody passes the request path to a backend four ways: a rewrite
// to $request_uri without break, one with break followed by a proxy_pass
// that builds the URI itself, one with break and $uri, and the decoded
// $uri. Marked lines are what proxy-pass-normalized and http-splitting
// must report, and nothing else.
const rawURIBody = `    server {
        listen 127.0.0.1:@NGINX_PORT@;
        location /loop/ {
            rewrite ^ $request_uri;                     # lint: proxy-pass-normalized
            proxy_pass http://127.0.0.1:@BACKEND_PORT@;
        }
        location /twice/ {
            rewrite ^ $request_uri break;
            proxy_pass http://127.0.0.1:@BACKEND_PORT@; # lint: proxy-pass-normalized
        }
        location /raw/ {
            rewrite ^ $request_uri break;
            proxy_pass http://127.0.0.1:@BACKEND_PORT@$uri;
        }
        location /decoded/ {
            proxy_pass http://127.0.0.1:@BACKEND_PORT@$uri; # lint: http-splitting
        }
    }
`

// TestRawURIAgainstNginx checks what proxy-pass-normalized and
// http-splitting say of rewrite ^ $request_uri: without break every
// request ends in 500 (a rewrite cycle); with break the still-encoded path
// is in $uri, so a proxy_pass without $uri encodes it twice while one with
// $uri passes it as sent, an encoded LF included; the decoded $uri writes
// that LF into the request line.
func TestRawURIAgainstNginx(t *testing.T) {
	bin := testutil.Nginx(t)
	requests, backend := recordingBackend(t)
	port := freePort(t)
	dir, confPath, cfg := writeNginxConf(t, conf(rawURIBody, port, backend))
	for _, rule := range []string{"proxy-pass-normalized", "http-splitting"} {
		checkRuleLines(t, cfg, "", rule)
	}

	startNginx(t, bin, dir, filepath.Join(dir, "logs", "error.log"), confPath, port)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	const lf = "a%2Fb%0AX-Injected:%20yes"
	for _, tc := range []struct {
		path      string
		status    int
		line      string // the request line the backend gets ("" none)
		injected  bool   // whether the backend gets an X-Injected header line
		rulesSays string
	}{
		{"/loop/a%2Fb", 500, "", false, "proxy-pass-normalized: a loop"},
		{"/twice/a%2Fb", 200, "GET /twice/a%252Fb HTTP/1.0", false, "proxy-pass-normalized: encoded twice"},
		{"/raw/" + lf, 200, "GET /raw/" + lf + " HTTP/1.0", false, "no finding: $uri holds the encoded path"},
		{"/decoded/" + lf, 200, "GET /decoded/a/b", true, "http-splitting: the LF splits the request line"},
	} {
		status, _, body := rawGet(t, addr, tc.path)
		if status != tc.status {
			t.Errorf("%s: GET %s = %d %q, want %d", tc.rulesSays, tc.path, status, body, tc.status)
		}
		var req string
		select {
		case req = <-requests:
		case <-time.After(500 * time.Millisecond):
		}
		first, _, _ := strings.Cut(req, "\n")
		if strings.TrimRight(first, "\r") != tc.line {
			t.Errorf("%s: GET %s reached the backend as %q, want %q", tc.rulesSays, tc.path, first, tc.line)
		}
		if got := strings.Contains(req, "\nX-Injected: yes"); got != tc.injected {
			t.Errorf("%s: GET %s: X-Injected header line at the backend = %v, want %v; request:\n%s", tc.rulesSays, tc.path, got, tc.injected, req)
		}
	}
}

// recordingBackend listens on a free port and sends the head of every
// request it gets (up to the blank line) on the channel, answering 200.
func recordingBackend(t *testing.T) (<-chan string, int) {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	requests := make(chan string, 16)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(5 * time.Second))
				r := bufio.NewReader(c)
				var head strings.Builder
				for {
					l, err := r.ReadString('\n')
					head.WriteString(l)
					if err != nil || l == "\r\n" {
						break
					}
				}
				requests <- head.String()
				_, _ = io.WriteString(c, "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n")
			}(c)
		}
	}()
	return requests, ln.Addr().(*net.TCPAddr).Port
}
