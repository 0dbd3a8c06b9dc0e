package pcre

import "fmt"

// Backtrack describes a part of a pattern a backtracking matcher (PCRE) can
// try in exponentially many ways on a subject that almost matches.
type Backtrack struct {
	// Outer is the repeated element; Inner the ambiguous part inside it.
	Outer, Inner *Node
	Why          string
}

// unbounded reports whether a repeat may run many times.
func unbounded(n *Node) bool { return n.Kind == Repeat && (n.Max < 0 || n.Max > 16) && !n.Possessive }

// Backtracking finds nested quantifiers and overlapping alternatives under
// a quantifier: (a+)+, (\w+\s?)*, (\d|\w)+, (.*/)* . A repeated body that
// must consume a delimiter its inner repeats cannot match, such as
// (/[a-z]+)*, has one way to split a subject and is not reported.
func (r *Regex) Backtracking() []Backtrack {
	var out []Backtrack
	var visit func(n *Node, atomic bool)
	visit = func(n *Node, atomic bool) {
		if n.Kind == Group && n.Possessive || n.Kind == Assert {
			atomic = true
		}
		if !atomic && unbounded(n) {
			if b, ok := r.check(n); ok {
				out = append(out, b)
				return // one report per outermost repeat
			}
		}
		for _, s := range n.Subs {
			visit(s, atomic)
		}
	}
	visit(r.Root, false)
	return out
}

func unwrap(n *Node) *Node {
	for n.Kind == Group && n.Capture >= 0 && len(n.Subs) == 1 && !n.Possessive {
		n = n.Subs[0]
	}
	return n
}

func (r *Regex) check(outer *Node) (Backtrack, bool) {
	body := unwrap(outer.Subs[0])
	// Nested unbounded repeats.
	var inner []*Node
	Walk(body, func(n *Node) bool {
		if n.Kind == Assert || n.Kind == Group && n.Possessive {
			return false
		}
		if unbounded(n) {
			inner = append(inner, n)
			return false
		}
		return true
	})
	if len(inner) > 0 {
		var u Set
		for _, in := range inner {
			b := Bytes(in.Subs[0])
			u.Union(&b)
		}
		if !hasDelimiter(body, &u) {
			return Backtrack{Outer: outer, Inner: inner[0], Why: "nested quantifier"}, true
		}
	}
	// Alternatives that can match the same character.
	if body.Kind == Alt {
		for i, a := range body.Subs {
			for _, b := range body.Subs[i+1:] {
				if overlapSingle(a, b) {
					return Backtrack{Outer: outer, Inner: body, Why: "overlapping alternatives"}, true
				}
			}
		}
	}
	return Backtrack{}, false
}

// hasDelimiter reports whether body must consume a byte outside u in every
// iteration: a mandatory single-byte element of its top-level sequence
// whose bytes are all outside u.
func hasDelimiter(body *Node, u *Set) bool {
	items := []*Node{body}
	if body.Kind == Concat {
		items = body.Subs
	}
	for _, it := range items {
		it = unwrap(it)
		if it.Kind == Char && !it.Set.Intersects(u) {
			return true
		}
		if it.Kind == Repeat && it.Min >= 1 {
			s := unwrap(it.Subs[0])
			if s.Kind == Char && !s.Set.Intersects(u) {
				return true
			}
		}
	}
	return false
}

// overlapSingle reports whether two alternatives are single-byte elements
// (optionally repeated) that share a byte.
func overlapSingle(a, b *Node) bool {
	sa, oka := single(a)
	sb, okb := single(b)
	return oka && okb && sa.Intersects(&sb)
}

func single(n *Node) (Set, bool) {
	n = unwrap(n)
	if n.Kind == Repeat {
		n = unwrap(n.Subs[0])
	}
	if n.Kind == Char {
		return n.Set, true
	}
	return Set{}, false
}

// String describes the problem for a message.
func (b Backtrack) Describe(pattern string) string {
	outer := pattern[b.Outer.Start:b.Outer.End]
	inner := pattern[b.Inner.Start:b.Inner.End]
	if b.Why == "nested quantifier" {
		return fmt.Sprintf("%q repeats %q, which is itself repeated", outer, inner)
	}
	return fmt.Sprintf("%q repeats alternatives that can match the same character", outer)
}
