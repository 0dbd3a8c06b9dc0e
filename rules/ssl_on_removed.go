package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "ssl-on-removed",
		Title:    "ssl on is deprecated since nginx 1.15.0 and removed in 1.25.1: use listen … ssl",
		Severity: analyzer.Warning,
		Default:  true,
		Fixable:  true,
		Run:      runSSLOnRemoved,
	})
}

const (
	sslOnDeprecated = "1.15.0"
	sslOnRemoved    = "1.25.1" // unknown-directive reports it from here on
)

func runSSLOnRemoved(p *analyzer.Pass) {
	if !p.VersionSet() || !p.TargetsAtLeast(sslOnDeprecated) || p.TargetsAtLeast(sslOnRemoved) {
		return
	}
	p.Each([]string{"ssl"}, func(d *analyzer.Directive) {
		if !d.Ctx.IsHTTP() || len(d.Args()) != 1 || !strings.EqualFold(d.Args()[0].Value(), "on") {
			return
		}
		f := p.Reportf(d, d.NameRange(), "ssl on is deprecated since nginx %s and removed in %s", sslOnDeprecated, sslOnRemoved).
			Note("nginx %s warns: the \"ssl\" directive is deprecated, use the \"listen ... ssl\" directive instead (measured on nginx 1.22.1); nginx %s refuses to start with it", p.Config.NginxVersion, sslOnRemoved)
		const how = "write ssl on each listen of the server instead"
		if d.Ctx != analyzer.CtxServer || d.Parent == nil {
			f.Note(how) // at http level it applies to every server: leave it to a person
			return
		}
		listens := d.Parent.Find("listen")
		if len(listens) == 0 {
			f.Note(how)
			return
		}
		var edits []analyzer.TextEdit
		for _, l := range listens {
			if len(l.Args()) == 0 || l.File != d.File {
				f.Note(how)
				return
			}
			if !listenHas("ssl")(l) {
				end := l.Args()[0].Range().End
				edits = append(edits, analyzer.TextEdit{Range: analyzer.Range{Start: end, End: end}, NewText: " ssl"})
			}
		}
		edits = append(edits, analyzer.TextEdit{Range: lineSpan(d), NewText: ""})
		f.Fixes = []analyzer.SuggestedFix{{Message: how, Safe: true, Edits: edits}}
	})
}

// lineSpan is the text to delete to remove directive d: its whole line
// (indentation and line break included) when nothing else stands on it,
// else the directive alone.
func lineSpan(d *analyzer.Directive) analyzer.Range {
	src := d.File.Src
	start, end := d.NameRange().Start.Offset, d.End().End.Offset
	ls := start
	for ls > 0 && (src[ls-1] == ' ' || src[ls-1] == '\t') {
		ls--
	}
	le := end
	for le < len(src) && (src[le] == ' ' || src[le] == '\t' || src[le] == '\r') {
		le++
	}
	if (ls == 0 || src[ls-1] == '\n') && (le == len(src) || src[le] == '\n') {
		if le < len(src) {
			le++
		}
		return analyzer.Range{Start: d.File.Pos(ls), End: d.File.Pos(le)}
	}
	return analyzer.Range{Start: d.File.Pos(start), End: d.File.Pos(end)}
}
