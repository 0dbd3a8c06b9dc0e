package analyzer

import (
	"fmt"
	"strings"

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

// gonginxBatch is the most text handed to gonginx in one parse: the
// upstream server lines of a large file go to it in batches of about this
// size, so that the tree it builds stays small whatever the file's size.
const gonginxBatch = 64 << 10

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

// linkUnit has gonginx parse the unit's upstream `server` lines and links
// the *config.UpstreamServer nodes it builds to our statements.
//
// Those nodes are the only part of gonginx's tree a typed view reads
// (d.UpstreamServer). Every other statement's meaning comes from its
// scanned arguments, a location's through gonginx's own constructor (see
// LocationOf), so gonginx is not given the rest of the file: parsing it
// costs more than the whole analysis does without it, for nodes that would
// be dropped at once. Each server line's text, from its name to its `;`,
// as gonginx should read it (errors blanked, see scanner.gonginxInput), is
// copied on a line of its own into batches of about gonginxBatch bytes. A
// line without its `;` is not linked: its typed view comes from the
// constructor too.
func linkUnit(u *Unit) {
	src := u.gonginxSrc
	var (
		batch strings.Builder
		group []*Directive
	)
	flush := func() {
		if len(group) == 0 {
			return
		}
		if err := linkText(group, batch.String()); err != nil && u.GonginxErr == nil {
			u.GonginxErr = err
		}
		batch.Reset()
		group = group[:0]
	}
	var visit func(items []*Directive)
	visit = func(items []*Directive) {
		for _, d := range items {
			if b := d.Block; b != nil {
				if !b.Raw && !ChildContext(d.Ctx, d.Name).IsData() {
					visit(b.Items)
				}
				continue
			}
			start, end := int(d.nameAt.start), int(d.endAt.end)
			if !IsUpstreamServer(d) || end <= start || end > len(src) || src[end-1] != ';' {
				continue
			}
			text := src[start:end]
			if batch.Len() > 0 && batch.Len()+len(text) > gonginxBatch {
				flush()
			}
			batch.WriteString(text)
			batch.WriteByte('\n')
			group = append(group, d)
		}
	}
	visit(u.Items)
	flush()
}

// linkText parses src, the text of items one after the other, with gonginx
// and links the i-th node gonginx built to the i-th item. When gonginx reads
// a different number of statements than we do, no node can be trusted to
// belong to its line and none is linked.
func linkText(items []*Directive, src string) error {
	cfg, err := parseGonginx(src)
	if err != nil || cfg == nil || cfg.Block == nil {
		return err
	}
	nodes := cfg.GetDirectives()
	if len(nodes) != len(items) {
		return fmt.Errorf("gonginx read %d statements where there are %d", len(nodes), len(items))
	}
	for i, n := range nodes {
		if us := keep(n); us != nil {
			items[i].extra().upstream = us
		}
	}
	return nil
}

// keep returns what is held of a gonginx node: an upstream server line's
// address, flags and parameters as gonginx read them (not its Parent, which
// would hold the rest of gonginx's tree), and nothing of other statements.
func keep(n config.IDirective) *config.UpstreamServer {
	if n, ok := n.(*config.UpstreamServer); ok {
		return &config.UpstreamServer{Address: n.Address, Flags: n.Flags, Parameters: n.Parameters}
	}
	return nil
}
