package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:        "static-dns-name",
		Versioned: true,
		Title:     "A host name in *_pass or upstream server is resolved only at start-up",
		Severity:  analyzer.Info,
		Default:   false,
		Run:       runStaticDNSName,
	})
}

func runStaticDNSName(p *analyzer.Pass) {
	a := p.Analysis
	oldNginx := targetBefore(p, resolveVersion)
	p.Each(analyzer.AddressNames(), func(d *analyzer.Directive) {
		addr := a.ParseAddress(d)
		if addr == nil || addr.Runtime || addr.Kind != analyzer.AddrStatic || analyzer.IsLocalhost(addr.Host) {
			return
		}
		f := p.Reportf(d, addr.HostRange(), "%q is resolved only when nginx starts or reloads", analyzer.Snippet(addr.Host)).
			Note("the system resolver (/etc/hosts, then DNS) looks it up once, and never again: if its addresses change, nginx keeps sending to the old ones until the next reload (and it refuses to start when the name does not resolve)")
		if r := a.ResolverFor(d).Resolver; r != nil {
			f.Note("the resolver at line %d does not apply to it: nginx uses it only for names resolved at run time", r.NameRange().Start.Line).
				Relate(r.NameRange(), "not used for %q", analyzer.Snippet(addr.Host))
		}
		upstreamWay := "an upstream block with zone and \"server " + hostPort(addr) + " resolve\" (nginx 1.27.3 or later) and a resolver"
		if oldNginx {
			upstreamWay = "on nginx 1.27.3 or later (the target is " + p.Config.NginxVersion + "), an upstream block with zone and \"server ... resolve\""
		}
		if analyzer.IsUpstreamServer(d) {
			f.Note("to follow DNS changes use %s, or a variable in the *_pass with a resolver", strings.Replace(upstreamWay, "an upstream block with", "this upstream with", 1))
		} else {
			f.Note("to follow DNS changes put the address in a variable and add a resolver (set $backend %q; %s http://$backend;), or use %s", hostPort(addr), d.Name(), upstreamWay)
		}
	})
}

func hostPort(a *analyzer.Address) string {
	if a.Port != "" {
		return a.Host + ":" + a.Port
	}
	return a.Host
}
