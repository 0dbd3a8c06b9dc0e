package rules

import (
	"strconv"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "return-bypasses-allow-deny",
		Title:    "return answers before allow/deny (or auth_basic, auth_request) are checked",
		Severity: analyzer.Warning,
		Default:  true,
		Run:      runReturnBypassesAllowDeny,
	})
}

// returnCode returns the status code of a return directive (302 for the
// "return URL" form) and whether it could be read.
func returnCode(d *analyzer.Directive) (int, bool) {
	if len(d.Args()) == 0 {
		return 0, false
	}
	code, err := strconv.Atoi(d.Args()[0].Value())
	if err != nil {
		return 302, true
	}
	return code, true
}

func runReturnBypassesAllowDeny(p *analyzer.Pass) {
	p.Each([]string{"return"}, func(d *analyzer.Directive) {
		if !d.Ctx.IsHTTP() {
			return
		}
		code, ok := returnCode(d)
		if !ok || code >= 300 {
			// Redirects and errors give nothing away that the access
			// rules protect.
			return
		}
		// The block whose access rules would apply: skip if{} levels.
		b := d.Parent
		for b != nil && b.Name() == "if" {
			b = b.Parent
		}
		if b == nil || (b.Name() != "location" && b.Name() != "server") {
			return
		}
		list, level := effectiveAccess(p, b)
		what := "the allow/deny rules"
		var first *analyzer.Directive
		if len(list) > 0 && hasDeny(list) {
			first = list[0]
		} else {
			for _, name := range []string{"auth_basic", "auth_request"} {
				for _, a := range d.InScope(name) {
					if a.Arg(0) != "off" && first == nil {
						first, level, what = a, a.Parent, name
					}
				}
			}
		}
		if first == nil {
			return
		}
		f := p.Reportf(d, d.NameRange(), "return %d answers before the access phase checks %s (line %d)", code, what, first.NameRange().Start.Line).
			Note("return runs in the rewrite phase, before the access phase that checks %s, so every client gets this response", what).
			Note("deny the request explicitly (if not allowed, return 403) or move the return into a location nginx reaches only after the check").
			Relate(first.NameRange(), "never checked for this return")
		if level != b {
			// Rules inherited from an outer block: often an open health
			// check written on purpose.
			f.Severity = analyzer.Info
		}
	})
}
