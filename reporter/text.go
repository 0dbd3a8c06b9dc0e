package reporter

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() { Register("text", Text) }

// Text writes, per finding, `file:line:col: severity: message [rule]`, the
// source line with a caret underline of the range, and the rewritten
// directive when the finding has a fix. Nothing is written for no findings.
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
	for i := range r.Findings {
		f := &r.Findings[i]
		counts[f.Severity]++
		sc := sevColor[f.Severity]
		if sc == nil {
			sc = bold
		}
		fmt.Fprintf(bw, "%s: %s: %s %s\n", paint(bold, f.Range.Start.String()), paint(sc, f.Severity.String()), f.Message, paint(faint, "["+f.Rule+"]"))
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
		fmt.Fprintf(bw, " %s %s %s\n", paint(faint, num), paint(faint, "|"), printable(line))
		fmt.Fprintf(bw, " %s %s %s\n", pad, paint(faint, "|"), paint(sc, caret(line, f.Range)))
		if len(f.Fixes) == 0 {
			continue
		}
		kind := "suggested fix"
		if !f.Fixes[0].Safe {
			kind = "suggested fix (unsafe)"
		}
		if rw := Rewritten(r, f); rw != "" {
			fmt.Fprintf(bw, " %s %s %s: %s\n", pad, paint(faint, "="), kind, paint(green, oneLine(rw)))
		} else if lines := RewrittenLines(r, f); len(lines) > 0 {
			fmt.Fprintf(bw, " %s %s %s:\n", pad, paint(faint, "="), kind)
			for _, l := range lines {
				fmt.Fprintf(bw, " %s %s   %s\n", pad, paint(faint, "="), paint(green, l))
			}
		}
		if m := f.Fixes[0].Message; m != "" {
			fmt.Fprintf(bw, " %s %s note: %s\n", pad, paint(faint, "="), m)
		}
	}
	if n := len(r.Findings); n > 0 {
		var parts []string
		for _, s := range []analyzer.Severity{analyzer.Error, analyzer.Warning, analyzer.Info} {
			if counts[s] > 0 {
				parts = append(parts, plural(counts[s], s.String()))
			}
		}
		fmt.Fprintf(bw, "%s (%s)\n", plural(n, "finding"), strings.Join(parts, ", "))
	}
	return bw.Flush()
}

func plural(n int, s string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", s)
	}
	return fmt.Sprintf("%d %ss", n, s)
}

// caret underlines the range on its first line, keeping tabs so the
// carets line up under the source.
func caret(line []byte, r analyzer.Range) string {
	start := r.Start.Column - 1
	if start > len(line) {
		start = len(line)
	}
	end := start + 1
	if r.End.Line == r.Start.Line && r.End.Column-1 > start {
		end = r.End.Column - 1
	} else if r.End.Line > r.Start.Line {
		end = len(line)
		if end <= start {
			end = start + 1
		}
	}
	var sb strings.Builder
	for i := 0; i < start; i++ {
		if line[i] == '\t' {
			sb.WriteByte('\t')
		} else if line[i] < 0x80 || line[i] >= 0xC0 {
			sb.WriteByte(' ')
		}
	}
	for i := start; i < end; i++ {
		if i >= len(line) || line[i] < 0x80 || line[i] >= 0xC0 {
			sb.WriteByte('^')
		}
	}
	return sb.String()
}

// printable replaces control bytes (NUL, …) so a terminal shows them.
func printable(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		if c < 0x20 && c != '\t' {
			sb.WriteString("\uFFFD")
			continue
		}
		sb.WriteByte(c)
	}
	return sb.String()
}

// oneLine folds a directive written over several lines onto one.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return strings.Join(lines, " ")
}
