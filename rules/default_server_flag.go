package rules

import (
	"fmt"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "default-server-flag",
		Title:    "Several servers share a listen address and none is marked default_server",
		Severity: analyzer.Info,
		Default:  true,
		Run:      runDefaultServerFlag,
	})
}

// listenKey normalises a listen address to nginx's address:port.
func listenKey(v string) string {
	v = strings.ToLower(v)
	if strings.HasPrefix(v, "unix:") {
		return v
	}
	if strings.HasPrefix(v, "[") {
		if i := strings.Index(v, "]:"); i > 0 {
			return v
		}
		return v + ":80"
	}
	if i := strings.LastIndexByte(v, ':'); i >= 0 {
		host := v[:i]
		if host == "" || host == "*" || host == "0.0.0.0" {
			host = "*"
		}
		return host + ":" + v[i+1:]
	}
	if strings.Trim(v, "0123456789") == "" {
		return "*:" + v
	}
	return v + ":80"
}

type listenEntry struct {
	server *analyzer.Directive
	listen *analyzer.Directive // nil: no listen, *:80
	isDef  bool
}

func runDefaultServerFlag(p *analyzer.Pass) {
	var https []*analyzer.Directive
	p.Walk(func(d *analyzer.Directive) bool {
		if d.Name() == "http" && d.Block != nil {
			https = append(https, d)
			return false
		}
		return !d.Ctx.IsData() && d.Ctx != analyzer.CtxLua
	})
	// Servers linted without their http{} (a conf.d or sites-enabled file
	// on its own) are not judged: another file may hold the default
	// server. Nor is an http{} with an include that was not read.
	for _, h := range https {
		if unreadIncludeHere(h) {
			continue
		}
		groups := map[string][]listenEntry{}
		var order []string
		for _, s := range kidsOf(p, h) {
			if s.Name() != "server" || s.Block == nil {
				continue
			}
			listens := s.Find("listen")
			if len(listens) == 0 {
				continue // *:80 (or *:8000): too often a leftover to judge
			}
			seen := map[string]bool{}
			for _, l := range listens {
				if len(l.Args()) == 0 {
					continue
				}
				key := listenKey(l.Args()[0].Value())
				if hasParam(l, "quic") {
					key += quicSuffix // its UDP socket has a default server of its own
				}
				if seen[key] {
					continue
				}
				seen[key] = true
				isDef := false
				for _, a := range l.Args()[1:] {
					if a.Value() == "default_server" || a.Value() == "default" {
						isDef = true
					}
				}
				if _, ok := groups[key]; !ok {
					order = append(order, key)
				}
				groups[key] = append(groups[key], listenEntry{server: s, listen: l, isDef: isDef})
			}
		}
		for _, key := range order {
			g := groups[key]
			if len(g) < 2 {
				continue
			}
			hasDef := false
			for _, e := range g {
				hasDef = hasDef || e.isDef
			}
			if hasDef {
				continue
			}
			first := g[0]
			names := serverNames(first.server)
			f := p.Reportf(first.listen, first.listen.Args()[0].Range(), "%d servers listen on %s and none is marked default_server", len(g), analyzer.Snippet(key)).
				Note("nginx sends requests whose Host matches no server_name (scanners, bare IPs, misspelled hosts) to the first one, here %s at line %d, which depends on file and include order",
					names, first.server.NameRange().Start.Line).
				Note("add default_server to the listen of the server meant to catch them (often one that returns 444)")
			for _, e := range g[1:min(len(g), 4)] {
				f.Relate(e.listen.Args()[0].Range(), "also listens on %s", analyzer.Snippet(key))
			}
		}
	}
}

func serverNames(s *analyzer.Directive) string {
	var out []string
	for _, sn := range s.Find("server_name") {
		for _, a := range sn.Args() {
			out = append(out, a.Value())
		}
	}
	if len(out) == 0 {
		return "the server without server_name"
	}
	return fmt.Sprintf("server_name %s", strings.Join(out, " "))
}
