package rules

import (
	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "resolver-external",
		Title:    "resolver points at a public DNS server across the internet",
		Severity: analyzer.Warning,
		Default:  true,
		Run:      runResolverExternal,
	})
}

func runResolverExternal(p *analyzer.Pass) {
	p.Walk(func(d *analyzer.Directive) bool {
		if d.Ctx.IsData() || d.Ctx == analyzer.CtxLua {
			return false
		}
		if d.Name != "resolver" || d.Block != nil {
			return true
		}
		for _, a := range analyzer.ResolverAddresses(d) {
			if !analyzer.IsPublicResolver(a.Value) {
				continue
			}
			who := "a public DNS server"
			if n := analyzer.PublicResolverName(a.Value); n != "" {
				who = n
			}
			p.Reportf(d, a.Range, "resolver %s is %s reached across the internet: nginx's resolver sends plain UDP queries and trusts the first answer that matches, without DNSSEC, so an attacker on the path or spoofing replies can send your proxied traffic elsewhere; nginx's documentation recommends DNS servers in a trusted local network (a local caching resolver such as 127.0.0.53 or the VPC/cluster DNS)", a.Value, who)
		}
		return true
	})
}
