package rules

import (
	"strconv"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "hsts-header",
		Title:    "Strict-Transport-Security is missing, malformed or short-lived",
		Severity: analyzer.Warning,
		Default:  true,
		Run:      runHSTSHeader,
	})
}

// hstsMinAge is the shortest max-age not reported as short: 180 days.
const hstsMinAge = 180 * 24 * 3600

func runHSTSHeader(p *analyzer.Pass) {
	p.Each([]string{"server"}, func(d *analyzer.Directive) {
		if d.Block == nil || d.Ctx != analyzer.CtxHTTP {
			return
		}
		tls, listen := serverTLS(d)
		var hsts []headerSet
		analyzer.Walk([]*analyzer.Directive{d}, func(k *analyzer.Directive) bool {
			for _, h := range headersSetBy(k) {
				if h.name == "strict-transport-security" {
					hsts = append(hsts, h)
				}
			}
			return !k.Ctx.IsData()
		})
		if len(hsts) == 0 && tls {
			f := p.Reportf(listen, listen.Range(), "this HTTPS server sends no Strict-Transport-Security header").
				Note("browsers keep trying plain http:// first, where an attacker on the network can strip the redirect to HTTPS").
				Note("add add_header Strict-Transport-Security \"max-age=31536000\" always; at server level (or set it in the application)")
			f.Severity = analyzer.Info
		}
		for _, h := range hsts {
			checkHSTSValue(p, h)
		}
	})
}

// serverTLS reports whether a server terminates TLS (a listen with ssl or
// quic, or ssl on) and returns its first listen directive.
func serverTLS(srv *analyzer.Directive) (bool, *analyzer.Directive) {
	var first *analyzer.Directive
	tls := false
	for _, k := range srv.Children() {
		switch k.Name() {
		case "listen":
			if first == nil {
				first = k
			}
			for _, a := range k.Args[min(1, len(k.Args)):] {
				if a.Value() == "ssl" || a.Value() == "quic" {
					tls = true
					first = k
				}
			}
		case "ssl":
			if k.Arg(0) == "on" {
				tls = true
			}
		}
	}
	if tls && first == nil {
		first = srv
	}
	return tls, first
}

func checkHSTSValue(p *analyzer.Pass, h headerSet) {
	if strings.Contains(h.value, "$") {
		return
	}
	age := -1
	for _, part := range strings.Split(h.value, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		if strings.EqualFold(strings.TrimSpace(k), "max-age") {
			n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(v), `"`))
			if err != nil || n < 0 {
				age = -2
			} else {
				age = n
			}
		}
	}
	switch {
	case age == -1:
		p.Reportf(h.d, h.arg.Range(), "Strict-Transport-Security without max-age: browsers ignore the header").
			Note("max-age is required; without it browsers ignore the header entirely").
			Note("write max-age=31536000")
	case age == -2:
		p.Reportf(h.d, h.arg.Range(), "Strict-Transport-Security with an invalid max-age: browsers ignore the header").
			Note("max-age takes a number of seconds, such as 31536000")
	case age > 0 && age < hstsMinAge:
		f := p.Reportf(h.d, h.arg.Range(), "Strict-Transport-Security max-age=%d is under 180 days", age).
			Note("a visitor who returns after it expires is exposed to HTTPS stripping again").
			Note("use at least 15552000 (31536000 is common, and required for the preload list)")
		f.Severity = analyzer.Info
	}
}
