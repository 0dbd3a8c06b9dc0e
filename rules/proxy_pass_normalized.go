package rules

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "proxy-pass-normalized",
		Title:    "proxy_pass with a URI part sends the decoded, normalized path",
		Severity: analyzer.Warning,
		Default:  false,
		Run:      runProxyPassNormalized,
	})
}

var rawPathVarRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)\$(uri\b|\{uri\}|[0-9]|\{[0-9]+\})`) })

func runProxyPassNormalized(p *analyzer.Pass) {
	a := p.Analysis
	looping := map[*analyzer.Directive]bool{} // raw rewrites reported as loops
	p.Each([]string{"proxy_pass"}, func(d *analyzer.Directive) {
		if len(d.Args()) == 0 || !d.Ctx.IsHTTP() {
			return
		}
		loc := effectiveLocation(d)
		if loc == nil || loc.Arg(0) == "=" {
			return
		}
		v := d.Args()[0].Value()
		if strings.HasPrefix(v, "$") && !strings.Contains(v, "/") {
			return // the whole URL is a variable: nothing to see
		}
		addr := a.ParseAddress(d)
		if addr == nil {
			return
		}
		path := addr.URI
		if addr.Kind == analyzer.AddrUnix {
			// unix:/path/to.sock:/uri
			rest := strings.TrimPrefix(strings.ToLower(addr.Host), "unix:")
			if i := strings.IndexByte(rest, ':'); i >= 0 {
				path = addr.Host[len("unix:")+i+1:]
			} else {
				path = ""
			}
		}
		hostPart := strings.TrimSuffix(v, path)
		if rw := rawURIRewrite(d, loc); rw != nil {
			// nginx refuses a rewrite inside limit_except (invalid-context
			// reports it), so it never loops there.
			if !rewriteStops(rw) && (rw.Parent == nil || rw.Parent.Name() != "limit_except") {
				if !looping[rw] {
					looping[rw] = true
					p.Reportf(rw, rw.Args()[1].Range(), "rewrite to $request_uri without break: the location matches again, in a loop").
						Note("without break nginx searches the locations again with the new URI; this location matches it and rewrites it again, and after 10 rounds nginx answers 500 (rewrite or internal redirection cycle)").
						Note("write rewrite ^ $request_uri break;")
				}
				return
			}
			uses := path
			if path == "" {
				uses = hostPart
			}
			if !rawPathVarRe().MatchString(uses) {
				p.Reportf(d, d.Args()[0].Range(), "proxy_pass encodes again the path the rewrite at line %d took from $request_uri", line(rw)).
					Note("the rewrite to $request_uri puts the still-encoded path into $uri, and this proxy_pass without $uri or a capture lets nginx encode it again: /%%2F reaches the backend as /%%252F").
					Note("pass the raw path explicitly (proxy_pass http://backend$uri; or /$1)").
					Relate(rw.NameRange(), "the rewrite to $request_uri")
			}
			return
		}
		if path == "" {
			return
		}
		f := p.Reportf(d, d.Args()[0].Range(), "%s", headline(
			fmt.Sprintf("proxy_pass with a URI part (%s) sends the decoded, normalized path", analyzer.Snippet(path)),
			"proxy_pass with a URI part sends the decoded, normalized path")).
			Note("nginx replaces the location prefix in the decoded, normalized URI and sends that, so %%2F arrives as /, %%2E%%2E segments are resolved and the backend sees a different path than the client sent").
			Note("if the backend routes or checks access on encoded paths, drop the URI part (the original request URI is then passed unchanged)")
		f.Severity = analyzer.Info
	})
}

// effectiveLocation is the location whose request a proxy_pass serves:
// its parent, or the location around the if / limit_except it stands in.
func effectiveLocation(d *analyzer.Directive) *analyzer.Directive {
	par := d.Parent
	if par == nil {
		return nil
	}
	switch par.Name() {
	case "location":
		return par
	case "if", "limit_except":
		if par.Parent != nil && par.Parent.Name() == "location" {
			return par.Parent
		}
	}
	return nil
}

// rewriteStops reports whether the rewrite phase ends in the block of
// rewrite rw to $request_uri without a new location search: rw has break,
// or, rw having no flag, a rewrite after it has break (or last, whose new
// URI may lead elsewhere), or a break, return or if (which may hold one)
// follows it. rw's own last searches again with the request URI, which
// leads back to the same location (measured on nginx 1.22.1, as without a
// flag).
func rewriteStops(rw *analyzer.Directive) bool {
	switch rw.Arg(2) {
	case "break":
		return true
	case "last":
		return false
	}
	if rw.Parent == nil {
		return true // not in a block this rule can read: say nothing
	}
	after := false
	for _, k := range rw.Parent.Children() {
		if k == rw {
			after = true
			continue
		}
		if !after {
			continue
		}
		switch k.Name() {
		case "rewrite":
			if len(k.Args()) >= 3 && (k.Arg(2) == "break" || k.Arg(2) == "last") {
				return true
			}
		case "break", "return", "if":
			return true
		}
	}
	return false
}

// rawURIRewrite finds an unconditional `rewrite ^ $request_uri` that
// applies before d: in d's block or the blocks up to loc, not inside an if.
func rawURIRewrite(d, loc *analyzer.Directive) *analyzer.Directive {
	for b := d.Parent; b != nil; b = b.Parent {
		if b.Name() == "if" {
			// An if's own rewrites are conditional; keep looking outside.
		} else {
			for _, k := range b.Children() {
				if k.Name() == "rewrite" && len(k.Args()) >= 2 && k.Arg(0) == "^" && strings.EqualFold(k.Arg(1), "$request_uri") {
					return k
				}
			}
		}
		if b == loc {
			break
		}
	}
	return nil
}
