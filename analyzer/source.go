package analyzer

import (
	"bytes"
	"sort"
	"unsafe"
)

// File is one source file as read from disk (or stdin): its display name and
// its bytes, never modified.
type File struct {
	Name string // the path as given by the user or resolved from an include
	Path string // the path on disk used to read it ("" for stdin)
	Src  []byte
	// lines holds the offset of the first byte of every line (32 bits, like
	// every offset in the tree: see span).
	lines []uint32
	// text is Src viewed as a string without a copy (Src never changes), so
	// names, arguments and comments are substrings of it, not copies.
	text string
	// values holds the value of each argument whose escapes make it differ
	// from its text, by the argument's offset (see Arg.Value).
	values map[uint32]string
	// lang is the template language the file is read in and markup the
	// spans of its template markup, sorted (see SetTemplate).
	lang   TemplateLang
	markup []markup
	// hidden are the tags inside the spans of markup left out of this
	// rendering (see templateMarkup).
	hidden []markup
	// variants is how many renderings of the template are linted (see
	// structure).
	variants uint8
	// root is the unit of the analysis the file was read for (the file
	// linted, not an included one); see Directive.Root.
	root *Unit
	// more holds what only some of the file's directives carry (see
	// Directive.extra).
	more map[*Directive]*more
}

// NewFile indexes src for position lookups. The file's text is src itself,
// not a copy (names, arguments and comments of the tree are substrings of
// it), so src must not change while the file is in use; what outlives the
// analysis (the regex cache) keeps copies.
func NewFile(name, path string, src []byte) *File {
	f := &File{Name: name, Path: path, Src: src, text: unsafe.String(unsafe.SliceData(src), len(src))}
	f.lines = make([]uint32, 1, 1+len(src)/32)
	// Past 2 GiB the scanner reads nothing (see maxScanSize), and offsets
	// would not fit.
	for i := 0; i < len(src) && uint64(i) < maxScanSize; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		f.lines = append(f.lines, uint32(i))
	}
	return f
}

// Text is the file's bytes as a string (shared, not copied).
func (f *File) Text() string { return f.text }

// Pos converts a byte offset into a Position. Offsets past the end are clamped.
func (f *File) Pos(off int) Position {
	off = max(0, min(off, len(f.Src)))
	i := f.lineIndex(off)
	return Position{File: f.Name, Offset: off, Line: i + 1, Column: off - int(f.lines[i]) + 1}
}

// lineIndex is the 0-based line of offset off (within the file).
func (f *File) lineIndex(off int) int {
	return sort.Search(len(f.lines), func(i int) bool { return int(f.lines[i]) > off }) - 1
}

// Range returns the range [start, end).
func (f *File) Range(start, end int) Range {
	return Range{Start: f.Pos(start), End: f.Pos(end)}
}

// LineCount is the number of lines (a final line without '\n' counts).
func (f *File) LineCount() int { return len(f.lines) }

// Line returns the bytes of 1-based line n without its line terminator.
func (f *File) Line(n int) []byte {
	if n < 1 || n > len(f.lines) {
		return nil
	}
	start := int(f.lines[n-1])
	end := len(f.Src)
	if n < len(f.lines) {
		end = int(f.lines[n]) - 1
	}
	if end > start && f.Src[end-1] == '\r' {
		end--
	}
	return f.Src[start:end]
}

// LineEnding returns the terminator of 1-based line n: "\r\n" when the line
// ends with CRLF, otherwise "\n". A last line without a terminator takes the
// one of the line before it. Fixes that insert a line use it so that a CRLF
// file stays CRLF.
func (f *File) LineEnding(n int) string {
	if n >= len(f.lines) {
		n = len(f.lines) - 1
	}
	if n >= 1 {
		if end := int(f.lines[n]) - 1; end > 0 && f.Src[end-1] == '\r' {
			return "\r\n"
		}
	}
	return "\n"
}
