package fuzzcheck

import (
	"bytes"
	"fmt"
	"strings"
)

// Grammar builds an nginx configuration out of choices, for fuzz targets
// that should spend their time on what rules read rather than on bytes the
// scanner refuses: each byte picks one alternative of a small grammar of
// the statements rules follow (variables from set, map, geo and
// split_clients, regex captures, *_pass addresses, headers, redirects,
// includes, upstreams, listen, TLS, a stream{} block, template markup in
// one of four), with values drawn from variables that refer to each other
// and to themselves. Where the
// bytes run out every choice is the first alternative, which ends each
// list, so any input gives a finite configuration. The result is a txtar archive: the
// configuration as its comment and the files it may include (snip.conf,
// conf.d/a.conf) as members.
func Grammar(choices []byte) []byte {
	g := &grammar{in: choices}
	g.markup = g.pick(4) == 3
	var main strings.Builder
	g.root(&main)
	var snip, site strings.Builder
	g.block(&snip, 2)
	site.WriteString("server {\n")
	g.block(&site, 1)
	site.WriteString("}\n")
	return fmt.Appendf(nil, "%s-- snip.conf --\n%s-- conf.d/a.conf --\n%s", main.String(), snip.String(), site.String())
}

// GrammarMarkup reports whether text holds the template markup Grammar
// writes (in one configuration of four): nginx reads such a file as it is,
// nginx-lint as the template it is.
func GrammarMarkup(text []byte) bool {
	for _, m := range append(append([]string{}, grammarMarkupAtoms...), grammarMarkupLines...) {
		if bytes.Contains(text, []byte(m)) {
			return true
		}
	}
	return false
}

type grammar struct {
	in     []byte
	at     int
	markup bool // template markup is written
}

// pick returns a choice among n alternatives (0 once the bytes run out).
func (g *grammar) pick(n int) int {
	if g.at >= len(g.in) {
		return 0
	}
	c := int(g.in[g.at])
	g.at++
	return c % n
}

func (g *grammar) of(alts ...string) string { return alts[g.pick(len(alts))] }

// Values: variables defined by the configuration itself ($a, $b, $c, $m,
// $n), the client's, captures, and literals that are hosts, paths, ports
// or nothing at all.
var grammarAtoms = []string{
	"/x", "$a", "$b", "$c", "$m", "$n", "$uri", "$1", "$2", "$name", "$http_x",
	"$host", "$request_uri", "http://h", "localhost", `"$a$b"`, `"$a/x"`, `"/$a"`,
	"$arg_u", "''", `""`, "https", "$scheme", "127.0.0.1:80", "[::1]:80",
	"unix:/s.sock", "x.example.com", "$is_args$args", `"a b"`, `"${a}x"`, "$",
	"${", "$1$2", ":8080", "$server_name", "$document_uri", "$scheme://", "$m://",
}

// Template markup, written in one configuration of four (elsewhere most
// of it would be nginx syntax errors): files are read as templates where
// they look like one.
var (
	grammarMarkupAtoms = []string{"{{ .Values.host }}", "${BACKEND_HOST}", "{{ upstream }}", "<%= @port %>"}
	grammarMarkupLines = []string{"{% if tls %}", "{% endif %}", "{{- if .Values.tls }}", "{{- end }}", "{# a comment #}"}
)

// value is one to three atoms written together; a quoted atom stands
// alone (nginx wants a space after a closing quote).
func (g *grammar) value() string {
	n := 1 + g.pick(3)
	var b strings.Builder
	for range n {
		a := grammarAtoms[g.pick(len(grammarAtoms))]
		if g.markup && g.pick(8) == 0 {
			a = grammarMarkupAtoms[g.pick(len(grammarMarkupAtoms))]
		}
		if n > 1 && (a[0] == '"' || a[0] == '\'') {
			a = strings.Trim(a, `"'`)
		}
		b.WriteString(a)
	}
	return b.String()
}

func (g *grammar) variable() string { return "$" + g.of("a", "b", "c", "m", "n") }

// quoteRegex writes a map key of operator op (~ or ~*) and regex re, the
// quotes around both where re is quoted (a { in it would open a block).
func quoteRegex(op, re string) string {
	if re[0] == '"' {
		return `"` + op + re[1:]
	}
	return op + re
}

func (g *grammar) regex() string {
	return g.of(`^/(.*)$`, `(?<name>[^/]+)`, `^/a/([^/]+)/(.*)`, `(.+)`, `\.(php|html)$`,
		`"^/(?<x>[a-z]{1,2})"`, `(a+)+$`, `^/$`, `(?i)x`, `([^\r\n]*)`, `^(?<a>.*)$`,
		`(`, `[`, `^/((a))`, `(?<m>\w+)\.(?<n>\d+)`)
}

// Statements that rules fix or judge as written, whatever the values.
var grammarFixed = []string{
	"listen 443 ssl http2;", "ssl on;", "server_tokens on;",
	"proxy_pass http://localhost:3000;", "server localhost:5000;",
	"add_header X-Frame-Options DENY;", "add_header X-A a always;",
	"listen 80\nserver_name x;", "merge_slashes off;", "proxy_pass http://up/;",
	"proxy_http_version 1.0;", "error_log off;", "ssl_protocols SSLv3 TLSv1;",
	"http2 on;", "proxy_pass http://ip6-localhost:80;", "resolver 127.0.0.1;",
	"keepalive_timeout 0", "autoindex on;", "listen [::]:443 ssl http2 default_server;",
	"add_header Strict-Transport-Security max-age=1;",
	"return 301 http://$host$request_uri;", "location /x { alias /srv/x; }",
	"log_format main '$a' '$b';", "server localhost:5000 max_fails=0;",
	"include snip.conf;", "include conf.d/*.conf;",
	"# nginx-lint:ignore ssrf", "# nginx-lint:ignore", "internal;",
	"limit_req_zone $binary_remote_addr zone=one:10m rate=1r/s;",
	"add_header_inherit merge;", "auth_request_set $a $upstream_http_x;",
	"proxy_set_header Host $host;", "error_page 404 /404.html;", "limit_conn addr 5;",
	"fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;",
}

// statement is one simple directive.
func (g *grammar) statement() string {
	switch g.pick(24) {
	case 0:
		if g.markup && g.pick(4) == 0 {
			return grammarMarkupLines[g.pick(len(grammarMarkupLines))]
		}
		return grammarFixed[g.pick(len(grammarFixed))]
	case 1, 2:
		return "set " + g.variable() + " " + g.value() + ";"
	case 3:
		return "proxy_pass " + g.of("http://", "https://", "", "grpc://") + g.value() + ";"
	case 4:
		return g.of("fastcgi_pass", "grpc_pass", "uwsgi_pass") + " " + g.value() + ";"
	case 5:
		return "add_header " + g.of("X", "Location", "Set-Cookie") + " " + g.value() + ";"
	case 6:
		return "return " + g.of("200", "301", "302", "404", "444") + " " + g.value() + ";"
	case 7:
		return "rewrite " + g.regex() + " " + g.value() + g.of("", " last", " break", " redirect", " permanent") + ";"
	case 8:
		return "try_files " + g.value() + " " + g.value() + " " + g.of("=404", "@x", "/index.html") + ";"
	case 9:
		return "error_page 404 500 " + g.of("@x", "/e", "=200 @y", g.value()) + ";"
	case 10:
		return g.of("alias", "root") + " " + g.value() + ";"
	case 11:
		return "proxy_set_header " + g.of("Host", "X", "Upgrade", "Connection") + " " + g.value() + ";"
	case 12:
		return "resolver " + g.of("127.0.0.11", "8.8.8.8 ipv6=off", "[::1] valid=10s", g.value()) + ";"
	case 13:
		return "proxy_redirect " + g.value() + " " + g.value() + ";"
	case 14:
		return "listen " + g.of("80", "443 ssl", "[::]:80 default_server", "localhost:80", "unix:/x", g.value()) + ";"
	case 15:
		return "server_name " + g.value() + ";"
	case 16:
		return "limit_req zone=" + g.of("one", "two", g.value()) + " burst=5;"
	case 17:
		return "auth_request " + g.value() + ";"
	case 18:
		return g.of("proxy_cache_key", "expires", "valid_referers none") + " " + g.value() + ";"
	case 19:
		return "access_log " + g.value() + " " + g.of("main", "combined", "x") + ";"
	case 20:
		return "server " + g.value() + g.of("", " resolve", " backup", " max_fails=0", " weight=2") + ";"
	case 21:
		return g.of("proxy_http_version 1.1;", "keepalive 16;", "ssl_protocols TLSv1 TLSv1.3;", "http2 on;")
	case 22:
		return "include " + g.of("snip.conf", "*.conf", "conf.d/*.conf", g.value()) + ";"
	default:
		return "if (" + g.value() + ") { set " + g.variable() + " " + g.value() + "; }"
	}
}

// block writes statements and nested blocks (locations, ifs,
// limit_except) until a choice ends it; depth bounds the nesting.
func (g *grammar) block(b *strings.Builder, depth int) {
	for g.pick(6) != 0 {
		if depth >= 5 || g.pick(5) != 0 {
			b.WriteString(g.statement() + "\n")
			continue
		}
		switch g.pick(3) {
		case 0:
			fmt.Fprintf(b, "location %s {\n", g.of("/", "= /x", "~ "+g.regex(), "~* "+g.regex(), "^~ /a/", "@x", "@y", "/a/"))
		case 1:
			fmt.Fprintf(b, "if (%s) {\n", g.of(g.value(), g.value()+" ~ "+g.regex(), g.value()+" = "+g.value(),
				"-f $request_filename", "!-e "+g.value(), g.value()+" !~* "+g.regex()))
		default:
			b.WriteString("limit_except GET {\n")
		}
		g.block(b, depth+1)
		b.WriteString("}\n")
	}
}

// root writes a whole configuration: maybe events{}, then http{} with
// maps, geo, split_clients, upstreams and servers.
func (g *grammar) root(b *strings.Builder) {
	if g.pick(2) == 0 {
		b.WriteString("events {}\n")
	}
	b.WriteString("http {\n")
	for g.pick(3) != 0 {
		fmt.Fprintf(b, "map %s %s {\n", g.value(), g.variable())
		for g.pick(4) != 0 {
			k := g.of("default", "~", "~*", "/x", "hostnames", "volatile", "include m.conf", `""`)
			if k[0] == '~' {
				k = quoteRegex(k, g.regex())
			}
			switch k {
			case "hostnames", "volatile", "include m.conf":
				b.WriteString(k + ";\n")
			default:
				fmt.Fprintf(b, "%s %s;\n", k, g.value())
			}
		}
		b.WriteString("}\n")
	}
	if g.pick(3) == 0 {
		fmt.Fprintf(b, "geo %s %s { default %s; 10.0.0.0/8 %s; %s; }\n", g.value(), g.variable(), g.value(), g.value(),
			g.of("ranges", "proxy 1.2.3.4", "delete 10.0.0.0/8", "include g.conf"))
	}
	if g.pick(3) == 0 {
		fmt.Fprintf(b, "split_clients %s %s { 50%% %s; * %s; }\n", g.value(), g.variable(), g.value(), g.value())
	}
	for g.pick(3) != 0 {
		b.WriteString("upstream up {\n")
		g.block(b, 4)
		b.WriteString("}\n")
	}
	for {
		b.WriteString("server {\n")
		g.block(b, 1)
		b.WriteString("location / {\n")
		g.block(b, 2)
		b.WriteString("}\n}\n")
		if g.pick(3) == 0 {
			break
		}
	}
	b.WriteString("}\n")
	if g.pick(4) == 0 {
		g.stream(b)
	}
}

// stream writes a stream{} block: an upstream and servers whose
// proxy_pass takes names, variables and maps as http's does.
func (g *grammar) stream(b *strings.Builder) {
	b.WriteString("stream {\n")
	if g.pick(2) == 0 {
		fmt.Fprintf(b, "map %s %s { default %s; ~%s %s; }\n", g.value(), g.variable(), g.value(), g.regex(), g.value())
	}
	fmt.Fprintf(b, "upstream s { server %s; }\n", g.of("localhost:53", "127.0.0.1:53", g.value()))
	for g.pick(3) != 0 {
		b.WriteString("server {\n")
		for g.pick(5) != 0 {
			b.WriteString(g.of("listen 53 udp;", "listen [::]:853 ssl;", "proxy_pass s;", "proxy_pass localhost:53;",
				"resolver 127.0.0.1;", "ssl_preread on;", "proxy_timeout 1s;",
				"proxy_pass "+g.value()+";", "set "+g.variable()+" "+g.value()+";", "resolver "+g.value()+";") + "\n")
		}
		b.WriteString("}\n")
	}
	b.WriteString("}\n")
}
