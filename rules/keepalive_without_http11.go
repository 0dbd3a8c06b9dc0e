package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:        "keepalive-without-http11",
		Versioned: true,
		Title:     "Upstream keepalive has no effect: the proxied requests use HTTP/1.0 or Connection: close",
		Severity:  analyzer.Warning,
		Default:   true,
		Run:       runKeepaliveWithoutHTTP11,
	})
}

// http11DefaultSince is the nginx release that made HTTP/1.1 with an empty
// Connection header the default for proxying (and keepalive the default in
// upstream blocks): 1.29.7, brought to stable in 1.30.0.
const http11DefaultSince = "1.29.7"

func runKeepaliveWithoutHTTP11(p *analyzer.Pass) {
	a := p.Analysis
	// Without a configured version the newest is assumed, as by every
	// versioned rule: its defaults keep connections, so only lines written
	// in the configuration defeat keepalive there.
	newDefaults := !p.VersionSet() || p.TargetsAtLeast(http11DefaultSince)
	p.Each([]string{"proxy_pass"}, func(d *analyzer.Directive) {
		if !analyzer.IsPass(d) || d.Ctx.IsStream() {
			return
		}
		addr := a.ParseAddress(d)
		if addr == nil || addr.Kind != analyzer.AddrGroup || addr.Group == nil {
			return
		}
		if addr.Scheme != "" && addr.Scheme != "http" && addr.Scheme != "https" {
			return
		}
		ka := keepaliveOf(addr.Group)
		if ka == nil {
			return
		}
		var why []string
		explicit := false // a reason written in the config, not a default
		version, vd := "1.0", (*analyzer.Directive)(nil)
		if newDefaults {
			version = "1.1"
		}
		if vs := d.InScope("proxy_http_version"); len(vs) > 0 {
			vd = vs[len(vs)-1]
			version = vd.Arg(0)
		}
		if version == "1.0" {
			if vd != nil {
				explicit = true
				why = append(why, fmt.Sprintf("uses proxy_http_version 1.0 (line %d)", line(vd)))
			} else {
				why = append(why, "uses HTTP/1.0 by default (before nginx "+http11DefaultSince+")")
			}
		}
		conn := a.EffectiveField(d.Parent, "proxy_set_header", "connection")
		switch {
		case conn == nil && !newDefaults:
			why = append(why, "sends Connection: close by default (before nginx "+http11DefaultSince+")")
		case conn != nil && strings.EqualFold(strings.TrimSpace(conn.Arg(1)), "close"):
			explicit = true
			why = append(why, fmt.Sprintf("sends Connection: close (proxy_set_header at line %d)", line(conn)))
		}
		if len(why) == 0 {
			return
		}
		fix := "set proxy_http_version 1.1 and proxy_set_header Connection \"\" for it"
		if !slices.ContainsFunc(d.Siblings(), func(k *analyzer.Directive) bool { return k.Name() == "proxy_set_header" }) {
			if inh := a.EffectiveAt(d, "proxy_set_header"); len(inh) > 0 {
				fix += fmt.Sprintf(" (where the other proxy_set_header lines are: one in this block alone would drop the %d inherited from line %d on)", len(inh), line(inh[0]))
			}
		}
		// A reason written in the configuration holds on every nginx; one
		// that is only a default holds on the targeted release.
		on := ""
		if !explicit {
			on = " on nginx " + strings.TrimSpace(p.Config.NginxVersion)
		}
		name := analyzer.Snippet(addr.Group.Arg(0))
		f := p.Reportf(d, d.NameRange(), "%s", headline(
			fmt.Sprintf("keepalive of upstream %s (line %d) has no effect for this proxy_pass%s", name, line(ka), on),
			fmt.Sprintf("keepalive of upstream %s has no effect for this proxy_pass%s", name, on),
			"upstream keepalive has no effect for this proxy_pass"+on)).
			Note("upstream %s keeps idle connections, but this proxy_pass %s, so every request opens a new connection and the cache stays empty", addr.Group.Arg(0), strings.Join(why, " and ")).
			Note("%s", fix).
			Relate(ka.NameRange(), "keepalive of upstream %s", analyzer.Snippet(addr.Group.Arg(0)))
		if vd != nil && version == "1.0" {
			f.Relate(vd.NameRange(), "HTTP/1.0 set here")
		}
		if conn != nil && strings.EqualFold(strings.TrimSpace(conn.Arg(1)), "close") {
			f.Relate(conn.NameRange(), "Connection: close set here")
		}
		if !explicit {
			f.Note("nginx %s and later proxy with HTTP/1.1 and no Connection: close by default: there, the upstream's keepalive works without these lines", http11DefaultSince)
		}
	})
}

// keepaliveOf returns the keepalive directive of an upstream when it keeps
// connections (keepalive N with N > 0).
func keepaliveOf(up *analyzer.Directive) *analyzer.Directive {
	for _, k := range up.Children() {
		if k.Name() == "keepalive" {
			if n, err := strconv.Atoi(k.Arg(0)); err == nil && n > 0 {
				return k
			}
		}
	}
	return nil
}
