package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/pcre"
)

func init() {
	register(&analyzer.Rule{
		ID:       "unreachable-location",
		Title:    "A location no request URI can reach",
		Severity: analyzer.Warning,
		Default:  true,
		Run:      runUnreachableLocation,
	})
}

// locEntry is one location of a level (a server, or a location holding
// nested ones) with its reading.
type locEntry struct {
	d     *analyzer.Directive
	loc   analyzer.Location
	shape *reShape // regex locations only; nil when not understood
}

func runUnreachableLocation(p *analyzer.Pass) {
	levels := map[*analyzer.Directive][]locEntry{}
	var order []*analyzer.Directive
	p.Each([]string{"location"}, func(d *analyzer.Directive) {
		loc, ok := d.LocationOf()
		if !ok || !d.Ctx.IsHTTP() || templatedValue(loc.Match) {
			return
		}
		e := locEntry{d: d, loc: loc}
		if loc.IsRegex() {
			if re, err := pcre.Parse(loc.Match, loc.Modifier == "~*"); err == nil && !re.Opaque {
				e.shape = shapeOf(re.Root)
			}
		}
		if _, seen := levels[d.Parent]; !seen {
			order = append(order, d.Parent)
		}
		levels[d.Parent] = append(levels[d.Parent], e)
	})
	for _, lvl := range order {
		checkLevel(p, levels[lvl])
	}
}

// maxLocationPairs is how many pairs of locations one level's check
// compares at most: thousands of regex locations in one block would make
// it quadratic (a real block has a few dozen).
const maxLocationPairs = 1 << 24

func checkLevel(p *analyzer.Pass, locs []locEntry) {
	// Only a regex read as literal text can take another location's URIs
	// (reShape.covers): those are listed once, in order, so that a level
	// of thousands of locations is not scanned again for each of them.
	var exact []*locEntry
	for i := range locs {
		if locs[i].shape != nil && locs[i].shape.exact {
			exact = append(exact, &locs[i])
		}
	}
	pairs, before := 0, 0 // pairs compared; exact regexes before the entry
	for j, e := range locs {
		if pairs > maxLocationPairs {
			p.Reportf(e.d, e.loc.Arg.Range(), "unreachable locations not looked for from here on: too many regex locations in this block").
				Note("the block has %d locations and %d regex locations read as literal text; comparing each with each stopped after %d pairs, to keep the check fast", len(locs), len(exact), maxLocationPairs).
				Severity = analyzer.Info
			return
		}
		if j > 0 && locs[j-1].shape != nil && locs[j-1].shape.exact {
			before++
		}
		switch {
		case e.loc.IsRegex():
			if e.shape == nil {
				continue
			}
			pairs += before
			for _, earlier := range exact[:before] {
				if earlier.shape.covers(e.shape) {
					p.Reportf(e.d, e.loc.Arg.Range(), "regex location never matches: %s %s, earlier, takes its URIs",
						earlier.loc.Modifier, analyzer.Snippet(earlier.loc.Match)).
						Note("%s %s (%s) is tried first: nginx tries the regex locations of a block in the order they are written and uses the first that matches", earlier.loc.Modifier, earlier.loc.Match, where(earlier.d, e.d)).
						Note("move this location above the broader one, or narrow the earlier regex").
						Relate(earlier.loc.Arg.Range(), "the regex tried first")
					break
				}
			}
		case e.loc.Modifier == "" || e.loc.Modifier == "^~" || e.loc.Modifier == "=":
			if neverMatchingPath(p, e) {
				continue
			}
			if e.loc.Modifier != "" || hasNestedLocation(e.d) {
				continue
			}
			pairs += len(exact)
			for _, r := range exact {
				if r.shape.coversPrefix(e.loc.Match) {
					p.Reportf(e.d, e.loc.Arg.Range(), "location never used: regex %s %s takes every URI under it",
						r.loc.Modifier, analyzer.Snippet(r.loc.Match)).
						Note("%s %s is at %s", r.loc.Modifier, r.loc.Match, where(r.d, e.d)).
						Note("nginx picks the longest prefix location, then tries the regex locations of the same block; a matching regex wins unless the prefix location has ^~").
						Note("write location ^~ %s to stop the regex search there, or exclude this path from the regex", analyzer.Snippet(e.loc.Match)).
						Relate(r.loc.Arg.Range(), "the regex that takes these URIs")
					break
				}
			}
		}
	}
}

// neverMatchingPath reports (and says so) an exact or prefix location whose
// text no normalised request URI can start with or equal.
func neverMatchingPath(p *analyzer.Pass, e locEntry) bool {
	m := e.loc.Match
	what := "location"
	switch {
	case m == "":
		return false
	case m[0] != '/':
		p.Reportf(e.d, e.loc.Arg.Range(), "%s never matches: request URIs always start with \"/\"", what).
			Note("nginx accepts the location but compares it with the request's path, which begins with \"/\" (a request target without it is refused with 400; an absolute URI is reduced to its path)").
			Note("write location %s/%s", modifierPrefix(e.loc.Modifier), analyzer.Snippet(m))
		return true
	case hasDotSegment(m):
		p.Reportf(e.d, e.loc.Arg.Range(), "%s never matches: nginx resolves \"/./\" and \"/../\" before matching", what).
			Note("the URI a location is compared with is normalised: \"/a/../b\" arrives as \"/b\"").
			Note("write the path as it arrives, without dot segments")
		return true
	case strings.Contains(m, "//") && mergesSlashes(e.d):
		p.Reportf(e.d, e.loc.Arg.Range(), "%s never matches: merge_slashes turns \"//\" in the URI into \"/\"", what).
			Note("with merge_slashes on (nginx's default) the URI a location is compared with has no empty segments").
			Note("write the path with single slashes")
		return true
	}
	return false
}

func modifierPrefix(mod string) string {
	if mod == "" {
		return ""
	}
	return mod + " "
}

// hasDotSegment reports whether path has a "." or ".." segment, which
// nginx's URI normalisation removes.
func hasDotSegment(path string) bool {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if i == 0 {
			continue // before the first "/"
		}
		if s == "." || s == ".." {
			return true
		}
	}
	return false
}

// mergesSlashes reports whether merge_slashes is on where d stands (on
// unless a server or http sets it off; not judged next to an unread
// include, which could set it).
func mergesSlashes(d *analyzer.Directive) bool {
	if ms := d.InScope("merge_slashes"); len(ms) > 0 {
		return len(ms[len(ms)-1].Args()) == 1 && strings.EqualFold(ms[len(ms)-1].Args()[0].Value(), "on")
	}
	for lvl := d.Parent; lvl != nil; lvl = lvl.Parent {
		for _, k := range lvl.Children() {
			if k.IsUnreadInclude() {
				return false
			}
		}
	}
	return true
}

func hasNestedLocation(d *analyzer.Directive) bool {
	found := false
	analyzer.Walk(d.Children(), func(k *analyzer.Directive) bool {
		if k.Name() == "location" {
			found = true
		}
		return !found
	})
	return found
}

// reShape is a regex read as runs of single-byte positions: every match
// holds each run at some place, the first right at the start of the URI
// when begin is set, the last right at its end when end is set. exact is
// set when the regex is nothing but [^] run [$] (one run, no other
// element): only then can it speak for other regexes.
type reShape struct {
	runs       [][]pcre.Set
	begin, end bool
	exact      bool
	// all: the regex matches every request URI.
	all bool
}

type reItem struct {
	kind int // itemChar, itemBegin, itemEnd, itemGap
	set  pcre.Set
}

const (
	itemChar = iota
	itemBegin
	itemEnd
	itemGap
)

// flatten lists n's elements in order; anything of variable length or
// with alternatives is a gap. Options (?m) and the like make the whole
// reading unreliable: ok is false.
func flatten(n *pcre.Node, out []reItem) ([]reItem, bool) {
	switch n.Kind {
	case pcre.Char:
		return append(out, reItem{kind: itemChar, set: n.Set}), true
	case pcre.Concat:
		for _, s := range n.Subs {
			var ok bool
			if out, ok = flatten(s, out); !ok {
				return nil, false
			}
		}
		return out, true
	case pcre.Group:
		if len(n.Subs) == 1 && !n.Possessive {
			return flatten(n.Subs[0], out)
		}
		return append(out, reItem{kind: itemGap}), true
	case pcre.Assert:
		switch n.Name {
		case pcre.AssertBegin, pcre.AssertTextBegin:
			return append(out, reItem{kind: itemBegin}), true
		case pcre.AssertEnd, pcre.AssertTextEnd, pcre.AssertTextEndNL:
			return append(out, reItem{kind: itemEnd}), true
		}
		// \b, lookarounds: they only narrow the matches; a gap keeps the
		// runs around them apart.
		return append(out, reItem{kind: itemGap}), true
	case pcre.Repeat:
		if n.Min == n.Max && n.Min > 0 && n.Min <= 16 && n.Subs[0].Kind == pcre.Char {
			for i := 0; i < n.Min; i++ {
				out = append(out, reItem{kind: itemChar, set: n.Subs[0].Set})
			}
			return out, true
		}
		if n.Min >= 1 && n.Subs[0].Kind == pcre.Char {
			return append(out, reItem{kind: itemChar, set: n.Subs[0].Set}, reItem{kind: itemGap}), true
		}
		if n.Min == 0 && n.Max == -1 && n.Subs[0].Kind == pcre.Char && isAnyButNewline(n.Subs[0].Set) {
			return append(out, reItem{kind: itemGap, set: anyGap}), true
		}
		return append(out, reItem{kind: itemGap}), true
	case pcre.Empty:
		if n.Name == "option" {
			return nil, false
		}
		return out, true
	}
	return append(out, reItem{kind: itemGap}), true
}

// anyGap marks a ".*" gap (its set is never read as a character).
var anyGap = pcre.Set{1, 0, 0, 0}

func isAnyButNewline(s pcre.Set) bool {
	for c := 0; c < 256; c++ {
		if c != '\n' && !s.Has(byte(c)) {
			return false
		}
	}
	return true
}

func shapeOf(root *pcre.Node) *reShape {
	items, ok := flatten(root, nil)
	if !ok {
		return nil
	}
	// A leading ".*" not after ^, or a trailing one not before $, changes
	// nothing about where the regex can match.
	if len(items) > 0 && items[0].kind == itemGap && items[0].set == anyGap {
		items = items[1:]
	}
	if k := len(items); k > 0 && items[k-1].kind == itemGap && items[k-1].set == anyGap {
		items = items[:k-1]
	}
	s := &reShape{exact: true}
	var cur []pcre.Set
	atStart := true
	flush := func() {
		if len(cur) > 0 {
			s.runs = append(s.runs, cur)
			cur = nil
		}
	}
	for i, it := range items {
		switch it.kind {
		case itemChar:
			cur = append(cur, it.set)
			atStart = false
		case itemBegin:
			if i == 0 {
				s.begin = true
			} else {
				s.exact = false
				flush()
			}
		case itemEnd:
			if i == len(items)-1 {
				s.end = true
			} else {
				s.exact = false
				flush()
			}
		case itemGap:
			s.exact = false
			flush()
			if atStart {
				s.begin = false
			}
			atStart = false
		}
	}
	flush()
	if !s.exact {
		// begin/end only count when the run touches them.
		s.begin = s.begin && len(items) > 1 && items[1].kind == itemChar
		s.end = s.end && len(items) > 1 && items[len(items)-2].kind == itemChar
	}
	if s.exact && len(s.runs) > 1 {
		s.exact = false
	}
	if s.exact && !s.end {
		switch {
		case len(s.runs) == 0:
			s.all = true // "", ".*", "^": every URI
		case len(s.runs[0]) == 1 && s.runs[0][0].Has('/'):
			s.all = true // "/", "^/", ".": every URI starts with "/"
		}
	}
	if s.exact && s.end && !s.begin && len(s.runs) == 0 {
		s.all = true // "$"
	}
	return s
}

// subset reports whether every byte of b is in a.
func subset(a, b pcre.Set) bool {
	for i := range a {
		if b[i]&^a[i] != 0 {
			return false
		}
	}
	return true
}

// fitsAt reports whether lit, placed at offset off of run, takes every
// byte run can have there.
func fitsAt(lit, run []pcre.Set, off int) bool {
	if off < 0 || off+len(lit) > len(run) {
		return false
	}
	for i, s := range lit {
		if !subset(s, run[off+i]) {
			return false
		}
	}
	return true
}

// covers reports whether regex s matches every URI regex t matches.
func (s *reShape) covers(t *reShape) bool {
	if !s.exact {
		return false
	}
	if s.all {
		return true
	}
	if len(s.runs) == 0 {
		return false
	}
	lit := s.runs[0]
	switch {
	case !s.begin && !s.end:
		for _, run := range t.runs {
			for off := 0; off+len(lit) <= len(run); off++ {
				if fitsAt(lit, run, off) {
					return true
				}
			}
		}
	case s.begin && !s.end:
		return t.begin && len(t.runs) > 0 && fitsAt(lit, t.runs[0], 0)
	case !s.begin && s.end:
		if t.end && len(t.runs) > 0 {
			last := t.runs[len(t.runs)-1]
			return fitsAt(lit, last, len(last)-len(lit))
		}
	default:
		return t.exact && t.begin && t.end && len(t.runs) == 1 && len(t.runs[0]) == len(lit) && fitsAt(lit, t.runs[0], 0)
	}
	return false
}

// coversPrefix reports whether regex s matches every URI that starts with
// path.
func (s *reShape) coversPrefix(path string) bool {
	if !s.exact {
		return false
	}
	if s.all {
		return true
	}
	if s.end || len(s.runs) == 0 {
		return false
	}
	run := make([]pcre.Set, len(path))
	for i := 0; i < len(path); i++ {
		run[i].Add(path[i])
	}
	lit := s.runs[0]
	if s.begin {
		return fitsAt(lit, run, 0)
	}
	for off := 0; off+len(lit) <= len(run); off++ {
		if fitsAt(lit, run, off) {
			return true
		}
	}
	return false
}
