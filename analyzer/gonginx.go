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

// parseGonginx builds gonginx's tree of src. gonginx reports some inputs by
// panicking; those become errors here.
func parseGonginx(src []byte) (cfg *config.Config, err error) {
	defer func() {
		if r := recover(); r != nil {
			cfg, err = nil, fmt.Errorf("gonginx panicked: %v", r)
		}
	}()
	return parser.NewStringParser(string(src), gonginxOptions...).Parse()
}

// link attaches gonginx's nodes to our statements. gonginx reorders some
// children (http, upstream), so statements are matched by name: the k-th
// directive called n in a block is the k-th gonginx node called n there.
// A node is linked only when its name and argument count agree.
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
		d.Node = n
		if d.Block == nil || d.Block.Raw {
			continue
		}
		if b := n.GetBlock(); b != nil {
			link(d.Block.Items, b.GetDirectives())
		}
	}
}
