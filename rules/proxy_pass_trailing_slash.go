package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "proxy-pass-trailing-slash",
		Title:    "The location prefix and the proxy_pass URI disagree on a trailing slash",
		Severity: analyzer.Warning,
		Default:  true,
		Fixable:  true,
		Run:      runProxyPassTrailingSlash,
	})
}

// prefixLocation returns the prefix of a prefix location (plain or ^~), or
// "" for regex, exact and named locations.
func prefixLocation(loc *analyzer.Directive) (string, *analyzer.Arg) {
	l, ok := loc.LocationOf()
	// A glued "^~/api" has no argument of its own to edit: leave it.
	if !ok || !l.IsPrefix() || l.Arg.Value() != l.Match {
		return "", nil
	}
	return l.Match, l.Arg
}

func runProxyPassTrailingSlash(p *analyzer.Pass) {
	a := p.Analysis
	p.Each([]string{"proxy_pass"}, func(d *analyzer.Directive) {
		if len(d.Args()) != 1 || d.Parent == nil || d.Parent.Name() != "location" || d.Args()[0].HasVar() {
			return
		}
		loc := d.Parent
		prefix, locArg := prefixLocation(loc)
		if prefix == "" || prefix == "/" {
			return
		}
		addr := a.ParseAddress(d)
		if addr == nil || addr.Kind == analyzer.AddrUnix || addr.URI == "" {
			return
		}
		uri := addr.URI
		arg := d.Args()[0]
		locSlash, uriSlash := strings.HasSuffix(prefix, "/"), strings.HasSuffix(uri, "/")
		switch {
		case !locSlash && uriSlash:
			ex := strings.TrimSuffix(uri, "/")
			f := p.Reportf(d, arg.Range(), "the proxy_pass URI ends with a slash, the location prefix %q does not", analyzer.Snippet(prefix)).
				Note("nginx replaces the location prefix %q with %q: %s/x reaches the backend as %s/x (a double slash), and %sx (any path that merely starts with %q, such as %s-admin) as %sx", prefix, uri, prefix, ex+"/", prefix, prefix, prefix, uri)
			if locArg != nil && locArg.Quote() == 0 && locArg.Raw() == prefix {
				f.Fixes = []analyzer.SuggestedFix{{
					Message: "end the location with a slash so both sides match (nginx then redirects " + prefix + " to " + prefix + "/)",
					Safe:    false,
					Edits:   []analyzer.TextEdit{{Range: analyzer.Range{Start: locArg.Range().End, End: locArg.Range().End}, NewText: "/"}},
				}}
			} else {
				f.Note("end the location with a slash (%s/) so both sides match", prefix)
			}
		case locSlash && !uriSlash:
			f := p.Reportf(d, arg.Range(), "the location prefix ends with a slash, the proxy_pass URI %q does not", analyzer.Snippet(uri)).
				Note("nginx replaces the location prefix %q with %q, which lacks its trailing slash: %sx reaches the backend as %sx, glued to the last segment", prefix, uri, prefix, uri)
			if arg.Quote() == 0 && arg.Raw() == arg.Value() {
				f.Fixes = []analyzer.SuggestedFix{{
					Message: "end the proxy_pass URI with a slash as well",
					Safe:    false,
					Edits:   []analyzer.TextEdit{{Range: analyzer.Range{Start: arg.Range().End, End: arg.Range().End}, NewText: "/"}},
				}}
			} else {
				f.Note("end the proxy_pass URI with a slash (%s/)", uri)
			}
		}
	})
}
