package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "alias-location-slash-mismatch",
		Title:    "location ends with / and its alias does not: names are glued together",
		Severity: analyzer.Warning,
		Default:  true,
		Fixable:  true,
		Run:      runAliasLocationSlashMismatch,
	})
}

func runAliasLocationSlashMismatch(p *analyzer.Pass) {
	p.Each([]string{"alias"}, func(d *analyzer.Directive) {
		if len(d.Args()) != 1 || d.Parent == nil || d.Parent.Name() != "location" || aliasUnused(d.Parent) {
			return
		}
		loc, ok := d.Parent.LocationOf()
		if !ok || (loc.Modifier != "" && loc.Modifier != "^~") || !strings.HasSuffix(loc.Match, "/") {
			return
		}
		alias := d.Args()[0].Value()
		if alias == "" || strings.HasSuffix(alias, "/") || d.Args()[0].HasVar() || d.Args()[0].Templated() || templatedValue(alias) {
			return
		}
		f := p.Reportf(d, d.Args()[0].Range(), "alias lacks the trailing / of location %s: names get glued", analyzer.Snippet(loc.Match)).
			Note("%sx reads %sx: nginx replaces the matched %q with the alias and appends the rest of the URI as is, so file names are glued onto the last directory name, and directories next to it that start with the same name are served: %s_private/key reads %s_private/key", loc.Match, alias, loc.Match, loc.Match, alias)
		if fix, ok := appendToArg(d.Args()[0], "/"); ok {
			f.Fixes = []analyzer.SuggestedFix{{Message: "end the alias with / as well", Safe: false, Edits: []analyzer.TextEdit{fix}}}
		} else {
			f.Note("end the alias with / as well (alias %s/;)", alias)
		}
	})
}
