package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// headerSet is one response header a directive sets: add_header NAME VALUE,
// or one 'Name: value' argument of headers-more's more_set_headers.
type headerSet struct {
	d     *analyzer.Directive
	name  string // lower case
	value string
	arg   *analyzer.Arg // the argument holding the value
}

// headersSetBy returns the headers directive d sets (nil for other
// directives).
func headersSetBy(d *analyzer.Directive) []headerSet {
	switch d.Name() {
	case "add_header":
		if len(d.Args()) >= 2 {
			return []headerSet{{d: d, name: strings.ToLower(d.Args()[0].Value()), value: d.Args()[1].Value(), arg: d.Args()[1]}}
		}
	case "more_set_headers":
		var out []headerSet
		for _, a := range moreSetHeaderSpecs(d) {
			name, val, ok := strings.Cut(a.Value(), ":")
			if !ok {
				continue
			}
			out = append(out, headerSet{d: d, name: strings.ToLower(strings.TrimSpace(name)), value: strings.TrimSpace(val), arg: a})
		}
		return out
	}
	return nil
}

// moreSetHeaderSpecs returns the 'Name: value' arguments of more_set_headers
// (or more_clear_headers), skipping -s/-t and their values and flags like -r.
func moreSetHeaderSpecs(d *analyzer.Directive) []*analyzer.Arg {
	var out []*analyzer.Arg
	for i := 0; i < len(d.Args()); i++ {
		v := d.Args()[i].Value()
		switch {
		case v == "-s" || v == "-t":
			i++
		case strings.HasPrefix(v, "-s") || strings.HasPrefix(v, "-t"):
		case strings.HasPrefix(v, "-") && len(v) == 2:
		default:
			out = append(out, d.Args()[i])
		}
	}
	return out
}

// httpLevel reports whether d is a block nginx merges http configuration
// through: http, server, location, if, limit_except.
func httpLevel(d *analyzer.Directive) bool {
	if d.Block == nil || d.Block.Raw {
		return false
	}
	switch d.Name() {
	case "http", "server", "location", "if", "limit_except":
		return !d.Ctx.IsStream() && d.Ctx != analyzer.CtxMail
	}
	return false
}

// httpLevels returns every http configuration level of the linted file,
// the top level (nil) first when the file is a fragment of http.
func httpLevels(p *analyzer.Pass) []*analyzer.Directive {
	var out []*analyzer.Directive
	if root := p.Analysis.Root; root.Ctx.IsHTTP() {
		out = append(out, nil)
	}
	p.Each([]string{"http", "server", "location", "if", "limit_except"}, func(d *analyzer.Directive) {
		if httpLevel(d) {
			out = append(out, d)
		}
	})
	return out
}

// ownChildren returns the directives standing directly in level (nil: the
// top level of the linted file).
func ownChildren(p *analyzer.Pass, level *analyzer.Directive) []*analyzer.Directive {
	if level == nil {
		return p.Analysis.Root.Children()
	}
	return level.Children()
}

func hasOwn(p *analyzer.Pass, level *analyzer.Directive, names ...string) bool {
	for _, k := range ownChildren(p, level) {
		for _, n := range names {
			if k.Name() == n {
				return true
			}
		}
	}
	return false
}

// line is the 1-based line a directive starts on.
func line(d *analyzer.Directive) int { return d.NameRange().Start.Line }
