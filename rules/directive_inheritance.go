package rules

import (
	"fmt"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "directive-inheritance",
		Title:    "An inner proxy_set_header, fastcgi_param, error_page, limit_req, … drops every one set at outer levels",
		Severity: analyzer.Warning,
		Default:  true,
		Fixable:  true,
		Run:      runDirectiveInheritance,
	})
}

// inheritedLists are the array directives of http levels (add_header and
// add_trailer have their own rule, add-header-redefinition) and the keys
// one occurrence sets: a level that has any of them replaces the outer
// list, so an outer key the level does not set again is gone there.
var inheritedLists = map[string]func(d *analyzer.Directive) []string{
	"proxy_set_header":    firstArgKey,
	"grpc_set_header":     firstArgKey,
	"fastcgi_param":       caseKey,
	"uwsgi_param":         caseKey,
	"scgi_param":          caseKey,
	"proxy_hide_header":   firstArgKey,
	"fastcgi_hide_header": firstArgKey,
	"uwsgi_hide_header":   firstArgKey,
	"scgi_hide_header":    firstArgKey,
	"grpc_hide_header":    firstArgKey,
	"proxy_pass_header":   firstArgKey,
	"ssl_conf_command":    firstArgKey,
	"limit_conn":          caseKey,
	"limit_req":           limitReqKey,
	"error_page":          errorPageKeys,
}

// inheritedOrder is inheritedLists' keys in a fixed order.
var inheritedOrder = []string{
	"proxy_set_header", "grpc_set_header", "fastcgi_param", "uwsgi_param", "scgi_param",
	"proxy_hide_header", "fastcgi_hide_header", "uwsgi_hide_header", "scgi_hide_header",
	"grpc_hide_header", "proxy_pass_header", "ssl_conf_command", "limit_conn", "limit_req", "error_page",
}

// firstArgKey: header names and ssl_conf_command names, compared without
// case (see inheritKey).
func firstArgKey(d *analyzer.Directive) []string { return []string{d.Arg(0)} }

// caseKey: fastcgi/uwsgi/scgi parameter names and zone names are
// case-sensitive.
func caseKey(d *analyzer.Directive) []string { return []string{d.Arg(0)} }

// inheritKey is how keys of directive name compare: header and command
// names without case, the rest as written.
func inheritKey(name, k string) string {
	if strings.HasSuffix(name, "_header") || name == "ssl_conf_command" {
		return strings.ToLower(k)
	}
	return k
}

func limitReqKey(d *analyzer.Directive) []string {
	if n, _, a := zoneParam(d, "zone"); a != nil {
		return []string{n}
	}
	return []string{d.Arg(0)}
}

// zoneKeys maps each limit_req_zone / limit_conn_zone name to what it
// counts by (its key, such as $binary_remote_addr).
func zoneKeys(p *analyzer.Pass) map[string]string {
	out := map[string]string{}
	p.Each([]string{"limit_req_zone", "limit_conn_zone"}, func(d *analyzer.Directive) {
		if n, _, a := zoneParam(d, "zone"); a != nil && len(d.Args()) > 0 {
			out[d.Name()+" "+n] = d.Args()[0].Value()
		}
	})
	return out
}

// errorPageKeys are the status codes of an error_page (every argument but
// the last, without the "=response" one).
func errorPageKeys(d *analyzer.Directive) []string {
	var out []string
	for _, a := range d.Args()[:max(0, len(d.Args())-1)] {
		if v := a.Value(); !strings.HasPrefix(v, "=") {
			out = append(out, v)
		}
	}
	return out
}

// errorPageLost reports whether losing the error page of code at a level
// named level matters: only error codes (400-599) are answered with error
// pages nginx makes itself, and a location cannot lose 494 to 497.
func errorPageLost(level, code string) bool {
	if len(code) != 3 || code < "400" || code > "599" {
		return false
	}
	return level == "server" || !beforeLocation(code)
}

// beforeLocation reports whether nginx answers status code with the
// server's error pages before it picks a location: 494 (request header too
// large), 495 and 496 (client certificate errors) and 497 (plain HTTP to
// an HTTPS port). A location cannot lose those.
func beforeLocation(code string) bool {
	return len(code) == 3 && code >= "494" && code <= "497"
}

func runDirectiveInheritance(p *analyzer.Pass) {
	a := p.Analysis
	var zones map[string]string // zone → what it counts by, when needed
	for _, lvl := range httpLevels(p) {
		if lvl == nil || lvl.Name() == "http" {
			continue
		}
		for _, name := range inheritedOrder {
			own := lvl.Find(name)
			if len(own) == 0 {
				continue
			}
			keysOf := inheritedLists[name]
			have := map[string]bool{}
			counted := map[string]bool{} // limit_req / limit_conn: the keys this level's zones count by
			unknownOwn := false          // …and whether a zone of this level is defined in nothing read
			for _, d := range own {
				for _, k := range keysOf(d) {
					have[inheritKey(name, k)] = true
				}
			}
			if name == "limit_req" || name == "limit_conn" {
				if zones == nil {
					zones = zoneKeys(p)
				}
				for k := range have {
					if by, ok := zones[name+"_zone "+k]; ok {
						counted[by] = true
					} else {
						unknownOwn = true
					}
				}
			}
			// What nginx drops here: the lines in effect at the parent.
			lost, from := dropped(a.Effective(lvl.Parent, name), lvl, name, have, counted, unknownOwn, zones)
			if len(lost) == 0 {
				continue
			}
			// What the fix repeats: the lines of every outer level, the
			// nearest one's for a key, so that a level whose parent drops
			// lines too (and is fixed in the same run) gets those as well;
			// fixed one level at a time, nested levels took a run each.
			_, fixFrom := dropped(outerLines(a, lvl, name), lvl, name, have, counted, unknownOwn, zones)
			reportInheritance(p, lvl, own[0], name, lost, from, fixFrom, have)
		}
	}
}

// dropped returns the keys of outer lines (in effect outside lvl) that
// lvl does not set again, and the lines that set them, leaving out what
// nginx does not lose there (see runDirectiveInheritance).
func dropped(outer []*analyzer.Directive, lvl *analyzer.Directive, name string, have, counted map[string]bool, unknownOwn bool, zones map[string]string) (lost []string, from []*analyzer.Directive) {
	keysOf := inheritedLists[name]
	seen := map[string]bool{}
	for _, d := range outer {
		gone := false
		for _, k := range keysOf(d) {
			if name == "error_page" && !errorPageLost(lvl.Name(), k) {
				continue
			}
			// A limit on what an own zone counts by replaces the outer one
			// on purpose (a tighter rate for one place). Where a zone is
			// defined in nothing read (a fragment whose http{} is
			// elsewhere), that cannot be told.
			if by, ok := zones[name+"_zone "+k]; ok && counted[by] || (name == "limit_req" || name == "limit_conn") && (!ok || unknownOwn) {
				continue
			}
			if n := inheritKey(name, k); !have[n] && !seen[n] {
				seen[n] = true
				lost = append(lost, k)
				gone = true
			}
		}
		if gone {
			from = append(from, d)
		}
	}
	return lost, from
}

// outerLines returns the lines of directive name of every level around
// lvl, the nearest level's first: what would be in effect at lvl's parent
// if no level dropped the lines of those outside it.
func outerLines(a *analyzer.Analysis, lvl *analyzer.Directive, name string) []*analyzer.Directive {
	var out []*analyzer.Directive
	for anc := lvl.Parent; ; anc = anc.Parent {
		out = append(out, a.Effective(anc, name)...)
		if anc == nil {
			return out
		}
	}
}

func reportInheritance(p *analyzer.Pass, lvl, first *analyzer.Directive, name string, lost []string, from, fixFrom []*analyzer.Directive, have map[string]bool) {
	head := fmt.Sprintf("%s in this %s drops %d set at outer levels: ", name, lvl.Name(), len(lost))
	f := p.Reportf(first, first.NameRange(), "%s", head+listWithin(lost, analyzer.MaxHeadline-len(head)))
	lines := make([]string, len(from))
	for i, d := range from {
		lines[i] = fmt.Sprintf("%s (%s:%d)", strings.Join(inheritedLists[name](d), " "), d.File.Name, line(d))
	}
	f.Note("nginx inherits %s only into a level that has none of its own: here, requests lose %s", name, strings.Join(lines, ", "))
	// The fix repeats the outer lines here; a line that also sets a key
	// this level sets would change that key, so then there is no fix.
	for _, d := range fixFrom {
		for _, k := range inheritedLists[name](d) {
			if have[inheritKey(name, k)] {
				f.Note("repeat the outer %s lines this level needs", name)
				return
			}
		}
	}
	// A line written with template markup ({{ host }}, a tag inside it)
	// would carry it into this file, where it is not markup or is another
	// template's.
	for _, d := range fixFrom {
		r := d.Range()
		if _, ok := d.File.MarkupIn(r.Start.Offset, r.End.Offset, ""); ok {
			f.Note("%s:%d is written with template markup: repeat the lines this level needs by hand", d.File.Name, line(d))
			return
		}
	}
	// The lines to repeat are those of the outer levels where the file is
	// included here; a file included in several places may have other
	// outer lines at each, and one text serves them all.
	if n := p.Analysis.Inclusions(first.File); n > 1 {
		f.Note("%s is included in %d places, whose outer levels may differ: repeat the lines each needs by hand", first.File.Name, n)
		return
	}
	f.Note("an include file shared by both levels keeps such lines in step")
	sep := breakBefore(first)
	var b strings.Builder
	for _, d := range fixFrom {
		b.WriteString(directiveText(d))
		b.WriteString(sep)
	}
	at := first.NameRange().Start
	what := fmt.Sprintf("%d outer %s lines", len(fixFrom), name)
	if len(fixFrom) == 1 {
		what = "the outer " + name + " line"
	}
	f.Fixes = []analyzer.SuggestedFix{{
		Message: "repeat " + what + " here",
		Safe:    false,
		Edits:   []analyzer.TextEdit{{Range: analyzer.Range{Start: at, End: at}, NewText: b.String()}},
	}}
}

// directiveText is d's source text from its name to its ';'.
func directiveText(d *analyzer.Directive) string {
	r := d.Range()
	return string(d.File.Src[r.Start.Offset:r.End.Offset])
}

// listWithin joins items with ", " and ends with "…" where more would not
// fit in n bytes.
func listWithin(items []string, n int) string {
	out := ""
	for i, it := range items {
		next := out
		if i > 0 {
			next += ", "
		}
		next += it
		if len(next) > n || (i < len(items)-1 && len(next)+len(", …") > n) {
			if out == "" {
				return "…"
			}
			return out + ", …"
		}
		out = next
	}
	return out
}
