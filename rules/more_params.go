package rules

import (
	"net"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

// checkMoreParams reports the parameters of allow, deny, add_header,
// add_trailer, limit_req and access_log, and an alias in a named
// location, that nginx refuses while reading the configuration.
func checkMoreParams(p *analyzer.Pass, d *analyzer.Directive) {
	for _, a := range d.Args() {
		if a.HasVar() && d.Name() != "access_log" || templatedValue(a.Value()) {
			return
		}
	}
	invalid := func(a *analyzer.Arg, why string) {
		p.Reportf(d, a.Range(), "invalid parameter %q", analyzer.Snippet(a.Value())).
			Note("nginx refuses to start: %s", why)
	}
	switch d.Name() {
	case "allow", "deny":
		if len(d.Args()) != 1 {
			return
		}
		a := d.Args()[0]
		v := a.Value()
		if v == "all" || strings.HasPrefix(v, "unix:") || net.ParseIP(v) != nil {
			return
		}
		if _, _, err := net.ParseCIDR(v); err != nil {
			invalid(a, d.Name()+" takes an address, a network in CIDR form (10.0.0.0/8, 2001:db8::/32), unix: or all")
		}
	case "add_header", "add_trailer":
		if len(d.Args()) == 3 && d.Args()[2].Value() != "always" {
			invalid(d.Args()[2], d.Name()+" takes a name, a value, and only always after them; quote a value that has spaces")
		}
	case "limit_req":
		for _, a := range d.Args() {
			key, _, _ := paramKey(a)
			switch key {
			case "zone=", "burst=", "delay=", "nodelay":
			default:
				invalid(a, "limit_req takes zone=, burst=, delay= and nodelay")
				return
			}
		}
	case "access_log":
		for _, a := range d.Args()[min(2, len(d.Args())):] {
			key, _, ok := paramKey(a)
			if !ok {
				continue
			}
			switch key {
			case "buffer=", "gzip", "gzip=", "flush=", "if=":
			default:
				invalid(a, "access_log takes a path, a format, then buffer=, gzip, flush= and if=")
				return
			}
		}
	case "ssl_session_cache":
		for _, a := range d.Args() {
			if msg := sessionCacheError(a.Value()); msg != "" {
				p.Reportf(d, a.Range(), msg, analyzer.Snippet(a.Value())).
					Note("nginx refuses to start: ssl_session_cache takes off, none, builtin[:size] and shared:name:size (at least 32k)")
				return
			}
		}
	case "alias":
		if par := d.Parent; par != nil && par.Name() == "location" {
			if loc, ok := par.LocationOf(); ok && loc.Modifier == "@" {
				p.Reportf(d, d.NameRange(), "the \"alias\" directive cannot be used inside the named location").
					Note("nginx refuses to start: a named location is reached by redirection only and has no URI prefix for alias to replace").
					Note("use root, or move alias to a prefix location")
			}
		}
	}
}

// checkLogFormats reports an access_log naming a log format nothing
// defines before it (nginx predefines combined), on a whole configuration.
// nginx looks the format up as it reads the access_log line: a log_format
// further down does not count (measured on nginx 1.22.1: unknown log
// format "main" for an access_log in a server above http's log_format).
func checkLogFormats(p *analyzer.Pass) {
	if !wholeConfig(p) {
		return
	}
	formats := [2]map[string]bool{{"combined": true}, {}}
	var logs []*analyzer.Directive
	p.Each([]string{"log_format", "access_log"}, func(d *analyzer.Directive) {
		i := 0
		if d.Ctx.IsStream() {
			i = 1
		}
		switch {
		case d.Name() == "log_format" && len(d.Args()) > 0:
			formats[i][d.Args()[0].Value()] = true
		case d.Name() == "access_log" && len(d.Args()) >= 2 && (d.Ctx.IsHTTP() || d.Ctx.IsStream()):
			a := d.Args()[1]
			name := a.Value()
			if strings.Contains(name, "=") || a.HasVar() || templatedValue(name) || formats[i][name] {
				return
			}
			logs = append(logs, d)
		}
	})
	for _, d := range logs {
		i := 0
		if d.Ctx.IsStream() {
			i = 1
		}
		a := d.Args()[1]
		name := a.Value()
		f := p.Reportf(d, a.Range(), "unknown log format %q", analyzer.Snippet(name))
		if formats[i][name] { // defined, but further down
			f.Note("nginx refuses to start: it looks the format up as it reads this line, and the log_format %q comes after it", name).
				Note("move the log_format above the first access_log that names it (the top of http{} is usual)")
			continue
		}
		f.Note("nginx refuses to start: no log_format defines %q (combined is the one nginx predefines)", name)
	}
}

// sessionCacheError is nginx's message (a format for the value) for an
// ssl_session_cache value it refuses, or "".
func sessionCacheError(v string) string {
	switch {
	case v == "off" || v == "none" || v == "builtin":
		return ""
	case strings.HasPrefix(v, "builtin:"):
		if _, ok := ngxAtoi(v[len("builtin:"):]); !ok {
			return "invalid session cache %q"
		}
		return ""
	case strings.HasPrefix(v, "shared:"):
		name, size, ok := strings.Cut(v[len("shared:"):], ":")
		if !ok || name == "" || !directives.ValidSize(size) {
			return "invalid session cache %q"
		}
		if n, ok := sizeBytes(size); ok && n < 8*4096 {
			return "session cache %q is too small"
		}
		return ""
	}
	return "invalid session cache %q"
}

// sizeBytes reads a size nginx reads (512, 16k, 10m, 1g) in bytes.
func sizeBytes(s string) (int64, bool) {
	mult := int64(1)
	switch s[len(s)-1] {
	case 'k', 'K':
		mult, s = 1<<10, s[:len(s)-1]
	case 'm', 'M':
		mult, s = 1<<20, s[:len(s)-1]
	case 'g', 'G':
		mult, s = 1<<30, s[:len(s)-1]
	}
	n, ok := ngxAtoi(s)
	return n * mult, ok
}
