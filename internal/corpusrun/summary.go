package corpusrun

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/nginx-lint/nginx-lint/fixer"
)

// Summary is the outcome of a run; -json prints it as is.
type Summary struct {
	Dir       string  `json:"dir"`
	Selection string  `json:"selection"` // manifest, looks or all
	Files     int     `json:"files"`
	Skipped   int     `json:"skipped"` // regular files the selection left out
	Seconds   float64 `json:"seconds"`
	Jobs      int     `json:"jobs"`

	ReadErrors   []string      `json:"read_errors"`
	SyntaxErrors []SyntaxError `json:"syntax_errors"` // one per file, sorted by file
	// Findings by rule id: each file alone, and each file with its includes.
	Isolated map[string]int `json:"findings_isolated"`
	Tree     map[string]int `json:"findings_tree"`
	Fixer    FixerFigures   `json:"fixer"`
	Crashes  []Crash        `json:"crashes"`
	Hangs    []string       `json:"hangs"`
	// Failures counts what makes the run fail: crashes, hangs, fixes that
	// are not idempotent, and fixes refused for breaking the syntax.
	Failures int `json:"failures"`
}

// FixerFigures add up the fixer's work over every file.
type FixerFigures struct {
	FilesFixed int `json:"files_fixed"` // linted files whose fixes change some file
	Applied    int `json:"fixes_applied"`
	Refused    int `json:"fixes_refused"`
	// BreakSyntax are refusals because the fixed text would not parse: a
	// rule suggested a bad edit.
	BreakSyntax    int      `json:"refused_breaking_syntax"`
	NonIdempotent  []string `json:"non_idempotent"` // files a second fix run changes, or that did not settle
	BreakSyntaxLog []string `json:"refused_breaking_syntax_list"`
}

// summarize adds up the results of every file.
func summarize(results []*FileResult) *Summary {
	s := &Summary{Files: len(results), Isolated: map[string]int{}, Tree: map[string]int{},
		ReadErrors: []string{}, SyntaxErrors: []SyntaxError{}, Crashes: []Crash{}, Hangs: []string{},
		Fixer: FixerFigures{NonIdempotent: []string{}, BreakSyntaxLog: []string{}}}
	for _, r := range results {
		if r.ReadErr != "" {
			s.ReadErrors = append(s.ReadErrors, r.ReadErr)
		}
		if r.Syntax != nil {
			s.SyntaxErrors = append(s.SyntaxErrors, *r.Syntax)
		}
		for k, n := range r.Isolated {
			s.Isolated[k] += n
		}
		for k, n := range r.Tree {
			s.Tree[k] += n
		}
		if r.Fix.Files > 0 {
			s.Fixer.FilesFixed++
		}
		s.Fixer.Applied += r.Fix.Applied
		s.Fixer.Refused += len(r.Fix.Refused)
		for _, f := range r.Fix.Refused {
			if strings.Contains(f.Reason, "would not parse") {
				s.Fixer.BreakSyntax++
				s.Fixer.BreakSyntaxLog = append(s.Fixer.BreakSyntaxLog, f.String())
			}
		}
		if r.Fix.Again != "" || r.Fix.Unsettled {
			s.Fixer.NonIdempotent = append(s.Fixer.NonIdempotent, r.File)
		}
		s.Crashes = append(s.Crashes, r.Crashes...)
		if r.Hang {
			s.Hangs = append(s.Hangs, r.File)
		}
	}
	s.Failures = len(s.Crashes) + len(s.Hangs) + len(s.Fixer.NonIdempotent) + s.Fixer.BreakSyntax
	return s
}

// printJSON writes the summary as indented JSON.
func (s *Summary) printJSON(w io.Writer) error {
	e := json.NewEncoder(w)
	e.SetIndent("", "  ")
	return e.Encode(s)
}

// printText writes the summary for a person; the details of failures
// (stacks, diffs) come from results.
func (s *Summary) printText(w io.Writer, results []*FileResult) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("corpus run: %s\n", s.Dir)
	p("files: %d (selection: %s, %d other files skipped; %d jobs, %.1fs)\n", s.Files, s.Selection, s.Skipped, s.Jobs, s.Seconds)
	if len(s.ReadErrors) > 0 {
		p("unreadable: %d\n", len(s.ReadErrors))
		for _, e := range s.ReadErrors {
			p("  %s\n", e)
		}
	}
	p("files with syntax errors: %d\n", len(s.SyntaxErrors))
	for _, e := range s.SyntaxErrors {
		p("  %s: %s\n", e.Position, e.Message)
	}
	p("findings by rule (isolated, in tree):\n")
	ids := map[string]bool{}
	for k := range s.Isolated {
		ids[k] = true
	}
	for k := range s.Tree {
		ids[k] = true
	}
	sorted := make([]string, 0, len(ids))
	for k := range ids {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	var ti, tt int
	for _, k := range sorted {
		p("  %-36s %7d %7d\n", k, s.Isolated[k], s.Tree[k])
		ti += s.Isolated[k]
		tt += s.Tree[k]
	}
	p("  %-36s %7d %7d\n", "total", ti, tt)
	f := s.Fixer
	p("fixer: %d files fixed, %d fixes applied, %d refused (%d breaking the syntax), %d non-idempotent\n",
		f.FilesFixed, f.Applied, f.Refused, f.BreakSyntax, len(f.NonIdempotent))
	for _, l := range f.BreakSyntaxLog {
		p("  refused, breaks the syntax: %s\n", l)
	}
	for _, r := range results {
		if r.Fix.Unsettled {
			p("  not settled after %d passes: %s\n", fixer.DefaultMaxPasses, r.File)
		}
		if r.Fix.Again != "" {
			p("  a second fix run changes %s:\n%s", r.File, indent(r.Fix.Again))
		}
	}
	p("crashes: %d\n", len(s.Crashes))
	for _, c := range s.Crashes {
		p("  %s: panic in %s: %s\n%s", c.File, c.Stage, c.Panic, indent(c.Stack))
	}
	p("hangs: %d\n", len(s.Hangs))
	for _, h := range s.Hangs {
		p("  %s: no result within the time limit\n", h)
	}
	if s.Failures > 0 {
		p("FAIL: %d failures\n", s.Failures)
	} else {
		p("ok\n")
	}
}

// indent prefixes every line of text with four spaces.
func indent(text string) string {
	text = strings.TrimRight(text, "\n")
	return "    " + strings.ReplaceAll(text, "\n", "\n    ") + "\n"
}
