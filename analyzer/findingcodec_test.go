package analyzer

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"unsafe"
)

// Every field of a finding comes back as it was, nil and empty lists told
// apart, through a list that packs its text (runs of one message, one
// file) and through one that does not.
func TestFindingCodecRoundTrip(t *testing.T) {
	pos := func(file string, off, line, col int) Position { return Position{file, off, line, col} }
	r := Range{pos("a.conf", 10, 2, 3), pos("a.conf", 15, 2, 8)}
	multi := Range{pos("a.conf", 10, 2, 3), pos("b.conf", 99, 7, 1)}
	huge := Range{pos("a.conf", math.MaxInt32+7, -1, 0), pos("a.conf", -5, math.MaxInt64, math.MinInt64)}
	related := []RelatedLocation{{r, "first set here"}, {multi, "ünïcode ✓"}}
	var emptyRelated []RelatedLocation
	fs := []Finding{
		{Rule: "localhost-upstream", Severity: Warning, Message: "m", Notes: []string{"n1", "n2"}, Range: r, Directive: Span{10, 30}},
		{Rule: "localhost-upstream", Severity: Warning, Message: "m", Notes: []string{"n1", "n2"}, Range: r},
		{Rule: "x", Severity: Error, Message: "", Notes: []string{}, Range: multi, Fixes: []SuggestedFix{}},
		{Rule: "y", Severity: Info, Message: "with fixes", Range: huge, Fixes: []SuggestedFix{
			{Message: "add ;", Safe: true, Edits: []TextEdit{{r, ";"}, {multi, ""}}},
			{Message: "unsafe", Edits: []TextEdit{}},
			{Message: "no edits"},
		}, Related: &related},
		{Rule: "z", Message: "related, empty", Related: &emptyRelated},
		{Rule: "z", Message: "related, nil list", Related: new([]RelatedLocation)},
		{},
	}
	for _, in := range []*FindingList{ListOf(fs...), ListOf(fs[3]), NewFindingList(0)} {
		b := AppendEncoded([]byte("prefix"), in, 0, in.Len())
		out := NewFindingList(0)
		rest, err := DecodeFindings(out, append(b[len("prefix"):], "tail"...))
		if err != nil || string(rest) != "tail" {
			t.Fatalf("decode: %v, rest %q", err, rest)
		}
		if got, want := out.Slice(), in.Slice(); !reflect.DeepEqual(got, want) {
			t.Errorf("round trip:\n got %#v\nwant %#v", got, want)
		}
	}
}

// Encoded findings cut short or corrupted give an error, never a panic or
// a finding made up.
func TestFindingCodecCorrupt(t *testing.T) {
	r := Range{Position{"a.conf", 1, 1, 2}, Position{"a.conf", 3, 1, 4}}
	l := ListOf(
		Finding{Rule: "r", Message: "m", Notes: []string{"n"}, Range: r, Fixes: []SuggestedFix{{Message: "f", Edits: []TextEdit{{r, "x"}}}}},
		Finding{Rule: "r", Message: "m2", Range: r, Related: &[]RelatedLocation{{r, "here"}}},
	)
	b := AppendEncoded(nil, l, 0, l.Len())
	for n := range len(b) {
		if _, err := DecodeFindings(NewFindingList(0), b[:n]); err == nil {
			t.Errorf("%d of %d bytes decoded without an error", n, len(b))
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		c := append([]byte(nil), b...)
		c[rng.IntN(len(c))] = byte(rng.UintN(256))
		_, _ = DecodeFindings(NewFindingList(0), c) // must not panic
	}
}

// A part of a list encodes alone, and a field added to a finding (or to
// what it holds) must be added to the codec: the counts below say which
// fields it writes.
func TestFindingCodecPartAndFields(t *testing.T) {
	l := NewFindingList(0)
	for i := range 10 {
		l.Append(&Finding{Rule: "r", Message: string(rune('a' + i))})
	}
	out := NewFindingList(0)
	if _, err := DecodeFindings(out, AppendEncoded(nil, l, 3, 7)); err != nil {
		t.Fatal(err)
	}
	if got, want := out.Slice(), l.Slice()[3:7]; !reflect.DeepEqual(got, want) {
		t.Errorf("findings 3 to 7: got %v, want %v", got, want)
	}
	for _, c := range []struct {
		v any
		n int
	}{{Finding{}, 8}, {Range{}, 2}, {Position{}, 4}, {SuggestedFix{}, 3}, {TextEdit{}, 2}, {RelatedLocation{}, 2}, {Span{}, 2}} {
		if got := reflect.TypeOf(c.v).NumField(); got != c.n {
			t.Errorf("%T has %d fields, the codec writes %d: update AppendEncoded and DecodeFindings", c.v, got, c.n)
		}
	}
}

// One decoder gives the text that the findings of different encodings
// repeat one string, and equal lists of notes one list; the findings read
// back are the findings written.
func TestFindingDecoderShares(t *testing.T) {
	r := func(file string) Range { return Range{Position{file, 1, 1, 2}, Position{file, 3, 1, 4}} }
	enc := func(file string) []byte {
		l := ListOf(
			Finding{Rule: "r", Message: "unknown directive \"x\"", Notes: []string{"why", "fix"}, Range: r(file)},
			Finding{Rule: "r", Message: "another", Notes: []string{"why"}, Range: r(file)},
		)
		return AppendEncoded(nil, l, 0, l.Len())
	}
	var d FindingDecoder
	out := NewFindingList(0)
	for _, file := range []string{"a.conf", "b.conf"} {
		if _, err := d.Decode(out, enc(file)); err != nil {
			t.Fatal(err)
		}
	}
	fs := out.Slice()
	if len(fs) != 4 || fs[0].Range.Start.File != "a.conf" || fs[2].Range.Start.File != "b.conf" || fs[3].Notes[0] != "why" {
		t.Fatalf("read back %v", fs)
	}
	if unsafe.StringData(fs[0].Message) != unsafe.StringData(fs[2].Message) {
		t.Error("a message read from two encodings is held twice")
	}
	if &fs[0].Notes[0] != &fs[2].Notes[0] || &fs[1].Notes[0] != &fs[3].Notes[0] {
		t.Error("equal notes read from two encodings are two lists")
	}
	if &fs[0].Notes[0] == &fs[1].Notes[0] {
		t.Error("different notes share a list")
	}
}
