package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "dynamic-proxy-scheme",
		Title:    "The scheme of proxy_pass changes per request",
		Severity: analyzer.Warning,
		Default:  true,
		Run:      runDynamicProxyScheme,
	})
}

func runDynamicProxyScheme(p *analyzer.Pass) {
	vm := newVarModel(p)
	p.Each([]string{"proxy_pass"}, func(d *analyzer.Directive) {
		if len(d.Args()) != 1 || !d.Ctx.IsHTTP() || !d.Args()[0].HasVar() || templatedValue(d.Args()[0].Value()) {
			return
		}
		raw := d.Args()[0].Value()
		for _, v := range expandSets(vm, d, raw, 3) {
			name := schemeVar(v)
			if name == "" || isCapture(name) || len(vm.setsFor(d, name)) > 0 || fixedMap(vm, name) || envsubstRef(raw, name) {
				continue // no variable scheme, or judged through its set values
			}
			switch {
			case name == "scheme" || name == "https":
				if !servesBoth(d) {
					continue // one kind of listen: the scheme is the same for every request
				}
				p.Reportf(d, d.Args()[0].Range(), "the scheme of proxy_pass is the client's ($%s): the backend gets TLS or plain HTTP by request", name).
					Note("this server takes both http and https requests; nginx talks TLS to the backend for the https ones and plain HTTP for the others, and a backend port speaks only one of them: the other half fail (502), or travel unencrypted").
					Note("write the scheme the backend speaks: proxy_pass https://… or http://…")
			case vm.maps[name] != nil && vm.surelyNot(d, name, propClient):
				p.Reportf(d, d.Args()[0].Range(), "proxy_pass scheme comes from $%s, a map of variables", analyzer.Snippet(name)).
					Note("nginx talks TLS to the backend when the value is \"https\", plain HTTP when it is \"http\", and answers 500 for anything else").
					Note("write the scheme the backend speaks, or give the map literal values only")
			default:
				// The client's own values are ssrf's; a variable defined
				// out of view (a snippet's includer) is not judged.
				continue
			}
			return
		}
	})
}

// schemeVar returns the variable that gives URL value its scheme: one
// standing right before the first literal "://" ("" when the scheme is
// literal or no "://" is written).
func schemeVar(value string) string {
	segs := splitVars(value)
	for i, s := range segs {
		if s.v != "" {
			continue
		}
		if k := strings.Index(s.lit, "://"); k >= 0 {
			if k == 0 && i > 0 && segs[i-1].v != "" {
				return segs[i-1].v
			}
			return ""
		}
	}
	return ""
}

// servesBoth reports whether the server around d takes both plain and TLS
// connections (true, too, where the server is not in view: a fragment).
func servesBoth(d *analyzer.Directive) bool {
	srv := d.Enclosing("server")
	if srv == nil {
		return true
	}
	plain, tls := false, false
	for _, k := range srv.Children() {
		if k.Name() == "listen" {
			secure := false
			for _, a := range k.Args()[min(1, len(k.Args())):] {
				if a.Value() == "ssl" || a.Value() == "quic" {
					secure = true
				}
			}
			if secure {
				tls = true
			} else {
				plain = true
			}
		}
		if k.IsUnreadInclude() {
			return false
		}
	}
	if !plain && !tls {
		plain = true // no listen: *:80
	}
	return plain && tls
}
