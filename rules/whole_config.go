package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

// wholeConfig reports whether the analysis holds a whole nginx
// configuration: its root is a main file (not a conf.d or server
// fragment) and every include it names was read. Only then can a rule say
// that something the configuration uses is defined nowhere (a variable, a
// shared memory zone): a fragment's variables may come from the http{} of
// the nginx.conf that includes it, and an unread include may define them.
func wholeConfig(p *analyzer.Pass) bool {
	a := p.Analysis
	if a.Root == nil || a.Root.Ctx != analyzer.CtxMain {
		return false
	}
	whole := true
	p.Walk(func(d *analyzer.Directive) bool {
		if d.IsUnreadInclude() {
			whole = false
		}
		return whole
	})
	return whole
}

// nginxOrgModules are the dynamic modules nginx itself ships (and Debian
// packages): loading one adds nothing the table and variable lists do not
// already describe.
var nginxOrgModules = map[string]bool{
	"ngx_http_geoip_module": true, "ngx_stream_geoip_module": true,
	"ngx_http_image_filter_module": true, "ngx_http_perl_module": true,
	"ngx_http_xslt_filter_module": true, "ngx_stream_module": true, "ngx_mail_module": true,
	"ngx_http_js_module": true, "ngx_stream_js_module": true,
}

// foreignModules reports whether the configuration uses a module nginx-lint
// does not describe fully: a third-party directive (known to the table or
// not), NGINX Plus, or a load_module of a third-party module. Such a
// module may define variables and zones of its own.
func foreignModules(p *analyzer.Pass, env *directives.Env) bool {
	if env.Plus {
		return true
	}
	foreign := false
	p.Walk(func(d *analyzer.Directive) bool {
		if foreign || d.Ctx.IsData() || d.Ctx == analyzer.CtxUnknown {
			return false
		}
		if d.Name() == "load_module" && len(d.Args) == 1 {
			base := d.Args[0].Value()
			base = base[strings.LastIndexByte(base, '/')+1:]
			if !nginxOrgModules[strings.TrimSuffix(base, ".so")] {
				foreign = true
			}
			return false
		}
		res := env.Classify(d.Name(), d.Ctx)
		switch {
		case res.Verdict == directives.Skip:
			return false
		case res.Verdict == directives.Unknown:
			foreign = true
		case res.Spec != nil && res.Spec.Family != "" && res.Spec.Family != "njs":
			foreign = true
		}
		return !foreign
	})
	return foreign
}
