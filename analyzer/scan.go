package analyzer

import (
	"bytes"
	"fmt"
	"strings"
	"unsafe"
)

// DefaultMaxDepth is the deepest block nesting kept in the tree. Real configs
// rarely pass 6; the cap keeps recursion (ours and gonginx's) bounded.
const DefaultMaxDepth = 100

// nginxBuffer is the size of nginx's configuration read buffer
// (NGX_CONF_BUFFER): a parameter or comment that does not end within it is
// refused with "too long parameter".
const nginxBuffer = 4096

// maxSyntaxErrors is how many syntax errors one file reports; nginx stops
// at the first, and a file that is not nginx text at all (a binary, UTF-16)
// would otherwise give one per byte.
const maxSyntaxErrors = 100

// scanner is a position-keeping tokenizer and tree builder that follows
// nginx's own reading rules (ngx_conf_read_token): whitespace separates
// words, '#' starts a comment only at the start of a word, quotes only open
// at the start of a word, '\' escapes the next byte, "${" does not open a
// block, and '}' inside a word is part of the word.
type scanner struct {
	f   *File
	src []byte
	pos int
	// maxDepth is the nesting limit, room how deep blocks may go in this
	// file (less than maxDepth in a file included inside blocks).
	maxDepth, room int
	// dropped counts syntax errors past maxSyntaxErrors.
	dropped int

	errs   []SyntaxError
	limits []SyntaxError
	// droppedLimits counts limit reports past maxSyntaxErrors.
	droppedLimits int
	comments      []Comment
	// lastCodeEnd is the end of the last non-comment token, for trailing comments.
	lastCodeEnd int
	// blanks are byte spans hidden from gonginx (errors, Lua bodies, deep subtrees).
	blanks [][2]int
	// closers is the number of '}' gonginx needs appended (unclosed blocks).
	closers int
	// fatal is set by errors after which the rest of the file is unusable.
	fatal bool

	// marks are the file's template markup spans (File.markup), mi the
	// first that does not end before the read position, and inStmt is
	// set while a statement is being read (a placeholder alone on its line
	// is then an argument, not whole statements).
	marks  []markup
	mi     int
	inStmt bool

	// The tree's nodes come from slabs (see slab), and the statements of
	// the open blocks and the arguments of the statement being read are
	// gathered in items and args, then copied into lists of their exact
	// length.
	dirs    slab[Directive]
	blocks  slab[Block]
	argSlab slab[Arg]
	argPtrs slab[*Arg]
	dirPtrs slab[*Directive]
	items   []*Directive
	args    []*Arg
}

// popItems returns the statements gathered since first as a list of its
// own and removes them from the gathering stack.
func (s *scanner) popItems(first int) []*Directive {
	out := take(&s.dirPtrs, s.items[first:])
	clear(s.items[first:])
	s.items = s.items[:first]
	return out
}

// maxScanSize is the largest file the scanner reads (spans are 32 bits,
// and an argument's end keeps its top bit for argEscaped).
var maxScanSize uint64 = argEscaped - 1 // a variable for the test

// slabBytes is the most a slab allocates at once. Go rounds an allocation
// up to its size class, and 32 KiB is one: arrays of up to this size waste
// at most an element (a fixed 256 elements of 112 bytes, 28 KiB, took 32).
const slabBytes = 32 << 10

// slab hands out elements of arrays allocated together: the hundreds of
// thousands of directives and arguments of a large configuration are a few
// thousand allocations instead, each list exactly as long as its content
// (no growth by appending, no per-object size-class rounding), and they lie
// in memory in the order the rules walk them. An array lives as long as any
// element in it, which is as long as the tree. Arrays start small and
// double up to slabBytes, so that a small file costs little.
type slab[T any] struct {
	free []T
	size int
}

func (s *slab[T]) grow(n int) {
	var zero T
	most := max(1, slabBytes/int(unsafe.Sizeof(zero)))
	s.size = min(max(2*s.size, 8), most)
	s.free = make([]T, max(s.size, n))
}

// one returns a new zero element.
func (s *slab[T]) one() *T {
	if len(s.free) == 0 {
		s.grow(1)
	}
	p := &s.free[0]
	s.free = s.free[1:]
	return p
}

// take returns a copy of list whose capacity is its length, so that
// appending to it never writes over its neighbours; nil for an empty list.
func take[T any](s *slab[T], list []T) []T {
	n := len(list)
	if n == 0 {
		return nil
	}
	if len(s.free) < n {
		s.grow(n)
	}
	out := s.free[:n:n]
	s.free = s.free[n:]
	copy(out, list)
	return out
}

type tokKind int

const (
	tkEOF tokKind = iota
	tkWord
	tkSemi
	tkOpen
	tkClose
)

type token struct {
	kind       tokKind
	start, end int
	value      string
	quote      byte
}

// Scan parses src into a Unit whose top level stands in context ctx, with
// blocks nested at most maxDepth deep (<= 0: DefaultMaxDepth).
func Scan(f *File, ctx Context, maxDepth int) *Unit {
	if maxDepth <= 0 {
		maxDepth = DefaultMaxDepth
	}
	return scan(f, ctx, maxDepth, maxDepth)
}

// scan is Scan for a file whose blocks may nest room deep (room <= 0: no
// block at all), under the limit maxDepth the messages name.
func scan(f *File, ctx Context, maxDepth, room int) *Unit {
	s := &scanner{f: f, src: f.Src, maxDepth: maxDepth, room: room, lastCodeEnd: -1, marks: f.markup}
	u := &Unit{File: f, Ctx: ctx}
	switch {
	case uint64(len(s.src)) > maxScanSize:
		// Offsets in the tree are 32 bits; no nginx configuration is this big.
		s.limitAt(0, 0, "the file is %d bytes: nginx-lint reads files under 2 GiB, so it is not checked", len(s.src))
		s.fatal = true
	case s.encoding():
		u.Items = s.build(ctx)
	}
	if s.dropped > 0 {
		e := &s.errs[len(s.errs)-1]
		e.note("%d more syntax errors after this one are not reported: is this an nginx configuration?", s.dropped)
	}
	if s.droppedLimits > 0 {
		e := &s.limits[len(s.limits)-1]
		e.note("and %d more places over the limit in this file", s.droppedLimits)
	}
	u.Errors = s.errs
	u.Limits = s.limits
	u.Comments = s.comments
	u.gonginxSrc = s.gonginxInput()
	return u
}

// encoding handles a byte order mark. nginx reads bytes and knows none: a
// UTF-8 mark becomes part of the first directive's name (nginx refuses to
// start with "unknown directive"), so it is reported and skipped, and the
// rest is checked; UTF-16 text is not nginx text at all, so encoding
// reports false and nothing is read.
func (s *scanner) encoding() bool {
	switch {
	case len(s.src) >= 3 && s.src[0] == 0xEF && s.src[1] == 0xBB && s.src[2] == 0xBF:
		s.errorAt(0, 3, "the file starts with a UTF-8 byte order mark: nginx refuses to start").
			note("nginx reads the mark as part of the first directive's name and refuses to start (unknown directive)").
			note("save the file without it")
		s.blank(0, 3)
		s.pos = 3
	case len(s.src) >= 2 && ((s.src[0] == 0xFF && s.src[1] == 0xFE) || (s.src[0] == 0xFE && s.src[1] == 0xFF)):
		s.errorAt(0, 2, "the file is UTF-16 text (it starts with a UTF-16 byte order mark): nothing in it is checked").
			note("nginx reads only ASCII-compatible text such as UTF-8").
			note("convert the file to UTF-8")
		s.blank(0, len(s.src))
		s.fatal = true
		return false
	case !IsText(s.src):
		s.errorAt(0, 0, "the file is not text (binary bytes in its first %d KiB): nothing in it is checked", textSample>>10)
		s.blank(0, len(s.src))
		s.fatal = true
		return false
	}
	return true
}

// textSample is how much of a file IsText looks at.
const textSample = 8 << 10

// IsText reports whether src looks like text rather than a binary file
// (a program, an image, an archive): in its first 8 KiB, fewer than one
// byte in twenty is a control character other than white space and ESC.
// Text with a stray NUL byte, and text in any ASCII-compatible encoding
// (Latin-1, EUC-KR, ...), stays text: nginx reads bytes, and nginx-lint
// reports such a NUL where it stands. Compressed or random data has about
// one such byte in ten.
func IsText(src []byte) bool {
	b := src[:min(len(src), textSample)]
	bad := 0
	for _, c := range b {
		if (c < 0x20 && !isSpace(c) && c != '\f' && c != '\v' && c != 0x1b) || c == 0x7f {
			bad++
		}
	}
	return bad*20 < len(b) || len(b) == 0
}

// report records a syntax error, up to maxSyntaxErrors per file, and
// returns it for notes (nil when it is over the count).
func (s *scanner) report(e SyntaxError) *SyntaxError {
	if len(s.errs) >= maxSyntaxErrors {
		s.dropped++
		return nil
	}
	s.errs = append(s.errs, e)
	return &s.errs[len(s.errs)-1]
}

// limitAt records a place where a limit of nginx-lint's stops the reading,
// up to maxSyntaxErrors per file.
func (s *scanner) limitAt(start, end int, format string, args ...any) *SyntaxError {
	if len(s.limits) >= maxSyntaxErrors {
		s.droppedLimits++
		return nil
	}
	s.limits = append(s.limits, SyntaxError{Range: s.f.Range(start, max(start, end)), Message: fmt.Sprintf(format, args...)})
	return &s.limits[len(s.limits)-1]
}

// errorAt records a syntax error with a headline and returns it, for notes
// (nil when it is over the count).
func (s *scanner) errorAt(start, end int, format string, args ...any) *SyntaxError {
	if len(s.errs) >= maxSyntaxErrors {
		s.dropped++ // before formatting: a binary file has millions
		return nil
	}
	if end < start {
		end = start
	}
	return s.report(SyntaxError{Range: s.f.Range(start, end), Message: fmt.Sprintf(format, args...)})
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// markAt returns the template markup span at off (one that starts there,
// or one that off has reached the inside of), or nil. Offsets asked for
// only grow.
func (s *scanner) markAt(off int) *markup {
	for s.mi < len(s.marks) && int(s.marks[s.mi].end) <= off {
		s.mi++
	}
	if s.mi < len(s.marks) && int(s.marks[s.mi].start) <= off {
		return &s.marks[s.mi]
	}
	return nil
}

// closesNext reports whether only whitespace and template markup stand
// between off and a '}' or the end of the file. An expression alone on
// its line in the middle of a statement is one of its arguments
// (log_format main\n {{ fmt }};), unless a block closes after it: then
// the statement before it lacks its ';' and the expression stands for
// statements.
func (s *scanner) closesNext(off int) bool {
	k := s.mi
	for off < len(s.src) {
		for k < len(s.marks) && int(s.marks[k].end) <= off {
			k++
		}
		switch {
		case k < len(s.marks) && int(s.marks[k].start) <= off:
			off = int(s.marks[k].end)
		case isSpace(s.src[off]):
			off++
		default:
			return s.src[off] == '}'
		}
	}
	return true
}

// next returns the next token, recording comments and NUL errors on the way.
func (s *scanner) next() token {
	src := s.src
	for s.pos < len(src) {
		c := src[s.pos]
		if len(s.marks) > 0 {
			if m := s.markAt(s.pos); m != nil {
				if m.kind == mkPlaceholder || m.kind == mkStatement && s.inStmt && !s.closesNext(int(m.end)) {
					t := s.word()
					s.lastCodeEnd = s.pos
					return t
				}
				// A control tag, a comment, a left-out branch, or an
				// expression that stands for whole statements: read like
				// a comment, and hidden from gonginx.
				if m.kind == mkComment && int(m.start) == s.pos {
					s.templateComment(int(m.start), int(m.end))
				}
				s.blank(s.pos, int(m.end))
				s.pos = int(m.end)
				continue
			}
		}
		switch {
		case isSpace(c):
			s.pos++
			continue
		case c == 0:
			s.errorAt(s.pos, s.pos+1, "NUL byte in configuration")
			s.blank(s.pos, s.pos+1)
			s.pos++
			continue
		case c == '#':
			start := s.pos
			for s.pos < len(src) && src[s.pos] != '\n' {
				if len(s.marks) > 0 {
					if m := s.markAt(s.pos); m != nil {
						s.pos = max(s.pos+1, int(m.end)) // a tag may span lines
						continue
					}
				}
				s.pos++
			}
			end := s.pos
			if end > start && src[end-1] == '\r' {
				end--
			}
			if s.pos-start >= nginxBuffer {
				s.errorAt(start, end, "comment of %d bytes: over nginx's %d-byte buffer (too long parameter)", s.pos-start, nginxBuffer).
					note("nginx reads a comment as one token and refuses one that does not end within its %d-byte buffer", nginxBuffer)
			}
			// Trailing: code ends on the comment's line. A word may end
			// with an escaped newline, so its last byte counts too.
			trailing := s.lastCodeEnd > 0 && src[s.lastCodeEnd-1] != '\n' && !hasNewline(src[s.lastCodeEnd:start])
			s.comments = append(s.comments, Comment{Text: s.f.text[start:end], Range: s.f.Range(start, end), Trailing: trailing})
			continue
		case c == ';':
			s.pos++
			s.lastCodeEnd = s.pos
			return token{kind: tkSemi, start: s.pos - 1, end: s.pos}
		case c == '{':
			s.pos++
			s.lastCodeEnd = s.pos
			return token{kind: tkOpen, start: s.pos - 1, end: s.pos}
		case c == '}':
			s.pos++
			s.lastCodeEnd = s.pos
			return token{kind: tkClose, start: s.pos - 1, end: s.pos}
		case c == '"' || c == '\'':
			t := s.quoted(c)
			s.lastCodeEnd = s.pos
			return t
		default:
			t := s.word()
			s.lastCodeEnd = s.pos
			return t
		}
	}
	return token{kind: tkEOF, start: len(src), end: len(src)}
}

func hasNewline(b []byte) bool {
	for _, c := range b {
		if c == '\n' {
			return true
		}
	}
	return false
}

func (s *scanner) word() token {
	src := s.src
	start := s.pos
	variable := false
	for s.pos < len(src) {
		if len(s.marks) > 0 {
			if m := s.markAt(s.pos); m != nil {
				// Template markup inside a word is part of it.
				m.opaque = true
				s.pos = max(s.pos+1, int(m.end))
				variable = false
				continue
			}
		}
		c := src[s.pos]
		if c == '{' && variable {
			variable = false
			s.pos++
			continue
		}
		variable = false
		switch {
		case c == '\\':
			if s.pos+1 < len(src) && src[s.pos+1] != 0 {
				s.pos += 2
			} else {
				s.pos++
			}
			continue
		case c == '$':
			variable = true
		case isSpace(c) || c == ';' || c == '{' || c == 0:
			return token{kind: tkWord, start: start, end: s.pos, value: unescape(s.f.text[start:s.pos])}
		}
		s.pos++
	}
	return token{kind: tkWord, start: start, end: s.pos, value: unescape(s.f.text[start:s.pos])}
}

// wordAt is the span of word token t. When escapes make its value differ
// from its text, the value is held in the file and argEscaped marks the
// span's end (see File.value).
func (s *scanner) wordAt(t token) span {
	w := spanOf(t.start, t.end)
	if t.value != s.f.value(w.start, w.end) {
		if s.f.values == nil {
			s.f.values = map[uint32]string{}
		}
		s.f.values[w.start] = t.value
		w.end |= argEscaped
	}
	return w
}

func (s *scanner) quoted(q byte) token {
	src := s.src
	start := s.pos
	s.pos++
	for s.pos < len(src) {
		if len(s.marks) > 0 {
			if m := s.markAt(s.pos); m != nil {
				// Template markup inside a quoted string: its quotes are
				// the template's.
				m.opaque = true
				s.pos = max(s.pos+1, int(m.end))
				continue
			}
		}
		c := src[s.pos]
		if c == '\\' && s.pos+1 < len(src) {
			s.pos += 2
			continue
		}
		if c == q {
			s.pos++
			t := token{kind: tkWord, start: start, end: s.pos, quote: q, value: unescape(s.f.text[start+1 : s.pos-1])}
			// nginx requires a separator after a closing quote.
			if s.pos < len(src) {
				n := src[s.pos]
				if !isSpace(n) && n != ';' && n != '{' && n != '}' && n != ')' && n != 0 {
					s.errorAt(s.pos, s.pos+1, "unexpected %s after quoted string (nginx needs a space here)", quoteByte(n))
				}
			}
			return t
		}
		if c == 0 {
			s.errorAt(s.pos, s.pos+1, "NUL byte in configuration")
			s.blank(s.pos, s.pos+1)
		}
		s.pos++
	}
	s.errorAt(start, start+1, "unterminated quoted string: the %s opened here is never closed", quoteByte(q))
	s.blank(start, len(src))
	s.fatal = true
	return token{kind: tkEOF, start: len(src), end: len(src)}
}

func quoteByte(c byte) string {
	switch c {
	case '"':
		return `'"'`
	case '\n':
		return "newline"
	}
	if c < 0x20 || c >= 0x7f {
		return fmt.Sprintf("byte 0x%02x", c)
	}
	return fmt.Sprintf("%q", string(c))
}

// unescape applies nginx's escape rules: \" \' \\ lose the backslash, \t \r
// \n become control characters, any other backslash is kept.
func unescape(b string) string {
	i := strings.IndexByte(b, '\\')
	if i < 0 {
		return b
	}
	var sb strings.Builder
	sb.Grow(len(b))
	sb.WriteString(b[:i])
	for i < len(b) {
		c := b[i]
		if c == '\\' && i+1 < len(b) {
			switch b[i+1] {
			case '"', '\'', '\\':
				sb.WriteByte(b[i+1])
				i += 2
				continue
			case 't':
				sb.WriteByte('\t')
				i += 2
				continue
			case 'r':
				sb.WriteByte('\r')
				i += 2
				continue
			case 'n':
				sb.WriteByte('\n')
				i += 2
				continue
			}
		}
		sb.WriteByte(c)
		i++
	}
	return sb.String()
}

func (s *scanner) blank(start, end int) {
	if n := len(s.blanks); n > 0 && s.blanks[n-1][1] == start {
		s.blanks[n-1][1] = end // a run of NUL bytes is one span
		return
	}
	s.blanks = append(s.blanks, [2]int{start, end})
}

type frame struct {
	d     *Directive // nil for the top level
	first int        // where the block's statements start in scanner.items
	ctx   Context
	depth int
}

// build reads the whole file and returns the top-level statements.
func (s *scanner) build(ctx Context) []*Directive {
	stack := []*frame{{ctx: ctx}}
	var cur *Directive // directive being read
	long := false      // cur has a parameter nginx refuses as too long
	skip := 0          // nesting inside a block dropped from the tree
	skipStart := 0

	finish := func(d *Directive) {
		s.items = append(s.items, d)
	}
	for {
		s.inStmt = cur != nil
		t := s.next()
		if skip > 0 {
			switch t.kind {
			case tkOpen:
				skip++
			case tkClose:
				skip--
				if skip == 0 {
					s.blank(skipStart, t.end)
				}
			case tkEOF:
				s.blank(skipStart, len(s.src))
				if !s.fatal {
					s.errorAt(skipStart, skipStart+1, "unexpected end of file, expecting \"}\"")
				}
				return s.unwind(stack)
			}
			continue
		}
		switch t.kind {
		case tkWord:
			// The buffer must hold the word and the byte that ends it,
			// or the quoted string with both quotes.
			limit := nginxBuffer
			if t.quote != 0 {
				limit++
			}
			if n := t.end - t.start; n >= limit {
				s.errorAt(t.start, t.end, "parameter of %d bytes: over nginx's %d-byte buffer (too long parameter)", n, nginxBuffer).
					note("it does not fit nginx's %d-byte read buffer, so nginx refuses it", nginxBuffer).
					note("the directive is not checked")
				long = true
			}
			if cur == nil {
				top := stack[len(stack)-1]
				cur = s.dirs.one()
				*cur = Directive{File: s.f, Ctx: top.ctx, Parent: top.d}
				cur.setName(s.wordAt(t))
				s.args = s.args[:0]
			} else {
				a := s.argSlab.one()
				w := s.wordAt(t)
				*a = Arg{file: s.f, start: w.start, end: w.end}
				s.args = append(s.args, a)
			}
		case tkSemi:
			if cur == nil {
				s.errorAt(t.start, t.end, `unexpected ";"`)
				s.blank(t.start, t.end)
				continue
			}
			if long {
				s.blank(cur.NameRange().Start.Offset, t.end)
				cur, long = nil, false
				continue
			}
			cur.end = uint32(t.start)
			cur.setArgs(take(&s.argPtrs, s.args))
			finish(cur)
			cur = nil
		case tkOpen:
			if cur == nil {
				s.errorAt(t.start, t.end, `unexpected "{"`)
				skip, skipStart = 1, t.start
				continue
			}
			if long {
				skip, skipStart = 1, cur.NameRange().Start.Offset
				cur, long = nil, false
				continue
			}
			top := stack[len(stack)-1]
			cur.end = uint32(t.start)
			cur.setArgs(take(&s.argPtrs, s.args))
			cur.Block = s.blocks.one()
			*cur.Block = Block{open: spanOf(t.start, t.end), file: s.f, depth: int32(top.depth)}
			if IsLuaBlock(cur.Name()) {
				cur.Block.Raw = true
				bodyStart := s.pos
				end, ok := s.skipLua()
				if !ok {
					s.errorAt(t.start, t.end, "unexpected end of file: Lua block %q opened here is never closed", Snippet(cur.Name()))
					s.blank(cur.NameRange().Start.Offset, len(s.src))
					s.fatal = true
					return s.unwind(stack)
				}
				s.blank(bodyStart, end)
				cur.Block.close = spanOf(end, end+1)
				s.pos = end + 1
				s.lastCodeEnd = s.pos
				finish(cur)
				cur = nil
				continue
			}
			if top.depth+1 > s.room {
				s.limitAt(t.start, t.end, "blocks nested deeper than %s: the inside of this block is not checked", plural(s.maxDepth, "level")).
					note("raise the limit with --max-depth")
				skip, skipStart = 1, cur.NameRange().Start.Offset
				cur = nil
				continue
			}
			stack = append(stack, &frame{d: cur, first: len(s.items), ctx: ChildContext(top.ctx, cur.Name()), depth: top.depth + 1})
			cur = nil
		case tkClose:
			long = false
			if cur != nil {
				last := cur.NameRange().End
				if n := len(s.args); n > 0 {
					last = s.args[n-1].Range().End
				}
				s.report(SyntaxError{
					Range:   Range{Start: last, End: last},
					Message: fmt.Sprintf("directive %q is not terminated by \";\" before \"}\"", Snippet(cur.Name())),
				})
				s.blank(cur.NameRange().Start.Offset, last.Offset)
				cur = nil
			}
			if len(stack) == 1 {
				s.errorAt(t.start, t.end, `unexpected "}": no block is open here`)
				s.blank(t.start, t.end)
				continue
			}
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			top.d.Block.close = spanOf(t.start, t.end)
			top.d.Block.Items = s.popItems(top.first)
			finish(top.d)
		case tkEOF:
			if cur != nil && !s.fatal {
				end := cur.NameRange().End
				if n := len(s.args); n > 0 {
					end = s.args[n-1].Range().End
				}
				s.report(SyntaxError{
					Range:   Range{Start: cur.NameRange().Start, End: end},
					Message: fmt.Sprintf("unexpected end of file: directive %q is not terminated by \";\"", Snippet(cur.Name())),
				})
			}
			if cur != nil {
				s.blank(cur.NameRange().Start.Offset, len(s.src))
			}
			return s.unwind(stack)
		}
	}
}

// unwind closes every open block at end of file, reporting each.
func (s *scanner) unwind(stack []*frame) []*Directive {
	for len(stack) > 1 {
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !s.fatal {
			s.report(SyntaxError{
				Range:   top.d.Block.Open(),
				Message: fmt.Sprintf("unexpected end of file, expecting \"}\": the block of %q opened here is never closed", Snippet(top.d.Name())),
			})
		}
		s.closers++
		top.d.Block.Items = s.popItems(top.first)
		s.items = append(s.items, top.d)
	}
	return s.popItems(0)
}

// skipLua finds the '}' closing a Lua block body that starts at s.pos,
// honouring Lua strings, long brackets and comments.
func (s *scanner) skipLua() (int, bool) {
	src := s.src
	depth := 1
	i := s.pos
	for i < len(src) {
		c := src[i]
		switch {
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 {
				return i, true
			}
		case c == '"' || c == '\'':
			i++
			for i < len(src) && src[i] != c && src[i] != '\n' {
				if src[i] == '\\' {
					i++
				}
				i++
			}
		case c == '-' && i+1 < len(src) && src[i+1] == '-':
			i += 2
			if n, ok := longBracket(src, i); ok {
				i = n
				continue
			}
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		case c == '[':
			if n, ok := longBracket(src, i); ok {
				i = n
				continue
			}
		}
		i++
	}
	return 0, false
}

// longBracket skips a Lua long bracket ([[…]], [==[…]==]) starting at i and
// returns the offset after it.
func longBracket(src []byte, i int) (int, bool) {
	if i >= len(src) || src[i] != '[' {
		return 0, false
	}
	j := i + 1
	for j < len(src) && src[j] == '=' {
		j++
	}
	if j >= len(src) || src[j] != '[' {
		return 0, false
	}
	level := j - i - 1
	closer := "]" + strings.Repeat("=", level) + "]"
	k := bytes.Index(src[j+1:], []byte(closer))
	if k < 0 {
		return len(src), true
	}
	return j + 1 + k + len(closer), true
}

// gonginxInput is the text handed to gonginx: the original bytes when the
// scan found nothing to hide, otherwise a copy with the bytes of errors,
// Lua bodies and dropped subtrees replaced by spaces (newlines kept) and the
// missing '}' appended.
func (s *scanner) gonginxInput() string {
	if len(s.blanks) == 0 && s.closers == 0 {
		return s.f.text
	}
	out := make([]byte, len(s.src), len(s.src)+s.closers*2)
	copy(out, s.src)
	for _, b := range s.blanks {
		for i := b[0]; i < b[1] && i < len(out); i++ {
			if out[i] != '\n' {
				out[i] = ' '
			}
		}
	}
	for i := 0; i < s.closers; i++ {
		out = append(out, '\n', '}')
	}
	return unsafe.String(unsafe.SliceData(out), len(out)) // out is never written again
}
