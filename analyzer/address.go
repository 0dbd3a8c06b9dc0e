package analyzer

import (
	"net"
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
	// AddrDynamic is resolved at run time through the `resolver` in scope
	// (variables in the host part, or `server … resolve`).
	AddrDynamic
)

func (k AddressKind) String() string {
	return [...]string{"unknown", "upstream group", "unix socket", "IP literal", "static name", "dynamic name"}[k]
}

// PassDirectives are the directives that send requests to an address.
var PassDirectives = map[string]bool{
	"proxy_pass": true, "fastcgi_pass": true, "uwsgi_pass": true, "scgi_pass": true,
	"grpc_pass": true, "memcached_pass": true,
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
}

// HostRange returns the source range of the host part, or the whole
// argument when it cannot be located exactly.
func (a *Address) HostRange() Range {
	r := a.Arg.Range
	if a.HostStart < 0 {
		return r
	}
	f := a.Directive.File
	base := r.Start.Offset
	return f.Range(base+a.HostStart, base+a.HostEnd)
}

// IsUpstreamServer reports whether d is a `server` line inside upstream{}.
func IsUpstreamServer(d *Directive) bool {
	return d.Name == "server" && d.Block == nil && (d.Ctx == CtxUpstream || d.Ctx == CtxStreamUpstrm)
}

// IsPass reports whether d is a *_pass directive that takes an address
// (http, or proxy_pass in stream).
func IsPass(d *Directive) bool {
	if !PassDirectives[d.Name] || d.Block != nil {
		return false
	}
	if d.Ctx.IsStream() {
		return d.Name == "proxy_pass" && d.Ctx == CtxStreamServer
	}
	return true
}

// ParseAddress parses the address of a *_pass directive or an upstream
// server line; it returns nil for anything else.
func (an *Analysis) ParseAddress(d *Directive) *Address {
	if len(d.Args) == 0 {
		return nil
	}
	var a *Address
	switch {
	case IsUpstreamServer(d):
		a = parseHostPort(d, d.Args[0], d.Ctx.IsStream())
		for _, p := range d.Args[1:] {
			if p.Value == "resolve" {
				a.Resolve = true
			}
		}
	case IsPass(d):
		a = parseHostPort(d, d.Args[0], d.Ctx.IsStream())
	default:
		return nil
	}
	a.classify(an)
	return a
}

// parseHostPort splits [scheme://]host[:port][/uri] (or unix:path).
func parseHostPort(d *Directive, arg *Arg, stream bool) *Address {
	a := &Address{Directive: d, Arg: arg, Stream: stream, HostStart: -1, HostEnd: -1}
	v := arg.Value
	off := 0
	if i := strings.Index(v, "://"); i > 0 && !strings.ContainsAny(v[:i], "$/") {
		a.Scheme = strings.ToLower(v[:i])
		off = i + 3
	}
	rest := v[off:]
	if strings.HasPrefix(strings.ToLower(rest), "unix:") {
		a.Kind = AddrUnix
		a.Host = rest
		return a
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
	a.Host = host
	tail := rest[len(host):]
	if strings.HasPrefix(tail, ":") {
		p := tail[1:]
		end := strings.IndexAny(p, "/?")
		if end < 0 {
			end = len(p)
		}
		a.Port = p[:end]
		tail = p[end:]
	}
	a.URI = tail
	// Map the host back into the raw text when the raw bytes spell the
	// value plainly (no escapes).
	rawStart := 0
	raw := arg.Raw
	if arg.Quote != 0 && len(raw) >= 2 {
		raw = raw[1 : len(raw)-1]
		rawStart = 1
	}
	if raw == v {
		a.HostStart = rawStart + off
		a.HostEnd = a.HostStart + len(host)
	}
	return a
}

func (a *Address) classify(an *Analysis) {
	if a.Kind == AddrUnix {
		return
	}
	h := a.Host
	switch {
	case strings.Contains(h, "$"):
		a.Kind = AddrDynamic
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
