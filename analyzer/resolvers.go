package analyzer

import (
	"net/netip"
	"strings"
)

// ResolverScope tells which `resolver` serves the run-time lookups of an
// address, and how sure that answer is.
type ResolverScope struct {
	// Resolver is the directive in effect, nil when none is visible.
	Resolver *Directive
	// Unread is an include in one of the scopes searched that could not be
	// read (missing, unreadable, no file matched, or a variable in the
	// path): the resolver may be in it.
	Unread *Directive
	// Fragment is set when the linted file is not a whole nginx.conf, so
	// the blocks that include it (an http{} with a resolver) are not seen.
	Fragment bool
}

// ResolverFor returns the resolver scope of the address of d (a *_pass or
// an upstream server line). For a *_pass nginx uses the resolver of the
// location, else the server, else http (or stream's server, else stream);
// for `server … resolve` the upstream block's own, else http's (stream's).
// The search follows nginx's inheritance: the innermost level that has a
// resolver wins.
func (an *Analysis) ResolverFor(d *Directive) ResolverScope {
	var rs ResolverScope
	for lvl := d; lvl != nil; lvl = lvl.Parent {
		sib := lvl.Siblings()
		if found := findIn(sib, "resolver"); len(found) > 0 {
			rs.Resolver = found[0]
			return rs
		}
		if rs.Unread == nil {
			for _, s := range sib {
				if s.IsUnreadInclude() {
					rs.Unread = s
					break
				}
			}
		}
	}
	rs.Fragment = d.Root != nil && d.Root.Ctx != CtxMain
	return rs
}

// IsUnreadInclude reports whether d is an include whose files were not
// read: missing or unreadable, a glob that matched nothing, or a path with
// variables. What it would add is unknown.
func (d *Directive) IsUnreadInclude() bool {
	return d.Include != nil && (d.Include.Missing || len(d.Include.Files) == 0)
}

// ResolverAddrs returns the address arguments of a resolver directive
// (its parameters such as valid= or ipv6= left out).
func ResolverAddrs(r *Directive) []*Arg {
	var out []*Arg
	for _, a := range r.Args {
		if strings.Contains(a.Value, "=") || a.Value == "off" {
			continue
		}
		out = append(out, a)
	}
	return out
}

// publicResolvers are the addresses (and names) of public recursive DNS
// services: they answer for the public DNS only, never for names private
// to a cluster or site.
var publicResolvers = map[string]string{}

func init() {
	for svc, addrs := range map[string][]string{
		"Google Public DNS": {"8.8.8.8", "8.8.4.4", "2001:4860:4860::8888", "2001:4860:4860::8844", "dns.google"},
		"Cloudflare": {"1.1.1.1", "1.0.0.1", "1.1.1.2", "1.0.0.2", "1.1.1.3", "1.0.0.3",
			"2606:4700:4700::1111", "2606:4700:4700::1001", "2606:4700:4700::1112", "2606:4700:4700::1002",
			"2606:4700:4700::1113", "2606:4700:4700::1003", "one.one.one.one"},
		"Quad9": {"9.9.9.9", "149.112.112.112", "9.9.9.10", "149.112.112.10", "9.9.9.11", "149.112.112.11",
			"2620:fe::fe", "2620:fe::9", "2620:fe::10", "2620:fe::fe:10", "2620:fe::11", "2620:fe::fe:11", "dns.quad9.net"},
		"OpenDNS": {"208.67.222.222", "208.67.220.220", "208.67.222.220", "208.67.220.222",
			"208.67.222.123", "208.67.220.123", "2620:119:35::35", "2620:119:53::53", "2620:119:35::123", "2620:119:53::123"},
		"AdGuard DNS": {"94.140.14.14", "94.140.15.15", "94.140.14.15", "94.140.15.16",
			"2a10:50c0::ad1:ff", "2a10:50c0::ad2:ff"},
		"Level3":             {"4.2.2.1", "4.2.2.2", "4.2.2.3", "4.2.2.4", "4.2.2.5", "4.2.2.6"},
		"Comodo Secure DNS":  {"8.26.56.26", "8.20.247.20"},
		"Yandex DNS":         {"77.88.8.8", "77.88.8.1", "2a02:6b8::feed:0ff", "2a02:6b8:0:1::feed:0ff"},
		"CleanBrowsing":      {"185.228.168.9", "185.228.169.9", "185.228.168.168", "185.228.169.168"},
		"UltraDNS":           {"64.6.64.6", "64.6.65.6", "156.154.70.1", "156.154.71.1"},
		"DNS.WATCH":          {"84.200.69.80", "84.200.70.40"},
		"Control D":          {"76.76.2.0", "76.76.10.0"},
		"Hurricane Electric": {"74.82.42.42", "2001:470:20::2"},
	} {
		for _, a := range addrs {
			publicResolvers[a] = svc
		}
	}
}

// resolverHost strips the port and brackets from a resolver address.
func resolverHost(addr string) string {
	h := strings.ToLower(strings.TrimSuffix(addr, "."))
	if strings.HasPrefix(h, "[") {
		if i := strings.IndexByte(h, ']'); i > 0 {
			return h[1:i]
		}
		return strings.Trim(h, "[]")
	}
	if strings.Count(h, ":") == 1 {
		h = h[:strings.IndexByte(h, ':')]
	}
	return strings.TrimSuffix(h, ".")
}

// PublicResolver returns the name of the public DNS service at addr
// (address[:port], [IPv6]:port, a bare IPv6 address or a host name), or "".
func PublicResolver(addr string) string {
	h := resolverHost(addr)
	if ip, err := netip.ParseAddr(h); err == nil {
		h = ip.Unmap().String()
	}
	return publicResolvers[h]
}

// IsPublicResolver reports whether addr is a public recursive DNS service
// (Google, Cloudflare, Quad9, OpenDNS, AdGuard, Level3, …).
func IsPublicResolver(addr string) bool { return PublicResolver(addr) != "" }
