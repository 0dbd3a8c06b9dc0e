package rules

import (
	"strconv"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "hsts-header",
		Title:    "Strict-Transport-Security is missing, malformed or short-lived",
		Severity: analyzer.Warning,
		Default:  true,
		Run:      runHSTSHeader,
	})
}

// hstsMinAge is the shortest max-age not reported as short: 180 days.
const hstsMinAge = 180 * 24 * 3600

func runHSTSHeader(p *analyzer.Pass) {
	unread := map[*analyzer.Directive]bool{} // levels with an include not read
	p.Each([]string{"server"}, func(d *analyzer.Directive) {
		if d.Block == nil || d.Ctx != analyzer.CtxHTTP {
			return
		}
		tls, listen := serverTLS(d)
		var hsts []headerSet
		analyzer.Walk([]*analyzer.Directive{d}, func(k *analyzer.Directive) bool {
			for _, h := range headersSetBy(k) {
				if h.name == "strict-transport-security" {
					hsts = append(hsts, h)
				}
			}
			return !k.Ctx.IsData()
		})
		if tls {
			if lvl := hstsMissingAt(p, d, unread); lvl != nil {
				where := "this HTTPS server"
				if lvl != d {
					where = "location " + strings.Join(argValues(lvl), " ")
				}
				f := p.Reportf(listen, listen.Range(), "no Strict-Transport-Security header is added for this HTTPS server").
					Note("%s answers with content and nginx adds no Strict-Transport-Security header there (an application behind it may set its own)", where).
					Note("browsers keep trying plain http:// first, where an attacker on the network can strip the redirect to HTTPS").
					Note("add add_header Strict-Transport-Security \"max-age=31536000\" always; at server level, and again in locations that have add_header lines of their own")
				f.Severity = analyzer.Info
			}
		}
		for _, h := range hsts {
			checkHSTSValue(p, h)
		}
	})
}

// hstsMissingAt returns the first level of srv (a location, or srv itself
// when it has none) that answers with content and where no
// Strict-Transport-Security header is in effect; nil when there is none,
// and nil when that cannot be known: the http level is not part of the
// analysis (a server{} linted on its own), or an include around the server
// was not read. A level that only redirects or returns an error (return
// with a code other than 2xx) sends no content to protect.
func hstsMissingAt(p *analyzer.Pass, srv *analyzer.Directive, unread map[*analyzer.Directive]bool) *analyzer.Directive {
	if srv.Parent == nil || unreadInclude(srv) {
		return nil
	}
	for l := srv.Parent; l != nil; l = l.Parent {
		// Asked once per level: an http{} of 50,000 servers would
		// otherwise be scanned for each of them.
		here, ok := unread[l]
		if !ok {
			here = unreadIncludeHere(l)
			unread[l] = here
		}
		if here {
			return nil
		}
	}
	if !answersContent(srv) {
		return nil
	}
	var levels []*analyzer.Directive
	analyzer.Walk(srv.Children(), func(k *analyzer.Directive) bool {
		if k.Name() == "location" && k.Block != nil {
			levels = append(levels, k)
		}
		return !k.Ctx.IsData()
	})
	if len(levels) == 0 {
		levels = []*analyzer.Directive{srv}
	}
	for _, l := range levels {
		if answersContent(l) && !hstsInEffect(p, l) {
			return l
		}
	}
	return nil
}

// answersContent reports whether a level can answer with content: it has
// no return, or one with a 2xx code.
func answersContent(l *analyzer.Directive) bool {
	for _, r := range l.Find("return") {
		code := r.Arg(0)
		if len(r.Args()) == 1 && !isStatusCode(code) {
			return false // return URL: a 302 redirect
		}
		if !strings.HasPrefix(code, "2") {
			return false
		}
	}
	return true
}

func isStatusCode(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil && len(s) == 3
}

// hstsInEffect reports whether a Strict-Transport-Security header is set
// for responses of level l: by the add_header lines in effect there, or by
// more_set_headers at l or an enclosing level.
func hstsInEffect(p *analyzer.Pass, l *analyzer.Directive) bool {
	for _, d := range p.Analysis.Effective(l, "add_header") {
		if analyzer.FieldName(d) == "strict-transport-security" {
			return true
		}
	}
	for lvl := l; lvl != nil; lvl = lvl.Parent {
		for _, d := range lvl.Find("more_set_headers") {
			for _, h := range headersSetBy(d) {
				if h.name == "strict-transport-security" {
					return true
				}
			}
		}
	}
	return false
}

// unreadInclude reports whether an include in d's block or below it was
// not read (missing, outside the checked tree, over a limit).
func unreadInclude(d *analyzer.Directive) bool {
	hit := false
	analyzer.Walk([]*analyzer.Directive{d}, func(k *analyzer.Directive) bool {
		hit = hit || unreadIncludeHere(k)
		return !hit
	})
	return hit
}

// unreadIncludeHere reports whether d's own block has an include that was
// not read.
func unreadIncludeHere(d *analyzer.Directive) bool {
	if d.Block == nil {
		return false
	}
	for _, k := range d.Block.Items {
		if inc := k.Include(); inc != nil && inc.Missing {
			return true
		}
	}
	return false
}

func argValues(d *analyzer.Directive) []string {
	out := make([]string, len(d.Args()))
	for i, a := range d.Args() {
		out[i] = a.Value()
	}
	return out
}

// serverTLS reports whether a server terminates TLS (a listen with ssl or
// quic, or ssl on) and returns its first listen directive.
func serverTLS(srv *analyzer.Directive) (bool, *analyzer.Directive) {
	var first *analyzer.Directive
	tls := false
	for _, k := range srv.Children() {
		switch k.Name() {
		case "listen":
			if first == nil {
				first = k
			}
			for _, a := range k.Args()[min(1, len(k.Args())):] {
				if a.Value() == "ssl" || a.Value() == "quic" {
					tls = true
					first = k
				}
			}
		case "ssl":
			if k.Arg(0) == "on" {
				tls = true
			}
		}
	}
	if tls && first == nil {
		first = srv
	}
	return tls, first
}

func checkHSTSValue(p *analyzer.Pass, h headerSet) {
	if strings.Contains(h.value, "$") {
		return
	}
	age := -1
	for _, part := range strings.Split(h.value, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		if strings.EqualFold(strings.TrimSpace(k), "max-age") {
			n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(v), `"`))
			if err != nil || n < 0 {
				age = -2
			} else {
				age = n
			}
		}
	}
	switch {
	case age == -1:
		p.Reportf(h.d, h.arg.Range(), "Strict-Transport-Security without max-age: browsers ignore the header").
			Note("max-age is required; without it browsers ignore the header entirely").
			Note("write max-age=31536000")
	case age == -2:
		p.Reportf(h.d, h.arg.Range(), "Strict-Transport-Security with an invalid max-age: browsers ignore the header").
			Note("max-age takes a number of seconds, such as 31536000")
	case age > 0 && age < hstsMinAge:
		f := p.Reportf(h.d, h.arg.Range(), "Strict-Transport-Security max-age=%d is under 180 days", age).
			Note("a visitor who returns after it expires is exposed to HTTPS stripping again").
			Note("use at least 15552000 (31536000 is common, and required for the preload list)")
		f.Severity = analyzer.Info
	}
}
