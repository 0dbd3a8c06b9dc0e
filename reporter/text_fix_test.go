package reporter

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// TestTextFix: a fix shows as one labelled line saying what it does ("fix:",
// or "unsafe fix:" for one --fix applies only with --unsafe-fixes), then the
// code as it reads once fixed, indented under the label: the directive when
// the edits stay in it, else every touched line, by line number in the
// finding's file and by file:line in another. The description is not
// repeated as a note. With FixHint (a run that did not fix) the report ends
// with what --fix and --unsafe-fixes would fix.
func TestTextFix(t *testing.T) {
	a := analyzer.NewFile("a.conf", "", []byte("resolver 8.8.8.8;\nlisten 443 http2;\nlisten 80;\n"))
	b := analyzer.NewFile("b.conf", "", []byte("listen 8443 http2;\n"))
	at := func(f *analyzer.File, s string) analyzer.Range {
		i := strings.Index(string(f.Src), s)
		return f.Range(i, i+len(s))
	}
	resolver := at(a, "resolver 8.8.8.8;")
	end := a.Range(resolver.End.Offset-1, resolver.End.Offset-1)
	rep := &Report{
		Findings: analyzer.ListOf(
			analyzer.Finding{Rule: "r", Severity: analyzer.Warning, Message: "one", Range: at(a, "resolver"), Directive: analyzer.SpanOf(resolver),
				Notes: []string{"why"},
				Fixes: []analyzer.SuggestedFix{{Message: "append ipv6=off", Safe: true,
					Edits: []analyzer.TextEdit{{Range: end, NewText: " ipv6=off"}}}}},
			analyzer.Finding{Rule: "r", Severity: analyzer.Warning, Message: "two", Range: at(a, "http2"), Directive: analyzer.SpanOf(at(a, "listen 443 http2;")),
				Fixes: []analyzer.SuggestedFix{{Message: "move http2", Safe: false, Edits: []analyzer.TextEdit{
					{Range: at(a, " http2"), NewText: ""},
					{Range: a.Range(at(a, "listen 80").Start.Offset, at(a, "listen 80").Start.Offset), NewText: "http2 on; "},
					{Range: at(b, " http2"), NewText: ""},
				}}}},
		),
		Sources: map[string]*analyzer.File{"a.conf": a, "b.conf": b},
	}
	var buf bytes.Buffer
	if err := Text(&buf, rep, Options{}); err != nil {
		t.Fatal(err)
	}
	want := `a.conf:1:1: warning: one [r]
 1 | resolver 8.8.8.8;
   | ^^^^^^^^
   = note: why
   = fix: append ipv6=off
       resolver 8.8.8.8 ipv6=off;
a.conf:2:12: warning: two [r]
 2 | listen 443 http2;
   |            ^^^^^
   = unsafe fix: move http2
       line 2: listen 443;
       line 3: http2 on; listen 80;
       b.conf:1: listen 8443;
2 findings (2 warnings)
`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	for _, tc := range []struct {
		safe bool
		hint string
	}{{true, "1 fixable with --fix, 1 more with --unsafe-fixes"}, {false, "2 fixable with --fix --unsafe-fixes"}} {
		rep.Findings.At(0).Fixes[0].Safe = tc.safe
		buf.Reset()
		if err := Text(&buf, rep, Options{FixHint: true}); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
		if got := lines[len(lines)-2:]; got[0] != "2 findings (2 warnings)" || got[1] != tc.hint {
			t.Errorf("with FixHint (first fix safe: %v), the report ends with %q, want the summary and %q", tc.safe, got, tc.hint)
		}
	}
}

// TestStatementLines: a directive written over several lines is shown on
// one, and a fix that ends a statement within it (a missing ";" before the
// next line, which nginx reads as more arguments) shows each statement on
// a line of its own, as the fixed file reads.
func TestStatementLines(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"listen 80;", []string{"listen 80;"}},
		{"log_format main '$a'\n    '$b';", []string{"log_format main '$a' '$b';"}},
		{"listen 80;\n    location / {", []string{"listen 80;", "location / {"}},
		{"server_name a\r\n  b\r\n  c;\r\n  root /srv;", []string{"server_name a b c;", "root /srv;"}},
		{"return 200\n\n", []string{"return 200"}},
	} {
		if got := statementLines(tc.in); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("statementLines(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
