package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

// minSessionCache is the smallest shared session cache nginx takes: eight
// memory pages of 4 KiB, the page size of the usual Linux machine.
const minSessionCache = 8 * 4096

// checkSessionCache reports ssl_session_cache values nginx refuses: each
// word is off, none, builtin[:size] or shared:name:size.
func checkSessionCache(p *analyzer.Pass, d *analyzer.Directive) {
	for _, a := range d.Args {
		v := a.Value()
		if a.HasVar() || templatedValue(v) {
			return
		}
		ok := true
		switch {
		case v == "off" || v == "none" || v == "builtin":
		case strings.HasPrefix(v, "builtin:"):
			ok = directives.ValidNumber(v[len("builtin:"):])
		case strings.HasPrefix(v, "shared:"):
			name, size, found := strings.Cut(v[len("shared:"):], ":")
			n, valid := directives.ParseSize(size)
			ok = found && name != "" && valid
			if ok && n < minSessionCache {
				p.Reportf(d, a.Range(), "session cache %q is too small", analyzer.Snippet(v)).
					Note("nginx refuses to start: a shared session cache needs at least %d KiB (eight memory pages)", minSessionCache/1024)
				continue
			}
		default:
			ok = false
		}
		if !ok {
			p.Reportf(d, a.Range(), "invalid session cache %q", analyzer.Snippet(v)).
				Note("nginx refuses to start: ssl_session_cache takes off, none, builtin[:size] or shared:name:size (e.g. shared:SSL:10m)")
		}
	}
}
