package reporter

import (
	"strconv"
	"unicode/utf8"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// appendFindingJSON appends f as an element of the "findings" array: the
// bytes an Encoder with SetIndent("    ", "  ") and SetEscapeHTML(false)
// writes for toJSON(f), without the final newline (TestFindingJSONBytes
// compares them). It is written by hand: the encoder's second pass, which
// indents what it marshalled, took a fifth of the CPU time of a report of
// millions of findings (docs/performance.md).
func appendFindingJSON(b []byte, f *analyzer.Finding) []byte {
	w := jsonWriter{b: b, prefix: "    "}
	w.open('{')
	w.key(1, "rule", true)
	w.str(f.Rule)
	w.key(1, "severity", false)
	w.str(f.Severity.String())
	w.key(1, "message", false)
	w.str(f.Message)
	w.key(1, "notes", false)
	w.array(1, len(f.Notes), func(i int) { w.str(f.Notes[i]) })
	w.place(1, f.Range)
	w.key(1, "fixes", false)
	w.array(1, len(f.Fixes), func(i int) {
		x := &f.Fixes[i]
		w.open('{')
		w.key(3, "message", true)
		w.str(x.Message)
		w.key(3, "safe", false)
		w.b = strconv.AppendBool(w.b, x.Safe)
		w.key(3, "edits", false)
		w.array(3, len(x.Edits), func(j int) {
			e := &x.Edits[j]
			w.open('{')
			w.key(5, "file", true)
			w.str(e.Range.Start.File)
			w.num(5, "line", e.Range.Start.Line)
			w.num(5, "column", e.Range.Start.Column)
			w.num(5, "end_line", e.Range.End.Line)
			w.num(5, "end_column", e.Range.End.Column)
			w.num(5, "offset", e.Range.Start.Offset)
			w.num(5, "end_offset", e.Range.End.Offset)
			w.key(5, "new_text", false)
			w.str(e.NewText)
			w.close(4, '}')
		})
		w.close(2, '}')
	})
	if rel := f.RelatedLocations(); len(rel) > 0 {
		w.key(1, "related", false)
		w.array(1, len(rel), func(i int) {
			w.open('{')
			w.key(3, "message", true)
			w.str(rel[i].Message)
			w.place(3, rel[i].Range)
			w.close(2, '}')
		})
	}
	w.close(0, '}')
	return w.b
}

// jsonWriter appends indented JSON: each line starts with prefix and two
// spaces a level.
type jsonWriter struct {
	b      []byte
	prefix string
}

func (w *jsonWriter) line(depth int) {
	w.b = append(w.b, '\n')
	w.b = append(w.b, w.prefix...)
	for range depth {
		w.b = append(w.b, ' ', ' ')
	}
}

func (w *jsonWriter) open(c byte) { w.b = append(w.b, c) }

func (w *jsonWriter) close(depth int, c byte) {
	w.line(depth)
	w.b = append(w.b, c)
}

// array appends an array of n elements whose '[' is at depth, each
// written by elem on a line of its own.
func (w *jsonWriter) array(depth, n int, elem func(i int)) {
	if n == 0 {
		w.b = append(w.b, '[', ']')
		return
	}
	w.open('[')
	for i := range n {
		w.item(depth+1, i)
		elem(i)
	}
	w.close(depth, ']')
}

// item starts the i-th element of an array at depth.
func (w *jsonWriter) item(depth, i int) {
	if i > 0 {
		w.b = append(w.b, ',')
	}
	w.line(depth)
}

// key starts a member of an object at depth (k needs no escaping).
func (w *jsonWriter) key(depth int, k string, first bool) {
	if !first {
		w.b = append(w.b, ',')
	}
	w.line(depth)
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':', ' ')
}

func (w *jsonWriter) num(depth int, k string, n int) {
	w.key(depth, k, false)
	w.b = strconv.AppendInt(w.b, int64(n), 10)
}

// place appends the "file", "line", "column", "end_line" and "end_column"
// members of a range.
func (w *jsonWriter) place(depth int, r analyzer.Range) {
	w.key(depth, "file", false)
	w.str(r.Start.File)
	w.num(depth, "line", r.Start.Line)
	w.num(depth, "column", r.Start.Column)
	w.num(depth, "end_line", r.End.Line)
	w.num(depth, "end_column", r.End.Column)
}

// str appends s as a JSON string, escaped as encoding/json escapes it
// with HTML escaping off: '"', '\\' and control characters, invalid UTF-8
// as U+FFFD, and U+2028 and U+2029 (which JavaScript takes for line ends).
func (w *jsonWriter) str(s string) {
	const hex = "0123456789abcdef"
	b := w.b
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	b = append(b, '"')
	w.b = b
}
