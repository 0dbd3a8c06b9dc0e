package reporter

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// TestTextLongLine: a finding on a very long line shows a bounded excerpt
// around it, cut at code point boundaries with "…", and the carets still
// stand under the flagged text.
func TestTextLongLine(t *testing.T) {
	for _, tc := range []struct{ before, after int }{{0, 100000}, {100000, 100000}, {100000, 0}, {10, 10}} {
		word := "localhost"
		line := strings.Repeat("é", tc.before/2) + "server " + word + ":1;" + strings.Repeat(" x;", tc.after/3)
		src := "upstream u {" + line + "}\n"
		f := analyzer.NewFile("long.conf", "", []byte(src))
		start := strings.Index(src, word)
		rep := &Report{
			Findings: analyzer.ListOf(analyzer.Finding{Rule: "r", Severity: analyzer.Warning, Message: "m", Range: f.Range(start, start+len(word)),
				Fixes: []analyzer.SuggestedFix{{Edits: []analyzer.TextEdit{{Range: f.Range(start, start+len(word)), NewText: "127.0.0.1"}}}}}),
			Sources: map[string]*analyzer.File{"long.conf": f},
		}
		var buf bytes.Buffer
		if err := Text(&buf, rep, Options{}); err != nil {
			t.Fatal(err)
		}
		out := strings.Split(buf.String(), "\n")
		if len(out) < 3 || !utf8.ValidString(buf.String()) {
			t.Fatalf("%+v: output %q", tc, buf.String())
		}
		shown, carets := []rune(strings.TrimPrefix(out[1], " 1 | ")), []rune(strings.TrimPrefix(out[2], "   | "))
		if len(shown) > maxShown+2 || len(buf.String()) > 4*maxShown+400 {
			t.Errorf("%+v: excerpt of %d code points, output of %d bytes", tc, len(shown), buf.Len())
		}
		i := strings.IndexRune(string(carets), '^')
		if i < 0 || len(carets)-i != len(word) || string(shown[i:i+len(word)]) != word {
			t.Errorf("%+v: carets do not underline %q:\n%s\n%s", tc, word, out[1], out[2])
		}
		long := tc.before+tc.after > maxShown
		if strings.Contains(out[1], "…") != long {
			t.Errorf("%+v: cut mark %v, want %v", tc, !long, long)
		}
	}
}

// TestPrintable: nothing a file holds can send the terminal an escape
// sequence: controls, stray bytes and bidirectional overrides are shown as
// escapes, and the caret lines up under the escaped text.
func TestPrintable(t *testing.T) {
	line := []byte("a\x1b[31mb\x07c\x7fd\u009be\xffé\u202eg\tf")
	got := printable(line)
	for _, bad := range []string{"\x1b", "\x07", "\x7f", "\u009b", "\xff", "\u202e"} {
		if strings.Contains(got, bad) {
			t.Errorf("printable kept %q: %q", bad, got)
		}
	}
	want := `a\x1b[31mb\x07c\x7fd\u009be\xffé\u202eg` + "\tf"
	if got != want {
		t.Errorf("printable(%q) = %q, want %q", line, got, want)
	}
	// The caret under "f" lines up: one column per shown code point, tab kept.
	f := analyzer.NewFile("x", "", line)
	at := bytes.IndexByte(line, 'f')
	c := caret(line, f.Range(at, at+1))
	if utf8.RuneCountInString(c) != utf8.RuneCountInString(want)-1+1 || !strings.HasSuffix(c, "\t^") {
		t.Errorf("caret %q does not line up under %q", c, got)
	}
	// An escaped code point in the range is underlined whole.
	at = bytes.IndexByte(line, 0x1b)
	if c := caret(line, f.Range(at, at+1)); c != " ^^^^" {
		t.Errorf("caret under \\x1b = %q", c)
	}
}

// TestVisible: names and messages keep their text, and what would act on
// a terminal or a log shows as an escape.
func TestVisible(t *testing.T) {
	for in, want := range map[string]string{
		"site.conf":               "site.conf",
		"é ü/日本.conf":             "é ü/日本.conf",
		"a\x1b[2Kb":               `a\x1b[2Kb`,
		"x\nsite.conf:1:1: error": `x\nsite.conf:1:1: error`,
		"bad\xff\xfe.conf":        `bad\xff\xfe.conf`,
		"evil\u202etxt.conf":      `evil\u202etxt.conf`,
		"tab\there\r":             `tab\there\r`,
		"c1\u0085":                `c1\u0085`,
	} {
		if got := Visible(in); got != want {
			t.Errorf("Visible(%q) = %q, want %q", in, got, want)
		}
	}
}
