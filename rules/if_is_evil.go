package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "if-is-evil",
		Title:    "if in a location that lets the request continue with the if block's configuration",
		Severity: analyzer.Warning,
		Default:  false,
		Run:      runIfIsEvil,
	})
}

// ifEnds reports whether directive k inside an if ends the request's stay
// in that if: return, or a rewrite that redirects or restarts the location
// search.
func ifEnds(k *analyzer.Directive) bool {
	switch k.Name() {
	case "return":
		return true
	case "rewrite":
		if len(k.Args()) < 2 {
			return false
		}
		flag := ""
		if len(k.Args()) > 2 {
			flag = k.Args()[len(k.Args())-1].Value()
		}
		repl := k.Args()[1].Value()
		if strings.HasPrefix(repl, "http://") || strings.HasPrefix(repl, "https://") || strings.HasPrefix(repl, "$scheme") {
			// nginx returns a redirect whatever the flag.
			return true
		}
		switch flag {
		case "last", "redirect", "permanent", "":
			return true
		}
	}
	return false
}

// rewritePhaseOnly lists directives that act in the rewrite phase and change
// nothing in the configuration the request is served with.
var rewritePhaseOnly = map[string]bool{"set": true, "break": true, "rewrite": true, "rewrite_log": true, "uninitialized_variable_warn": true}

func runIfIsEvil(p *analyzer.Pass) {
	p.Each([]string{"if"}, func(d *analyzer.Directive) {
		if d.Ctx != analyzer.CtxLocation || d.Block == nil {
			return
		}
		var other *analyzer.Directive
		for _, k := range d.Children() {
			if ifEnds(k) {
				// The request leaves the if before any other phase uses its
				// configuration; headers set here shape that response only.
				return
			}
			if !rewritePhaseOnly[k.Name()] && other == nil && k.Name() != "include" {
				other = k
			}
		}
		if other != nil {
			p.Reportf(d, d.NameRange(), "if in a location with %s (line %d): the if block's configuration serves the request",
				other.Name(), other.NameRange().Start.Line).
				Note("when the condition is true, nginx serves the request with the if block's own configuration, not the location's, so directives there behave unexpectedly (add_header and proxy_set_header replace the location's, try_files is dropped, only the last matching if counts)").
				Note("inside a location only return and rewrite ... last are safe in if: %s", ifAdvice(other.Name())).
				Relate(other.NameRange(), "the if block's configuration replaces this %s", other.Name())
			return
		}
		if d.Parent != nil {
			// Through the level's index: a location of thousands of ifs
			// would otherwise be scanned once for each of them.
			if tf := d.Parent.Find("try_files"); len(tf) > 0 {
				sib := tf[0]
				p.Reportf(d, d.NameRange(), "if in a location with try_files (line %d): try_files is skipped when it is true", sib.NameRange().Start.Line).
					Note("when the condition is true, nginx continues with the if block's configuration, which does not inherit try_files, so try_files is silently skipped for those requests").
					Note("compute the value with map instead, or end the if with return or rewrite ... last").
					Relate(sib.NameRange(), "skipped when the if is true")
			}
		}
	})
}

// ifAdvice suggests the if-free way to do what directive name does in an if.
func ifAdvice(name string) string {
	switch {
	case name == "access_log":
		return "use access_log … if=$variable (with a map) instead"
	case name == "add_header" || name == "more_set_headers" || strings.HasSuffix(name, "_set_header"):
		return "compute the value with map and set the header unconditionally (an empty value is not sent)"
	case strings.HasSuffix(name, "_pass"):
		return "pick the upstream with map, or rewrite … last to a location of its own"
	}
	return "use map to compute a value, or return/rewrite … last to another location"
}
