package rules

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "real-ip-trust-all",
		Title:    "set_real_ip_from trusts every address, so any client sets its own IP",
		Severity: analyzer.Warning,
		Default:  true,
		Run:      runRealIPTrustAll,
	})
}

// trustsAll reports whether a set_real_ip_from value covers every IPv4 or
// every IPv6 address.
func trustsAll(v string) bool {
	pfx, err := netip.ParsePrefix(v)
	return err == nil && pfx.Bits() == 0
}

func runRealIPTrustAll(p *analyzer.Pass) {
	p.Each([]string{"set_real_ip_from"}, func(d *analyzer.Directive) {
		if len(d.Args()) != 1 || d.Ctx.IsStream() || !trustsAll(d.Args()[0].Value()) {
			return
		}
		header, from := "X-Real-IP", "the default"
		if hs := d.InScope("real_ip_header"); len(hs) > 0 {
			h := hs[len(hs)-1]
			header, from = h.Arg(0), "real_ip_header at line "+strconv.Itoa(line(h))
		}
		if strings.EqualFold(header, "proxy_protocol") {
			return
		}
		p.Reportf(d, d.Args()[0].Range(), "set_real_ip_from %s trusts every client to set its own address", analyzer.Snippet(d.Args()[0].Value())).
			Note("%s (%s) is a request header the client writes itself: any client can make nginx log it under, rate-limit, allow/deny and geo-locate by any address it chooses (and pass that to the backend as $remote_addr)", header, from).
			Note("list only the addresses of your load balancers or proxies")
	})
}
