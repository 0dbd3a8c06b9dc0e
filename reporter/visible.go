package reporter

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// Visible returns s with everything that could act on a terminal or a log
// rather than show in it written as a visible escape: line breaks and tabs
// (\n, \r, \t), other C0 controls and DEL (\x1b, \x7f), C1 controls
// (\u009b), bytes that are not UTF-8 (\xff), and the code points that
// reorder or hide text (bidirectional controls such as \u202e, line and
// paragraph separators, zero-width marks). A file name or a message
// holding them can then neither erase a line, forge a finding on a line of
// its own, nor read differently than it is. Text without them is returned
// as it is.
func Visible(s string) string {
	if !needsEscape(s) {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); {
		e, w := escapeAt([]byte(s[i:min(len(s), i+utf8.UTFMax)]), false)
		if e == "" {
			sb.WriteString(s[i : i+w])
		} else {
			sb.WriteString(e)
		}
		i += w
	}
	return sb.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= 0x80 {
			if c < 0x80 {
				return true
			}
			r, _ := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError || hidden(r) {
				return true
			}
		}
	}
	return false
}

// escapeAt reads the code point (or stray byte) at the start of b and
// returns its escape, or "" when it shows as itself, and its length in
// bytes. keepTab leaves tabs alone (source excerpts, where the carets
// below keep them too).
func escapeAt(b []byte, keepTab bool) (string, int) {
	r, w := utf8.DecodeRune(b)
	switch {
	case r == utf8.RuneError && w <= 1:
		if len(b) == 0 {
			return "", 0
		}
		return fmt.Sprintf(`\x%02x`, b[0]), 1
	case r == '\t' && keepTab:
		return "", w
	case r == '\n':
		return `\n`, w
	case r == '\r':
		return `\r`, w
	case r == '\t':
		return `\t`, w
	case r < 0x20 || r == 0x7f:
		return fmt.Sprintf(`\x%02x`, r), w
	case hidden(r):
		return fmt.Sprintf(`\u%04x`, r), w
	}
	return "", w
}

// hidden reports whether r is a C1 control or a code point that changes
// how the text around it reads without showing itself.
func hidden(r rune) bool {
	switch {
	case r >= 0x80 && r < 0xa0: // C1 controls (CSI is U+009B)
		return true
	case r == 0x200b || r == 0x200c || r == 0x200d || r == 0x200e || r == 0x200f: // zero-width, LRM, RLM
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidirectional embeddings and isolates
		return true
	case r == 0x2028 || r == 0x2029 || r == 0xfeff:
		return true
	}
	return false
}

// visibleLines is Visible on each line of s, the line breaks (LF) kept:
// for formats that encode them themselves (GitHub's %0A).
func visibleLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Visible(l)
	}
	return strings.Join(lines, "\n")
}

// position writes a finding's place, file:line:col, with the file name
// made visible.
func position(p analyzer.Position) string {
	return fmt.Sprintf("%s:%d:%d", Visible(p.File), p.Line, p.Column)
}
