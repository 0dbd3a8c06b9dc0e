package reporter

import (
	"encoding/json"
	"io"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() { Register("json", JSON) }

type jsonReport struct {
	Version  int           `json:"version"`
	Findings []jsonFinding `json:"findings"`
}

type jsonFinding struct {
	Rule      string    `json:"rule"`
	Severity  string    `json:"severity"`
	Message   string    `json:"message"`
	Notes     []string  `json:"notes"`
	File      string    `json:"file"`
	Line      int       `json:"line"`
	Column    int       `json:"column"`
	EndLine   int       `json:"end_line"`
	EndColumn int       `json:"end_column"`
	Fixes     []jsonFix `json:"fixes"`
}

type jsonFix struct {
	Message string     `json:"message"`
	Safe    bool       `json:"safe"`
	Edits   []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Offset    int    `json:"offset"`
	EndOffset int    `json:"end_offset"`
	NewText   string `json:"new_text"`
}

// JSONVersion is the version of the JSON output's contract (docs/json.md).
// Version 2 made "message" a headline (at most analyzer.MaxHeadline bytes)
// and added "notes", always present, with the rest of what version 1 put
// in the message.
const JSONVersion = 2

// JSON writes the machine-readable contract of docs/json.md: one object per
// finding with 1-based lines and byte columns.
func JSON(w io.Writer, r *Report, _ Options) error {
	out := jsonReport{Version: JSONVersion, Findings: []jsonFinding{}}
	for _, f := range r.Findings {
		out.Findings = append(out.Findings, toJSON(f))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func toJSON(f analyzer.Finding) jsonFinding {
	jf := jsonFinding{
		Rule: f.Rule, Severity: f.Severity.String(), Message: f.Message, Notes: append([]string{}, f.Notes...),
		File: f.Range.Start.File, Line: f.Range.Start.Line, Column: f.Range.Start.Column,
		EndLine: f.Range.End.Line, EndColumn: f.Range.End.Column, Fixes: []jsonFix{},
	}
	for _, fx := range f.Fixes {
		j := jsonFix{Message: fx.Message, Safe: fx.Safe, Edits: []jsonEdit{}}
		for _, e := range fx.Edits {
			j.Edits = append(j.Edits, jsonEdit{
				File: e.Range.Start.File, Line: e.Range.Start.Line, Column: e.Range.Start.Column,
				EndLine: e.Range.End.Line, EndColumn: e.Range.End.Column,
				Offset: e.Range.Start.Offset, EndOffset: e.Range.End.Offset, NewText: e.NewText,
			})
		}
		jf.Fixes = append(jf.Fixes, j)
	}
	return jf
}
