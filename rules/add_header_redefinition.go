package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:        "add-header-redefinition",
		Versioned: true,
		Title:     "add_header in a nested block drops every header set at outer levels",
		Severity:  analyzer.Warning,
		Default:   true,
		Fixable:   true,
		Run:       runAddHeaderRedefinition,
	})
}

// securityHeaders are the response headers whose loss weakens a site;
// losing one of them is a warning, losing others is info.
var securityHeaders = map[string]bool{
	"strict-transport-security": true, "content-security-policy": true,
	"content-security-policy-report-only": true, "x-frame-options": true,
	"x-content-type-options": true, "referrer-policy": true, "permissions-policy": true,
	"cross-origin-opener-policy": true, "cross-origin-embedder-policy": true,
	"cross-origin-resource-policy": true, "x-xss-protection": true,
	"x-permitted-cross-domain-policies": true, "content-disposition": true, "x-robots-tag": true,
}

// cacheHeaders matter for security only when they keep a response out of
// caches.
var cacheHeaders = map[string]bool{"cache-control": true, "pragma": true, "expires": true}

// protective reports whether losing the header set by d weakens the site.
func protective(d *analyzer.Directive) bool {
	name := analyzer.FieldName(d)
	if cacheHeaders[name] {
		v := strings.ToLower(d.Arg(1))
		return strings.Contains(v, "no-store") || strings.Contains(v, "no-cache") || strings.Contains(v, "private")
	}
	return securityHeaders[name]
}

func runAddHeaderRedefinition(p *analyzer.Pass) {
	a := p.Analysis
	for _, lvl := range httpLevels(p) {
		if lvl == nil {
			continue
		}
		for _, name := range []string{"add_header", "add_trailer"} {
			own := lvl.Find(name)
			if len(own) == 0 {
				continue
			}
			if mode := a.InheritMode(lvl, name); mode != analyzer.InheritOn {
				continue
			}
			have := map[string]bool{}
			for _, d := range a.Effective(lvl, name) {
				have[analyzer.FieldName(d)] = true
			}
			var dropped []string
			var from []*analyzer.Directive
			seen := map[string]bool{}
			for _, d := range a.Effective(lvl.Parent, name) {
				n := analyzer.FieldName(d)
				if !have[n] && !seen[n] {
					seen[n] = true
					dropped = append(dropped, d.Arg(0))
					from = append(from, d)
				}
			}
			if len(dropped) == 0 {
				continue
			}
			reportRedefinition(p, lvl, own[0], name, dropped, from)
		}
	}
}

// maxRelatedDropped bounds how many dropped outer directives a finding
// points at.
const maxRelatedDropped = 5

func reportRedefinition(p *analyzer.Pass, lvl, first *analyzer.Directive, name string, dropped []string, from []*analyzer.Directive) {
	sev := analyzer.Info
	for _, d := range from {
		if protective(d) {
			sev = analyzer.Warning
		}
	}
	var lines []int
	seenLine := map[int]bool{}
	for _, d := range from {
		if l := line(d); !seenLine[l] {
			seenLine[l] = true
			lines = append(lines, l)
		}
	}
	sort.Ints(lines)
	where := "line"
	if len(lines) > 1 {
		where = "lines"
	}
	ls := make([]string, len(lines))
	for i, l := range lines {
		ls[i] = fmt.Sprint(l)
	}
	kind := "header"
	if name == "add_trailer" {
		kind = "trailer"
	}
	plural := ""
	if len(dropped) > 1 {
		plural = "s"
	}
	fix := fmt.Sprintf("repeat %s here (an include file helps)", themIt(len(dropped)))
	if !p.VersionSet() || !p.TargetsAtLeast(analyzer.InheritModeSince) {
		// From that version on, the fix adds the directive.
		fix += fmt.Sprintf(" (from nginx %s: %s_inherit merge;)", analyzer.InheritModeSince, name)
	}
	f := p.Reportf(first, first.NameRange(), "%s in this %s drops %d %s%s set at outer levels", name, lvl.Name(), len(dropped), kind, plural).
		Note("%s in a block replaces the outer ones instead of adding to them: the %s%s %s (set at %s %s) %s not sent for requests handled here",
			name, kind, plural, strings.Join(dropped, ", "), where, strings.Join(ls, ", "), isAre(len(dropped))).
		Note("%s", fix)
	f.Severity = sev
	for _, d := range from[:min(len(from), maxRelatedDropped)] {
		f.Relate(d.NameRange(), "%s %s: not sent for requests handled in this %s", name, analyzer.Snippet(d.Arg(0)), lvl.Name())
	}
	if p.VersionSet() && p.TargetsAtLeast(analyzer.InheritModeSince) {
		at := first.NameRange().Start
		edit := analyzer.TextEdit{Range: analyzer.Range{Start: at, End: at}, NewText: name + "_inherit merge;" + breakBefore(first)}
		// nginx refuses a second add_header_inherit at one level: change
		// the one that is there.
		if sw := lvl.Find(name + "_inherit"); len(sw) > 0 && len(sw[len(sw)-1].Args()) == 1 {
			edit = analyzer.TextEdit{Range: sw[len(sw)-1].Args()[0].Range(), NewText: "merge"}
		}
		f.Fixes = []analyzer.SuggestedFix{{
			Message: fmt.Sprintf("keep the outer %ss without repeating them: %s_inherit merge", kind, name),
			Safe:    false,
			Edits:   []analyzer.TextEdit{edit},
		}}
	}
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func themIt(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// breakBefore is what goes between a statement inserted before d and d:
// when d starts its line, a line break in the file's style (CRLF stays
// CRLF) and d's indentation, so the new statement gets a line of its own;
// otherwise a space.
func breakBefore(d *analyzer.Directive) string {
	src := d.File.Src
	off := d.NameRange().Start.Offset
	start := off
	for start > 0 && (src[start-1] == ' ' || src[start-1] == '\t') {
		start--
	}
	if start > 0 && src[start-1] != '\n' {
		return " "
	}
	return d.File.LineEnding(d.NameRange().Start.Line) + string(src[start:off])
}
