package analyzer

import (
	"encoding/binary"
	"errors"
	"unsafe"
)

// AppendEncoded appends the findings from to to of l (l.At(from) to
// l.At(to-1)) to b in a compact form that DecodeFindings reads back, and
// returns the extended buffer. A run over many files keeps the findings of
// each file until the report; encoded, they are bytes that can be kept
// out of the heap (lint's gathered writes them to a temporary file). Every
// field of a Finding round-trips, nil and empty lists told apart; the
// strings of one call are written once each.
func AppendEncoded(b []byte, l *FindingList, from, to int) []byte {
	e := encoder{b: b, strs: map[string]uint64{}}
	e.uint(uint64(to - from))
	for i := from; i < to; i++ {
		f := l.At(i)
		e.str(f.Rule)
		e.int(int(f.Severity))
		e.str(f.Message)
		e.list(f.Notes == nil, len(f.Notes))
		for _, n := range f.Notes {
			e.str(n)
		}
		e.rng(f.Range)
		e.list(f.Fixes == nil, len(f.Fixes))
		for _, x := range f.Fixes {
			e.str(x.Message)
			e.bool(x.Safe)
			e.list(x.Edits == nil, len(x.Edits))
			for _, t := range x.Edits {
				e.rng(t.Range)
				e.str(t.NewText)
			}
		}
		e.uint(uint64(f.Directive.Start))
		e.uint(uint64(f.Directive.End))
		e.bool(f.Related != nil)
		if f.Related != nil {
			e.list(*f.Related == nil, len(*f.Related))
			for _, r := range *f.Related {
				e.rng(r.Range)
				e.str(r.Message)
			}
		}
	}
	return e.b
}

// DecodeFindings appends to l the findings AppendEncoded wrote at the
// start of b, and returns the bytes that follow them.
func DecodeFindings(l *FindingList, b []byte) ([]byte, error) {
	return new(FindingDecoder).Decode(l, b)
}

// A FindingDecoder reads back what AppendEncoded wrote, one call's output
// at a time, and gives equal text (messages, notes, fixes) read by
// different calls one string: the findings of a run over many files repeat
// their messages file after file, and each call's output holds its strings
// once. File names are not shared this way: each is in the findings of
// one file. Its zero value is ready to use.
type FindingDecoder struct {
	text  map[string]string
	notes map[string][]string
	key   []byte
}

// Decode is DecodeFindings, the text shared with the findings d read
// before.
func (fd *FindingDecoder) Decode(l *FindingList, b []byte) ([]byte, error) {
	if fd.text == nil {
		fd.text, fd.notes = map[string]string{}, map[string][]string{}
	}
	d := decoder{b: b, shared: fd.text}
	n := d.count()
	for range n {
		var f Finding
		f.Rule = d.str()
		f.Severity = Severity(d.int())
		f.Message = d.str()
		if k, ok := d.list(); ok {
			f.Notes = make([]string, k)
			for i := range f.Notes {
				f.Notes[i] = d.str()
			}
			f.Notes = fd.sharedNotes(f.Notes)
		}
		f.Range = d.rng()
		if k, ok := d.list(); ok {
			f.Fixes = make([]SuggestedFix, k)
			for i := range f.Fixes {
				x := &f.Fixes[i]
				x.Message = d.str()
				x.Safe = d.bool()
				if k, ok := d.list(); ok {
					x.Edits = make([]TextEdit, k)
					for j := range x.Edits {
						x.Edits[j].Range = d.rng()
						x.Edits[j].NewText = d.str()
					}
				}
			}
		}
		f.Directive = Span{uint32(d.uint()), uint32(d.uint())}
		if d.bool() {
			var rel []RelatedLocation
			if k, ok := d.list(); ok {
				rel = make([]RelatedLocation, k)
				for i := range rel {
					rel[i].Range = d.rng()
					rel[i].Message = d.str()
				}
			}
			f.Related = &rel
		}
		if d.err != nil {
			return nil, d.err
		}
		l.Append(&f)
	}
	return d.b, d.err
}

// sharedNotes returns the list of notes equal to notes read before, or
// notes, remembered. Its strings are shared already, so a list is known by
// their addresses and lengths.
func (fd *FindingDecoder) sharedNotes(notes []string) []string {
	fd.key = fd.key[:0]
	for _, s := range notes {
		fd.key = binary.AppendUvarint(fd.key, uint64(uintptr(unsafe.Pointer(unsafe.StringData(s)))))
		fd.key = binary.AppendUvarint(fd.key, uint64(len(s)))
	}
	if same, ok := fd.notes[string(fd.key)]; ok {
		return same
	}
	fd.notes[string(fd.key)] = notes
	return notes
}

type encoder struct {
	b    []byte
	strs map[string]uint64 // string → 1 + its number among those written
}

func (e *encoder) uint(u uint64) { e.b = binary.AppendUvarint(e.b, u) }
func (e *encoder) int(i int)     { e.b = binary.AppendVarint(e.b, int64(i)) }

func (e *encoder) bool(v bool) {
	if v {
		e.uint(1)
	} else {
		e.uint(0)
	}
}

// list writes a list's length: 0 for nil, else 1 + n.
func (e *encoder) list(isNil bool, n int) {
	if isNil {
		e.uint(0)
	} else {
		e.uint(1 + uint64(n))
	}
}

// str writes a string seen before as its number, else 0, its length and
// its bytes.
func (e *encoder) str(s string) {
	if i, ok := e.strs[s]; ok {
		e.uint(i)
		return
	}
	e.strs[s] = 1 + uint64(len(e.strs))
	e.uint(0)
	e.uint(uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *encoder) pos(p Position) {
	e.str(p.File)
	e.int(p.Offset)
	e.int(p.Line)
	e.int(p.Column)
}

func (e *encoder) rng(r Range) {
	e.pos(r.Start)
	e.pos(r.End)
}

var errEncoded = errors.New("encoded findings are cut short or corrupt")

type decoder struct {
	b    []byte
	strs []string
	err  error
	// shared gives equal text one string across decoders (see
	// FindingDecoder); nil: none.
	shared map[string]string
}

func (d *decoder) uint() uint64 { return varint(d, binary.Uvarint) }
func (d *decoder) int() int     { return int(varint(d, binary.Varint)) }

// varint reads a number with read (binary.Uvarint or binary.Varint).
func varint[T uint64 | int64](d *decoder, read func([]byte) (T, int)) T {
	v, n := read(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errEncoded
	}
	d.b = nil
}

func (d *decoder) bool() bool { return d.uint() != 0 }

// count reads a number of elements that each take at least a byte.
func (d *decoder) count() int {
	n := d.uint()
	if n > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(n)
}

// list reads what encoder.list wrote: the length and whether the list is
// there at all.
func (d *decoder) list() (int, bool) {
	n := d.uint()
	if n == 0 {
		return 0, false
	}
	if n-1 > uint64(len(d.b)) {
		d.fail()
		return 0, false
	}
	return int(n - 1), true
}

// str reads a string, shared with equal ones read before (d.shared).
func (d *decoder) str() string { return d.string(true) }

// string reads a string; share says whether to look it up in d.shared.
func (d *decoder) string(share bool) string {
	i := d.uint()
	if i > 0 {
		if i > uint64(len(d.strs)) {
			d.fail()
			return ""
		}
		return d.strs[i-1]
	}
	n := d.uint()
	if n > uint64(len(d.b)) {
		d.fail()
		return ""
	}
	s, ok := "", false
	if share && d.shared != nil {
		s, ok = d.shared[string(d.b[:n])]
	}
	if !ok {
		s = string(d.b[:n])
		if share && d.shared != nil {
			d.shared[s] = s
		}
	}
	d.b = d.b[n:]
	d.strs = append(d.strs, s)
	return s
}

func (d *decoder) pos() Position {
	return Position{File: d.string(false), Offset: d.int(), Line: d.int(), Column: d.int()}
}

func (d *decoder) rng() Range { return Range{Start: d.pos(), End: d.pos()} }
