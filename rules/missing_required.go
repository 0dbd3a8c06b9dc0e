package rules

import (
	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

func init() {
	register(&analyzer.Rule{
		ID:       "missing-required",
		NginxT:   true,
		Title:    "Something nginx requires is missing (events{}, servers in an upstream): nginx refuses to start",
		Severity: analyzer.Error,
		Default:  true,
		Run:      runMissingRequired,
	})
}

func runMissingRequired(p *analyzer.Pass) {
	missingEvents(p)
	missingCertificates(p)
	missingServerParts(p)
	missingMailProtocol(p)
	p.Each([]string{"upstream"}, func(d *analyzer.Directive) {
		if d.Block == nil || p.Config != nil && p.Config.Plus {
			return
		}
		if d.Ctx != analyzer.CtxHTTP && d.Ctx != analyzer.CtxStream {
			return
		}
		for _, c := range d.Children() {
			if c.Name() == "server" {
				onlyBackupServers(p, d)
				return
			}
			// zone without servers is NGINX Plus's upstream filled through
			// its API.
			if c.Name() == "zone" || c.IsUnreadInclude() || isTemplated(c.Name()) {
				return
			}
		}
		p.Reportf(d, d.NameRange(), "no servers are inside upstream").
			Note("nginx refuses to start: upstream %q has no server line, so nothing could serve its requests", d.Arg(0)).
			Note("add a server line (server 127.0.0.1:8080;), or remove the upstream and what uses it")
	})
}

// processLevel are directives that set up the nginx process: they stand
// in the nginx.conf nginx is started with.
var processLevel = map[string]bool{
	"user": true, "worker_processes": true, "pid": true, "daemon": true, "master_process": true,
	"worker_rlimit_nofile": true, "worker_cpu_affinity": true, "worker_priority": true,
	"pcre_jit": true, "lock_file": true, "working_directory": true, "worker_shutdown_timeout": true,
	"timer_resolution": true, "thread_pool": true, "env": true,
}

// missingEvents reports a main configuration without events{}: nginx needs
// one even when it is empty. A fragment (conf.d, a server snippet) has
// none of its own, an unread include at the top may hold it, and a file
// that an nginx.conf includes is checked as part of that one.
func missingEvents(p *analyzer.Pass) {
	root := p.Analysis.Root
	if root == nil || root.Ctx != analyzer.CtxMain || len(root.Items) == 0 {
		return
	}
	whole := false
	for _, d := range root.Children() {
		if d.Name() == "events" || d.IsUnreadInclude() || isTemplated(d.Name()) {
			return
		}
		whole = whole || processLevel[d.Name()]
	}
	// A file of http{} or stream{} alone may be included at the top of
	// the real nginx.conf (Debian's modules-enabled, a split
	// configuration), or be an example or a test: only a file that sets
	// how the nginx process runs is taken for the whole.
	if !whole {
		return
	}
	// A file the nginx.conf above it includes (a processes.conf of worker
	// settings) is part of that configuration, which may have the section.
	if p.Analysis.IncludedBy() != "" {
		return
	}
	first := root.Children()[0]
	p.Reportf(first, first.NameRange(), "no \"events\" section in configuration").
		Note("nginx refuses to start: a main configuration needs an events { } block, even an empty one").
		Note("add events { } at the top level (worker_connections 1024; is a common setting inside)")
}

// missingCertificates reports an http server with a listen … ssl and no
// ssl_certificate where it stands (in the server or inherited from
// http{}), on a whole configuration: nginx needs one to start, unless
// ssl_reject_handshake is on.
func missingCertificates(p *analyzer.Pass) {
	if !wholeConfig(p) {
		return
	}
	p.Each([]string{"listen"}, func(d *analyzer.Directive) {
		if d.Ctx != analyzer.CtxServer || len(d.Args()) < 2 || !hasParam(d, "ssl") {
			return
		}
		reject := d.InScope("ssl_reject_handshake")
		if len(d.InScope("ssl_certificate")) > 0 || len(reject) > 0 && isOn(reject[len(reject)-1]) {
			return
		}
		p.Reportf(d, d.NameRange(), "no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive").
			Note("nginx refuses to start: a server that listens with ssl needs a certificate (ssl_certificate and ssl_certificate_key), in the server or in http{}").
			Note("add the certificate, or ssl_reject_handshake on; for a server that only refuses TLS handshakes")
	})
}

// missingServerParts reports a stream or mail server without listen, a
// stream server that does nothing with its connections (no proxy_pass,
// return or pass), and a mail server without auth_http where it stands.
// A server with an include nginx-lint could not read, or with a
// third-party module's directive, is left alone.
func missingServerParts(p *analyzer.Pass) {
	env := directives.EnvOf(p.Config)
	p.Each([]string{"server"}, func(d *analyzer.Directive) {
		if d.Block == nil || d.Ctx != analyzer.CtxStream && d.Ctx != analyzer.CtxMail {
			return
		}
		has := map[string]bool{}
		for _, c := range d.Children() {
			if c.IsUnreadInclude() || isTemplated(c.Name()) {
				return
			}
			if res := env.Classify(c.Name(), c.Ctx); res.Verdict != directives.OK || res.Spec.Family != "" {
				return
			}
			has[c.Name()] = true
		}
		report := func(what, why string) {
			p.Reportf(d, d.NameRange(), "no %s for server", what).
				Note("nginx refuses to start: %s", why)
		}
		switch {
		case !has["listen"]:
			report(`"listen" is defined`, "a "+d.Ctx.String()+" server needs a listen line")
		case d.Ctx == analyzer.CtxStream && !has["proxy_pass"] && !has["return"] && !has["pass"]:
			report("handler", "a stream server must do something with its connections: proxy_pass, return or pass")
		case d.Ctx == analyzer.CtxMail && !has["auth_http"] && d.Parent != nil && len(d.Parent.Find("auth_http")) == 0:
			report(`"auth_http" is defined`, "a mail server asks auth_http how to authenticate and where to proxy; set it in the server or in mail{}")
		}
	})
}
