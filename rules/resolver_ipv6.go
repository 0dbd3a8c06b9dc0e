package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "resolver-ipv6",
		Title:    "resolver without ipv6=off hands IPv6 addresses to run-time lookups",
		Severity: analyzer.Warning,
		Default:  true,
		Fixable:  true,
		Run:      runResolverIPv6,
	})
}

func runResolverIPv6(p *analyzer.Pass) {
	p.Each([]string{"resolver"}, func(d *analyzer.Directive) {
		if d.Block != nil || len(d.Args) == 0 {
			return
		}
		for _, a := range d.Args {
			v := strings.ToLower(a.Value())
			// An explicit ipv6= is a deliberate choice; ipv4=off asks for
			// IPv6 only, where ipv6=off would leave nothing.
			if strings.HasPrefix(v, "ipv6=") || v == "ipv4=off" {
				return
			}
		}
		last := d.Args[len(d.Args)-1].Range().End
		f := p.Reportf(d, d.NameRange(), "resolver without ipv6=off hands IPv6 addresses to run-time lookups").
			Note("names nginx resolves at run time through it (variables in *_pass, upstream server ... resolve) also get their AAAA answers, and requests go to IPv6 addresses the backend may not listen on").
			Note("add ipv6=off, or ipv6=on to keep dual-stack on purpose").
			Note("it does not affect static names such as localhost, which the system resolver looks up at start-up")
		f.Fixes = []analyzer.SuggestedFix{{
			Message: "ignore AAAA answers: append ipv6=off",
			Safe:    true,
			Edits:   []analyzer.TextEdit{{Range: analyzer.Range{Start: last, End: last}, NewText: " ipv6=off"}},
		}}
	})
}
