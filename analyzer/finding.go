package analyzer

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Severity ranks a finding. The zero value is invalid so that a rule which
// forgets to set one is caught by the registry checks.
type Severity int

// Severities, from least to most serious.
const (
	SeverityNone Severity = iota
	Info
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "none"
}

// ParseSeverity reads "error", "warning", "info" or "none".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "info":
		return Info, nil
	case "none", "off":
		return SeverityNone, nil
	}
	return SeverityNone, fmt.Errorf("unknown severity %q%s (want error, warning, info or none)", s, DidYouMean(s, []string{"error", "warning", "info", "none"}))
}

// Position is a point in a file: a byte offset and the 1-based line and
// 1-based byte column it falls on.
type Position struct {
	File   string
	Offset int
	Line   int
	Column int
}

func (p Position) String() string {
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// Range is a half-open span [Start, End) of one file.
type Range struct {
	Start, End Position
}

// TextEdit replaces the bytes of Range with NewText.
type TextEdit struct {
	Range   Range
	NewText string
}

// Span is a half-open byte range [Start, End) of the file of the finding it
// belongs to: 8 bytes where a Range takes 80, for what every finding keeps
// but few outputs read. The zero Span, and any with End <= Start, is empty.
type Span struct{ Start, End uint32 }

// SpanOf returns the offsets of r.
func SpanOf(r Range) Span {
	return Span{uint32(max(r.Start.Offset, 0)), uint32(max(r.End.Offset, 0))}
}

// Empty reports whether s holds no byte.
func (s Span) Empty() bool { return s.End <= s.Start }

// SuggestedFix is a set of edits that resolves a finding. Safe fixes change
// nothing but the flagged token's documented meaning; unsafe ones may change
// behaviour for some deployments and are applied only on request. Message
// says what the fix does (text output: "= fix: Message" over the fixed
// directive; editors: the quick fix's title), so a note need not say it too.
type SuggestedFix struct {
	Message string
	Safe    bool
	Edits   []TextEdit
}

// Finding is one diagnostic. Message is its headline: what is wrong and
// where, read at a glance (at most MaxHeadline bytes). Notes carry the rest:
// why it matters, what nginx does, and how to fix it, one sentence or clause
// each; text output shows them as "= note:" lines, JSON as "notes", SARIF
// after the headline.
type Finding struct {
	Rule     string
	Severity Severity
	Message  string
	// Notes may share their list with other findings' equal notes: add
	// one with Note or append, never by assigning an element.
	Notes []string
	Range Range
	Fixes []SuggestedFix
	// Directive is where the directive the finding is about lies in the
	// finding's file (Range.Start.File), from its name to its terminating
	// ';' or '{' (used to show rewrites and for fingerprints). Empty when
	// the finding is not about a single directive, or that directive is in
	// another file.
	Directive Span
	// Related lists the other places the finding points at (the first of
	// two duplicate directives, the upstream server line, the resolver
	// that decides), each with what it is; read it with RelatedLocations,
	// add with Relate. It is nil for most findings, and a pointer so that
	// they pay 8 bytes for it.
	Related *[]RelatedLocation
}

// RelatedLocations returns the other places f points at (nil for none).
func (f *Finding) RelatedLocations() []RelatedLocation {
	if f.Related == nil {
		return nil
	}
	return *f.Related
}

// RelatedLocation is another place a finding points at: Message says what
// it is ("first set here", "the resolver").
type RelatedLocation struct {
	Range   Range
	Message string
}

// Relate adds a related location, its message formatted like fmt.Sprintf,
// to f and returns f, so it chains after Reportf like Note. A zero range
// (a directive without a position) is not added.
func (f *Finding) Relate(r Range, format string, args ...any) *Finding {
	if r.Start.Line == 0 || f.Severity == severityUnformatted {
		return f
	}
	if f.Related == nil {
		f.Related = new([]RelatedLocation)
	}
	*f.Related = append(*f.Related, RelatedLocation{Range: r, Message: fmt.Sprintf(format, args...)})
	return f
}

// MaxHeadline is the longest a finding's Message should be, in bytes.
const MaxHeadline = 100

// Note appends a note, formatted like fmt.Sprintf (write %% for a percent
// sign, and Note("%s", s) for text from the configuration), to f and
// returns f, so notes chain after Reportf:
//
//	p.Reportf(d, r, "%q resolves to both 127.0.0.1 and ::1", host).
//		Note("nginx looks it up once at start-up ...")
func (f *Finding) Note(format string, args ...any) *Finding {
	if f.Severity == severityUnformatted {
		return f // dropped by a cap on findings: nobody reads it
	}
	f.Notes = append(f.Notes, fmt.Sprintf(format, args...))
	return f
}

// Less orders findings by file, offset, rule and message.
func (f *Finding) Less(g *Finding) bool {
	a, b := f.Range.Start, g.Range.Start
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Offset != b.Offset {
		return a.Offset < b.Offset
	}
	if f.Rule != g.Rule {
		return f.Rule < g.Rule
	}
	return f.Message < g.Message
}

// snippetMax is the most bytes of a value Snippet keeps.
const snippetMax = 40

// Snippet returns s for a headline: s itself when it is short, else its
// first bytes (cut at a character boundary) followed by "…", so that a long
// path, regex or value from the configuration cannot push a headline over
// MaxHeadline. The whole value belongs in a note when it matters.
func Snippet(s string) string {
	if len(s) <= snippetMax {
		return s
	}
	cut := snippetMax - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// SnippetPath is Snippet for a file path: a long one keeps its end ("…"
// then its last bytes, from a "/" when one is a few bytes in), where the file's
// name is, rather than the directories every path of a tree shares.
func SnippetPath(s string) string {
	if len(s) <= snippetMax {
		return s
	}
	from := len(s) - (snippetMax - len("…"))
	if i := strings.IndexByte(s[from:], '/'); i >= 0 && i < snippetMax/4 {
		from += i
	}
	for from < len(s) && !utf8.RuneStart(s[from]) {
		from++
	}
	return "…" + s[from:]
}

// interner shares the text of findings: a rule that reports the same
// message and notes a million times (every line of a file that is not
// nginx configuration) keeps one copy of them, not a million. It remembers
// at most internMax distinct strings, so text that never repeats costs a
// lookup and nothing more.
type interner struct {
	seen  map[string]string
	notes []string // the notes of the last finding seen, shared
}

const internMax = 4096

func (in *interner) string(s string) string {
	if c, ok := in.seen[s]; ok {
		return c
	}
	if in.seen == nil {
		in.seen = map[string]string{}
	}
	if len(in.seen) < internMax {
		in.seen[s] = s
	}
	return s
}

// finding replaces f's message and notes by equal ones seen before. Notes
// equal to the last finding's share its list, which is full to its
// capacity: a note added later to either finding copies it first.
func (in *interner) finding(f *Finding) {
	f.Message = in.string(f.Message)
	if len(f.Notes) == 0 {
		return
	}
	if slices.Equal(f.Notes, in.notes) {
		f.Notes = in.notes
		return
	}
	// A new list: the finding's may be the rule's own, which is not ours
	// to write.
	notes := make([]string, len(f.Notes))
	for i, n := range f.Notes {
		notes[i] = in.string(n)
	}
	f.Notes, in.notes = notes, notes
}
