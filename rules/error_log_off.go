package rules

import (
	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "error-log-off",
		Title:    "error_log off writes the error log to a file named \"off\"",
		Severity: analyzer.Warning,
		Default:  true,
		Fixable:  true,
		Run:      runErrorLogOff,
	})
}

func runErrorLogOff(p *analyzer.Pass) {
	p.Each([]string{"error_log"}, func(d *analyzer.Directive) {
		if len(d.Args()) == 0 || d.Args()[0].Value() != "off" {
			return
		}
		a := d.Args()[0]
		f := p.Reportf(d, a.Range(), "error_log off writes the error log to a file named \"off\"").
			Note("it does not turn error logging off: nginx opens \"off\" relative to its prefix (e.g. /etc/nginx/off or /usr/share/nginx/off), and the file grows unnoticed").
			Note("better than discarding errors: keep a real log at a higher level such as crit")
		f.Fixes = []analyzer.SuggestedFix{{
			Message: "discard errors as intended: write the log to /dev/null",
			Safe:    false,
			Edits:   []analyzer.TextEdit{{Range: a.Range(), NewText: "/dev/null"}},
		}}
	})
}
