package rules

import (
	"strconv"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// mailPorts are the ports from which nginx infers a mail server's protocol
// when it sets none (smtp, pop3, imap, and their TLS ports).
var mailPorts = map[int]bool{25: true, 465: true, 587: true, 110: true, 995: true, 143: true, 993: true}

// missingMailProtocol reports a mail server without protocol whose listen
// ports tell nginx none.
func missingMailProtocol(p *analyzer.Pass) {
	p.Each([]string{"server"}, func(s *analyzer.Directive) {
		if s.Ctx != analyzer.CtxMail || s.Block == nil {
			return
		}
		var listens []*analyzer.Directive
		for _, c := range s.Children() {
			switch {
			case c.Name() == "protocol" || c.IsUnreadInclude() || isTemplated(c.Name()):
				return
			case c.Name() == "listen" && len(c.Args()) > 0:
				addr := c.Args()[0].Value()
				port, err := strconv.Atoi(addr[strings.LastIndexByte(addr, ':')+1:])
				if err != nil || mailPorts[port] {
					return
				}
				listens = append(listens, c)
			}
		}
		if len(listens) == 0 {
			return // no listen: reported on its own
		}
		p.Reportf(s, s.NameRange(), "unknown mail protocol for server").
			Note("nginx refuses to start: the server sets no protocol, and none of its ports (%s) is one nginx infers it from (25, 465, 587, 110, 995, 143, 993)", listens[0].Args()[0].Raw()).
			Note("add protocol smtp, pop3 or imap")
	})
}

// onlyBackupServers reports an upstream whose every server is a backup
// one: nginx needs one it uses first.
func onlyBackupServers(p *analyzer.Pass, up *analyzer.Directive) {
	servers := 0
	for _, c := range up.Children() {
		if c.IsUnreadInclude() || isTemplated(c.Name()) {
			return
		}
		if c.Name() != "server" {
			continue
		}
		servers++
		if !c.HasFlag("backup") {
			return
		}
	}
	if servers > 0 {
		p.Reportf(up, up.NameRange(), "no servers in upstream %q", analyzer.Snippet(up.Arg(0))).
			Note("nginx refuses to start: every server of upstream %q is a backup server, and a backup is used only when another server fails", up.Arg(0)).
			Note("make one server a regular one (remove its backup)")
	}
}
