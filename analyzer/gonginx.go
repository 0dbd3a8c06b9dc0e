package analyzer

import (
	"fmt"

	"github.com/tufanbarisyildirim/gonginx/config"
	"github.com/tufanbarisyildirim/gonginx/parser"
)

// gonginxOptions: no unknown-directive check (that is a rule of ours), and
// data blocks whose entries are not directives.
var gonginxOptions = []parser.Option{
	parser.WithSkipValidDirectivesErr(),
	parser.WithSkipValidBlocks("geo", "split_clients", "match", "charset_map", "types", "map"),
	parser.WithSkipComments(),
}

// gonginxChunk is the size of the pieces gonginx parses a large file in.
// gonginx keeps a whole tree of its own, about seven times the size of its
// input; parsing statement groups of this size one after another, and
// keeping only the nodes the typed views read, bounds that to one piece.
// gonginx reads statements by name whatever block they stand in (an
// upstream `server` line is an *UpstreamServer wherever it is), so a piece
// parses as it would inside the whole file.
const gonginxChunk = 128 << 10

// parseGonginx builds gonginx's tree of src. gonginx reports some inputs by
// panicking; those become errors here.
func parseGonginx(src string) (cfg *config.Config, err error) {
	defer func() {
		if r := recover(); r != nil {
			cfg, err = nil, fmt.Errorf("gonginx panicked: %v", r)
		}
	}()
	return parser.NewStringParser(src, gonginxOptions...).Parse()
}

// linkUnit has gonginx parse the unit and links the nodes to its
// statements. A unit whose blocks are all closed is parsed in pieces of
// about gonginxChunk bytes (see there); one with unclosed blocks, for which
// gonginx gets the missing braces appended, is parsed whole.
func linkUnit(u *Unit) {
	src := u.gonginxSrc
	if len(src) != len(u.File.Src) || len(src) <= gonginxChunk {
		u.GonginxErr = linkText(u.Items, src)
		return
	}
	linkChunks(u, u.Items, src)
}

// linkChunks links items in groups of consecutive statements of about
// gonginxChunk bytes. A block statement larger than that is not linked
// itself (no typed view reads http, server or upstream nodes); its
// statements are, in groups. Data and Lua blocks are parsed whole.
func linkChunks(u *Unit, items []*Directive, src string) {
	var group []*Directive
	flush := func() {
		if len(group) == 0 {
			return
		}
		start, end := group[0].nameAt.start, stmtEnd(group[len(group)-1])
		if err := linkText(group, src[start:end]); err != nil && u.GonginxErr == nil {
			u.GonginxErr = err
		}
		group = group[:0]
	}
	size := 0
	for _, d := range items {
		n := stmtEnd(d) - d.nameAt.start
		if d.Block != nil && !d.Block.Raw && !ChildContext(d.Ctx, d.Name).IsData() && n > gonginxChunk {
			flush()
			size = 0
			linkChunks(u, d.Block.Items, src)
			continue
		}
		if size+n > gonginxChunk {
			flush()
			size = 0
		}
		group = append(group, d)
		size += n
	}
	flush()
}

// stmtEnd is the offset just past a statement: its ';' or its block's '}'.
func stmtEnd(d *Directive) int {
	if d.Block != nil {
		return d.Block.close.end
	}
	return d.endAt.end
}

// linkText parses src with gonginx and links its top-level nodes to items.
func linkText(items []*Directive, src string) error {
	cfg, err := parseGonginx(src)
	if err != nil || cfg == nil || cfg.Block == nil {
		return err
	}
	link(items, cfg.GetDirectives())
	return nil
}

// link attaches gonginx's nodes to our statements. gonginx reorders some
// children (http, upstream), so statements are matched by name: the k-th
// directive called n in a block is the k-th gonginx node called n there.
// Only the nodes a typed view reads are kept (see keep); the rest of
// gonginx's tree is garbage once linking is done.
func link(items []*Directive, nodes []config.IDirective) {
	if len(items) == 0 || len(nodes) == 0 {
		return
	}
	byName := make(map[string][]config.IDirective, len(nodes))
	for _, n := range nodes {
		byName[n.GetName()] = append(byName[n.GetName()], n)
	}
	seen := make(map[string]int, len(byName))
	for _, d := range items {
		k := seen[d.Name]
		seen[d.Name] = k + 1
		cands := byName[d.Name]
		if k >= len(cands) {
			continue
		}
		n := cands[k]
		d.Node = keep(n)
		if d.Block == nil || d.Block.Raw {
			continue
		}
		if b := n.GetBlock(); b != nil {
			link(d.Block.Items, b.GetDirectives())
		}
	}
}

// keep returns what is held of a gonginx node: an upstream server line's
// address, flags and parameters as gonginx read them, a location's modifier
// and match (not the blocks around or inside them: the tree is ours), and
// nothing of other statements.
func keep(n config.IDirective) config.IDirective {
	switch n := n.(type) {
	case *config.UpstreamServer:
		// Not n itself: its Parent holds the whole upstream block.
		return &config.UpstreamServer{Address: n.Address, Flags: n.Flags, Parameters: n.Parameters}
	case *config.Location:
		return &config.Location{Modifier: n.Modifier, Match: n.Match}
	}
	return nil
}
