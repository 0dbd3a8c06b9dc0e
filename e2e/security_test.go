package e2e

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// securityBody is the http{} body of the test config, one location per
// claim; @DIR@ and @NGINX_PORT@ are filled in. Each line marked
// "# lint: RULE" must be reported by that rule.
const securityBody = `    server_tokens on;                           # lint: version-disclosure
    map $arg_k $mapped {                        # lint: hash-without-default
        a 1;
        b 2;
    }
    server {
        listen 127.0.0.1:@NGINX_PORT@;
        error_log off;                          # lint: error-log-off
        location /files {
            alias @DIR@/www/pub/;               # lint: alias-traversal
        }
        location ~ ^/img(.*)$ {
            alias @DIR@/www/pub/$1;             # lint: alias-traversal
        }
        location /deny-return {
            deny all;
            return 200 "bypassed\n";            # lint: return-bypasses-allow-deny
        }
        location /deny-static {
            deny all;
            alias @DIR@/www/pub/ok.txt;
        }
        location /allow-only {
            allow 192.0.2.1;                    # lint: allow-without-deny
            alias @DIR@/www/pub/ok.txt;
        }
        location /tf {
            root @DIR@/www/pub;
            try_files /ok.txt =404;
            if ($arg_x) {                       # lint: if-is-evil
                set $y 1;
            }
        }
        location /setonly/ {
            add_header X-From-Location yes;
            alias @DIR@/www/pub/;
            if ($arg_x) {
                set $y 1;
            }
        }
        location ~ \.php {                      # lint: unanchored-regex
            return 200 "php handler\n";
        }
        location /map {
            return 200 "[$mapped]\n";
        }
        location ~ ^/redos/(a+)+$ {             # lint: regex-redos
            return 200 "matched\n";
        }
        location /nocapture {
            return 200 "[$1]\n";                # lint: invalid-regex
        }
    }
`

// TestSecurityClaimsAgainstNginx runs real nginx on loopback with the
// mistakes the security rules describe, and checks that nginx behaves as
// the rule documents say and that the rules flag each line.
func TestSecurityClaimsAgainstNginx(t *testing.T) {
	bin := testutil.Nginx(t)
	dir := t.TempDir()
	for _, sub := range []string{"logs", "tmp", "www/pub"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("www/secret.txt", "top secret\n")
	write("www/pub/ok.txt", "ok\n")
	port := freePort(t)
	// The workers must read files in the test's private temporary
	// directory: under root (CI) they would otherwise run as nobody; a
	// non-root nginx ignores the directive.
	cfg := "user root;\n" + strings.ReplaceAll(conf(securityBody, port, 0), "@DIR@", dir)
	write("nginx.conf", cfg)

	checkLint(t, cfg)

	confPath := filepath.Join(dir, "nginx.conf")
	errLog := filepath.Join(dir, "logs", "error.log")
	startNginx(t, bin, dir, errLog, confPath, port)
	addr := fmt.Sprintf("127.0.0.1:%d", port)

	for _, tc := range []struct {
		rule, path string
		status     int
		body       string // substring of the body ("" = any)
		header     string // substring of the headers ("" = any)
	}{
		// The prefix without a slash lets "../" out of the aliased directory.
		{"alias-traversal", "/files../secret.txt", 200, "top secret", ""},
		// So does a capture glued after the alias's slash.
		{"alias-traversal", "/img../secret.txt", 200, "top secret", ""},
		// return answers before deny all is checked; static content is denied.
		{"return-bypasses-allow-deny", "/deny-return", 200, "bypassed", ""},
		{"return-bypasses-allow-deny", "/deny-static", 403, "", ""},
		// allow without deny lets everybody in.
		{"allow-without-deny", "/allow-only", 200, "ok", ""},
		// try_files is skipped when the if matches, even with only set inside.
		{"if-is-evil", "/tf", 200, "ok", ""},
		{"if-is-evil", "/tf?x=1", 404, "", ""},
		// A set-only if keeps everything else of the location.
		{"if-is-evil", "/setonly/ok.txt?x=1", 200, "ok", "X-From-Location: yes"},
		// The unanchored extension matches in the middle of the URI.
		{"unanchored-regex", "/avatar.php.png", 200, "php handler", ""},
		// A map without default gives the empty string.
		{"hash-without-default", "/map?k=zzz", 200, "[]", ""},
		// $1 with no regex is empty.
		{"invalid-regex", "/nocapture", 200, "[]", ""},
		// PCRE gives up at its match limit: nginx logs an alert and fails
		// the request instead of trying the other locations (404 here).
		{"regex-redos", "/redos/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", 500, "", ""},
		{"regex-redos", "/redos/aaaa", 200, "matched", ""},
		// server_tokens on shows the version.
		{"version-disclosure", "/map", 200, "", "Server: nginx/"},
	} {
		status, headers, body := rawGet(t, addr, tc.path)
		if status != tc.status || !strings.Contains(body, tc.body) || !strings.Contains(headers, tc.header) {
			t.Errorf("%s: GET %s = %d %q (headers %q), want %d with %q and header %q",
				tc.rule, tc.path, status, body, headers, tc.status, tc.body, tc.header)
		}
	}
	// error_log off: nginx wrote the 404 of /tf?x=1 and the match-limit
	// alert to a file named "off".
	off, err := os.ReadFile(filepath.Join(dir, "off"))
	if err != nil {
		t.Errorf("error-log-off: no file named \"off\" in the prefix: %v", err)
	}
	if !strings.Contains(string(off), "_match() failed") {
		t.Errorf("regex-redos: no match-limit alert in the log:\n%s", off)
	}
}

// checkLint runs every rule on conf and checks each "# lint: RULE" line.
func checkLint(t *testing.T, conf string) {
	t.Helper()
	cfg := &analyzer.Config{Enabled: map[string]bool{}}
	for _, r := range analyzer.Rules() {
		cfg.Enabled[r.ID] = true // those off by default too
	}
	fs := analyzer.Run("nginx.conf", "", []byte(conf), analyzer.LoadOptions{NoIncludes: true}, cfg)
	for i, line := range strings.Split(conf, "\n") {
		_, rule, ok := strings.Cut(line, "# lint: ")
		if !ok {
			continue
		}
		rule = strings.TrimSpace(rule)
		found := false
		for _, f := range fs {
			if f.Rule == rule && f.Range.Start.Line == i+1 {
				found = true
			}
		}
		if !found {
			t.Errorf("line %d: %s did not report %q", i+1, rule, strings.TrimSpace(line))
		}
	}
}

// rawGet sends the path exactly as written (no client-side cleaning).
func rawGet(t *testing.T, addr, path string) (status int, headers, body string) {
	t.Helper()
	c, err := net.DialTimeout("tcp4", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(c, "GET %s HTTP/1.0\r\nHost: test\r\n\r\n", path)
	r := bufio.NewReader(c)
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if _, err := fmt.Sscanf(line, "HTTP/1.1 %d", &status); err != nil {
		t.Fatalf("GET %s: status line %q", path, line)
	}
	var hb strings.Builder
	for {
		h, err := r.ReadString('\n')
		if err != nil || h == "\r\n" {
			break
		}
		hb.WriteString(h)
	}
	b, _ := io.ReadAll(r)
	return status, hb.String(), string(b)
}

// fixableBody has a finding for each fixable security rule whose fix does
// not need certificates; @DIR@ and @NGINX_PORT@ are filled in.
const fixableBody = `    server_tokens build;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;
    map $arg_k $mapped {
        a 1;
        b 2;
    }
    server {
        listen 127.0.0.1:@NGINX_PORT@;
        error_log off;
        location /files {
            alias @DIR@/www/;
        }
        location /admin/ {
            allow 10.0.0.0/8;
            return 204;
        }
        location ~ \.php {
            return 200 "$mapped";
        }
    }
`

// TestSecurityFixesPassNginx applies every fix the security rules offer
// (safe and unsafe) and checks that nginx still accepts the config and that
// no rule offers a further fix.
func TestSecurityFixesPassNginx(t *testing.T) {
	bin := testutil.Nginx(t)
	dir := t.TempDir()
	for _, sub := range []string{"logs", "tmp", "www"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	src := strings.ReplaceAll(conf(fixableBody, freePort(t), 0), "@DIR@", dir)
	rules := []string{"version-disclosure", "weak-ssl-tls", "hash-without-default", "error-log-off",
		"alias-traversal", "allow-without-deny", "unanchored-regex"}
	cfg := &analyzer.Config{Only: rules}
	fs := analyzer.Run("nginx.conf", "", []byte(src), analyzer.LoadOptions{NoIncludes: true}, cfg)
	var edits []analyzer.TextEdit
	fixed := map[string]bool{}
	for _, f := range fs {
		for _, fx := range f.Fixes {
			edits = append(edits, fx.Edits...)
			fixed[f.Rule] = true
		}
	}
	for _, r := range rules {
		if !fixed[r] {
			t.Errorf("%s offered no fix", r)
		}
	}
	out, errs := analyzer.ApplyEdits([]byte(src), edits)
	if len(errs) > 0 {
		t.Fatalf("applying fixes: %v", errs)
	}
	for name, text := range map[string]string{"original": src, "fixed": string(out)} {
		path := filepath.Join(dir, name+".conf")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if b, err := exec.Command(bin, "-t", "-q", "-p", dir, "-e", filepath.Join(dir, "logs", "error.log"), "-c", path).CombinedOutput(); err != nil {
			t.Errorf("nginx -t on the %s config: %v\n%s\n%s", name, err, b, text)
		}
	}
	for _, f := range analyzer.Run("nginx.conf", "", out, analyzer.LoadOptions{NoIncludes: true}, cfg) {
		if len(f.Fixes) > 0 {
			t.Errorf("after fixing, %s still offers a fix at line %d: %s", f.Rule, f.Range.Start.Line, f.Message)
		}
	}
}
