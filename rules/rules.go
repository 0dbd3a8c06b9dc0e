// Package rules holds every nginx-lint rule. Each rule lives in three
// places named after its stem (the id with '-' as '_'): <stem>.go registers
// it, <stem>.md documents it, and testdata/<stem>/ holds annotated fixtures.
package rules

import (
	"embed"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

//go:embed *.md
var docs embed.FS

// Stem is the file stem of a rule id.
func Stem(id string) string { return strings.ReplaceAll(id, "-", "_") }

// doc returns the embedded documentation of rule id; a missing file is
// caught by the registry test.
func doc(id string) string {
	b, err := docs.ReadFile(Stem(id) + ".md")
	if err != nil {
		return ""
	}
	return string(b)
}

// register registers the rule, its documentation read from its markdown
// file when asked (Rule.Documentation), not at start-up.
func register(r *analyzer.Rule) {
	id := r.ID
	r.DocFunc = func() string { return doc(id) }
	analyzer.Register(r)
}

// All returns every rule, sorted by id.
func All() []*analyzer.Rule { return analyzer.Rules() }

// headline returns the first of the candidate headlines, longest first,
// that fits in analyzer.MaxHeadline bytes, or the last one.
func headline(candidates ...string) string {
	for _, c := range candidates {
		if len(c) <= analyzer.MaxHeadline {
			return c
		}
	}
	return candidates[len(candidates)-1]
}
