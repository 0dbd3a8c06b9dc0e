package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "valid-referers",
		Title:    "valid_referers none accepts every request that has no Referer",
		Severity: analyzer.Info,
		Default:  true,
		Run:      runValidReferers,
	})
}

func runValidReferers(p *analyzer.Pass) {
	p.Each([]string{"valid_referers"}, func(d *analyzer.Directive) {
		for _, a := range d.Args() {
			if strings.EqualFold(a.Value(), "none") {
				p.Reportf(d, a.Range(), "valid_referers none accepts every request that has no Referer header").
					Note("it makes $invalid_referer empty for requests without a Referer header; anyone can send such a request (a script, or a page with Referrer-Policy: no-referrer)").
					Note("so this check does not protect against cross-site requests or hotlinking by tools")
			}
		}
	})
}
