package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "host-spoofing",
		Title:    "The Host header sent upstream is taken from the client unchecked",
		Severity: analyzer.Warning,
		Default:  true,
		Fixable:  true,
		Run:      runHostSpoofing,
	})
}

func runHostSpoofing(p *analyzer.Pass) {
	vm := newVarModel(p)
	p.Each([]string{"proxy_set_header", "grpc_set_header"}, func(d *analyzer.Directive) {
		if (d.Name() != "proxy_set_header" && d.Name() != "grpc_set_header") || len(d.Args()) < 2 {
			return
		}
		name := strings.ToLower(d.Args()[0].Value())
		if name != "host" && name != ":authority" {
			return
		}
		val := d.Args()[1]
		for _, s := range splitVars(val.Value()) {
			if s.v == "" || s.v == "host" || !vm.has(d, s.v, propClient) {
				continue
			}
			f := p.Reportf(d, val.Range(), "the Host header sent upstream comes from $%s, which the client sets freely", analyzer.Snippet(s.v)).
				Note("unlike $host, nginx neither lower-cases nor checks it against the server that matched (a request line with an absolute URI or a catch-all server_name lets any value through)").
				Note("the backend builds links, redirects and password-reset mails for a host the attacker picks")
			if s.v == "http_host" && val.Value() == "$http_host" {
				f.Fixes = []analyzer.SuggestedFix{{
					Message: "send the validated host, $host (it drops a port the client sent)",
					Safe:    false,
					Edits:   []analyzer.TextEdit{{Range: val.Range(), NewText: "$host"}},
				}}
			} else {
				f.Note("use $host")
			}
			break
		}
	})
}
