package analyzer

import "slices"

// smallBlock is the number of children below which lookups by name scan the
// list instead of building a map: most blocks are that small, and a map
// would cost more than it saves.
const smallBlock = 12

// kidIndex answers "which children of this level are called name" without
// scanning the level each time. Rules ask it for every location of every
// server, so at the http level of a large config a scan would make the
// analysis quadratic.
type kidIndex struct {
	kids   []*Directive
	byName map[string][]*Directive // nil for small levels
	pos    map[*Directive]int      // place of each child; nil for small levels
	unread *Directive              // the first include that could not be read
}

func newKidIndex(kids []*Directive) *kidIndex {
	x := &kidIndex{kids: kids}
	for _, k := range kids {
		if k.IsUnreadInclude() {
			x.unread = k
			break
		}
	}
	if len(kids) > smallBlock {
		x.byName = make(map[string][]*Directive)
		x.pos = make(map[*Directive]int, len(kids))
		for i, k := range kids {
			x.byName[k.Name()] = append(x.byName[k.Name()], k)
			x.pos[k] = i
		}
		for n, l := range x.byName {
			x.byName[n] = slices.Clip(l)
		}
	}
	return x
}

// find returns the children named name in source order. The result is
// shared: callers must not modify it (appending copies, as it is clipped).
func (x *kidIndex) find(name string) []*Directive {
	if x.byName != nil {
		return x.byName[name]
	}
	return findIn(x.kids, name)
}

// findAny returns the children named any of names, in source order.
func (x *kidIndex) findAny(names []string) []*Directive {
	if len(names) == 1 {
		return x.find(names[0])
	}
	var out []*Directive
	if x.byName == nil {
		for _, k := range x.kids {
			if slices.Contains(names, k.Name()) {
				out = append(out, k)
			}
		}
		return out
	}
	for _, n := range names {
		out = append(out, x.byName[n]...)
	}
	slices.SortFunc(out, func(a, b *Directive) int { return x.pos[a] - x.pos[b] })
	return out
}

// Place returns the position of d among its siblings (Siblings), from the
// level's index: no scan of the level.
func (d *Directive) Place() int { return d.levelIndex().place(d) }

// UnreadInclude returns the first of d's logical children that is an
// include not read (see IsUnreadInclude), or nil, without scanning them
// again.
func (d *Directive) UnreadInclude() *Directive { return d.index().unread }

// place returns the position of child k in the level, or -1.
func (x *kidIndex) place(k *Directive) int {
	if x.pos != nil {
		if i, ok := x.pos[k]; ok {
			return i
		}
		return -1
	}
	return slices.Index(x.kids, k)
}

// Preceding returns the directives named name at d's level that come before
// d, nearest first (includes expanded, as nginx reads them).
func (d *Directive) Preceding(name string) []*Directive {
	x := d.levelIndex()
	at := x.place(d)
	var out []*Directive
	same := x.find(name)
	for i := len(same) - 1; i >= 0; i-- {
		if x.place(same[i]) < at {
			out = append(out, same[i])
		}
	}
	return out
}

// index returns the lookup index of d's children, building it on first use
// (after loading, when the children no longer change).
func (d *Directive) index() *kidIndex {
	b := d.Block
	if b == nil {
		return noKids
	}
	if b.idx == nil {
		b.idx = newKidIndex(b.kids)
	}
	return b.idx
}

// noKids is the index of a directive without a block.
var noKids = newKidIndex(nil)

func (u *Unit) index() *kidIndex {
	if u.idx == nil {
		u.idx = newKidIndex(u.kids)
	}
	return u.idx
}

// levelIndex is the index of the level d stands in: its parent's children,
// or the top level of the linted file.
func (d *Directive) levelIndex() *kidIndex {
	if d.Parent != nil {
		return d.Parent.index()
	}
	if d.Root() != nil {
		return d.Root().index()
	}
	return &kidIndex{}
}
