package analyzer

import "strings"

// Siblings returns the logical children of d's parent (the top level of the
// linted file when d has no parent).
func (d *Directive) Siblings() []*Directive {
	if d.Parent != nil {
		return d.Parent.Children()
	}
	if d.Root() != nil {
		return d.Root().kids
	}
	return nil
}

// InScope returns the directives named name that apply where d stands,
// following nginx's inheritance: d's own block first, then each enclosing
// block outward. Only the innermost level that has any is returned, since a
// directive set at one level replaces those of outer levels.
func (d *Directive) InScope(name string) []*Directive {
	for lvl := d; lvl != nil; lvl = lvl.Parent {
		if found := lvl.levelIndex().find(name); len(found) > 0 {
			return found
		}
	}
	return nil
}

// Upstreams returns the upstream{} blocks of the analysis by lower-case
// name, for http (stream=false) or stream.
func (a *Analysis) Upstreams(stream bool) map[string]*Directive {
	if a.upstreams[0] == nil {
		a.upstreams = [2]map[string]*Directive{{}, {}}
		a.Walk(func(d *Directive) bool {
			if d.Name() == "upstream" && d.Block != nil && len(d.Args()) > 0 {
				i := 0
				if d.Ctx == CtxStream {
					i = 1
				}
				key := strings.ToLower(d.Args()[0].Value())
				if _, ok := a.upstreams[i][key]; !ok {
					a.upstreams[i][key] = d
				}
			}
			return !d.Ctx.IsData()
		})
	}
	if stream {
		return a.upstreams[1]
	}
	return a.upstreams[0]
}
