package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "log-format-fields-joined",
		Title:    "log_format strings joined without a separator: two fields run together in every log line",
		Severity: analyzer.Warning,
		Default:  true,
		Fixable:  true,
		Run:      runLogFormatFieldsJoined,
	})
}

// runLogFormatFieldsJoined reports each place where one string of a
// log_format (or the stream module's) ends and the next begins without
// whitespace on either side. nginx concatenates the strings as they are, so
// `'"$http_user_agent"' 'rt=$request_time'` logs `"curl/8.0"rt=0.002`.
// Boundaries next to punctuation (`{ } [ ] ( ) , : ; | =`) are joins on
// purpose, as in JSON formats written one field per line or `'rt='
// '$request_time'`.
func runLogFormatFieldsJoined(p *analyzer.Pass) {
	p.Each([]string{"log_format"}, func(d *analyzer.Directive) {
		if d.Block != nil || len(d.Args()) < 3 {
			return
		}
		parts := d.Args()[1:]
		json := false
		if v := parts[0].Value(); strings.HasPrefix(v, "escape=") {
			json = v == "escape=json"
			parts = parts[1:]
		}
		for i := 1; i < len(parts); i++ {
			prev, next := parts[i-1], parts[i]
			if !joinedFields(prev.Value(), next.Value()) {
				continue
			}
			join := tail(prev.Value()) + next.Value()[:min(len(next.Value()), 20)]
			if json && prev.Value()[len(prev.Value())-1] == '"' && next.Value()[0] == '"' {
				f := p.Reportf(d, next.Range(), "log_format %q (escape=json): no comma between this string and the one before", analyzer.Snippet(d.Arg(0))).
					Note("nginx joins log_format strings as they are, so every log line is invalid JSON (%s…)", join)
				suggestInsert(f, d, prev, ",", "end the previous string with a comma")
				continue
			}
			f := p.Reportf(d, next.Range(), "log_format %q: no space between this string and the one before", analyzer.Snippet(d.Arg(0))).
				Note("nginx joins log_format strings as they are, so every log line runs the two fields together (%s…)", join)
			suggestInsert(f, d, prev, " ", "end the previous string with a space")
		}
	})
}

// joinedFields reports whether strings a and b, written one after the
// other, make two fields run together.
func joinedFields(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	last, first := a[len(a)-1], b[0]
	if isLogSpace(last) || isLogSpace(first) {
		return false
	}
	switch {
	case strings.IndexByte("{[(,:;|=", last) >= 0, strings.IndexByte("}]),:;|=", first) >= 0:
		return false // punctuation of the format itself: key=, JSON, lists
	case strings.IndexByte("])", last) >= 0 && strings.IndexByte("[(", first) >= 0:
		return false // bracketed fields: [a][b]
	}
	return true
}

func isLogSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// suggestInsert offers text inserted at the end of the quoted string prev,
// before its closing quote, as the fix that msg describes; an unquoted
// string gets no fix, and msg as a note.
func suggestInsert(f *analyzer.Finding, d *analyzer.Directive, prev *analyzer.Arg, text, msg string) {
	if prev.Quote() == 0 {
		f.Note("%s", msg)
		return
	}
	at := d.File.Pos(prev.Range().End.Offset - 1)
	f.Fixes = []analyzer.SuggestedFix{{
		Message: msg,
		Edits:   []analyzer.TextEdit{{Range: analyzer.Range{Start: at, End: at}, NewText: text}},
	}}
}

// tail shows the last bytes of s, before a join.
func tail(s string) string {
	if len(s) > 20 {
		return "…" + s[len(s)-20:]
	}
	return s
}
