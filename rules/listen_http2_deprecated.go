package rules

import (
	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "listen-http2-deprecated",
		Title:    "listen … http2 is deprecated since nginx 1.25.1: use the http2 directive",
		Severity: analyzer.Warning,
		Default:  true,
		Fixable:  true,
		Run:      runListenHTTP2Deprecated,
	})
}

// http2DirectiveSince is the nginx version that added the http2 directive
// and deprecated the http2 parameter of listen.
const http2DirectiveSince = "1.25.1"

func runListenHTTP2Deprecated(p *analyzer.Pass) {
	if !p.TargetsAtLeast(http2DirectiveSince) {
		return
	}
	p.Each([]string{"server"}, func(srv *analyzer.Directive) {
		if srv.Block == nil || srv.Ctx != analyzer.CtxHTTP {
			return
		}
		var listens []*analyzer.Directive
		var words []*analyzer.Arg
		for _, l := range srv.Find("listen") {
			for _, a := range l.Args()[min(1, len(l.Args())):] {
				if a.Value() == "http2" {
					listens = append(listens, l)
					words = append(words, a)
				}
			}
		}
		if len(listens) == 0 {
			return
		}
		first := listens[0]
		f := p.Reportf(first, words[0].Range(), "listen … http2 is deprecated since nginx %s", http2DirectiveSince).
			Note("nginx %s and later warn: the \"listen ... http2\" directive is deprecated, use the \"http2\" directive instead", http2DirectiveSince)
		const how = "remove http2 from the listen lines and write http2 on; in the server (it enables HTTP/2 for this server only)"
		// The fix: drop the word from each listen of this server (with the
		// space before it) and add http2 on; before the first one, unless
		// the server already has an http2 directive.
		var edits []analyzer.TextEdit
		for i, l := range listens {
			a := words[i]
			start := a.Range().Start
			for j, b := range l.Args() {
				if b == a && j > 0 {
					start = l.Args()[j-1].Range().End
				}
			}
			if l.File != first.File {
				f.Note(how) // a listen in another file: leave it to a person
				return
			}
			edits = append(edits, analyzer.TextEdit{Range: analyzer.Range{Start: start, End: a.Range().End}})
		}
		if len(srv.Find("http2")) == 0 {
			at := first.NameRange().Start
			edits = append(edits, analyzer.TextEdit{Range: analyzer.Range{Start: at, End: at}, NewText: "http2 on;" + breakBefore(first)})
		}
		f.Fixes = []analyzer.SuggestedFix{{Message: how, Safe: false, Edits: edits}}
	})
}
