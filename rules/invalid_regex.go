package rules

import (
	"errors"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/pcre"
)

func init() {
	register(&analyzer.Rule{
		ID:       "invalid-regex",
		NginxT:   true, // its errors are regexes PCRE rejects; $N findings are warnings
		Title:    "A regex PCRE rejects, or a $1…$9 that refers to a capture group no regex has",
		Severity: analyzer.Error,
		Default:  true,
		Run:      runInvalidRegex,
	})
}

// rewriteModule lists the directives executed in place, in the rewrite
// phase, where captures are those of regexes evaluated before them.
var rewriteModule = map[string]bool{"rewrite": true, "set": true, "return": true, "if": true, "break": true}

func runInvalidRegex(p *analyzer.Pass) {
	sites := regexSites(p)
	bySite := map[*analyzer.Directive][]*regexSite{}
	for i := range sites {
		s := &sites[i]
		bySite[s.D] = append(bySite[s.D], s)
		if err := s.Summary().Err; err != nil {
			f := p.Reportf(s.D, s.Range, "invalid regex %q: %s", analyzer.Snippet(s.Pattern), analyzer.Snippet(err.Error()))
			if analyzer.Snippet(s.Pattern) != s.Pattern || analyzer.Snippet(err.Error()) != err.Error() {
				f.Note("PCRE rejects the regex %q: %s", s.Pattern, err) // the headline shortened them
			}
			f.Note("nginx -t fails (pcre2_compile() failed: %s) and nginx neither starts nor reloads with this config", errMsg(err))
		}
	}
	c := captureScope{sites: bySite}
	p.Walk(func(d *analyzer.Directive) bool {
		if isMapEntry(d) {
			checkMapEntry(p, d, bySite[d])
			return false
		}
		if d.Ctx.IsData() || d.Ctx == analyzer.CtxLua {
			return false
		}
		args := captureRefArgs(d)
		if len(args) == 0 {
			return true
		}
		var avail groupCount
		for _, a := range args {
			for _, n := range captureRefs(a.Value()) {
				if avail.n == 0 && !avail.unsure && !avail.done {
					avail = c.available(d)
				}
				if avail.unsure || n <= avail.n {
					continue
				}
				if avail.n == 0 {
					p.Reportf(d, a.Range(), "$%d refers to a capture group, but no regex in effect here has one", n).
						Note("the regexes that set captures are those of location ~, if ~, rewrite and server_name ~").
						Note("nginx substitutes an empty string").Severity = analyzer.Warning
				} else {
					p.Reportf(d, a.Range(), "$%d refers to capture group %d, but the regexes in effect here have at most %d", n, n, avail.n).
						Note("nginx substitutes an empty string").Severity = analyzer.Warning
				}
				break
			}
		}
		return true
	})
}

// captureRefArgs returns the arguments of d whose $1…$9 take captures.
// Code for embedded languages (Lua, Perl, njs) is left alone: "$1" there is
// the language's, not nginx's.
func captureRefArgs(d *analyzer.Directive) []*analyzer.Arg {
	if strings.Contains(d.Name(), "lua") || strings.Contains(d.Name(), "perl") || strings.HasPrefix(d.Name(), "js_") {
		return nil
	}
	switch d.Name() {
	case "location", "server_name", "valid_referers", "gzip_disable", "map", "geo", "split_clients",
		"log_format", "fastcgi_split_path_info", "if":
		return nil
	case "rewrite":
		if len(d.Args()) > 1 {
			return d.Args()[1:2]
		}
		return nil
	case "proxy_redirect", "proxy_cookie_domain", "proxy_cookie_path":
		// The replacement refers to the first argument's own captures.
		if len(d.Args()) > 0 && strings.HasPrefix(d.Args()[0].Value(), "~") {
			return nil
		}
	}
	return d.Args()
}

// captureRefs returns the capture numbers $1…$9 referenced in v.
func captureRefs(v string) []int {
	var out []int
	for i := 0; i+1 < len(v); i++ {
		if v[i] == '$' && v[i+1] >= '1' && v[i+1] <= '9' {
			out = append(out, int(v[i+1]-'0'))
		}
	}
	return out
}

type groupCount struct {
	n      int
	unsure bool
	done   bool
}

func (g *groupCount) add(s *regexSite) {
	re := s.Summary()
	if re.Err != nil || !re.GroupsExact {
		g.unsure = true
		return
	}
	if re.Groups > g.n {
		g.n = re.Groups
	}
}

// merge adds the groups h counts.
func (g *groupCount) merge(h groupCount) {
	g.n = max(g.n, h.n)
	g.unsure = g.unsure || h.unsure
}

type captureScope struct {
	sites map[*analyzer.Directive][]*regexSite
	// lists sums up each list of sibling directives once (keyed by its
	// first directive): a block of 200,000 rewrites that each use $1
	// would otherwise rescan its siblings for every one of them.
	lists map[*analyzer.Directive]*siblingGroups
}

// siblingGroups is what the regexes of one list of siblings capture.
type siblingGroups struct {
	before []groupCount // rewrites and ifs before each place (Directive.Place)
	all    groupCount   // every rewrite and if
	names  groupCount   // server_name
	below  *groupCount  // every regex of the list and its blocks, once asked
}

// of returns the regexes' groups of d's own sites.
func (c *captureScope) of(d *analyzer.Directive) groupCount {
	var g groupCount
	for _, s := range c.sites[d] {
		if s.Captures {
			g.add(s)
		}
	}
	return g
}

// list returns the summary of the siblings ds.
func (c *captureScope) list(ds []*analyzer.Directive) *siblingGroups {
	if l := c.lists[ds[0]]; l != nil {
		return l
	}
	l := &siblingGroups{before: make([]groupCount, len(ds))}
	for i, sib := range ds {
		l.before[i] = l.all
		switch sib.Name() {
		case "server_name":
			l.names.merge(c.of(sib))
		case "rewrite", "if":
			l.all.merge(c.of(sib))
		}
	}
	if c.lists == nil {
		c.lists = map[*analyzer.Directive]*siblingGroups{}
	}
	c.lists[ds[0]] = l
	return l
}

// available returns how many capture groups may be set when d runs: the
// regexes of enclosing locations and ifs, of server_name, of rewrites and
// ifs at every enclosing level and, for directives evaluated after location
// selection and inherited inward, of every regex below d's block.
func (c *captureScope) available(d *analyzer.Directive) groupCount {
	g := groupCount{done: true}
	g.merge(c.of(d))
	inPlace := rewriteModule[d.Name()]
	for lvl := d; lvl != nil; lvl = lvl.Parent {
		g.merge(c.of(lvl))
		if lvl.Name() == "location" {
			// The rewrites of enclosing blocks all ran before location
			// selection, whatever their place in the file.
			inPlace = false
		}
		sibs := lvl.Siblings()
		if len(sibs) == 0 {
			continue
		}
		l := c.list(sibs)
		g.merge(l.names)
		if i := lvl.Place(); i >= 0 && i < len(l.before) && inPlace {
			// Rewrite-phase directives run in order: regexes after d at
			// its own levels have not run yet.
			g.merge(l.before[i])
		} else {
			g.merge(l.all)
		}
	}
	if !rewriteModule[d.Name()] {
		// Inherited into nested locations: any regex below may have run.
		var kids []*analyzer.Directive
		if d.Parent != nil {
			kids = d.Parent.Children()
		} else {
			kids = d.Siblings()
		}
		if len(kids) > 0 {
			l := c.list(kids)
			if l.below == nil {
				var below groupCount
				analyzer.Walk(kids, func(x *analyzer.Directive) bool {
					below.merge(c.of(x))
					return !x.Ctx.IsData()
				})
				l.below = &below
			}
			g.merge(*l.below)
		}
	}
	return g
}

// checkMapEntry checks $N in the value of a "~regex value;" map entry
// against the key's own groups.
func checkMapEntry(p *analyzer.Pass, d *analyzer.Directive, sites []*regexSite) {
	if len(sites) == 0 {
		return
	}
	re := sites[0].Summary()
	if re.Err != nil || !re.GroupsExact || re.Opaque {
		return
	}
	for _, a := range d.Args() {
		for _, n := range captureRefs(a.Value()) {
			if n > re.Groups {
				p.Reportf(d, a.Range(), "$%d refers to capture group %d, but the map key regex has %d", n, n, re.Groups).
					Note("the map key regex is %q", sites[0].Pattern).
					Note("nginx substitutes an empty string").Severity = analyzer.Warning
				break
			}
		}
	}
}

func errMsg(err error) string {
	var e *pcre.Error
	if errors.As(err, &e) {
		return e.Msg
	}
	return err.Error()
}
