// Package sources finds nginx configurations where they live besides plain
// files — in Kubernetes manifests and in `nginx -T` dumps — and translates
// positions in them back to the file the user gave.
//
// The analyzer always works on a plain nginx text: an extracted ConfigMap
// value or one section of a dump becomes a virtual file (a Config), served
// to the include loader by a MemFS. A Mapper translates every position in
// a virtual file back to the file it was extracted from, so findings, the
// text reporter's excerpts and fixes point into the YAML.
package sources

import (
	"sort"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// A Mapper translates byte offsets of an extracted text (the virtual file
// the analyzer sees) to offsets of the file it came from.
type Mapper struct {
	// Target is the file positions are reported in (the YAML file).
	Target *analyzer.File
	// Exact is set when every byte of the text maps to the same byte of
	// Target, with only line indentation and CR removed (literal block
	// scalars). Edits are mapped only then.
	Exact bool
	// off[i] is the Target offset of byte i of the text; off[len(text)] is
	// the offset just after the text.
	off []int
	// indent is what precedes each content line in Target (block scalars);
	// newline is the line break Target uses.
	indent, newline string
}

// Offset maps an offset of the text to an offset of Target.
func (m *Mapper) Offset(off int) int {
	if off < 0 {
		off = 0
	}
	if off >= len(m.off) {
		off = len(m.off) - 1
	}
	return m.off[off]
}

// Position maps a position of the text to one in Target.
func (m *Mapper) Position(p analyzer.Position) analyzer.Position {
	return m.Target.Pos(m.Offset(p.Offset))
}

// Range maps a range of the text to one in Target: from its first byte to
// just after its last one (indentation of a following line is not part of
// it). An empty range stays empty.
func (m *Mapper) Range(r analyzer.Range) analyzer.Range {
	s := m.Offset(r.Start.Offset)
	e := s
	if r.End.Offset > r.Start.Offset {
		e = max(s, m.Offset(r.End.Offset-1)+m.width(r.End.Offset-1))
	}
	return m.Target.Range(s, e)
}

// width is how many Target bytes byte i of the text stands for: one, or two
// for a line break written as CRLF.
func (m *Mapper) width(i int) int {
	i = max(0, min(i, len(m.off)-1))
	o := m.off[i]
	if o+1 < len(m.Target.Src) && m.Target.Src[o] == '\r' && m.Target.Src[o+1] == '\n' {
		return 2
	}
	return 1
}

// Edit maps an edit of the text to an edit of Target. Line breaks in the
// new text get the block's indentation (and CRLF when Target uses it). ok
// is false when the mapper is not exact.
func (m *Mapper) Edit(e analyzer.TextEdit) (analyzer.TextEdit, bool) {
	if !m.Exact {
		return e, false
	}
	s := m.Offset(e.Range.Start.Offset)
	end := m.Offset(e.Range.End.Offset)
	if e.Range.End.Offset == len(m.off)-1 && e.Range.End.Offset > e.Range.Start.Offset {
		// Replacing up to the end of the text: keep what follows the value.
		end = m.Offset(e.Range.End.Offset-1) + m.width(e.Range.End.Offset-1)
	}
	if end < s {
		return e, false
	}
	n := len(m.off) - 1
	atEnd := e.Range.End.Offset >= n // what follows the edit is outside the block
	text := m.reindent(e.NewText, !atEnd)
	if e.Range.Start.Offset >= n && n > 0 && text != "" && text[0] != '\n' && text[0] != '\r' {
		if c := m.Target.Src[m.off[n-1]]; c == '\n' || c == '\r' {
			text = m.indent + text // appended after the last line break
		}
	}
	return analyzer.TextEdit{Range: m.Target.Range(s, end), NewText: text}, true
}

// reindent inserts the block indentation after every line break of s that
// starts a non-empty line, and after a final one when trailing is set (the
// text after the edit is inside the block).
func (m *Mapper) reindent(s string, trailing bool) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\n' {
			b.WriteByte(s[i])
			continue
		}
		if i > 0 && s[i-1] == '\r' {
			// already CRLF in the new text
		} else if m.newline == "\r\n" {
			b.WriteByte('\r')
		}
		b.WriteByte('\n')
		if (i+1 == len(s) && trailing) || (i+1 < len(s) && s[i+1] != '\n' && s[i+1] != '\r') {
			b.WriteString(m.indent)
		}
	}
	return b.String()
}

// MapFindings translates the positions of findings in files that have a
// mapper (keyed by the virtual file's name). Fixes that cannot be mapped
// exactly are dropped; the finding stays.
func MapFindings(fs []analyzer.Finding, maps map[string]*Mapper) []analyzer.Finding {
	if len(maps) == 0 {
		return fs
	}
	for i := range fs {
		MapFinding(&fs[i], maps)
	}
	return fs
}

// MapFinding is MapFindings for one finding.
func MapFinding(f *analyzer.Finding, maps map[string]*Mapper) {
	m := maps[f.Range.Start.File]
	if m == nil {
		return
	}
	f.Range = m.Range(f.Range)
	if !f.Directive.Empty() {
		// The directive lies in the finding's file: one mapper serves both.
		d := analyzer.Range{Start: analyzer.Position{Offset: int(f.Directive.Start)}, End: analyzer.Position{Offset: int(f.Directive.End)}}
		f.Directive = analyzer.SpanOf(m.Range(d))
	}
	for j, r := range f.RelatedLocations() {
		if rm := maps[r.Range.Start.File]; rm != nil {
			(*f.Related)[j].Range = rm.Range(r.Range)
		}
	}
	var fixes []analyzer.SuggestedFix
	for _, fx := range f.Fixes {
		ok := true
		edits := make([]analyzer.TextEdit, 0, len(fx.Edits))
		for _, e := range fx.Edits {
			em := maps[e.Range.Start.File]
			if em == nil {
				ok = false
				break
			}
			me, good := em.Edit(e)
			if !good {
				ok = false
				break
			}
			edits = append(edits, me)
		}
		if ok {
			fx.Edits = edits
			fixes = append(fixes, fx)
		}
	}
	f.Fixes = fixes
}

// MapEdits maps edits of extracted texts (by virtual file name) to edits of
// the files they came from; edits of files without a mapper are returned
// unchanged. ok is false when an edit cannot be mapped exactly.
func MapEdits(edits []analyzer.TextEdit, maps map[string]*Mapper) ([]analyzer.TextEdit, bool) {
	out := make([]analyzer.TextEdit, 0, len(edits))
	for _, e := range edits {
		m := maps[e.Range.Start.File]
		if m == nil {
			out = append(out, e)
			continue
		}
		me, ok := m.Edit(e)
		if !ok {
			return nil, false
		}
		out = append(out, me)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Range.Start.Offset < out[j].Range.Start.Offset })
	return out, true
}

// MapText turns the change of an extracted text from old to text into one
// edit of Target: the bytes between their common prefix and suffix,
// replaced. ok is false when the mapper is not exact or old is not the
// text the mapper was built for.
func (m *Mapper) MapText(old, text []byte) (analyzer.TextEdit, bool) {
	if !m.Exact || len(old) != len(m.off)-1 {
		return analyzer.TextEdit{}, false
	}
	p, s := analyzer.CommonEnds(old, string(text))
	f := analyzer.NewFile("", "", old)
	e := analyzer.TextEdit{Range: f.Range(p, len(old)-s), NewText: string(text[p : len(text)-s])}
	return m.Edit(e)
}
