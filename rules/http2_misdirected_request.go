package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "http2-misdirected-request",
		Title:    "A default TLS server with ssl_reject_handshake and HTTP/2 that does not answer 421",
		Severity: analyzer.Warning,
		Default:  true,
		Run:      runHTTP2MisdirectedRequest,
	})
}

func runHTTP2MisdirectedRequest(p *analyzer.Pass) {
	// HTTP/2 on a listen applies to its address:port, whichever server
	// writes it.
	h2Addrs := map[string]bool{}
	p.Each([]string{"listen"}, func(l *analyzer.Directive) {
		for _, a := range l.Args()[min(1, len(l.Args())):] {
			if a.Value() == "http2" {
				h2Addrs[listenAddr(l)] = true
			}
		}
	})
	p.Each([]string{"server"}, func(srv *analyzer.Directive) {
		if srv.Block == nil || srv.Ctx != analyzer.CtxHTTP {
			return
		}
		rh := lastInScope(srv, "ssl_reject_handshake")
		if rh == nil || !strings.EqualFold(rh.Arg(0), "on") {
			return
		}
		var deflt, tls, h2 bool
		for _, l := range srv.Find("listen") {
			for _, a := range l.Args()[min(1, len(l.Args())):] {
				switch a.Value() {
				case "default_server", "default":
					deflt = true
				case "ssl":
					tls = true
				}
			}
			if h2Addrs[listenAddr(l)] {
				h2 = true
			}
		}
		if on := lastInScope(srv, "http2"); on != nil && strings.EqualFold(on.Arg(0), "on") {
			h2 = true
		}
		if !deflt || !tls || !h2 || answers421(srv) {
			return
		}
		at := rh.Args()[0].Range()
		p.Reportf(rh, at, "default server rejects TLS handshakes but answers HTTP/2 requests sent to it").
			Note("a browser reuses an HTTP/2 connection opened for another name of the same certificate; a request whose Host matches no server_name then lands here after the handshake, and this server answers it with its own content").
			Note("add location / { return 421; }: 421 Misdirected Request makes the client retry on a new connection, whose handshake ssl_reject_handshake refuses")
	})
}

// lastInScope is the last directive named name in effect in block b.
func lastInScope(b *analyzer.Directive, name string) *analyzer.Directive {
	found := b.Find(name)
	if len(found) == 0 {
		found = b.InScope(name) // the levels around b
	}
	if len(found) > 0 {
		return found[len(found)-1]
	}
	return nil
}

// answers421 reports whether a server answers every request with 421: a
// return 421 at server level, or in location /.
func answers421(srv *analyzer.Directive) bool {
	for _, k := range srv.Children() {
		if k.Name() == "return" && k.Arg(0) == "421" {
			return true
		}
		if loc, ok := k.LocationOf(); ok && (loc.Modifier == "" || loc.Modifier == "^~") && loc.Match == "/" {
			for _, r := range k.Find("return") {
				if r.Arg(0) == "421" {
					return true
				}
			}
		}
	}
	return false
}
