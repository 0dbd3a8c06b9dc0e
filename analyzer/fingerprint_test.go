package analyzer_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// findingsOn reports one finding per proxy_pass directive.
func findingsOn(t *testing.T, src string) ([]analyzer.Finding, map[string]*analyzer.File) {
	t.Helper()
	a := analyzer.Parse("site.conf", "", []byte(src), analyzer.LoadOptions{NoIncludes: true})
	var fs []analyzer.Finding
	analyzer.Walk(a.Root.Children(), func(d *analyzer.Directive) bool {
		if d.Name() == "proxy_pass" {
			fs = append(fs, analyzer.Finding{Rule: "r", Message: "m", Range: d.Args()[0].Range(), Directive: analyzer.SpanOf(d.Range())})
		}
		return true
	})
	return fs, map[string]*analyzer.File{"site.conf": a.Root.File}
}

func TestFingerprintsSurviveLineShifts(t *testing.T) {
	before := "location / {\n    proxy_pass   http://a;\n    proxy_pass http://a;\n    proxy_pass http://b;\n}\n"
	after := "# a new comment\n\nlocation / {\n  listen 80;\n    proxy_pass http://a;\n\tproxy_pass\thttp://a;\n    proxy_pass http://b;\n}\n"
	f1, s1 := findingsOn(t, before)
	f2, s2 := findingsOn(t, after)
	p1 := analyzer.Fingerprints(analyzer.ListOf(f1...), s1)
	p2 := analyzer.Fingerprints(analyzer.ListOf(f2...), s2)
	if len(p1) != 3 || len(p2) != 3 {
		t.Fatalf("want 3 findings each, got %d and %d", len(p1), len(p2))
	}
	for i := range p1 {
		if p1[i] != p2[i] {
			t.Errorf("finding %d: fingerprint changed across a line shift: %s vs %s", i, p1[i], p2[i])
		}
	}
	if p1[0] == p1[1] {
		t.Error("two identical directives share a fingerprint; the occurrence index should tell them apart")
	}
	if p1[1] == p1[2] {
		t.Error("different directives share a fingerprint")
	}
}

// A finding without a directive (a syntax error, a missing include) keeps
// its fingerprint when its message is reworded and when lines are inserted
// above; two such findings on different lines stay apart, also when their
// ranges are empty.
func TestFingerprintsIgnoreMessages(t *testing.T) {
	fps := func(src string, msg string) []string {
		a := analyzer.Parse("site.conf", "", []byte(src), analyzer.LoadOptions{NoIncludes: true})
		var fs []analyzer.Finding
		for i, line := range strings.Split(src, "\n") {
			if j := strings.Index(line, "oops"); j >= 0 {
				at := strings.Index(src, line) + j
				r := analyzer.Range{
					Start: analyzer.Position{File: "site.conf", Line: i + 1, Offset: at},
					End:   analyzer.Position{File: "site.conf", Line: i + 1, Offset: at}, // empty
				}
				fs = append(fs, analyzer.Finding{Rule: "syntax-error", Message: msg, Range: r})
				r.End.Offset += len("oops")
				fs = append(fs, analyzer.Finding{Rule: "include-not-found", Message: msg, Range: r})
			}
		}
		return analyzer.Fingerprints(analyzer.ListOf(fs...), map[string]*analyzer.File{"site.conf": a.Root.File})
	}
	before := fps("http {\n    oops 1;\n    oops 2;\n}\n", "unexpected oops")
	after := fps("# new\n\nhttp {\n  oops 1;\n    oops   2;\n}\n", "a reworded headline")
	if len(before) != 4 || !slices.Equal(before, after) {
		t.Errorf("fingerprints changed with the message and a line shift:\n%q\n%q", before, after)
	}
	if before[0] == before[2] || before[1] == before[3] {
		t.Errorf("findings on different lines share a fingerprint: %q", before)
	}
}
