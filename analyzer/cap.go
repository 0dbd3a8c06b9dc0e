package analyzer

import (
	"cmp"
	"slices"
	"strings"
)

// Omitted counts the findings of one rule and severity in one file that a
// cap on findings per file (LoadOptions.MaxFindings) left out: they were
// counted, not kept.
type Omitted struct {
	File     string
	Rule     string
	Severity Severity
	Count    int
}

type omitKey struct {
	file, rule string
	sev        Severity
}

// Omitted returns, after Check, the findings the cap on findings per file
// left out, by file, rule and severity (nil without a cap).
func (a *Analysis) Omitted() []Omitted { return a.omitted }

// passCap is what a pass knows of the cap (see Pass.Report): per file, how
// many findings it kept and the furthest offset among them. A finding past
// MaxFindings kept ones that all come before it cannot be among the first
// MaxFindings of its file, so the pass counts it and lets it go; the rest
// are cut by Check once sorted.
type passCap struct {
	kept    map[string]*capFile
	dropped map[omitKey]int // by the severity the rule reported
	scratch Finding         // a dropped finding, for the rule to finish
	pending bool            // scratch holds a dropped finding not yet counted
	checked bool            // Reportf has decided to keep the finding it reports
}

// severityUnformatted marks a finding Reportf dropped before formatting
// it: Note and Relate format nothing for it. Counted, it is a finding of
// the rule's own severity, unless the rule sets one after reporting.
const severityUnformatted Severity = -1

type capFile struct {
	kept, last int
}

// drop reports whether f need not be kept, and counts it once the rule is
// done with it.
func (p *Pass) drop(f *Finding) bool {
	a := p.Analysis
	n := a.Options.MaxFindings
	if n <= 0 {
		return false
	}
	p.settleDrop()
	file := f.Range.Start.File
	if !a.capsFile(file) {
		return false
	}
	c := &p.cap
	if c.kept == nil {
		c.kept, c.dropped = map[string]*capFile{}, map[omitKey]int{}
	}
	st := c.kept[file]
	if st == nil {
		st = &capFile{}
		c.kept[file] = st
	}
	off := f.Range.Start.Offset
	if st.kept >= n && off > st.last {
		c.scratch, c.pending = *f, true
		return true
	}
	st.kept++
	st.last = max(st.last, off)
	return false
}

// settleDrop counts the last dropped finding, with the severity the rule
// gave it after reporting it.
func (p *Pass) settleDrop() {
	c := &p.cap
	if c.pending {
		f := &c.scratch
		sev := f.Severity
		if sev == severityUnformatted {
			sev = SeverityNone // the rule's
		}
		c.dropped[omitKey{f.Range.Start.File, "", sev}]++
		c.pending = false
	}
}

// capsFile reports whether the findings of file may be dropped as rules
// report them: it is read once in the analysis (no finding comes twice),
// is not a template (no finding is hidden later) and has no ignore comment
// (none is suppressed later).
func (a *Analysis) capsFile(file string) bool {
	if a.capOK == nil {
		a.capOK = map[string]bool{}
		seen := map[string]int{}
		variants := false
		for _, u := range a.Units {
			seen[u.File.Name]++
			variants = variants || u.File.variants > 1
		}
		for _, u := range a.Units {
			name := u.File.Name
			if variants || seen[name] != 1 || len(u.File.markup) > 0 {
				continue
			}
			ok := true
			for _, c := range u.Comments {
				if strings.Contains(c.Text, "nginx-lint") {
					ok = false
					break
				}
			}
			a.capOK[name] = ok
		}
	}
	return a.capOK[file]
}

// capFindings keeps the first n findings of each file of fs (sorted by
// file, as Normalize leaves them) and counts the rest into omitted.
func capFindings(fs *FindingList, n int, omitted map[omitKey]int) {
	count, file := 0, ""
	fs.Keep(func(f *Finding) bool {
		if count == 0 || f.Range.Start.File != file {
			count, file = 0, f.Range.Start.File
		}
		count++
		if count > n {
			omitted[omitKey{f.Range.Start.File, f.Rule, f.Severity}]++
			return false
		}
		return true
	})
}

// listOmitted returns the counts of m in order of file, rule and severity.
func listOmitted(m map[omitKey]int) []Omitted {
	var out []Omitted
	for k, c := range m {
		if c > 0 {
			out = append(out, Omitted{File: k.file, Rule: k.rule, Severity: k.sev, Count: c})
		}
	}
	slices.SortFunc(out, func(x, y Omitted) int {
		return cmp.Or(strings.Compare(x.File, y.File), strings.Compare(x.Rule, y.Rule), cmp.Compare(x.Severity, y.Severity))
	})
	return out
}

// CapFindings applies a cap of n findings per file to fs, findings of a
// whole run sorted by Normalize, and returns what it left out joined with
// the counts omitted gives (the caps of each configuration).
// Counts of one file, rule and severity from several configurations are
// not added, the largest is taken: a file checked in two contexts is one
// file. n <= 0 keeps everything.
func CapFindings(fs *FindingList, n int, omitted ...[]Omitted) []Omitted {
	m := map[omitKey]int{}
	for _, list := range omitted {
		for _, o := range list {
			k := omitKey{o.File, o.Rule, o.Severity}
			m[k] = max(m[k], o.Count)
		}
	}
	if n > 0 {
		capFindings(fs, n, m)
	}
	return listOmitted(m)
}
