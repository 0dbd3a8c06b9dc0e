package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

func init() {
	register(&analyzer.Rule{
		ID:        "unknown-directive",
		Versioned: true,
		NginxT:    true,
		Title:     "A directive the target nginx does not know: nginx refuses to start",
		Severity:  analyzer.Error,
		Default:   true,
		Run:       runUnknownDirective,
	})
}

func runUnknownDirective(p *analyzer.Pass) {
	env := directives.EnvOf(p.Config)
	unseen := unseenModules(p.Analysis)
	// Generated configs repeat one unknown name thousands of times.
	suggestions := map[string]string{}
	// Directives of modules that may be loaded where nginx-lint cannot
	// see, by file: one info per file.
	var hidden []*analyzer.Directive
	walkClassified(p, env, func(c classified) {
		if c.res.Verdict != directives.Unknown {
			return
		}
		d := c.d
		s := c.res.Spec
		mod := otherModule(d.Name())
		if unseen != "" && ((s != nil && c.res.Why == directives.NeedsModule) || (s == nil && mod != "")) {
			hidden = append(hidden, d)
			return
		}
		if s != nil {
			p.Reportf(d, d.NameRange(), "unknown directive %q: %s", d.Name(), shortWhy(c.res.Why)).
				Note("%s", whyUnavailable(s, c.res.Why, env)).
				Note("nginx refuses to start: unknown directive %q", d.Name())
			return
		}
		if mod != "" {
			p.Reportf(d, d.NameRange(), "unknown directive %q: a module outside nginx-lint's table", d.Name()).
				Note("it looks like a directive of %s, which nginx-lint's directive table does not describe", mod).
				Note("nginx without that module refuses to start: unknown directive %q", d.Name())
			return
		}
		key := d.Name() + "\x00" + d.Ctx.String()
		alt, ok := suggestions[key]
		if !ok {
			alt = suggest(d.Name(), d.Ctx, env)
			suggestions[key] = alt
		}
		f := p.Reportf(d, d.NameRange(), "unknown directive %q", d.Name())
		if alt != "" {
			f.Message = fmt.Sprintf("unknown directive %q: did you mean %q?", d.Name(), alt)
		}
		f.Note("no nginx module defines it: nginx refuses to start (unknown directive %q)", d.Name())
	})
	reportHidden(p, hidden, unseen)
}

// shortWhy is the headline's reason for a row the target lacks.
func shortWhy(st directives.Status) string {
	switch st {
	case directives.NeedsModule:
		return "its module is not loaded"
	case directives.NeedsPlus:
		return "NGINX Plus only"
	case directives.TooNew:
		return "newer than the target nginx"
	case directives.Gone:
		return "removed before the target nginx"
	}
	return "not in the target nginx"
}

// unseenModules says where the configuration may load modules nginx-lint
// cannot see ("" when nowhere): a main-level include it could not read
// (Debian's modules-enabled/*.conf), or a load_module of a module its
// directive table does not describe.
func unseenModules(a *analyzer.Analysis) string {
	m := a.ModuleLoads()
	for _, d := range m.Loaded {
		if n := analyzer.ModuleName(d.Args()[0].Value()); !directives.KnownModule(n) {
			return fmt.Sprintf("load_module %s at %s loads a module nginx-lint does not know", d.Args()[0].Raw(), d.NameRange().Start)
		}
	}
	if len(m.Unread) > 0 {
		d := m.Unread[0]
		return fmt.Sprintf("include %s at %s, which may load modules, cannot be read here", d.Args()[0].Raw(), d.NameRange().Start)
	}
	return ""
}

// reportHidden reports, once per file, the directives of dynamic modules
// that may be loaded where nginx-lint cannot see: nginx may well know
// them, so they are no error.
func reportHidden(p *analyzer.Pass, hidden []*analyzer.Directive, unseen string) {
	byFile := map[*analyzer.File][]*analyzer.Directive{}
	var files []*analyzer.File
	for _, d := range hidden {
		if byFile[d.File] == nil {
			files = append(files, d.File)
		}
		byFile[d.File] = append(byFile[d.File], d)
	}
	for _, f := range files {
		ds := byFile[f]
		var names, families []string
		for _, d := range ds {
			if !slices.Contains(names, d.Name()) {
				names = append(names, d.Name())
			}
			for _, s := range directives.Lookup(d.Name()) {
				if f := s.ModuleFamily(); f != "" && f != "plus" && !slices.Contains(families, f) {
					families = append(families, f)
				}
			}
		}
		head := fmt.Sprintf("%d directives depend on modules nginx-lint cannot see", len(names))
		if len(names) == 1 {
			head = fmt.Sprintf("%q depends on a module nginx-lint cannot see", names[0])
		}
		fd := p.Reportf(ds[0], ds[0].NameRange(), "%s", head)
		fd.Severity = analyzer.Info
		fd.Note("%s: %s", unseen, quoteList(names))
		if len(families) > 0 {
			fd.Note("declare the modules your nginx loads to check them: --module %s, or modules: [%s] in .nginx-lint.yaml",
				strings.Join(families, " --module "), strings.Join(families, ", "))
		} else {
			fd.Note("nginx-lint does not know these modules' directives, so it cannot check them")
		}
	}
}

// quoteList quotes and joins names.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// suggest returns the known directive closest to name by edit distance,
// preferring those the target has and that fit ctx; "" when none is close.
func suggest(name string, ctx analyzer.Context, env *directives.Env) string {
	lname := strings.ToLower(name)
	limit := 2
	if len(lname) <= 4 {
		limit = 1
	}
	best, bestScore := "", 1<<30
	for l := len(lname) - limit; l <= len(lname)+limit; l++ {
		for _, cand := range directives.NamesOfLen(l) {
			score, ok := rank(lname, cand, limit, ctx, env)
			if ok && score < bestScore {
				best, bestScore = cand, score
			}
		}
	}
	return best
}

// rank scores a candidate: distance first, then whether it fits here.
func rank(lname, cand string, limit int, ctx analyzer.Context, env *directives.Env) (int, bool) {
	dist := analyzer.EditDistance(lname, cand)
	if dist > limit {
		return 0, false
	}
	score := dist * 4
	switch env.Classify(cand, ctx).Verdict {
	case directives.OK:
	case directives.NotAllowed:
		score++
	default:
		score += 2
	}
	return score, true
}

// otherModules are third-party modules outside the directive table, by
// directive name prefix (or exact name when the prefix ends in "=").
var otherModules = []struct{ prefix, module string }{
	{"pagespeed", "ngx_pagespeed (apache/incubator-pagespeed-ngx)"},
	{"vod=", "nginx-vod-module (kaltura)"},
	{"vod_", "nginx-vod-module (kaltura)"},
	{"vhost_traffic_status", "nginx-module-vts (vozlt)"},
	{"stream_server_traffic_status", "nginx-module-sts (vozlt)"},
	{"MainRule=", "naxsi"}, {"BasicRule=", "naxsi"}, {"CheckRule=", "naxsi"},
	{"LearningMode=", "naxsi"}, {"SecRulesEnabled=", "naxsi"}, {"SecRulesDisabled=", "naxsi"},
	{"DeniedUrl=", "naxsi"}, {"LibInjectionSql=", "naxsi"}, {"LibInjectionXss=", "naxsi"},
	{"check_http_", "nginx_upstream_check_module (Tengine)"}, {"check_status=", "nginx_upstream_check_module (Tengine)"},
	{"check=", "nginx_upstream_check_module (Tengine)"}, {"check_shm_size=", "nginx_upstream_check_module (Tengine)"},
	{"keepalive_pool=", "OpenResty's patched upstream keepalive module"},
	{"auth_ldap", "nginx-auth-ldap (kvspb)"},
	{"push_stream_", "nginx-push-stream-module"},
	{"passenger_", "Phusion Passenger"},
	{"testcookie_", "testcookie-nginx-module"},
	{"zstd", "zstd-nginx-module"},
	{"upsync", "nginx-upsync-module (weibocom)"},
	{"dyups_", "ngx_http_dyups_module (Tengine)"},
	{"sticky_", "nginx-sticky-module-ng"},
	{"waf", "a web application firewall module"},
	{"security_headers", "ngx_security_headers"},
	{"rtmp_auto_push", "nginx-rtmp-module"},
}

// otherModule names the module a directive outside the table belongs to.
func otherModule(name string) string {
	for _, m := range otherModules {
		if p, exact := strings.CutSuffix(m.prefix, "="); exact {
			if name == p {
				return m.module
			}
		} else if strings.HasPrefix(name, m.prefix) {
			return m.module
		}
	}
	return ""
}
