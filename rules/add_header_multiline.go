package rules

import (
	"regexp"
	"strings"
	"sync"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "add-header-multiline",
		Title:    "A response header value spans several lines",
		Severity: analyzer.Warning,
		Default:  true,
		Fixable:  true,
		Run:      runAddHeaderMultiline,
	})
}

var foldRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[ \t]*\r?\n[ \t]*`) })

func runAddHeaderMultiline(p *analyzer.Pass) {
	p.Walk(func(d *analyzer.Directive) bool {
		if d.Ctx.IsData() {
			return false
		}
		var args []*analyzer.Arg
		switch d.Name() {
		case "add_header", "add_trailer":
			if len(d.Args()) >= 2 {
				args = d.Args()[1:2]
			}
		case "more_set_headers", "more_set_input_headers":
			args = moreSetHeaderSpecs(d)
		}
		for _, a := range args {
			if !strings.ContainsAny(a.Value(), "\n") {
				continue
			}
			f := p.Reportf(d, a.Range(), "the header value contains a line break, which nginx sends as is").
				Note("the continuation line is obsolete HTTP line folding, which RFC 9112 forbids in responses; browsers and proxies reject the response or drop the header (a security policy such as Content-Security-Policy is then lost)")
			{
				raw := foldRe().ReplaceAllString(a.Raw(), " ")
				if q := a.Quote(); q != 0 && len(raw) >= 2 {
					raw = string(q) + strings.TrimSpace(raw[1:len(raw)-1]) + string(q)
				}
				if raw != a.Raw() {
					f.Fixes = []analyzer.SuggestedFix{{
						Message: "write the value on one line, its lines joined by a space",
						Safe:    false,
						Edits:   []analyzer.TextEdit{{Range: a.Range(), NewText: raw}},
					}}
				} else {
					f.Note("write the value on one line")
				}
			}
		}
		return true
	})
}
