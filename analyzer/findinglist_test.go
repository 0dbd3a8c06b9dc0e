package analyzer

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// someFindings returns n findings of a few files, rules and messages in
// random order, some with notes, fixes, related places, a range that ends
// in another file, or numbers too large (or negative) to pack.
func someFindings(n int, r *rand.Rand) []Finding {
	fs := make([]Finding, n)
	for i := range fs {
		file := fmt.Sprintf("f%d.conf", r.IntN(3))
		off := r.IntN(50)
		f := Finding{
			Rule:     fmt.Sprintf("rule-%d", r.IntN(4)),
			Severity: Severity(1 + r.IntN(3)),
			Message:  fmt.Sprintf("message %d", r.IntN(3)),
			Range: Range{
				Start: Position{File: file, Offset: off, Line: 1 + off/10, Column: 1 + off%10},
				End:   Position{File: file, Offset: off + 2, Line: 1 + off/10, Column: 3 + off%10},
			},
			Directive: Span{uint32(off), uint32(off + 5)},
		}
		switch i % 7 {
		case 1:
			f.Notes = []string{"why", fmt.Sprintf("note %d", i%3)}
		case 2:
			f.Fixes = []SuggestedFix{{Message: "fix", Safe: true, Edits: []TextEdit{{Range: f.Range, NewText: "x"}}}}
		case 3:
			f.Relate(f.Range, "related %d", i)
		case 4:
			f.Range.End.File = "other.conf"
		case 5:
			f.Range.Start.Line = math.MaxUint32 + 1
			f.Range.End.Offset = -1
		}
		fs[i] = f
	}
	return fs
}

func same(t *testing.T, what string, got, want []Finding) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d findings, want %d", what, len(got), len(want))
	}
	for i := range want {
		checkSame(t, i, &got[i], &want[i])
	}
}

// TestFindingList: a list gives back what was put in it, filters, rewrites
// and sorts as the same operations on a slice do.
func TestFindingList(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	want := someFindings(3000, r)
	l := ListOf(want...)
	same(t, "ListOf", l.Slice(), want)
	for i, f := range l.All() {
		checkSame(t, i, &f, &want[i])
	}

	l.Normalize()
	same(t, "Normalize", l.Slice(), Normalize(slices.Clone(want)))

	norm := l.Slice()
	var kept []Finding
	for _, f := range norm {
		if f.Rule != "rule-1" {
			kept = append(kept, f)
		}
	}
	l.Keep(func(f *Finding) bool { return f.Rule != "rule-1" })
	same(t, "Keep", l.Slice(), kept)
	l.compact()
	same(t, "compact", l.Slice(), kept)
	if held := len(l.chunks) * findingChunkLen; held > len(kept)+findingChunkLen {
		t.Errorf("compact left room for %d findings beside %d", held, len(kept))
	}

	l.Rewrite(func(f *Finding) bool {
		f.Message += " (rewritten)"
		f.Range.Start.Line++
		return f.Severity != Info
	})
	var rewritten []Finding
	for _, f := range kept {
		f.Message += " (rewritten)"
		f.Range.Start.Line++
		if f.Severity != Info {
			rewritten = append(rewritten, f)
		}
	}
	same(t, "Rewrite", l.Slice(), rewritten)

	m := ListOf(want[:10]...)
	l.AppendList(m)
	same(t, "AppendList", l.Slice(), append(rewritten, want[:10]...))
	if m.Len() != 0 {
		t.Errorf("AppendList left %d findings in the list it emptied", m.Len())
	}
	var empty *FindingList
	if empty.Len() != 0 || empty.Slice() != nil {
		t.Errorf("a nil list is not empty")
	}
}

// TestFindingListManyRules: more rule ids than a packed finding indexes
// still read back.
func TestFindingListManyRules(t *testing.T) {
	fs := make([]Finding, ruleElsewhere+10)
	for i := range fs {
		fs[i] = Finding{Rule: fmt.Sprint("r", i), Severity: Warning, Message: "m"}
	}
	l := ListOf(fs...)
	for _, i := range []int{0, ruleElsewhere - 1, ruleElsewhere, len(fs) - 1} {
		if got := l.At(i).Rule; got != fs[i].Rule {
			t.Errorf("finding %d: rule %q, want %q", i, got, fs[i].Rule)
		}
	}
}

// TestFindingListAppendList: AppendList gives the findings of both lists,
// those of the second as its order has them (sorted, some left out),
// into a list with tables of its own or none, and past the rule ids a
// packed finding indexes; what it makes sorts and filters as any list.
func TestFindingListAppendList(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	first, second := someFindings(700, r), someFindings(900, r)
	for i := range second {
		second[i].Rule = fmt.Sprintf("other-%d", i%5) // rules the first list lacks
	}
	for _, into := range []string{"list", "empty", "zero"} {
		l := ListOf(first...)
		want := slices.Clone(first)
		switch into {
		case "empty":
			l, want = NewFindingList(0), nil
		case "zero":
			l, want = &FindingList{}, nil
		}
		m := ListOf(second...)
		m.Normalize()
		m.Keep(func(f *Finding) bool { return f.Severity != Info })
		kept := m.Slice()
		l.AppendList(m)
		want = append(want, kept...)
		same(t, into, l.Slice(), want)
		if m.Len() != 0 {
			t.Errorf("%s: AppendList left %d findings in the list it emptied", into, m.Len())
		}
		l.AppendList(NewFindingList(0))
		l.AppendList(ListOf(first[:3]...))
		want = append(want, first[:3]...)
		same(t, into+", then more", l.Slice(), want)
		l.Normalize()
		same(t, into+", normalized", l.Slice(), Normalize(slices.Clone(want)))
	}

	many := make([]Finding, ruleElsewhere+10)
	for i := range many {
		many[i] = Finding{Rule: fmt.Sprint("r", i), Severity: Warning, Message: "m"}
	}
	l := ListOf(many...)
	l.AppendList(ListOf(second[:20]...))
	same(t, "past the rule ids", l.Slice(), append(slices.Clone(many), second[:20]...))
}

// TestSortStableInPieces: sorted in pieces on several processors, a list
// is in the order of one stable sort, equal elements included, whatever
// the number of pieces (odd, even, one per processor), and Normalize gives
// what it gives on a slice.
func TestSortStableInPieces(t *testing.T) {
	piece := sortPiece
	sortPiece = 50
	t.Cleanup(func() { sortPiece = piece })
	r := rand.New(rand.NewPCG(7, 8))
	fs := someFindings(3000, r)
	for _, procs := range []int{2, 3, 5, 8, 16} {
		old := runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 99, 100, 149, 1000, 3000} {
			order := make([]uint32, n)
			for i := range order {
				order[i] = uint32(r.IntN(40))<<16 | uint32(i) // 40 keys: many equal
			}
			byKey := func(a, b uint32) int { return int(a>>16) - int(b>>16) }
			want := slices.Clone(order)
			slices.SortStableFunc(want, byKey)
			sortStable(order, byKey)
			if !slices.Equal(order, want) {
				t.Fatalf("%d processors, %d elements: not the order of a stable sort", procs, n)
			}
		}
		l := ListOf(fs...)
		l.Normalize()
		same(t, fmt.Sprintf("Normalize on %d processors", procs), l.Slice(), Normalize(slices.Clone(fs)))
		runtime.GOMAXPROCS(old)
	}
}

// TestFindingListSelect: Select keeps the spans asked for, in the order
// asked, as the same spans of a slice; the spans in order and whole leave
// the list as it is.
func TestFindingListSelect(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	fs := someFindings(1000, r)
	for _, spans := range [][][2]int{
		{{0, 1000}},
		{{0, 0}, {0, 400}, {400, 400}, {400, 1000}},
		{{600, 1000}, {0, 300}},
		{{10, 20}, {900, 901}, {300, 600}},
		{{500, 500}},
		{},
	} {
		l := ListOf(fs...)
		l.Select(spans)
		var want []Finding
		for _, s := range spans {
			want = append(want, fs[s[0]:s[1]]...)
		}
		same(t, fmt.Sprint(spans), l.Slice(), want)
		// What is left is a list like any other.
		l.Append(&fs[0])
		l.Normalize()
	}
}
