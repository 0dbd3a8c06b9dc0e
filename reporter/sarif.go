package reporter

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() { Register("sarif", SARIF) }

// ToolName and InformationURI identify nginx-lint in SARIF logs.
const (
	ToolName       = "nginx-lint"
	InformationURI = "https://github.com/nginx-lint/nginx-lint"
	// FingerprintKey names our entry in a result's partialFingerprints.
	FingerprintKey = "nginxLintDirective/v1"
)

// Version is reported as the tool's version; the CLI sets it.
var Version = "devel"

// SARIF writes a SARIF 2.1.0 log with one run. The driver describes each
// rule that has a result (id, title, the "What it finds" text as fullDescription,
// the "Why it matters" text and the whole rule doc as help, default level
// and whether it is on by default). Each result has its rule, level (error,
// warning, note), message (the headline, then each note on a line of its
// own), a region with start and end line and column, partialFingerprints
// (analyzer.Fingerprints), the finding's related locations (with their
// messages) and the suggested fixes as replacements. Paths
// that could not be read are toolExecutionNotifications of the invocation,
// which then did not execute successfully.
//
// The log is lean: only the properties nginx-lint has a value for, no empty
// arrays and no -1 placeholders.
//
// nginx-lint counts columns in bytes; SARIF has no byte column kind, so
// columns here are converted to Unicode code points (columnKind
// "unicodeCodePoints") from the source line, and every region also carries
// its exact byteOffset and byteLength. URIs are relative to the working
// directory (Options.BaseDir) when the file lies below it.
func SARIF(w io.Writer, r *Report, opt Options) error {
	opt = opt.withBase()
	driver := sarifDriver{Name: ToolName, Version: Version, InformationURI: InformationURI}
	if v := strings.TrimPrefix(Version, "v"); semverLike(v) {
		driver.SemanticVersion = v
	}
	index := map[string]int{}
	ruleSet := opt.Rules
	if ruleSet == nil {
		ruleSet = analyzer.Rules()
	}
	used := map[string]bool{}
	for _, f := range r.Findings.All() {
		used[f.Rule] = true
	}
	for _, rule := range ruleSet {
		if !used[rule.ID] {
			continue
		}
		index[rule.ID] = len(driver.Rules)
		doc := rule.Documentation()
		d := sarifRule{
			ID:               rule.ID,
			Name:             ruleName(rule.ID),
			ShortDescription: &sarifText{Text: rule.Title},
			FullDescription:  &sarifText{Text: docSection(doc, "What it finds", rule.Title)},
			HelpURI:          InformationURI + "/blob/main/rules/" + strings.ReplaceAll(rule.ID, "-", "_") + ".md",
			DefaultConfiguration: sarifConfiguration{
				Enabled: rule.Default, Level: sarifLevel(rule.Severity),
			},
		}
		if doc != "" {
			d.Help = &sarifText{Text: docSection(doc, "Why it matters", rule.Title), Markdown: doc}
		}
		driver.Rules = append(driver.Rules, d)
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, ColumnKind: "unicodeCodePoints", Results: []sarifResult{}}
	if len(r.Notifications) > 0 || len(r.Omitted) > 0 {
		inv := sarifInvocation{ExecutionSuccessful: len(r.Notifications) == 0}
		for _, n := range r.Notifications {
			sn := sarifNotification{Level: "error", Message: sarifText{Text: n.Message}}
			if n.Path != "" && n.Path != "-" {
				sn.Locations = []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: artifact(n.Path, opt)}}}
			}
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sn)
		}
		// Findings a cap left out (--max-findings): one note per file
		// and rule, so that a reader knows the results are not all.
		files, omitted := omittedBy(r)
		for _, file := range files {
			for _, rule := range slices.Sorted(maps.Keys(omitted[file])) {
				inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
					Level:     "note",
					Message:   sarifText{Text: fmt.Sprintf("%s of rule %s in this file not reported (--max-findings)", plural(omitted[file][rule], "more finding"), rule)},
					Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: artifact(file, opt)}}},
				})
			}
		}
		run.Invocations = []sarifInvocation{inv}
	}
	fps := analyzer.NewFingerprinter(r.Sources)
	cols := &runeColumns{r: r, index: map[lineKey][]checkpoint{}}
	result := func(i int) sarifResult {
		one := r.Findings.At(i)
		f := &one
		text := f.Message
		for _, n := range f.Notes {
			text += "\n" + n
		}
		res := sarifResult{
			RuleID:  f.Rule,
			Level:   sarifLevel(f.Severity),
			Message: sarifText{Text: text},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: artifact(f.Range.Start.File, opt),
				Region:           cols.region(f.Range),
			}}},
			PartialFingerprints: map[string]string{FingerprintKey: fps.Next(f)},
		}
		if n, ok := index[f.Rule]; ok {
			res.RuleIndex = &n
		}
		for k, rl := range f.RelatedLocations() {
			id := k + 1
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				ID:               &id,
				PhysicalLocation: sarifPhysical{ArtifactLocation: artifact(rl.Range.Start.File, opt), Region: cols.region(rl.Range)},
				Message:          &sarifText{Text: rl.Message},
			})
		}
		for _, fx := range f.Fixes {
			sf := sarifFix{Description: &sarifText{Text: fx.Message}}
			changes := map[string]int{}
			for _, e := range fx.Edits {
				file := e.Range.Start.File
				k, ok := changes[file]
				if !ok {
					k = len(sf.ArtifactChanges)
					changes[file] = k
					sf.ArtifactChanges = append(sf.ArtifactChanges, sarifChange{ArtifactLocation: artifact(file, opt)})
				}
				sf.ArtifactChanges[k].Replacements = append(sf.ArtifactChanges[k].Replacements, sarifReplacement{
					DeletedRegion:   cols.region(e.Range),
					InsertedContent: &sarifContent{Text: e.NewText},
				})
			}
			res.Fixes = append(res.Fixes, sf)
		}
		return res
	}
	log := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
	return writeSARIF(w, log, r.Findings.Len(), result)
}

// writeSARIF writes log, whose run has no results yet, with n results
// (result(i) builds the i-th, asked for in order) encoded one at a time
// into its results list:
// the bytes are those of encoding the whole log at once, but millions of
// findings are not held a second time as results.
func writeSARIF(w io.Writer, log sarifLog, n int, result func(i int) sarifResult) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		return err
	}
	doc := buf.Bytes()
	const empty = `"results": []`
	at := bytes.Index(doc, []byte(empty)) // a key: inside strings quotes are escaped
	if n == 0 || at < 0 {
		_, err := w.Write(doc)
		return err
	}
	lineStart := bytes.LastIndexByte(doc[:at], '\n') + 1
	indent := string(doc[lineStart:at])
	bw := bufio.NewWriter(w)
	_, _ = bw.Write(doc[:at+len(empty)-1]) // up to and with the '['
	_ = bw.WriteByte('\n')
	if err := writeElements(bw, indent, n, result); err != nil {
		return err
	}
	_, _ = bw.WriteString(indent)
	_, _ = bw.Write(doc[at+len(empty)-1:]) // the ']' and the rest
	return bw.Flush()
}

// The SARIF 2.1.0 objects nginx-lint writes, with only the properties it
// fills.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool        sarifTool         `json:"tool"`
		Invocations []sarifInvocation `json:"invocations,omitempty"`
		ColumnKind  string            `json:"columnKind"`
		// Results is always present: an empty list says the run found nothing.
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name            string      `json:"name"`
		Version         string      `json:"version,omitempty"`
		SemanticVersion string      `json:"semanticVersion,omitempty"`
		InformationURI  string      `json:"informationUri"`
		Rules           []sarifRule `json:"rules,omitempty"`
	}
	sarifRule struct {
		ID                   string             `json:"id"`
		Name                 string             `json:"name"`
		ShortDescription     *sarifText         `json:"shortDescription,omitempty"`
		FullDescription      *sarifText         `json:"fullDescription,omitempty"`
		Help                 *sarifText         `json:"help,omitempty"`
		HelpURI              string             `json:"helpUri,omitempty"`
		DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	}
	sarifConfiguration struct {
		Enabled bool   `json:"enabled"`
		Level   string `json:"level"`
	}
	sarifText struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Level     string          `json:"level"`
		Message   sarifText       `json:"message"`
		Locations []sarifLocation `json:"locations,omitempty"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           *int              `json:"ruleIndex,omitempty"`
		Level               string            `json:"level"`
		Message             sarifText         `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
		PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
		Fixes               []sarifFix        `json:"fixes,omitempty"`
	}
	sarifLocation struct {
		ID               *int          `json:"id,omitempty"`
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
		Message          *sarifText    `json:"message,omitempty"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
		ByteOffset  int `json:"byteOffset"`
		ByteLength  int `json:"byteLength"`
	}
	sarifFix struct {
		Description     *sarifText    `json:"description,omitempty"`
		ArtifactChanges []sarifChange `json:"artifactChanges"`
	}
	sarifChange struct {
		ArtifactLocation sarifArtifact      `json:"artifactLocation"`
		Replacements     []sarifReplacement `json:"replacements"`
	}
	sarifReplacement struct {
		DeletedRegion   *sarifRegion  `json:"deletedRegion"`
		InsertedContent *sarifContent `json:"insertedContent,omitempty"`
	}
	sarifContent struct {
		Text string `json:"text"`
	}
)

func sarifLevel(s analyzer.Severity) string {
	switch s {
	case analyzer.Error:
		return "error"
	case analyzer.Warning:
		return "warning"
	}
	return "note"
}

// ruleName turns a rule id into the PascalCase name SARIF viewers show.
func ruleName(id string) string {
	var sb strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part != "" {
			sb.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return sb.String()
}

// docSection returns the plain text of a "## title" section of a rule doc
// up to its first table or code block, or def when there is none.
func docSection(doc, title, def string) string {
	_, body, ok := strings.Cut(doc, "\n## "+title+"\n")
	if !ok {
		return def
	}
	if i := strings.Index(body, "\n## "); i >= 0 {
		body = body[:i]
	}
	var lines []string
	for _, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(l, "|") || strings.HasPrefix(l, "```") {
			break
		}
		lines = append(lines, strings.TrimSpace(l))
	}
	text := strings.TrimSpace(strings.Join(lines, " "))
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return def
	}
	text = strings.TrimSuffix(text, ":")
	if !strings.HasSuffix(text, ".") {
		text += "."
	}
	return text
}

func semverLike(v string) bool {
	parts := strings.SplitN(strings.SplitN(v, "-", 2)[0], ".", 3)
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}

// artifact is a file's location: a relative URI reference when the file
// lies below the base directory, else a file:// URI.
func artifact(name string, opt Options) sarifArtifact {
	p := relPath(name, opt)
	var uri string
	if strings.HasPrefix(p, "/") {
		uri = (&url.URL{Scheme: "file", Path: p}).String()
	} else {
		uri = (&url.URL{Path: p}).String()
	}
	return sarifArtifact{URI: uri}
}

// runeColumns converts byte columns to code point columns. Long lines get
// checkpoints (a code point count about every checkpointStep bytes), so
// that many findings on one very long line (a minified file) cost little
// each.
type runeColumns struct {
	r     *Report
	index map[lineKey][]checkpoint
}

type lineKey struct {
	file string
	line int
}

// checkpoint: runes code points start before byte off, where one starts.
type checkpoint struct{ off, runes int }

const checkpointStep = 1024

// region converts a byte range to a SARIF region: lines, code point
// columns, byte offset and length.
func (c *runeColumns) region(rg analyzer.Range) *sarifRegion {
	s, e := rg.Start, rg.End
	if e.Offset < s.Offset || e.Line == 0 {
		e = s
	}
	return &sarifRegion{
		StartLine: s.Line, StartColumn: c.column(s),
		EndLine: e.Line, EndColumn: c.column(e),
		ByteOffset: s.Offset, ByteLength: e.Offset - s.Offset,
	}
}

// column converts a 1-based byte column to a 1-based code point column
// using the source line; without the source it is unchanged.
func (c *runeColumns) column(p analyzer.Position) int {
	f := c.r.Sources[p.File]
	if f == nil || p.Column < 1 {
		return max(p.Column, 1)
	}
	line := f.Line(p.Line)
	n := p.Column - 1
	extra := 0
	if n > len(line) {
		// Past the line's end (the line terminator): count what is there.
		n, extra = len(line), n-len(line)
	}
	from := checkpoint{}
	if len(line) > checkpointStep {
		k := lineKey{p.File, p.Line}
		cps, ok := c.index[k]
		if !ok {
			cps = checkpoints(line)
			c.index[k] = cps
		}
		i := n / checkpointStep
		if i >= len(cps) || cps[i].off > n {
			i--
		}
		from = cps[i]
	}
	return from.runes + utf8.RuneCount(line[from.off:n]) + 1 + extra
}

// checkpoints decodes line once, noting the first code point start at or
// after every multiple of checkpointStep (invalid bytes count one each, as
// utf8.RuneCount counts them).
func checkpoints(line []byte) []checkpoint {
	cps := []checkpoint{{0, 0}}
	runes := 0
	for i := 0; i < len(line); runes++ {
		if i >= len(cps)*checkpointStep {
			cps = append(cps, checkpoint{i, runes})
		}
		_, w := utf8.DecodeRune(line[i:])
		i += w
	}
	return cps
}
