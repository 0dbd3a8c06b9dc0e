package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
	_ "github.com/nginx-lint/nginx-lint/rules"
)

// startupCase is a configuration and what real nginx says of it: nginx's
// message (a part of it) when `nginx -t` refuses it, "" when it loads it.
// The rule is the one nginx-lint must report it with, its headline holding
// the same words.
type startupCase struct {
	name, conf, rule, nginx string
}

// mods loads Debian's stream and mail modules and opens a configuration.
const mods = "load_module /usr/share/nginx/modules/ngx_stream_module.so;\nload_module /usr/share/nginx/modules/ngx_mail_module.so;\nevents {}\n"

// srv wraps server{} directives (and http{} ones) in a whole configuration.
func srv(server, http string) string {
	return "events {}\nhttp {\n" + http + "\nserver {\nlisten 127.0.0.1:18080;\n" + server + "\n}\n}\n"
}

var startupCases = []startupCase{
	// unknown-variable
	{"unknown var in add_header", srv(`add_header X-Debug $foo_bar_unknown;`, ""), "unknown-variable", `unknown "foo_bar_unknown" variable`},
	{"misspelt $uri", srv(`return 301 https://$host$rui;`, ""), "unknown-variable", `unknown "rui" variable`},
	{"unknown var in if", srv(`location / { if ($missing) { return 404; } }`, ""), "unknown-variable", `unknown "missing" variable`},
	{"unknown var in log_format", srv(``, `log_format main '$remote_addr $stauts';`), "unknown-variable", `unknown "stauts" variable`},
	{"unknown var in map value", srv(``, "map $uri $m { default $nope; }"), "unknown-variable", `unknown "nope" variable`},
	{"unknown var in proxy_pass", srv(`location / { proxy_pass http://$backend_host; }`, ""), "unknown-variable", `unknown "backend_host" variable`},
	{"$ without a name", srv(`return 200 "5$";`, ""), "unknown-variable", `invalid variable name`},
	{"${ without }", srv(`add_header X "${uri";`, ""), "unknown-variable", `the closing bracket in "uri" variable is missing`},
	{"set of a core variable", srv(`set $uri /x;`, ""), "unknown-variable", `the duplicate "uri" variable`},
	{"map onto a core variable", srv(``, "map $http_x $host { default a; }"), "unknown-variable", `the duplicate "host" variable`},
	{"named capture of a core variable", srv(`location ~ ^/(?<status>\d+)$ { return 200; }`, ""), "unknown-variable", `the duplicate "status" variable`},
	// duplicate-directive: locations
	{"duplicate prefix location", srv(`location /a {} location /a {}`, ""), "duplicate-directive", `duplicate location "/a"`},
	{"plain and ^~ location", srv(`location /a {} location ^~ /a {}`, ""), "duplicate-directive", `duplicate location "/a"`},
	{"duplicate exact location", srv(`location = /a {} location =/a {}`, ""), "duplicate-directive", `duplicate location "/a"`},
	{"repeated regex and named locations", srv(`location ~ ^/a {} location ~ ^/a {} location @x {} location @x {} location = /a {} location /a {}`, ""), "", ""},
	// undefined-zone
	{"limit_req zone never declared", srv(`limit_req zone=api_burst burst=5;`, `limit_req_zone $binary_remote_addr zone=api:10m rate=1r/s;`), "undefined-zone", `zero size shared memory zone "api_burst"`},
	{"limit_conn zone never declared", srv(`limit_conn per_ip 10;`, ""), "undefined-zone", `zero size shared memory zone "per_ip"`},
	{"proxy_cache zone never declared", srv(`location / { proxy_cache edge_cache; proxy_pass http://127.0.0.1:1; }`, ""), "undefined-zone", `"proxy_cache" zone "edge_cache" is unknown`},
	{"upstream zone without a size", srv(``, `upstream u { zone z; server 127.0.0.1:1; }`), "undefined-zone", `zero size shared memory zone "z"`},
	{"zone of another kind", srv(`limit_req zone=addr;`, `limit_conn_zone $binary_remote_addr zone=addr:10m;`), "undefined-zone", `the shared memory zone "addr" is already declared for a different use`},
	{"zones declared", srv(`limit_req zone=api; limit_conn addr 5; location / { proxy_cache edge; proxy_pass http://u; } location /v { proxy_cache $z; proxy_pass http://v; }`,
		"limit_req_zone $binary_remote_addr zone=api:10m rate=1r/s; limit_conn_zone $binary_remote_addr zone=addr:10m;\n"+
			"proxy_cache_path /tmp keys_zone=edge:1m; map $uri $z { default edge; }\nupstream u { zone z; server 127.0.0.1:1; } upstream v { zone z 64k; server 127.0.0.1:2; }"), "", ""},
	// invalid-args: *_pass addresses
	{"proxy_pass without a scheme", srv(`location / { proxy_pass localhost:3000; }`, ""), "invalid-args", `invalid URL prefix`},
	{"proxy_pass port out of range", srv(`location / { proxy_pass http://127.0.0.1:99999; }`, ""), "invalid-args", `invalid port in upstream "127.0.0.1:99999"`},
	{"proxy_pass without a host", srv(`location / { proxy_pass http://:80; }`, ""), "invalid-args", `no host in upstream ":80"`},
	{"proxy_pass empty unix path", srv(`location / { proxy_pass http://unix:; }`, ""), "invalid-args", `no path in the unix domain socket in upstream "unix:"`},
	{"proxy_pass unclosed IPv6", srv(`location / { proxy_pass http://[::1; }`, ""), "invalid-args", `invalid host in upstream "[::1"`},
	{"URI part in a regex location", srv(`location ~ ^/api { proxy_pass http://127.0.0.1:3000/v1; }`, ""), "invalid-args", `"proxy_pass" cannot have URI part in location given by regular expression`},
	{"URI part in a named location", srv(`location @n { proxy_pass http://127.0.0.1:3000/; }`, ""), "invalid-args", `"proxy_pass" cannot have URI part`},
	{"URI part inside if", srv(`location / { if ($arg_x) { proxy_pass http://127.0.0.1/x; } }`, ""), "invalid-args", `"proxy_pass" cannot have URI part`},
	{"URI part inside limit_except", srv(`location / { limit_except GET { proxy_pass http://127.0.0.1/x; } }`, ""), "invalid-args", `"proxy_pass" cannot have URI part`},
	{"port on an upstream name", srv(`location / { proxy_pass http://app:80; }`, "upstream app { server 127.0.0.1:1; }"), "invalid-args", `upstream "app" may not have port 80`},
	{"localhost. never resolves", srv(`location / { proxy_pass http://localhost.:3000; }`, ""), "invalid-args", `host not found in upstream "localhost."`},
	{"fastcgi_pass without a port", srv(`location / { fastcgi_pass php; }`, ""), "invalid-args", `no port in upstream "php"`},
	{"fastcgi_pass with a scheme", srv(`location / { fastcgi_pass http://127.0.0.1:9000; }`, ""), "invalid-args", `invalid host in upstream "http://127.0.0.1:9000"`},
	{"grpc_pass without a port", srv(`location / { grpc_pass grpc://127.0.0.1; }`, ""), "invalid-args", `no port in upstream "127.0.0.1"`},
	{"pass addresses nginx reads", srv(`location /a { proxy_pass HTTP://127.0.0.1:3000/v1?x=1; } location ~ ^/b { proxy_pass http://app; }
		location ~ ^/c { proxy_pass http://127.0.0.1/$uri; } location @n { proxy_pass http://unix:/run/a.sock; }
		location /d { fastcgi_pass php; } location /e { grpc_pass grpcs://127.0.0.1:50051; } location /f { uwsgi_pass uwsgi://127.0.0.1:3031; }
		location /g { proxy_pass http://unix:/run/a.sock:/x/; } location /h { proxy_pass https://[::1]:8443/; }`,
		"upstream app { server 127.0.0.1:1; } upstream php { server 127.0.0.1:9000; }"), "", ""},
	// invalid-args: listen
	{"listen parameter misspelt", srv(`listen 8081 defaultserver;`, ""), "invalid-args", `invalid parameter "defaultserver"`},
	{"listen spdy", srv(`listen 8081 spdy;`, ""), "invalid-args", `invalid parameter "spdy"`},
	{"listen backlog not a number", srv(`listen 8081 backlog=abc;`, ""), "invalid-args", `invalid backlog "backlog=abc"`},
	{"listen ipv6only yes", srv(`listen 8081 ipv6only=yes;`, ""), "invalid-args", `invalid parameter "ipv6only=yes"`},
	{"listen so_keepalive", srv(`listen 8081 so_keepalive=x;`, ""), "invalid-args", `invalid so_keepalive value: "x"`},
	{"listen port out of range", srv(`listen 80000;`, ""), "invalid-args", `invalid port in "80000" of the "listen" directive`},
	{"listen parameters nginx reads", srv(`listen 127.0.0.1:8081 default_server backlog=511 rcvbuf=64k sndbuf=1m deferred bind reuseport;
		listen [::1]:8081 ipv6only=on so_keepalive=30m::10 fastopen=16; listen 127.0.0.1:8082 proxy_protocol; listen 127.0.0.1:8090-8091;`, ""), "", ""},
	// invalid-args: if conditions
	{"if with ==", srv(`location / { if ($request_method == POST) { return 405; } }`, ""), "invalid-args", `unexpected "==" in condition`},
	{"if with two values", srv(`location / { if ($http_x = a b) { return 403; } }`, ""), "invalid-args", `invalid condition "$http_x"`},
	{"if with an unknown file test", srv(`location / { if (-z $request_filename) { return 404; } }`, ""), "invalid-args", `invalid condition "-z"`},
	{"if without parentheses", srv(`location / { if $arg_debug { return 404; } }`, ""), "invalid-args", `invalid condition "$arg_debug"`},
	{"if with a word", srv(`location / { if (1) { return 404; } }`, ""), "invalid-args", `invalid condition "1"`},
	{"if conditions nginx reads", srv(`location / { if ($arg_debug) { return 404; } if ( $arg_x ) { return 404; }
		if ($request_method = POST) { return 405; } if ($http_x != "a b") { return 403; } if ($uri ~* \.php$) { return 403; }
		if ($uri !~ "^/api") { return 403; } if (!-e $request_filename) { return 404; } if ( -d $request_filename ) { return 404; } }`, ""), "", ""},
	// missing-required
	{"no events", "worker_processes 1;\nhttp { server { listen 127.0.0.1:18080; } }\n", "missing-required", `no "events" section in configuration`},
	{"upstream without servers", srv(``, "upstream u { keepalive 4; }"), "missing-required", `no servers are inside upstream`},
	// invalid-args: fixed lists, codes, flags
	{"ssl_protocols TLSv1.4", srv(`ssl_protocols TLSv1.2 TLSv1.4;`, ""), "invalid-args", `invalid value "TLSv1.4"`},
	{"satisfy yes", srv(`satisfy yes;`, ""), "invalid-args", `invalid value "yes"`},
	{"proxy_next_upstream http_501", srv(`location / { proxy_next_upstream error http_501; proxy_pass http://127.0.0.1:1; }`, ""), "invalid-args", `invalid value "http_501"`},
	{"return a word", srv(`return ok;`, ""), "invalid-args", `invalid return code "ok"`},
	{"return 1000", srv(`return 1000;`, ""), "invalid-args", `invalid return code "1000"`},
	{"rewrite flag", srv(`rewrite ^/a$ /b perm;`, ""), "invalid-args", `invalid parameter "perm"`},
	{"error_page 600", srv(`error_page 600 /x;`, ""), "invalid-args", `value "600" must be between 300 and 599`},
	{"error_page 499", srv(`error_page 499 /x;`, ""), "invalid-args", `invalid value "499"`},
	{"try_files =x", srv(`location / { try_files $uri =x; }`, ""), "invalid-args", `invalid code "=x"`},
	{"proxy_cache_valid 10", srv(`location / { proxy_cache_valid 10 5m; proxy_pass http://127.0.0.1:1; }`, ""), "invalid-args", `invalid status "10"`},
	{"codes and lists nginx reads", srv(`error_page 404 500 =200 /x; error_page 403 = @f; ssl_protocols TLSv1.2 tlsv1.3; satisfy ANY;
		location /a { return 444; } location /b { return https://example.com$request_uri; } location /c { return $scheme://example.com; }
		location /d { rewrite ^/d/(.*)$ /e/$1 permanent; try_files $uri $uri/ =404; } location @f { return 200 "ok"; }
		location /f { proxy_cache_valid 200 302 10m; proxy_cache_valid any 1m; proxy_next_upstream error timeout http_502 non_idempotent; proxy_pass http://127.0.0.1:1; }`, ""), "", ""},
	{"two addresses on one server line", srv(``, "upstream u { server 127.0.0.1:1 127.0.0.1:2; }"), "invalid-args", `invalid parameter "127.0.0.1:2"`},
	{"upstream server weight=0", srv(``, "upstream u { server 127.0.0.1:1 weight=0; }"), "invalid-args", `invalid parameter "weight=0"`},
	{"upstream server parameters nginx reads", srv(``, "upstream u { server 127.0.0.1:1 weight=2 max_fails=3 fail_timeout=10s max_conns=9; server 127.0.0.1:2 backup; server 127.0.0.1:3 down; }"), "", ""},
	{"allow a host name", srv(`allow localhost;`, ""), "invalid-args", `invalid parameter "localhost"`},
	{"add_header with a third word", srv(`add_header X-A v 14;`, ""), "invalid-args", `invalid parameter "14"`},
	{"limit_req with a bare number", srv(`limit_req zone=z 123;`, "limit_req_zone $binary_remote_addr zone=z:1m rate=1r/s;"), "invalid-args", `invalid parameter "123"`},
	{"access_log with an unknown format", srv(`access_log /tmp/a.log mian;`, "log_format main '$remote_addr';"), "invalid-args", `unknown log format "mian"`},
	{"alias in a named location", srv(`location @n { alias /srv/; }`, ""), "invalid-args", `the "alias" directive cannot be used inside the named location`},
	{"alias in a regex location without captures", srv(`location ~ ^/a { alias /srv/a; }`, ""), "", ""},
	{"listen ssl without a certificate", srv(`listen 127.0.0.1:18443 ssl;`, ""), "missing-required", `no "ssl_certificate" is defined for the "listen ... ssl" directive`},
	{"listen ssl refusing handshakes", srv(`listen 127.0.0.1:18443 ssl; ssl_reject_handshake on;`, ""), "", ""},
	{"limit_conn twice on one zone", srv(`limit_conn addr 10; limit_conn addr 5;`, "limit_conn_zone $binary_remote_addr zone=addr:1m;"), "duplicate-directive", `"limit_conn" directive is duplicate`},
	{"limit_except twice", srv(`location / { limit_except GET { deny all; } limit_except POST { deny all; } }`, ""), "duplicate-directive", `"limit_except" directive is duplicate`},
	{"limit_req_zone declared twice", srv(``, "limit_req_zone $binary_remote_addr zone=z:1m rate=1r/s; limit_req_zone $binary_remote_addr zone=z:1m rate=1r/s;"), "duplicate-directive", `limit_req_zone "z" is already bound to key "$binary_remote_addr"`},
	{"stream server without listen", mods + "stream { server { proxy_pass 127.0.0.1:1; } }\n", "missing-required", `no "listen" is defined for server`},
	{"stream server without handler", mods + "stream { server { listen 127.0.0.1:19001; } }\n", "missing-required", `no handler for server`},
	{"mail server without auth_http", mods + "mail { server { listen 127.0.0.1:12525; protocol smtp; } }\n", "missing-required", `no "auth_http" is defined for server`},
	{"mail servers on one address", mods + "mail { auth_http 127.0.0.1:1; server { listen 127.0.0.1:12525; protocol smtp; } server { listen 127.0.0.1:12525; protocol smtp; } }\n", "duplicate-directive", `duplicate "127.0.0.1:12525" address and port pair`},
	{"stream and mail servers nginx reads", mods + "stream { server { listen 127.0.0.1:19001; return ok; } server { listen 127.0.0.1:19001 udp; proxy_pass 127.0.0.1:1; } }\n" +
		"mail { auth_http 127.0.0.1:1; server { listen 127.0.0.1:12525; protocol smtp; } }\n", "", ""},
	{"ssl_session_cache without a size", srv(`ssl_session_cache shared:SSL;`, ""), "invalid-args", `invalid session cache "shared:SSL"`},
	{"ssl_session_cache too small", srv(`ssl_session_cache shared:SSL:0;`, ""), "invalid-args", `session cache "shared:SSL:0" is too small`},
	{"access_log with a stray word", srv(`access_log /tmp/a.log combined x;`, ""), "invalid-args", `invalid parameter "x"`},
	{"stream upstream server without a port", mods + "stream { upstream db { server 10; } server { listen 127.0.0.1:19001; proxy_pass db; } }\n", "invalid-args", `no port in upstream "10"`},
	{"known variables", srv(`
		set $backend 127.0.0.1:3000;
		set $args a=1;
		location ~ ^/u/(?<user>\w+)/(.*)$ { return 200 "$user $1 $2 $arg_page $cookie_sid $http_x_y $HOST $svc $variant"; }
		location / { if ($request_method = POST) { set $backend 127.0.0.1:3001; } proxy_pass http://$backend; }
		location /f { if (-f $request_filename) { break; } try_files $uri $uri/ =404; }`,
		"map $uri $svc { ~^/svc/(?<svc_name>.+)$ $svc_name; }\nsplit_clients $remote_addr $variant { 50% a; * b; }\nmap $uri $http_x_custom { default 1; }"),
		"", ""},
}

// TestStartupChecksAgainstNginx runs `nginx -t` on each case and checks that
// nginx-lint reports an error of the case's rule, quoting nginx, exactly
// when nginx refuses the configuration, and no error of a rule that speaks
// for `nginx -t` when nginx loads it.
func TestStartupChecksAgainstNginx(t *testing.T) {
	nginx := testutil.Nginx(t)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "logs"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range startupCases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, "nginx.conf")
			if err := os.WriteFile(path, []byte(c.conf), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(nginx, "-t", "-q", "-p", dir, "-c", path,
				"-g", "pid "+filepath.Join(dir, "nginx.pid")+"; error_log stderr;").CombinedOutput()
			switch {
			case c.nginx == "" && err != nil:
				t.Fatalf("nginx -t refuses the case meant to load:\n%s\n%s", out, c.conf)
			case c.nginx != "" && err == nil:
				t.Fatalf("nginx -t loads the case, expected %q:\n%s", c.nginx, c.conf)
			case c.nginx != "" && !strings.Contains(string(out), c.nginx):
				t.Fatalf("nginx -t says %s, expected %q", out, c.nginx)
			}
			fs := analyzer.Run("nginx.conf", path, []byte(c.conf), analyzer.LoadOptions{}, &analyzer.Config{})
			var errs []string
			found := false
			for _, f := range fs {
				r := analyzer.Lookup(f.Rule)
				if f.Severity != analyzer.Error || r == nil || !r.NginxT {
					continue
				}
				// nginx's own words are in the headline or in a note.
				text := strings.Join(append([]string{f.Message}, f.Notes...), " = note: ")
				errs = append(errs, f.Rule+": "+text)
				if f.Rule == c.rule && strings.Contains(text, c.nginx) {
					found = true
				}
			}
			switch {
			case c.nginx == "" && len(errs) > 0:
				t.Errorf("nginx loads it, nginx-lint reports errors: %q", errs)
			case c.nginx != "" && !found:
				t.Errorf("nginx says %q; nginx-lint: %q (want %s)", c.nginx, errs, c.rule)
			}
		})
	}
}
