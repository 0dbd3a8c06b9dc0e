package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "ssl-ecdh-curve",
		Title:    "ssl_ecdh_curve names post-quantum groups that older OpenSSL refuses at start-up",
		Severity: analyzer.Warning,
		Default:  true,
		Run:      runSSLECDHCurve,
	})
}

// pqGroup reports whether an OpenSSL group name is a post-quantum hybrid
// or ML-KEM group (OpenSSL 3.5's X25519MLKEM768, SecP256r1MLKEM768, …) or a
// pre-standard Kyber draft name (X25519Kyber768Draft00), which stock
// OpenSSL has never known.
func pqGroup(name string) (pq, draft bool) {
	l := strings.ToLower(name)
	switch {
	case strings.Contains(l, "kyber"):
		return true, true
	case strings.Contains(l, "mlkem"):
		return true, false
	}
	return false, false
}

func runSSLECDHCurve(p *analyzer.Pass) {
	p.Each([]string{"ssl_ecdh_curve"}, func(d *analyzer.Directive) {
		if len(d.Args()) != 1 {
			return
		}
		var strict, tolerant, drafts []string
		for _, g := range strings.Split(d.Args()[0].Value(), ":") {
			name := strings.TrimPrefix(g, "?")
			pq, draft := pqGroup(name)
			switch {
			case !pq:
			case draft:
				drafts = append(drafts, name)
			case strings.HasPrefix(g, "?"):
				tolerant = append(tolerant, name)
			default:
				strict = append(strict, name)
			}
		}
		switch {
		case len(drafts) > 0:
			p.Reportf(d, d.Args()[0].Range(), "ssl_ecdh_curve names %s, a Kyber draft group stock OpenSSL does not know", drafts[0]).
				Note("nginx refuses to start: SSL_CTX_set1_curves_list(...) failed ... group '%s' cannot be set (measured on nginx 1.22.1 with OpenSSL 3.0)", drafts[0]).
				Note("OpenSSL 3.5 and later offer the standard X25519MLKEM768 instead; only BoringSSL-based builds know the draft names")
		case len(strict) > 0:
			p.Reportf(d, d.Args()[0].Range(), "ssl_ecdh_curve names %s, which OpenSSL before 3.5 refuses at start-up", strict[0]).
				Note("the ML-KEM groups arrived in OpenSSL 3.5; with an older library nginx refuses to start: SSL_CTX_set1_curves_list(...) failed ... group '%s' cannot be set (measured on nginx 1.22.1 with OpenSSL 3.0)", strict[0]).
				Note("keep it only where nginx is built with OpenSSL 3.5 or later, or write ?%s so that newer OpenSSL skips a group it lacks", strict[0])
		case len(tolerant) > 0:
			f := p.Reportf(d, d.Args()[0].Range(), "ssl_ecdh_curve uses ?%s, a prefix OpenSSL 3.0 does not understand", tolerant[0]).
				Note("measured on nginx 1.22.1 with OpenSSL 3.0: nginx refuses to start, group '?%s' cannot be set", tolerant[0]).
				Note("the ? prefix only helps with an OpenSSL that understands it; leave the post-quantum groups out where nginx is built with OpenSSL 3.0")
			f.Severity = analyzer.Info
		}
	})
}
