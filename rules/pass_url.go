package rules

import (
	"strconv"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

// passURL is how nginx reads the address of a *_pass directive: the
// schemes it accepts (required for proxy_pass), whether a URI may follow
// the address, and the port it takes when none is written.
type passURL struct {
	schemes     []string
	required    bool
	uri         bool
	defaultPort map[string]int // by scheme
}

var passURLs = map[string]passURL{
	"proxy_pass":     {schemes: []string{"http://", "https://"}, required: true, uri: true, defaultPort: map[string]int{"http://": 80, "https://": 443}},
	"grpc_pass":      {schemes: []string{"grpc://", "grpcs://"}},
	"uwsgi_pass":     {schemes: []string{"uwsgi://", "suwsgi://"}},
	"fastcgi_pass":   {},
	"scgi_pass":      {},
	"memcached_pass": {},
}

// streamPass is stream's proxy_pass: host:port, unix: or an upstream name.
var streamPass = passURL{}

// checkPassURL reports the *_pass addresses nginx refuses while reading the
// configuration, with nginx's own words: a missing or unknown scheme, a
// port out of range, an empty host or unix socket path, a URI where none
// may be, a port on an upstream{} group's name, and (on a whole
// configuration) an address without a port that names no upstream{}.
func checkPassURL(p *analyzer.Pass, d *analyzer.Directive) {
	spec, ok := passURLs[d.Name()]
	stream := d.Ctx.IsStream()
	switch {
	case stream && d.Name() == "proxy_pass":
		spec = streamPass
	case !ok || stream || len(d.Args()) != 1:
		return
	}
	a := d.Args()[0]
	url := a.Value()
	if strings.IndexByte(url, '$') >= 0 || templatedValue(url) {
		return // compiled, resolved per request; or a template's placeholder
	}
	scheme := ""
	for _, s := range spec.schemes {
		if len(url) >= len(s) && strings.EqualFold(url[:len(s)], s) {
			scheme = s
			break
		}
	}
	if scheme == "" && spec.required {
		f := p.Reportf(d, a.Range(), "invalid URL prefix in %q", analyzer.Snippet(url)).
			Note("nginx refuses to start: %s needs an address starting with http:// or https://", d.Name())
		if !strings.Contains(url, "://") {
			f.Note("write %s http://%s;", d.Name(), url)
		}
		return
	}
	rest := url[len(scheme):]
	port := spec.defaultPort[strings.ToLower(scheme)]
	u, msg := parsePassAddr(rest, spec.uri)
	if msg != "" {
		p.Reportf(d, a.Range(), "%s in upstream %q", msg, analyzer.Snippet(rest)).
			Note("nginx refuses to start: it cannot read %q as an address of %s", rest, d.Name())
		return
	}
	if u.uri != "" && inNoURIBlock(d) != "" {
		p.Reportf(d, a.Range(), "%q cannot have URI part %s", d.Name(), inNoURIBlock(d)).
			Note("nginx refuses to start: where no fixed location prefix is there to replace, the URI part (%q) has no meaning", u.uri).
			Note("drop the URI part, or set it with rewrite … break; before %s", d.Name())
		return
	}
	if u.unix {
		return
	}
	ups := p.Analysis.Upstreams(stream)
	if up, named := ups[strings.ToLower(u.host)]; named {
		if u.port != "" {
			p.Reportf(d, a.Range(), "upstream %q may not have port %s", u.host, u.port).
				Note("nginx refuses to start: %q names the upstream{} at %s, whose servers carry their own ports", u.host, where(up, d)).
				Note("drop the port: %s %s%s;", d.Name(), scheme, u.host+u.uri).
				Relate(up.Args()[0].Range(), "upstream %s", analyzer.Snippet(u.host))
		}
		return
	}
	if u.port == "" && port == 0 && wholeConfig(p) {
		p.Reportf(d, a.Range(), "no port in upstream %q", u.host).
			Note("nginx refuses to start: no upstream{} is named %q, so it is an address, and %s has no default port", u.host, d.Name()).
			Note("add the port (%s:PORT) or define upstream %s { … }", u.host, u.host)
		return
	}
	if msg := unresolvableHost(u.host); msg != "" {
		p.Reportf(d, a.Range(), "host not found in upstream %q", u.host).
			Note("nginx refuses to start: it resolves %q when it reads the configuration, and %s", u.host, msg)
	}
}

// passAddr is an address as ngx_parse_url splits it.
type passAddr struct {
	host, port, uri string
	unix            bool
}

// parsePassAddr splits an address (scheme removed) the way nginx's
// ngx_parse_url does, and returns nginx's error text when it refuses it.
func parsePassAddr(s string, uriPart bool) (passAddr, string) {
	var u passAddr
	if len(s) >= 5 && strings.EqualFold(s[:5], "unix:") {
		u.unix = true
		path := s[5:]
		if uriPart {
			if i := strings.IndexByte(path, ':'); i >= 0 {
				path, u.uri = path[:i], path[i+1:]
			}
		}
		if path == "" {
			return u, "no path in the unix domain socket"
		}
		if len(path) > 107 {
			return u, "too long path in the unix domain socket"
		}
		return u, ""
	}
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return u, "invalid host"
		}
		u.host = s[:end+1]
		rest := s[end+1:]
		switch {
		case rest == "":
		case rest[0] == ':':
			p := rest[1:]
			if i := strings.IndexAny(p, "/?"); i >= 0 && uriPart {
				p, u.uri = p[:i], p[i:]
			}
			if !validPort(p) {
				return u, "invalid port"
			}
			u.port = p
		case (rest[0] == '/' || rest[0] == '?') && uriPart:
			u.uri = rest
		default:
			return u, "invalid host"
		}
		return u, ""
	}
	last := s
	if i := strings.IndexAny(s, "/?"); i >= 0 {
		if !uriPart {
			return u, "invalid host"
		}
		last, u.uri = s[:i], s[i:]
	}
	if i := strings.IndexByte(last, ':'); i >= 0 {
		if !validPort(last[i+1:]) {
			return u, "invalid port"
		}
		u.port = last[i+1:]
		last = last[:i]
	}
	if last == "" {
		return u, "no host"
	}
	u.host = last
	return u, ""
}

// validPort reports whether nginx reads p as a port: 1 to 65535, digits only.
func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n >= 1 && n <= 65535 && p[0] != '+' && p[0] != '-'
}

// inNoURIBlock says where a proxy_pass may not carry a URI part (nginx's
// wording), or "" where it may.
func inNoURIBlock(d *analyzer.Directive) string {
	par := d.Parent
	if par == nil {
		return ""
	}
	switch par.Name() {
	case "if":
		return `inside "if" statement`
	case "limit_except":
		return `inside "limit_except" block`
	case "location":
		loc, ok := par.LocationOf()
		switch {
		case !ok:
		case loc.IsRegex():
			return "in location given by regular expression"
		case loc.Modifier == "@":
			return "inside named location"
		}
	}
	return ""
}

// unresolvableHost says why a name nginx resolves at start-up cannot
// resolve on any machine, or "" when it may: "localhost." (the hosts file
// knows localhost without the dot, and DNS has no such name), an empty
// label, a character no host name has.
func unresolvableHost(h string) string {
	if h == "" || h[0] == '[' {
		return ""
	}
	lower := strings.ToLower(h)
	if lower == "localhost." {
		return "the hosts file knows \"localhost\", not \"localhost.\", and DNS does not answer for it; write 127.0.0.1"
	}
	name := strings.TrimSuffix(h, ".")
	for _, label := range strings.Split(name, ".") {
		if label == "" {
			return "a host name has no empty label"
		}
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !isVarByte(c) && c != '-' && c != '.' {
			return "a host name has letters, digits, '-', '_' and '.' only, never " + strconv.QuoteRune(rune(c))
		}
	}
	return ""
}

// checkUpstreamServer reports an upstream server address nginx refuses
// while reading the configuration: one it cannot parse, or a name it
// resolves at start-up (no resolve parameter) that cannot exist.
func checkUpstreamServer(p *analyzer.Pass, d *analyzer.Directive) {
	if d.Ctx != analyzer.CtxUpstream && d.Ctx != analyzer.CtxStreamUpstrm || len(d.Args()) == 0 {
		return
	}
	a := d.Args()[0]
	addr := a.Value()
	if strings.IndexByte(addr, '$') >= 0 || templatedValue(addr) {
		return
	}
	u, msg := parsePassAddr(addr, false)
	if msg != "" {
		p.Reportf(d, a.Range(), "%s in upstream %q", msg, analyzer.Snippet(addr)).
			Note("nginx refuses to start: it cannot read %q as the address of an upstream server", addr)
		return
	}
	if !checkServerParams(p, d) || u.unix {
		return
	}
	if d.Ctx == analyzer.CtxStreamUpstrm && u.port == "" {
		p.Reportf(d, a.Range(), "no port in upstream %q", analyzer.Snippet(addr)).
			Note("nginx refuses to start: a stream upstream server needs its port (%s:PORT); stream has no default port", addr)
		return
	}
	if d.HasFlag("resolve") {
		return
	}
	if why := unresolvableHost(u.host); why != "" {
		p.Reportf(d, a.Range(), "host not found in upstream %q", analyzer.Snippet(addr)).
			Note("nginx refuses to start: it resolves %q when it reads the configuration, and %s", u.host, why)
	}
}

// upstreamServerParams are the parameters of an upstream server line
// (resolve and service since 1.27.3, which checkParamVersions judges;
// drain and route= since 1.29.6; slow_start= in NGINX Plus).
var upstreamServerParams = map[string]bool{
	"weight=": true, "max_conns=": true, "max_fails=": true, "fail_timeout=": true,
	"backup": true, "down": true, "resolve": true, "service=": true, "drain": true, "route=": true,
}

// checkServerParams reports a parameter of an upstream server line that
// nginx does not know or whose value it cannot read, and says whether the
// line is free of such.
func checkServerParams(p *analyzer.Pass, d *analyzer.Directive) bool {
	plus := p.Config != nil && p.Config.Plus
	for _, a := range d.Args()[1:] {
		key, val, ok := paramKey(a)
		if !ok {
			continue
		}
		v := a.Value()
		hasVal := strings.HasSuffix(key, "=")
		bad := !upstreamServerParams[key] && (!plus || key != "slow_start=")
		switch key {
		case "weight=":
			n, ok := ngxAtoi(val)
			bad = !ok || n == 0
		case "max_conns=", "max_fails=":
			_, ok := ngxAtoi(val)
			bad = !ok
		case "fail_timeout=":
			_, ok := directives.ParseTime(val)
			bad = !ok
		}
		if bad {
			f := p.Reportf(d, a.Range(), "invalid parameter %q", analyzer.Snippet(v)).
				Note("nginx refuses to start: an upstream server takes the address, then weight=, max_conns=, max_fails=, fail_timeout=, backup, down (resolve and service= since 1.27.3)")
			if !hasVal && !upstreamServerParams[key] && a == d.Args()[1] && (strings.Contains(v, ":") || strings.Contains(v, ".")) {
				f.Note("one server line takes one address: write a server line for each")
			}
			return false
		}
	}
	return true
}
