package rules

import (
	"fmt"
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
	checkNestedLocations(p)
	p.Each([]string{"geo"}, func(g *analyzer.Directive) {
		for i, e := range g.Children() {
			if e.Name() == "ranges" && i > 0 {
				p.Reportf(e, e.NameRange(), "the \"ranges\" directive must be the first directive inside \"geo\" block").
					Note("nginx refuses to start: ranges changes how every later line of the block is read, so it must come first")
			}
		}
	})
}

// checkNestedLocations reports a location inside another that nginx
// refuses (nginx 1.22.1's words): any inside an exact or a named location,
// a named one inside any, and one matched by prefix whose path does not
// begin with the outer location's (a regex's text, for a regex location:
// nginx compares the two as written, case and all).
func checkNestedLocations(p *analyzer.Pass) {
	p.Each([]string{"location"}, func(d *analyzer.Directive) {
		outer := d.Parent
		if outer == nil || outer.Name() != "location" {
			return
		}
		in, ok := outer.LocationOf()
		l, ok2 := d.LocationOf()
		if !ok || !ok2 {
			return
		}
		name := func(l analyzer.Location) string {
			if l.Modifier == "@" {
				return analyzer.Snippet("@" + l.Match)
			}
			return analyzer.Snippet(l.Match)
		}
		var msg, why string
		switch {
		case in.Modifier == "=":
			msg = headline(fmt.Sprintf("location %q cannot be inside the exact location %q", name(l), name(in)),
				fmt.Sprintf("location %q cannot be inside an exact location", name(l)))
			why = "an exact location answers one URI: nothing is left for a location inside it to match"
		case in.Modifier == "@":
			msg = headline(fmt.Sprintf("location %q cannot be inside the named location %q", name(l), name(in)),
				fmt.Sprintf("location %q cannot be inside a named location", name(l)))
			why = "a named location is reached by redirection only and matches no URI of its own"
		case l.Modifier == "@":
			msg = fmt.Sprintf("named location %q can be on the server level only", name(l))
			why = "named locations are looked up in the server's list"
		case !l.IsRegex() && !strings.HasPrefix(l.Match, in.Match):
			msg = headline(fmt.Sprintf("location %q is outside location %q", name(l), name(in)),
				fmt.Sprintf("location %q is outside the location around it", name(l)))
			why = "a location inside another is tried only for URIs the outer one matched, so its path must begin with the outer path (for a regex location, its text)"
		default:
			return
		}
		p.Reportf(d, l.Arg.Range(), "%s", msg).
			Note("nginx refuses to start: %s", why).
			Note("move it to the server level, or give it a path inside the outer location's").
			Relate(in.Arg.Range(), "the location around it")
	})
}
