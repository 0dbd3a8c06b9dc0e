package main

import (
	"encoding/json"
	"fmt"
	"io"

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
	b, err := readSmallFile(p.baseline)
	if err != nil {
		return fmt.Errorf("--baseline: %w", err)
	}
	var base baselineFile
	if err := json.Unmarshal(b, &base); err != nil {
		return fmt.Errorf("--baseline: %s is not a baseline file: %w", p.baseline, err)
	}
	if base.Version != 1 {
		return fmt.Errorf("--baseline: %s has version %d, want 1 (write it again with --write-baseline)", p.baseline, base.Version)
	}
	known := map[string]int{}
	for _, e := range base.Findings {
		known[e.Fingerprint]++
	}
	var kept []analyzer.Finding
	for i, f := range rep.Findings {
		if known[fps[i]] > 0 {
			known[fps[i]]--
			continue
		}
		kept = append(kept, f)
	}
	rep.Findings = kept
	return nil
}
