package rules

import (
	"strings"

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
	p.Each([]string{"resolver"}, func(d *analyzer.Directive) {
		if d.Block != nil {
			return
		}
		var public []*analyzer.Arg
		var names []string
		for _, a := range analyzer.ResolverAddresses(d) {
			if !analyzer.IsPublicResolver(a.Value()) {
				continue
			}
			public = append(public, a)
			who := a.Value()
			if n := analyzer.PublicResolverName(a.Value()); n != "" {
				who += " (" + n + ")"
			}
			names = append(names, who)
		}
		if len(public) == 0 {
			return
		}
		f := p.Reportf(d, public[0].Range(), "resolver %s is public DNS reached across the internet", analyzer.Snippet(names[0]))
		if len(public) > 1 {
			f.Note("resolver %s are public DNS servers reached across the internet", strings.Join(names, ", "))
		}
		f.Note("nginx's resolver sends plain UDP queries and trusts the first answer that matches, without DNSSEC, so an attacker on the path or spoofing replies can send your proxied traffic elsewhere").
			Note("nginx's documentation recommends DNS servers in a trusted local network (a local caching resolver such as 127.0.0.53 or the VPC/cluster DNS)")
	})
}
