package rules

import (
	"net/netip"
	"net/url"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "ssl-stapling-without-resolver",
		Title:    "ssl_stapling on without a resolver for the OCSP responder's name",
		Severity: analyzer.Warning,
		Default:  true,
		Run:      runStaplingWithoutResolver,
	})
}

func runStaplingWithoutResolver(p *analyzer.Pass) {
	p.Each([]string{"ssl_stapling"}, func(d *analyzer.Directive) {
		if !strings.EqualFold(d.Arg(0), "on") {
			return
		}
		for _, t := range staplingTargets(d) {
			if staplingNeedsNoResolver(t) {
				continue
			}
			p.Reportf(d, d.NameRange(), "ssl_stapling on without a resolver for the OCSP responder's name").
				Note("nginx looks up the OCSP responder named in the certificate (e.g. r3.o.lencr.org) once at start-up with the system resolver, keeps that address for good and logs \"no resolver defined to resolve …\" at every refresh").
				Note("if the lookup fails at start, stapling is silently disabled").
				Note("add a resolver (a local or network-internal DNS server) in this server or http")
			break
		}
	})
}

// staplingTargets are the places an ssl_stapling (or ssl_ocsp) line
// applies: its own level, or each server below an http-level setting that
// does not turn it off (by its first child).
func staplingTargets(d *analyzer.Directive) []*analyzer.Directive {
	if d.Ctx != analyzer.CtxHTTP && d.Ctx != analyzer.CtxStream && d.Ctx != analyzer.CtxMain {
		return []*analyzer.Directive{d}
	}
	var targets []*analyzer.Directive
	for _, s := range d.Siblings() {
		if s.Name() != "server" || s.Block == nil {
			continue
		}
		off := false
		for _, k := range s.Children() {
			if k.Name() == d.Name() && strings.EqualFold(k.Arg(0), "off") {
				off = true
			}
		}
		if !off && len(s.Children()) > 0 {
			targets = append(targets, s.Children()[0])
		}
	}
	if len(targets) == 0 {
		targets = []*analyzer.Directive{d}
	}
	return targets
}

// staplingNeedsNoResolver reports whether OCSP stapling at t has what it
// needs: a resolver in scope, a stapling file, or a responder given as an
// IP address.
func staplingNeedsNoResolver(t *analyzer.Directive) bool {
	if len(t.InScope("resolver")) > 0 || len(t.InScope("ssl_stapling_file")) > 0 {
		return true
	}
	for _, r := range t.InScope("ssl_stapling_responder") {
		u, err := url.Parse(r.Arg(0))
		if err != nil {
			continue
		}
		if _, err := netip.ParseAddr(strings.Trim(u.Hostname(), "[]")); err == nil {
			return true
		}
	}
	return false
}
