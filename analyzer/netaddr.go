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

// IsInternetAddress reports whether addr (an IP literal, optionally with a
// port: "8.8.8.8:53", "[2001:db8::1]:53") is reachable across the
// internet: not loopback, private (RFC 1918, ULA), link-local,
// carrier-grade NAT, documentation or otherwise reserved. Host names
// report false: what they resolve to is not known statically.
func IsInternetAddress(addr string) bool {
	addr = strings.TrimSpace(addr)
	var ip netip.Addr
	if ap, err := netip.ParseAddrPort(addr); err == nil {
		ip = ap.Addr()
	} else if a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(addr, "["), "]")); err == nil {
		ip = a
	} else {
		return false
	}
	ip = ip.Unmap()
	if !ip.IsGlobalUnicast() || ip.IsPrivate() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}
