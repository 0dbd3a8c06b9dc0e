package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "ssl-stapling-letsencrypt",
		Title:    "ssl_stapling on for a Let's Encrypt certificate, which has no OCSP responder since 2025",
		Severity: analyzer.Warning,
		Default:  true,
		Run:      runSSLStaplingLetsEncrypt,
	})
}

func runSSLStaplingLetsEncrypt(p *analyzer.Pass) {
	p.Each([]string{"server"}, func(srv *analyzer.Directive) {
		if srv.Block == nil || srv.Ctx != analyzer.CtxHTTP {
			return
		}
		st := nearestAt(srv, "ssl_stapling")
		if st == nil || !isOn(st) || nearestAt(srv, "ssl_stapling_file") != nil {
			return
		}
		for _, c := range srv.Find("ssl_certificate") {
			if len(c.Args()) == 0 || !strings.Contains(strings.ToLower(c.Args()[0].Value()), "letsencrypt") {
				continue
			}
			p.Reportf(c, c.Args()[0].Range(), "ssl_stapling is on for a Let's Encrypt certificate, which has no OCSP URL").
				Note("Let's Encrypt stopped putting OCSP URLs in its certificates on 7 May 2025 and turned its OCSP responders off on 6 August 2025").
				Note("nginx then staples nothing and warns at start-up: \"ssl_stapling\" ignored, no OCSP responder URL in the certificate (measured on nginx 1.22.1 with a certificate without one)").
				Note("turn ssl_stapling (and ssl_stapling_verify) off for this server, set at line %d", line(st)).
				Relate(st.NameRange(), "ssl_stapling on")
			return
		}
	})
}

// nearestAt returns the last directive named name at level or, when it has
// none, at the nearest enclosing level that has one (the directive in
// effect for a one-value directive).
func nearestAt(level *analyzer.Directive, name string) *analyzer.Directive {
	for l := level; l != nil; l = l.Parent {
		if f := l.Find(name); len(f) > 0 {
			return f[len(f)-1]
		}
	}
	return nil
}
