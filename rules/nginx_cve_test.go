package rules

import (
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// cveTriggerConfigs holds, per trigger, a configuration that has it and
// one that is alike but lacks it.
var cveTriggerConfigs = map[string][2]string{
	"resolver": {
		"http { resolver 127.0.0.1; server { listen 80; location / { proxy_pass http://$host; } } }",
		"http { server { listen 80; location / { proxy_pass http://127.0.0.1:8080; } } }"},
	"mp4": {
		"http { server { listen 80; location /v/ { mp4; } } }",
		"http { server { listen 80; location /v/ { flv; } } }"},
	"quic": {
		"http { server { listen 443 quic reuseport; listen 443 ssl; } }",
		"http { server { listen 443 ssl; } }"},
	"spdy": {
		"http { server { listen 443 ssl spdy; } }",
		"http { server { listen 443 ssl; } }"},
	"http2": {
		"http { server { listen 443 ssl http2; } }",
		"http { server { listen 443 ssl; } }"},
	"ssl": {
		"http { server { listen 443 ssl; } }",
		"http { server { listen 80; } }"},
	"ssi": {
		"http { server { listen 80; location / { ssi on; proxy_pass http://127.0.0.1:8080; } } }",
		"http { server { listen 80; location / { ssi off; proxy_pass http://127.0.0.1:8080; } } }"},
	"http-server": {
		"http { server { listen 80; } }",
		"stream { server { listen 53 udp; proxy_pass 127.0.0.1:5353; } }"},
	"proxy-pass": {
		"http { server { listen 80; location / { proxy_pass http://127.0.0.1:8080; } } }",
		"http { server { listen 80; location / { fastcgi_pass 127.0.0.1:9000; } } }"},
	"upstream-pass": {
		"http { server { listen 80; location / { fastcgi_pass 127.0.0.1:9000; } } }",
		"http { server { listen 80; location / { root /srv; } } }"},
	"scgi-uwsgi": {
		"http { server { listen 80; location / { uwsgi_pass 127.0.0.1:3031; } } }",
		"http { server { listen 80; location / { fastcgi_pass 127.0.0.1:9000; } } }"},
	"ssl-verify-client": {
		"http { server { listen 443 ssl; ssl_client_certificate /etc/ca.pem; ssl_verify_client on; } }",
		"http { server { listen 443 ssl; ssl_verify_client off; } }"},
	"ssl-session-shared": {
		"http { ssl_session_cache shared:SSL:10m; server { listen 443 ssl; } }",
		"http { ssl_session_cache builtin:1000; server { listen 443 ssl; } }"},
	"ssl-ocsp": {
		"http { resolver 127.0.0.1; server { listen 443 ssl; ssl_verify_client on; ssl_ocsp on; } }",
		"http { resolver 127.0.0.1; server { listen 443 ssl; ssl_verify_client on; ssl_ocsp off; } }"},
	"stream-ssl-ocsp": {
		"stream { server { listen 443 ssl; ssl_verify_client on; ssl_ocsp leaf; proxy_pass 127.0.0.1:8443; } }",
		"stream { server { listen 443 ssl; ssl_verify_client on; proxy_pass 127.0.0.1:8443; } }"},
	"ssl-upstream": {
		"http { server { listen 80; location / { proxy_pass https://10.0.0.1; } } }",
		"http { server { listen 80; location / { proxy_pass http://10.0.0.1; } } }"},
	"charset-utf8": {
		"http { charset_map koi8-r utf-8 { C0 D18E; } server { listen 80; charset koi8-r; source_charset utf-8; } }",
		"http { charset_map koi8-r windows-1251 { C0 FE; } server { listen 80; charset koi8-r; source_charset windows-1251; } }"},
	"dav-copy-move": {
		"http { server { listen 80; location /dav/ { root /srv; dav_methods PUT COPY MOVE; } } }",
		"http { server { listen 80; location /dav/ { root /srv; dav_methods PUT DELETE; } } }"},
	"dav-copy-move-alias": {
		"http { server { listen 80; location /dav/ { alias /srv/dav/; dav_methods PUT COPY MOVE; } } }",
		"http { server { listen 80; location /dav/ { root /srv; dav_methods PUT COPY MOVE; } } }"},
	"h2-upstream-invalid-headers": {
		"http { server { listen 80; ignore_invalid_headers off; location / { grpc_pass grpc://127.0.0.1:50051; } } }",
		"http { server { listen 80; location / { grpc_pass grpc://127.0.0.1:50051; } } }"},
	"proxy-set-body-h2": {
		"http { server { listen 80; location / { proxy_http_version 2; proxy_set_body $request_body; proxy_pass https://10.0.0.1; } } }",
		"http { server { listen 80; location / { proxy_http_version 1.1; proxy_set_body $request_body; proxy_pass http://10.0.0.1; } } }"},
	"mail-cram-apop": {
		"mail { auth_http 127.0.0.1:9000/auth; server { listen 110; protocol pop3; pop3_auth plain apop; } }",
		"mail { auth_http 127.0.0.1:9000/auth; server { listen 110; protocol pop3; pop3_auth plain; } }"},
	"mail-resolver": {
		"mail { auth_http 127.0.0.1:9000/auth; resolver 127.0.0.1; server { listen 25; protocol smtp; } }",
		"mail { auth_http 127.0.0.1:9000/auth; resolver off; server { listen 25; protocol smtp; } }"},
	"smtp-auth-none": {
		"mail { auth_http 127.0.0.1:9000/auth; server { listen 25; protocol smtp; smtp_auth none; } }",
		"mail { auth_http 127.0.0.1:9000/auth; server { listen 25; protocol smtp; smtp_auth login plain; } }"},
	"mail-starttls": {
		"mail { auth_http 127.0.0.1:9000/auth; server { listen 25; protocol smtp; starttls on; } }",
		"mail { auth_http 127.0.0.1:9000/auth; server { listen 25; protocol smtp; starttls off; } }"},
	"rewrite-args-capture": {
		"http { server { listen 80; location ~ ^/api/(.*)$ { rewrite ^/api/(.*)$ /internal?migrated=true; set $endpoint $1; proxy_pass http://10.0.0.1; } } }",
		"http { server { listen 80; location ~ ^/api/(?<rest>.*)$ { rewrite ^/api/(.*)$ /internal?migrated=true; set $endpoint $rest; proxy_pass http://10.0.0.1; } } }"},
	"rewrite-overlapping-captures": {
		"http { server { listen 80; location / { rewrite ^/((.*))$ http://example.com/$1$2 redirect; } } }",
		"http { server { listen 80; location / { rewrite ^/(.*)/(.*)$ http://example.com/$1$2 redirect; } } }"},
	"slice-unnamed-capture": {
		"http { server { listen 80; location ~ ^/v/(.*)$ { slice 1m; proxy_set_header Range $slice_range; proxy_set_header X-Path $1; proxy_pass http://10.0.0.1; } } }",
		"http { server { listen 80; location ~ ^/v/(?<p>.*)$ { slice 1m; proxy_set_header Range $slice_range; proxy_set_header X-Path $p; proxy_pass http://10.0.0.1; } } }"},
	"map-capture": {
		"http { map $uri $m { ~^/(?<cap>.*) $cap; default x; } server { listen 80; set $cap \"\"; set $t \"$cap $m\"; return 200 $t; } }",
		"http { map $uri $m { ~^/(?<cap>.*) $cap; default x; } server { listen 80; set $t \"$m\"; return 200 $t; } }"},
}

func cveFindings(t *testing.T, conf, version string) []analyzer.Finding {
	t.Helper()
	cfg := &analyzer.Config{Only: []string{"nginx-cve"}, NginxVersion: version}
	var out []analyzer.Finding
	for _, f := range analyzer.Run("t.conf", "", []byte(conf), analyzer.LoadOptions{}, cfg) {
		if f.Rule == "nginx-cve" {
			out = append(out, f)
		}
	}
	return out
}

func reports(fs []analyzer.Finding, cve string) bool {
	for _, f := range fs {
		if strings.Contains(f.Message, cve+" ") {
			return true
		}
	}
	return false
}

// TestNginxCVEAdvisories checks every advisory: reported for its newest
// vulnerable version when the trigger is in the configuration, not for the
// first fixed version, and not without the trigger.
func TestNginxCVEAdvisories(t *testing.T) {
	seen := map[string]bool{}
	for _, adv := range advisories {
		t.Run(adv.CVE, func(t *testing.T) {
			if seen[adv.CVE] {
				t.Fatalf("%s listed twice", adv.CVE)
			}
			seen[adv.CVE] = true
			confs, ok := cveTriggerConfigs[adv.Trigger]
			if !ok || cveTriggers[adv.Trigger] == nil {
				t.Fatalf("trigger %q has no implementation or no test configuration", adv.Trigger)
			}
			ranges := strings.Split(adv.Vulnerable, ",")
			first := strings.TrimSpace(ranges[0])
			lo, hi, ok := strings.Cut(first, "-")
			if !ok {
				hi = lo
			}
			fixed := strings.TrimSuffix(strings.TrimSpace(strings.Split(adv.Fixed, ",")[0]), "+")
			for _, v := range []string{lo, hi} {
				fs := cveFindings(t, confs[0], v)
				if !reports(fs, adv.CVE) {
					t.Errorf("%s with the trigger: %s not reported; got %v", v, adv.CVE, fs)
				}
				for _, f := range fs {
					if len(f.Message) > analyzer.MaxHeadline {
						t.Errorf("headline of %d bytes: %q", len(f.Message), f.Message)
					}
					if reports([]analyzer.Finding{f}, adv.CVE) && !strings.Contains(strings.Join(f.Notes, "\n"), adv.Fixed) {
						t.Errorf("notes do not name the fixed versions %q: %q", adv.Fixed, f.Notes)
					}
				}
				if fs := cveFindings(t, confs[1], v); reports(fs, adv.CVE) {
					t.Errorf("%s without the trigger: %s reported", v, adv.CVE)
				}
			}
			if fs := cveFindings(t, confs[0], fixed); reports(fs, adv.CVE) {
				t.Errorf("fixed version %s: %s reported", fixed, adv.CVE)
			}
			if fs := cveFindings(t, confs[0], ""); len(fs) > 0 {
				t.Errorf("no version set: %v", fs)
			}
		})
	}
}

func TestVersionAffected(t *testing.T) {
	cases := []struct {
		v, vuln, fixed string
		want           bool
	}{
		{"1.20.0", "0.6.18-1.20.0", "1.21.0+, 1.20.1+", true},
		{"1.20.1", "0.6.18-1.20.0", "1.21.0+, 1.20.1+", false},
		{"0.6.17", "0.6.18-1.20.0", "1.21.0+, 1.20.1+", false},
		{"1.26.0", "1.25.0-1.25.5, 1.26.0", "1.27.0+, 1.26.1+", true},
		{"1.26.1", "1.25.0-1.25.5, 1.26.0", "1.27.0+, 1.26.1+", false},
		{"1.22.1", "1.1.3-1.23.1, 1.0.7-1.0.15", "1.23.2+, 1.22.1+", false},
		{"1.22.0", "1.1.3-1.23.1, 1.0.7-1.0.15", "1.23.2+, 1.22.1+", true},
		{"1.21.6", "1.1.3-1.23.1, 1.0.7-1.0.15", "1.23.2+, 1.22.1+", true},
		{"0.7.62", "0.1.0-0.8.14", "0.8.15+, 0.7.62+, 0.6.39+, 0.5.38+", false},
		{"0.7.61", "0.1.0-0.8.14", "0.8.15+, 0.7.62+, 0.6.39+, 0.5.38+", true},
		{"1.20", "0.6.18-1.20.0", "1.21.0+, 1.20.1+", true},
	}
	for _, c := range cases {
		if got := versionAffected(c.v, c.vuln, c.fixed); got != c.want {
			t.Errorf("versionAffected(%s, %s, %s) = %v, want %v", c.v, c.vuln, c.fixed, got, c.want)
		}
	}
}

func TestNestedCaptures(t *testing.T) {
	for re, want := range map[string]bool{
		`^/((.*))$`:       true,
		`^/(a(?<n>b))`:    true,
		`^/(.*)/(.*)$`:    false,
		`^/(?:(a))`:       false,
		`^/(\(x)`:         false,
		`^/([(]x)(y)`:     false,
		`^/((?:a|b)c)`:    false,
		`^/(?=(a))(b)`:    false,
		`^/(?<x>(?<y>a))`: true,
	} {
		if got := nestedCaptures(re); got != want {
			t.Errorf("nestedCaptures(%q) = %v, want %v", re, got, want)
		}
	}
}
