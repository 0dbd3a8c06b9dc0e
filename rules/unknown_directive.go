package rules

import (
	"fmt"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

func init() {
	register(&analyzer.Rule{
		ID:       "unknown-directive",
		NginxT:   true,
		Title:    "A directive the target nginx does not know: nginx refuses to start",
		Severity: analyzer.Error,
		Default:  true,
		Run:      runUnknownDirective,
	})
}

func runUnknownDirective(p *analyzer.Pass) {
	env := directives.EnvOf(p.Config)
	// Generated configs repeat one unknown name thousands of times.
	suggestions := map[string]string{}
	walkClassified(p, env, func(c classified) {
		if c.res.Verdict != directives.Unknown {
			return
		}
		d := c.d
		var msg string
		if s := c.res.Spec; s != nil {
			msg = fmt.Sprintf("unknown directive %q: %s; nginx refuses to start (unknown directive %q)", d.Name(), whyUnavailable(s, c.res.Why, env), d.Name())
		} else {
			if mod := otherModule(d.Name()); mod != "" {
				msg = fmt.Sprintf("unknown directive %q: it looks like a directive of %s, a module nginx-lint's directive table does not describe; nginx without that module refuses to start (unknown directive %q)", d.Name(), mod, d.Name())
			} else {
				msg = fmt.Sprintf("unknown directive %q: no nginx module defines it, and nginx refuses to start (unknown directive %q)", d.Name(), d.Name())
				key := d.Name() + "\x00" + d.Ctx.String()
				alt, ok := suggestions[key]
				if !ok {
					alt = suggest(d.Name(), d.Ctx, env)
					suggestions[key] = alt
				}
				if alt != "" {
					msg += fmt.Sprintf("; did you mean %q?", alt)
				}
			}
		}
		p.Reportf(d, d.NameRange(), "%s", msg)
	})
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
	dist := editDistance(lname, cand)
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

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of adjacent bytes each cost 1.
func editDistance(a, b string) int {
	var buf [3 * 64]int
	var prev2, prev, cur []int
	if n := len(b) + 1; n <= 64 {
		prev2, prev, cur = buf[:n], buf[64:64+n], buf[128:128+n]
	} else {
		prev2, prev, cur = make([]int, n), make([]int, n), make([]int, n)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
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
