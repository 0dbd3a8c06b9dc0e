package lint

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// baselineFile is what a written baseline records: one entry per finding.
// Only the fingerprint matters for matching; the rest helps a reader.
type baselineFile struct {
	Version  int             `json:"version"`
	Findings []baselineEntry `json:"findings"`
}

type baselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Line        int    `json:"line"`
	Message     string `json:"message"`
}

// WriteBaseline records findings (with the files they are located in, for
// their fingerprints) in a baseline file at path, atomically, and returns
// how many it recorded.
func WriteBaseline(path string, findings *analyzer.FindingList, sources map[string]*analyzer.File) (int, error) {
	fps := analyzer.Fingerprints(findings, sources)
	out := baselineFile{Version: 1, Findings: []baselineEntry{}}
	for i, f := range findings.All() {
		out.Findings = append(out.Findings, baselineEntry{
			Fingerprint: fps[i], Rule: f.Rule, File: f.Range.Start.File, Line: f.Range.Start.Line, Message: f.Message,
		})
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return 0, err
	}
	if err := WriteFileAtomic(path, append(b, '\n')); err != nil {
		return 0, fmt.Errorf("--write-baseline: %w", err)
	}
	return len(out.Findings), nil
}

// Baseline is how many findings of each fingerprint a baseline file holds.
type Baseline map[string]int

// ReadBaseline reads a baseline file written by WriteBaseline.
func ReadBaseline(path string) (Baseline, error) {
	b, err := readSmallFile(path)
	if err != nil {
		return nil, fmt.Errorf("--baseline: %w", err)
	}
	var base baselineFile
	if err := json.Unmarshal(b, &base); err != nil {
		return nil, fmt.Errorf("--baseline: %s is not a baseline file: %w", path, err)
	}
	if base.Version != 1 {
		return nil, fmt.Errorf("--baseline: %s has version %d, want 1 (write it again with --write-baseline)", path, base.Version)
	}
	known := Baseline{}
	for _, e := range base.Findings {
		known[e.Fingerprint]++
	}
	return known, nil
}

// Filter keeps the findings the baseline does not hold (sources are the
// files they are located in, for their fingerprints). Each baseline entry
// holds one finding with its fingerprint, so a second copy of a recorded
// problem is kept.
func (b Baseline) Filter(findings *analyzer.FindingList, sources map[string]*analyzer.File) {
	held, i := b.match(findings, sources), 0
	findings.Keep(func(*analyzer.Finding) bool {
		i++
		return !held[i-1]
	})
}

// match says, for findings (in report order, located in sources), which
// the baseline holds: each entry holds one finding with its fingerprint, so
// a second copy of a recorded problem is not held. A finding the
// fingerprints of today do not find may be held by its fingerprint of a
// baseline written before they left messages out
// (analyzer.MessageFingerprints).
func (b Baseline) match(findings *analyzer.FindingList, sources map[string]*analyzer.File) []bool {
	left := maps.Clone(b)
	out := make([]bool, findings.Len())
	take := func(i int, fp string) {
		if !out[i] && left[fp] > 0 {
			left[fp]--
			out[i] = true
		}
	}
	for i, fp := range analyzer.Fingerprints(findings, sources) {
		take(i, fp)
	}
	if len(left) > 0 && slices.Contains(out, false) {
		for i, fp := range analyzer.MessageFingerprints(findings, sources) {
			take(i, fp)
		}
	}
	return out
}

// Hold is the fixer's Hold for a baseline: the findings a report will
// hide are not fixed either (fingerprints are computed over each pass's
// findings and files, as the report computes them).
func (b Baseline) Hold() func(a *analyzer.Analysis, findings []analyzer.Finding) []bool {
	return func(a *analyzer.Analysis, findings []analyzer.Finding) []bool {
		sources := map[string]*analyzer.File{}
		for _, u := range a.Units {
			sources[u.File.Name] = u.File
		}
		return b.match(analyzer.ListOf(findings...), sources)
	}
}
