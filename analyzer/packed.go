package analyzer

import "math"

// A pass keeps the findings its rule is done with packed: a Finding takes
// 184 bytes, most of them file names, integers that fit 32 bits and
// slices nearly every finding shares; a packed one takes 56, its text in
// tables of the pass that hold each run of equal messages, notes and file
// names once. A file where every statement is a finding (16 MiB of `a;`:
// 8.4 million) is then not held at full size while the rules run, only in
// the list Check returns.

// packedPos is a Position without its file name.
type packedPos struct{ off, line, col uint32 }

// packedFinding is a Finding without its rule (Check sets it), its text an
// index into the pass's tables.
type packedFinding struct {
	start, end    packedPos
	directive     Span
	msg, notes    uint32 // into packedText.msgs, packedText.notes
	file, endFile uint32 // into packedText.files
	extra         uint32 // 1 + index into packedText.extras; 0: none
	severity      int8
}

// packedExtra holds what few findings have.
type packedExtra struct {
	fixes   []SuggestedFix
	related *[]RelatedLocation
}

// packedText holds the text of a pass's packed findings. A table entry is
// shared with the finding packed before when equal (runs of one message
// are the common case); no map is kept for them, so that text that never
// repeats costs one entry per finding and no more.
type packedText struct {
	msgs   []string
	notes  [][]string
	files  []string
	extras []packedExtra
}

// findingChunk is one chunk of a pass's findings: the findings themselves
// while the rule may still change them, packed once it is done with them.
type findingChunk struct {
	whole  []Finding
	packed []packedFinding
}

// packable reports whether every number of p fits a packedPos.
func packable(p Position) bool {
	return p.Offset >= 0 && p.Line >= 0 && p.Column >= 0 &&
		p.Offset <= math.MaxUint32 && p.Line <= math.MaxUint32 && p.Column <= math.MaxUint32
}

// pack replaces the whole findings of c by packed ones, unless one of them
// has a number too large to pack (the chunk is then kept whole).
func (t *packedText) pack(c *findingChunk) {
	for i := range c.whole {
		f := &c.whole[i]
		if !packable(f.Range.Start) || !packable(f.Range.End) || f.Severity < math.MinInt8 || f.Severity > math.MaxInt8 {
			return
		}
	}
	out := make([]packedFinding, len(c.whole))
	for i := range c.whole {
		f := &c.whole[i]
		pf := packedFinding{
			start:     packedPos{uint32(f.Range.Start.Offset), uint32(f.Range.Start.Line), uint32(f.Range.Start.Column)},
			end:       packedPos{uint32(f.Range.End.Offset), uint32(f.Range.End.Line), uint32(f.Range.End.Column)},
			directive: f.Directive,
			msg:       index(&t.msgs, f.Message, sameString),
			notes:     index(&t.notes, f.Notes, sameNotes),
			file:      index(&t.files, f.Range.Start.File, sameString),
			endFile:   index(&t.files, f.Range.End.File, sameString),
			severity:  int8(f.Severity),
		}
		if len(f.Fixes) > 0 || f.Related != nil {
			t.extras = append(t.extras, packedExtra{f.Fixes, f.Related})
			pf.extra = uint32(len(t.extras))
		}
		out[i] = pf
	}
	c.whole, c.packed = nil, out
}

// index returns the index of v in *list, appending it unless it equals the
// last entry.
func index[T any](list *[]T, v T, equal func(a, b T) bool) uint32 {
	if n := len(*list); n > 0 && equal((*list)[n-1], v) {
		return uint32(n - 1)
	}
	*list = append(*list, v)
	return uint32(len(*list) - 1)
}

func sameString(a, b string) bool { return a == b }

// sameNotes reports whether two note lists are equal; the lists a pass
// shares (see interner) compare by their first element's address.
func sameNotes(a, b []string) bool {
	if len(a) != len(b) || (a == nil) != (b == nil) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] {
		return true
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// unpack returns the Finding pf packs.
func (t *packedText) unpack(pf *packedFinding) Finding {
	f := Finding{
		Severity: Severity(pf.severity),
		Message:  t.msgs[pf.msg],
		Notes:    t.notes[pf.notes],
		Range: Range{
			Start: Position{t.files[pf.file], int(pf.start.off), int(pf.start.line), int(pf.start.col)},
			End:   Position{t.files[pf.endFile], int(pf.end.off), int(pf.end.line), int(pf.end.col)},
		},
		Directive: pf.directive,
	}
	if pf.extra > 0 {
		x := t.extras[pf.extra-1]
		f.Fixes, f.Related = x.fixes, x.related
	}
	return f
}
