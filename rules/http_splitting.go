package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "http-splitting",
		Title:    "A header or request line is built from a value that can hold CR/LF",
		Severity: analyzer.Error,
		Default:  true,
		Run:      runHTTPSplitting,
	})
}

// redirectStatuses are the return codes whose argument becomes Location.
var redirectStatuses = map[string]bool{"301": true, "302": true, "303": true, "307": true, "308": true}

// splittingValue returns the argument of d that nginx writes into a header
// or the request line, and whether it goes upstream (server side).
func splittingValue(d *analyzer.Directive) (*analyzer.Arg, bool) {
	switch d.Name() {
	case "proxy_pass":
		if len(d.Args()) >= 1 && d.Ctx.IsHTTP() {
			return d.Args()[0], true
		}
	case "proxy_set_header":
		if len(d.Args()) >= 2 {
			return d.Args()[1], true
		}
	case "add_header":
		if len(d.Args()) >= 2 {
			return d.Args()[1], false
		}
	case "rewrite":
		// Only a redirect puts the replacement into a header (Location);
		// an internal rewrite just changes the URI.
		if len(d.Args()) >= 2 && (isRedirectURL(d.Args()[1].Value()) || len(d.Args()) >= 3 && (d.Args()[2].Value() == "redirect" || d.Args()[2].Value() == "permanent")) {
			return d.Args()[1], false
		}
	case "return":
		switch {
		case len(d.Args()) == 1:
			if isRedirectURL(d.Args()[0].Value()) {
				return d.Args()[0], false
			}
		case len(d.Args()) >= 2 && redirectStatuses[d.Args()[0].Value()]:
			return d.Args()[1], false
		}
	}
	return nil, false
}

// isRedirectURL reports whether nginx treats a return or rewrite value as
// an absolute redirect (its prefix check is case-sensitive).
func isRedirectURL(v string) bool {
	return strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "$scheme")
}

func runHTTPSplitting(p *analyzer.Pass) {
	vm := newVarModel(p)
	p.Each([]string{"proxy_pass", "proxy_set_header", "add_header", "rewrite", "return"}, func(d *analyzer.Directive) {
		arg, upstream := splittingValue(d)
		if arg == nil || !arg.HasVar() {
			return
		}
		// Only LF starts a new header line: a lone CR is data to nginx's
		// upstream parsers, and HTTP/1.1 clients must treat it as invalid
		// or as a space (RFC 9112, 2.2). nginx 1.22.1 writes "$1" of
		// (.*) with %0d%0a as "a\r" and ends the header there: . stops at
		// LF, so such a capture cannot split.
		pr, chars := propLF, "LF"
		for _, s := range splitVars(arg.Value()) {
			if s.v == "" || !vm.has(d, s.v, pr) {
				continue
			}
			if s.v == "uri" && rawURIOf(d) {
				continue // $uri holds the still-encoded request URI, which has no LF
			}
			target := "a response header"
			if upstream {
				target = "the request nginx sends upstream"
			}
			p.Reportf(d, arg.Range(), "$%s can contain %s, and %s writes it into %s", analyzer.Snippet(s.v), chars, d.Name(), target).
				Note("%s", "nginx decodes %0D%0A in the path before it sets $uri and regex captures").
				Note("%s", "a request like /%0d%0aSet-Cookie:x=y injects headers (HTTP response splitting / request smuggling)").
				Note("use $request_uri (still encoded) or a capture that excludes \\r and \\n ([^\\r\\n])")
			break
		}
	})
}

// rawURIOf reports whether an unconditional rewrite ^ $request_uri in
// the location that d serves has put the still-encoded request URI into
// $uri (the way to pass the path raw: proxy_pass http://backend$uri).
func rawURIOf(d *analyzer.Directive) bool {
	loc := effectiveLocation(d)
	return loc != nil && rawURIRewrite(d, loc) != nil
}
