package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "version-disclosure",
		Title:    "server_tokens on (or build) publishes the nginx version in headers and error pages",
		Severity: analyzer.Warning,
		Default:  true,
		Fixable:  true,
		Run:      runVersionDisclosure,
	})
}

func runVersionDisclosure(p *analyzer.Pass) {
	p.Each([]string{"server_tokens"}, func(d *analyzer.Directive) {
		if len(d.Args()) != 1 {
			return
		}
		a := d.Args()[0]
		switch v := strings.ToLower(a.Value()); v {
		case "on", "build":
			what := "the nginx version"
			if v == "build" {
				what = "the nginx version and build name"
			}
			f := p.Reportf(d, a.Range(), "server_tokens %s: nginx sends %s in headers and error pages", v, what).
				Note("the Server response header and nginx's own error pages name it, telling scanners which known vulnerabilities to try")
			f.Fixes = []analyzer.SuggestedFix{{
				Message: "set server_tokens off",
				Safe:    true,
				Edits:   []analyzer.TextEdit{{Range: a.Range(), NewText: "off"}},
			}}
		}
	})
}
