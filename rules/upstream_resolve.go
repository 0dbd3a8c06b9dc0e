package rules

import (
	"fmt"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:        "upstream-resolve",
		Versioned: true,
		Title:     "server … resolve in an upstream without a shared-memory zone",
		Severity:  analyzer.Error,
		Default:   true,
		Fixable:   true,
		Run:       runUpstreamResolve,
	})
}

func runUpstreamResolve(p *analyzer.Pass) {
	if targetBefore(p, resolveVersion) {
		return // invalid-args reports the parameter itself on older nginx
	}
	p.Each([]string{"upstream"}, func(d *analyzer.Directive) {
		if d.Block == nil {
			return
		}
		if len(d.Find("zone")) > 0 || hasUnreadInclude(d) {
			return
		}
		name := d.Arg(0)
		fixed := false
		for _, s := range d.Find("server") {
			for _, a := range s.Args()[min(1, len(s.Args())):] {
				if a.Value() != "resolve" {
					continue
				}
				f := p.Reportf(s, a.Range(), "server ... resolve: upstream %q has no zone, so nginx refuses to start", analyzer.Snippet(name)).
					Note("nginx -t fails for server %s resolve: \"resolving names at run time requires upstream %q ... to be in shared memory\"", s.Arg(0), name).
					Note("the addresses it re-resolves must live in a shared-memory zone all workers see")
				zone := zoneName(name)
				if !fixed && d.Block.Open().End.Offset > 0 {
					fixed = true
					at := d.Block.Open().End
					f.Fixes = []analyzer.SuggestedFix{{
						Message: fmt.Sprintf("add a 64k shared-memory zone to the upstream (check that no other zone is named %s)", zone),
						Edits:   []analyzer.TextEdit{{Range: analyzer.Range{Start: at, End: at}, NewText: zoneLine(d, zone)}},
					}}
				} else {
					f.Note("add \"zone %s 64k;\" to the upstream", zone)
				}
			}
		}
	})
}

// zoneLine is the text inserted after the upstream's '{': on a line of its
// own, indented like the first statement, when that one has its own line.
func zoneLine(d *analyzer.Directive, zone string) string {
	stmt := "zone " + zone + " 64k;"
	if len(d.Block.Items) == 0 {
		return " " + stmt
	}
	first := d.Block.Items[0]
	if first.File != d.File || first.NameRange().Start.Line == d.Block.Open().Start.Line {
		return " " + stmt
	}
	line := d.File.Line(first.NameRange().Start.Line)
	indent := line[:len(line)-len(strings.TrimLeft(string(line), " \t"))]
	return d.File.LineEnding(d.Block.Open().Start.Line) + string(indent) + stmt
}

// zoneName derives a zone name from an upstream name.
func zoneName(upstream string) string {
	if upstream == "" {
		return "upstream_zone"
	}
	return upstream
}

// hasUnreadInclude reports whether block d holds an include that could not
// be read (the zone may be in it).
func hasUnreadInclude(d *analyzer.Directive) bool {
	for _, c := range d.Children() {
		if c.IsUnreadInclude() {
			return true
		}
	}
	return false
}
