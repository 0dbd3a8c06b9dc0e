package rules

import (
	"path"
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
	hasHTTP, process := false, false
	for _, d := range a.Root.Children() {
		hasHTTP = hasHTTP || d.Name() == "http" && d.Block != nil
		process = process || d.Name() == "events" || processLevel[d.Name()]
	}
	// A file of http{} alone is an example, a test or the http part of a
	// split configuration, whose definitions may stand in the files
	// around it: only one that sets up the nginx process is the whole.
	if !process {
		return false
	}
	whole := true
	p.Walk(func(d *analyzer.Directive) bool {
		if !d.IsUnreadInclude() || standardInclude(d) {
			return whole
		}
		// An include at the top of a file that has its http{} (Debian's
		// modules-enabled/*.conf) holds load_module lines, not variables
		// or zones.
		if d.Ctx == analyzer.CtxMain && hasHTTP {
			return whole
		}
		whole = false
		return whole
	})
	return whole
}

// standardIncludes are the files nginx packages ship beside nginx.conf:
// types, and *_param lists; none defines a variable or a zone.
var standardIncludes = map[string]bool{
	"mime.types": true, "fastcgi_params": true, "fastcgi.conf": true, "proxy_params": true,
	"scgi_params": true, "uwsgi_params": true, "koi-utf": true, "koi-win": true, "win-utf": true,
}

// standardInclude reports whether include d names one of nginx's packaged
// files (mime.types, fastcgi_params …).
func standardInclude(d *analyzer.Directive) bool {
	if len(d.Args()) != 1 {
		return false
	}
	v := d.Args()[0].Value()
	if standardIncludes[path.Base(v)] {
		return true
	}
	return strings.HasSuffix(v, "/snippets/fastcgi-php.conf") || v == "snippets/fastcgi-php.conf"
}

// familyVarPrefixes are the variables each separately built module
// defines by name, as prefixes ($echo_timer_elapsed, $nchan_channel_id …);
// nil for a module that defines none of its own (its directives, such as
// set_by_lua or set_escape_uri, define what they name, which nginx-lint
// reads). A module missing here may define anything.
var familyVarPrefixes = map[string][]string{
	"echo": {"echo_"}, "nchan": {"nchan_"}, "srcache": {"srcache_"}, "memc": {"memc_"},
	"acme": {"acme_"}, "otel": {"otel_"}, "upload-progress": {"uploadprogress_"}, "auth-pam": nil,
	"headers-more": nil, "lua": nil, "stream-lua": nil, "njs": nil, "brotli": nil, "geoip2": nil,
	"set-misc": nil, "ndk": nil, "dav-ext": nil, "cache-purge": nil, "subs-filter": nil,
	"modsecurity": nil, "fancyindex": nil, "upstream-fair": nil,
}

// moduleVars says which variable names the modules a configuration uses
// beyond nginx's own may define: prefixes of known modules' variables, or
// any (all true) when a module nginx-lint does not describe is there (a
// directive no table row knows, a load_module of an unknown module, NGINX
// Plus). A main-level include nginx-lint could not read (Debian's
// modules-enabled/*.conf) may load any known module: their prefixes count.
func moduleVars(p *analyzer.Pass, env *directives.Env) (prefixes []string, all bool) {
	if env.Plus {
		return nil, true
	}
	seen := map[string]bool{}
	addFamily := func(f string) {
		if seen[f] {
			return
		}
		seen[f] = true
		pre, ok := familyVarPrefixes[f]
		if !ok {
			all = true
		}
		prefixes = append(prefixes, pre...)
	}
	loads := p.Analysis.ModuleLoads()
	for _, name := range loads.Names {
		if nginxOrgModules[name] {
			continue
		}
		if f := directives.CanonicalFamily(name); f != "" {
			addFamily(f)
		} else {
			all = true
		}
	}
	if len(loads.Unread) > 0 {
		for f := range familyVarPrefixes {
			addFamily(f)
		}
	}
	p.Walk(func(d *analyzer.Directive) bool {
		if all || d.Ctx.IsData() || d.Ctx == analyzer.CtxUnknown {
			return false
		}
		res := env.Classify(d.Name(), d.Ctx)
		switch {
		case res.Verdict == directives.Skip:
			return false
		case res.Verdict == directives.Unknown && res.Spec == nil:
			all = true
		case res.Spec != nil && res.Spec.Family != "" && res.Spec.Family != "plus":
			addFamily(res.Spec.Family)
		}
		return !all
	})
	return prefixes, all
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
