package reporter

import (
	"encoding/json"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

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

// SARIF writes a SARIF 2.1.0 log with one run. The driver lists every
// registered rule (id, title, the "What it finds" text, the whole rule doc
// as help, default level and whether it is on by default). Each result has
// its rule, level (error, warning, note), message, a region with start and
// end line and column, partialFingerprints (analyzer.Fingerprints) and the
// suggested fixes as replacements.
//
// nginx-lint counts columns in bytes; SARIF has no byte column kind, so
// columns here are converted to Unicode code points (columnKind
// "unicodeCodePoints") from the source line, and every region also carries
// its exact byteOffset and byteLength. URIs are relative to the working
// directory (Options.BaseDir) when the file lies below it.
func SARIF(w io.Writer, r *Report, opt Options) error {
	run := sarif.NewRunWithInformationURI(ToolName, InformationURI)
	run.Tool.Driver.WithVersion(Version).WithSemanticVersion(strings.TrimPrefix(Version, "v"))
	if !semverLike(strings.TrimPrefix(Version, "v")) {
		run.Tool.Driver.SemanticVersion = nil
	}
	kind := "unicodeCodePoints"
	run.ColumnKind = &kind
	index := map[string]int{}
	ruleSet := opt.Rules
	if ruleSet == nil {
		ruleSet = analyzer.Rules()
	}
	for _, rule := range ruleSet {
		index[rule.ID] = len(run.Tool.Driver.Rules)
		d := run.AddRule(rule.ID).
			WithName(ruleName(rule.ID)).
			WithShortDescription(sarif.NewMultiformatMessageString().WithText(rule.Title)).
			WithFullDescription(sarif.NewMultiformatMessageString().WithText(docSection(rule.Doc, "What it finds", rule.Title))).
			WithHelpURI(InformationURI + "/blob/main/rules/" + strings.ReplaceAll(rule.ID, "-", "_") + ".md")
		if rule.Doc != "" {
			d.WithHelp(sarif.NewMultiformatMessageString().WithText(rule.Doc).WithMarkdown(rule.Doc))
		}
		d.WithDefaultConfiguration(&sarif.ReportingConfiguration{
			Enabled: rule.Default, Level: sarifLevel(rule.Severity), Rank: -1,
		})
	}
	fps := analyzer.Fingerprints(r.Findings, r.Sources)
	cols := &runeColumns{r: r, index: map[lineKey][]checkpoint{}}
	for i := range r.Findings {
		f := &r.Findings[i]
		res := sarif.NewRuleResult(f.Rule).
			WithLevel(sarifLevel(f.Severity)).
			WithMessage(sarif.NewTextMessage(f.Message)).
			WithPartialFingerprints(map[string]string{FingerprintKey: fps[i]})
		if n, ok := index[f.Rule]; ok {
			res.WithRuleIndex(n)
		}
		res.AddLocation(sarif.NewLocationWithPhysicalLocation(
			sarif.NewPhysicalLocation().
				WithArtifactLocation(artifact(f.Range.Start.File, opt)).
				WithRegion(cols.region(f.Range))))
		for _, fx := range f.Fixes {
			sf := sarif.NewFix().WithDescription(sarif.NewTextMessage(fx.Message))
			changes := map[string]*sarif.ArtifactChange{}
			for _, e := range fx.Edits {
				file := e.Range.Start.File
				ch := changes[file]
				if ch == nil {
					ch = sarif.NewArtifactChange().WithArtifactLocation(artifact(file, opt))
					changes[file] = ch
					sf.AddArtifactChange(ch)
				}
				ch.AddReplacement(sarif.NewReplacement().
					WithDeletedRegion(cols.region(e.Range)).
					WithInsertedContent(sarif.NewArtifactContent().WithText(e.NewText)))
			}
			res.Fixes = append(res.Fixes, sf)
		}
		run.AddResult(res)
	}
	log := sarif.NewReport()
	log.Schema = "https://json.schemastore.org/sarif-2.1.0.json"
	log.AddRun(run)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

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
	return strings.TrimSuffix(text, ":") + "."
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
func artifact(name string, opt Options) *sarif.ArtifactLocation {
	p := relPath(name, opt)
	var uri string
	if strings.HasPrefix(p, "/") {
		uri = (&url.URL{Scheme: "file", Path: p}).String()
	} else {
		uri = (&url.URL{Path: p}).String()
	}
	return sarif.NewArtifactLocation().WithURI(uri)
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
func (c *runeColumns) region(rg analyzer.Range) *sarif.Region {
	s, e := rg.Start, rg.End
	if e.Offset < s.Offset || e.Line == 0 {
		e = s
	}
	reg := sarif.NewRegion().
		WithStartLine(s.Line).WithStartColumn(c.column(s)).
		WithEndLine(e.Line).WithEndColumn(c.column(e)).
		WithByteOffset(s.Offset).WithByteLength(e.Offset - s.Offset)
	return reg
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
