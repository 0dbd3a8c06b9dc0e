package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/pcre"
)

// regexSite is one regular expression nginx compiles from the config.
type regexSite struct {
	D        *analyzer.Directive
	Range    analyzer.Range // the token holding the pattern
	Pattern  string
	Caseless bool
	// Subject says what the regex is matched against, for messages.
	Subject string
	// Captures is set where the regex's captures feed $1…$9 of directives
	// that follow (location, if, rewrite, server_name).
	Captures bool
}

// Parse parses the site's pattern.
func (s *regexSite) Parse() (*pcre.Regex, error) { return pcre.Parse(s.Pattern, s.Caseless) }

// Summary returns what most rules need of the site's pattern, kept for
// many more patterns than parsed trees are (pcre.Summarize).
func (s *regexSite) Summary() pcre.Summary { return pcre.Summarize(s.Pattern, s.Caseless) }

// condWord is one word of an if condition: its argument (for its
// position) and its value as nginx reads it.
type condWord struct {
	arg   *analyzer.Arg
	value string
}

// ifCondition returns the words of an if condition without its
// parentheses, as nginx reads them.
func ifCondition(d *analyzer.Directive) []condWord {
	out := make([]condWord, 0, len(d.Args()))
	for i, a := range d.Args() {
		v := a.Value()
		if i == 0 && a.Quote() == 0 {
			if v == "(" {
				continue
			}
			v = strings.TrimPrefix(v, "(")
		}
		if i == len(d.Args())-1 && a.Quote() == 0 {
			if v == ")" {
				continue
			}
			v = strings.TrimSuffix(v, ")")
		}
		out = append(out, condWord{a, v})
	}
	return out
}

// ifRegex returns the regex of an if condition ($var ~ re) and its
// argument, or a nil argument.
func ifRegex(d *analyzer.Directive) (arg *analyzer.Arg, pattern string, caseless bool) {
	cond := ifCondition(d)
	if len(cond) != 3 {
		return nil, "", false
	}
	switch cond[1].value {
	case "~", "!~":
		return cond[2].arg, cond[2].value, false
	case "~*", "!~*":
		return cond[2].arg, cond[2].value, true
	}
	return nil, "", false
}

// locationRegex returns the pattern of a regex location, or nil.
func locationRegex(d *analyzer.Directive) (pattern string, rng analyzer.Range, caseless, ok bool) {
	loc, ok := d.LocationOf()
	if !ok || !loc.IsRegex() {
		return "", analyzer.Range{}, false, false
	}
	return loc.Match, loc.Arg.Range(), loc.Modifier == "~*", true
}

// tildeArg reads "~re" / "~*re" arguments (server_name, valid_referers, map
// keys, proxy_redirect …).
func tildeArg(v string) (pattern string, caseless, ok bool) {
	if !strings.HasPrefix(v, "~") || len(v) < 2 {
		return "", false, false
	}
	if strings.HasPrefix(v, "~*") {
		return v[2:], true, len(v) > 2
	}
	return v[1:], false, true
}

// regexSites lists every regex of the analysed config, once for the rules
// that read them; they must not change the list.
func regexSites(p *analyzer.Pass) []regexSite {
	return analyzer.Shared(p.Analysis, regexSitesKey{}, func() []regexSite { return findRegexSites(p) })
}

type regexSitesKey struct{}

func findRegexSites(p *analyzer.Pass) []regexSite {
	var out []regexSite
	add := func(d *analyzer.Directive, r analyzer.Range, pat string, ci bool, subject string, captures bool) {
		if pat == "" {
			return
		}
		out = append(out, regexSite{D: d, Range: r, Pattern: pat, Caseless: ci, Subject: subject, Captures: captures})
	}
	p.Walk(func(d *analyzer.Directive) bool {
		if d.Ctx == analyzer.CtxLua {
			return false
		}
		if isMapEntry(d) {
			if pat, ci, ok := tildeArg(d.Name()); ok {
				add(d, d.NameRange(), pat, ci, "the map's source value", false)
			}
			return false
		}
		if d.Ctx.IsData() {
			return false
		}
		switch d.Name() {
		case "location":
			if pat, r, ci, ok := locationRegex(d); ok {
				add(d, r, pat, ci, "the request URI", true)
			}
		case "if":
			if a, pat, ci := ifRegex(d); a != nil {
				add(d, a.Range(), pat, ci, "a variable", true)
			}
		case "rewrite":
			if len(d.Args()) > 0 {
				add(d, d.Args()[0].Range(), d.Args()[0].Value(), false, "the request URI", true)
			}
		case "server_name":
			for _, a := range d.Args() {
				if pat, ci, ok := tildeArg(a.Value()); ok {
					add(d, a.Range(), pat, ci, "the Host header", true)
				}
			}
		case "valid_referers":
			for _, a := range d.Args() {
				if pat, ci, ok := tildeArg(a.Value()); ok {
					add(d, a.Range(), pat, ci, "the Referer header", false)
				}
			}
		case "proxy_redirect", "proxy_cookie_domain", "proxy_cookie_path":
			if len(d.Args()) > 0 {
				if pat, ci, ok := tildeArg(d.Args()[0].Value()); ok {
					add(d, d.Args()[0].Range(), pat, ci, "an upstream header", false)
				}
			}
		case "fastcgi_split_path_info":
			if len(d.Args()) > 0 {
				add(d, d.Args()[0].Range(), d.Args()[0].Value(), false, "the request URI", false)
			}
		case "gzip_disable":
			for _, a := range d.Args() {
				if a.Value() != "msie6" && a.Value() != "degradation" {
					add(d, a.Range(), a.Value(), true, "the User-Agent header", false)
				}
			}
		}
		return true
	})
	return out
}

// isMapEntry reports whether d is an entry of a map body: inside map{}, or
// a "~regex value;" line of a file included into one (such a file is
// linted on its own, out of context).
func isMapEntry(d *analyzer.Directive) bool {
	if d.Ctx == analyzer.CtxMap {
		return d.Parent != nil && d.Parent.Name() == "map"
	}
	return d.Block == nil && strings.HasPrefix(d.Name(), "~") && !d.Ctx.IsData()
}
