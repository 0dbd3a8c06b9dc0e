// Package reporter turns findings into output: one file per format.
package reporter

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// Report is everything a format may print.
type Report struct {
	// Findings are sorted (analyzer.Normalize) and held packed: a report
	// of millions of findings reads them back one at a time.
	Findings *analyzer.FindingList
	// Sources maps a finding's file name to its text, for excerpts.
	Sources map[string]*analyzer.File
	// Files lists every file that was linted (for formats that report
	// clean files too), in order.
	Files []string
	// Notifications are problems of the run that are not findings: a path
	// that could not be read. sarif reports them as tool execution
	// notifications; the CLI prints them on stderr for the other formats.
	Notifications []Notification
	// Omitted counts the findings a cap on findings per file
	// (--max-findings) left out, by file, rule and severity, sorted so.
	// Text output counts them in its "… and N more" lines, JSON lists them
	// under "omitted", SARIF as notifications of the invocation.
	Omitted []analyzer.Omitted
	// AssumedVersion, when set, is the nginx version the version-dependent
	// findings were judged for because none was given: the text summary
	// says so once.
	AssumedVersion string
}

// Notification is a problem of the run itself, about a path.
type Notification struct {
	Path    string // as given or found ("-" for standard input)
	Message string // what went wrong, without the path
}

// Options tune output.
type Options struct {
	Color bool
	// BaseDir is the directory file paths are made relative to in formats
	// that want repository-relative paths (sarif, gitlab); "" means the
	// working directory.
	BaseDir string
	// PerRule caps the findings of one rule the text output shows in full
	// per file; the rest are counted in one line ("… and 40 more
	// unknown-directive in this file"). 0 shows every finding. Other
	// formats ignore it: machine-readable output is never cut.
	PerRule int
	// Rules are the rules sarif may describe in its driver (those with a
	// result); nil means every registered rule.
	Rules []*analyzer.Rule
	// Workers is how many goroutines may encode a large JSON report at
	// once (--jobs); 0 means one per CPU.
	Workers int
	// FixHint has the text output end with how many findings --fix (and
	// --fix --unsafe-fixes) would fix: for a report of a run that did not
	// fix.
	FixHint bool
}

// withBase returns opt with BaseDir set to the working directory when
// empty: a format that makes a path relative per finding asks for it once.
func (opt Options) withBase() Options {
	if opt.BaseDir == "" {
		opt.BaseDir, _ = os.Getwd()
	}
	return opt
}

// relPath returns name relative to opt.BaseDir with forward slashes when
// name lies below it; other names are returned slash-separated as they are.
func relPath(name string, opt Options) string {
	base := opt.BaseDir
	if base == "" {
		base, _ = os.Getwd()
	}
	if filepath.IsAbs(name) && base != "" {
		if r, err := filepath.Rel(base, name); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			name = r
		}
	}
	return filepath.ToSlash(filepath.Clean(name))
}

// byFile groups the findings by file (their indexes in r.Findings): first the linted files in the order
// of r.Files (clean ones too, with no findings), then any other file that
// has findings (an included file), in order of appearance.
func byFile(r *Report) (files []string, findings map[string][]int32) {
	findings = map[string][]int32{}
	seen := map[string]bool{}
	for _, f := range r.Files {
		if !seen[f] {
			seen[f] = true
			files = append(files, f)
		}
	}
	for i, f := range r.Findings.All() {
		name := f.Range.Start.File
		if !seen[name] {
			seen[name] = true
			files = append(files, name)
		}
		findings[name] = append(findings[name], int32(i))
	}
	return files, findings
}

// Formatter writes a report.
type Formatter func(w io.Writer, r *Report, opt Options) error

var formats = map[string]Formatter{}

// Register adds a format; formats register themselves in init.
func Register(name string, f Formatter) {
	if _, dup := formats[name]; dup {
		panic("reporter: format " + name + " registered twice")
	}
	formats[name] = f
}

// sourceFree are the formats that never read Report.Sources: they print
// positions and messages, no excerpt, rewrite or fingerprint.
var sourceFree = map[string]bool{"json": true, "compact": true, "github": true, "junit": true, "checkstyle": true}

// ReadsSources reports whether the named format reads Report.Sources (the
// text of the files with findings: excerpts, rewrites, fingerprints). A
// run whose every report is in a format that does not can leave Sources
// empty, and need not hold that text while it checks other files. An
// unknown name reads them.
func ReadsSources(name string) bool { return !sourceFree[name] }

// Get returns the named format.
func Get(name string) (Formatter, error) {
	f, ok := formats[name]
	if !ok {
		return nil, fmt.Errorf("unknown format %q%s (want one of %s)", name, analyzer.DidYouMean(name, Names()), strings.Join(Names(), ", "))
	}
	return f, nil
}

// Names lists the formats.
func Names() []string {
	var out []string
	for n := range formats {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Rewritten returns the source of the finding's directive with the first
// fix applied, or "" when the finding has no fix or no directive.
func Rewritten(r *Report, f *analyzer.Finding) string {
	if len(f.Fixes) == 0 {
		return ""
	}
	name := f.Range.Start.File
	start, end := int(f.Directive.Start), int(f.Directive.End)
	file := r.Sources[name]
	if file == nil || end <= start || end > len(file.Src) {
		return ""
	}
	var edits []analyzer.TextEdit
	for _, e := range f.Fixes[0].Edits {
		if e.Range.Start.File != name || e.Range.Start.Offset < start || e.Range.End.Offset > end {
			return ""
		}
		e.Range.Start.Offset -= start
		e.Range.End.Offset -= start
		edits = append(edits, e)
	}
	out, errs := analyzer.ApplyEdits(file.Src[start:end], edits)
	if len(errs) > 0 {
		return ""
	}
	return string(out)
}

// RewrittenLines shows a fix whose edits reach beyond the finding's
// directive: every touched line as it reads after the fix, prefixed with
// "line N: " in the finding's file and "file:N: " in another.
func RewrittenLines(r *Report, f *analyzer.Finding) []string {
	if len(f.Fixes) == 0 {
		return nil
	}
	type key struct {
		file string
		line int
	}
	byLine := map[key][]analyzer.TextEdit{}
	var order []key
	for _, e := range f.Fixes[0].Edits {
		k := key{e.Range.Start.File, e.Range.Start.Line}
		if _, ok := byLine[k]; !ok {
			order = append(order, k)
		}
		byLine[k] = append(byLine[k], e)
	}
	var out []string
	for _, k := range order {
		file := r.Sources[k.file]
		if file == nil {
			return nil
		}
		// Offset of the line start: walk back from the first edit.
		off := byLine[k][0].Range.Start.Offset - (byLine[k][0].Range.Start.Column - 1)
		end := off + len(file.Line(k.line))
		var edits []analyzer.TextEdit
		for _, e := range byLine[k] {
			if e.Range.End.Offset > end {
				end = e.Range.End.Offset
			}
			e.Range.Start.Offset -= off
			e.Range.End.Offset -= off
			edits = append(edits, e)
		}
		if end > len(file.Src) {
			return nil
		}
		b, errs := analyzer.ApplyEdits(file.Src[off:end], edits)
		if len(errs) > 0 {
			return nil
		}
		where := fmt.Sprintf("%s:%d", k.file, k.line)
		if k.file == f.Range.Start.File {
			where = fmt.Sprintf("line %d", k.line)
		}
		out = append(out, where+": "+strings.TrimSpace(oneLine(string(b))))
	}
	return out
}

// omittedBy sums r.Omitted per file and rule (over severities), and returns
// the files in order.
func omittedBy(r *Report) (files []string, counts map[string]map[string]int) {
	counts = map[string]map[string]int{}
	for _, o := range r.Omitted {
		m := counts[o.File]
		if m == nil {
			m = map[string]int{}
			counts[o.File] = m
			files = append(files, o.File)
		}
		m[o.Rule] += o.Count
	}
	return files, counts
}
