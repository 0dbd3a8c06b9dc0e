package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

func init() {
	register(&analyzer.Rule{
		ID:        "invalid-context",
		Versioned: true,
		NginxT:    true,
		Title:     "A directive in a block where nginx does not allow it: nginx refuses to start",
		Severity:  analyzer.Error,
		Default:   true,
		Run:       runInvalidContext,
	})
}

func runInvalidContext(p *analyzer.Pass) {
	env := directives.EnvOf(p.Config)
	walkClassified(p, env, func(c classified) {
		if c.res.Verdict != directives.NotAllowed {
			return
		}
		d := c.d
		f := p.Reportf(d, d.NameRange(), "%q is not allowed here (%s): nginx refuses to start", analyzer.Snippet(d.Name()), ctxPhrase(d.Ctx))
		if fn := fragmentNote(d); fn != "" {
			f.Note("%s", strings.TrimSuffix(strings.TrimPrefix(fn, " ("), ")"))
		}
		f.Note("nginx allows it in %s", ctxList(c.res.Allowed.SameFamily(d.Ctx)))
		if s := c.res.Spec; s != nil {
			f.Note("in %s %s", ctxPhrase(d.Ctx), whyUnavailable(s, c.res.Why, env))
		}
		f.Note("nginx -t says: %q directive is not allowed here", d.Name())
	})
}
