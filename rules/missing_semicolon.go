package rules

import (
	"fmt"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

func init() {
	register(&analyzer.Rule{
		ID:       "missing-semicolon",
		NginxT:   true,
		Title:    "A missing \";\" makes the next line's directive part of this one's arguments",
		Severity: analyzer.Error,
		Default:  true,
		Fixable:  true,
		Run:      runMissingSemicolon,
	})
}

func runMissingSemicolon(p *analyzer.Pass) {
	p.Walk(func(d *analyzer.Directive) bool {
		if d.Ctx.IsData() || d.Ctx == analyzer.CtxUnknown {
			return false
		}
		if i := swallowed(d); i > 0 {
			reportSwallowed(p, d, i)
		}
		return true
	})
}

// swallowed returns the index of the first argument of d that looks like a
// directive of its own whose ';'-less predecessor ran on to it: it is the
// first word on a later line than the argument before it, unquoted, and a
// directive name nginx knows (or the start of a block). 0 means none.
func swallowed(d *analyzer.Directive) int {
	if len(d.Args) < 2 {
		return 0
	}
	for i := 1; i < len(d.Args); i++ {
		a := d.Args[i]
		if a.Quote() != 0 || !d.ArgOnNewLine(i) {
			continue
		}
		// Block directives (if, location, map …) legitimately spread their
		// arguments; their bodies are checked on their own.
		rows := directives.Lookup(d.Name())
		if len(rows) > 0 && rows[0].IsBlock() && d.Block != nil {
			return 0
		}
		// A simple directive that ran on into the next statement's `{`
		// (`listen 80` ⏎ `location / {`) is an error in nginx whatever its
		// words: there even listen's parameters that share a directive's
		// name are the next statement.
		strayBlock := d.Block != nil && len(rows) > 0 && !rows[0].IsBlock()
		if (notValue[d.Name()] && !strayBlock) || (d.Name() == "rewrite" && rewriteFlags[a.Value()]) {
			return 0
		}
		if !looksLikeDirective(a.Value()) {
			continue
		}
		return i
	}
	return 0
}

// notValue are directives whose parameters share names with directives
// (listen ssl, listen proxy_protocol): a word there is a parameter.
var notValue = map[string]bool{"listen": true}

// rewriteFlags are rewrite's last arguments; "break" is also a directive.
var rewriteFlags = map[string]bool{"last": true, "break": true, "redirect": true, "permanent": true}

// looksLikeDirective reports whether a word is a directive name nginx
// knows, in any context (a misplaced one is still a statement, not a
// value).
func looksLikeDirective(w string) bool {
	rows := directives.Lookup(w)
	for i := range rows {
		if !rows[i].BlockParam {
			return true
		}
	}
	return false
}

func reportSwallowed(p *analyzer.Pass, d *analyzer.Directive, i int) {
	prev, next := d.Args[i-1], d.Args[i]
	var rest string
	for _, a := range d.Args[i+1:] {
		if a.Range().Start.Line != next.Range().Start.Line {
			break
		}
		rest += " " + a.Raw()
	}
	var f *analyzer.Finding
	if d.Block != nil {
		// The run-on statement ends at the next statement's `{`.
		f = p.Reportf(d, prev.Range(), "missing \";\" after %s: %q runs on to line %d, so nginx reads \"%s%s\" as more arguments of %q and the block that follows as its block: nginx refuses to start (directive %q is not terminated by \";\")",
			prev.Raw(), d.Name(), next.Range().Start.Line, next.Raw(), rest, d.Name(), d.Name())
	} else {
		f = p.Reportf(d, prev.Range(), "missing \";\" after %s: %q runs on to line %d, so nginx reads \"%s%s\" as more arguments of %q, and the %q on that line never takes effect; nginx may accept this without any error (for gzip_disable the extra words become User-Agent patterns)",
			prev.Raw(), d.Name(), next.Range().Start.Line, next.Raw(), rest, d.Name(), next.Value())
	}
	f.Fixes = []analyzer.SuggestedFix{{
		Message: fmt.Sprintf("end %q with \";\" after %s", d.Name(), prev.Raw()),
		Safe:    true,
		Edits:   []analyzer.TextEdit{{Range: analyzer.Range{Start: prev.Range().End, End: prev.Range().End}, NewText: ";"}},
	}}
}
