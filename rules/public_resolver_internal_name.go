package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "public-resolver-internal-name",
		Title:    "A public DNS resolver is asked for cluster- or site-internal names",
		Severity: analyzer.Warning,
		Default:  true,
		Run:      runPublicResolverInternalName,
	})
}

func runPublicResolverInternalName(p *analyzer.Pass) {
	a := p.Analysis
	type use struct {
		names []string
		at    []analyzer.RelatedLocation
		seen  map[string]bool
	}
	uses := map[*analyzer.Directive]*use{}
	var order []*analyzer.Directive
	p.Each(analyzer.AddressNames(), func(d *analyzer.Directive) {
		addr := a.ParseAddress(d)
		if addr == nil || !addr.NeedsResolver() {
			return
		}
		r := a.ResolverFor(d).Resolver
		if r == nil || !onlyPublic(r) {
			return
		}
		for _, t := range addr.ResolvedNames() {
			if !analyzer.IsInternalName(t.Host) {
				continue
			}
			u := uses[r]
			if u == nil {
				u = &use{seen: map[string]bool{}}
				uses[r] = u
				order = append(order, r)
			}
			key := strings.ToLower(t.Host)
			if !u.seen[key] {
				u.seen[key] = true
				u.names = append(u.names, fmt.Sprintf("%q (line %d)", t.Host, d.NameRange().Start.Line))
				u.at = append(u.at, analyzer.RelatedLocation{Range: d.NameRange(), Message: fmt.Sprintf("looks up %q through this resolver", t.Host)})
			}
		}
	})
	for _, r := range order {
		u := uses[r]
		names := u.names
		if len(names) > 5 {
			names = append(names[:5], fmt.Sprintf("and %d more", len(u.names)-5))
		}
		var svcs []string
		for _, arg := range analyzer.ResolverAddresses(r) {
			svcs = append(svcs, fmt.Sprintf("%s (%s)", arg.Value(), analyzer.PublicResolverName(arg.Value())))
		}
		f := p.Reportf(r, r.NameRange(), "resolver points only at public DNS, but nginx asks it for internal names at run time").
			Note("resolver %s points only at public DNS, which cannot answer names private to a cluster or site, yet nginx asks it for %s at run time", strings.Join(svcs, ", "), strings.Join(names, ", ")).
			Note("the lookup fails (\"could not be resolved (3: Host not found)\") and the request gets a 502").
			Note("point the resolver at the DNS server that serves these names (the cluster DNS in Kubernetes, 127.0.0.11 in Docker, the site's DNS)").
			Note("nginx's resolver also appends no search domain, so a single-label name needs its full domain")
		at := slices.Clip(u.at[:min(len(u.at), 5)])
		f.Related = &at
	}
}

// onlyPublic reports whether every address of resolver r is a public DNS
// service.
func onlyPublic(r *analyzer.Directive) bool {
	addrs := analyzer.ResolverAddresses(r)
	if len(addrs) == 0 {
		return false
	}
	for _, a := range addrs {
		if !analyzer.IsPublicDNSService(a.Value()) {
			return false
		}
	}
	return true
}
