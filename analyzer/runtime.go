package analyzer

import (
	"net/netip"
	"strings"
)

// Run-time addresses.
//
// When a *_pass argument holds a variable anywhere (host, port or URI),
// nginx builds the URL per request and then, for its host: uses an
// upstream{} block of that name when the URL has no port; else an implicit
// upstream that a static *_pass elsewhere in the same http{} (or stream{})
// created for the same host and port; else an IP literal as is; else it
// asks the `resolver` in scope, and answers 502 ("no resolver defined to
// resolve NAME") when there is none. So `proxy_pass http://app$request_uri`
// needs a resolver unless `app` is an upstream name.
//
// The values of variables come from `set` (rewrite module, run in order in
// the server's rewrite phase and then in the matched location's, `if`
// bodies inline and conditionally) and from map, geo and split_clients
// blocks. Everything else (request data, captures) is unknown.

// maxTargets caps the values followed for one address.
const maxTargets = 32

// maxVarDepth caps how deep map values referring to other variables are
// followed.
const maxVarDepth = 8

// maxPieces caps the pieces of one value (see join).
const maxPieces = 64

// maxEvalWork caps the pieces of values built for one address: past it,
// a map, geo or split_clients variable not yet read is unknown (values
// already worked out, by set, are still joined: at most maxTargets values
// of maxPieces at a time). Real addresses build a few dozen; the shared
// corpus needs fewer than 256. Without it, a map whose values name it three
// times ($w$w$w) was read 12^8 times, eight levels deep.
const maxEvalWork = 1 << 12

// uriVars are variables whose values start with '/' (or '?'): in an
// address they end the host.
var uriVars = map[string]string{
	"request_uri": "/", "uri": "/", "document_uri": "/", "fastcgi_script_name": "/",
	"request_filename": "/", "document_root": "/", "realpath_root": "/", "is_args": "?",
}

// piece is part of a value: literal text (from arg at Value offset off)
// or a stand-in for something unknown.
type piece struct {
	text    string
	unknown bool
	arg     *Arg
	dir     *Directive
	off     int
	via     string // the variable the text came through
}

type value []piece

func (v value) text() string {
	var b strings.Builder
	for _, p := range v {
		b.WriteString(p.text)
	}
	return b.String()
}

// runtimeIndex holds what run-time evaluation needs from the whole config.
type runtimeIndex struct {
	// implicit maps lower-case host:port of static *_pass addresses to the
	// directive, per module (0 http, 1 stream).
	implicit [2]map[string]*Directive
	// varDefs maps variable names to the map/geo/split_clients blocks that
	// define them, per module.
	varDefs [2]map[string]*Directive
}

func streamIdx(stream bool) int {
	if stream {
		return 1
	}
	return 0
}

func (an *Analysis) runtimeIdx() *runtimeIndex {
	if an.runtime != nil {
		return an.runtime
	}
	ix := &runtimeIndex{}
	for i := range 2 {
		ix.implicit[i] = map[string]*Directive{}
		ix.varDefs[i] = map[string]*Directive{}
	}
	an.Walk(func(d *Directive) bool {
		if d.Ctx.IsData() {
			return false
		}
		i := streamIdx(d.Ctx.IsStream())
		switch {
		case IsPass(d) && len(d.Args()) > 0 && !d.Args()[0].HasVar():
			u := splitURL(d.Args()[0].Value())
			if !u.Unix && u.Host != "" && !isIPHost(u.Host) {
				key := strings.ToLower(u.Host) + ":" + portOrDefault(u.Port, u.Scheme)
				if _, ok := ix.implicit[i][key]; !ok {
					ix.implicit[i][key] = d
				}
			}
		case (d.Name() == "map" || d.Name() == "geo" || d.Name() == "split_clients") && d.Block != nil:
			if out := d.Args(); len(out) > 0 {
				dst := out[len(out)-1].Value()
				if d.Name() == "geo" && len(out) == 1 {
					dst = out[0].Value()
				}
				if strings.HasPrefix(dst, "$") {
					ix.varDefs[i][varName(dst[1:])] = d
				}
			}
		}
		return true
	})
	an.runtime = ix
	return ix
}

func varName(s string) string {
	return strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}")
}

func portOrDefault(port, scheme string) string {
	if port != "" {
		return port
	}
	if scheme == "https" || scheme == "grpcs" {
		return "443"
	}
	return "80"
}

func isIPHost(h string) bool {
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	_, err := netip.ParseAddr(h)
	return err == nil
}

// evaluator follows variables for one address.
type evaluator struct {
	an     *Analysis
	ix     *runtimeIndex
	stream bool
	vars   map[string][]value // state after the rewrite phase
	depth  int
	work   int // pieces of values built (see maxEvalWork)
}

// segment is a literal or a variable reference in a value as written.
type segment struct {
	lit  string
	off  int
	name string // variable name when a reference
}

// segments splits an argument value into literals and $variables.
func segments(v string) []segment {
	var out []segment
	lit := 0
	flush := func(end int) {
		if end > lit {
			out = append(out, segment{lit: v[lit:end], off: lit})
		}
	}
	for i := 0; i < len(v); i++ {
		if v[i] != '$' || i+1 >= len(v) {
			continue
		}
		j := i + 1
		braced := v[j] == '{'
		if braced {
			j++
		}
		k := j
		for k < len(v) && (v[k] == '_' || v[k] >= 'a' && v[k] <= 'z' || v[k] >= 'A' && v[k] <= 'Z' || v[k] >= '0' && v[k] <= '9') {
			k++
		}
		if k == j {
			continue
		}
		name := v[j:k]
		if braced {
			if k >= len(v) || v[k] != '}' {
				continue
			}
			k++
		}
		flush(i)
		out = append(out, segment{name: name, off: i})
		lit = k
		i = k - 1
	}
	flush(len(v))
	return out
}

// expand returns the values an argument can take.
func (e *evaluator) expand(arg *Arg, dir *Directive) []value {
	vals := []value{{}}
	for _, s := range segments(arg.Value()) {
		if s.name == "" {
			for i := range vals {
				vals[i] = append(vals[i], piece{text: s.lit, arg: arg, dir: dir, off: s.off})
			}
			continue
		}
		cands := e.lookup(s.name)
		if len(vals)*len(cands) > maxTargets {
			cands = []value{unknownValue(s.name)}
		}
		var next []value
		for _, v := range vals {
			for _, c := range cands {
				nv := join(v, c, s.name)
				e.work += len(nv)
				next = append(next, nv)
			}
		}
		vals = next
	}
	return vals
}

// join returns a new value, v followed by c (the value of variable name),
// of at most maxPieces pieces: past them the rest is unknown. A variable
// set from itself twice (set $a "$a$a") doubles its pieces with each set
// (a dozen made values of 4,096), and where an address goes (its host, its
// port) is decided by its first pieces.
func join(v, c value, name string) value {
	switch {
	case len(v) >= maxPieces: // cut already
		return append(value{}, v...)
	case len(v)+len(c) <= maxPieces:
		return append(append(make(value, 0, len(v)+len(c)), v...), c...)
	}
	nv := append(make(value, 0, maxPieces), v...)
	nv = append(nv, c[:maxPieces-1-len(v)]...)
	return append(nv, piece{text: "\x00", unknown: true, off: -1, via: name})
}

func unknownValue(name string) value {
	text := "\x00"
	if t, ok := uriVars[strings.ToLower(name)]; ok {
		text = t
	}
	return value{{text: text, unknown: true, off: -1, via: name}}
}

// lookup returns the values variable name can have where the address is
// used.
func (e *evaluator) lookup(name string) []value {
	if v, ok := e.vars[name]; ok {
		return v
	}
	return e.base(name)
}

// base returns the values of a variable that no `set` touched: those of the
// map, geo or split_clients block defining it, or unknown.
func (e *evaluator) base(name string) []value {
	d := e.ix.varDefs[streamIdx(e.stream)][name]
	if d == nil || e.depth >= maxVarDepth || e.work >= maxEvalWork {
		return []value{unknownValue(name)}
	}
	e.depth++
	defer func() { e.depth-- }()
	var out []value
	hasDefault := d.Name() == "split_clients"
	for _, c := range d.Children() {
		var arg *Arg
		switch {
		case c.Name() == "include", c.Name() == "ranges", c.Name() == "proxy", c.Name() == "proxy_recursive", c.Name() == "delete":
			if c.Name() == "include" {
				out = append(out, unknownValue(name))
			}
			continue
		case c.Name() == "hostnames" || c.Name() == "volatile":
			continue
		case len(c.Args()) > 0:
			arg = c.Args()[len(c.Args())-1]
		default:
			continue
		}
		if c.Name() == "default" {
			hasDefault = true
		}
		for _, v := range e.expand(arg, c) {
			for i := range v {
				if v[i].via == "" {
					v[i].via = name
				}
			}
			out = append(out, v)
		}
		if len(out) > maxTargets {
			return []value{unknownValue(name)}
		}
	}
	if !hasDefault {
		out = append(out, value{}) // the empty string
	}
	return out
}

// runRewrite applies the rewrite-phase statements of items in order.
// Statements inside `if` are conditional, and so is everything after a
// `break` (or `rewrite … break`) that may have run: nginx then skips the
// rest of the list but still reaches the content phase. A `return` or a
// redirecting rewrite ends the request, so the address is never used after
// it: an unconditional one stops the list, a conditional one changes
// nothing for the requests that get through. It reports whether a break may
// have happened.
func (e *evaluator) runRewrite(items []*Directive, cond bool) (broke bool) {
	for _, d := range items {
		switch d.Name() {
		case "set":
			if len(d.Args()) < 2 || !strings.HasPrefix(d.Args()[0].Value(), "$") {
				continue
			}
			name := varName(d.Args()[0].Value()[1:])
			vals := e.expand(d.Args()[1], d)
			for _, v := range vals {
				for i := range v {
					if v[i].via == "" {
						v[i].via = name
					}
				}
			}
			if cond {
				vals = append(append([]value{}, e.lookup(name)...), vals...)
				if len(vals) > maxTargets {
					vals = []value{unknownValue(name)}
				}
			}
			e.vars[name] = vals
		case "if":
			if d.Block != nil && e.runRewrite(d.Children(), true) {
				cond, broke = true, true
			}
		case "break":
			if !cond {
				return true
			}
			broke = true
		case "return":
			if !cond {
				return broke
			}
		case "rewrite":
			if n := len(d.Args()); n >= 3 && d.Args()[n-1].Value() == "break" {
				cond, broke = true, true
			}
		}
	}
	return broke
}

// rewriteLists returns the server-level and location-level statement lists
// that run, in that order, before the content phase of d.
func rewriteLists(d *Directive) (srv, loc []*Directive) {
	top := d.Root().Children()
	if d.Ctx.IsStream() {
		if s := d.Enclosing("server"); s != nil {
			return s.Children(), nil
		}
		return top, nil
	}
	l := d.Enclosing("location")
	s := d.Enclosing("server")
	switch {
	case l != nil:
		loc = l.Children()
	case d.Root().Ctx == CtxLocation:
		loc = top
	}
	switch {
	case s != nil:
		srv = s.Children()
	case d.Root().Ctx == CtxServer:
		srv = top
	}
	return srv, loc
}

// evalRuntime fills the targets of a *_pass whose argument has variables.
func (an *Analysis) evalRuntime(a *Address) {
	a.Runtime = true
	e := &evaluator{an: an, ix: an.runtimeIdx(), stream: a.Stream, vars: map[string][]value{}}
	srv, loc := rewriteLists(a.Directive)
	e.runRewrite(srv, false)
	e.runRewrite(loc, false)
	seen := map[string]bool{}
	for _, v := range e.expand(a.Arg, a.Directive) {
		t := an.target(a, v)
		if t == nil {
			continue
		}
		key := t.Kind.String() + "\x01" + strings.ToLower(t.Host) + "\x01" + t.Port
		if t.Arg != nil {
			key += "\x01" + t.Arg.Range().Start.String()
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		a.Targets = append(a.Targets, t)
	}
	a.Kind = runtimeKind(a.Targets)
	if len(a.Targets) == 1 {
		a.Group = a.Targets[0].Group
	}
}

// runtimeKind summarizes the targets' kinds: AddrDynamic when a resolver
// is needed, AddrUnknown when some value cannot be known, else the one kind
// all values share, or AddrMixed.
func runtimeKind(ts []*Target) AddressKind {
	kind, unknown := AddrUnknown, false
	for i, t := range ts {
		switch {
		case t.Kind == AddrDynamic || t.Kind == AddrUnknown && t.FromRequest:
			return AddrDynamic
		case t.Kind == AddrUnknown:
			unknown = true
		case i == 0:
			kind = t.Kind
		case t.Kind != kind:
			kind = AddrMixed
		}
	}
	if unknown {
		return AddrUnknown
	}
	return kind
}

// target classifies one value of a run-time address, as nginx does per
// request. It returns nil for an empty host.
func (an *Analysis) target(a *Address, v value) *Target {
	text := v.text()
	u := splitURL(text)
	t := &Target{Host: u.Host, Port: u.Port, HostStart: -1, HostEnd: -1}
	if a.Stream {
		// stream's proxy_pass has no scheme: the whole value is host:port.
		u.Scheme = ""
	}
	// Which pieces hold the host?
	hs, he := u.HostOff, u.HostOff+len(u.Host)
	pos, unknown, unknownVar := 0, false, ""
	var only *piece
	for i := range v {
		p := &v[i]
		ps, pe := pos, pos+len(p.text)
		pos = pe
		if pe <= hs || ps >= he || ps == pe {
			continue
		}
		if p.unknown {
			unknown = true
			if unknownVar == "" {
				unknownVar = p.via
			}
		}
		if only == nil && ps <= hs && pe >= he && !p.unknown {
			only = p
		}
		if t.Var == "" && p.via != "" {
			t.Var = p.via
		}
	}
	switch {
	case u.Unix:
		t.Kind = AddrUnix
		return t
	case unknown:
		t.Kind = AddrUnknown
		t.Host = strings.ReplaceAll(u.Host, "\x00", "…")
		t.Var = unknownVar
		t.FromRequest = IsRequestVariable(unknownVar)
		return t
	case u.Host == "":
		return nil // nginx fails such a request without resolving anything
	}
	if only != nil && only.arg != nil && only.off >= 0 {
		if s := rawOffset(only.arg, only.off+hs-(pieceStart(v, only))); s >= 0 {
			t.Directive, t.Arg = only.dir, only.arg
			t.HostStart, t.HostEnd = s, s+len(u.Host)
		}
	}
	if t.Directive == nil && only != nil {
		t.Directive, t.Arg = only.dir, only.arg
	}
	lh := strings.ToLower(u.Host)
	if g := an.Upstreams(a.Stream)[lh]; g != nil && u.Port == "" {
		t.Kind, t.Group = AddrGroup, g
		return t
	}
	if p := an.runtimeIdx().implicit[streamIdx(a.Stream)][lh+":"+portOrDefault(u.Port, u.Scheme)]; p != nil {
		t.Kind, t.Group = AddrStatic, p
		return t
	}
	if isIPHost(u.Host) {
		t.Kind = AddrIP
		return t
	}
	t.Kind = AddrDynamic
	return t
}

// pieceStart is the offset of p within v's text.
func pieceStart(v value, p *piece) int {
	pos := 0
	for i := range v {
		if &v[i] == p {
			return pos
		}
		pos += len(v[i].text)
	}
	return pos
}

// IsRequestVariable reports whether an nginx variable carries data from the
// client's request (so an address built from it can name any host).
func IsRequestVariable(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "host", "http_host", "args", "query_string", "request_uri", "uri", "document_uri",
		"request", "request_body", "server_name", "ssl_server_name", "ssl_preread_server_name":
		return true
	}
	if n != "" && n[0] >= '0' && n[0] <= '9' {
		return true // a regex capture, usually of the URI
	}
	for _, p := range []string{"http_", "arg_", "cookie_"} {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}
