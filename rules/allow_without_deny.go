package rules

import "github.com/nginx-lint/nginx-lint/analyzer"

func init() {
	register(&analyzer.Rule{
		ID:       "allow-without-deny",
		Title:    "allow rules without a deny in the same block restrict nothing",
		Severity: analyzer.Warning,
		Default:  true,
		Fixable:  true,
		Run:      runAllowWithoutDeny,
	})
}

func runAllowWithoutDeny(p *analyzer.Pass) {
	check := func(kids []*analyzer.Directive) {
		list := ownAccess(kids)
		if len(list) == 0 || hasDeny(list) {
			return
		}
		var first, last *analyzer.Directive
		for _, d := range list {
			if matchesAll(d.Arg(0)) {
				// "allow all" alone restricts nothing and claims nothing.
				return
			}
			if first == nil {
				first = d
			}
			last = d
		}
		for _, s := range first.InScope("satisfy") {
			if s.Arg(0) == "any" {
				// satisfy any: unmatched clients fall through to the
				// auth modules, which do the denying.
				return
			}
		}
		f := p.Reportf(first, first.NameRange(), "allow without deny in this block: every client gets in").
			Note("nginx checks allow/deny rules in order and lets a request through when none matches, and a block with its own rules does not inherit the outer ones")
		src := last.File.Src
		at, lead := insertAfter(src, last.End().End.Offset)
		pos := last.File.Pos(at)
		f.Fixes = []analyzer.SuggestedFix{{
			Message: "add deny all after the allow lines, for everyone they do not name",
			Safe:    false,
			Edits:   []analyzer.TextEdit{{Range: analyzer.Range{Start: pos, End: pos}, NewText: lead + "deny all;"}},
		}}
	}
	// The top level of a file is not checked: allow is not valid in main,
	// and a snippet of allow lines is completed by the block including it.
	p.Walk(func(d *analyzer.Directive) bool {
		if d.Ctx.IsData() || d.Ctx == analyzer.CtxLua {
			return false
		}
		if d.Block != nil {
			check(d.Children())
		}
		return true
	})
}
