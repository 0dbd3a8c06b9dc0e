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
// order, an insertion before a replacement that starts where it is; one
// that overlaps an earlier one is skipped and reported. Two insertions at
// the same offset are kept in the order given.
func ApplyEdits(src []byte, edits []TextEdit) ([]byte, []error) {
	es := append([]TextEdit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i].Range, es[j].Range
		if a.Start.Offset != b.Start.Offset {
			return a.Start.Offset < b.Start.Offset
		}
		return a.End.Offset < b.End.Offset
	})
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

// Overlaps reports whether two edits of the same file touch the same bytes:
// their ranges intersect, one inserts strictly inside the other's range, or
// both insert different text at the same offset (their order would be a
// guess). Identical edits do not overlap.
func Overlaps(a, b TextEdit) bool {
	if a == b {
		return false
	}
	as, ae := a.Range.Start.Offset, a.Range.End.Offset
	bs, be := b.Range.Start.Offset, b.Range.End.Offset
	if as == ae && bs == be {
		return as == bs
	}
	return as < be && bs < ae
}
