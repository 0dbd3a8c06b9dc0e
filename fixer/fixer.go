// Package fixer applies the suggested fixes of findings to configuration
// files: it picks the fixes the user asked for (safe, or safe and unsafe),
// applies their byte edits, refuses edits it cannot apply with confidence,
// and re-checks the result until no further fix applies.
//
// Fix computes new file contents and writes nothing; Write (write.go) puts
// them on disk atomically and Diff (diff.go) shows them as a unified diff.
package fixer

import (
	"fmt"
	"sort"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// DefaultMaxPasses bounds the check-fix-recheck loop. A fix that enables
// another fix (or one held back because it overlapped) is applied in a
// later pass; real configurations settle in one or two.
const DefaultMaxPasses = 5

// Options select which fixes are applied.
type Options struct {
	// Unsafe applies fixes marked unsafe as well as safe ones.
	Unsafe bool
	// MaxPasses bounds the passes (DefaultMaxPasses when 0).
	MaxPasses int
	// Hold, when set, is given each pass's analysis and findings (in
	// report order) and says which findings to leave alone: a baseline's,
	// which the report hides, so fixing them would change lines nobody
	// was shown. Held findings are neither fixed nor refused.
	Hold func(a *analyzer.Analysis, findings []analyzer.Finding) []bool
}

// Input is one linted file: its display name, its path on disk (for
// standard input, "" or the path given with --stdin-filename, which
// anchors relative includes) and its text.
type Input struct {
	Name  string
	Path  string
	Src   []byte
	Stdin bool // the text came from standard input: included files are not fixed
}

// File is a file whose text the fixes change.
type File struct {
	Name  string // display name, as in findings
	Path  string // path on disk ("" for standard input)
	Stdin bool   // the text came from standard input
	Old   []byte // the text as read
	New   []byte // the text with the fixes applied
	// Fixes counts the fixes applied to this file.
	Fixes int
}

// Refusal is a fix that was not applied, and why.
type Refusal struct {
	Finding analyzer.Finding
	Reason  string
}

func (r Refusal) String() string {
	return fmt.Sprintf("%s: fix for %s not applied: %s", r.Finding.Range.Start, r.Finding.Rule, r.Reason)
}

// Result is the outcome of Fix.
type Result struct {
	// Files lists the files that change, the linted file first, then
	// included files in the order they were loaded.
	Files []*File
	// Fixed are the findings whose fix was applied, as first reported.
	Fixed []analyzer.Finding
	// Refused are the wanted fixes the last pass did not apply, each with
	// its reason. A fix held back because it overlapped another is retried
	// on the fixed text in the next pass, so it is listed only when the
	// conflict lasts to the last pass.
	Refused []Refusal
	// Before and Original are the analysis and findings of the text as read.
	Before   *analyzer.Analysis
	Original []analyzer.Finding
	// Remaining are the findings of the fixed text.
	Remaining []analyzer.Finding
	// Analysis is the analysis of the fixed text.
	Analysis *analyzer.Analysis
	// Passes is the number of check passes run; Settled is false when the
	// last allowed pass still applied fixes (a later run may fix more).
	Passes  int
	Settled bool
}

// Wanted reports whether fix f is applied under opt.
func (opt Options) Wanted(f *analyzer.SuggestedFix) bool {
	return len(f.Edits) > 0 && (f.Safe || opt.Unsafe)
}

// Choose returns the fix of finding f that opt applies, or nil.
func (opt Options) Choose(f *analyzer.Finding) *analyzer.SuggestedFix {
	for i := range f.Fixes {
		if opt.Wanted(&f.Fixes[i]) {
			return &f.Fixes[i]
		}
	}
	return nil
}

// state is the current text of every file the fixes touched.
type state struct {
	in    Input
	root  []byte
	files map[string]*File // by key
	order []string
	// overlay feeds rewritten included files back to the loader.
	overlay map[string][]byte
}

// rootKey is the key of the linted file itself, whose text is passed to
// the loader directly rather than through the overlay.
const rootKey = ""

// key identifies a file across the names it is reached by: included files
// by their real path.
func key(u *analyzer.Unit, root *analyzer.Unit) string {
	if u == root {
		return rootKey
	}
	return analyzer.RealPath(u.File.Path)
}

// Fix applies the wanted fixes of in's findings (in and everything it
// includes) until a pass applies nothing new or opt.MaxPasses is reached.
func Fix(in Input, load analyzer.LoadOptions, cfg *analyzer.Config, opt Options) *Result {
	maxPasses := opt.MaxPasses
	if maxPasses <= 0 {
		maxPasses = DefaultMaxPasses
	}
	st := &state{in: in, root: in.Src, files: map[string]*File{}, overlay: map[string][]byte{}}
	res := &Result{}
	for pass := 1; ; pass++ {
		lo := load
		if len(st.overlay) > 0 {
			lo.Overlay = st.overlay
		}
		a := analyzer.Parse(in.Name, in.Path, st.root, lo)
		a.Config = cfg
		findings := a.Check()
		res.Passes = pass
		if pass == 1 {
			res.Before, res.Original = a, findings
		}
		if pass > maxPasses {
			res.finish(st, a, findings)
			return res
		}
		applied, refused := st.pass(a, findings, opt)
		res.Fixed = append(res.Fixed, applied...)
		res.Refused = refused
		if len(applied) == 0 {
			res.Settled = true
			res.finish(st, a, findings)
			return res
		}
	}
}

func (res *Result) finish(st *state, a *analyzer.Analysis, findings []analyzer.Finding) {
	res.Analysis = a
	res.Remaining = findings
	// The linted file first, then included files in load order.
	rank := map[string]int{}
	for i, u := range a.Units {
		if _, ok := rank[key(u, a.Root)]; !ok {
			rank[key(u, a.Root)] = i
		}
	}
	for _, k := range st.order {
		if f := st.files[k]; string(f.Old) != string(f.New) {
			res.Files = append(res.Files, f)
		}
	}
	sort.SliceStable(res.Files, func(i, j int) bool {
		return rank[st.keyOf(res.Files[i])] < rank[st.keyOf(res.Files[j])]
	})
}

// candidate is a fix picked for a finding in one pass.
type candidate struct {
	finding *analyzer.Finding
	fix     *analyzer.SuggestedFix
	unit    *analyzer.Unit
	key     string
}

// pass picks, checks and applies the fixes of one round of findings.
func (st *state) pass(a *analyzer.Analysis, findings []analyzer.Finding, opt Options) (applied []analyzer.Finding, refused []Refusal) {
	units := map[string]*analyzer.Unit{}
	for _, u := range a.Units {
		if _, ok := units[u.File.Name]; !ok {
			units[u.File.Name] = u
		}
	}
	refuse := func(f *analyzer.Finding, format string, args ...any) {
		refused = append(refused, Refusal{Finding: *f, Reason: fmt.Sprintf(format, args...)})
	}
	// Accepted edits per file, for the overlap check.
	taken := map[string][]analyzer.TextEdit{}
	takenBy := map[string][]*analyzer.Finding{}
	byFile := map[string][]candidate{}
	var fileOrder []string
	var held []bool
	if opt.Hold != nil {
		held = opt.Hold(a, findings)
	}
next:
	for i := range findings {
		f := &findings[i]
		fx := opt.Choose(f)
		if fx == nil || (i < len(held) && held[i]) {
			continue
		}
		var u *analyzer.Unit
		for _, e := range fx.Edits {
			eu := units[e.Range.Start.File]
			if eu == nil {
				refuse(f, "its edit names %s, which is not part of this configuration", e.Range.Start.File)
				continue next
			}
			if u != nil && eu != u {
				refuse(f, "its edits span several files")
				continue next
			}
			u = eu
		}
		for j, e := range fx.Edits {
			for _, g := range fx.Edits[:j] {
				if analyzer.Overlaps(e, g) {
					refuse(f, "its own edits overlap")
					continue next
				}
			}
		}
		for _, e := range fx.Edits {
			if r, ok := u.File.MarkupIn(e.Range.Start.Offset, e.Range.End.Offset, e.NewText); ok {
				refuse(f, "its edit would change the template markup %s at line %d (a fix never edits inside markup); edit the template by hand", u.File.TemplateMarkupText(r), r.Start.Line)
				continue next
			}
		}
		if u != a.Root && st.in.Stdin {
			refuse(f, "%s is included by standard input; only the text read from standard input is fixed", u.File.Name)
			continue
		}
		if len(u.Errors) > 0 {
			first := u.Errors[0]
			for _, e := range u.Errors {
				if e.Range.Start.Offset < first.Range.Start.Offset {
					first = e
				}
			}
			for _, e := range fx.Edits {
				if e.Range.End.Offset > first.Range.Start.Offset {
					refuse(f, "%s has a syntax error at line %d before the end of the edit (%s)", u.File.Name, first.Range.Start.Line, first.Message)
					continue next
				}
			}
		}
		k := key(u, a.Root)
		for _, e := range fx.Edits {
			for j, t := range taken[k] {
				if analyzer.Overlaps(e, t) {
					g := takenBy[k][j]
					refuse(f, "its edit overlaps the fix for %s at %s (it is retried on the fixed text)", g.Rule, g.Range.Start)
					continue next
				}
			}
		}
		for _, e := range fx.Edits {
			taken[k] = append(taken[k], e)
			takenBy[k] = append(takenBy[k], f)
		}
		if _, ok := byFile[k]; !ok {
			fileOrder = append(fileOrder, k)
		}
		byFile[k] = append(byFile[k], candidate{finding: f, fix: fx, unit: u, key: k})
	}
	for _, k := range fileOrder {
		cs := byFile[k]
		u := cs[0].unit
		src := u.File.Src
		out, ok := applyChecked(u, src, cs, a.Options.MaxDepth)
		if !ok {
			// Some fix breaks the syntax: add the fixes one at a time and
			// keep those that do not.
			var keep []candidate
			for _, c := range cs {
				try := append(append([]candidate(nil), keep...), c)
				if b, ok := applyChecked(u, src, try, a.Options.MaxDepth); ok {
					keep, out = try, b
				} else {
					refuse(c.finding, "the fixed text would not parse: %s", newErrors(u, b, a.Options.MaxDepth))
				}
			}
			cs = keep
			if len(keep) == 0 {
				continue
			}
		}
		st.set(k, u, out, len(cs))
		for _, c := range cs {
			applied = append(applied, *c.finding)
		}
	}
	sort.SliceStable(refused, func(i, j int) bool { return refused[i].Finding.Less(&refused[j].Finding) })
	return applied, refused
}

// keyOf returns the key of a file in st.files.
func (st *state) keyOf(f *File) string {
	for k, g := range st.files {
		if g == f {
			return k
		}
	}
	return rootKey
}

// set records the new text of a file.
func (st *state) set(k string, u *analyzer.Unit, text []byte, fixes int) {
	f := st.files[k]
	if f == nil {
		f = &File{Name: u.File.Name, Path: u.File.Path, Old: u.File.Src, Stdin: k == rootKey && st.in.Stdin}
		st.files[k] = f
		st.order = append(st.order, k)
	}
	f.New = text
	f.Fixes += fixes
	if k == rootKey {
		st.root = text
	} else {
		st.overlay[k] = text
	}
}

// applyChecked applies the candidates' edits to src and reports whether the
// result has no syntax error that src did not have (blocks nest at most
// maxDepth deep, as in the analysis).
func applyChecked(u *analyzer.Unit, src []byte, cs []candidate, maxDepth int) ([]byte, bool) {
	var edits []analyzer.TextEdit
	for _, c := range cs {
		edits = append(edits, c.fix.Edits...)
	}
	out, errs := analyzer.ApplyEdits(src, dedupe(edits))
	if len(errs) > 0 {
		return out, false
	}
	return out, newErrors(u, out, maxDepth) == ""
}

// newErrors re-scans text as u's file and describes the first syntax error
// it has that u's original text does not ("" when there is none).
func newErrors(u *analyzer.Unit, text []byte, maxDepth int) string {
	old := map[string]int{}
	for _, e := range u.Errors {
		old[e.Message]++
	}
	nf := analyzer.NewFile(u.File.Name, u.File.Path, text)
	nf.SetTemplate(u.File.Template(), nil)
	nu := analyzer.Scan(nf, u.Ctx, maxDepth)
	for _, e := range nu.Errors {
		if old[e.Message] > 0 {
			old[e.Message]--
			continue
		}
		return fmt.Sprintf("line %d: %s", e.Range.Start.Line, e.Message)
	}
	return ""
}

// dedupe drops repeated identical edits (two findings may suggest the same
// edit, e.g. for a file included twice).
func dedupe(es []analyzer.TextEdit) []analyzer.TextEdit {
	var out []analyzer.TextEdit
	seen := map[analyzer.TextEdit]bool{}
	for _, e := range es {
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}
