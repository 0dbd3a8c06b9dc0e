package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/reporter"
)

// baselineFile is what --write-baseline records: one entry per finding.
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

// applyBaseline records the findings with --write-baseline and drops the
// ones a baseline holds (--baseline, or the one just written). Each
// baseline entry absorbs one finding with its fingerprint, so a second
// copy of a recorded problem is still reported.
func applyBaseline(p *pipelineFlags, rep *reporter.Report, stderr io.Writer) error {
	if p.baseline == "" && p.writeBaseline == "" {
		return nil
	}
	fps := analyzer.Fingerprints(rep.Findings, rep.Sources)
	if p.writeBaseline != "" {
		out := baselineFile{Version: 1, Findings: []baselineEntry{}}
		for i, f := range rep.Findings {
			out.Findings = append(out.Findings, baselineEntry{
				Fingerprint: fps[i], Rule: f.Rule, File: f.Range.Start.File, Line: f.Range.Start.Line, Message: f.Message,
			})
		}
		b, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return err
		}
		if err := writeFileAtomic(p.writeBaseline, append(b, '\n')); err != nil {
			return fmt.Errorf("--write-baseline: %w", err)
		}
		fmt.Fprintf(stderr, "nginx-lint: recorded %d finding(s) in %s\n", len(out.Findings), p.writeBaseline)
		rep.Findings = nil
		return nil
	}
	known, err := readBaseline(p.baseline)
	if err != nil {
		return err
	}
	var kept []analyzer.Finding
	for i, held := range known.match(fps) {
		if !held {
			kept = append(kept, rep.Findings[i])
		}
	}
	rep.Findings = kept
	return nil
}

// baselineCounts is how many findings of each fingerprint a baseline holds.
type baselineCounts map[string]int

// readBaseline reads a --baseline file.
func readBaseline(path string) (baselineCounts, error) {
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
	known := baselineCounts{}
	for _, e := range base.Findings {
		known[e.Fingerprint]++
	}
	return known, nil
}

// match says, for findings with fingerprints fps (in report order), which
// the baseline holds: each entry holds one finding with its fingerprint, so
// a second copy of a recorded problem is not held.
func (b baselineCounts) match(fps []string) []bool {
	left := maps.Clone(b)
	out := make([]bool, len(fps))
	for i, fp := range fps {
		if left[fp] > 0 {
			left[fp]--
			out[i] = true
		}
	}
	return out
}

// holdFor is the fixer's Hold for a baseline: the findings the report will
// hide are not fixed either (fingerprints are computed over each pass's
// findings and files, as the report computes them).
func (b baselineCounts) holdFor() func(a *analyzer.Analysis, findings []analyzer.Finding) []bool {
	return func(a *analyzer.Analysis, findings []analyzer.Finding) []bool {
		sources := map[string]*analyzer.File{}
		for _, u := range a.Units {
			sources[u.File.Name] = u.File
		}
		return b.match(analyzer.Fingerprints(findings, sources))
	}
}
