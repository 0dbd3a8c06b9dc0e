package rules

import (
	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "hash-without-default",
		Title:    "map or geo without a default value",
		Severity: analyzer.Info,
		Default:  false,
		Fixable:  true,
		Run:      runHashWithoutDefault,
	})
}

func runHashWithoutDefault(p *analyzer.Pass) {
	p.Walk(func(d *analyzer.Directive) bool {
		if d.Ctx == analyzer.CtxLua {
			return false
		}
		if (d.Name() != "map" && d.Name() != "geo") || d.Block == nil || d.Block.Raw || d.Ctx.IsData() {
			return !d.Ctx.IsData()
		}
		var entries []*analyzer.Directive
		included := false
		for _, k := range d.Children() {
			switch k.Name() {
			case "default":
				return false
			case "include":
				if k.Include() == nil || k.Include().Missing || len(k.Include().Files) == 0 {
					return false // entries we cannot see
				}
				included = true
				continue
			case "hostnames", "volatile", "ranges", "delete", "proxy", "proxy_recursive":
				continue
			}
			entries = append(entries, k)
		}
		if d.Name() == "map" && len(entries) < 2 {
			// A single map entry without default ("POST $binary_remote_addr")
			// is the usual way to set a variable for one case only.
			return false
		}
		if len(entries) == 0 {
			return false
		}
		vr := d.NameRange()
		if n := len(d.Args()); n > 0 {
			vr = d.Args()[n-1].Range()
		}
		f := p.Reportf(d, vr, "%s without default: %s is empty when no entry matches", d.Name(), analyzer.Snippet(lastArg(d))).
			Note("if a check or header relies on this variable, an unexpected value passes silently").
			Note("write the default you mean")
		if included {
			// The entries live in other files too: the right place for a
			// default is for the author to choose.
			f.Note("default \"\"; keeps today's behaviour and says it is intended")
			return false
		}
		first := entries[0]
		src := first.File.Src
		off := first.NameRange().Start.Offset
		_, indent, eol := lineInfo(src, off)
		lineStart := off
		for lineStart > 0 && src[lineStart-1] != '\n' {
			lineStart--
		}
		var edit analyzer.TextEdit
		if d.Block.Open().Start.File == first.NameRange().Start.File && d.Block.Open().End.Offset > lineStart {
			// Entries on the line of '{': insert before the first one.
			edit = analyzer.TextEdit{Range: analyzer.Range{Start: first.NameRange().Start, End: first.NameRange().Start}, NewText: `default ""; `}
		} else {
			pos := first.File.Pos(lineStart)
			edit = analyzer.TextEdit{Range: analyzer.Range{Start: pos, End: pos}, NewText: indent + `default "";` + eol}
		}
		f.Fixes = []analyzer.SuggestedFix{{Message: `state today's empty default, which says it is intended`, Safe: true, Edits: []analyzer.TextEdit{edit}}}
		return false
	})
}

func lastArg(d *analyzer.Directive) string {
	if n := len(d.Args()); n > 0 {
		return d.Args()[n-1].Value()
	}
	return "the variable"
}
