package fixer_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/fixer"
)

// Test rules, off by default and selected with Config.Only. Each renames
// directives by replacing their name token.
func init() {
	rename := func(id, from, to string, safe bool) {
		analyzer.Register(&analyzer.Rule{ID: id, Title: id, Severity: analyzer.Warning, Fixable: true, Run: func(p *analyzer.Pass) {
			p.Walk(func(d *analyzer.Directive) bool {
				if d.Name() == from {
					f := p.Reportf(d, d.NameRange(), "%s should be %s", from, to)
					f.Fixes = []analyzer.SuggestedFix{{Message: "rename", Safe: safe, Edits: []analyzer.TextEdit{{Range: d.NameRange(), NewText: to}}}}
				}
				return true
			})
		}})
	}
	rename("test-a1", "a1", "a2", true) // enables test-a2
	rename("test-a2", "a2", "a3", true) //
	rename("test-x", "ov", "ox", true)  // overlaps test-y once
	rename("test-y", "ov", "oy", true)  //
	rename("test-flip", "p", "q", true) // never settles with test-flop
	rename("test-flop", "q", "p", true) //
	rename("test-break", "brk", "brk {", true)
	rename("test-unsafe", "u", "v", false)
	rename("test-two", "two", "2", true)
}

func only(ids ...string) *analyzer.Config { return &analyzer.Config{Only: ids} }

func fix(t *testing.T, src string, cfg *analyzer.Config, opt fixer.Options) *fixer.Result {
	t.Helper()
	return fixer.Fix(fixer.Input{Name: "t.conf", Src: []byte(src), Stdin: true}, analyzer.LoadOptions{NoIncludes: true}, cfg, opt)
}

func text(res *fixer.Result, orig string) string {
	if len(res.Files) == 0 {
		return orig
	}
	return string(res.Files[0].New)
}

func TestFixpoint(t *testing.T) {
	res := fix(t, "a1 x;\n", only("test-a1", "test-a2"), fixer.Options{})
	if got := text(res, ""); got != "a3 x;\n" || !res.Settled || res.Passes != 3 || len(res.Fixed) != 2 || len(res.Remaining) != 0 {
		t.Fatalf("got %q settled=%v passes=%d fixed=%d remaining=%d", got, res.Settled, res.Passes, len(res.Fixed), len(res.Remaining))
	}
}

func TestOverlapResolvedInLaterPass(t *testing.T) {
	res := fix(t, "ov 1;\n", only("test-x", "test-y"), fixer.Options{})
	if got := text(res, ""); got != "ox 1;\n" || !res.Settled || len(res.Refused) != 0 {
		t.Fatalf("got %q settled=%v refused=%v", got, res.Settled, res.Refused)
	}
}

func TestOverlapThatLastsIsReported(t *testing.T) {
	res := fix(t, "p 1;\nq 2;\n", only("test-flip", "test-flop"), fixer.Options{MaxPasses: 3})
	if res.Settled {
		t.Fatal("flip-flop rules settled")
	}
	if res.Passes != 4 || len(res.Remaining) != 2 {
		t.Fatalf("passes=%d remaining=%d", res.Passes, len(res.Remaining))
	}
	src := "ov 1;\n"
	// Two rules offering different fixes for the same token: one applies.
	res = fix(t, src, only("test-x", "test-y"), fixer.Options{MaxPasses: 1})
	if len(res.Refused) != 1 || !strings.Contains(res.Refused[0].Reason, "overlaps the fix for test-x") {
		t.Fatalf("refused = %v", res.Refused)
	}
	if got := text(res, src); got != "ox 1;\n" {
		t.Fatalf("got %q", got)
	}
}

func TestSyntaxBreakingFixRefused(t *testing.T) {
	src := "brk 1;\ntwo 2;\n"
	res := fix(t, src, only("test-break", "test-two"), fixer.Options{})
	if got := text(res, src); got != "brk 1;\n2 2;\n" {
		t.Fatalf("got %q", got)
	}
	if len(res.Refused) != 1 || res.Refused[0].Finding.Rule != "test-break" || !strings.Contains(res.Refused[0].Reason, "would not parse") {
		t.Fatalf("refused = %v", res.Refused)
	}
	if !res.Settled {
		t.Fatal("not settled")
	}
}

func TestNoEditPastSyntaxError(t *testing.T) {
	src := "two 1;\n}\ntwo 2;\n"
	res := fix(t, src, only("test-two"), fixer.Options{})
	if got := text(res, src); got != "2 1;\n}\ntwo 2;\n" {
		t.Fatalf("got %q", got)
	}
	if len(res.Refused) != 1 || !strings.Contains(res.Refused[0].Reason, "syntax error at line 2") {
		t.Fatalf("refused = %v", res.Refused)
	}
}

func TestUnsafeOnlyOnRequest(t *testing.T) {
	src := "u 1;\n"
	if res := fix(t, src, only("test-unsafe"), fixer.Options{}); len(res.Files) != 0 || len(res.Remaining) != 1 {
		t.Fatalf("unsafe fix applied without Unsafe: %+v", res.Files)
	}
	if res := fix(t, src, only("test-unsafe"), fixer.Options{Unsafe: true}); text(res, src) != "v 1;\n" {
		t.Fatalf("got %q", text(res, src))
	}
}

func TestCRLFKept(t *testing.T) {
	src := "two 1;\r\ntwo 2;\r\n"
	if got := text(fix(t, src, only("test-two"), fixer.Options{}), src); got != "2 1;\r\n2 2;\r\n" {
		t.Fatalf("got %q", got)
	}
}

func TestIncludedFileFixedThroughOverlay(t *testing.T) {
	dir := t.TempDir()
	main := filepath.Join(dir, "main.conf")
	inc := filepath.Join(dir, "inc.conf")
	if os.WriteFile(main, []byte("a1 0;\ninclude inc.conf;\n"), 0o644) != nil || os.WriteFile(inc, []byte("a1 1;\n"), 0o644) != nil {
		t.Fatal("cannot write the test files")
	}
	src, _ := os.ReadFile(main)
	res := fixer.Fix(fixer.Input{Name: main, Path: main, Src: src}, analyzer.LoadOptions{}, only("test-a1", "test-a2"), fixer.Options{})
	if len(res.Files) != 2 || string(res.Files[0].New) != "a3 0;\ninclude inc.conf;\n" || string(res.Files[1].New) != "a3 1;\n" {
		t.Fatalf("files = %+v", res.Files)
	}
	if !res.Settled || res.Passes != 3 {
		t.Fatalf("settled=%v passes=%d", res.Settled, res.Passes)
	}
	for _, f := range res.Files {
		if err := fixer.Write(f); err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := os.ReadFile(inc); string(b) != "a3 1;\n" {
		t.Fatalf("inc.conf = %q", b)
	}
}

func TestWriteRefusesChangedFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.conf")
	if err := os.WriteFile(p, []byte("two 1;\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f := &fixer.File{Name: p, Path: p, Old: []byte("two 0;\n"), New: []byte("2 0;\n")}
	err := fixer.Write(f)
	if err == nil || !strings.Contains(err.Error(), "changed while") {
		t.Fatalf("err = %v", err)
	}
	f.Old = []byte("two 1;\n")
	if err := fixer.Write(f); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode())
	}
	if ents, _ := os.ReadDir(filepath.Dir(p)); len(ents) != 1 {
		t.Fatalf("left files behind: %v", ents)
	}
}

func TestApplyEditsInsertBeforeReplace(t *testing.T) {
	src := []byte("abc")
	r := func(s, e int) analyzer.Range {
		return analyzer.Range{Start: analyzer.Position{Offset: s}, End: analyzer.Position{Offset: e}}
	}
	out, errs := analyzer.ApplyEdits(src, []analyzer.TextEdit{{Range: r(1, 2), NewText: "B"}, {Range: r(1, 1), NewText: "+"}})
	if string(out) != "a+Bc" || len(errs) != 0 {
		t.Fatalf("got %q %v", out, errs)
	}
	if !analyzer.Overlaps(analyzer.TextEdit{Range: r(0, 2)}, analyzer.TextEdit{Range: r(1, 1), NewText: "x"}) {
		t.Error("insertion inside a replacement does not overlap")
	}
	if analyzer.Overlaps(analyzer.TextEdit{Range: r(0, 2)}, analyzer.TextEdit{Range: r(2, 2), NewText: "x"}) {
		t.Error("insertion at the end of a replacement overlaps")
	}
	if !analyzer.Overlaps(analyzer.TextEdit{Range: r(2, 2), NewText: "y"}, analyzer.TextEdit{Range: r(2, 2), NewText: "x"}) {
		t.Error("two different insertions at one offset do not overlap")
	}
}

// Hold leaves the findings it names alone in every pass: the second of two
// identical statements is fixed, the first is neither fixed nor refused.
func TestHoldLeavesFindingsUnfixed(t *testing.T) {
	calls := 0
	hold := func(_ *analyzer.Analysis, findings []analyzer.Finding) []bool {
		calls++
		out := make([]bool, len(findings))
		for i, f := range findings {
			out[i] = f.Range.Start.Line == 1
		}
		return out
	}
	res := fix(t, "a1;\na1;\n", only("test-a1"), fixer.Options{Hold: hold})
	if got := text(res, ""); got != "a1;\na2;\n" {
		t.Errorf("fixed text %q", got)
	}
	if len(res.Fixed) != 1 || len(res.Refused) != 0 || calls < 2 {
		t.Errorf("fixed %d, refused %d, Hold asked %d times", len(res.Fixed), len(res.Refused), calls)
	}
}
