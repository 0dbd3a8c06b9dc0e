package rules

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "origins",
		Title:    "A regex that checks Origin or Referer lets other sites through",
		Severity: analyzer.Warning,
		Default:  true,
		Run:      runOrigins,
	})
}

// Settings: origins-domains (comma-separated list of the domains the
// checks may allow, subdomains included) and origins-https-only (true:
// http:// origins must be refused).

var originHeaders = map[string]string{
	"$http_origin": "Origin", "$http_referer": "Referer", "$http_referrer": "Referer",
}

func runOrigins(p *analyzer.Pass) {
	var domains []string
	for _, d := range strings.Split(p.Setting("origins-domains"), ",") {
		if d = strings.ToLower(strings.Trim(strings.TrimSpace(d), ".")); d != "" {
			domains = append(domains, d)
		}
	}
	httpsOnly := p.Setting("origins-https-only") == "true"
	p.Walk(func(d *analyzer.Directive) bool {
		switch {
		case d.Name() == "if" && d.Block != nil:
			subj, op, pat := ifParts(d)
			hdr := originHeaders[strings.ToLower(subj)]
			if hdr == "" || pat == "" || (op != "~" && op != "~*" && op != "!~" && op != "!~*") {
				return true
			}
			if strings.EqualFold(subj, "$http_referrer") {
				p.Reportf(d, d.Args()[0].Range(), "$http_referrer is the request header \"Referrer\", which browsers never send").
					Note("the header is spelled Referer: this check always sees an empty value").
					Note("use $http_referer")
				return true
			}
			// A positive match on Referer without a scheme or anchor is a
			// block list or routing on a path, not an allow list.
			if hdr == "Referer" && !strings.HasPrefix(op, "!") && !strings.Contains(pat, "//") && !strings.Contains(pat, "^") {
				return true
			}
			if domainLitRe().FindString(pat) == "" {
				return true
			}
			rng := d.Args()[len(d.Args())-1].Range()
			for i, a := range d.Args() {
				if a.Value() == op && i+1 < len(d.Args()) {
					rng = d.Args()[i+1].Range()
				}
			}
			if why := originRegexProblem(pat, strings.HasSuffix(op, "*"), hdr == "Origin", domains, httpsOnly); why != "" {
				p.Reportf(d, rng, "the %s check %s lets other sites through", hdr, quoteRe(analyzer.Snippet(pat))).
					Note("the regex %s %s", quoteRe(pat), why).
					Note("anchor it (^https://example\\.com$ for Origin, ^https://example\\.com/ for Referer) and escape the dots")
			}
		case d.Name() == "map" && d.Block != nil && len(d.Args()) == 2:
			// Maps on Referer are mostly block lists; maps on Origin feed CORS.
			hdr := originHeaders[strings.ToLower(d.Arg(0))]
			if hdr != "Origin" {
				return false
			}
			for _, e := range d.Children() {
				key := e.Name()
				if !strings.HasPrefix(key, "~") {
					continue
				}
				fold := strings.HasPrefix(key, "~*")
				pat := strings.TrimPrefix(strings.TrimPrefix(key, "~*"), "~")
				if why := originRegexProblem(pat, fold, hdr == "Origin", domains, httpsOnly); why != "" {
					p.Reportf(e, e.NameRange(), "the %s check %s lets other sites through", hdr, quoteRe(analyzer.Snippet(pat))).
						Note("the regex %s %s", quoteRe(pat), why).
						Note("anchor it (^https://example\\.com$ for Origin) and escape the dots")
				}
			}
			return false
		}
		return !d.Ctx.IsData()
	})
}

func quoteRe(s string) string { return "\"" + s + "\"" }

var domainLitRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)[a-z0-9-]+(?:\\?\.[a-z0-9-]+)*\\?\.[a-z][a-z0-9-]*`)
})

// originRegexProblem says how a regex meant to accept some sites' Origin or
// Referer also accepts others, or "" when it finds nothing.
func originRegexProblem(pat string, fold, origin bool, domains []string, httpsOnly bool) string {
	for _, alt := range topAlternatives(pat) {
		if !strings.HasPrefix(alt, "^") {
			return "is not anchored with ^, so it matches the text anywhere (https://evil.example/?" + firstHost(pat) + " passes)"
		}
	}
	flags := ""
	if fold {
		flags = "(?i)"
	}
	re, err := regexp.Compile(flags + pat)
	if err != nil {
		return ""
	}
	tree, err := syntax.Parse(flags+pat, syntax.Perl)
	if err != nil {
		return ""
	}
	var hosts []string
	for _, m := range domainLitRe().FindAllString(pat, -1) {
		hosts = append(hosts, strings.ToLower(strings.ReplaceAll(m, `\.`, ".")))
	}
	if len(hosts) == 0 {
		return ""
	}
	// The simplest string the regex accepts must name one of its hosts.
	alts := []*syntax.Regexp{tree}
	if tree.Op == syntax.OpAlternate {
		alts = tree.Sub
	}
	for _, alt := range alts {
		s := shortestMatch(alt)
		if h := urlHost(s); h != "" && !hostIn(h, hosts) {
			return "accepts " + quoteRe(s) + ", whose host is " + h + " (an unescaped '.' or a wildcard in the host matches any character)"
		}
	}
	for _, h := range hosts {
		for _, sch := range []string{"https://", "http://", ""} {
			for _, atk := range hostAttacks(sch, h) {
				if re.MatchString(atk) {
					return "also accepts " + quoteRe(atk)
				}
			}
		}
	}
	if len(domains) > 0 {
		for _, h := range hosts {
			if !hostIn(h, domains) && (re.MatchString("https://"+h) || re.MatchString("https://"+h+"/") ||
				re.MatchString("https://www."+h) || re.MatchString("https://www."+h+"/")) {
				return "accepts " + h + ", which is not among the configured domains (" + strings.Join(domains, ", ") + ")"
			}
		}
	}
	if httpsOnly {
		for _, h := range hosts {
			if re.MatchString("http://"+h) || re.MatchString("http://"+h+"/") {
				return "accepts plain http://" + h + " (origins-https-only is set)"
			}
		}
	}
	if origin {
		for _, h := range hosts {
			withPath := re.MatchString("https://"+h+"/") || re.MatchString("http://"+h+"/")
			bare := re.MatchString("https://"+h) || re.MatchString("http://"+h) || re.MatchString(h)
			if withPath && !bare {
				return "requires a path after the host, but an Origin header never has one (it is scheme://host[:port]), so the check matches no real request and the branch meant for allowed origins never runs"
			}
		}
	}
	return ""
}

// hostAttacks are origins and referers an attacker can produce that must
// not pass a check meant for host h.
func hostAttacks(sch, h string) []string {
	out := []string{
		sch + h + ".evil.com", sch + h + ".evil.com/", sch + h + "evil.com", sch + h + "-evil.com/",
		sch + "evil" + h, sch + "evil" + h + "/", sch + "evil-" + h + "/",
		sch + "evil.com/" + h, sch + "evil.com/" + sch + h + "/", sch + "evil.com/x." + h, sch + "evil.com/x." + h + "/",
		sch + "evil.com/?" + sch + h + "/", sch + "evil.com/?" + sch + h,
	}
	if sch != "" {
		// Text before the scheme: the check is not tied to the start.
		out = append(out, "evil"+sch+h, "evil"+sch+h+"/")
	}
	for i := 0; i < len(h); i++ {
		if h[i] == '.' {
			v := h[:i] + "x" + h[i+1:]
			out = append(out, sch+v, sch+v+"/")
		}
	}
	return out
}

// hostIn reports whether h is one of hosts or a subdomain of one.
func hostIn(h string, hosts []string) bool {
	for _, x := range hosts {
		if h == x || strings.HasSuffix(h, "."+x) {
			return true
		}
	}
	return false
}

// urlHost returns the host part of a URL-like string ("" when there is no
// recognisable host).
func urlHost(s string) string {
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#:"); i >= 0 {
		s = s[:i]
	}
	return strings.ToLower(strings.TrimPrefix(s, "."))
}

func firstHost(pat string) string {
	if m := domainLitRe().FindString(pat); m != "" {
		return strings.ReplaceAll(m, `\.`, ".")
	}
	return "example.com"
}

// shortestMatch builds a short string the regex accepts: optional parts
// left out, one pass of each loop, the first branch of each alternation,
// and 'a' for any character.
func shortestMatch(r *syntax.Regexp) string {
	var b strings.Builder
	var walk func(r *syntax.Regexp)
	walk = func(r *syntax.Regexp) {
		switch r.Op {
		case syntax.OpLiteral:
			b.WriteString(string(r.Rune))
		case syntax.OpCharClass:
			b.WriteRune(pickRune(r.Rune))
		case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
			b.WriteByte('a')
		case syntax.OpPlus:
			walk(r.Sub[0])
		case syntax.OpRepeat:
			for i := 0; i < r.Min; i++ {
				walk(r.Sub[0])
			}
		case syntax.OpCapture, syntax.OpConcat:
			for _, s := range r.Sub {
				walk(s)
			}
		case syntax.OpAlternate:
			walk(r.Sub[0])
		}
	}
	walk(r)
	return b.String()
}

// pickRune picks a letter from a class if it has one.
func pickRune(ranges []rune) rune {
	for _, c := range []rune{'a', 'x', '0', '-'} {
		for i := 0; i+1 < len(ranges); i += 2 {
			if ranges[i] <= c && c <= ranges[i+1] {
				return c
			}
		}
	}
	if len(ranges) > 0 {
		return ranges[0]
	}
	return 'a'
}

// topAlternatives splits a pattern at its top-level '|'.
func topAlternatives(pat string) []string {
	var out []string
	depth, class, start := 0, false, 0
	for i := 0; i < len(pat); i++ {
		c := pat[i]
		switch {
		case c == '\\':
			i++
		case class:
			if c == ']' {
				class = false
			}
		case c == '[':
			class = true
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == '|' && depth == 0:
			out = append(out, pat[start:i])
			start = i + 1
		}
	}
	return append(out, pat[start:])
}
