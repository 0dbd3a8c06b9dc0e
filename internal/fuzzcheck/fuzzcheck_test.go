package fuzzcheck

import (
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// The checks accept the findings of a real analysis and reject findings
// that break each invariant.
func TestCheckFindings(t *testing.T) {
	src := "http {\n  server_tokens on;\n  server { listen 80; location / { proxy_pass http://localhost:8080; } }\n}\n"
	cfg := AllRulesConfigs()[0]
	a := analyzer.Parse("t.conf", "", []byte(src), analyzer.LoadOptions{NoIncludes: true})
	a.Config = cfg
	good := a.Check()
	if len(good) == 0 {
		t.Fatal("no findings to check")
	}
	if err := CheckFindings(a, good); err != nil {
		t.Fatalf("findings of a real analysis rejected: %v", err)
	}
	f := a.Root.File
	base := good[0]
	edit := analyzer.TextEdit{Range: f.Range(7, 20), NewText: "x"}
	for _, c := range []struct {
		want   string
		change func(*analyzer.Finding)
	}{
		{"unregistered rule", func(fd *analyzer.Finding) { fd.Rule = "no-such-rule" }},
		{"severity", func(fd *analyzer.Finding) { fd.Severity = analyzer.SeverityNone }},
		{"not in one file", func(fd *analyzer.Finding) { fd.Range.Start.File = "other.conf" }},
		{"outside", func(fd *analyzer.Finding) { fd.Range.End = analyzer.Position{File: "t.conf", Offset: len(src) + 1} }},
		{"but offset", func(fd *analyzer.Finding) { fd.Range.Start.Line++ }},
		{"ends before it starts", func(fd *analyzer.Finding) { fd.Range = f.Range(9, 3) }},
		{"(directive)", func(fd *analyzer.Finding) { fd.Directive = analyzer.Span{Start: 9, End: 3} }},
		{"not marked Fixable", func(fd *analyzer.Finding) {
			fd.Rule = analyzer.RuleSyntaxError
			fd.Fixes = []analyzer.SuggestedFix{{Message: "m", Edits: []analyzer.TextEdit{edit}}}
		}},
		{"overlapping edits", func(fd *analyzer.Finding) {
			fd.Rule = "version-disclosure"
			fd.Fixes = []analyzer.SuggestedFix{{Message: "m", Edits: []analyzer.TextEdit{edit, {Range: f.Range(10, 12), NewText: "y"}}}}
		}},
		{"with 0 edits", func(fd *analyzer.Finding) {
			fd.Rule = "version-disclosure"
			fd.Fixes = []analyzer.SuggestedFix{{Message: "m"}}
		}},
	} {
		bad := base
		c.change(&bad)
		err := CheckFindings(a, []analyzer.Finding{bad})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v", c.want, err)
		}
	}
}
