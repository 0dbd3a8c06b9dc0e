package analyzer

import (
	"iter"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// FindingList is a list of findings held packed (see packedFinding): 60
// bytes each (the record and its place in the order) and their text shared
// with the findings next to them, where a []Finding takes 184. It is what
// CheckList returns and what a report holds, so that a run of millions of
// findings does not hold them at full size; CheckList takes the records
// the rules' passes packed as they are, without copying them. At reads a
// finding back; a change to it is made with Rewrite. The zero FindingList,
// and a nil one, is empty.
type FindingList struct {
	// chunks hold the records, at most findingChunkLen each; order
	// locates the findings of the list in its order (see locate), so
	// that sorting and filtering move 4 bytes a finding, not 56.
	chunks [][]packedFinding
	order  []uint32
	text   *packedText
}

// chunkShift is how many bits of a locator give the place in a chunk.
const chunkShift = 8

// A chunk of a pass fits the place part of a locator.
var _ [1<<chunkShift - findingChunkLen]struct{}

// locate returns the record a locator points at.
func (l *FindingList) locate(o uint32) *packedFinding {
	return &l.chunks[o>>chunkShift][o&(1<<chunkShift-1)]
}

// NewFindingList returns an empty list with room for n findings.
func NewFindingList(n int) *FindingList {
	return &FindingList{order: make([]uint32, 0, n), text: &packedText{}}
}

// ListOf returns a list of the findings fs.
func ListOf(fs ...Finding) *FindingList {
	l := NewFindingList(len(fs))
	for i := range fs {
		l.Append(&fs[i])
	}
	return l
}

// Len is the number of findings.
func (l *FindingList) Len() int {
	if l == nil {
		return 0
	}
	return len(l.order)
}

// At returns finding i. Its notes, fixes and related places are shared
// with the list: add to them with Note, Relate or append, as elsewhere.
func (l *FindingList) At(i int) Finding { return l.text.unpack(l.locate(l.order[i])) }

// Append adds a copy of f.
func (l *FindingList) Append(f *Finding) {
	if l.text == nil {
		l.text = &packedText{}
	}
	last := len(l.chunks) - 1
	if last < 0 || len(l.chunks[last]) == cap(l.chunks[last]) {
		l.chunks = append(l.chunks, make([]packedFinding, 0, min(findingChunkLen, 8<<min(len(l.chunks), 5))))
		last++
	}
	l.chunks[last] = append(l.chunks[last], l.text.packOne(f))
	l.order = append(l.order, uint32(last<<chunkShift|(len(l.chunks[last])-1)))
}

// adopt adds the records of a chunk packed into l's text, those keep
// allows, without copying them.
func (l *FindingList) adopt(recs []packedFinding, keep func(pf *packedFinding) bool) {
	c := uint32(len(l.chunks)) << chunkShift
	l.chunks = append(l.chunks, recs)
	for i := range recs {
		if keep(&recs[i]) {
			l.order = append(l.order, c|uint32(i))
		}
	}
}

// AppendList adds the findings of m and empties m. Their records are
// copied as they are, only their places in the tables changed: m's tables
// are added to l's (m's rule ids looked up in l's). Where a rule id would
// not fit l's table (see ruleElsewhere), or the lists share their tables,
// each finding is added in turn.
func (l *FindingList) AppendList(m *FindingList) {
	if m.Len() == 0 {
		return
	}
	if l.text == nil {
		l.text = &packedText{}
	}
	t, mt := l.text, m.text
	rules := make([]uint16, len(mt.rules))
	for i, id := range mt.rules {
		if t == mt {
			break
		}
		if rules[i] = t.rule(id); rules[i] == ruleElsewhere {
			t = mt
		}
	}
	if t == mt {
		l.order = slices.Grow(l.order, m.Len())
		for _, f := range m.All() {
			l.Append(&f)
		}
		*m = FindingList{}
		return
	}
	heads, extras := uint32(len(t.heads)), uint32(len(t.extras))
	msgs, notes, files := uint32(len(t.msgs)), uint32(len(t.notes)), uint32(len(t.files))
	t.msgs, t.notes, t.files = append(t.msgs, mt.msgs...), append(t.notes, mt.notes...), append(t.files, mt.files...)
	t.extras = append(t.extras, mt.extras...)
	t.heads = slices.Grow(t.heads, len(mt.heads))
	for _, h := range mt.heads {
		h.msg, h.notes, h.file, h.endFile = h.msg+msgs, h.notes+notes, h.file+files, h.endFile+files
		if h.rule != ruleElsewhere {
			h.rule = rules[h.rule]
		}
		t.heads = append(t.heads, h)
	}
	l.order = slices.Grow(l.order, m.Len())
	for _, o := range m.order {
		pf := *m.locate(o)
		pf.head += heads
		if pf.extra > 0 {
			pf.extra += extras
		}
		last := len(l.chunks) - 1
		if last < 0 || len(l.chunks[last]) == cap(l.chunks[last]) {
			l.chunks = append(l.chunks, make([]packedFinding, 0, min(findingChunkLen, max(8, len(m.order)))))
			last++
		}
		l.chunks[last] = append(l.chunks[last], pf)
		l.order = append(l.order, uint32(last<<chunkShift|(len(l.chunks[last])-1)))
	}
	*m = FindingList{}
}

// Select keeps the findings at places [from, to) of the list, for each
// span in turn, and gives back what the others held. Spans may come in any
// order but must not overlap.
func (l *FindingList) Select(spans [][2]int) {
	n, next, inOrder := 0, 0, true
	for _, s := range spans {
		n += s[1] - s[0]
		inOrder = inOrder && (s[0] == next || s[0] == s[1])
		if s[0] != s[1] {
			next = s[1]
		}
	}
	if inOrder && n == l.Len() {
		return
	}
	order := make([]uint32, 0, n)
	for _, s := range spans {
		order = append(order, l.order[s[0]:s[1]]...)
	}
	l.order = order
	l.compact()
}

// All yields the findings in order.
func (l *FindingList) All() iter.Seq2[int, Finding] {
	return func(yield func(int, Finding) bool) {
		for i := range l.Len() {
			if !yield(i, l.At(i)) {
				return
			}
		}
	}
}

// Slice returns the findings as a slice.
func (l *FindingList) Slice() []Finding {
	if l.Len() == 0 {
		return nil
	}
	out := make([]Finding, l.Len())
	for i := range out {
		out[i] = l.At(i)
	}
	return out
}

// Keep keeps the findings for which keep returns true, in order; keep
// only reads the finding it is given.
func (l *FindingList) Keep(keep func(f *Finding) bool) {
	if l == nil {
		return
	}
	out := l.order[:0]
	var f Finding // one for the loop: keep may let its pointer escape
	for _, o := range l.order {
		if f = l.text.unpack(l.locate(o)); keep(&f) {
			out = append(out, o)
		}
	}
	l.order = out
}

// Rewrite gives each finding to fn, which may change it, and keeps those
// for which it returns true.
func (l *FindingList) Rewrite(fn func(f *Finding) bool) {
	if l == nil {
		return
	}
	out := l.order[:0]
	var f Finding
	for _, o := range l.order {
		pf := l.locate(o)
		if f = l.text.unpack(pf); fn(&f) {
			*pf = l.text.packOne(&f)
			out = append(out, o)
		}
	}
	l.order = out
}

// Normalize sorts the findings as Normalize does and drops exact
// duplicates.
func (l *FindingList) Normalize() {
	if l.Len() < 2 {
		return
	}
	t := l.text
	sortStable(l.order, func(a, b uint32) int {
		x, y := l.locate(a), l.locate(b)
		xf, xo := t.startOf(x)
		yf, yo := t.startOf(y)
		if c := strings.Compare(xf, yf); c != 0 {
			return c
		}
		if xo != yo {
			if xo < yo {
				return -1
			}
			return 1
		}
		if c := strings.Compare(t.ruleOf(x), t.ruleOf(y)); c != 0 {
			return c
		}
		return strings.Compare(t.msgs[t.heads[x.head].msg], t.msgs[t.heads[y.head].msg])
	})
	out := l.order[:1]
	prev := l.At(0)
	for i := 1; i < len(l.order); i++ {
		f := l.At(i)
		if !duplicate(&prev, &f) {
			out = append(out, l.order[i])
		}
		prev = f
	}
	l.order = out
}

// sortPiece is the fewest findings Normalize sorts on a processor of its
// own.
var sortPiece = 1 << 14

// sortStable is slices.SortStableFunc(order, cmp), and gives its result;
// a long order is sorted in pieces on the processors Go uses (the report
// of a run over many files waits for it), then merged, pairs of pieces at
// once.
func sortStable(order []uint32, cmp func(a, b uint32) int) {
	p := min(runtime.GOMAXPROCS(0), len(order)/sortPiece)
	if p < 2 {
		slices.SortStableFunc(order, cmp)
		return
	}
	bounds := make([]int, p+1)
	for i := range bounds {
		bounds[i] = len(order) * i / p
	}
	var wg sync.WaitGroup
	for i := range p {
		wg.Go(func() { slices.SortStableFunc(order[bounds[i]:bounds[i+1]], cmp) })
	}
	wg.Wait()
	src, dst := order, make([]uint32, len(order))
	for width := 1; width < p; width *= 2 {
		for i := 0; i < p; i += 2 * width {
			lo, mid, hi := bounds[i], bounds[min(i+width, p)], bounds[min(i+2*width, p)]
			wg.Go(func() { mergeStable(dst[lo:hi], src[lo:mid], src[mid:hi], cmp) })
		}
		wg.Wait()
		src, dst = dst, src
	}
	copy(order, src) // (onto itself after an even number of rounds)
}

// mergeStable merges the sorted a and b into dst, a's first where equal.
func mergeStable(dst, a, b []uint32, cmp func(a, b uint32) int) {
	k := 0
	for len(a) > 0 && len(b) > 0 {
		if cmp(b[0], a[0]) < 0 {
			dst[k], b = b[0], b[1:]
		} else {
			dst[k], a = a[0], a[1:]
		}
		k++
	}
	k += copy(dst[k:], a)
	copy(dst[k:], b)
}

// compact gives back what the list holds beyond its findings: the records
// left out by Keep and the room of chunks not full (a check of a small
// file adopts a chunk of 8 from each rule with one finding), and the
// tables' room to grow. A run over many small files holds a list per
// file until the report.
func (l *FindingList) compact() {
	if l == nil {
		return
	}
	held := 0
	for _, c := range l.chunks {
		held += cap(c)
	}
	if n := len(l.order); held > n+n/4+8 {
		chunks := make([][]packedFinding, 0, (n+findingChunkLen-1)/findingChunkLen)
		order := make([]uint32, n)
		for i, o := range l.order {
			if i%findingChunkLen == 0 {
				chunks = append(chunks, make([]packedFinding, 0, min(findingChunkLen, n-i)))
			}
			last := len(chunks) - 1
			chunks[last] = append(chunks[last], *l.locate(o))
			order[i] = uint32(last<<chunkShift | (len(chunks[last]) - 1))
		}
		l.chunks, l.order = chunks, order
	}
	t := l.text
	t.heads, t.msgs, t.notes, t.files = shrink(t.heads), shrink(t.msgs), shrink(t.notes), shrink(t.files)
	t.extras, t.rules, t.ruleAt = shrink(t.extras), shrink(t.rules), nil
}

// shrink returns s without room to grow when that room is large.
func shrink[T any](s []T) []T {
	if cap(s) > len(s)+len(s)/4+4 {
		return slices.Clone(s)
	}
	return s
}

// ruleOf returns the rule id of a packed finding.
func (t *packedText) ruleOf(pf *packedFinding) string {
	if r := t.heads[pf.head].rule; r != ruleElsewhere {
		return t.rules[r]
	}
	return t.extras[pf.extra-1].rule
}
