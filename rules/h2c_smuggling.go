package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "h2c-smuggling",
		Title:    "The client's Upgrade header is passed to the backend as is (h2c smuggling)",
		Severity: analyzer.Warning,
		Default:  false,
		Run:      runH2CSmuggling,
	})
}

func runH2CSmuggling(p *analyzer.Pass) {
	p.Each([]string{"proxy_set_header"}, func(d *analyzer.Directive) {
		if len(d.Args()) < 2 || !strings.EqualFold(d.Args()[0].Value(), "upgrade") {
			return
		}
		if strings.ToLower(strings.TrimSpace(d.Args()[1].Value())) != "$http_upgrade" {
			return
		}
		p.Reportf(d, d.Args()[1].Range(), "the client's Upgrade header goes to the backend as is").
			Note("with proxy_http_version 1.1 and Connection upgrade, nginx switches to a tunnel when the backend answers 101; a client that sends Upgrade: h2c makes a backend that speaks cleartext HTTP/2 take over the connection, and later requests on it bypass the locations, access rules and auth_request of nginx (h2c smuggling)").
			Note("pass only the protocol meant here: map $http_upgrade $ws_upgrade { ~*^websocket$ websocket; default \"\"; } and proxy_set_header Upgrade $ws_upgrade;")
	})
}
