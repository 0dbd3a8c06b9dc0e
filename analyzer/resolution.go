package analyzer

import "strings"

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
		x := lvl.levelIndex()
		if found := x.find("resolver"); len(found) > 0 {
			rs.Resolver = found[0]
			return rs
		}
		if rs.Unread == nil {
			rs.Unread = x.unread
		}
	}
	rs.Fragment = d.Root() != nil && d.Root().Ctx != CtxMain
	return rs
}

// IsUnreadInclude reports whether d is an include whose files were not
// read: missing or unreadable, a glob that matched nothing, or a path with
// variables. What it would add is unknown.
func (d *Directive) IsUnreadInclude() bool {
	return d.Include() != nil && (d.Include().Missing || len(d.Include().Files) == 0)
}

// moreResolvers extends the well-known public DNS services of
// wellKnownResolvers with their other addresses and further services.
var moreResolvers = map[string]string{
	"1.1.1.2": "Cloudflare DNS", "1.0.0.2": "Cloudflare DNS", "1.1.1.3": "Cloudflare DNS", "1.0.0.3": "Cloudflare DNS",
	"2606:4700:4700::1112": "Cloudflare DNS", "2606:4700:4700::1002": "Cloudflare DNS",
	"2606:4700:4700::1113": "Cloudflare DNS", "2606:4700:4700::1003": "Cloudflare DNS",
	"9.9.9.10": "Quad9", "149.112.112.10": "Quad9", "9.9.9.11": "Quad9", "149.112.112.11": "Quad9",
	"2620:fe::10": "Quad9", "2620:fe::fe:10": "Quad9", "2620:fe::11": "Quad9", "2620:fe::fe:11": "Quad9",
	"208.67.222.220": "OpenDNS", "208.67.220.222": "OpenDNS", "208.67.222.123": "OpenDNS", "208.67.220.123": "OpenDNS",
	"2620:119:35::123": "OpenDNS", "2620:119:53::123": "OpenDNS",
	"94.140.14.15": "AdGuard DNS", "94.140.15.16": "AdGuard DNS", "2a10:50c0::ad1:ff": "AdGuard DNS", "2a10:50c0::ad2:ff": "AdGuard DNS",
	"4.2.2.3": "Level 3 DNS", "4.2.2.4": "Level 3 DNS", "4.2.2.5": "Level 3 DNS", "4.2.2.6": "Level 3 DNS",
	"8.26.56.26": "Comodo Secure DNS", "8.20.247.20": "Comodo Secure DNS",
	"2a02:6b8::feed:ff": "Yandex DNS", "2a02:6b8:0:1::feed:ff": "Yandex DNS",
	"185.228.168.9": "CleanBrowsing", "185.228.169.9": "CleanBrowsing",
	"64.6.64.6": "UltraDNS", "64.6.65.6": "UltraDNS", "156.154.70.1": "UltraDNS", "156.154.71.1": "UltraDNS",
	"84.200.69.80": "DNS.WATCH", "84.200.70.40": "DNS.WATCH",
	"76.76.2.0": "Control D", "76.76.10.0": "Control D",
	"74.82.42.42": "Hurricane Electric", "2001:470:20::2": "Hurricane Electric",
}

func init() {
	for addr, svc := range moreResolvers {
		if _, ok := wellKnownResolvers[addr]; !ok {
			wellKnownResolvers[addr] = svc
		}
	}
}

// IsPublicDNSService reports whether addr (a `resolver` address, with or
// without port) is a well-known public DNS service (Google, Cloudflare,
// Quad9, OpenDNS, …). Unlike IsPublicResolver, which accepts any address
// reachable across the internet, it is sure the server knows only public
// names.
func IsPublicDNSService(addr string) bool { return PublicResolverName(addr) != "" }

// internalSuffixes are domains only a cluster's or site's own DNS answers.
var internalSuffixes = []string{
	".svc", ".svc.cluster.local", ".cluster.local", ".internal", ".local", ".lan",
	".home.arpa", ".localdomain", ".intranet", ".corp", ".private", ".consul",
}

// IsInternalName reports whether a host name is one public DNS cannot
// answer: a single label (nginx's resolver appends no search domain), or a
// cluster or site-local domain (.svc, .cluster.local, .internal, .local,
// .lan, .home.arpa, …). Loopback names and IP literals are not.
func IsInternalName(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "" || IsLocalhost(h) || isIPHost(h) {
		return false
	}
	if !strings.Contains(h, ".") {
		return true
	}
	for _, s := range internalSuffixes {
		if strings.HasSuffix(h, s) {
			return true
		}
	}
	return false
}
