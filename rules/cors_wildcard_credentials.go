package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "cors-wildcard-credentials",
		Title:    "Access-Control-Allow-Origin * together with Access-Control-Allow-Credentials true",
		Severity: analyzer.Warning,
		Default:  true,
		Run:      runCORSWildcardCredentials,
	})
}

func runCORSWildcardCredentials(p *analyzer.Pass) {
	a := p.Analysis
	for _, lvl := range httpLevels(p) {
		if !hasOwn(p, lvl, "add_header", "more_set_headers") {
			continue
		}
		var hs []headerSet
		for _, d := range a.Effective(lvl, "add_header") {
			hs = append(hs, headersSetBy(d)...)
		}
		for _, d := range a.Effective(lvl, "more_set_headers") {
			hs = append(hs, headersSetBy(d)...)
		}
		var origin, cred *headerSet
		for i := range hs {
			h := &hs[i]
			switch h.name {
			case "access-control-allow-origin":
				if origin == nil && (h.value == "*" || strings.EqualFold(h.value, "$http_origin")) {
					origin = h
				}
			case "access-control-allow-credentials":
				if cred == nil && strings.EqualFold(h.value, "true") {
					cred = h
				}
			}
		}
		if origin == nil || cred == nil {
			continue
		}
		if origin.value == "*" {
			p.Reportf(origin.d, origin.arg.Range(), "Access-Control-Allow-Origin * with Access-Control-Allow-Credentials true (line %d)", line(cred.d)).
				Note("browsers refuse a credentialed cross-origin response whose allowed origin is the wildcard, so requests that send cookies or Authorization fail their CORS check (and preflights fail outright)").
				Note("name the allowed origins (a map on $http_origin) or drop the credentials header").
				Relate(cred.d.NameRange(), "credentials allowed here")
			continue
		}
		if guardedOrigin(origin.d) {
			continue
		}
		f := p.Reportf(origin.d, origin.arg.Range(), "Access-Control-Allow-Origin echoes $http_origin unchecked, with credentials (line %d)", line(cred.d)).
			Note("with Access-Control-Allow-Credentials true, every web site the user visits may read these responses with the user's cookies").
			Note("echo only allowed origins (a map on $http_origin with an explicit list)").
			Relate(cred.d.NameRange(), "credentials allowed here")
		f.Severity = analyzer.Error
	}
}

// guardedOrigin reports whether d stands in an if that tests $http_origin.
func guardedOrigin(d *analyzer.Directive) bool {
	for _, anc := range d.Ancestors() {
		if anc.Name() == "if" {
			if subj, op, _ := ifParts(anc); strings.EqualFold(subj, "$http_origin") && op != "" {
				return true
			}
		}
	}
	return false
}
