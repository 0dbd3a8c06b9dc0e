package rules

import (
	"fmt"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

func init() {
	register(&analyzer.Rule{
		ID:       "invalid-context",
		NginxT:   true,
		Title:    "A directive in a block where nginx does not allow it: nginx refuses to start",
		Severity: analyzer.Error,
		Default:  true,
		Run:      runInvalidContext,
	})
}

func runInvalidContext(p *analyzer.Pass) {
	env := directives.EnvOf(p.Config)
	walkClassified(p, env, func(c classified) {
		if c.res.Verdict != directives.NotAllowed {
			return
		}
		d := c.d
		msg := fmt.Sprintf("%q is not allowed here (%s)%s: nginx allows it in %s", d.Name(), ctxPhrase(d.Ctx), fragmentNote(d), ctxList(c.res.Allowed.SameFamily(d.Ctx)))
		if s := c.res.Spec; s != nil {
			msg += fmt.Sprintf("; in %s %s", ctxPhrase(d.Ctx), whyUnavailable(s, c.res.Why, env))
		}
		msg += fmt.Sprintf("; nginx refuses to start (%q directive is not allowed here)", d.Name())
		p.Reportf(d, d.NameRange(), "%s", msg)
	})
}
