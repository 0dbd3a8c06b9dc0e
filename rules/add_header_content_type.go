package rules

import (
	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "add-header-content-type",
		Title:    "add_header Content-Type adds a second Content-Type header",
		Severity: analyzer.Warning,
		Default:  true,
		Run:      runAddHeaderContentType,
	})
}

// hideHeaderOf maps the *_pass of a location to its *_hide_header.
var hideHeaderDirectives = []string{"proxy_hide_header", "fastcgi_hide_header", "uwsgi_hide_header", "scgi_hide_header", "grpc_hide_header"}

func runAddHeaderContentType(p *analyzer.Pass) {
	a := p.Analysis
	p.Each([]string{"add_header"}, func(d *analyzer.Directive) {
		if len(d.Args()) < 2 || !FieldNameEq(d, "content-type") {
			return
		}
		// A hidden upstream Content-Type leaves this one the only one.
		for _, h := range hideHeaderDirectives {
			if a.EffectiveField(d.Parent, h, "content-type") != nil {
				return
			}
		}
		if d.Parent != nil && answersWithoutType(d.Parent) {
			return
		}
		p.Reportf(d, d.Args()[0].Range(), "add_header Content-Type adds a second Content-Type header").
			Note("add_header does not replace the Content-Type nginx already sends (from types/default_type, or the backend's): the response carries two, and browsers pick one or refuse it").
			Note("set the type with default_type (or a types {} block) inside this location, or hide the upstream's with proxy_hide_header Content-Type")
	})
}

// FieldNameEq reports whether the array directive d sets field (lower case).
func FieldNameEq(d *analyzer.Directive, field string) bool {
	return analyzer.FieldName(d) == field
}

// answersWithoutType reports whether level answers only with return 204 or
// 304: nginx sends no Content-Type of its own with those (measured on
// nginx 1.22.1), so an added one is the only one.
func answersWithoutType(level *analyzer.Directive) bool {
	rs := level.Find("return")
	if len(rs) == 0 {
		return false
	}
	for _, r := range rs {
		if c := r.Arg(0); c != "204" && c != "304" {
			return false
		}
	}
	return true
}
