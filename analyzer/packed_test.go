package analyzer

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"unsafe"
)

// TestPackedRoundTrip: a pass's findings read back as they were reported,
// whether packed or not: severities, notes, fixes, related places,
// findings in other files and ranges that end in another file or on
// another line.
func TestPackedRoundTrip(t *testing.T) {
	a := Parse("x.conf", "", []byte(strings.Repeat("a;\n", 3000)), LoadOptions{})
	p := &Pass{Analysis: a}
	var want []Finding
	for i, d := range a.Root.Children() {
		r := d.NameRange()
		if i%7 == 3 {
			r.Start.File, r.End.File = "other.conf", "other.conf"
		}
		if i%11 == 5 {
			r.End.File = "third.conf"
		}
		switch i % 13 {
		case 6: // ends on the next line: kept apart from the record
			r.End = a.Root.File.Pos(r.End.Offset + 3)
		case 9: // a mapped range (YAML): the numbers need not agree
			r.End.Line += 2
		}
		f := p.Reportf(d, r, "finding %d", i/10)
		switch i % 5 {
		case 0:
			f.Note("shared note")
		case 1:
			f.Note("note %d", i).Note("shared note")
		case 2:
			f.Severity = Info
			f.Fixes = []SuggestedFix{{Message: "fix", Safe: true, Edits: []TextEdit{{Range: d.NameRange(), NewText: "b"}}}}
		case 3:
			f.Relate(d.NameRange(), "related %d", i)
		}
		want = append(want, *f)
	}
	if p.findings[0].packed == nil || p.findings[len(p.findings)-1].packed != nil {
		t.Fatalf("the chunks the rule is done with should be packed, and the last one not")
	}
	n := 0
	for i := range p.findings {
		c := &p.findings[i]
		for j := range c.whole {
			checkSame(t, n, &c.whole[j], &want[n])
			n++
		}
		for j := range c.packed {
			f := p.text.unpack(&c.packed[j])
			checkSame(t, n, &f, &want[n])
			n++
		}
	}
	if n != len(want) {
		t.Fatalf("%d findings kept, want %d", n, len(want))
	}
}

func checkSame(t *testing.T, i int, got, want *Finding) {
	t.Helper()
	if g, w := fmt.Sprintf("%+v %v", *got, got.RelatedLocations()), fmt.Sprintf("%+v %v", *want, want.RelatedLocations()); g != w {
		t.Errorf("finding %d:\n got %s\nwant %s", i, g, w)
	}
	if (got.Notes == nil) != (want.Notes == nil) {
		t.Errorf("finding %d: notes %#v, want %#v", i, got.Notes, want.Notes)
	}
}

// TestPackedSize holds a packed finding to its size, and a pass's findings
// of one message to about that while its rule runs (docs/limits.md).
func TestPackedSize(t *testing.T) {
	if s := unsafe.Sizeof(packedFinding{}); s > 32 {
		t.Errorf("a packed finding takes %d bytes, want at most 32", s)
	}
	const n = 1 << 17
	a := Parse("x.conf", "", []byte(strings.Repeat("a;", n)), LoadOptions{})
	ds := a.Root.Children()
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	before := m.HeapAlloc
	p := &Pass{Analysis: a}
	for _, d := range ds {
		p.Reportf(d, d.NameRange(), "unknown directive %q", d.Name()).Note("no nginx module defines it")
	}
	runtime.GC()
	runtime.ReadMemStats(&m)
	per := float64(m.HeapAlloc-before) / n
	runtime.KeepAlive(p)
	t.Logf("%.0f bytes per finding held by the pass", per)
	if per > 40 {
		t.Errorf("the pass holds %.0f bytes per finding, want at most 40", per)
	}
}

// TestCollectFor: a check of many findings collects at once only while
// they weigh at least half the live heap, so that many files of many
// findings each, checked beside a large heap, do not each pay a
// collection of it.
func TestCollectFor(t *testing.T) {
	runtime.GC()
	if CollectFor(ManyFindings-1, false) {
		t.Errorf("collected for fewer than ManyFindings findings")
	}
	if !CollectFor(ManyFindings, false) {
		t.Errorf("did not collect for ManyFindings findings beside a small heap")
	}
	held := make([][]byte, 64) // 64 MiB alive: more than twice the findings
	for i := range held {
		held[i] = make([]byte, 1<<20)
	}
	runtime.GC()
	if CollectFor(ManyFindings, false) {
		t.Errorf("collected for %d findings beside a 64 MiB heap", ManyFindings)
	}
	runtime.KeepAlive(held)
}
