package rules

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/pcre"
)

func init() {
	register(&analyzer.Rule{
		ID:       "alias-traversal",
		Title:    "alias under a location that lets the URI step out of the aliased directory",
		Severity: analyzer.Error,
		Default:  true,
		Fixable:  true,
		Run:      runAliasTraversal,
	})
}

// varRef matches $name or ${name} references.
var varRef = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))`) })

func runAliasTraversal(p *analyzer.Pass) {
	p.Each([]string{"alias"}, func(d *analyzer.Directive) {
		if len(d.Args()) == 0 || d.Parent == nil || d.Parent.Name() != "location" {
			return
		}
		loc := d.Parent
		if aliasUnused(loc) {
			return
		}
		if pat, _, ci, ok := locationRegex(loc); ok {
			aliasRegex(p, d, pat, ci)
		} else {
			aliasPrefix(p, d, loc)
		}
	})
}

// aliasUnused reports whether a location answers before it reads a file:
// a return at its own level (nginx's rewrite phase answers first) or a
// *_pass handler, which serves instead of the static file handler.
func aliasUnused(loc *analyzer.Directive) bool {
	if len(loc.Find("return")) > 0 {
		return true
	}
	for _, k := range loc.Children() {
		if analyzer.PassDirectives[k.Name()] {
			return true
		}
	}
	return false
}

// aliasPrefix checks alias in a prefix location: a location path without a
// trailing slash matches "/files../x", and the rest of the URI is appended
// to the alias.
func aliasPrefix(p *analyzer.Pass, d, loc *analyzer.Directive) {
	if len(loc.Args()) == 0 {
		return
	}
	if loc.Args()[0].Value() == "=" {
		return
	}
	pathArg := loc.Args()[len(loc.Args())-1]
	path := pathArg.Value()
	if path == "" || path == "^~" || strings.HasPrefix(path, "@") || strings.HasSuffix(path, "/") {
		return
	}
	alias := d.Args()[0].Value()
	if strings.HasSuffix(alias, "/") {
		f := p.Reportf(d, d.Args()[0].Range(), "%s", headline(
			fmt.Sprintf("alias %s ends with / but location %s does not: path traversal", analyzer.Snippet(alias), analyzer.Snippet(path)),
			fmt.Sprintf("alias ends with / but location %s does not: path traversal", analyzer.Snippet(path)))).
			Note("nginx replaces the matched %q and appends the rest of the URI, so a request for %s../etc/passwd reads %s../etc/passwd, outside the aliased directory", path, path, alias)
		if fix, ok := appendToArg(pathArg, "/"); ok && !hasLocation(loc, path+"/") {
			// With a location of that path already there, the fix would
			// make nginx -t fail with "duplicate location".
			f.Fixes = []analyzer.SuggestedFix{{Message: "end the location path with / as well", Safe: false, Edits: []analyzer.TextEdit{fix}}}
		} else {
			f.Note("end the location with / as well (location %s/)", path)
		}
		return
	}
	last := path[strings.LastIndexByte(path, '/')+1:]
	if strings.Contains(last, ".") {
		return // a single file mapped to a file: /favicon.ico → /srv/favicon.ico
	}
	f := p.Reportf(d, d.Args()[0].Range(), "%s", headline(
		fmt.Sprintf("location %s has no trailing /: it reaches names beside alias %s", analyzer.Snippet(path), analyzer.Snippet(alias)),
		fmt.Sprintf("location %s has no trailing /: it reaches names beside its alias", analyzer.Snippet(path)))).
		Note("location %s also matches %sX…, and nginx maps that to %sX…: any file or directory next to %s whose name starts with %q can be read",
			path, path, alias, alias, alias[strings.LastIndexByte(alias, '/')+1:]).
		Note("write location %s/ with alias %s/", path, alias)
	f.Severity = analyzer.Warning
}

// appendToArg returns an edit appending s to an argument's value, before a
// closing quote.
func appendToArg(a *analyzer.Arg, s string) (analyzer.TextEdit, bool) {
	end := a.Range().End
	switch {
	case a.Quote() == 0 && a.Raw() == a.Value():
	case a.Quote() != 0 && a.Raw() == string(a.Quote())+a.Value()+string(a.Quote()):
		end.Offset--
		end.Column--
	default:
		return analyzer.TextEdit{}, false
	}
	return analyzer.TextEdit{Range: analyzer.Range{Start: end, End: end}, NewText: s}, true
}

// aliasRegex checks the captures an alias uses in a regex location.
func aliasRegex(p *analyzer.Pass, d *analyzer.Directive, pat string, ci bool) {
	re, err := pcre.Parse(pat, ci)
	if err != nil || !re.GroupsExact {
		return
	}
	alias := d.Args()[0].Value()
	for _, m := range varRef().FindAllStringSubmatchIndex(alias, -1) {
		var name string
		braced := m[2] >= 0
		if braced {
			name = alias[m[2]:m[3]]
		} else {
			name = alias[m[4]:m[5]]
		}
		var g *pcre.Node
		if n := name[0]; n >= '1' && n <= '9' {
			if braced && len(name) > 1 {
				continue // ${12} is a variable, not a capture
			}
			// $1abc is capture 1 followed by "abc".
			g = re.Capture(int(n - '0'))
		} else if i, ok := re.Names[name]; ok {
			g = re.Capture(i)
		}
		if g == nil {
			continue
		}
		prefix := alias[:m[0]]
		first := pcre.First(g)
		all := pcre.Bytes(g)
		startsSlash := first.Count() == 1 && first.Has('/')
		before := re.Before(g)
		afterSlash := before != nil && before.Set.Count() == 1 && before.Set.Has('/') ||
			re.AtStart(g) && re.StartAnchored()
		capText := pat[g.Start:g.End]
		switch {
		case startsSlash || prefix == "":
			continue
		case strings.HasSuffix(prefix, "/"):
			if afterSlash || !first.Has('.') || !all.Has('/') {
				continue
			}
			p.Reportf(d, d.Args()[0].Range(), "capture %s can begin with \"../\" and alias puts it after a /: path traversal", analyzer.Snippet(capText)).
				Note("capture %s of location %s can begin with \"../\" (nothing before it in the regex is a /), and alias %s puts it right after a /", capText, pat, alias).
				Note("a request such as …%s../../etc/passwd reads files outside the aliased directory", literalBefore(pat, g)).
				Note("put the / in the regex before the group, or exclude dots from it")
		default:
			if !all.Has('/') {
				continue
			}
			f := p.Reportf(d, d.Args()[0].Range(), "alias appends capture %s without a / in between: it reaches names beside it", analyzer.Snippet(capText)).
				Note("alias %s appends capture %s of location %s without a / in between, so the URI picks any file or directory whose name starts with %q next to it", alias, capText, pat, prefix[strings.LastIndexByte(prefix, '/')+1:]).
				Note("end the alias part before the capture with /, and make the regex require it")
			f.Severity = analyzer.Warning
		}
	}
}

// literalBefore returns the regex text before group g, for messages.
func literalBefore(pat string, g *pcre.Node) string {
	s := strings.TrimPrefix(pat[:g.Start], "^")
	if len(s) > 20 {
		s = s[len(s)-20:]
	}
	return strings.ReplaceAll(s, `\`, "")
}

// hasLocation reports whether a sibling of loc is a prefix location (with
// or without ^~) for path.
func hasLocation(loc *analyzer.Directive, path string) bool {
	for _, s := range loc.Siblings() {
		if s == loc || s.Name() != "location" || len(s.Args()) == 0 {
			continue
		}
		if m := s.Args()[0].Value(); m == "=" || m == "~" || m == "~*" || m == "@" {
			continue
		}
		if s.Args()[len(s.Args())-1].Value() == path {
			return true
		}
	}
	return false
}
