package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "quic-reuseport",
		Title:    "listen … quic without reuseport while several worker processes run",
		Severity: analyzer.Warning,
		Default:  true,
		Fixable:  true,
		Run:      runQUICReuseport,
	})
}

func runQUICReuseport(p *analyzer.Pass) {
	root := p.Analysis.Root
	if root.Ctx != analyzer.CtxMain {
		return // a fragment: the number of workers is not known
	}
	workers := ""
	for _, d := range root.Children() {
		if d.Name() == "worker_processes" {
			workers = strings.ToLower(d.Arg(0))
		}
	}
	if workers == "" || workers == "1" {
		return // nginx's default is one worker
	}
	type group struct {
		first     *analyzer.Directive
		reuseport bool
	}
	groups := map[string]*group{}
	var order []string
	p.Each([]string{"listen"}, func(d *analyzer.Directive) {
		if !d.Ctx.IsHTTP() || len(d.Args()) == 0 || !listenHas("quic")(d) {
			return
		}
		key := listenKey(d.Args()[0].Value())
		g := groups[key]
		if g == nil {
			g = &group{first: d}
			groups[key] = g
			order = append(order, key)
		}
		g.reuseport = g.reuseport || listenHas("reuseport")(d)
	})
	for _, key := range order {
		g := groups[key]
		if g.reuseport {
			continue
		}
		d := g.first
		last := d.Args()[len(d.Args())-1].Range().End
		f := p.Reportf(d, d.Args()[0].Range(), "listen … quic on %s without reuseport, with worker_processes %s", analyzer.Snippet(key), workers).
			Note("nginx's QUIC guide: along with quic, specify reuseport to make it work properly with multiple workers; without it, one UDP socket is shared and packets of a QUIC connection can reach a worker that does not hold it")
		f.Fixes = []analyzer.SuggestedFix{{Message: "add reuseport to one listen … quic of this address (nginx allows it once per address and port)", Safe: false,
			Edits: []analyzer.TextEdit{{Range: analyzer.Range{Start: last, End: last}, NewText: " reuseport"}}}}
	}
}
