package rules_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// TestSecuritySeverities pins the per-finding severities the fixtures do
// not show: the same rule reports info or warning (or error) depending on
// what it found and on the configured nginx version.
func TestSecuritySeverities(t *testing.T) {
	const keepalive = `http {
    upstream app { server 10.0.0.1:80; keepalive 8; }
    server {
        location /a/ { proxy_pass http://app; }
        location /b/ { proxy_http_version 1.0; proxy_pass http://app; }
        location /c/ { proxy_http_version 1.1; proxy_pass http://app; }
    }
}
`
	for _, c := range []struct {
		name, rule, version, src, want string
	}{
		{"keepalive, no version", "keepalive-without-http11", "", keepalive, "5 warning"},
		{"keepalive, old nginx", "keepalive-without-http11", "1.24.0", keepalive, "4 warning, 5 warning, 6 warning"},
		{"keepalive, new nginx", "keepalive-without-http11", "1.30.0", keepalive, "5 warning"},
		{"redefinition, security header", "add-header-redefinition", "", `server {
    add_header X-Frame-Options DENY;
    location / { add_header X-A 1; }
}
`, "3 warning"},
		{"redefinition, other header", "add-header-redefinition", "", `server {
    add_header X-Served-By a;
    location / { add_header X-A 1; }
}
`, "3 info"},
		{"redefinition, caching headers", "add-header-redefinition", "", `server {
    add_header Cache-Control "public, max-age=600";
    location / { add_header X-A 1; }
    location /p/ {
        add_header Cache-Control "no-store";
        location /p/q/ { add_header X-B 1; }
    }
}
`, "3 info, 6 warning"},
		{"cors echo", "cors-wildcard-credentials", "", `location / {
    add_header Access-Control-Allow-Origin $http_origin;
    add_header Access-Control-Allow-Credentials true;
}
`, "2 error"},
		{"hsts", "hsts-header", "", `http {
    server { listen 443 ssl; }
    server { listen 443 ssl; add_header Strict-Transport-Security "preload"; }
}
`, "2 info, 3 warning"},
		{"normalized", "proxy-pass-normalized", "", `location /a/ {
    proxy_pass http://b/;
}
location /r/ {
    rewrite ^ $request_uri break;
    proxy_pass http://b;
}
location /loop/ {
    rewrite ^ $request_uri;
    proxy_pass http://b$uri;
}
`, "2 info, 6 warning, 9 warning"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := analyzer.Parse("t.conf", "", []byte(c.src), analyzer.LoadOptions{})
			a.Config = &analyzer.Config{Only: []string{c.rule}, NginxVersion: c.version}
			var got []string
			for _, f := range a.Check() {
				if f.Rule == c.rule {
					got = append(got, fmt.Sprintf("%d %s", f.Range.Start.Line, f.Severity))
				} else {
					t.Errorf("unexpected %s: %s", f.Rule, f.Message)
				}
			}
			if s := strings.Join(got, ", "); s != c.want {
				t.Errorf("got %q, want %q", s, c.want)
			}
		})
	}
}
