package lsp

import (
	"bytes"
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
	var units int
	for rest := text[start:off]; len(rest) > 0; {
		r, n := utf8.DecodeRune(rest)
		units += utf16.RuneLen(r)
		if units < 0 || r == utf8.RuneError {
			units++ // an invalid byte counts as one unit
		}
		rest = rest[n:]
	}
	return protocol.Position{Line: uint32(line), Character: uint32(units)}
}

// lspRange is the LSP range of a finding's range in text.
func lspRange(text []byte, r analyzer.Range) protocol.Range {
	return protocol.Range{Start: lspPosition(text, r.Start.Offset), End: lspPosition(text, r.End.Offset)}
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
