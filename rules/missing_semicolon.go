package rules

import (
	"fmt"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

func init() {
	register(&analyzer.Rule{
		ID:        "missing-semicolon",
		Versioned: true,
		NginxT:    true,
		Title:     "A missing \";\" makes the next line's directive part of this one's arguments",
		Severity:  analyzer.Error,
		Default:   true,
		Fixable:   true,
		Run:       runMissingSemicolon,
	})
}

func runMissingSemicolon(p *analyzer.Pass) {
	env := directives.EnvOf(p.Config)
	p.Walk(func(d *analyzer.Directive) bool {
		if d.Ctx.IsData() || d.Ctx == analyzer.CtxUnknown {
			return false
		}
		if i := swallowed(d); i >= 0 {
			reportSwallowed(p, d, i, env)
		}
		return true
	})
}

// ranOn reports whether missing-semicolon reports d as a directive that
// ran on into the next line: the other rules then leave d alone, so one
// mistake is one finding.
func ranOn(p *analyzer.Pass, d *analyzer.Directive) bool {
	r := analyzer.Lookup("missing-semicolon")
	return r != nil && p.Config.RuleEnabled(r) && swallowed(d) >= 0
}

// swallowed returns the index of the first argument of d that looks like a
// directive of its own whose ';'-less predecessor ran on to it: it is the
// first word on a later line than the argument before it, unquoted, and a
// directive name nginx knows (or the start of a block). -1 means none.
// The first argument counts too (`internal` ⏎ `return 204;`): a value may
// start on the line after the name, but a directive name there is the
// next statement.
func swallowed(d *analyzer.Directive) int {
	if len(d.Args()) == 0 {
		return -1
	}
	rows := directives.Lookup(d.Name())
	// Block directives (if, location, map …) legitimately spread their
	// arguments; their bodies are checked on their own.
	if len(rows) > 0 && rows[0].IsBlock() && d.Block != nil {
		return -1
	}
	for i := range d.Args() {
		a := d.Args()[i]
		if a.Quote() != 0 {
			continue
		}
		if i == 0 && a.Range().Start.Line <= d.NameRange().End.Line || i > 0 && !d.ArgOnNewLine(i) {
			continue
		}
		// A simple directive that ran on into the next statement's `{`
		// (`listen 80` ⏎ `location / {`) is an error in nginx whatever its
		// words: there even listen's parameters that share a directive's
		// name are the next statement.
		strayBlock := d.Block != nil && len(rows) > 0 && !rows[0].IsBlock()
		if !strayBlock && (d.Name() == "listen" && isListenParam(a.Value()) || d.Name() == "rewrite" && rewriteFlags[a.Value()]) {
			continue
		}
		if !looksLikeDirective(a.Value()) {
			continue
		}
		return i
	}
	return -1
}

// isListenParam reports whether a word is a parameter of listen in some
// module (listen 443 ⏎ ssl): on a line of its own it is a parameter even
// where it is also a directive name.
func isListenParam(w string) bool {
	for _, ps := range listenParams {
		if _, ok := ps[w]; ok {
			return true
		}
	}
	return false
}

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

// runOnTaken are directives that take any number of words of one kind, so
// that nginx loads a run-on line without an error: what the swallowed words
// become. Every other directive whose argument count still fits is taken
// to refuse them (the directive differential test holds each row of the
// table to this against nginx -t).
var runOnTaken = map[string]string{
	"server_name": "more server names", "index": "more index files", "try_files": "more files to try (the last one the fallback)",
	"log_format": "more of the log format", "gzip_disable": "more User-Agent patterns", "valid_referers": "more referer patterns",
	"echo": "more text to print", "echo_before_body": "more text to print", "echo_after_body": "more text to print",
	"more_set_headers": "more header specifications", "more_set_input_headers": "more header specifications",
	"more_clear_headers": "more header names to clear", "more_clear_input_headers": "more header names to clear",
	"smtp_capabilities": "more SMTP capabilities", "imap_capabilities": "more IMAP capabilities", "pop3_capabilities": "more POP3 capabilities",
	"fancyindex_ignore": "more file name patterns to hide", "proxy_cookie_flags": "more flags for the cookie",
}

// takenAs returns what nginx makes of the words a run-on directive
// swallowed when it loads it ("" when it refuses them).
func takenAs(name string) string {
	if w, ok := runOnTaken[name]; ok {
		return w
	}
	if strings.HasSuffix(name, "_types") {
		return "more MIME types"
	}
	return ""
}

func reportSwallowed(p *analyzer.Pass, d *analyzer.Directive, i int, env *directives.Env) {
	next := d.Args()[i]
	// The ";" goes after the word before the swallowed one.
	prevRaw, prevRange := d.Name(), d.NameRange()
	if i > 0 {
		prevRaw, prevRange = d.Args()[i-1].Raw(), d.Args()[i-1].Range()
	}
	words := next.Raw()
	for _, a := range d.Args()[i+1:] {
		if a.Range().Start.Line != next.Range().Start.Line {
			break
		}
		words += " " + a.Raw()
	}
	line := next.Range().Start.Line
	head := fmt.Sprintf("missing \";\" after %s: %q runs on into line %d", analyzer.Snippet(prevRaw), d.Name(), line)
	if i == 0 {
		head = fmt.Sprintf("missing \";\" after %q: it runs on into line %d", d.Name(), line)
	}
	f := p.Reportf(d, prevRange, "%s", head)
	spec := env.Classify(d.Name(), d.Ctx).Spec
	switch {
	case d.Block != nil:
		// The run-on statement ends at the next statement's `{`.
		f.Note("nginx reads %q as more arguments of %q and the block that follows as its block, and refuses to start: directive %q is not terminated by \";\"", words, d.Name(), d.Name())
	case spec != nil && !directives.ArgsOK(spec, len(d.Args())):
		f.Note("nginx reads %q as more arguments of %q, %d in all, and refuses to start: invalid number of arguments in %q directive", words, d.Name(), len(d.Args()), d.Name())
	case d.Name() == "listen":
		msg := fmt.Sprintf("invalid parameter %q", next.Value())
		if d.Ctx.IsStream() || d.Ctx == analyzer.CtxMailServer {
			msg = fmt.Sprintf("the invalid %q parameter", next.Value())
		}
		f.Note("nginx reads %q as more parameters of listen and refuses to start: %s", words, msg)
	case takenAs(d.Name()) != "":
		f.Severity = analyzer.Warning
		f.Note("nginx loads this without an error: it reads %q as %s of %q, and the %q on line %d never takes effect", words, takenAs(d.Name()), d.Name(), next.Value(), line)
	default:
		f.Note("nginx reads %q as more arguments of %q, which takes no such values, and refuses to start", words, d.Name())
	}
	f.Fixes = []analyzer.SuggestedFix{{
		Message: fmt.Sprintf("end %q with \";\" after %s", d.Name(), analyzer.Snippet(prevRaw)),
		Safe:    true,
		Edits:   []analyzer.TextEdit{{Range: analyzer.Range{Start: prevRange.End, End: prevRange.End}, NewText: ";"}},
	}}
}
