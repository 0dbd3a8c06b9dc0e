package analyzer

import (
	"math"
	"slices"
)

// Findings are kept packed while the rules run (a pass packs those its
// rule is done with) and in the list CheckList returns (FindingList): a
// Finding takes 184 bytes, most of them file names, integers that fit 32
// bits and slices nearly every finding shares; a packed one takes 32. What
// a finding says (its message, notes, files, rule and severity) is a head
// shared with the finding packed before when equal, and where it ends is
// the offset alone when it ends on the line it starts on. A file where
// every statement is a finding (16 MiB of `a;`: 8.4 million) is then never
// held at full size.

// packedPos is a Position without its file name.
type packedPos struct{ off, line, col uint32 }

// packedFinding is a Finding, its text a head in the tables of its pass or
// list.
type packedFinding struct {
	start     packedPos
	endOff    uint32 // the end's offset; its line is start's (see packedText.end)
	directive Span
	head      uint32 // into packedText.heads
	extra     uint32 // 1 + index into packedText.extras; 0: none
}

// packedHead is what runs of findings share: their text, files, rule and
// severity.
type packedHead struct {
	msg, notes    uint32 // into packedText.msgs, packedText.notes
	file, endFile uint32 // into packedText.files
	rule          uint16 // into packedText.rules
	severity      int8
}

// packedExtra holds what few findings have: fixes, related places, and a
// range that ends on another line than it starts on, or whose numbers do
// not fit a packedPos.
type packedExtra struct {
	fixes   []SuggestedFix
	related *[]RelatedLocation
	rng     *Range
	rule    string // when packedFinding.rule is ruleElsewhere
}

// packedText holds the text of a pass's packed findings. A table entry is
// shared with the finding packed before when equal (runs of one message
// are the common case); no map is kept for them, so that text that never
// repeats costs one entry per finding and no more.
type packedText struct {
	heads  []packedHead
	msgs   []string
	notes  [][]string
	files  []string
	extras []packedExtra
	// rules are the rule ids, each once (a pass's findings have none:
	// Check sets it).
	rules  []string
	ruleAt map[string]uint16
	// retagged remembers the last head retag made (see retag).
	retagged struct{ from, to uint32 }
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

// pack replaces the whole findings of c by packed ones.
func (t *packedText) pack(c *findingChunk) {
	out := make([]packedFinding, len(c.whole))
	for i := range c.whole {
		out[i] = t.packOne(&c.whole[i])
	}
	c.whole, c.packed = nil, out
}

// packOne returns f packed, its text added to t's tables.
func (t *packedText) packOne(f *Finding) packedFinding {
	h := packedHead{
		msg: index(&t.msgs, f.Message, sameString),
		// Clipped: a finding read back and given a note must not write
		// into a list another finding shares.
		notes:    index(&t.notes, slices.Clip(f.Notes), sameNotes),
		file:     index(&t.files, f.Range.Start.File, sameString),
		endFile:  index(&t.files, f.Range.End.File, sameString),
		rule:     t.rule(f.Rule),
		severity: int8(f.Severity),
	}
	pf := packedFinding{directive: f.Directive, head: t.head(h)}
	x := packedExtra{fixes: f.Fixes, related: f.Related}
	s, e := f.Range.Start, f.Range.End
	if packable(s) && packable(e) && e.Line == s.Line && e.Column-s.Column == e.Offset-s.Offset {
		pf.start = packedPos{uint32(s.Offset), uint32(s.Line), uint32(s.Column)}
		pf.endOff = uint32(e.Offset)
	} else {
		x.rng = &Range{Start: s, End: e}
	}
	if h.rule == ruleElsewhere {
		x.rule = f.Rule
	}
	if len(x.fixes) > 0 || x.related != nil || x.rng != nil || h.rule == ruleElsewhere {
		t.extras = append(t.extras, x)
		pf.extra = uint32(len(t.extras))
	}
	return pf
}

// head returns the index of h in t.heads, appending it unless it equals
// the last one.
func (t *packedText) head(h packedHead) uint32 {
	return index(&t.heads, h, func(a, b packedHead) bool { return a == b })
}

// retag returns the head of pf with its rule and severity set: a pass's
// findings are packed before their rule id and final severity are known.
// Runs of findings share the new head as they shared the old one.
func (t *packedText) retag(pf *packedFinding, rule uint16, sev Severity) {
	h := t.heads[pf.head]
	if h.rule == rule && h.severity == int8(sev) {
		return
	}
	if r := t.retagged; len(t.heads) > 0 && r.from == pf.head && t.heads[r.to].rule == rule && t.heads[r.to].severity == int8(sev) {
		pf.head = r.to
		return
	}
	from := pf.head
	h.rule, h.severity = rule, int8(sev)
	pf.head = t.head(h)
	t.retagged.from, t.retagged.to = from, pf.head
}

// ruleElsewhere marks a packed finding whose rule id is in its extra:
// registered rules are a few dozen, but a list may be given any ids.
const ruleElsewhere = math.MaxUint16

// rule returns the index of the rule id in t.rules.
func (t *packedText) rule(id string) uint16 {
	if n := len(t.rules); n > 0 && t.rules[n-1] == id {
		return uint16(n - 1)
	}
	if t.ruleAt == nil {
		// Made on first use, and again after compact let it go.
		t.ruleAt = make(map[string]uint16, len(t.rules))
		for i, r := range t.rules {
			t.ruleAt[r] = uint16(i)
		}
	}
	if i, ok := t.ruleAt[id]; ok {
		return i
	}
	if len(t.rules) >= ruleElsewhere {
		return ruleElsewhere // the id goes in the finding's extra
	}
	t.ruleAt[id] = uint16(len(t.rules))
	t.rules = append(t.rules, id)
	return uint16(len(t.rules) - 1)
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
	h := &t.heads[pf.head]
	f := Finding{
		Severity: Severity(h.severity),
		Message:  t.msgs[h.msg],
		Notes:    t.notes[h.notes],
		Range: Range{
			Start: Position{t.files[h.file], int(pf.start.off), int(pf.start.line), int(pf.start.col)},
			End:   Position{t.files[h.endFile], int(pf.endOff), int(pf.start.line), int(pf.start.col) + int(pf.endOff) - int(pf.start.off)},
		},
		Directive: pf.directive,
	}
	if h.rule != ruleElsewhere {
		f.Rule = t.rules[h.rule]
	}
	if pf.extra > 0 {
		x := &t.extras[pf.extra-1]
		f.Fixes, f.Related = x.fixes, x.related
		if h.rule == ruleElsewhere {
			f.Rule = x.rule
		}
		if x.rng != nil {
			f.Range = *x.rng
		}
	}
	return f
}

// startOf returns the file and offset a packed finding starts at.
func (t *packedText) startOf(pf *packedFinding) (string, int) {
	if pf.extra > 0 {
		if r := t.extras[pf.extra-1].rng; r != nil {
			return r.Start.File, r.Start.Offset
		}
	}
	return t.files[t.heads[pf.head].file], int(pf.start.off)
}
