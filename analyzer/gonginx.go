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
// the *config.UpstreamServer nodes it builds to our statements where they
// read a line differently from the scanned arguments (see linkText).
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
		if err := linkText(u, group, batch.String()); err != nil && u.GonginxErr == nil {
			u.GonginxErr = err
		}
		batch.Reset()
		group = group[:0]
	}
	var visit func(items []*Directive)
	visit = func(items []*Directive) {
		for _, d := range items {
			if b := d.Block; b != nil {
				if !b.Raw && !ChildContext(d.Ctx, d.Name()).IsData() {
					visit(b.Items)
				}
				continue
			}
			start, end := int(d.name), int(d.end)+1
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
// and compares the i-th node gonginx built with the i-th item. When gonginx
// reads a different number of statements than we do, no node can be trusted
// to belong to its line and none is kept. A node that reads its line as
// gonginx's constructor reads our scanned arguments adds nothing to the tree
// (UpstreamServer builds that same reading when asked) and is dropped; only
// a node that reads the line differently is kept, so a large file's upstream
// lines cost nothing once parsed.
func linkText(u *Unit, items []*Directive, src string) error {
	cfg, err := parseGonginx(src)
	if err != nil || cfg == nil || cfg.Block == nil {
		return err
	}
	nodes := cfg.GetDirectives()
	if len(nodes) != len(items) {
		return fmt.Errorf("gonginx read %d statements where there are %d", len(nodes), len(items))
	}
	for i, n := range nodes {
		us, ok := n.(*config.UpstreamServer)
		if !ok {
			continue
		}
		u.gonginxRead++
		if fits(us, items[i]) && !sameReading(us, items[i]) {
			items[i].extra().upstream = keep(us)
		}
	}
	return nil
}

// fits reports whether a node has one address, flag or parameter per
// argument of d; UpstreamServer does not use one that does not (a parameter
// given twice is one map entry).
func fits(us *config.UpstreamServer, d *Directive) bool {
	return len(us.Flags)+len(us.Parameters)+1 == len(d.Args())
}

// sameReading reports whether gonginx's node of an upstream server line,
// quotes removed, says what its constructor makes of d's arguments (see
// serverWords).
func sameReading(us *config.UpstreamServer, d *Directive) bool {
	if !fits(us, d) || unquote(us.Address) != d.Args()[0].Value() {
		return false
	}
	same, flags := true, 0
	serverWords(d, func(word, key, value string, param bool) bool {
		if param {
			w, ok := us.Parameters[key]
			same = ok && unquote(w) == value
		} else {
			same = unquote(us.Flags[flags]) == word
			flags++
		}
		return same
	})
	return same
}

// serverWords calls fn with each argument of an upstream server line after
// its address, read as gonginx's constructor reads it
// (config.NewUpstreamServer): one with '=' is a key=value parameter, any
// other a flag. It stops when fn returns false.
func serverWords(d *Directive, fn func(word, key, value string, param bool) bool) {
	for _, a := range d.Args()[1:] {
		w := a.Value()
		k, v, param := strings.Cut(w, "=")
		if !fn(w, k, v, param) {
			return
		}
	}
}

// keep returns what is held of an upstream server node: its address, flags
// and parameters as gonginx read them (not its Parent, which would hold the
// rest of gonginx's tree).
func keep(n *config.UpstreamServer) *config.UpstreamServer {
	return &config.UpstreamServer{Address: n.Address, Flags: n.Flags, Parameters: n.Parameters}
}
