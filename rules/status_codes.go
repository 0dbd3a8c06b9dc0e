package rules

import (
	"strconv"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

// ngxAtoi reads a non-negative decimal number the way nginx's ngx_atoi
// does: digits only, no sign; ok is false otherwise (or on overflow).
func ngxAtoi(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// checkCodes reports the status codes, flags and times of return, rewrite,
// error_page, try_files and *_cache_valid that nginx refuses while reading
// the configuration, in nginx's words.
func checkCodes(p *analyzer.Pass, d *analyzer.Directive) {
	if !d.Ctx.IsHTTP() || len(d.Args()) == 0 {
		return
	}
	for _, a := range d.Args() {
		if templatedValue(a.Value()) {
			return
		}
	}
	switch d.Name() {
	case "return":
		checkReturnCode(p, d)
	case "rewrite":
		if len(d.Args()) == 3 {
			switch f := d.Args()[2]; f.Value() {
			case "last", "break", "redirect", "permanent":
			default:
				p.Reportf(d, f.Range(), "invalid parameter %q", analyzer.Snippet(f.Value())).
					Note("nginx refuses to start: the flag of rewrite is last, break, redirect or permanent")
			}
		}
	case "error_page":
		checkErrorPage(p, d)
	case "try_files":
		last := d.Args()[len(d.Args())-1]
		if v := last.Value(); strings.HasPrefix(v, "=") && !last.HasVar() {
			if n, ok := ngxAtoi(v[1:]); !ok || n > 999 {
				p.Reportf(d, last.Range(), "invalid code %q", analyzer.Snippet(v)).
					Note("nginx refuses to start: the last argument of try_files is a URI, a named location, or =code with a status code")
			}
		}
	case "proxy_cache_valid", "fastcgi_cache_valid", "uwsgi_cache_valid", "scgi_cache_valid":
		n := len(d.Args()) - 1
		if t := d.Args()[n]; !t.HasVar() {
			if _, ok := directives.ParseTime(t.Value()); !ok {
				p.Reportf(d, t.Range(), "invalid time value %q", analyzer.Snippet(t.Value())).
					Note("nginx refuses to start: the last argument of %s is how long to keep the response (10m, 1h)", d.Name())
				return
			}
		}
		for _, a := range d.Args()[:n] {
			if a.Value() == "any" {
				continue
			}
			if s, ok := ngxAtoi(a.Value()); !ok || s < 100 || s > 599 {
				p.Reportf(d, a.Range(), "invalid status %q", analyzer.Snippet(a.Value())).
					Note("nginx refuses to start: %s takes status codes from 100 to 599, or any, then a time", d.Name())
				return
			}
		}
	}
}

// checkReturnCode: return takes a code (up to 999) first, or a single URL
// starting with http://, https:// or $scheme.
func checkReturnCode(p *analyzer.Pass, d *analyzer.Directive) {
	a := d.Args()[0]
	v := a.Value()
	if envsubstName(v) {
		return // a template's ${CODE}
	}
	n, ok := ngxAtoi(v)
	switch {
	case ok && n <= 999:
		return
	case !ok && len(d.Args()) == 1 && (strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "$scheme")):
		return
	}
	f := p.Reportf(d, a.Range(), "invalid return code %q", analyzer.Snippet(v)).
		Note("nginx refuses to start: return takes a status code (return 404; return 200 \"text\"; return 301 URL) or one URL starting with http://, https:// or $scheme")
	if !ok && len(d.Args()) == 1 && a.HasVar() {
		f.Note("a URL in a variable needs its code: return 302 %s;", v)
	}
}

// checkErrorPage: codes from 300 to 599 (not 499), an optional =code
// before the URI.
func checkErrorPage(p *analyzer.Pass, d *analyzer.Directive) {
	n := len(d.Args())
	if n < 2 {
		return
	}
	codes := d.Args()[:n-1]
	if eq := d.Args()[n-2]; strings.HasPrefix(eq.Value(), "=") {
		bad := n-2 == 0
		if len(eq.Value()) > 1 {
			if _, ok := ngxAtoi(eq.Value()[1:]); !ok {
				bad = true
			}
		}
		if bad {
			p.Reportf(d, eq.Range(), "invalid value %q", analyzer.Snippet(eq.Value())).
				Note("nginx refuses to start: error_page takes codes, then an optional =code, then the URI")
			return
		}
		codes = d.Args()[:n-2]
	}
	for _, a := range codes {
		if a.HasVar() {
			return
		}
		c, ok := ngxAtoi(a.Value())
		switch {
		case !ok || c == 499:
			p.Reportf(d, a.Range(), "invalid value %q", analyzer.Snippet(a.Value())).
				Note("nginx refuses to start: error_page takes HTTP status codes from 300 to 599 (not 499), then the URI")
			return
		case c < 300 || c > 599:
			p.Reportf(d, a.Range(), "value %q must be between 300 and 599", a.Value()).
				Note("nginx refuses to start: error_page handles responses from 300 to 599 only")
			return
		}
	}
}
