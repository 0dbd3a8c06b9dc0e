// Package pcre reads the PCRE regular expressions nginx compiles (location
// ~, if ~, rewrite, server_name ~, map ~ …) into a small syntax tree that
// rules can reason about: capture groups, anchors, the bytes an element can
// match, repetition.
//
// It is not a matcher. It knows PCRE's syntax well enough to tell a pattern
// PCRE certainly rejects (an unbalanced parenthesis, an unterminated class, a
// quantifier with nothing to repeat) from one it accepts; for constructs it
// does not model (verbs, recursion, conditionals, unknown escapes) it keeps
// an opaque node and sets Regex.Opaque, so callers can stay silent when
// unsure. Patterns are read as bytes, as nginx compiles them without UTF
// mode unless the pattern asks for it.
package pcre

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// Kind is the kind of a Node.
type Kind int

// Node kinds.
const (
	// Char matches one byte of Set (literals, classes, '.', \d …).
	Char Kind = iota
	// Concat matches Subs in sequence.
	Concat
	// Alt matches one of Subs.
	Alt
	// Group is a parenthesised group; Capture > 0 when it captures.
	Group
	// Repeat matches Subs[0] between Min and Max times (Max -1: unbounded).
	Repeat
	// Assert is a zero-width assertion: ^ $ \A \z \Z \b \B \G, or a
	// lookaround (Subs[0] is its body).
	Assert
	// Empty matches the empty string.
	Empty
	// Opaque is a construct this package does not model (backreferences,
	// recursion, verbs, conditionals).
	Opaque
)

// Assertion names for Assert nodes.
const (
	AssertBegin     = "^"
	AssertEnd       = "$"
	AssertTextBegin = `\A`
	AssertTextEnd   = `\z`
	AssertTextEndNL = `\Z`
	AssertWord      = `\b`
	AssertNonWord   = `\B`
	AssertLookahead = "lookahead"
	AssertLookbehnd = "lookbehind"
	AssertOther     = "other"
)

// Set is a set of bytes.
type Set [4]uint64

// Add adds byte b.
func (s *Set) Add(b byte) { s[b>>6] |= 1 << (b & 63) }

// AddRange adds bytes lo..hi.
func (s *Set) AddRange(lo, hi byte) {
	for c := int(lo); c <= int(hi); c++ {
		s.Add(byte(c))
	}
}

// Has reports whether b is in the set.
func (s *Set) Has(b byte) bool { return s[b>>6]&(1<<(b&63)) != 0 }

// Union adds every byte of t.
func (s *Set) Union(t *Set) {
	for i := range s {
		s[i] |= t[i]
	}
}

// Intersects reports whether s and t share a byte.
func (s *Set) Intersects(t *Set) bool {
	for i := range s {
		if s[i]&t[i] != 0 {
			return true
		}
	}
	return false
}

// Empty reports whether the set has no byte.
func (s *Set) Empty() bool { return s[0]|s[1]|s[2]|s[3] == 0 }

// Invert complements the set.
func (s *Set) Invert() {
	for i := range s {
		s[i] = ^s[i]
	}
}

// Count returns the number of bytes in the set.
func (s *Set) Count() int {
	n := 0
	for c := 0; c < 256; c++ {
		if s.Has(byte(c)) {
			n++
		}
	}
	return n
}

// Node is one element of a parsed pattern.
type Node struct {
	Kind     Kind
	Set      Set // Char
	Subs     []*Node
	Min, Max int    // Repeat
	Capture  int    // Group: capture index, 0 for non-capturing
	Name     string // Group: capture name; Assert: which assertion
	Lazy     bool   // Repeat: lazy (*?)
	// Possessive is set for possessive repeats (*+) and atomic groups,
	// which never backtrack into their body.
	Possessive bool
	// Start and End are byte offsets of the element in the pattern.
	Start, End int
}

// Regex is a parsed pattern.
type Regex struct {
	Pattern string
	Root    *Node
	// Groups is the number of capturing groups.
	Groups int
	// Names maps capture names to their indexes (nil when there are none).
	Names map[string]int
	// Opaque is set when the pattern uses constructs this package does not
	// model; Groups is then a lower bound when GroupsExact is false.
	Opaque bool
	// GroupsExact is false when group numbering cannot be known (branch
	// reset, the n flag).
	GroupsExact bool
}

// Error is a syntax error PCRE would report when compiling the pattern.
type Error struct {
	Offset int
	Msg    string
}

func (e *Error) Error() string { return fmt.Sprintf("%s at offset %d", e.Msg, e.Offset) }

type parser struct {
	src      string
	pos      int
	caseless bool
	extended bool
	dotall   bool
	re       *Regex
	depth    int
	// backrefs are \1…\9 back references, checked once the number of
	// groups is known (forward references are allowed).
	backrefs []backref
	// namedRefs are \k<name> back references, checked at the end.
	namedRefs []namedRef
}

type backref struct{ n, off int }

type namedRef struct {
	name string
	off  int
}

// Parse reads pattern; caseless is set for nginx's ~* forms. It returns an
// *Error when PCRE certainly rejects the pattern. Results are shared between
// callers (a config repeats its regexes in every server, and several rules
// read each one): the returned Regex must not be modified.
func Parse(pattern string, caseless bool) (*Regex, error) {
	k := cacheKey{pattern, caseless}
	if r, ok := trees.get(k); ok {
		return r.re, r.err
	}
	// The cache outlives the text the pattern came from, and that text is
	// often a view of a file's bytes (analyzer.File): keep a copy, so that
	// the cache neither pins the file nor changes when a caller reuses its
	// buffer.
	k.pattern = strings.Clone(pattern)
	re, err := parse(k.pattern, caseless)
	trees.put(k, treeEntry{re, err})
	return re, err
}

// Summary is what most checks need to know of a pattern: whether PCRE
// rejects it, its capture groups and whether it may backtrack
// exponentially. Unlike a parsed Regex (about 100 times its text) it is a
// few words, so many more are kept: a configuration of thousands of
// patterns (a bot blocker's map of 7,000 user agents) is parsed once for
// all the rules that read it, not once per rule.
type Summary struct {
	// Err is the *Error PCRE would report, or nil.
	Err error
	// Groups, GroupsExact and Opaque are the Regex's.
	Groups      int
	GroupsExact bool
	Opaque      bool
	// Backtracks is set when Regex.Backtracking finds something.
	Backtracks bool
}

// Summarize returns pattern's Summary; caseless is as for Parse.
func Summarize(pattern string, caseless bool) Summary {
	k := cacheKey{pattern, caseless}
	if s, ok := summaries.get(k); ok {
		return s
	}
	re, err := Parse(pattern, caseless)
	s := Summary{Err: err}
	if err == nil {
		s = Summary{Groups: re.Groups, GroupsExact: re.GroupsExact, Opaque: re.Opaque, Backtracks: len(re.Backtracking()) > 0}
	}
	k.pattern = strings.Clone(pattern)
	summaries.put(k, s)
	return s
}

// The caches bound the patterns kept, in number and in bytes of pattern
// text, and start over when full. A parsed pattern takes about 100 times
// its text (a node per character), and a configuration may hold thousands
// of patterns of 4 KB each (11 MB of them kept 1.2 GB alive when only their
// number was bounded): 128 KiB of patterns keep about 12 MB of trees. A run
// over many files meets more distinct patterns than that (the shared corpus
// copied 40 times filled a cache of 4,096 trees 225 times), so trees serve
// the rules that read one file's few patterns in turn (docs/performance.md),
// and summaries, about 100 bytes and the pattern's text each, serve the
// rest: 16,384 of them and 1 MiB of text hold the distinct patterns of the
// whole shared corpus in about 3 MB.
var (
	trees     = newCache[treeEntry](1024, 128<<10)
	summaries = newCache[Summary](16384, 1<<20)
)

type cacheKey struct {
	pattern  string
	caseless bool
}

type treeEntry struct {
	re  *Regex
	err error
}

// cache is a map bounded in entries and in bytes of their patterns.
type cache[V any] struct {
	mu       sync.Mutex
	m        map[cacheKey]V
	bytes    int // of the patterns in m
	maxN     int
	maxBytes int
}

func newCache[V any](n, bytes int) *cache[V] {
	return &cache[V]{m: map[cacheKey]V{}, maxN: n, maxBytes: bytes}
}

func (c *cache[V]) get(k cacheKey) (V, bool) {
	c.mu.Lock()
	v, ok := c.m[k]
	c.mu.Unlock()
	return v, ok
}

// put keeps v for k, whose pattern must be the cache's own copy.
func (c *cache[V]) put(k cacheKey, v V) {
	c.mu.Lock()
	if len(c.m) >= c.maxN || c.bytes+len(k.pattern) > c.maxBytes {
		clear(c.m)
		c.bytes = 0
	}
	c.m[k] = v
	c.bytes += len(k.pattern)
	c.mu.Unlock()
}

// len returns the number of entries and bytes of pattern held.
func (c *cache[V]) len() (n, bytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m), c.bytes
}

// reset empties the cache.
func (c *cache[V]) reset() {
	c.mu.Lock()
	clear(c.m)
	c.bytes = 0
	c.mu.Unlock()
}

func parse(pattern string, caseless bool) (*Regex, error) {
	p := &parser{src: pattern, caseless: caseless, re: &Regex{Pattern: pattern, GroupsExact: true}}
	p.skipStartVerbs()
	root, err := p.alt()
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.src) {
		// alt() stops only at ')' at the top level.
		return nil, &Error{p.pos, "unmatched closing parenthesis"}
	}
	p.re.Root = root
	for _, r := range p.namedRefs {
		if _, ok := p.re.Names[r.name]; !ok {
			return nil, &Error{r.off, "reference to non-existent subpattern"}
		}
	}
	if p.re.GroupsExact {
		for _, b := range p.backrefs {
			if b.n > p.re.Groups {
				return nil, &Error{b.off, "reference to non-existent subpattern"}
			}
		}
	}
	return p.re, nil
}

// skipStartVerbs skips (*UTF8), (*CR), (*LIMIT_MATCH=n) … at the start.
func (p *parser) skipStartVerbs() {
	for strings.HasPrefix(p.src[p.pos:], "(*") {
		end := strings.IndexByte(p.src[p.pos:], ')')
		if end < 0 {
			return
		}
		verb := p.src[p.pos+2 : p.pos+end]
		if verb == "" || verb[0] < 'A' || verb[0] > 'Z' {
			return
		}
		p.pos += end + 1
	}
}

func (p *parser) more() bool { return p.pos < len(p.src) }

func (p *parser) peek() byte { return p.src[p.pos] }

// skipExtended skips white space and # comments in extended mode.
func (p *parser) skipExtended() {
	if !p.extended {
		return
	}
	for p.more() {
		c := p.peek()
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' {
			p.pos++
			continue
		}
		if c == '#' {
			for p.more() && p.peek() != '\n' {
				p.pos++
			}
			continue
		}
		return
	}
}

func (p *parser) alt() (*Node, error) {
	start := p.pos
	var branches []*Node
	saveCase, saveExt, saveDot := p.caseless, p.extended, p.dotall
	for {
		br, err := p.concat()
		if err != nil {
			return nil, err
		}
		branches = append(branches, br)
		if p.more() && p.peek() == '|' {
			p.pos++
			continue
		}
		break
	}
	// Inline options set in a group last until its end.
	p.caseless, p.extended, p.dotall = saveCase, saveExt, saveDot
	if len(branches) == 1 {
		return branches[0], nil
	}
	return &Node{Kind: Alt, Subs: branches, Start: start, End: p.pos}, nil
}

func (p *parser) concat() (*Node, error) {
	start := p.pos
	var items []*Node
	for {
		p.skipExtended()
		if !p.more() {
			break
		}
		c := p.peek()
		if c == '|' || c == ')' {
			break
		}
		if isQuantStart(p.src, p.pos) {
			if len(items) == 0 {
				return nil, &Error{p.pos, "quantifier does not follow a repeatable item"}
			}
			last := items[len(items)-1]
			if last.Kind == Repeat && last.End == p.pos {
				// a**, a+*, a*{2}: a quantifier cannot follow another (its
				// lazy ? or possessive + was read with it).
				return nil, &Error{p.pos, "quantifier does not follow a repeatable item"}
			}
			if last.Kind == Assert && last.Name != AssertLookahead && last.Name != AssertLookbehnd ||
				last.Kind == Empty && last.Name == "option" {
				// ^ $ \b … and option settings cannot be repeated.
				return nil, &Error{p.pos, "quantifier does not follow a repeatable item"}
			}
			if last.Kind == Assert || last.Kind == Empty {
				q, err := p.quant(last)
				if err != nil {
					return nil, err
				}
				items[len(items)-1] = q
				continue
			}
			q, err := p.quant(last)
			if err != nil {
				return nil, err
			}
			items[len(items)-1] = q
			continue
		}
		n, err := p.atom()
		if err != nil {
			return nil, err
		}
		if n != nil && (n.Kind != Empty || n.Name != "skip") {
			// \E and (?#…) are transparent: a quantifier after them
			// applies to the item before.
			items = append(items, n)
		}
	}
	if len(items) == 1 {
		return items[0], nil
	}
	if len(items) == 0 {
		return &Node{Kind: Empty, Start: start, End: p.pos}, nil
	}
	return &Node{Kind: Concat, Subs: items, Start: start, End: p.pos}, nil
}

// isQuantStart reports whether a quantifier starts at i.
func isQuantStart(s string, i int) bool {
	switch s[i] {
	case '*', '+', '?':
		return true
	case '{':
		_, _, n := braceQuant(s, i)
		return n > 0
	}
	return false
}

// braceQuant reads {n}, {n,} or {n,m} at i; n is its length, 0 if none
// (then '{' is a literal, as in PCRE).
func braceQuant(s string, i int) (lo, hi, n int) {
	j := i + 1
	d := j
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == d || j >= len(s) {
		return 0, 0, 0
	}
	lo, err := strconv.Atoi(s[d:j])
	if err != nil {
		lo = 1 << 30
	}
	if s[j] == '}' {
		return lo, lo, j + 1 - i
	}
	if s[j] != ',' {
		return 0, 0, 0
	}
	j++
	d = j
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j >= len(s) || s[j] != '}' {
		return 0, 0, 0
	}
	if j == d {
		return lo, -1, j + 1 - i
	}
	hi, err = strconv.Atoi(s[d:j])
	if err != nil {
		hi = 1 << 30
	}
	return lo, hi, j + 1 - i
}

func (p *parser) quant(sub *Node) (*Node, error) {
	start := p.pos
	q := &Node{Kind: Repeat, Subs: []*Node{sub}, Start: sub.Start}
	switch p.peek() {
	case '*':
		q.Min, q.Max = 0, -1
		p.pos++
	case '+':
		q.Min, q.Max = 1, -1
		p.pos++
	case '?':
		q.Min, q.Max = 0, 1
		p.pos++
	case '{':
		lo, hi, n := braceQuant(p.src, p.pos)
		if lo > 65535 || hi > 65535 {
			return nil, &Error{start, "number too big in {} quantifier"}
		}
		if hi >= 0 && hi < lo {
			return nil, &Error{start, "numbers out of order in {} quantifier"}
		}
		q.Min, q.Max = lo, hi
		p.pos += n
	}
	if p.more() && p.peek() == '?' {
		q.Lazy = true
		p.pos++
	} else if p.more() && p.peek() == '+' {
		q.Possessive = true
		p.pos++
	}
	q.End = p.pos
	return q, nil
}

func (p *parser) char(b byte) *Node {
	n := &Node{Kind: Char, Start: p.pos - 1, End: p.pos}
	n.Set.Add(b)
	if p.caseless {
		foldSet(&n.Set)
	}
	return n
}

func foldSet(s *Set) {
	for c := 'a'; c <= 'z'; c++ {
		u := byte(c) - 'a' + 'A'
		if s.Has(byte(c)) || s.Has(u) {
			s.Add(byte(c))
			s.Add(u)
		}
	}
}

func (p *parser) atom() (*Node, error) {
	start := p.pos
	c := p.peek()
	switch c {
	case '(':
		return p.group()
	case '[':
		return p.class()
	case '.':
		p.pos++
		n := &Node{Kind: Char, Start: start, End: p.pos}
		n.Set.Invert()
		if !p.dotall {
			n.Set[0] &^= 1 << '\n'
		}
		return n, nil
	case '^':
		p.pos++
		return &Node{Kind: Assert, Name: AssertBegin, Start: start, End: p.pos}, nil
	case '$':
		p.pos++
		return &Node{Kind: Assert, Name: AssertEnd, Start: start, End: p.pos}, nil
	case '\\':
		return p.escape(false)
	}
	p.pos++
	return p.char(c), nil
}

// escape reads a backslash sequence outside (inClass false) or inside a
// class. Inside a class it returns a Char node or nil for a non-set item.
func (p *parser) escape(inClass bool) (*Node, error) {
	start := p.pos
	p.pos++
	if !p.more() {
		return nil, &Error{start, `\ at end of pattern`}
	}
	c := p.peek()
	p.pos++
	n := &Node{Kind: Char, Start: start}
	set := func(s Set) (*Node, error) {
		n.Set = s
		n.End = p.pos
		return n, nil
	}
	switch c {
	case 'd', 'D', 'w', 'W', 's', 'S', 'h', 'H', 'v', 'V', 'N', 'R':
		s := shorthand(c)
		return set(s)
	case 'n':
		return p.lit(n, '\n')
	case 't':
		return p.lit(n, '\t')
	case 'r':
		return p.lit(n, '\r')
	case 'f':
		return p.lit(n, '\f')
	case 'e':
		return p.lit(n, 0x1b)
	case 'a':
		return p.lit(n, 0x07)
	case 'x':
		v := 0
		if p.more() && p.peek() == '{' {
			end := strings.IndexByte(p.src[p.pos:], '}')
			if end < 0 {
				return p.opaque(start)
			}
			x, err := strconv.ParseUint(p.src[p.pos+1:p.pos+end], 16, 32)
			p.pos += end + 1
			if err != nil {
				return p.opaque(start)
			}
			v = int(x)
		} else {
			k := 0
			for k < 2 && p.more() && isHex(p.peek()) {
				d, _ := strconv.ParseUint(p.src[p.pos:p.pos+1], 16, 8)
				v = v*16 + int(d)
				p.pos++
				k++
			}
		}
		if v > 255 {
			return p.opaque(start)
		}
		return p.lit(n, byte(v))
	case 'c':
		if !p.more() {
			return nil, &Error{start, `\c at end of pattern`}
		}
		b := p.peek()
		p.pos++
		if b >= 'a' && b <= 'z' {
			b -= 32
		}
		return p.lit(n, b^0x40)
	case 'Q':
		// \Q…\E: literal text.
		end := strings.Index(p.src[p.pos:], `\E`)
		text := p.src[p.pos:]
		if end >= 0 {
			text = p.src[p.pos : p.pos+end]
			p.pos += end + 2
		} else {
			p.pos = len(p.src)
		}
		if inClass {
			if text == "" {
				return nil, nil
			}
			var s Set
			for i := 0; i < len(text); i++ {
				s.Add(text[i])
			}
			return set(s)
		}
		cat := &Node{Kind: Concat, Start: start, End: p.pos}
		for i := 0; i < len(text); i++ {
			ch := &Node{Kind: Char, Start: start, End: p.pos}
			ch.Set.Add(text[i])
			if p.caseless {
				foldSet(&ch.Set)
			}
			cat.Subs = append(cat.Subs, ch)
		}
		if len(cat.Subs) == 0 {
			cat.Kind, cat.Name = Empty, "skip"
		}
		return cat, nil
	case 'E':
		if inClass {
			return nil, nil
		}
		return &Node{Kind: Empty, Name: "skip", Start: start, End: p.pos}, nil
	}
	if inClass {
		switch c {
		case 'b':
			return p.lit(n, 0x08)
		case 'p', 'P', 'X':
			p.skipProperty(c)
			return p.opaque(start)
		}
		if c >= '0' && c <= '7' {
			return p.lit(n, p.octal(c))
		}
		if isAlnum(c) {
			return p.opaque(start)
		}
		return p.lit(n, c)
	}
	switch c {
	case 'b', 'B', 'A', 'z', 'Z', 'G', 'K':
		name := `\` + string(c)
		return &Node{Kind: Assert, Name: name, Start: start, End: p.pos}, nil
	case 'p', 'P', 'X':
		p.skipProperty(c)
		return p.opaque(start)
	case 'g', 'k':
		// Back references and subroutine calls.
		if p.more() && (p.peek() == '{' || p.peek() == '<' || p.peek() == '\'') {
			closer := map[byte]byte{'{': '}', '<': '>', '\'': '\''}[p.peek()]
			if end := strings.IndexByte(p.src[p.pos+1:], closer); end >= 0 {
				name := p.src[p.pos+1 : p.pos+1+end]
				if validName(name) && (c == 'k' || p.peek() == '{') {
					p.namedRefs = append(p.namedRefs, namedRef{name, p.pos + 1})
				}
				p.pos += end + 2
			}
		} else {
			if p.more() && (p.peek() == '-' || p.peek() == '+') {
				p.pos++
			}
			for p.more() && p.peek() >= '0' && p.peek() <= '9' {
				p.pos++
			}
		}
		return p.opaque(start)
	}
	if c >= '1' && c <= '9' {
		// A back reference. \1…\9 always are; \10 and up may be octal
		// escapes, depending on the number of groups.
		// \8 and \9 were literals in old PCRE: only \1…\7 are checked.
		if c <= '7' && (!p.more() || p.peek() < '0' || p.peek() > '9') {
			p.backrefs = append(p.backrefs, backref{int(c - '0'), start + 1})
		}
		for p.more() && p.peek() >= '0' && p.peek() <= '9' {
			p.pos++
		}
		return p.opaque(start)
	}
	if c == '0' {
		return p.lit(n, p.octal(c))
	}
	if isAlnum(c) {
		// PCRE2 rejects unknown letter escapes, PCRE1 took some literally;
		// either way we do not model it.
		return p.opaque(start)
	}
	return p.lit(n, c)
}

// octal reads up to two more octal digits after the digit first.
func (p *parser) octal(first byte) byte {
	v := int(first - '0')
	for k := 0; k < 2 && p.more() && p.peek() >= '0' && p.peek() <= '7'; k++ {
		v = v*8 + int(p.peek()-'0')
		p.pos++
	}
	return byte(v)
}

func (p *parser) skipProperty(c byte) {
	if c == 'X' {
		return
	}
	if p.more() && p.peek() == '{' {
		if end := strings.IndexByte(p.src[p.pos:], '}'); end >= 0 {
			p.pos += end + 1
			return
		}
	}
	if p.more() {
		p.pos++
	}
}

func (p *parser) lit(n *Node, b byte) (*Node, error) {
	n.Set.Add(b)
	if p.caseless {
		foldSet(&n.Set)
	}
	n.End = p.pos
	return n, nil
}

// opaque returns a node that may match anything, and marks the regex.
func (p *parser) opaque(start int) (*Node, error) {
	p.re.Opaque = true
	n := &Node{Kind: Opaque, Start: start, End: p.pos}
	n.Set.Invert()
	return n, nil
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func shorthand(c byte) Set {
	var s Set
	switch c | 0x20 {
	case 'd':
		s.AddRange('0', '9')
	case 'w':
		s.AddRange('0', '9')
		s.AddRange('a', 'z')
		s.AddRange('A', 'Z')
		s.Add('_')
	case 's':
		for _, b := range []byte{' ', '\t', '\n', '\r', '\f', '\v'} {
			s.Add(b)
		}
	case 'h':
		s.Add(' ')
		s.Add('\t')
		s.Add(0xa0)
	case 'v':
		for _, b := range []byte{'\n', '\v', '\f', '\r', 0x85} {
			s.Add(b)
		}
	case 'n':
		// \N: any byte but newline.
		s.Invert()
		var nl Set
		nl.Add('\n')
		for i := range s {
			s[i] &^= nl[i]
		}
		return s
	case 'r':
		for _, b := range []byte{'\n', '\v', '\f', '\r', 0x85} {
			s.Add(b)
		}
		return s
	}
	if c >= 'A' && c <= 'Z' {
		s.Invert()
	}
	return s
}

var posixClasses = map[string]func(*Set){
	"alpha":  func(s *Set) { s.AddRange('a', 'z'); s.AddRange('A', 'Z') },
	"digit":  func(s *Set) { s.AddRange('0', '9') },
	"alnum":  func(s *Set) { s.AddRange('a', 'z'); s.AddRange('A', 'Z'); s.AddRange('0', '9') },
	"lower":  func(s *Set) { s.AddRange('a', 'z') },
	"upper":  func(s *Set) { s.AddRange('A', 'Z') },
	"space":  func(s *Set) { u := shorthand('s'); s.Union(&u) },
	"blank":  func(s *Set) { s.Add(' '); s.Add('\t') },
	"punct":  func(s *Set) { s.AddRange('!', '/'); s.AddRange(':', '@'); s.AddRange('[', '`'); s.AddRange('{', '~') },
	"xdigit": func(s *Set) { s.AddRange('0', '9'); s.AddRange('a', 'f'); s.AddRange('A', 'F') },
	"word":   func(s *Set) { u := shorthand('w'); s.Union(&u) },
	"print":  func(s *Set) { s.AddRange(' ', '~') },
	"graph":  func(s *Set) { s.AddRange('!', '~') },
	"cntrl":  func(s *Set) { s.AddRange(0, 31); s.Add(127) },
	"ascii":  func(s *Set) { s.AddRange(0, 127) },
}

func (p *parser) class() (*Node, error) {
	start := p.pos
	p.pos++ // [
	if err := topPosix(p.src, start); err != nil {
		return nil, err
	}
	n := &Node{Kind: Char, Start: start}
	neg := false
	if p.more() && p.peek() == '^' {
		neg = true
		p.pos++
	}
	first := true
	var prev = -1 // last single byte added, for ranges
	for {
		if !p.more() {
			return nil, &Error{start, "missing terminating ] for character class"}
		}
		c := p.peek()
		if c == ']' && !first {
			p.pos++
			break
		}
		first = false
		if c == '[' && p.pos+1 < len(p.src) && (p.src[p.pos+1] == ':' || p.src[p.pos+1] == '.' || p.src[p.pos+1] == '=') {
			delim := p.src[p.pos+1]
			end := strings.Index(p.src[p.pos+2:], string(delim)+"]")
			if end >= 0 {
				name := p.src[p.pos+2 : p.pos+2+end]
				if delim != ':' {
					return nil, &Error{p.pos, "POSIX collating elements are not supported"}
				}
				name = strings.TrimPrefix(name, "^")
				fn, ok := posixClasses[name]
				if !ok {
					return nil, &Error{p.pos, "unknown POSIX class name"}
				}
				var s Set
				fn(&s)
				if strings.HasPrefix(p.src[p.pos+2:], "^") {
					s.Invert()
				}
				n.Set.Union(&s)
				p.pos += 2 + end + 2
				prev = -1
				continue
			}
		}
		var lo int
		if c == '\\' {
			e, err := p.escape(true)
			if err != nil {
				return nil, err
			}
			if e == nil {
				continue
			}
			if e.Kind == Opaque || e.Set.Count() != 1 {
				n.Set.Union(&e.Set)
				prev = -1
				continue
			}
			lo = firstByte(&e.Set)
		} else {
			p.pos++
			lo = int(c)
		}
		// A range?
		if p.pos+1 < len(p.src) && p.peek() == '-' && p.src[p.pos+1] != ']' {
			save := p.pos
			p.pos++
			var hi int
			hc := p.peek()
			switch {
			case hc == '\\':
				e, err := p.escape(true)
				if err != nil {
					return nil, err
				}
				if e == nil || e.Kind == Opaque || e.Set.Count() != 1 {
					// [a-\d]: '-' is literal in PCRE1, an error in PCRE2.
					p.re.Opaque = true
					n.Set.Add(byte(lo))
					n.Set.Add('-')
					if e != nil {
						n.Set.Union(&e.Set)
					}
					continue
				}
				hi = firstByte(&e.Set)
			case hc == '[' && p.pos+1 < len(p.src) && p.src[p.pos+1] == ':':
				p.pos = save
				n.Set.Add(byte(lo))
				prev = lo
				continue
			default:
				p.pos++
				hi = int(hc)
			}
			if hi < lo {
				return nil, &Error{save - 1, "range out of order in character class"}
			}
			n.Set.AddRange(byte(lo), byte(hi))
			prev = -1
			continue
		}
		n.Set.Add(byte(lo))
		prev = lo
	}
	_ = prev
	if p.caseless {
		foldSet(&n.Set)
	}
	if neg {
		n.Set.Invert()
	}
	n.End = p.pos
	return n, nil
}

func firstByte(s *Set) int {
	for c := 0; c < 256; c++ {
		if s.Has(byte(c)) {
			return c
		}
	}
	return -1
}

func (p *parser) group() (*Node, error) {
	start := p.pos
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > 250 {
		return nil, &Error{start, "parentheses are too deeply nested"}
	}
	p.pos++ // (
	g := &Node{Kind: Group, Start: start}
	var body *Node
	var err error
	switch {
	case strings.HasPrefix(p.src[p.pos:], "?#"):
		end := strings.IndexByte(p.src[p.pos:], ')')
		if end < 0 {
			return nil, &Error{start, "missing ) after (?# comment"}
		}
		p.pos += end + 1
		return &Node{Kind: Empty, Name: "skip", Start: start, End: p.pos}, nil
	case strings.HasPrefix(p.src[p.pos:], "*"):
		// A verb such as (*FAIL) or (*SKIP), or (*positive_lookahead:…).
		p.re.Opaque = true
		end := strings.IndexByte(p.src[p.pos:], ')')
		if end < 0 {
			return nil, &Error{start, "missing closing parenthesis"}
		}
		if colon := strings.IndexByte(p.src[p.pos:p.pos+end], ':'); colon < 0 {
			p.pos += end + 1
			n, _ := p.opaque(start)
			return n, nil
		} else {
			p.pos += colon + 1
		}
		body, err = p.alt()
		g.Kind = Opaque
		g.Set.Invert()
	case !strings.HasPrefix(p.src[p.pos:], "?"):
		p.re.Groups++
		g.Capture = p.re.Groups
		body, err = p.alt()
	default:
		body, err = p.special(g)
		if body == nil && err == nil {
			// An option setting such as (?i): no group, nothing to repeat.
			return &Node{Kind: Empty, Name: "option", Start: start, End: p.pos}, nil
		}
	}
	if err != nil {
		return nil, err
	}
	if !p.more() || p.peek() != ')' {
		return nil, &Error{start, "missing closing parenthesis"}
	}
	p.pos++
	g.Subs = []*Node{body}
	g.End = p.pos
	return g, nil
}

// special reads the (?… forms after "(". It returns a nil body for a bare
// option setting, which applies to the rest of the enclosing group.
func (p *parser) special(g *Node) (*Node, error) {
	start := g.Start
	rest := p.src[p.pos+1:] // after '?'
	switch {
	case strings.HasPrefix(rest, ":"):
		p.pos += 2
		return p.alt()
	case strings.HasPrefix(rest, "|"):
		// Branch reset: group numbers restart in each branch.
		p.re.GroupsExact = false
		p.pos += 2
		return p.alt()
	case strings.HasPrefix(rest, ">"):
		p.pos += 2
		g.Possessive = true
		return p.alt()
	case strings.HasPrefix(rest, "="), strings.HasPrefix(rest, "!"):
		p.pos += 2
		g.Kind, g.Name = Assert, AssertLookahead
		return p.alt()
	case strings.HasPrefix(rest, "<="), strings.HasPrefix(rest, "<!"):
		p.pos += 3
		g.Kind, g.Name = Assert, AssertLookbehnd
		return p.alt()
	case strings.HasPrefix(rest, "<"), strings.HasPrefix(rest, "P<"), strings.HasPrefix(rest, "'"):
		open := 1
		closer := byte('>')
		switch rest[0] {
		case 'P':
			open = 2
		case '\'':
			closer = '\''
		}
		nameStart := p.pos + 1 + open
		end := strings.IndexByte(p.src[nameStart:], closer)
		if end < 0 {
			return nil, &Error{start, "syntax error in subpattern name (missing terminator?)"}
		}
		name := p.src[nameStart : nameStart+end]
		if !validName(name) {
			return nil, &Error{nameStart, "subpattern name expected"}
		}
		if _, dup := p.re.Names[name]; dup {
			// Duplicate names need the J option; stay neutral.
			p.re.Opaque = true
		}
		p.re.Groups++
		g.Capture = p.re.Groups
		g.Name = name
		if p.re.Names == nil {
			p.re.Names = map[string]int{}
		}
		p.re.Names[name] = g.Capture
		p.pos = nameStart + end + 1
		return p.alt()
	case strings.HasPrefix(rest, "("):
		// Conditional group.
		p.re.Opaque = true
		p.re.GroupsExact = false
		p.pos += 1
		body, err := p.alt()
		g.Kind = Opaque
		g.Set.Invert()
		return body, err
	case strings.HasPrefix(rest, "R"), strings.HasPrefix(rest, "&"), strings.HasPrefix(rest, "P="),
		strings.HasPrefix(rest, "P>"), strings.HasPrefix(rest, "C"),
		len(rest) > 0 && (rest[0] >= '0' && rest[0] <= '9' || rest[0] == '+' || rest[0] == '-' && len(rest) > 1 && rest[1] >= '0' && rest[1] <= '9'):
		// Recursion, subroutine calls, named back references, callouts.
		return p.skipOpaqueGroup(g)
	}
	// Option letters: (?imsxnJU-imsx) or (?imsx:…), (?^…).
	i := p.pos + 1
	on := true
	caseless, extended, dotall := p.caseless, p.extended, p.dotall
	for i < len(p.src) {
		c := p.src[i]
		switch c {
		case 'i':
			caseless = on
		case 'x':
			extended = on
		case 's':
			dotall = on
		case 'm', 'J', 'U':
		case 'n':
			if on {
				p.re.GroupsExact = false
			}
		case '-':
			on = false
		case '^':
			caseless, extended, dotall = false, false, false
		case ')':
			p.caseless, p.extended, p.dotall = caseless, extended, dotall
			p.pos = i + 1
			return nil, nil
		case ':':
			saveC, saveE, saveD := p.caseless, p.extended, p.dotall
			p.caseless, p.extended, p.dotall = caseless, extended, dotall
			p.pos = i + 1
			body, err := p.alt()
			p.caseless, p.extended, p.dotall = saveC, saveE, saveD
			return body, err
		default:
			// Letters newer PCRE2 releases added as options (a, r) and
			// (?* (non-atomic lookahead) are left alone.
			if c != 'a' && c != 'r' && c != '*' && c != '<' && c != '\'' {
				return nil, &Error{i, "unrecognized character after (? or (?-"}
			}
			// Something we do not know: stay neutral.
			return p.skipOpaqueGroup(g)
		}
		i++
	}
	return nil, &Error{start, "missing closing parenthesis"}
}

// skipOpaqueGroup skips a group body this reader does not model up to its
// ')' and turns g into an opaque node that may match anything.
func (p *parser) skipOpaqueGroup(g *Node) (*Node, error) {
	p.re.Opaque = true
	end := strings.IndexByte(p.src[p.pos:], ')')
	if end < 0 {
		return nil, &Error{g.Start, "missing closing parenthesis"}
	}
	p.pos += end
	g.Kind = Opaque
	g.Set.Invert()
	return &Node{Kind: Empty, Start: g.Start, End: p.pos}, nil
}

func validName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) && s[i] != '_' {
			return false
		}
	}
	return true
}

// topPosix reports PCRE's error for a class that is itself written like a
// POSIX class, "[:alpha:]" instead of "[[:alpha:]]".
func topPosix(src string, open int) error {
	if open+2 >= len(src) {
		return nil
	}
	delim := src[open+1]
	if delim != ':' && delim != '.' && delim != '=' {
		return nil
	}
	j := open + 2
	for j < len(src) && (src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || src[j] == '^') {
		j++
	}
	if j+1 >= len(src) || src[j] != delim || src[j+1] != ']' || j == open+2 {
		return nil
	}
	if delim == ':' {
		return &Error{open, "POSIX named classes are supported only within a class"}
	}
	return &Error{open, "POSIX collating elements are not supported"}
}
