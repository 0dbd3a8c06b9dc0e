package rules

import "github.com/nginx-lint/nginx-lint/analyzer"

// Findings the analyzer produces itself while reading files. They are rules
// like any other: listed, documented, configurable.
func init() {
	register(&analyzer.Rule{
		ID:       analyzer.RuleSyntaxError,
		NginxT:   true,
		Title:    "The file is not valid nginx syntax",
		Severity: analyzer.Error,
		Default:  true,
	})
	register(&analyzer.Rule{
		ID:       analyzer.RuleIncludeNotFound,
		Title:    "An included file cannot be read, so it is not checked",
		Severity: analyzer.Info,
		Default:  true,
	})
	register(&analyzer.Rule{
		ID:       analyzer.RuleLimitExceeded,
		Title:    "Part of the configuration is over one of nginx-lint's limits, so it is not checked",
		Severity: analyzer.Warning,
		Default:  true,
	})
	register(&analyzer.Rule{
		ID:       analyzer.RuleIncludeOutside,
		Title:    "An include leaves the checked tree, so it is not read",
		Severity: analyzer.Info,
		Default:  true,
	})
	register(&analyzer.Rule{
		ID:       analyzer.RuleIncludeCycle,
		Title:    "A file includes itself, directly or through others",
		Severity: analyzer.Error,
		Default:  true,
	})
}
