package rules

import (
	"slices"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:        "weak-ssl-tls",
		Versioned: true,
		Title:     "SSLv3/TLS 1.0/TLS 1.1 or weak ciphers enabled",
		Severity:  analyzer.Warning,
		Default:   true,
		Fixable:   true,
		Run:       runWeakSSLTLS,
	})
}

var weakProtocols = map[string]string{
	"sslv2": "SSLv2", "sslv3": "SSLv3", "tlsv1": "TLSv1 (TLS 1.0)", "tlsv1.1": "TLSv1.1",
}

// weakCipher returns why an OpenSSL cipher-list word enables a weak
// cipher, or "" when it does not. Words starting with ! - or + only
// remove or reorder ciphers.
func weakCipher(w string) string {
	if w == "" || strings.ContainsAny(w[:1], "!-+@") {
		return ""
	}
	u := strings.ToUpper(w)
	switch {
	case u == "ANULL" || u == "ADH" || u == "AECDH" || strings.HasPrefix(u, "ADH-") || strings.HasPrefix(u, "AECDH-"):
		return "unauthenticated key exchange (anonymous DH)"
	case u == "ENULL" || u == "NULL" || strings.HasSuffix(u, "-NULL-SHA") || strings.Contains(u, "NULL-"):
		return "no encryption (NULL)"
	case strings.Contains(u, "EXP") && (u == "EXP" || u == "EXPORT" || strings.HasPrefix(u, "EXP-") || strings.HasPrefix(u, "EXPORT")):
		return "export-grade keys"
	case strings.Contains(u, "RC4"):
		return "RC4"
	case strings.Contains(u, "MD5"):
		return "MD5"
	case u == "DES" || u == "3DES" || strings.Contains(u, "DES-CBC") || strings.Contains(u, "-DES-"):
		return "DES/3DES (Sweet32)"
	case u == "LOW":
		return "LOW (56/64-bit) ciphers"
	case u == "RC2" || strings.Contains(u, "RC2-"):
		return "RC2"
	}
	return ""
}

// sslDirective reports whether name is ssl_protocols / ssl_ciphers or an
// upstream variant (proxy_ssl_protocols …); kind is "protocols"/"ciphers".
func sslDirective(name string) (kind string, ok bool) {
	switch {
	case name == "ssl_protocols" || strings.HasSuffix(name, "_ssl_protocols"):
		return "protocols", true
	case name == "ssl_ciphers" || strings.HasSuffix(name, "_ssl_ciphers"):
		return "ciphers", true
	}
	return "", false
}

func runWeakSSLTLS(p *analyzer.Pass) {
	seen := map[*analyzer.Directive]bool{}
	p.Walk(func(d *analyzer.Directive) bool {
		if d.Ctx.IsData() || d.Ctx == analyzer.CtxLua {
			return false
		}
		kind, ok := sslDirective(d.Name())
		switch {
		case ok && kind == "protocols":
			checkProtocols(p, d)
		case ok && kind == "ciphers":
			checkCiphers(p, d)
		case d.Name() == "listen" && d.Block == nil:
			checkDefaultProtocols(p, d, seen)
		}
		return true
	})
}

func checkProtocols(p *analyzer.Pass, d *analyzer.Directive) {
	var weak, strong []*analyzer.Arg
	for _, a := range d.Args() {
		if _, bad := weakProtocols[strings.ToLower(a.Value())]; bad {
			weak = append(weak, a)
		} else {
			strong = append(strong, a)
		}
	}
	if len(weak) == 0 {
		return
	}
	var names []string
	for _, a := range weak {
		if n := weakProtocols[strings.ToLower(a.Value())]; !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	side := "clients"
	if d.Name() != "ssl_protocols" {
		side = "the upstream connection"
	}
	f := p.Reportf(d, weak[0].Range(), "%s enables deprecated %s", d.Name(), strings.Join(names, ", ")).
		Note("these protocol versions are deprecated (RFC 8996) and rely on SHA-1/MD5 handshakes and CBC ciphers with known attacks").
		Note("current browsers refuse them, so they only serve %s that cannot be kept safe", side).
		Note("allow TLSv1.2 and TLSv1.3 only")
	keep := "TLSv1.2 TLSv1.3"
	if len(strong) > 0 {
		var raws []string
		for _, a := range strong {
			raws = append(raws, a.Raw())
		}
		keep = strings.Join(raws, " ")
	}
	edits := []analyzer.TextEdit{{Range: analyzer.Range{Start: d.Args()[0].Range().Start, End: d.Args()[len(d.Args())-1].Range().End}, NewText: keep}}
	f.Fixes = []analyzer.SuggestedFix{{Message: "remove the deprecated protocol versions", Safe: false, Edits: edits}}
}

func checkCiphers(p *analyzer.Pass, d *analyzer.Directive) {
	for _, a := range d.Args() {
		words := strings.FieldsFunc(a.Value(), func(r rune) bool { return r == ':' || r == ',' || r == ' ' })
		for _, w := range words {
			if why := weakCipher(w); why != "" {
				p.Reportf(d, a.Range(), "%s enables %q, broken or trivially weak", d.Name(), analyzer.Snippet(w)).
					Note("%q: %s, broken or trivially weak", w, why).
					Note("remove it (or start from HIGH:!aNULL:!MD5, or a current Mozilla intermediate list)")
				return
			}
		}
	}
}

// checkDefaultProtocols reports an ssl listen without ssl_protocols in
// scope when the targeted nginx is older than 1.23.4, whose default still
// enables TLS 1.0 and 1.1.
func checkDefaultProtocols(p *analyzer.Pass, d *analyzer.Directive, seen map[*analyzer.Directive]bool) {
	if !p.VersionSet() || p.TargetsAtLeast("1.23.4") {
		return
	}
	var ssl *analyzer.Arg
	for _, a := range d.Args()[min(1, len(d.Args())):] {
		if a.Value() == "ssl" {
			ssl = a
		}
	}
	if ssl == nil || len(d.InScope("ssl_protocols")) > 0 || seen[d.Parent] {
		return
	}
	seen[d.Parent] = true
	f := p.Reportf(d, ssl.Range(), "TLS without ssl_protocols on nginx %s leaves TLS 1.0 and 1.1 enabled", analyzer.Snippet(p.Config.NginxVersion)).
		Note("before 1.23.4 the default is TLSv1 TLSv1.1 TLSv1.2, so deprecated TLS 1.0 and 1.1 stay enabled")
	at, lead := insertAfter(d.File.Src, d.End().End.Offset)
	pos := d.File.Pos(at)
	f.Fixes = []analyzer.SuggestedFix{{
		Message: "set ssl_protocols TLSv1.2 TLSv1.3 in this server",
		Safe:    false,
		Edits:   []analyzer.TextEdit{{Range: analyzer.Range{Start: pos, End: pos}, NewText: lead + "ssl_protocols TLSv1.2 TLSv1.3;"}},
	}}
}
