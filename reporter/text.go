package reporter

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/fatih/color"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() { Register("text", Text) }

// Text writes, per finding, `file:line:col: severity: message [rule]`, the
// source line with a caret underline of the range, the notes, and, when
// the finding has a fix, what the fix does ("fix:", or "unsafe fix:" for
// one that --fix applies only with --unsafe-fixes) over the directive as
// it reads once fixed. Past opt.PerRule findings
// of one rule in one file, the rest of them are counted in one line after
// the file's findings. Nothing is written for no findings.
func Text(w io.Writer, r *Report, opt Options) error {
	bw := bufio.NewWriter(w)
	paint := func(c *color.Color, s string) string {
		if !opt.Color {
			return s
		}
		c.EnableColor()
		return c.Sprint(s)
	}
	sevColor := map[analyzer.Severity]*color.Color{
		analyzer.Error:   color.New(color.FgRed, color.Bold),
		analyzer.Warning: color.New(color.FgYellow, color.Bold),
		analyzer.Info:    color.New(color.FgCyan, color.Bold),
	}
	bold := color.New(color.Bold)
	faint := color.New(color.Faint)
	green := color.New(color.FgGreen)
	counts := map[analyzer.Severity]int{}
	// Per file: how many findings of each rule, in the order rules first
	// passed the cap.
	var shown map[string]int
	var capped []string
	// Findings left out by --max-findings join the count of their rule
	// and file; a file whose findings all went (a baseline holds the
	// first ones) gets its lines at the end.
	omittedFiles, omitted := omittedBy(r)
	more := func(file, rule string, n int) {
		fmt.Fprintf(bw, "%s\n", paint(faint, fmt.Sprintf("… and %d more %s in %s", n, rule, Visible(oneLine(file)))))
	}
	endFile := func(file string) {
		left := omitted[file]
		for _, rule := range capped {
			more(file, rule, shown[rule]-opt.PerRule+left[rule])
			delete(left, rule)
		}
		for _, rule := range slices.Sorted(maps.Keys(left)) {
			more(file, rule, left[rule])
		}
		delete(omitted, file)
		shown, capped = map[string]int{}, nil
	}
	total := r.Findings.Len()
	for _, o := range r.Omitted {
		counts[o.Severity] += o.Count
		total += o.Count
	}
	prevFile := ""
	for i, one := range r.Findings.All() {
		f := &one
		counts[f.Severity]++
		if i == 0 || f.Range.Start.File != prevFile {
			if i > 0 {
				endFile(prevFile)
			} else {
				shown = map[string]int{}
			}
			prevFile = f.Range.Start.File
		}
		shown[f.Rule]++
		if opt.PerRule > 0 && shown[f.Rule] > opt.PerRule {
			if shown[f.Rule] == opt.PerRule+1 {
				capped = append(capped, f.Rule)
			}
			continue
		}
		sc := sevColor[f.Severity]
		if sc == nil {
			sc = bold
		}
		fmt.Fprintf(bw, "%s: %s: %s %s\n", paint(bold, position(f.Range.Start)), paint(sc, f.Severity.String()), Visible(oneLine(f.Message)), paint(faint, "["+f.Rule+"]"))
		file := r.Sources[f.Range.Start.File]
		if file == nil {
			continue
		}
		line := file.Line(f.Range.Start.Line)
		if line == nil && f.Range.Start.Line > file.LineCount() {
			continue
		}
		num := fmt.Sprint(f.Range.Start.Line)
		pad := strings.Repeat(" ", len(num))
		shown, rng := clip(line, f.Range)
		fmt.Fprintf(bw, " %s %s %s\n", paint(faint, num), paint(faint, "|"), printable(shown))
		fmt.Fprintf(bw, " %s %s %s\n", pad, paint(faint, "|"), paint(sc, caret(shown, rng)))
		for _, n := range f.Notes {
			fmt.Fprintf(bw, " %s %s note: %s\n", pad, paint(faint, "="), Visible(oneLine(n)))
		}
		if len(f.Fixes) == 0 {
			continue
		}
		// The fix: what it does on the label line, then the directive as
		// it reads once fixed, indented under the label.
		label := "fix"
		if !f.Fixes[0].Safe {
			label = "unsafe fix"
		}
		if m := f.Fixes[0].Message; m != "" {
			label += ": " + Visible(oneLine(m))
		}
		fmt.Fprintf(bw, " %s %s %s\n", pad, paint(faint, "="), label)
		lines := RewrittenLines(r, f)
		if rw := Rewritten(r, f); rw != "" {
			lines = statementLines(rw)
		}
		for _, l := range lines {
			fmt.Fprintf(bw, " %s     %s\n", pad, paint(green, printable(shorten([]byte(l)))))
		}
	}
	if r.Findings.Len() > 0 {
		endFile(prevFile)
	}
	for _, file := range omittedFiles {
		if omitted[file] != nil {
			shown = map[string]int{}
			endFile(file)
		}
	}
	if n := total; n > 0 {
		var parts []string
		for _, s := range []analyzer.Severity{analyzer.Error, analyzer.Warning, analyzer.Info} {
			if counts[s] > 0 {
				parts = append(parts, plural(counts[s], s.String()))
			}
		}
		fmt.Fprintf(bw, "%s (%s)%s\n", plural(n, "finding"), strings.Join(parts, ", "), assumedVersion(r))
	}
	if hint := fixHint(r.Findings); opt.FixHint && hint != "" {
		fmt.Fprintf(bw, "%s\n", hint)
	}
	return bw.Flush()
}

// assumedVersion is the summary's note on the nginx version that
// version-dependent findings assumed, when none was given ("" when none
// of the findings depends on it).
func assumedVersion(r *Report) string {
	if r.AssumedVersion == "" {
		return ""
	}
	for _, f := range r.Findings.All() {
		if rule := analyzer.Lookup(f.Rule); rule != nil && rule.Versioned {
			return fmt.Sprintf("; findings that depend on the nginx version assume %s (set --nginx-version)", r.AssumedVersion)
		}
	}
	return ""
}

func plural(n int, s string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", s)
	}
	return fmt.Sprintf("%d %ss", n, s)
}

// maxShown is how many bytes of a source line (or a rewritten directive)
// the text output shows; longer ones are cut around the finding with "…",
// so a minified file on one line does not print its whole self per finding.
const maxShown = 160

// clip returns at most maxShown bytes of line around the start of r, with
// "…" where it was cut, and r moved to match.
func clip(line []byte, r analyzer.Range) ([]byte, analyzer.Range) {
	if len(line) <= maxShown {
		return line, r
	}
	lo := max(0, min(r.Start.Column-1-maxShown/4, len(line)-maxShown))
	for lo > 0 && !utf8.RuneStart(line[lo]) {
		lo--
	}
	hi := min(len(line), lo+maxShown)
	for hi < len(line) && !utf8.RuneStart(line[hi]) {
		hi--
	}
	var out []byte
	shift := lo
	if lo > 0 {
		out = append(out, "…"...)
		shift -= len("…")
	}
	out = append(out, line[lo:hi]...)
	end := len(out)
	if hi < len(line) {
		out = append(out, "…"...)
	}
	r.Start.Column -= shift
	if r.End.Line != r.Start.Line || r.End.Column-shift > end+1 {
		// Underline to the cut, not past it.
		r.End.Line, r.End.Column = r.Start.Line, end+1
	} else {
		r.End.Column -= shift
	}
	return out, r
}

// shorten cuts text longer than maxShown bytes, ending it with "…".
func shorten(b []byte) []byte {
	if len(b) <= maxShown {
		return b
	}
	n := maxShown
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return append(b[:n:n], "…"...)
}

// caret underlines the range on its first line, keeping tabs so the
// carets line up under the source: one column per code point, and as many
// as its escape has for one that printable escapes.
func caret(line []byte, r analyzer.Range) string {
	start := min(max(r.Start.Column-1, 0), len(line))
	end := start + 1
	if r.End.Line == r.Start.Line && r.End.Column-1 > start {
		end = r.End.Column - 1
	} else if r.End.Line > r.Start.Line {
		end = len(line)
	}
	end = max(min(end, len(line)), start+1)
	var sb strings.Builder
	for i := 0; i < start; {
		e, w := escapeAt(line[i:], true)
		switch {
		case line[i] == '\t':
			sb.WriteByte('\t')
		case e != "":
			sb.WriteString(strings.Repeat(" ", len(e)))
		default:
			sb.WriteByte(' ')
		}
		i += w
	}
	for i := start; i < end; {
		if i >= len(line) {
			sb.WriteByte('^')
			break
		}
		e, w := escapeAt(line[i:], true)
		sb.WriteString(strings.Repeat("^", max(len(e), 1)))
		i += w
	}
	return sb.String()
}

// printable makes a source line safe to show on a terminal: control
// characters (C0 but tab, DEL, C1), bytes that are not UTF-8 and code
// points that hide or reorder text are shown as escapes (\x1b, \xff,
// \u202e; see Visible), so no escape sequence from a file reaches the
// terminal, and caret lines them up.
func printable(b []byte) string {
	var sb strings.Builder
	for i := 0; i < len(b); {
		e, w := escapeAt(b[i:], true)
		if e == "" {
			sb.Write(b[i : i+w])
		} else {
			sb.WriteString(e)
		}
		i += w
	}
	return sb.String()
}

// statementLines folds a directive written over several lines onto one,
// and starts a new line after each line that ends a statement or opens or
// closes a block: a fix may split what nginx read as one directive (a
// missing ";" before the next line) into two.
func statementLines(s string) []string {
	var out []string
	cur := ""
	for _, l := range trimmedLines(s) {
		if l == "" {
			continue
		}
		if cur != "" {
			cur += " "
		}
		cur += l
		if strings.HasSuffix(l, ";") || strings.HasSuffix(l, "{") || strings.HasSuffix(l, "}") {
			out = append(out, cur)
			cur = ""
		}
	}
	if cur != "" || len(out) == 0 {
		out = append(out, cur)
	}
	return out
}

// oneLine folds a directive written over several lines onto one.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(trimmedLines(s), " ")
}

// trimmedLines returns the lines of s without the space around them (a
// line of spaces alone is then empty; no line breaks are kept).
func trimmedLines(s string) []string {
	lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return lines
}
