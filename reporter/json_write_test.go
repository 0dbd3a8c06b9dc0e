package reporter

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// appendFindingJSON writes the bytes encoding/json writes for the same
// finding (indented as in the report, HTML escaping off): every byte and
// the runes JSON escapes in each string, invalid UTF-8, empty and nil
// lists, fixes with and without edits, related places or none.
func TestFindingJSONBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	special := []string{"", "plain", `"quoted" \back\slash`, "tab\tnl\ncr\rbs\bff\f", "\x00\x01\x1f\x7f", "<&> html", "\u2028 and \u2029", "\xff\xfe bad \xc3", "ünïcode ✓ 𝄞", "\u00a0\ufeff"}
	str := func() string {
		if rng.IntN(3) == 0 {
			return special[rng.IntN(len(special))]
		}
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		return string(b)
	}
	pos := func() analyzer.Position {
		return analyzer.Position{File: str(), Offset: rng.IntN(1 << 20), Line: rng.IntN(5000) - 1, Column: rng.IntN(300)}
	}
	rng2 := func() analyzer.Range { return analyzer.Range{Start: pos(), End: pos()} }
	var fs []analyzer.Finding
	for _, s := range special {
		fs = append(fs, analyzer.Finding{Rule: s, Message: s, Notes: []string{s}, Range: analyzer.Range{Start: analyzer.Position{File: s}}})
	}
	fs = append(fs, analyzer.Finding{}, analyzer.Finding{Notes: []string{}, Fixes: []analyzer.SuggestedFix{}, Related: &[]analyzer.RelatedLocation{}})
	for range 2000 {
		f := analyzer.Finding{Rule: str(), Severity: analyzer.Severity(rng.IntN(3)), Message: str(), Range: rng2()}
		for range rng.IntN(3) {
			f.Notes = append(f.Notes, str())
		}
		for range rng.IntN(3) {
			x := analyzer.SuggestedFix{Message: str(), Safe: rng.IntN(2) == 0}
			for range rng.IntN(3) {
				x.Edits = append(x.Edits, analyzer.TextEdit{Range: rng2(), NewText: str()})
			}
			f.Fixes = append(f.Fixes, x)
		}
		if rng.IntN(3) == 0 {
			rel := []analyzer.RelatedLocation{}
			for range rng.IntN(3) {
				rel = append(rel, analyzer.RelatedLocation{Range: rng2(), Message: str()})
			}
			f.Related = &rel
		}
		fs = append(fs, f)
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("    ", "  ")
	enc.SetEscapeHTML(false)
	for i := range fs {
		want.Reset()
		if err := enc.Encode(toJSON(fs[i])); err != nil {
			t.Fatal(err)
		}
		if got := appendFindingJSON(nil, &fs[i]); !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Fatalf("finding %d (%q):\n got %s\nwant %s", i, fs[i].Message, got, want.Bytes())
		}
	}
}
