package rules

import (
	"maps"
	"net/netip"
	"slices"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "status-page-exposed",
		Title:    "stub_status or api reachable by any client",
		Severity: analyzer.Warning,
		Default:  true,
		Run:      runStatusPageExposed,
	})
}

// statusDirectives serve server internals.
var statusDirectives = map[string]string{
	"stub_status":                  "stub_status (connection counters)",
	"api":                          "the NGINX Plus API",
	"status":                       "the NGINX Plus status module",
	"vhost_traffic_status_display": "the per-virtual-host traffic status page",
	"check_status":                 "the upstream health-check status page",
}

func runStatusPageExposed(p *analyzer.Pass) {
	p.Each(slices.Collect(maps.Keys(statusDirectives)), func(d *analyzer.Directive) {
		what, ok := statusDirectives[d.Name()]
		if !ok || (d.Ctx != analyzer.CtxLocation && d.Ctx != analyzer.CtxServer) || d.Parent == nil {
			return
		}
		if d.Name() == "stub_status" && d.Arg(0) == "off" {
			return
		}
		loc := d.Parent
		if why := statusProtected(p, d); why != "" {
			return
		}
		list, _ := effectiveAccess(p, loc)
		detail := "no allow/deny rules apply"
		if len(list) > 0 {
			detail = "the allow/deny rules in effect let any client through"
		}
		writable := false
		for _, a := range d.Args() {
			writable = writable || a.Value() == "write=on"
		}
		if writable {
			what += ", writable,"
		}
		f := p.Reportf(d, d.NameRange(), "%s is served to any client that can reach this server", what).
			Note("%s, and there is no auth_basic, auth_request, internal or loopback-only listen", detail).
			Note("it tells outsiders your traffic volume and internals")
		if writable {
			f.Note("write=on: anyone can change upstream servers")
		}
		f.Note("add allow for your monitoring addresses followed by deny all")
	})
}

// statusProtected returns why the location of status directive d is not
// public, or "".
func statusProtected(p *analyzer.Pass, d *analyzer.Directive) string {
	loc := d.Parent
	for _, k := range loc.Children() {
		if k.Name() == "internal" {
			return "internal"
		}
	}
	list, _ := effectiveAccess(p, loc)
	if len(list) > 0 && !accessOpen(list) {
		return "access rules"
	}
	for _, name := range []string{"auth_basic", "auth_request", "auth_jwt"} {
		for _, a := range d.InScope(name) {
			if a.Arg(0) != "off" {
				return name
			}
		}
	}
	srv := loc
	if srv.Name() != "server" {
		srv = loc.Enclosing("server")
	}
	if srv != nil && listensLocalOnly(srv) {
		return "local listen"
	}
	return ""
}

// listensLocalOnly reports whether every listen of a server is a unix
// socket or a loopback address.
func listensLocalOnly(srv *analyzer.Directive) bool {
	listens := srv.Find("listen")
	if len(listens) == 0 {
		return false // *:80
	}
	for _, l := range listens {
		if !isLocalListen(l.Arg(0)) {
			return false
		}
	}
	return true
}

func isLocalListen(v string) bool {
	if strings.HasPrefix(v, "unix:") {
		return true
	}
	host := v
	if strings.HasPrefix(host, "[") {
		if i := strings.IndexByte(host, ']'); i > 0 {
			host = host[1:i]
		}
	} else if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	} else if !strings.ContainsAny(host, ".") {
		return false // a bare port: every address
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
