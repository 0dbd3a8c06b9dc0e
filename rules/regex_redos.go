package rules

import (
	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "regex-redos",
		Title:    "A regex whose nested or overlapping repetition makes PCRE backtrack exponentially",
		Severity: analyzer.Warning,
		Default:  true,
		Run:      runRegexReDoS,
	})
}

func runRegexReDoS(p *analyzer.Pass) {
	for _, s := range regexSites(p) {
		if !s.Summary().Backtracks {
			continue // nor a regex invalid-regex reports
		}
		re, err := s.Parse()
		if err != nil {
			continue
		}
		bt := re.Backtracking()
		if len(bt) == 0 {
			continue
		}
		p.Reportf(s.D, s.Range, "regex %q can backtrack exponentially", analyzer.Snippet(s.Pattern)).
			Note("%s, so a crafted value of %s that almost matches makes PCRE try every way to split it, burning CPU until its match limit stops it, after which nginx logs an alert and answers 500",
				bt[0].Describe(s.Pattern), s.Subject).
			Note("make the repeated parts unambiguous (a delimiter the inner repeat cannot match, a possessive quantifier or an atomic group)")
	}
}
