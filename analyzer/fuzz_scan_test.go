package analyzer

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// FuzzScan feeds arbitrary bytes to the scanner alone and checks what it
// promises about its output, not only that it returns: every position is
// inside the source and its line and column agree with its offset, tokens
// of the tree are the bytes they were read from and never overlap, blocks
// nest within the depth cap, and no byte of the source disappears without a
// syntax error or a limit report: each non-blank byte is part of the tree,
// of a comment, of a Lua body, or hidden from gonginx next to a reported
// error or limit.
//
// The seed corpus in testdata/fuzz/FuzzScan is built from the project's
// fixtures by `go generate ./analyzer` (see internal/fuzzseed).
//
//go:generate go run ../_tools/fuzzseed
func FuzzScan(f *testing.F) {
	for _, s := range []string{
		"http { server { listen 80; } }\n",
		"a \"b\\\"c\" 'd' ${e}f;  # trailing\r\n# own line\n",
		"content_by_lua_block { local s = \"}\" -- } \n [[}]] }\n",
		"}\x00{;\"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, depth := range []int{0, 3} {
			checkScan(t, src, depth)
		}
	})
}

// tokenSpan is a half-open byte range the scanner reported, for overlap checks.
type tokenSpan struct {
	start, end int
	what       string
}

func checkScan(t *testing.T, src []byte, maxDepth int) {
	t.Helper()
	f := NewFile("fuzz.conf", "", src)
	u := Scan(f, CtxMain, maxDepth)
	limit := maxDepth
	if limit <= 0 {
		limit = DefaultMaxDepth
	}
	pos := func(what string, p Position) {
		t.Helper()
		if p.Offset < 0 || p.Offset > len(src) {
			t.Fatalf("%s: offset %d outside the source (%d bytes)", what, p.Offset, len(src))
		}
		if want := f.Pos(p.Offset); p != want {
			t.Fatalf("%s: position %+v, but offset %d is at %+v", what, p, p.Offset, want)
		}
	}
	rng := func(what string, r Range) (int, int) {
		t.Helper()
		pos(what+" start", r.Start)
		pos(what+" end", r.End)
		if r.Start.Offset > r.End.Offset {
			t.Fatalf("%s: range %d..%d ends before it starts", what, r.Start.Offset, r.End.Offset)
		}
		return r.Start.Offset, r.End.Offset
	}
	var tokens []tokenSpan // every token the tree holds, and every comment
	var lua [][2]int       // Lua bodies, which are not nginx syntax
	token := func(what string, r Range) {
		s, e := rng(what, r)
		if s == e {
			t.Fatalf("%s: empty token at %d", what, s)
		}
		tokens = append(tokens, tokenSpan{s, e, what})
	}

	var walk func(items []*Directive, parent *Directive, ctx Context, depth int, lo, hi int)
	walk = func(items []*Directive, parent *Directive, ctx Context, depth int, lo, hi int) {
		prevEnd := lo
		for _, d := range items {
			name := fmt.Sprintf("directive %.40q", d.Name())
			if d.File != f || d.Parent != parent || d.Ctx != ctx || d.Depth() != depth {
				t.Fatalf("%s: file/parent/context/depth %p/%p/%s/%d, want %p/%p/%s/%d", name, d.File, d.Parent, d.Ctx, d.Depth(), f, parent, ctx, depth)
			}
			if depth > limit {
				t.Fatalf("%s at depth %d, deeper than the cap %d", name, depth, limit)
			}
			token(name+" name", d.NameRange())
			if d.NameRange().Start.Offset < prevEnd {
				t.Fatalf("%s starts at %d, inside the statement before it (ends at %d)", name, d.NameRange().Start.Offset, prevEnd)
			}
			last := d.NameRange().End.Offset
			for i, a := range d.Args() {
				s, e := rng(name+" arg", a.Range())
				token(name+" arg", a.Range())
				if a.Raw() != string(src[s:e]) {
					t.Fatalf("%s arg %d: Raw %q, source has %q", name, i, a.Raw(), src[s:e])
				}
				if a.Quote() != 0 && (len(a.Raw()) < 2 || a.Raw()[0] != a.Quote() || a.Raw()[len(a.Raw())-1] != a.Quote()) {
					t.Fatalf("%s arg %d: quote %q but Raw %q", name, i, a.Quote(), a.Raw())
				}
				if s < last {
					t.Fatalf("%s arg %d at %d overlaps what precedes it (ends at %d)", name, i, s, last)
				}
				last = e
			}
			s, e := rng(name+" end", d.End())
			want := byte(';')
			if d.Block != nil {
				want = '{'
			}
			if e != s+1 || src[s] != want || s < last {
				t.Fatalf("%s: End %d..%d is not the %q after its arguments", name, s, e, want)
			}
			token(name+" end", d.End())
			prevEnd = e
			if d.Block == nil {
				continue
			}
			b := d.Block
			if b.Open() != d.End() {
				t.Fatalf("%s: block opens at %+v, not at its End %+v", name, b.Open(), d.End())
			}
			closed := b.Close() != (Range{})
			bodyEnd := hi
			if closed {
				cs, ce := rng(name+" close", b.Close())
				if ce != cs+1 || src[cs] != '}' || cs < e || ce > hi {
					t.Fatalf("%s: Close %d..%d is not a '}' after its '{' inside its parent", name, cs, ce)
				}
				token(name+" close", b.Close())
				bodyEnd = cs
				prevEnd = ce
			} else {
				// An unclosed block runs to the end of the file, so
				// nothing can follow it.
				prevEnd = len(src) + 1
			}
			if b.Raw {
				if !IsLuaBlock(d.Name()) || len(b.Items) > 0 || !closed {
					t.Fatalf("%s: raw body that is not a closed, empty Lua block", name)
				}
				lua = append(lua, [2]int{e, bodyEnd})
				continue
			}
			walk(b.Items, d, ChildContext(ctx, d.Name()), depth+1, e, bodyEnd)
		}
		if prevEnd > hi && prevEnd != len(src)+1 {
			t.Fatalf("statement ends at %d, past the end %d of its block", prevEnd, hi)
		}
	}
	walk(u.Items, nil, CtxMain, 0, 0, len(src))

	for _, c := range u.Comments {
		s, e := rng("comment", c.Range)
		token("comment", c.Range)
		if c.Text != string(src[s:e]) || c.Text[0] != '#' || bytes.IndexByte(src[s:e], '\n') >= 0 {
			t.Fatalf("comment %q at %d..%d: not a '#' comment of one line (%q)", c.Text, s, e, src[s:e])
		}
		if c.Trailing {
			line := src[int(f.lines[c.Range.Start.Line-1]):s]
			if len(bytes.TrimLeft(line, " \t\r\x00")) == 0 {
				t.Fatalf("comment at %d is marked trailing but nothing precedes it on its line", s)
			}
		}
	}
	for _, e := range append(u.Errors, u.Limits...) {
		rng("syntax error or limit "+e.Message, e.Range)
		if e.Message == "" {
			t.Fatal("syntax error or limit without a message")
		}
	}

	sort.SliceStable(tokens, func(i, j int) bool { return tokens[i].start < tokens[j].start })
	for i := 1; i < len(tokens); i++ {
		if p, c := tokens[i-1], tokens[i]; c.start < p.end {
			t.Fatalf("%s at %d..%d overlaps %s at %d..%d", c.what, c.start, c.end, p.what, p.start, p.end)
		}
	}

	// What gonginx reads: the source with some bytes blanked and '}'
	// appended; newlines stay where they are.
	g := u.gonginxSrc
	if len(g) < len(src) || g[len(src):] != strings.Repeat("\n}", (len(g)-len(src))/2) {
		t.Fatalf("gonginx input has %d bytes for a %d-byte source, tail %q", len(g), len(src), g[min(len(g), len(src)):])
	}
	covered := make([]bool, len(src))
	for _, s := range tokens {
		for i := s.start; i < s.end; i++ {
			covered[i] = true
			if s.what != "comment" && g[i] != src[i] && src[i] != 0 {
				t.Fatalf("byte %d (%q) of %s is hidden from gonginx", i, src[i], s.what)
			}
		}
	}
	for _, l := range lua {
		for i := l[0]; i < l[1]; i++ {
			covered[i] = true
		}
	}
	blanked := false
	for i, c := range src {
		if (c == '\n') != (g[i] == '\n') || (g[i] != c && g[i] != ' ') {
			t.Fatalf("gonginx input byte %d is %q for source byte %q", i, g[i], c)
		}
		if covered[i] || isSpace(c) {
			continue
		}
		if g[i] == c {
			t.Fatalf("byte %d (%q) is in no token, comment or Lua body, and not hidden from gonginx either", i, c)
		}
		blanked = true
	}
	if blanked && len(u.Errors)+len(u.Limits) == 0 {
		t.Fatal("bytes of the source were dropped without a syntax error or a limit report")
	}
}
