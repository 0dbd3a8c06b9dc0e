package rules

import (
	"strconv"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/pcre"
)

func init() {
	register(&analyzer.Rule{
		ID:       "unanchored-regex",
		Title:    "location regex for a file extension without $ matches the extension anywhere in the URI",
		Severity: analyzer.Warning,
		Default:  true,
		Fixable:  true,
		Run:      runUnanchoredRegex,
	})
}

func isAlnumSet(s *pcre.Set) bool {
	if s.Empty() {
		return false
	}
	for c := 0; c < 256; c++ {
		b := byte(c)
		alnum := b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
		if s.Has(b) && !alnum {
			return false
		}
	}
	return true
}

func isDot(n *pcre.Node) bool {
	return n.Kind == pcre.Char && n.Set.Count() == 1 && n.Set.Has('.')
}

// extWord reports whether n matches only letters and digits, at least one:
// a literal, an alnum class (optionally repeated), or a group of
// alternatives of such sequences.
func extWord(n *pcre.Node) bool {
	switch n.Kind {
	case pcre.Char:
		return isAlnumSet(&n.Set)
	case pcre.Repeat:
		return extWord(n.Subs[0])
	case pcre.Group:
		return n.Subs[0].Kind != pcre.Empty && extWord(n.Subs[0])
	case pcre.Alt:
		for _, s := range n.Subs {
			if !extWord(s) {
				return false
			}
		}
		return true
	case pcre.Concat:
		mandatory := false
		for _, s := range n.Subs {
			if !extWord(s) {
				return false
			}
			if !pcre.Nullable(s) {
				mandatory = true
			}
		}
		return mandatory
	}
	return false
}

// endsWithExtension reports whether a branch ends with "\." followed by
// letters/digits, and is not anchored at its end.
func endsWithExtension(n *pcre.Node) bool {
	items := []*pcre.Node{n}
	if n.Kind == pcre.Concat {
		items = n.Subs
	}
	for len(items) > 0 && items[len(items)-1].Kind == pcre.Empty {
		items = items[:len(items)-1]
	}
	// Find the last "\." and require only extension words after it.
	for i := len(items) - 1; i >= 0; i-- {
		if isDot(items[i]) {
			if i == len(items)-1 {
				return false
			}
			if i > 0 && items[i-1].Kind == pcre.Char && items[i-1].Set.Count() == 1 && items[i-1].Set.Has('/') {
				return false // /\.git: a hidden name, meant to match anywhere
			}
			for _, s := range items[i+1:] {
				if !extWord(s) {
					return false
				}
			}
			return true
		}
		if !extWord(items[i]) {
			return false
		}
	}
	return false
}

// insideAnchoredRegex reports whether d is nested in a regex location
// anchored at the end ("\.php$"): nginx tries d only for URIs that
// location matched.
func insideAnchoredRegex(d *analyzer.Directive) bool {
	for l := d.Parent; l != nil; l = l.Parent {
		pat, _, ci, ok := locationRegex(l)
		if !ok {
			continue
		}
		if re, err := pcre.Parse(pat, ci); err == nil && !re.Opaque && re.EndAnchored() {
			return true
		}
	}
	return false
}

func runUnanchoredRegex(p *analyzer.Pass) {
	p.Walk(func(d *analyzer.Directive) bool {
		if d.Ctx.IsData() || d.Ctx == analyzer.CtxLua {
			return false
		}
		pat, rng, ci, ok := locationRegex(d)
		if !ok {
			return true
		}
		re, err := pcre.Parse(pat, ci)
		if err != nil || re.Opaque || re.EndAnchored() {
			return true
		}
		branches := []*pcre.Node{re.Root}
		if re.Root.Kind == pcre.Alt {
			branches = re.Root.Subs
		}
		hit := false
		for _, b := range branches {
			if endsWithExtension(b) {
				hit = true
			}
		}
		if !hit {
			return true
		}
		if blocksAccess(d) {
			// Matching more than intended only widens a denial.
			return true
		}
		if insideAnchoredRegex(d) {
			// Only URIs the enclosing anchored regex matched get here.
			return true
		}
		handler := ""
		for _, k := range d.Children() {
			if analyzer.PassDirectives[k.Name()] {
				handler = k.Name()
				break
			}
		}
		ext := extSample(pat)
		f := p.Reportf(d, rng, "location regex %s has no $ after the extension", quote(analyzer.Snippet(pat))).
			Note("it also matches /upload/avatar%s.png and /x%s/anything, not only names ending in %s", ext, ext, ext)
		if handler != "" {
			f.Note("%s here sends such requests to the application, so an uploaded file with %s inside its name can be executed", handler, ext)
		}
		if handler == "" {
			f.Severity = analyzer.Info
		}
		if re.Root.Kind != pcre.Alt {
			arg := d.Args()[len(d.Args())-1]
			if fix, ok := appendToArg(arg, "$"); ok {
				f.Fixes = []analyzer.SuggestedFix{{Message: "anchor it with $ (write (/|$) instead where PATH_INFO is wanted)", Safe: false, Edits: []analyzer.TextEdit{fix}}}
			}
		}
		if len(f.Fixes) == 0 {
			f.Note("anchor it with $ (or (/|$) where PATH_INFO is wanted)")
		}
		return true
	})
}

// extSample returns a readable extension from the pattern, for messages.
func extSample(pat string) string {
	for i := len(pat) - 1; i > 0; i-- {
		if pat[i] == '.' && pat[i-1] == '\\' {
			j := i + 1
			for j < len(pat) && (pat[j] >= 'a' && pat[j] <= 'z' || pat[j] >= 'A' && pat[j] <= 'Z' || pat[j] >= '0' && pat[j] <= '9') {
				j++
			}
			if j > i+1 {
				return pat[i:j]
			}
			return ".ext"
		}
	}
	return ".ext"
}

func quote(s string) string { return strconv.Quote(s) }

// blocksAccess reports whether a location refuses its requests: deny all,
// or a 4xx return.
func blocksAccess(loc *analyzer.Directive) bool {
	for _, k := range loc.Children() {
		if k.Name() == "deny" && matchesAll(k.Arg(0)) {
			return true
		}
		if k.Name() == "return" {
			if code, ok := returnCode(k); ok && code >= 400 {
				return true
			}
		}
	}
	return false
}
