package rules

import "github.com/nginx-lint/nginx-lint/analyzer"

// The analyzer applies `# nginx-lint:ignore` comments itself (see
// analyzer/suppress.go); this rule is how it reports comments that are
// wrong or no longer needed.
func init() {
	register(&analyzer.Rule{
		ID:       analyzer.RuleIgnore,
		Title:    "A suppression comment has no reason, names an unknown rule, or suppresses nothing",
		Severity: analyzer.Warning,
		Default:  true,
	})
}
