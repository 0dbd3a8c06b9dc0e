package rules

import (
	"regexp"
	"strings"
	"sync"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:        "nginx-cve",
		Versioned: true,
		Title:     "The targeted nginx version has a published vulnerability this configuration uses",
		Severity:  analyzer.Warning,
		Default:   true,
		Run:       runNginxCVE,
	})
}

// runNginxCVE reports each advisory whose vulnerable versions include the
// targeted one and whose trigger the configuration has, once, at the first
// directive that triggers it. Without a known version it says nothing.
func runNginxCVE(p *analyzer.Pass) {
	if !p.VersionSet() {
		return
	}
	v := strings.TrimSpace(p.Config.NginxVersion)
	found := map[string]*analyzer.Directive{}
	for _, adv := range advisories {
		if !versionAffected(v, adv.Vulnerable, adv.Fixed) {
			continue
		}
		d, ok := found[adv.Trigger]
		if !ok {
			d = cveTriggers[adv.Trigger](p)
			found[adv.Trigger] = d
		}
		if d == nil {
			continue
		}
		f := p.Reportf(d, d.NameRange(), "nginx %s is affected by %s (%s)", v, adv.CVE, shortTitle(adv.Title))
		f.Note("%s: %s; this configuration uses %s (%s here)", adv.CVE, adv.Title, adv.Module, d.Name())
		f.Note("vulnerable: %s; fixed in %s", adv.Vulnerable, adv.Fixed)
		if adv.Mitigation != "" {
			f.Note("upgrade nginx; until then: %s", adv.Mitigation)
		} else {
			f.Note("upgrade nginx to a fixed version")
		}
	}
}

// shortTitle keeps the headline within analyzer.MaxHeadline: the longest
// title is shortened at a word.
func shortTitle(t string) string {
	const limit = 50
	if len(t) <= limit {
		return t
	}
	cut := strings.LastIndexByte(t[:limit], ' ')
	return t[:cut] + " …"
}

// versionAffected reports whether v lies in one of the vulnerable ranges and
// is not a fixed version.
func versionAffected(v, vulnerable, fixed string) bool {
	in := false
	for _, r := range strings.Split(vulnerable, ",") {
		lo, hi, ok := strings.Cut(strings.TrimSpace(r), "-")
		if !ok {
			hi = lo
		}
		if analyzer.CompareVersions(v, lo) >= 0 && analyzer.CompareVersions(v, hi) <= 0 {
			in = true
		}
	}
	if !in {
		return false
	}
	for i, g := range strings.Split(fixed, ",") {
		g = strings.TrimSuffix(strings.TrimSpace(g), "+")
		if analyzer.CompareVersions(v, g) >= 0 && (i == 0 || branch(v) == branch(g)) {
			return false
		}
	}
	return true
}

// branch is a version's major.minor.
func branch(v string) string {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return v + ".0"
	}
	return parts[0] + "." + parts[1]
}

// A trigger returns the first directive (in source order) through which
// the configuration exposes itself to an advisory, or nil.
type cveTrigger func(p *analyzer.Pass) *analyzer.Directive

var cveTriggers map[string]cveTrigger

func init() {
	cveTriggers = map[string]cveTrigger{
		"resolver": firstWhere([]string{"resolver"}, func(d *analyzer.Directive) bool {
			return !strings.EqualFold(d.Arg(0), "off")
		}),
		"mp4":           firstWhere([]string{"mp4"}, always),
		"quic":          firstWhere([]string{"listen"}, listenHas("quic")),
		"spdy":          firstWhere([]string{"listen"}, listenHas("spdy")),
		"http2":         firstOf(firstWhere([]string{"listen"}, listenHas("http2")), firstWhere([]string{"http2"}, isOn)),
		"ssl":           firstOf(firstWhere([]string{"listen"}, listenHas("ssl")), firstWhere([]string{"ssl"}, isOn)),
		"ssi":           firstWhere([]string{"ssi"}, isOn),
		"http-server":   firstWhere([]string{"server"}, func(d *analyzer.Directive) bool { return d.Ctx == analyzer.CtxHTTP && d.Block != nil }),
		"proxy-pass":    firstWhere([]string{"proxy_pass"}, httpOnly),
		"scgi-uwsgi":    firstWhere([]string{"scgi_pass", "uwsgi_pass"}, always),
		"upstream-pass": firstWhere([]string{"proxy_pass", "fastcgi_pass", "uwsgi_pass", "scgi_pass", "memcached_pass"}, httpOnly),
		"ssl-verify-client": firstWhere([]string{"ssl_verify_client"}, func(d *analyzer.Directive) bool {
			return d.Ctx.IsHTTP() && !strings.EqualFold(d.Arg(0), "off")
		}),
		"ssl-session-shared": firstWhere([]string{"ssl_session_cache", "ssl_session_ticket_key"}, func(d *analyzer.Directive) bool {
			if !d.Ctx.IsHTTP() {
				return false
			}
			if d.Name() == "ssl_session_ticket_key" {
				return true
			}
			for _, a := range d.Args() {
				if strings.HasPrefix(a.Value(), "shared:") {
					return true
				}
			}
			return false
		}),
		"ssl-ocsp": firstWhere([]string{"ssl_ocsp"}, func(d *analyzer.Directive) bool {
			return d.Ctx.IsHTTP() && !strings.EqualFold(d.Arg(0), "off")
		}),
		"stream-ssl-ocsp": firstWhere([]string{"ssl_ocsp"}, func(d *analyzer.Directive) bool {
			return d.Ctx.IsStream() && !strings.EqualFold(d.Arg(0), "off")
		}),
		"ssl-upstream": firstOf(
			firstWhere([]string{"proxy_pass", "grpc_pass", "uwsgi_pass"}, func(d *analyzer.Directive) bool {
				u := strings.ToLower(d.Arg(0))
				return d.Ctx.IsHTTP() && (strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "grpcs://") || strings.HasPrefix(u, "suwsgi://"))
			}),
			firstWhere([]string{"proxy_ssl"}, isOn)),
		"charset-utf8": firstWhere([]string{"charset_map"}, func(d *analyzer.Directive) bool {
			for _, a := range d.Args() {
				if strings.EqualFold(a.Value(), "utf-8") {
					return true
				}
			}
			return false
		}),
		"dav-copy-move":       firstWhere([]string{"dav_methods"}, davCopyMove),
		"dav-copy-move-alias": firstWhere([]string{"dav_methods"}, func(d *analyzer.Directive) bool { return davCopyMove(d) && len(d.InScope("alias")) > 0 }),
		"h2-upstream-invalid-headers": firstWhere([]string{"ignore_invalid_headers"}, func(d *analyzer.Directive) bool {
			return strings.EqualFold(d.Arg(0), "off") && subtreeHas(d.Parent, func(k *analyzer.Directive) bool {
				return k.Name() == "grpc_pass" || (k.Name() == "proxy_http_version" && k.Arg(0) == "2")
			})
		}),
		"proxy-set-body-h2": firstWhere([]string{"proxy_set_body"}, func(d *analyzer.Directive) bool {
			for _, h := range d.InScope("proxy_http_version") {
				if h.Arg(0) == "2" {
					return true
				}
			}
			return false
		}),
		"mail-cram-apop": firstWhere([]string{"smtp_auth", "imap_auth", "pop3_auth"}, func(d *analyzer.Directive) bool {
			for _, a := range d.Args() {
				if m := strings.ToLower(a.Value()); m == "cram-md5" || m == "apop" {
					return true
				}
			}
			return false
		}),
		"mail-resolver": firstWhere([]string{"resolver"}, func(d *analyzer.Directive) bool {
			return (d.Ctx == analyzer.CtxMail || d.Ctx == analyzer.CtxMailServer) && !strings.EqualFold(d.Arg(0), "off")
		}),
		"smtp-auth-none": firstWhere([]string{"smtp_auth"}, func(d *analyzer.Directive) bool {
			for _, a := range d.Args() {
				if strings.EqualFold(a.Value(), "none") {
					return true
				}
			}
			return false
		}),
		"mail-starttls": firstWhere([]string{"starttls"}, func(d *analyzer.Directive) bool {
			return !strings.EqualFold(d.Arg(0), "off")
		}),
		"rewrite-args-capture":         firstWhere([]string{"rewrite"}, rewriteArgsThenCapture),
		"rewrite-overlapping-captures": firstWhere([]string{"rewrite"}, rewriteOverlappingCaptures),
		"slice-unnamed-capture":        sliceUnnamedCapture,
		"map-capture":                  mapCapture,
	}
}

func always(*analyzer.Directive) bool { return true }

func isOn(d *analyzer.Directive) bool { return strings.EqualFold(d.Arg(0), "on") }

func httpOnly(d *analyzer.Directive) bool { return d.Ctx.IsHTTP() }

// firstWhere is the first directive named one of names that satisfies ok.
func firstWhere(names []string, ok func(*analyzer.Directive) bool) cveTrigger {
	return func(p *analyzer.Pass) *analyzer.Directive {
		var first *analyzer.Directive
		p.Each(names, func(d *analyzer.Directive) {
			if first == nil && ok(d) {
				first = d
			}
		})
		return first
	}
}

// firstOf is the first trigger of ts that finds something.
func firstOf(ts ...cveTrigger) cveTrigger {
	return func(p *analyzer.Pass) *analyzer.Directive {
		for _, t := range ts {
			if d := t(p); d != nil {
				return d
			}
		}
		return nil
	}
}

// listenHas reports whether a listen directive carries the parameter word.
func listenHas(word string) func(*analyzer.Directive) bool {
	return func(d *analyzer.Directive) bool {
		for _, a := range d.Args()[min(1, len(d.Args())):] {
			if a.Value() == word {
				return true
			}
		}
		return false
	}
}

func davCopyMove(d *analyzer.Directive) bool {
	for _, a := range d.Args() {
		if m := strings.ToUpper(a.Value()); m == "COPY" || m == "MOVE" {
			return true
		}
	}
	return false
}

// subtreeHas reports whether level (nil: nothing) or a block below it has
// a directive satisfying ok.
func subtreeHas(level *analyzer.Directive, ok func(*analyzer.Directive) bool) bool {
	if level == nil {
		return false
	}
	hit := false
	analyzer.Walk(level.Children(), func(k *analyzer.Directive) bool {
		hit = hit || ok(k)
		return !hit && !k.Ctx.IsData()
	})
	return hit
}

// refCounts counts the references to unnamed captures ($1…$9) and to
// variables in a value, as nginx compiles it.
func refCounts(v string) (captures, vars int) {
	for _, r := range scanVarRefs(v, true) {
		switch {
		case r.err != "":
		case r.name == "":
			captures++
		default:
			vars++
		}
	}
	return captures, vars
}

func usesUnnamedCapture(d *analyzer.Directive) bool {
	for _, a := range d.Args() {
		if n, _ := refCounts(a.Value()); n > 0 {
			return true
		}
	}
	return false
}

// rewriteArgsThenCapture: a rewrite whose replacement has a '?' (arguments)
// and that does not end the rewrite module's processing (no last, break,
// redirect or permanent flag, no absolute URL), followed at the same level
// by a rewrite, if or set that uses an unnamed capture ($1…$9): nginx then
// escaped the later capture without having reserved room for it.
func rewriteArgsThenCapture(d *analyzer.Directive) bool {
	if len(d.Args()) < 2 || !strings.Contains(d.Args()[1].Value(), "?") {
		return false
	}
	if len(d.Args()) > 2 || rewriteRedirects(d.Args()[1].Value()) {
		return false
	}
	after := false
	hit := false
	for _, k := range d.Siblings() {
		if k == d {
			after = true
			continue
		}
		if !after {
			continue
		}
		analyzer.Walk([]*analyzer.Directive{k}, func(x *analyzer.Directive) bool {
			switch x.Name() {
			case "rewrite", "if", "set":
				hit = hit || usesUnnamedCapture(x)
			}
			return !hit && x.Name() == "if"
		})
		if hit {
			return true
		}
	}
	return false
}

func rewriteRedirects(repl string) bool {
	l := strings.ToLower(repl)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "$scheme")
}

// rewriteOverlappingCaptures: a rewrite whose regex nests one capture group
// in another, whose replacement names two or more captures and no other
// variable, and that redirects or adds arguments: nginx sized the result
// for one copy of the overlapping text.
func rewriteOverlappingCaptures(d *analyzer.Directive) bool {
	if len(d.Args()) < 2 || !nestedCaptures(d.Args()[0].Value()) {
		return false
	}
	repl := d.Args()[1].Value()
	if n, vars := refCounts(repl); n < 2 || vars > 0 {
		return false
	}
	flag := ""
	if len(d.Args()) > 2 {
		flag = d.Args()[2].Value()
	}
	return flag == "redirect" || flag == "permanent" || rewriteRedirects(repl) || strings.Contains(repl, "?")
}

// nestedCaptures reports whether a PCRE pattern has a capturing group
// inside another capturing group.
func nestedCaptures(re string) bool {
	var stack []bool // capturing?
	open := 0        // capturing groups open
	inClass := false
	for i := 0; i < len(re); i++ {
		c := re[i]
		switch {
		case c == '\\':
			i++
		case inClass:
			if c == ']' {
				inClass = false
			}
		case c == '[':
			inClass = true
			if i+1 < len(re) && re[i+1] == ']' {
				i++
			}
		case c == '(':
			capturing := i+1 >= len(re) || re[i+1] != '?' || namedGroupAt(re[i:])
			if capturing && open > 0 {
				return true
			}
			stack = append(stack, capturing)
			if capturing {
				open++
			}
		case c == ')':
			if n := len(stack); n > 0 {
				if stack[n-1] {
					open--
				}
				stack = stack[:n-1]
			}
		}
	}
	return false
}

// namedGroupAt reports whether s starts a named group: (?<name>, (?P<name>
// or (?'name' — not a look-behind (?<= or (?<!.
func namedGroupAt(s string) bool {
	if len(s) < 4 {
		return false
	}
	switch s[2] {
	case 'P', '\'':
		return true
	case '<':
		return s[3] != '=' && s[3] != '!'
	}
	return false
}

// sliceUnnamedCapture: slice or a background cache update where a
// directive of the same block (or below it) uses $1…$9.
func sliceUnnamedCapture(p *analyzer.Pass) *analyzer.Directive {
	var first *analyzer.Directive
	names := []string{"slice", "proxy_cache_background_update", "fastcgi_cache_background_update", "scgi_cache_background_update", "uwsgi_cache_background_update"}
	p.Each(names, func(d *analyzer.Directive) {
		if first != nil || !d.Ctx.IsHTTP() {
			return
		}
		if d.Name() == "slice" && (d.Arg(0) == "0" || d.Arg(0) == "") || d.Name() != "slice" && !isOn(d) {
			return
		}
		level := d.Parent
		if level == nil {
			return
		}
		if subtreeHas(level, usesUnnamedCapture) {
			first = d
		}
	})
	return first
}

// mapCapture: a map with a capturing regex whose variable is used in a
// string after a capture that map sets ($1…$9, or a name it captures).
func mapCapture(p *analyzer.Pass) *analyzer.Directive {
	type mapInfo struct {
		d       *analyzer.Directive
		unnamed bool            // a regex has an unnamed group
		names   map[string]bool // the names its regexes capture
	}
	maps := map[string]*mapInfo{}
	p.Each([]string{"map"}, func(d *analyzer.Directive) {
		if !d.Ctx.IsHTTP() || len(d.Args()) < 2 || d.Block == nil {
			return
		}
		m := &mapInfo{d: d, names: map[string]bool{}}
		for _, k := range d.Children() {
			key, ok := strings.CutPrefix(k.Name(), "~")
			if !ok || !hasCapture(key) {
				continue
			}
			m.unnamed = true
			for _, g := range namedGroup().FindAllStringSubmatch(key, -1) {
				m.names[strings.ToLower(g[1])] = true
			}
		}
		if m.unnamed {
			maps[strings.ToLower(strings.TrimPrefix(d.Args()[1].Value(), "$"))] = m
		}
	})
	if len(maps) == 0 {
		return nil
	}
	var first *analyzer.Directive
	p.Walk(func(d *analyzer.Directive) bool {
		if first != nil || d.Ctx.IsData() {
			return false
		}
		for _, a := range d.Args() {
			seenUnnamed := false
			seen := map[string]bool{}
			for _, r := range scanVarRefs(a.Value(), true) {
				if r.err != "" {
					continue
				}
				if r.name == "" {
					seenUnnamed = true
					continue
				}
				if m := maps[r.name]; m != nil {
					for n := range seen {
						if m.names[n] {
							first = m.d
						}
					}
					if seenUnnamed {
						first = m.d
					}
					if first != nil {
						return false
					}
				}
				seen[r.name] = true
			}
		}
		return true
	})
	return first
}

var namedGroup = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>`) })

// hasCapture reports whether a regex has a capturing group.
func hasCapture(re string) bool {
	for i := 0; i+1 < len(re); i++ {
		if re[i] == '\\' {
			i++
			continue
		}
		if re[i] == '(' && (re[i+1] != '?' || namedGroupAt(re[i:])) {
			return true
		}
	}
	return false
}
