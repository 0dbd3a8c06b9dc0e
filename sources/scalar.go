package sources

import (
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// nodeOffset converts a yaml.v3 node position (1-based line, 1-based
// column counted in characters) to a byte offset of f.
func nodeOffset(f *analyzer.File, line, col int) int {
	if line < 1 || line > f.LineCount() {
		return len(f.Src)
	}
	off := lineStart(f, line)
	for c := 1; c < col && off < len(f.Src) && f.Src[off] != '\n'; c++ {
		_, w := utf8.DecodeRune(f.Src[off:])
		off += w
	}
	return off
}

// lineStart is the offset of the first byte of 1-based line n.
func lineStart(f *analyzer.File, n int) int {
	lo, hi := 0, len(f.Src)
	// Binary search on f.Pos: the first offset whose line is n.
	for lo < hi {
		mid := (lo + hi) / 2
		if f.Pos(mid).Line < n {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// scalarMapper builds the mapper of a scalar node's value. keyCol is the
// 1-based column of the mapping key the value belongs to (the parent
// indentation of a block scalar is keyCol-1).
func scalarMapper(f *analyzer.File, n *yaml.Node, keyCol int) *Mapper {
	start := nodeOffset(f, n.Line, n.Column)
	if n.Style&yaml.LiteralStyle != 0 {
		if m := literalMapper(f, start, keyCol-1, n.Value); m != nil {
			return m
		}
	}
	// Best effort for folded, quoted and plain scalars (and literal ones
	// the exact path could not reproduce).
	switch {
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		start = skipHeader(f.Src, start)
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		for start < len(f.Src) && f.Src[start] != '"' && f.Src[start] != '\'' && f.Src[start] != '\n' {
			start++
		}
		if start < len(f.Src) && f.Src[start] != '\n' {
			start++
		}
	}
	return alignMapper(f, start, n.Value, n.Style&yaml.DoubleQuotedStyle != 0)
}

// skipHeader moves from a block scalar's indicator to the next line.
func skipHeader(src []byte, i int) int {
	for i < len(src) && src[i] != '\n' {
		i++
	}
	if i < len(src) {
		i++
	}
	return i
}

// literalMapper extracts a literal block scalar (`|`, `|-`, `|+`, `|2`…)
// from the YAML bytes itself, recording where every byte comes from. It
// returns nil when its text differs from value (what the YAML library
// decoded), so positions are never silently wrong.
func literalMapper(f *analyzer.File, start, parentIndent int, value string) *Mapper {
	src := f.Src
	i := start
	for i < len(src) && src[i] != '|' && src[i] != '\n' {
		i++ // a tag or anchor before the indicator
	}
	if i >= len(src) || src[i] != '|' {
		return nil
	}
	i++
	indicator, chomp := 0, byte(0)
	for i < len(src) {
		c := src[i]
		switch {
		case c >= '1' && c <= '9':
			indicator = int(c - '0')
		case c == '+' || c == '-':
			chomp = c
		default:
			goto header
		}
		i++
	}
header:
	i = skipHeader(src, i)
	type line struct {
		start, end, brk int // content [start,end), line break offset (-1 at EOF)
		blank           bool
	}
	indent := -1
	if indicator > 0 {
		indent = parentIndent + indicator
	}
	var lines []line
	crlf := false
	for p := i; p < len(src); {
		e := p
		for e < len(src) && src[e] != '\n' {
			e++
		}
		brk := e
		if e == len(src) {
			brk = -1
		}
		ce := e
		if ce > p && src[ce-1] == '\r' {
			ce--
			brk = ce
			crlf = true
		}
		sp := 0
		for p+sp < ce && src[p+sp] == ' ' {
			sp++
		}
		blankLine := p+sp == ce
		if indent < 0 && !blankLine {
			if sp <= parentIndent {
				break
			}
			indent = sp
		}
		if blankLine {
			if indent >= 0 && sp > indent {
				lines = append(lines, line{p + indent, ce, brk, false})
			} else {
				lines = append(lines, line{ce, ce, brk, true})
			}
		} else {
			if sp < indent {
				break
			}
			lines = append(lines, line{p + indent, ce, brk, false})
		}
		if e == len(src) {
			break
		}
		p = e + 1
	}
	// Chomping: trailing blank lines.
	last := len(lines) - 1
	for last >= 0 && lines[last].blank {
		last--
	}
	keep := last + 1 // lines whose break is kept
	if chomp == '+' {
		keep = len(lines)
	}
	var text []byte
	var off []int
	for k := 0; k < len(lines) && k <= max(last, keep-1); k++ {
		ln := lines[k]
		for o := ln.start; o < ln.end; o++ {
			text = append(text, src[o])
			off = append(off, o)
		}
		hasBreak := ln.brk >= 0
		if k == last && chomp == '-' {
			hasBreak = false
		}
		if k > last && chomp != '+' {
			hasBreak = false
		}
		if hasBreak {
			text = append(text, '\n')
			off = append(off, ln.brk)
		}
	}
	if string(text) != value {
		return nil
	}
	end := i
	if len(off) > 0 {
		lo := off[len(off)-1]
		end = lo + 1
		if src[lo] == '\r' {
			end++
		}
	}
	off = append(off, end)
	ind := make([]byte, max(indent, 0))
	for k := range ind {
		ind[k] = ' '
	}
	nl := "\n"
	if crlf {
		nl = "\r\n"
	}
	return &Mapper{Target: f, Exact: true, off: off, indent: string(ind), newline: nl}
}

// alignMapper maps value onto the YAML bytes from start by walking both:
// equal bytes map to each other, YAML whitespace and line breaks that the
// value folded away are skipped, escapes of double-quoted scalars map to
// their backslash. Tokens (which hold no whitespace) map exactly unless
// they contain escapes; whitespace maps near its origin.
func alignMapper(f *analyzer.File, start int, value string, dq bool) *Mapper {
	src := f.Src
	off := make([]int, 0, len(value)+1)
	pos := start
	isWS := func(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
	for i := 0; i < len(value); {
		v := value[i]
		if pos >= len(src) {
			off = append(off, len(src))
			i++
			continue
		}
		c := src[pos]
		switch {
		case c == v && (!dq || c != '\\'):
			off = append(off, pos)
			i++
			pos++
		case dq && c == '\\' && pos+1 < len(src):
			n, w := escapeLen(src[pos+1:])
			if n == 0 { // escaped line break: produces nothing
				pos += 1 + w
				for pos < len(src) && (src[pos] == ' ' || src[pos] == '\t') {
					pos++
				}
				continue
			}
			for k := 0; k < n && i < len(value); k++ {
				off = append(off, pos)
				i++
			}
			pos += 1 + w
		case c == '\'' && v == '\'' && pos+1 < len(src) && src[pos+1] == '\'':
			off = append(off, pos)
			i++
			pos += 2
		case isWS(c):
			if isWS(v) && (c == '\n' || c == '\r') {
				// a folded line break: the value's space or break stands for it
				off = append(off, pos)
				i++
			}
			pos++
		case isWS(v):
			off = append(off, pos)
			i++
		default:
			pos++
		}
	}
	off = append(off, pos)
	return &Mapper{Target: f, off: off}
}

// escapeLen returns how many value bytes a double-quoted escape (the bytes
// after the backslash) produces and how many bytes it spans.
func escapeLen(b []byte) (n, w int) {
	hex := func(k int) (int, int) {
		if len(b) < 1+k {
			return 1, len(b)
		}
		r := rune(0)
		for _, c := range b[1 : 1+k] {
			r <<= 4
			switch {
			case c >= '0' && c <= '9':
				r |= rune(c - '0')
			case c >= 'a' && c <= 'f':
				r |= rune(c-'a') + 10
			case c >= 'A' && c <= 'F':
				r |= rune(c-'A') + 10
			}
		}
		return max(1, utf8.RuneLen(r)), 1 + k
	}
	switch b[0] {
	case 'x':
		return hex(2)
	case 'u':
		return hex(4)
	case 'U':
		return hex(8)
	case 'N', '_':
		return 2, 1
	case 'L', 'P':
		return 3, 1
	case '\n':
		return 0, 1
	case '\r':
		if len(b) > 1 && b[1] == '\n' {
			return 0, 2
		}
		return 0, 1
	}
	return 1, 1
}
