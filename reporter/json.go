package reporter

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/inorder"
)

func init() { Register("json", JSON) }

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
	Related   []jsonRel `json:"related,omitempty"`
}

// jsonRel is another place a finding points at.
type jsonRel struct {
	Message   string `json:"message"`
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
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
// finding with 1-based lines and byte columns. The findings are encoded one
// at a time (the bytes are those of encoding the whole report at once), so
// millions of findings do not make a second copy of themselves in memory.
func JSON(w io.Writer, r *Report, opt Options) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "{\n  \"version\": %d,\n  \"findings\": ", JSONVersion)
	if r.Findings.Len() == 0 {
		_, _ = bw.WriteString("[]")
		return endJSON(bw, r)
	}
	_, _ = bw.WriteString("[\n")
	if err := encodeFindings(bw, r.Findings, opt.Workers); err != nil {
		return err
	}
	_, _ = bw.WriteString("  ]")
	return endJSON(bw, r)
}

// jsonChunk is how many findings one encoder takes at a time.
const jsonChunk = 1024

// encodeFindings writes the findings, one indented object each, separated
// by commas. A report of many findings is encoded in chunks by workers
// goroutines (0: one per CPU) and written in order as they are done, at
// most two chunks per worker encoded and not yet written (inorder.Do): the
// bytes are the same as one encoder's.
func encodeFindings(bw *bufio.Writer, fs *analyzer.FindingList, workers int) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	n := (fs.Len() + jsonChunk - 1) / jsonChunk
	if workers <= 1 || n <= 1 {
		// One chunk at a time, into one buffer: the report is never held
		// whole (a 200 MB report was, growing by doubling).
		var out []byte
		for i := 0; i < fs.Len(); i += jsonChunk {
			out = encodeChunk(out[:0], fs, i, min(i+jsonChunk, fs.Len()))
			_, _ = bw.Write(out)
		}
		return nil
	}
	// The buffers written are used again: a report of 390,000 findings
	// otherwise left 200 MB of them to the collector.
	free := make(chan []byte, 2*workers+workers)
	return inorder.Do(n, workers, 2*workers, func(_, i int) []byte {
		from, to := i*jsonChunk, min((i+1)*jsonChunk, fs.Len())
		var buf []byte
		select {
		case buf = <-free:
		default:
			buf = make([]byte, 0, 512*(to-from))
		}
		return encodeChunk(buf[:0], fs, from, to)
	}, func(_ int, b []byte) error {
		_, _ = bw.Write(b)
		select {
		case free <- b:
		default:
		}
		return nil
	})
}

// encodeChunk appends the findings from to to (excluded) of fs as elements
// of the "findings" array, as appendElements would (appendFindingJSON).
func encodeChunk(out []byte, fs *analyzer.FindingList, from, to int) []byte {
	n := fs.Len()
	for i := from; i < to; i++ {
		f := fs.At(i)
		out = append(out, "    "...)
		out = appendFindingJSON(out, &f)
		if i < n-1 {
			out = append(out, ',')
		}
		out = append(out, '\n')
	}
	return out
}

// appendElements appends element(i) for i from from to to (excluded), in
// order, to out as elements of a JSON array of n whose '[' ends the line
// before and whose ']' follows on a line indented by indent. Each is
// encoded on its own, so that millions are never held at once, and the
// bytes are those an Encoder with SetIndent("", "  ") and
// SetEscapeHTML(false) writes for the whole array.
func appendElements[T any](out []byte, indent string, from, to, n int, element func(i int) T) ([]byte, error) {
	buf := bytes.NewBuffer(out)
	var one bytes.Buffer
	enc := json.NewEncoder(&one)
	enc.SetIndent(indent+"  ", "  ")
	enc.SetEscapeHTML(false)
	for i := from; i < to; i++ {
		one.Reset()
		if err := enc.Encode(element(i)); err != nil {
			return nil, err
		}
		buf.WriteString(indent + "  ")
		buf.Write(bytes.TrimSuffix(one.Bytes(), []byte("\n")))
		if i < n-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	return buf.Bytes(), nil
}

// writeElements writes all n elements of such an array (see
// appendElements) to bw, a chunk at a time.
func writeElements[T any](bw *bufio.Writer, indent string, n int, element func(i int) T) error {
	var out []byte
	for i := 0; i < n; i += jsonChunk {
		var err error
		if out, err = appendElements(out[:0], indent, i, min(i+jsonChunk, n), n, element); err != nil {
			return err
		}
		_, _ = bw.Write(out)
	}
	return nil
}

// jsonOmitted counts findings --max-findings left out.
type jsonOmitted struct {
	File     string `json:"file"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Count    int    `json:"count"`
}

// endJSON writes what follows the findings: "omitted", when a cap left
// some out, and the end of the document.
func endJSON(bw *bufio.Writer, r *Report) error {
	if len(r.Omitted) > 0 {
		list := make([]jsonOmitted, len(r.Omitted))
		for i, o := range r.Omitted {
			list[i] = jsonOmitted{File: o.File, Rule: o.Rule, Severity: o.Severity.String(), Count: o.Count}
		}
		b, err := json.MarshalIndent(list, "  ", "  ")
		if err != nil {
			return err
		}
		_, _ = bw.WriteString(",\n  \"omitted\": ")
		_, _ = bw.Write(b)
	}
	_, _ = bw.WriteString("\n}\n")
	return bw.Flush()
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
	for _, r := range f.RelatedLocations() {
		jf.Related = append(jf.Related, jsonRel{
			Message: r.Message, File: r.Range.Start.File, Line: r.Range.Start.Line, Column: r.Range.Start.Column,
			EndLine: r.Range.End.Line, EndColumn: r.Range.End.Column,
		})
	}
	return jf
}
