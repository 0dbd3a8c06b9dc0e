package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// kidsOf returns the logical children of block b, or the top level of the
// linted file when b is nil.
func kidsOf(p *analyzer.Pass, b *analyzer.Directive) []*analyzer.Directive {
	if b == nil {
		return p.Analysis.Root.Children()
	}
	return b.Children()
}

// ownAccess returns the allow/deny directives written directly in block b.
// One written with a block (`allow { }`, which nginx rejects) is no rule.
func ownAccess(kids []*analyzer.Directive) []*analyzer.Directive {
	var out []*analyzer.Directive
	for _, k := range kids {
		if (k.Name() == "allow" || k.Name() == "deny") && k.Block == nil {
			out = append(out, k)
		}
	}
	return out
}

// effectiveAccess returns the allow/deny list nginx applies in block b:
// b's own if it has any, else the nearest enclosing level's (a level with
// its own rules replaces the outer list, it does not extend it). level is
// the block the list was written in (nil for the top level).
func effectiveAccess(p *analyzer.Pass, b *analyzer.Directive) (list []*analyzer.Directive, level *analyzer.Directive) {
	for lvl := b; ; lvl = lvl.Parent {
		// Through the level's index: a server of thousands of locations
		// would otherwise be scanned once for each of them.
		var named []*analyzer.Directive
		if lvl == nil {
			named = p.Analysis.Root.FindAny("allow", "deny")
		} else {
			named = lvl.FindAny("allow", "deny")
		}
		if l := ownAccess(named); len(l) > 0 {
			return l, lvl
		}
		if lvl == nil {
			return nil, nil
		}
	}
}

// matchesAll reports whether an allow/deny address covers every client.
func matchesAll(v string) bool {
	switch strings.ToLower(v) {
	case "all", "0.0.0.0/0", "::/0":
		return true
	}
	return false
}

// accessOpen reports whether an access list lets an arbitrary client in:
// nginx checks the rules in order and lets a request through when none
// matches, so the list is closed only when a deny covering everyone comes
// before any allow covering everyone.
func accessOpen(list []*analyzer.Directive) bool {
	for _, d := range list {
		if !matchesAll(d.Arg(0)) {
			continue
		}
		return d.Name() == "allow"
	}
	return true
}

// hasDeny reports whether the list denies anybody.
func hasDeny(list []*analyzer.Directive) bool {
	for _, d := range list {
		if d.Name() == "deny" {
			return true
		}
	}
	return false
}

// lineEnd returns the offset of the end of the line holding offset off
// (before "\r\n" or "\n") and the line's indentation.
func lineInfo(src []byte, off int) (end int, indent string, eol string) {
	start := off
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	i := start
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	indent = string(src[start:i])
	end = off
	for end < len(src) && src[end] != '\n' {
		end++
	}
	eol = "\n"
	if end > 0 && end <= len(src) && end-1 >= 0 && end-1 < len(src) && src[end-1] == '\r' {
		end--
		eol = "\r\n"
	}
	return end, indent, eol
}

// insertAfter returns where to insert a statement after the one ending at
// off, and the text to put before it: at the end of the line, on a line of
// its own indented like this one, when only blanks or a comment follow on
// the line; otherwise right after off, on the same line, since the rest of
// the line may close the block (`location / { allow x; }`).
func insertAfter(src []byte, off int) (at int, lead string) {
	end, indent, eol := lineInfo(src, off)
	if rest := strings.TrimLeft(string(src[off:end]), " \t"); rest == "" || rest[0] == '#' {
		return end, eol + indent
	}
	return off, " "
}
