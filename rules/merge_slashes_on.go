package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "merge-slashes-on",
		Title:    "merge_slashes on: nginx matches locations on the merged URI but forwards the original",
		Severity: analyzer.Info,
		Default:  false,
		Run:      runMergeSlashesOn,
	})
}

func runMergeSlashesOn(p *analyzer.Pass) {
	p.Each([]string{"merge_slashes"}, func(d *analyzer.Directive) {
		if d.Name() == "merge_slashes" && len(d.Args()) == 1 && strings.EqualFold(d.Args()[0].Value(), "on") {
			p.Reportf(d, d.Args()[0].Range(), "merge_slashes on: locations see merged slashes, proxy_pass forwards the original").
				Note("with merge_slashes on (nginx's default), locations are matched on the URI with repeated slashes merged, while proxy_pass without a URI part forwards the original request line").
				Note("a backend that treats //admin differently from /admin can route a request that nginx's location rules saw as something else").
				Note("make sure access rules in nginx and routing in the backend agree on slashes")
		}
	})
}
