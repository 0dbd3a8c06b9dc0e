package pcre

// Nullable reports whether n can match the empty string.
func Nullable(n *Node) bool {
	switch n.Kind {
	case Char, Opaque:
		return false
	case Concat:
		for _, s := range n.Subs {
			if !Nullable(s) {
				return false
			}
		}
		return true
	case Alt:
		for _, s := range n.Subs {
			if Nullable(s) {
				return true
			}
		}
		return false
	case Group:
		return Nullable(n.Subs[0])
	case Repeat:
		return n.Min == 0 || Nullable(n.Subs[0])
	}
	return true // Assert, Empty
}

// First returns the bytes a non-empty match of n can start with.
func First(n *Node) Set {
	var s Set
	switch n.Kind {
	case Char, Opaque:
		return n.Set
	case Concat:
		for _, sub := range n.Subs {
			f := First(sub)
			s.Union(&f)
			if !Nullable(sub) {
				break
			}
		}
	case Alt:
		for _, sub := range n.Subs {
			f := First(sub)
			s.Union(&f)
		}
	case Group, Repeat:
		if n.Kind == Group && n.Name != "" && len(n.Subs) == 0 {
			return s
		}
		return First(n.Subs[0])
	}
	return s
}

// Bytes returns every byte n can match anywhere.
func Bytes(n *Node) Set {
	var s Set
	switch n.Kind {
	case Char, Opaque:
		s = n.Set
	case Assert:
		// Lookarounds consume nothing.
	default:
		for _, sub := range n.Subs {
			b := Bytes(sub)
			s.Union(&b)
		}
	}
	return s
}

// Walk calls fn for n and every node under it; fn returns false to skip a
// node's children.
func Walk(n *Node, fn func(*Node) bool) {
	if n == nil || !fn(n) {
		return
	}
	for _, s := range n.Subs {
		Walk(s, fn)
	}
}

// Capture returns the group node with capture index i, or nil.
func (r *Regex) Capture(i int) *Node {
	var out *Node
	Walk(r.Root, func(n *Node) bool {
		if n.Kind == Group && n.Capture == i && out == nil {
			out = n
		}
		return out == nil
	})
	return out
}

// Before returns the element that must immediately precede n in a match,
// or nil when there is none or it is not fixed (n is first in its branch,
// or follows an optional element).
func (r *Regex) Before(target *Node) *Node {
	var prev *Node
	var found bool
	var visit func(n *Node, before *Node)
	visit = func(n *Node, before *Node) {
		if found {
			return
		}
		if n == target {
			prev, found = before, true
			return
		}
		switch n.Kind {
		case Concat:
			b := before
			for _, s := range n.Subs {
				visit(s, b)
				if s.Kind == Assert || s.Kind == Empty {
					continue
				}
				if s.Kind == Char || s.Kind == Group && len(s.Subs) == 1 && s.Subs[0].Kind == Char {
					b = s
				} else {
					b = nil
				}
			}
		case Group:
			for _, s := range n.Subs {
				visit(s, before)
			}
		default:
			for _, s := range n.Subs {
				visit(s, nil)
			}
		}
	}
	visit(r.Root, nil)
	if prev != nil && prev.Kind == Group {
		prev = prev.Subs[0]
	}
	return prev
}

// AtStart reports whether target can only match at the very start of the
// subject or right after a leading ^ (it is the first consuming element of
// the top-level sequence).
func (r *Regex) AtStart(target *Node) bool {
	root := r.Root
	if root == target {
		return true
	}
	if root.Kind != Concat {
		return false
	}
	for _, s := range root.Subs {
		if s == target {
			return true
		}
		if s.Kind == Assert || s.Kind == Empty {
			continue
		}
		return false
	}
	return false
}

// Last returns the consuming elements a match of the top level can end
// with, and whether the pattern is anchored at its end ($, \z, \Z) in
// every top-level branch.
func (r *Regex) EndAnchored() bool {
	return endAnchored(r.Root)
}

func endAnchored(n *Node) bool {
	switch n.Kind {
	case Assert:
		return n.Name == AssertEnd || n.Name == AssertTextEnd || n.Name == AssertTextEndNL
	case Concat:
		for i := len(n.Subs) - 1; i >= 0; i-- {
			s := n.Subs[i]
			if s.Kind == Empty {
				continue
			}
			if s.Kind == Assert && s.Name == AssertLookahead {
				// (?=…) at the end constrains what follows: treat as anchored
				// (we cannot tell what it allows).
				return true
			}
			return endAnchored(s)
		}
		return false
	case Alt:
		for _, s := range n.Subs {
			if !endAnchored(s) {
				return false
			}
		}
		return true
	case Group:
		return endAnchored(n.Subs[0])
	}
	return false
}

// StartAnchored reports whether every top-level branch begins with ^ or \A.
func (r *Regex) StartAnchored() bool { return startAnchored(r.Root) }

func startAnchored(n *Node) bool {
	switch n.Kind {
	case Assert:
		return n.Name == AssertBegin || n.Name == AssertTextBegin
	case Concat:
		for _, s := range n.Subs {
			if s.Kind == Empty {
				continue
			}
			return startAnchored(s)
		}
	case Alt:
		for _, s := range n.Subs {
			if !startAnchored(s) {
				return false
			}
		}
		return true
	case Group:
		return startAnchored(n.Subs[0])
	}
	return false
}
