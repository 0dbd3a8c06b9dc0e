package reporter

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"sort"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// Statistics writes one line per rule that has findings, most findings
// first: the count, the rule id, its severity (the highest among its
// findings), [*] when some of them carry a fix, and the rule's title; then
// the total, and what --fix and --unsafe-fixes would fix. It is what `check --statistics` prints instead of the text
// report. Findings a cap left out (Report.Omitted) count too, though none
// of them shows its fix (nor counts as fixable). Nothing is written for no findings.
func Statistics(w io.Writer, r *Report, _ Options) error {
	type row struct {
		rule  string
		n     int
		sev   analyzer.Severity
		fixes bool
	}
	byRule := map[string]*row{}
	var rows []*row
	add := func(rule string, n int, sev analyzer.Severity) *row {
		x := byRule[rule]
		if x == nil {
			x = &row{rule: rule}
			byRule[rule] = x
			rows = append(rows, x)
		}
		x.n += n
		x.sev = max(x.sev, sev)
		return x
	}
	total := r.Findings.Len()
	for _, f := range r.Findings.All() {
		x := add(f.Rule, 1, f.Severity)
		x.fixes = x.fixes || len(f.Fixes) > 0
	}
	// Findings --max-findings left out are counted like the others.
	for _, o := range r.Omitted {
		add(o.Rule, o.Count, o.Severity)
		total += o.Count
	}
	if len(rows) == 0 {
		return nil
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].n != rows[j].n {
			return rows[i].n > rows[j].n
		}
		return rows[i].rule < rows[j].rule
	})
	countW, ruleW := len(fmt.Sprint(rows[0].n)), 0
	for _, x := range rows {
		ruleW = max(ruleW, len(x.rule))
	}
	bw := bufio.NewWriter(w)
	for _, x := range rows {
		fix := "   "
		if x.fixes {
			fix = "[*]"
		}
		title := ""
		if rule := analyzer.Lookup(x.rule); rule != nil {
			title = rule.Title
		}
		fmt.Fprintf(bw, "%*d  %-*s  %-7s  %s %s\n", countW, x.n, ruleW, x.rule, x.sev, fix, title)
	}
	fmt.Fprintf(bw, "%s in %s\n", plural(total, "finding"), plural(len(rows), "rule"))
	if hint := fixHint(r.Findings); hint != "" {
		fmt.Fprintf(bw, "[*] %s\n", hint)
	}
	return bw.Flush()
}

// fixHint says how many of the findings --fix would fix, and how many more
// with --unsafe-fixes ("" when none has a fix): a finding with a safe fix
// counts as safe, one with only unsafe fixes as unsafe.
func fixHint(findings *analyzer.FindingList) string {
	safe, unsafe := 0, 0
	for _, f := range findings.All() {
		switch {
		case slices.ContainsFunc(f.Fixes, func(s analyzer.SuggestedFix) bool { return s.Safe }):
			safe++
		case len(f.Fixes) > 0:
			unsafe++
		}
	}
	switch {
	case safe > 0 && unsafe > 0:
		return fmt.Sprintf("%d fixable with --fix, %d more with --unsafe-fixes", safe, unsafe)
	case safe > 0:
		return fmt.Sprintf("%d fixable with --fix", safe)
	case unsafe > 0:
		return fmt.Sprintf("%d fixable with --fix --unsafe-fixes", unsafe)
	}
	return ""
}
