package lsp

import (
	"bytes"
	"sort"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// LSP positions count lines from 0 and characters in UTF-16 code units;
// findings count bytes. These convert between the two over a buffer.

// lspPosition is the LSP position of byte offset off in text.
func lspPosition(text []byte, off int) protocol.Position {
	off = min(max(off, 0), len(text))
	line := bytes.Count(text[:off], []byte{'\n'})
	start := bytes.LastIndexByte(text[:off], '\n') + 1
	return protocol.Position{Line: uint32(line), Character: utf16Units(text[start:off])}
}

// utf16Units is the length of s in UTF-16 code units; an invalid byte
// counts as one.
func utf16Units(s []byte) uint32 {
	var units int
	for len(s) > 0 {
		r, n := utf8.DecodeRune(s)
		if r == utf8.RuneError {
			units++
		} else {
			units += utf16.RuneLen(r)
		}
		s = s[n:]
	}
	return uint32(units)
}

// lspRange is the LSP range of a finding's range in text.
func lspRange(text []byte, r analyzer.Range) protocol.Range {
	return protocol.Range{Start: lspPosition(text, r.Start.Offset), End: lspPosition(text, r.End.Offset)}
}

// lines indexes where the lines of a text start, so that many offsets
// convert to positions without counting lines from the top each time
// (10,000 findings of a 100 KB buffer would rescan it 10,000 times).
type lines struct {
	text   []byte
	starts []int // the offset of each line's first byte
}

func indexLines(text []byte) *lines {
	starts := make([]int, 1, bytes.Count(text, []byte{'\n'})+1)
	for off := 0; ; {
		i := bytes.IndexByte(text[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
		starts = append(starts, off)
	}
	return &lines{text: text, starts: starts}
}

// position is the LSP position of byte offset off.
func (l *lines) position(off int) protocol.Position {
	off = min(max(off, 0), len(l.text))
	line := sort.SearchInts(l.starts, off+1) - 1
	return protocol.Position{Line: uint32(line), Character: utf16Units(l.text[l.starts[line]:off])}
}

// lspRange is the LSP range of r.
func (l *lines) lspRange(r analyzer.Range) protocol.Range {
	return protocol.Range{Start: l.position(r.Start.Offset), End: l.position(r.End.Offset)}
}

// offset is the byte offset of LSP position p in text, clamped to the
// line's end and the text's.
func offset(text []byte, p protocol.Position) int {
	off := 0
	for range p.Line {
		i := bytes.IndexByte(text[off:], '\n')
		if i < 0 {
			return len(text)
		}
		off += i + 1
	}
	for units := 0; units < int(p.Character) && off < len(text) && text[off] != '\n'; {
		r, n := utf8.DecodeRune(text[off:])
		if r == utf8.RuneError {
			units++
		} else {
			units += utf16.RuneLen(r)
		}
		off += n
	}
	return off
}

// textEdit is the LSP form of an edit of text.
func textEdit(text []byte, e analyzer.TextEdit) protocol.TextEdit {
	return protocol.TextEdit{Range: lspRange(text, e.Range), NewText: e.NewText}
}
