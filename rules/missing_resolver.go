package rules

import (
	"fmt"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:        "missing-resolver",
		Versioned: true,
		Title:     "A name resolved at run time has no resolver in scope",
		Severity:  analyzer.Error,
		Default:   true,
		Run:       runMissingResolver,
	})
}

func runMissingResolver(p *analyzer.Pass) {
	a := p.Analysis
	p.Each(analyzer.AddressNames(), func(d *analyzer.Directive) {
		addr := a.ParseAddress(d)
		if addr == nil || !addr.NeedsResolver() {
			return
		}
		if addr.Resolve && targetBefore(p, resolveVersion) {
			return // upstream-resolve reports the parameter itself
		}
		rs := a.ResolverFor(d)
		// A snippet linted on its own: the file that includes it may set
		// the resolver in an enclosing block, which cannot be known here.
		if rs.Resolver != nil || rs.Unread != nil || rs.Fragment {
			return
		}
		names := describeTargets(a, addr)
		if addr.Resolve {
			up := ""
			if d.Parent != nil {
				up = d.Parent.Arg(0)
			}
			p.Reportf(d, addr.Arg.Range(), "server %s resolve: no resolver in this upstream or in %s{}, so nginx refuses to start",
				analyzer.Snippet(addr.Host), outerBlock(d)).
				Note("nginx -t fails: \"no resolver defined to resolve names at run time in upstream \\\"%s\\\"\"", up).
				Note("add a resolver (your cluster's or site's DNS server) to the upstream or to %s{}", outerBlock(d))
		} else {
			p.Reportf(d, addr.Arg.Range(), "no resolver in scope for a name looked up per request: every such request gets a 502").
				Note("%s: nginx builds this address per request (it has variables) and looks the name up through the resolver, but none is in scope (location, server or %s{})",
					names, outerBlock(d)).
				Note("every such request gets a 502 Bad Gateway (\"no resolver defined to resolve ...\" in the error log)").
				Note("add a resolver, or use an IP address or an upstream block")
		}
	})
}

// resolveVersion is the first open-source nginx with upstream `resolve`
// and `resolver` inside upstream{}.
const resolveVersion = "1.27.3"

// targetBefore reports whether the targeted nginx is older than v.
func targetBefore(p *analyzer.Pass, v string) bool {
	return p.Config != nil && !analyzer.VersionAtLeast(p.Config.NginxVersion, v)
}

func outerBlock(d *analyzer.Directive) string {
	if d.Ctx.IsStream() {
		return "stream"
	}
	return "http"
}

// describeTargets names the values of a run-time address that need the
// resolver.
func describeTargets(an *analyzer.Analysis, addr *analyzer.Address) string {
	upstreams := an.Upstreams(addr.Stream)
	var parts []string
	seen := map[string]bool{}
	for _, t := range addr.Targets {
		var s string
		switch t.Kind {
		case analyzer.AddrDynamic:
			s = fmt.Sprintf("%q", t.Host)
			if t.Var != "" {
				s += fmt.Sprintf(" (from $%s)", t.Var)
			}
			if t.Port != "" && upstreams[strings.ToLower(t.Host)] != nil {
				s += " (an upstream of that name is used only when the address has no port)"
			}
		case analyzer.AddrUnknown:
			if !t.FromRequest {
				continue
			}
			if t.Var != "" {
				s = fmt.Sprintf("the host from $%s (request data: any name a client sends)", t.Var)
			} else {
				s = "a host known only at run time"
			}
		default:
			continue
		}
		if !seen[s] {
			seen[s] = true
			parts = append(parts, s)
		}
	}
	if len(parts) > 4 {
		parts = append(parts[:4], "…")
	}
	return strings.Join(parts, ", ")
}
