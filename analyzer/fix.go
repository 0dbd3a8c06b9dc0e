package analyzer

import (
	"fmt"
	"sort"
)

// OverlapError reports edits that touch the same bytes; the later one is
// not applied.
type OverlapError struct{ A, B TextEdit }

func (e *OverlapError) Error() string {
	return fmt.Sprintf("overlapping edits at %s and %s", e.A.Range.Start, e.B.Range.Start)
}

// ApplyEdits returns src with edits applied. Edits are applied in offset
// order; one that overlaps an earlier one is skipped and reported. Two
// insertions at the same offset are kept in the order given.
func ApplyEdits(src []byte, edits []TextEdit) ([]byte, []error) {
	es := append([]TextEdit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool { return es[i].Range.Start.Offset < es[j].Range.Start.Offset })
	var errs []error
	out := make([]byte, 0, len(src)+64)
	pos := 0
	var last *TextEdit
	for i := range es {
		e := es[i]
		s, t := e.Range.Start.Offset, e.Range.End.Offset
		if s < pos || t < s || t > len(src) {
			if last != nil && s < pos {
				errs = append(errs, &OverlapError{*last, e})
			} else {
				errs = append(errs, fmt.Errorf("edit at %s is out of range", e.Range.Start))
			}
			continue
		}
		out = append(out, src[pos:s]...)
		out = append(out, e.NewText...)
		pos = t
		last = &es[i]
	}
	out = append(out, src[pos:]...)
	return out, errs
}
