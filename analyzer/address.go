package analyzer

import (
	"maps"
	"net"
	"slices"
	"strings"
)

// AddressKind says how nginx turns an upstream address into IP addresses.
type AddressKind int

// Address kinds.
const (
	AddrUnknown AddressKind = iota
	// AddrGroup names an upstream{} block: no name resolution at all.
	AddrGroup
	// AddrUnix is a unix-domain socket.
	AddrUnix
	// AddrIP is an IPv4 or IPv6 literal.
	AddrIP
	// AddrStatic is a host name resolved once, at start-up, by the system
	// resolver (getaddrinfo, /etc/hosts included). `resolver` does not apply.
	AddrStatic
	// AddrDynamic is a name resolved at run time through the `resolver` in
	// scope (a *_pass with variables whose host is not an upstream or an IP,
	// or `server … resolve`).
	AddrDynamic
	// AddrMixed is a run-time address whose possible values are of several
	// kinds, none of which needs a resolver (say a map of upstream names and
	// IP addresses).
	AddrMixed
)

func (k AddressKind) String() string {
	return [...]string{"unknown", "upstream group", "unix socket", "IP literal", "static name", "dynamic name", "mixed"}[k]
}

// PassDirectives are the directives that send requests to an address.
var PassDirectives = map[string]bool{
	"proxy_pass": true, "fastcgi_pass": true, "uwsgi_pass": true, "scgi_pass": true,
	"grpc_pass": true, "memcached_pass": true,
}

// AddressNames are the names of the directives ParseAddress reads: the
// *_pass directives and server (an upstream server line), for Pass.Each.
func AddressNames() []string {
	return append(slices.Collect(maps.Keys(PassDirectives)), "server")
}

// Address is the parsed target of a *_pass directive or an upstream server.
type Address struct {
	Directive *Directive
	Arg       *Arg
	Kind      AddressKind
	Scheme    string // "http", "grpc", … ("" when none is written)
	Host      string // as written (may hold variables)
	Port      string
	URI       string // the part from the first '/' after the host
	// HostStart/HostEnd are byte offsets of Host within Arg.Raw, or -1 when
	// quoting or escapes make the mapping unsure.
	HostStart, HostEnd int
	// Group is the upstream{} block the host names, for AddrGroup.
	Group *Directive
	// Resolve is set for `server … resolve` in an upstream.
	Resolve bool
	// Stream is set for addresses in the stream module.
	Stream bool
	// Runtime is set when nginx works the address out per request (a
	// *_pass argument with variables anywhere in it) or per re-resolution
	// (`server … resolve`), rather than once at start-up.
	Runtime bool
	// Targets are the values the host can take at run time, for Runtime
	// addresses, as far as the config tells (set chains, maps).
	Targets []*Target
}

// Target is one value the host of a run-time address can take.
type Target struct {
	// Kind is AddrGroup (an upstream block), AddrStatic (a host:port that
	// a static *_pass elsewhere made into an implicit upstream, resolved at
	// start-up), AddrIP, AddrUnix, AddrDynamic (a name looked up through
	// the resolver) or AddrUnknown (not known from the config: request
	// data, captures, variables set nowhere).
	Kind AddressKind
	Host string
	Port string
	// Group is the upstream block (AddrGroup) or the static *_pass whose
	// implicit upstream matches (AddrStatic).
	Group *Directive
	// Var names the variable the host comes from ("" when it is written in
	// the address itself).
	Var string
	// Directive and Arg hold the text of the host: the address itself, a
	// `set` or a map entry; HostStart/HostEnd are its byte offsets in
	// Arg.Raw, or -1 when the text is assembled from several pieces.
	Directive          *Directive
	Arg                *Arg
	HostStart, HostEnd int
	// FromRequest is set for an AddrUnknown host taken from the request
	// ($host, $http_…, $arg_…, captures): it can be any name.
	FromRequest bool
}

// HostRange returns the source range of the target's host text.
func (t *Target) HostRange() (Range, bool) {
	if t.Arg == nil || t.HostStart < 0 {
		return Range{}, false
	}
	base := t.Arg.Range().Start.Offset
	return t.Directive.File.Range(base+t.HostStart, base+t.HostEnd), true
}

// NeedsResolver reports whether nginx needs a `resolver` for the address:
// some value of its host is a name looked up at run time, or comes from
// the request. A host from a variable the config does not define (set by
// js_set, perl_set, Lua, or a template placeholder) may be an upstream name
// or an IP address, so it does not count.
func (a *Address) NeedsResolver() bool {
	if !a.Runtime {
		return false
	}
	for _, t := range a.Targets {
		if t.Kind == AddrDynamic || t.Kind == AddrUnknown && t.FromRequest {
			return true
		}
	}
	return false
}

// ResolvedNames returns the targets looked up through the resolver by a
// known name.
func (a *Address) ResolvedNames() []*Target {
	var out []*Target
	for _, t := range a.Targets {
		if t.Kind == AddrDynamic {
			out = append(out, t)
		}
	}
	return out
}

// HostRange returns the source range of the host part, or the whole
// argument when it cannot be located exactly.
func (a *Address) HostRange() Range {
	r := a.Arg.Range()
	if a.HostStart < 0 {
		return r
	}
	f := a.Directive.File
	base := r.Start.Offset
	return f.Range(base+a.HostStart, base+a.HostEnd)
}

// IsUpstreamServer reports whether d is a `server` line inside upstream{}.
func IsUpstreamServer(d *Directive) bool {
	return d.Name() == "server" && d.Block == nil && (d.Ctx == CtxUpstream || d.Ctx == CtxStreamUpstrm)
}

// IsPass reports whether d is a *_pass directive that takes an address
// (http, or proxy_pass in stream).
func IsPass(d *Directive) bool {
	if !PassDirectives[d.Name()] || d.Block != nil {
		return false
	}
	if d.Ctx.IsStream() {
		return d.Name() == "proxy_pass" && d.Ctx == CtxStreamServer
	}
	return true
}

// ParseAddress parses the address of a *_pass directive or an upstream
// server line; it returns nil for anything else. Each call builds a new
// Address: keeping one per proxying statement of a large configuration
// cost more memory (about half the input's size) than parsing it again
// costs time.
func (an *Analysis) ParseAddress(d *Directive) *Address {
	if len(d.Args()) == 0 || !IsUpstreamServer(d) && !IsPass(d) {
		return nil
	}
	// A run-time address is worked out once for all the rules (Shared):
	// it follows every set and map it uses. A static one is cheaper to
	// parse again than to keep (a configuration of a million proxy_pass
	// lines would hold them all).
	if !IsPass(d) || !d.Args()[0].HasVar() {
		return an.parseAddress(d)
	}
	kept := Shared(an, runtimeAddressesKey{}, func() map[*Directive]*Address { return map[*Directive]*Address{} })
	if a, ok := kept[d]; ok {
		return a
	}
	a := an.parseAddress(d)
	kept[d] = a
	return a
}

type runtimeAddressesKey struct{}

func (an *Analysis) parseAddress(d *Directive) *Address {
	a := parseHostPort(d, d.Args()[0], d.Ctx.IsStream())
	if IsUpstreamServer(d) {
		a.Resolve = d.HasFlag("resolve")
	}
	switch {
	case IsPass(d) && d.Args()[0].HasVar():
		an.evalRuntime(a)
	default:
		a.classify(an)
		if a.Kind == AddrDynamic { // server … resolve
			a.Runtime = true
			a.Targets = []*Target{{Kind: AddrDynamic, Host: a.Host, Port: a.Port,
				Directive: d, Arg: a.Arg, HostStart: a.HostStart, HostEnd: a.HostEnd}}
		}
	}
	return a
}

// urlParts is an address split into its parts; HostOff is the offset of
// Host in the text split.
type urlParts struct {
	Scheme, Host, Port, URI string
	HostOff                 int
	Unix                    bool
}

// splitURL splits [scheme://]host[:port][/uri] (or unix:path).
func splitURL(v string) urlParts {
	var u urlParts
	off := 0
	if i := strings.Index(v, "://"); i > 0 && !strings.ContainsAny(v[:i], "$/") {
		u.Scheme = strings.ToLower(v[:i])
		off = i + 3
	}
	u.HostOff = off
	rest := v[off:]
	if strings.HasPrefix(strings.ToLower(rest), "unix:") {
		u.Unix = true
		u.Host = rest
		return u
	}
	var host string
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			host = rest
		} else {
			host = rest[:end+1]
		}
	} else {
		end := strings.IndexAny(rest, ":/?")
		if end < 0 {
			end = len(rest)
		}
		host = rest[:end]
	}
	u.Host = host
	tail := rest[len(host):]
	if strings.HasPrefix(tail, ":") {
		p := tail[1:]
		end := strings.IndexAny(p, "/?")
		if end < 0 {
			end = len(p)
		}
		u.Port = p[:end]
		tail = p[end:]
	}
	u.URI = tail
	return u
}

// rawOffset maps an offset in arg.Value to one in arg.Raw, or -1 when
// escapes make the mapping unsure.
func rawOffset(arg *Arg, off int) int {
	raw, start := arg.Raw(), 0
	if arg.Quote() != 0 && len(raw) >= 2 {
		raw, start = raw[1:len(raw)-1], 1
	}
	if raw != arg.Value() {
		return -1
	}
	return start + off
}

// parseHostPort splits the address argument of d.
func parseHostPort(d *Directive, arg *Arg, stream bool) *Address {
	a := &Address{Directive: d, Arg: arg, Stream: stream, HostStart: -1, HostEnd: -1}
	u := splitURL(arg.Value())
	a.Scheme, a.Host, a.Port, a.URI = u.Scheme, u.Host, u.Port, u.URI
	if u.Unix {
		a.Kind = AddrUnix
		return a
	}
	// Map the host back into the raw text when the raw bytes spell the
	// value plainly (no escapes).
	if s := rawOffset(arg, u.HostOff); s >= 0 {
		a.HostStart = s
		a.HostEnd = s + len(u.Host)
	}
	return a
}

func (a *Address) classify(an *Analysis) {
	if a.Kind == AddrUnix {
		return
	}
	h := a.Host
	switch {
	case a.hostTemplated():
		// A template placeholder: known only once rendered.
		a.Kind = AddrUnknown
	case strings.Contains(h, "$"):
		// Only reached for upstream server lines, where nginx expands no
		// variables: the text is taken literally and nginx -t rejects it.
		a.Kind = AddrUnknown
	case strings.HasPrefix(h, "["):
		a.Kind = AddrIP
	case net.ParseIP(h) != nil:
		a.Kind = AddrIP
	case h == "":
		a.Kind = AddrUnknown
	default:
		// nginx looks a pass host up among upstream{} names first, ignoring
		// case; a server line inside an upstream never names a group.
		if !IsUpstreamServer(a.Directive) {
			if g := an.Upstreams(a.Stream)[strings.ToLower(h)]; g != nil {
				a.Kind = AddrGroup
				a.Group = g
				return
			}
		}
		a.Kind = AddrStatic
		if a.Resolve {
			a.Kind = AddrDynamic
		}
	}
}

// hostTemplated reports whether the host holds template markup (the whole
// argument is asked when the host cannot be located in it).
func (a *Address) hostTemplated() bool {
	f := a.Directive.File
	if f == nil || len(f.markup) == 0 {
		return false
	}
	if a.HostStart < 0 {
		return a.Arg.Templated()
	}
	base := int(a.Arg.start)
	return f.Opaque(base+a.HostStart, base+a.HostEnd)
}

// LocalhostNames are the loopback host names, lower case, and the
// addresses a standard hosts file gives them.
var LocalhostNames = map[string]string{
	"localhost":               "127.0.0.1 and ::1",
	"localhost.localdomain":   "127.0.0.1 and ::1",
	"localhost6":              "::1",
	"localhost6.localdomain6": "::1",
	"ip6-localhost":           "::1",
	"ip6-loopback":            "::1",
}

// IsLocalhost reports whether host is a loopback name (any case, an
// optional trailing dot).
func IsLocalhost(host string) bool {
	_, ok := LocalhostNames[strings.TrimSuffix(strings.ToLower(host), ".")]
	return ok
}
