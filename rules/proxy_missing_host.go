package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "proxy-missing-host",
		Title:    "proxy_pass to an upstream group, IP or socket with no proxy_set_header Host",
		Severity: analyzer.Info,
		Default:  false,
		Run:      runProxyMissingHost,
	})
}

func runProxyMissingHost(p *analyzer.Pass) {
	whole := -1 // wholeConfig, asked once when needed
	p.Each([]string{"proxy_pass"}, func(d *analyzer.Directive) {
		if len(d.Args()) != 1 || !d.Ctx.IsHTTP() || d.Args()[0].HasVar() || templatedValue(d.Args()[0].Value()) {
			return
		}
		addr := p.Analysis.ParseAddress(d)
		if addr == nil {
			return
		}
		sent := proxyHost(addr)
		if sent == "" {
			return // a DNS name: the Host it sends is usually the one the service wants
		}
		if p.Analysis.EffectiveField(d.Parent, "proxy_set_header", "host") != nil {
			return
		}
		for lvl := d.Parent; lvl != nil; lvl = lvl.Parent {
			if lvl.UnreadInclude() != nil {
				return // proxy_params and the like may set it
			}
		}
		if len(p.Analysis.EffectiveAt(d, "proxy_set_header")) == 0 {
			// Nothing set in view: an http{} out of view could set Host.
			if whole < 0 {
				whole = 0
				if wholeConfig(p) {
					whole = 1
				}
			}
			if whole == 0 {
				return
			}
		}
		p.Reportf(d, d.Args()[0].Range(), "the backend gets Host: %s, not the name the client asked for", analyzer.Snippet(sent)).
			Note("with no proxy_set_header Host in effect, nginx sends $proxy_host, the host of the proxy_pass address; a backend that serves several names, checks allowed hosts or writes absolute links sees %q", sent).
			Note("add proxy_set_header Host $host; beside the other proxy_set_header lines of this level (an inner level's lines replace the outer ones); if the backend wants its own name, write it there")
	})
}

// proxyHost is the Host nginx sends for addr by default ($proxy_host),
// for the addresses that name no site: an upstream group, an IP literal,
// a unix socket, localhost. "" otherwise.
func proxyHost(addr *analyzer.Address) string {
	host := addr.Host
	switch addr.Kind {
	case analyzer.AddrUnix:
		return "localhost"
	case analyzer.AddrGroup:
	case analyzer.AddrIP:
	case analyzer.AddrStatic:
		if !strings.EqualFold(host, "localhost") {
			return ""
		}
	default:
		return ""
	}
	def := "80"
	if strings.EqualFold(addr.Scheme, "https") {
		def = "443"
	}
	if addr.Port != "" && addr.Port != def {
		host += ":" + addr.Port
	}
	return host
}
