package main

import (
	"fmt"
	"io"

	"github.com/nginx-lint/nginx-lint/lint"
	"github.com/nginx-lint/nginx-lint/reporter"
)

// applyBaseline records the findings with --write-baseline and drops the
// ones a baseline holds (--baseline, or the one just written).
func applyBaseline(p *pipelineFlags, rep *reporter.Report, stderr io.Writer) error {
	if p.baseline == "" && p.writeBaseline == "" {
		return nil
	}
	if p.writeBaseline != "" {
		n, err := lint.WriteBaseline(p.writeBaseline, rep.Findings, rep.Sources)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "nginx-lint: recorded %d finding(s) in %s\n", n, p.writeBaseline)
		rep.Findings = nil
		return nil
	}
	known, err := lint.ReadBaseline(p.baseline)
	if err != nil {
		return err
	}
	rep.Findings = known.Filter(rep.Findings, rep.Sources)
	return nil
}
