package analyzer

import (
	"net/netip"
	"strings"
)

// nonPublic lists address ranges that are not reachable across the
// internet besides those netip already classifies (private, loopback,
// link-local, multicast, unspecified).
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT (RFC 6598)
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
}

// wellKnownResolvers names the public DNS services people most often write
// in `resolver`, for messages.
var wellKnownResolvers = map[string]string{
	"8.8.8.8": "Google Public DNS", "8.8.4.4": "Google Public DNS",
	"2001:4860:4860::8888": "Google Public DNS", "2001:4860:4860::8844": "Google Public DNS",
	"1.1.1.1": "Cloudflare DNS", "1.0.0.1": "Cloudflare DNS",
	"2606:4700:4700::1111": "Cloudflare DNS", "2606:4700:4700::1001": "Cloudflare DNS",
	"9.9.9.9": "Quad9", "149.112.112.112": "Quad9", "2620:fe::fe": "Quad9", "2620:fe::9": "Quad9",
	"208.67.222.222": "OpenDNS", "208.67.220.220": "OpenDNS",
	"2620:119:35::35": "OpenDNS", "2620:119:53::53": "OpenDNS",
	"94.140.14.14": "AdGuard DNS", "94.140.15.15": "AdGuard DNS",
	"4.2.2.1": "Level 3 DNS", "4.2.2.2": "Level 3 DNS",
	"77.88.8.8": "Yandex DNS", "77.88.8.1": "Yandex DNS",
	"114.114.114.114": "114DNS", "223.5.5.5": "AliDNS", "223.6.6.6": "AliDNS",
	"119.29.29.29": "DNSPod",
}

// resolverIP reads the address of one `resolver` argument: an IP literal,
// optionally with a port ("8.8.8.8:53", "[2001:db8::1]:53").
func resolverIP(addr string) (netip.Addr, bool) {
	addr = strings.TrimSpace(addr)
	if ap, err := netip.ParseAddrPort(addr); err == nil {
		return ap.Addr().Unmap(), true
	}
	addr = strings.TrimSuffix(strings.TrimPrefix(addr, "["), "]")
	if a, err := netip.ParseAddr(addr); err == nil {
		return a.Unmap(), true
	}
	return netip.Addr{}, false
}

// IsPublicResolver reports whether a `resolver` address is an IP literal
// reachable across the internet: not loopback, private (RFC 1918, ULA),
// link-local, carrier-grade NAT, documentation or otherwise reserved.
// Host names report false: what they resolve to is not known here.
func IsPublicResolver(addr string) bool {
	ip, ok := resolverIP(addr)
	if !ok || !ip.IsGlobalUnicast() || ip.IsPrivate() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// PublicResolverName returns the service behind a well-known public
// resolver address ("Google Public DNS"), or "".
func PublicResolverName(addr string) string {
	ip, ok := resolverIP(addr)
	if !ok {
		return ""
	}
	return wellKnownResolvers[ip.String()]
}

// ResolverAddresses returns the address arguments of a `resolver`
// directive, leaving out its parameters (valid=, ipv6=, status_zone= …).
func ResolverAddresses(d *Directive) []*Arg {
	var out []*Arg
	for _, a := range d.Args() {
		if strings.Contains(a.Value(), "=") {
			continue
		}
		out = append(out, a)
	}
	return out
}
