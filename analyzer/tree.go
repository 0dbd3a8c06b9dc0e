package analyzer

import (
	"fmt"
	"strings"
	"unsafe"

	"github.com/tufanbarisyildirim/gonginx/config"
)

// Arg is one argument of a directive, as written. It holds only where its
// bytes are: a large configuration has hundreds of thousands of arguments,
// and their text is the file's text.
type Arg struct {
	file  *File
	start uint32 // offset of the first byte (a quote, if quoted)
	// end is the offset just past the last byte, with argEscaped set when
	// escapes make the value differ from the text between the quotes; the
	// value is then held in file.values.
	end uint32
}

// argEscaped marks the end of a word (an argument or a directive's name)
// whose value is held apart. Offsets stay below it: the scanner refuses a
// file of 2 GiB or more.
const argEscaped = 1 << 31

// Raw is the bytes as written, quotes included.
func (a *Arg) Raw() string { return a.file.raw(a.start, a.end) }

// Quote is the quote the argument is written in (a double or a single
// quote), or 0.
func (a *Arg) Quote() byte { return a.file.quote(a.start, a.end) }

// Value is the value nginx sees: quotes removed, escapes resolved.
func (a *Arg) Value() string { return a.file.value(a.start, a.end) }

// raw is the text of the word at start..end (argEscaped aside).
func (f *File) raw(start, end uint32) string {
	if f == nil {
		return ""
	}
	return f.text[start : end&^argEscaped]
}

// quote is the quote the word at start..end is written in, or 0.
func (f *File) quote(start, end uint32) byte {
	if f == nil || start == end&^argEscaped {
		return 0
	}
	if c := f.text[start]; c == '"' || c == '\'' {
		return c
	}
	return 0
}

// value is the value of the word at start..end: quotes removed, escapes
// resolved (held in f.values when argEscaped marks end).
func (f *File) value(start, end uint32) string {
	if end&argEscaped != 0 {
		return f.values[start]
	}
	if f.quote(start, end) != 0 {
		return f.text[start+1 : end-1]
	}
	return f.raw(start, end)
}

// Range is the position of the bytes of Raw.
func (a *Arg) Range() Range {
	return span{a.start, a.end &^ argEscaped}.rangeIn(a.file)
}

// span is a byte range [start, end) of a file. The tree keeps spans, not
// Ranges (two Positions of 40 bytes each): a large configuration has
// hundreds of thousands of names and arguments, and their line and column
// are only needed when something is reported about them. Offsets are 32
// bits: the scanner refuses a file of 2 GiB or more (see argEscaped).
type span struct{ start, end uint32 }

func spanOf(start, end int) span { return span{uint32(start), uint32(end)} }

func (s span) rangeIn(f *File) Range {
	if f == nil {
		return Range{}
	}
	return f.Range(int(s.start), int(s.end))
}

// ArgOnNewLine reports whether argument i (i >= 1) starts on a later line
// than argument i-1 ends on: the line index alone, without building either
// Range.
func (d *Directive) ArgOnNewLine(i int) bool {
	a, prev := d.Args()[i], d.Args()[i-1]
	if a.file == nil || a.file != prev.file {
		return a.Range().Start.Line > prev.Range().End.Line
	}
	f := a.file
	end := min(int(prev.start)+len(prev.Raw()), len(f.Src))
	return f.lineIndex(min(int(a.start), len(f.Src))) > f.lineIndex(end)
}

// HasVar reports whether the value contains a variable reference (a '$'
// outside template markup: {{ $x }} and an envsubst ${X} are the
// template's).
func (a *Arg) HasVar() bool {
	if strings.IndexByte(a.Value(), '$') < 0 {
		return false
	}
	if a.file == nil || len(a.file.markup) == 0 {
		return true
	}
	return a.file.dollarOutside(int(a.start), int(a.end&^argEscaped))
}

// Templated reports whether the argument holds template markup: a
// placeholder such as {{ port }}, or a tag inside it. Its value is then
// known only once the template is rendered.
func (a *Arg) Templated() bool {
	return a.file != nil && a.file.Opaque(int(a.start), int(a.end&^argEscaped))
}

// Directive is one statement of a config: `name args… ;` or `name args… { … }`.
// Positions come from our own scanner. A large configuration has hundreds of
// thousands of directives: every field here costs about a byte per byte of
// input, so what only some directives need lives elsewhere (a block's
// children and index in its Block).
type Directive struct {
	// Block is non-nil for block directives.
	Block *Block
	// Parent is the enclosing block directive, across includes; nil at the top.
	Parent *Directive
	File   *File
	// args points at the first of nargs arguments, in an array the scanner
	// allocated with its neighbours' (see Args).
	args  **Arg
	nargs uint32
	name  uint32 // offset of the name
	end   uint32 // offset of the terminating ';' or '{'
	// nameLen is the name's length in the file, nameEscaped set when its
	// value is held apart (see File.value). A name is at most nginx's
	// buffer of 4096 bytes: a longer one is refused and never a Directive.
	nameLen uint16
	// Ctx is the context the directive stands in (main, http, server, …).
	Ctx Context
}

// nameEscaped marks a Directive.nameLen whose value is held apart, as
// argEscaped marks an argument's end.
const nameEscaped = 1 << 15

// Args are the directive's arguments in order (nil when it has none). The
// list is the tree's own: read it, do not append to it or change it.
func (d *Directive) Args() []*Arg {
	if d.nargs == 0 {
		return nil
	}
	return unsafe.Slice(d.args, d.nargs)
}

// setArgs makes args the directive's arguments.
func (d *Directive) setArgs(args []*Arg) {
	d.args, d.nargs = unsafe.SliceData(args), uint32(len(args))
}

// nameAt is the span of the name, with argEscaped set as wordAt sets it.
func (d *Directive) nameAt() span {
	end := d.name + uint32(d.nameLen&^nameEscaped)
	if d.nameLen&nameEscaped != 0 {
		end |= argEscaped
	}
	return span{d.name, end}
}

// setName makes w, a span wordAt returned, the directive's name.
func (d *Directive) setName(w span) {
	d.name, d.nameLen = w.start, uint16(w.end&^argEscaped-w.start)
	if w.end&argEscaped != 0 {
		d.nameLen |= nameEscaped
	}
}

// Depth is the nesting depth: 0 at the top level of the root file, one
// more inside each block around the directive, across includes.
func (d *Directive) Depth() int {
	if d.Parent == nil {
		return 0
	}
	return int(d.Parent.Block.depth) + 1
}

// more is what only some directives carry, held by their file (see
// File.more) so that the rest do not pay a field for it.
type more struct {
	// include holds the files an include directive pulled in.
	include *Include
	// upstream is gonginx's node for an upstream server line, when linked
	// (see linkUnit).
	upstream *config.UpstreamServer
}

// extra returns d.more, allocating it on first use.
func (d *Directive) extra() *more {
	f := d.File
	if f.more == nil {
		f.more = map[*Directive]*more{}
	}
	m := f.more[d]
	if m == nil {
		m = &more{}
		f.more[d] = m
	}
	return m
}

// Include returns the files an include directive pulled in (nil for any
// other statement, and for an include nginx-lint did not follow).
func (d *Directive) Include() *Include {
	if m := d.File.more[d]; m != nil {
		return m.include
	}
	return nil
}

// upstreamNode is gonginx's node of an upstream server line, or nil.
func (d *Directive) upstreamNode() *config.UpstreamServer {
	if m := d.File.more[d]; m != nil {
		return m.upstream
	}
	return nil
}

// Root returns the unit of the whole analysis (the file linted, not the
// included one), for sibling lookups at the top level.
func (d *Directive) Root() *Unit {
	if d.File == nil {
		return nil
	}
	return d.File.root
}

// NameRange is the position of the directive's name.
func (d *Directive) NameRange() Range {
	return d.File.Range(int(d.name), int(d.name)+int(d.nameLen&^nameEscaped))
}

// Name is the directive's name as nginx reads it (quotes removed, escapes
// resolved), read from the file's text like an argument's value.
func (d *Directive) Name() string {
	w := d.nameAt()
	return d.File.value(w.start, w.end)
}

// End is the position of the terminating ';' or '{'.
func (d *Directive) End() Range { return d.File.Range(int(d.end), int(d.end)+1) }

// Block is the body of a block directive.
type Block struct {
	open, close span // the '{' and the '}' (close is zero when missing)
	file        *File
	Items       []*Directive // source-order statements of this file only
	// Logical children: Items with includes expanded in place (an include
	// directive is followed by the directives it pulled in); the same slice
	// as Items when the block includes nothing.
	kids []*Directive
	idx  *kidIndex
	loc  *Location // a location's reading, once asked (see LocationOf)
	// Raw is set for bodies that are not nginx syntax (Lua); Items is empty.
	Raw bool
	// depth is the Depth of the block's directive (see Directive.Depth).
	depth int32
}

// Open is the position of the '{'.
func (b *Block) Open() Range { return b.open.rangeIn(b.file) }

// Close is the position of the '}', or the zero Range when the block is
// never closed.
func (b *Block) Close() Range {
	if b.close.end == 0 {
		return Range{}
	}
	return b.close.rangeIn(b.file)
}

// Include records an include directive's expansion.
type Include struct {
	Pattern string  // the path as written, unquoted
	Files   []*Unit // one parsed unit per file matched, in nginx's order
	Missing bool    // a file that is not read (missing, unreadable, over a limit)
}

// Children returns the logical children of a block directive: its own
// statements with includes expanded in place.
func (d *Directive) Children() []*Directive {
	if d.Block == nil {
		return nil
	}
	return d.Block.kids
}

// Arg returns the i-th argument value or "".
func (d *Directive) Arg(i int) string {
	if i < len(d.Args()) {
		return d.Args()[i].Value()
	}
	return ""
}

// Range is the whole directive from its name to its ';' or '{'.
func (d *Directive) Range() Range {
	return Range{Start: d.NameRange().Start, End: d.End().End}
}

// Unit is one parsed file: its top-level directives and scan results.
type Unit struct {
	File     *File
	Items    []*Directive // source-order top-level statements
	kids     []*Directive // includes expanded
	idx      *kidIndex
	Comments []Comment
	Errors   []SyntaxError
	// Limits are the places where one of nginx-lint's own limits stopped
	// the reading (a block deeper than --max-depth): not nginx syntax
	// errors, reported by limit-exceeded.
	Limits []SyntaxError
	Ctx    Context // the context its top level stands in
	// gonginxSrc is what gonginx parses (see scanner.gonginxInput).
	gonginxSrc string
	// gonginxRead counts the upstream server lines gonginx parsed and
	// matched to ours (kept or found the same, see linkText).
	gonginxRead int
	// GonginxErr is set when gonginx could not build a tree for the file;
	// our own tree is complete regardless, only Node links are missing.
	GonginxErr error
}

// Children returns the top-level directives with includes expanded.
func (u *Unit) Children() []*Directive { return u.kids }

// Comment is a '#' comment without its line terminator.
type Comment struct {
	Text  string // including the '#'
	Range Range
	// Trailing is set when code precedes the comment on its line.
	Trailing bool
}

// SyntaxError is a structural error found by the scanner.
type SyntaxError struct {
	Range   Range
	Message string   // the headline (see Finding)
	Notes   []string // why, and what to do
}

// note appends a note to e, formatted like fmt.Sprintf, and returns e; a
// nil e (an error over the count, not recorded) takes none.
func (e *SyntaxError) note(format string, args ...any) *SyntaxError {
	if e != nil {
		e.Notes = append(e.Notes, fmt.Sprintf(format, args...))
	}
	return e
}

// Walk calls fn for every directive under children in source order, with
// includes expanded. fn returns false to skip a directive's children.
func Walk(children []*Directive, fn func(d *Directive) bool) {
	for _, d := range children {
		if fn(d) && d.Block != nil && d.Block.kids != nil {
			Walk(d.Block.kids, fn)
		}
	}
}

// Ancestors returns the enclosing block directives, innermost first.
func (d *Directive) Ancestors() []*Directive {
	var out []*Directive
	for p := d.Parent; p != nil; p = p.Parent {
		out = append(out, p)
	}
	return out
}

// Enclosing returns the innermost enclosing block directive named name.
func (d *Directive) Enclosing(name string) *Directive {
	for p := d.Parent; p != nil; p = p.Parent {
		if p.Name() == name {
			return p
		}
	}
	return nil
}

// Find returns the logical children of d named name.
func (d *Directive) Find(name string) []*Directive {
	return d.index().find(name)
}

// FindAny returns the logical children of d named any of names, in
// source order.
func (d *Directive) FindAny(names ...string) []*Directive {
	return d.index().findAny(names)
}

// FindAny returns the top-level directives of u (includes expanded) named
// any of names, in source order.
func (u *Unit) FindAny(names ...string) []*Directive {
	return u.index().findAny(names)
}

func findIn(kids []*Directive, name string) []*Directive {
	var out []*Directive
	for _, k := range kids {
		if k.Name() == name {
			out = append(out, k)
		}
	}
	return out
}
