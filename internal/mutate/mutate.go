// Package mutate makes seeded mutants of an nginx configuration: the edits
// people make by mistake (a deleted ";" or "}", a misspelt name, an
// argument too many, a duplicated location …). The differential test in
// e2e labels each mutant with real `nginx -t` and compares nginx-lint's
// verdict with it.
//
// The same base text, seed and count always give the same mutants.
package mutate

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// Mutant is one edited configuration.
type Mutant struct {
	Base string // the base configuration's name
	Kind string // the kind of edit (Kinds)
	What string // the edit, for a person: "line 12: deleted \";\" after listen 80"
	Text []byte
}

// ID names a mutant stably: base, kind and a hash of its text.
func (m *Mutant) ID() string {
	h := fnv.New64a()
	h.Write(m.Text)
	return fmt.Sprintf("%s:%s:%08x", m.Base, m.Kind, uint32(h.Sum64()))
}

// kind is one sort of edit: it returns the new text and what it did, or
// ok false when the base has nothing it applies to.
type kind struct {
	name string
	fn   func(c *cfg, r *rand.Rand) (text, what string, ok bool)
}

// Kinds lists the kinds of edit, in the order they are applied.
func Kinds() []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = k.name
	}
	return out
}

// Generate returns up to perKind mutants of each kind for the base text,
// different from the base and from each other.
func Generate(base string, src []byte, seed uint64, perKind int) []Mutant {
	c := parse(base, src)
	seen := map[string]bool{string(src): true}
	var out []Mutant
	for _, k := range kinds {
		h := fnv.New64a()
		h.Write([]byte(base + "\x00" + k.name))
		r := rand.New(rand.NewPCG(seed, h.Sum64()))
		got := 0
		for try := 0; try < perKind*8 && got < perKind; try++ {
			text, what, ok := k.fn(c, r)
			if !ok {
				break
			}
			if seen[text] {
				continue
			}
			seen[text] = true
			out = append(out, Mutant{Base: base, Kind: k.name, What: what, Text: []byte(text)})
			got++
		}
	}
	return out
}

// cfg is a scanned base: its text and every statement in source order.
type cfg struct {
	src    string
	all    []*analyzer.Directive // every statement outside data blocks
	simple []*analyzer.Directive // those without a block
	blocks []*analyzer.Directive // those with one
}

func parse(name string, src []byte) *cfg {
	u := analyzer.Scan(analyzer.NewFile(name, "", src), analyzer.CtxMain, 0)
	c := &cfg{src: string(src)}
	var walk func(items []*analyzer.Directive)
	walk = func(items []*analyzer.Directive) {
		for _, d := range items {
			if d.Ctx.IsData() {
				continue
			}
			c.all = append(c.all, d)
			if d.Block == nil {
				c.simple = append(c.simple, d)
				continue
			}
			c.blocks = append(c.blocks, d)
			if !d.Block.Raw {
				walk(d.Block.Items)
			}
		}
	}
	walk(u.Items)
	return c
}

// pick returns a random element of ds that satisfies keep, or nil.
func pick(r *rand.Rand, ds []*analyzer.Directive, keep func(*analyzer.Directive) bool) *analyzer.Directive {
	var ok []*analyzer.Directive
	for _, d := range ds {
		if keep == nil || keep(d) {
			ok = append(ok, d)
		}
	}
	if len(ok) == 0 {
		return nil
	}
	return ok[r.IntN(len(ok))]
}

func oneOf(r *rand.Rand, xs ...string) string { return xs[r.IntN(len(xs))] }

// splice replaces src[from:to] with s.
func (c *cfg) splice(from, to int, s string) string {
	return c.src[:from] + s + c.src[to:]
}

func line(d *analyzer.Directive) int { return d.NameRange().Start.Line }

func start(d *analyzer.Directive) int { return d.NameRange().Start.Offset }

// end is the offset just after d: after its ";" or its block's "}".
func end(d *analyzer.Directive) int {
	if d.Block != nil {
		return d.Block.Close().End.Offset
	}
	return d.End().End.Offset
}

// lineStart is the offset of the start of the line holding off.
func (c *cfg) lineStart(off int) int {
	return strings.LastIndexByte(c.src[:off], '\n') + 1
}

// indent is the white space before d on its line.
func (c *cfg) indent(d *analyzer.Directive) string {
	return c.src[c.lineStart(start(d)):start(d)]
}

// text is d from its name to its end.
func (c *cfg) text(d *analyzer.Directive) string { return c.src[start(d):end(d)] }

// named keeps directives with one of the names.
func named(names ...string) func(*analyzer.Directive) bool {
	return func(d *analyzer.Directive) bool { return slices.Contains(names, d.Name()) }
}

// argsAt returns the offsets of d's argument i.
func argAt(d *analyzer.Directive, i int) (int, int) {
	rg := d.Args()[i].Range()
	return rg.Start.Offset, rg.End.Offset
}

// replaceArg replaces argument i of d.
func (c *cfg) replaceArg(d *analyzer.Directive, i int, s string) string {
	from, to := argAt(d, i)
	return c.splice(from, to, s)
}

var kinds = []kind{
	{"delete-semicolon", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.simple, nil)
		if d == nil {
			return "", "", false
		}
		e := d.End()
		return c.splice(e.Start.Offset, e.End.Offset, ""), fmt.Sprintf("line %d: deleted the \";\" of %s", line(d), d.Name()), true
	}},
	{"delete-close-brace", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.blocks, nil)
		if d == nil {
			return "", "", false
		}
		cl := d.Block.Close()
		return c.splice(cl.Start.Offset, cl.End.Offset, ""), fmt.Sprintf("line %d: deleted the \"}\" of %s", cl.Start.Line, d.Name()), true
	}},
	{"extra-close-brace", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.all, nil)
		if d == nil {
			return "", "", false
		}
		return c.splice(end(d), end(d), "\n"+c.indent(d)+"}"), fmt.Sprintf("line %d: a \"}\" after %s", line(d), d.Name()), true
	}},
	{"duplicate-line", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.simple, nil)
		if d == nil {
			return "", "", false
		}
		return c.splice(end(d), end(d), "\n"+c.indent(d)+c.text(d)), fmt.Sprintf("line %d: %s twice", line(d), d.Name()), true
	}},
	{"delete-line", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.simple, nil)
		if d == nil {
			return "", "", false
		}
		return c.splice(start(d), end(d), ""), fmt.Sprintf("line %d: deleted %s", line(d), d.Name()), true
	}},
	{"delete-block", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.blocks, nil)
		if d == nil {
			return "", "", false
		}
		return c.splice(start(d), end(d), ""), fmt.Sprintf("line %d: deleted the %s block", line(d), d.Name()), true
	}},
	{"move-directive", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.simple, nil)
		b := pick(r, c.blocks, func(b *analyzer.Directive) bool { return !b.Block.Raw && b != d.Parent })
		if d == nil || b == nil {
			return "", "", false
		}
		// Insert after the block's "{", then remove the original (the
		// later edit first, so offsets hold).
		at := b.Block.Open().End.Offset
		ins := "\n" + c.text(d)
		from, to := start(d), end(d)
		var s string
		if at < from {
			s = c.src[:at] + ins + c.src[at:from] + c.src[to:]
		} else {
			s = c.src[:from] + c.src[to:at] + ins + c.src[at:]
		}
		return s, fmt.Sprintf("line %d: %s moved into %s at line %d", line(d), d.Name(), b.Name(), line(b)), true
	}},
	{"misspell-name", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.all, nil)
		if d == nil {
			return "", "", false
		}
		n := typo(r, d.Name())
		rg := d.NameRange()
		return c.splice(rg.Start.Offset, rg.End.Offset, n), fmt.Sprintf("line %d: %s spelt %s", line(d), d.Name(), n), true
	}},
	{"add-argument", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.simple, nil)
		if d == nil {
			return "", "", false
		}
		a := oneOf(r, "on", "off", "1", "x", "10s", "example.com", "$host", "default")
		if len(d.Args()) > 0 && r.IntN(3) == 0 {
			a = d.Args()[r.IntN(len(d.Args()))].Raw()
		}
		e := d.End().Start.Offset
		return c.splice(e, e, " "+a), fmt.Sprintf("line %d: %s got an extra argument %s", line(d), d.Name(), a), true
	}},
	{"drop-argument", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.all, func(d *analyzer.Directive) bool { return len(d.Args()) > 0 })
		if d == nil {
			return "", "", false
		}
		i := r.IntN(len(d.Args()))
		from, to := argAt(d, i)
		// Take the white space before it too.
		for from > 0 && (c.src[from-1] == ' ' || c.src[from-1] == '\t') {
			from--
		}
		return c.splice(from, to, ""), fmt.Sprintf("line %d: argument %d of %s dropped", line(d), i+1, d.Name()), true
	}},
	{"wrong-kind-argument", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.simple, func(d *analyzer.Directive) bool { return len(d.Args()) > 0 })
		if d == nil {
			return "", "", false
		}
		i := r.IntN(len(d.Args()))
		w := wrongKind(r, d.Args()[i].Value())
		return c.replaceArg(d, i, w), fmt.Sprintf("line %d: argument %d of %s is %s", line(d), i+1, d.Name(), w), true
	}},
	{"unclosed-quote", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.simple, func(d *analyzer.Directive) bool { return len(d.Args()) > 0 })
		if d == nil {
			return "", "", false
		}
		i := r.IntN(len(d.Args()))
		from, _ := argAt(d, i)
		q := oneOf(r, `"`, `'`)
		return c.splice(from, from, q), fmt.Sprintf("line %d: an unclosed %s before argument %d of %s", line(d), q, i+1, d.Name()), true
	}},
	{"missing-semicolon-run-on", func(c *cfg, r *rand.Rand) (string, string, bool) {
		// The ";" of a directive that a later line follows in the same
		// block, the mistake that joins two lines.
		d := pick(r, c.simple, named("listen", "server_name", "root", "return", "proxy_pass", "index",
			"client_max_body_size", "add_header", "proxy_set_header", "try_files", "include", "server", "expires",
			"gzip_types", "keepalive", "rewrite", "access_log", "error_page", "alias", "fastcgi_pass", "limit_req"))
		if d == nil {
			return "", "", false
		}
		e := d.End()
		return c.splice(e.Start.Offset, e.End.Offset, ""), fmt.Sprintf("line %d: deleted the \";\" of %s", line(d), d.Name()), true
	}},
	{"scheme-less-pass", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.simple, func(d *analyzer.Directive) bool {
			return strings.HasSuffix(d.Name(), "_pass") && len(d.Args()) == 1 && strings.Contains(d.Args()[0].Raw(), "://")
		})
		if d == nil {
			return "", "", false
		}
		_, rest, _ := strings.Cut(d.Args()[0].Raw(), "://")
		if r.IntN(3) == 0 {
			rest = oneOf(r, "localhost:3000", "127.0.0.1", "unix:/run/app.sock", "app:8080")
		}
		return c.replaceArg(d, 0, rest), fmt.Sprintf("line %d: %s %s", line(d), d.Name(), rest), true
	}},
	{"pass-url", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.simple, func(d *analyzer.Directive) bool {
			return (d.Name() == "proxy_pass" || d.Name() == "grpc_pass") && len(d.Args()) == 1
		})
		if d == nil {
			return "", "", false
		}
		u := d.Args()[0].Raw()
		if r.IntN(2) == 0 && strings.Count(u, "/") == 2 {
			u += oneOf(r, "/", "/v1", "/api/")
		} else {
			u = oneOf(r, "http://127.0.0.1:99999", "http://127.0.0.1:0", "http://[::1:80", "http://", "https://127.0.0.1:",
				"ftp://127.0.0.1", "http://localhost.:3000", "http://127.0.0.1:3000/$uri", "http://unix:/run/app.sock",
				"http://unix:/run/app.sock:/api", "http://127.0.0.1:80#frag", "grpc://127.0.0.1:50052", "http://app_upstream_typo",
				"http://exa mple", "http://127.0.0.1:3000?x=1", "http://$backend", "http://127.0.0.1:3000/v1")
		}
		return c.replaceArg(d, 0, u), fmt.Sprintf("line %d: %s %s", line(d), d.Name(), u), true
	}},
	{"duplicate-location", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.blocks, named("location"))
		if d == nil {
			return "", "", false
		}
		dup := "\n" + c.indent(d) + c.text(d)
		if r.IntN(2) == 0 {
			// The same match with another body.
			dup = "\n" + c.indent(d) + c.src[start(d):d.Block.Open().End.Offset] + " return 204; }"
		}
		return c.splice(end(d), end(d), dup), fmt.Sprintf("line %d: location %s twice", line(d), strings.Join(argsRaw(d), " ")), true
	}},
	{"duplicate-block", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.blocks, named("server", "upstream", "map", "geo", "events", "http", "stream", "mail", "split_clients", "if", "limit_except"))
		if d == nil {
			return "", "", false
		}
		return c.splice(end(d), end(d), "\n"+c.indent(d)+c.text(d)), fmt.Sprintf("line %d: the %s block twice", line(d), d.Name()), true
	}},
	{"default-server", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.simple, func(d *analyzer.Directive) bool {
			return d.Name() == "listen" && len(d.Args()) > 0 && d.Parent != nil && d.Parent.Name() == "server"
		})
		if d == nil {
			return "", "", false
		}
		e := d.End().Start.Offset
		p := oneOf(r, "default_server", "default_server", "default", "defaultserver", "default-server")
		return c.splice(e, e, " "+p), fmt.Sprintf("line %d: listen %s", line(d), p), true
	}},
	{"listen-parameter", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.simple, named("listen"))
		if d == nil {
			return "", "", false
		}
		p := oneOf(r, "ssl", "http2", "proxy_protocol", "reuseport", "backlog=abc", "backlog=511", "rcvbuf=8k", "sndbuf=x",
			"so_keepalive=on", "so_keepalive=30m::10", "ipv6only=on", "deferred", "bind", "udp", "fastopen=10", "accept_filter=x",
			"setfib=1", "ssl_on", "reuse_port", "http3", "quic", "keepalive")
		e := d.End().Start.Offset
		if r.IntN(3) == 0 {
			// Another address or port.
			return c.replaceArg(d, 0, oneOf(r, "80", "127.0.0.1:80000", "*:8080", "[::]:80", "localhost:8080", "unix:/run/nginx.sock", "0.0.0.0", "abc", "8080;80")),
				fmt.Sprintf("line %d: listen address changed", line(d)), true
		}
		return c.splice(e, e, " "+p), fmt.Sprintf("line %d: listen %s", line(d), p), true
	}},
	{"unknown-variable", func(c *cfg, r *rand.Rand) (string, string, bool) {
		if r.IntN(2) == 0 {
			// Misspell a variable in use.
			d := pick(r, c.simple, func(d *analyzer.Directive) bool { return varRe.MatchString(strings.Join(argsRaw(d), " ")) })
			if d != nil {
				for i, a := range d.Args() {
					if m := varRe.FindStringIndex(a.Raw()); m != nil {
						v := a.Raw()[m[0]+1 : m[1]]
						nv := typo(r, v)
						from, _ := argAt(d, i)
						return c.splice(from+m[0]+1, from+m[1], nv), fmt.Sprintf("line %d: $%s spelt $%s", line(d), v, nv), true
					}
				}
			}
		}
		d := pick(r, c.simple, func(d *analyzer.Directive) bool { return d.Parent != nil && d.Parent.Name() == "location" })
		if d == nil {
			return "", "", false
		}
		v := oneOf(r, "$foo_bar_unknown", "$rui", "$request_urii", "$http_x_custom", "$arg_id", "$cookie_sid", "$upstream_http_x",
			"$sent_http_x", "$1", "$9", "$remote_adr", "$hostname", "$ssl_protocol", "$request_id", "$bogus")
		return c.splice(end(d), end(d), "\n"+c.indent(d)+"add_header X-Debug "+v+";"), fmt.Sprintf("line %d: add_header with %s", line(d), v), true
	}},
	{"undefined-zone", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.simple, named("limit_req", "limit_conn", "proxy_cache", "zone", "ssl_session_cache", "limit_req_zone", "limit_conn_zone", "proxy_cache_path"))
		if d == nil {
			if b := pick(r, c.blocks, named("location")); b != nil {
				at := b.Block.Open().End.Offset
				s := oneOf(r, "limit_req zone=api_burst;", "limit_conn perip 10;", "proxy_cache edge_cache;", "limit_req zone=nope burst=5;")
				return c.splice(at, at, "\n"+s), fmt.Sprintf("line %d: %s", line(b), s), true
			}
			return "", "", false
		}
		for i, a := range d.Args() {
			v := a.Raw()
			if k, name, ok := strings.Cut(v, "="); ok && (k == "zone" || k == "keys_zone") {
				name, rest, _ := strings.Cut(name, ":")
				if rest != "" {
					rest = ":" + rest
				}
				return c.replaceArg(d, i, k+"="+typo(r, name)+rest), fmt.Sprintf("line %d: %s zone renamed", line(d), d.Name()), true
			}
		}
		i := 0
		if d.Name() == "ssl_session_cache" {
			return c.replaceArg(d, 0, oneOf(r, "shared:SSL", "shared:SSL:0", "builtin:abc", "shared:SSL:10m:x", "none")), "ssl_session_cache changed", true
		}
		if len(d.Args()) == 0 {
			return "", "", false
		}
		return c.replaceArg(d, i, typo(r, d.Args()[i].Raw())), fmt.Sprintf("line %d: %s zone renamed", line(d), d.Name()), true
	}},
	{"if-condition", func(c *cfg, r *rand.Rand) (string, string, bool) {
		cond := oneOf(r, "($x == 1)", "($uri = /a)", "($request_method != POST)", "(-x $request_filename)", "(-x)",
			"($uri ~ ^/a()", "($uri ~* \"\\.php$\")", "(!-f $request_filename)", "($http_x)", "($a = )", "(-z $x)",
			"($remote_addr ~ 10.0.0.1 x)", "($args ~ (?<q>x))", "(!$uri)", "($uri ~ )", "(-d)", "($uri !~ ^/b)",
			"(\"$host\" = \"example.com\")", "$uri", "($uri", "($uri ~ \"/a\" )", "($is_bot = 1 && $x)", "($slow)")
		if b := pick(r, c.blocks, named("if")); b != nil && r.IntN(2) == 0 {
			from, _ := argAt(b, 0)
			to := b.Block.Open().Start.Offset
			return c.splice(from, to, cond+" "), fmt.Sprintf("line %d: if %s", line(b), cond), true
		}
		b := pick(r, c.blocks, func(b *analyzer.Directive) bool {
			return b.Name() == "location" || b.Name() == "server" && b.Ctx == analyzer.CtxHTTP
		})
		if b == nil {
			return "", "", false
		}
		at := b.Block.Open().End.Offset
		body := oneOf(r, "return 403;", "set $slow 1;", "rewrite ^ /x last;", "proxy_pass http://127.0.0.1:9;", "add_header X-If 1;", "break;")
		return c.splice(at, at, "\nif "+cond+" { "+body+" }"), fmt.Sprintf("line %d: if %s", line(b), cond), true
	}},
	{"return-rewrite", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.simple, named("return", "rewrite", "error_page", "try_files"))
		if d == nil || len(d.Args()) == 0 {
			return "", "", false
		}
		var s string
		switch d.Name() {
		case "return":
			s = "return " + oneOf(r, "999", "600", "099", "abc", "301", "302 /x y", "444", "200", "1000 x", "-1", "301 http://x", "$status", "204 \"\"", "https://example.com")
		case "rewrite":
			s = "rewrite " + oneOf(r, "^ /x lst", "^ /x break", "^ /x redirect", "^(.*)$ /x perm", "^/a( /b", "^ ", "^ /x last last", "/a /b permanent")
		case "error_page":
			s = "error_page " + oneOf(r, "200 /x", "600 /x", "404 =abc /x", "404", "404 =200 /x", "301 /x", "499 /x", "404 = @missing", "404 /x y", "x /y")
		case "try_files":
			s = "try_files " + oneOf(r, "$uri", "$uri =404", "$uri =999", "$uri =x", "$uri @nope", "$uri/ $uri =404", "=404")
		}
		return c.splice(start(d), d.End().Start.Offset, s), fmt.Sprintf("line %d: %s", line(d), s), true
	}},
	{"module-directive", func(c *cfg, r *rand.Rand) (string, string, bool) {
		// A directive of a dynamic module, loaded here or not.
		b := pick(r, c.blocks, named("location"))
		if b == nil {
			return "", "", false
		}
		at := b.Block.Open().End.Offset
		s := oneOf(r, "echo hi;", "more_set_headers \"X-A: b\";", "content_by_lua_block { ngx.say(1) }", "subs_filter a b;",
			"fancyindex on;", "set_by_lua $x 'return 1';", "brotli on;", "js_content main.hello;", "geoip2_proxy 10.0.0.0/8;",
			"more_clear_headers Server;", "echo_sleep 1;", "dav_ext_methods PROPFIND;", "upload_progress_json_output;",
			"nchan_publisher;", "auth_pam \"x\";", "image_filter resize 10 10;", "perl_set $x 'sub { 1 }';", "xslt_types text/xml;")
		return c.splice(at, at, "\n"+s), fmt.Sprintf("line %d: %s", line(b), s), true
	}},
	{"value-syntax", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.simple, named("ssl_protocols", "ssl_ciphers", "proxy_http_version", "gzip_comp_level", "keepalive_timeout",
			"client_max_body_size", "worker_processes", "worker_connections", "expires", "proxy_read_timeout", "proxy_buffers",
			"limit_rate", "keepalive", "proxy_next_upstream", "gzip_types", "charset", "autoindex", "ssl_session_timeout",
			"fastcgi_buffers", "limit_req_status", "proxy_cache_valid", "add_header", "server", "proxy_set_header", "log_format",
			"map_hash_bucket_size", "sendfile", "server_tokens", "access_log", "error_log", "satisfy", "allow", "deny"))
		if d == nil || len(d.Args()) == 0 {
			return "", "", false
		}
		i := r.IntN(len(d.Args()))
		w := oneOf(r, "TLSv1.4", "SSLv2", "tlsv1.2", "2.0", "10", "11", "0", "-5", "1h30", "5ms", "10 s", "1mb", "1G", "2048k", "yes",
			"enable", "max", "epoch", "off", "none", "1.1", "auto", "300000000000000000000", "16 4k", "=", "xx", "on")
		return c.replaceArg(d, i, w), fmt.Sprintf("line %d: argument %d of %s is %s", line(d), i+1, d.Name(), w), true
	}},
	{"stray-character", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.all, nil)
		if d == nil {
			return "", "", false
		}
		ch := oneOf(r, ";", "{", "}", "\"", "#", "\\", "$", ";;")
		at := start(d)
		if r.IntN(2) == 0 {
			at = end(d)
		}
		return c.splice(at, at, ch), fmt.Sprintf("line %d: a stray %s near %s", line(d), ch, d.Name()), true
	}},
	{"comment-out", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.all, nil)
		if d == nil {
			return "", "", false
		}
		ls := c.lineStart(start(d))
		return c.splice(ls, ls, "#"), fmt.Sprintf("line %d: commented out", line(d)), true
	}},
	{"empty-block", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.blocks, func(d *analyzer.Directive) bool { return !d.Block.Raw && len(d.Block.Items) > 0 })
		if d == nil {
			return "", "", false
		}
		return c.splice(d.Block.Open().End.Offset, d.Block.Close().Start.Offset, " "), fmt.Sprintf("line %d: %s emptied", line(d), d.Name()), true
	}},
	{"alias-regex", func(c *cfg, r *rand.Rand) (string, string, bool) {
		b := pick(r, c.blocks, func(b *analyzer.Directive) bool { return b.Name() == "location" && len(b.Args()) >= 2 })
		if b == nil {
			return "", "", false
		}
		at := b.Block.Open().End.Offset
		s := oneOf(r, "alias /var/www/x;", "alias /var/www/$1;", "proxy_pass http://127.0.0.1:1/x;", "root /var/www; alias /x;", "alias /var/www/x/;")
		return c.splice(at, at, "\n"+s), fmt.Sprintf("line %d: %s in a regex location", line(b), s), true
	}},
	{"map-geo", func(c *cfg, r *rand.Rand) (string, string, bool) {
		d := pick(r, c.blocks, named("map", "geo", "split_clients"))
		if d == nil || len(d.Args()) == 0 {
			return "", "", false
		}
		i := len(d.Args()) - 1
		w := oneOf(r, "new_uri", "$remote_addr", "$uri", "$x y", "$host", "$1")
		if r.IntN(3) == 0 {
			at := d.Block.Open().End.Offset
			e := oneOf(r, "default 1;", "hostnames;", "a b c;", "volatile;", "include x;", "127.0.0.1 1;", "~^(x 1;", "delete 10.0.0.0/8;", "ranges;")
			return c.splice(at, at, "\n"+e), fmt.Sprintf("line %d: %s gets %s", line(d), d.Name(), e), true
		}
		return c.replaceArg(d, i, w), fmt.Sprintf("line %d: %s target %s", line(d), d.Name(), w), true
	}},
}

var varRe = regexp.MustCompile(`\$[a-z_][a-z0-9_]*`)

func argsRaw(d *analyzer.Directive) []string {
	out := make([]string, len(d.Args()))
	for i, a := range d.Args() {
		out[i] = a.Raw()
	}
	return out
}

// typo makes one edit in s: a deletion, an insertion, a substitution or
// a swap of neighbours.
func typo(r *rand.Rand, s string) string {
	if s == "" {
		return "x"
	}
	b := []byte(s)
	i := r.IntN(len(b))
	letters := "abcdefghijklmnopqrstuvwxyz_"
	switch r.IntN(4) {
	case 0:
		if len(b) > 1 {
			return string(slices.Delete(b, i, i+1))
		}
		return s + "x"
	case 1:
		return string(slices.Insert(b, i, letters[r.IntN(len(letters))]))
	case 2:
		c := letters[r.IntN(len(letters))]
		if c == b[i] {
			c = 'q'
		}
		b[i] = c
		return string(b)
	default:
		if i+1 < len(b) && b[i] != b[i+1] {
			b[i], b[i+1] = b[i+1], b[i]
			return string(b)
		}
		return s + "s"
	}
}

// wrongKind returns an argument of another kind than v: a word for a
// number, a number for a word, a bad size or time.
func wrongKind(r *rand.Rand, v string) string {
	switch {
	case v == "on" || v == "off":
		return oneOf(r, "yes", "true", "1", "enabled")
	case len(v) > 0 && v[0] >= '0' && v[0] <= '9':
		return oneOf(r, "abc", "10q", "5x", "-1", "1.5", "99999999999999999999", "0x10", "", "ten")
	case strings.HasPrefix(v, "$"):
		return oneOf(r, "$", "${", "$1x", "$ host", "${host")
	case strings.HasPrefix(v, "/"):
		return oneOf(r, "relative/path", "123", "on", "")
	}
	return oneOf(r, "0", "123", "on", "-", "*", "\"\"", "10m")
}

// Lines counts the lines of text, for reports.
func Lines(text []byte) int { return bytes.Count(text, []byte{'\n'}) + 1 }
