package rules

import (
	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
	"maps"
	"slices"
)

func init() {
	register(&analyzer.Rule{
		ID:       "timeout-cap",
		Title:    "A connect timeout above 75 seconds, which the system caps anyway",
		Severity: analyzer.Warning,
		Default:  true,
		Run:      runTimeoutCap,
	})
}

// connectTimeouts are the http connect timeouts whose documentation says
// they usually cannot exceed 75 seconds.
var connectTimeouts = map[string]string{
	"proxy_connect_timeout":     "proxy_read_timeout",
	"grpc_connect_timeout":      "grpc_read_timeout",
	"fastcgi_connect_timeout":   "fastcgi_read_timeout",
	"uwsgi_connect_timeout":     "uwsgi_read_timeout",
	"scgi_connect_timeout":      "scgi_read_timeout",
	"memcached_connect_timeout": "memcached_read_timeout",
}

const connectCapMS = 75_000

func runTimeoutCap(p *analyzer.Pass) {
	p.Each(slices.Collect(maps.Keys(connectTimeouts)), func(d *analyzer.Directive) {
		read, ok := connectTimeouts[d.Name()]
		if !ok || !d.Ctx.IsHTTP() || len(d.Args()) != 1 || d.Args()[0].HasVar() {
			return
		}
		ms, ok := directives.ParseTime(d.Args()[0].Value())
		if !ok || ms <= connectCapMS {
			return
		}
		p.Reportf(d, d.Args()[0].Range(), "%s %s is above 75s, which the system caps anyway", d.Name(), analyzer.Snippet(d.Args()[0].Value())).
			Note("establishing a TCP connection usually cannot take longer than 75 seconds (the operating system gives up first, as nginx documents), so the extra time does nothing").
			Note("if the backend is slow to answer, raise %s instead", read)
	})
}
