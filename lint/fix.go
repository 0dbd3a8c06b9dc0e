package lint

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/fixer"
	"github.com/nginx-lint/nginx-lint/reporter"
	"github.com/nginx-lint/nginx-lint/sources"
)

// FixOptions say how Check.Fix fixes.
type FixOptions struct {
	// Unsafe applies unsafe fixes too.
	Unsafe bool
	// Diff writes nothing: the fixes go to Env.Stdout as a unified diff.
	Diff bool
	// Outside writes files outside the checked tree too (by default their
	// fixes are shown on Env.Stderr and not written).
	Outside bool
}

// FixStats count what a fix run fixed.
type FixStats struct {
	Fixed, Files int
	// Unsafe counts the unsafe fixes not applied.
	Unsafe int
	dry    bool
}

// Summary tells what was fixed, as the CLI prints it.
func (s *FixStats) Summary() string {
	verb := "fixed"
	if s.dry {
		verb = "the diff fixes"
	}
	msg := fmt.Sprintf("nginx-lint: %s %s in %s", verb, plural(s.Fixed, "finding"), plural(s.Files, "file"))
	if s.Fixed == 0 {
		msg = "nginx-lint: " + verb + " nothing"
	}
	if s.Unsafe > 0 {
		msg += fmt.Sprintf("; %s not applied (add --unsafe-fixes)", plural(s.Unsafe, "unsafe fix", "unsafe fixes"))
	}
	return msg
}

// Fix applies the fixes of the findings in the paths: with Diff it writes
// the diff on Env.Stdout and reports the findings of the files as they
// are; otherwise it rewrites files atomically (standard input's fixed text
// goes to Env.Stdout) and reports the findings that remain. Outcome.Fix
// counts what was fixed; once fixing began, an error comes with the
// outcome so far.
func (c *Check) Fix(opt FixOptions) (*Outcome, error) {
	// Every fix is applied: the cap on findings per file applies to the
	// report (finish), not to the analyses.
	in := c.run.in
	in.load.MaxFindings = 0
	roots, unread := prepareInputs(c.env.Stdin, c.args, in, c.run.cfg, c.env.Stderr, nil, nil)
	for _, t := range roots {
		t.load.MaxFindings = 0
		if t.analysis != nil {
			t.analysis.Options.MaxFindings = 0
		}
	}
	rep := &reporter.Report{Sources: map[string]*analyzer.File{}, Notifications: unread}
	fx := &fixRun{env: c.env, fl: opt, roots: roots, opt: in, cfg: c.run.cfg, tree: c.run.tree}
	if c.run.s.Baseline != "" && c.run.s.WriteBaseline == "" {
		// What the baseline hides from the report is not fixed either.
		known, err := ReadBaseline(c.run.s.Baseline)
		if err != nil {
			return nil, err
		}
		fx.hold = known.Hold()
	}
	out := &Outcome{Report: rep, Fix: &fx.stats}
	all, toStderr, err := fx.run(rep)
	if err != nil {
		return out, err
	}
	all.Normalize()
	rep.Findings = all
	out.Failed = len(unread) > 0 || fx.failed
	out.ToStderr = toStderr
	if _, err := c.finish(out, nil); err != nil {
		return out, err
	}
	return out, nil
}

// fixRun fixes the inputs of one check run.
type fixRun struct {
	env   Env
	fl    FixOptions
	roots []*target // from prepareInputs
	opt   inputOptions
	cfg   *analyzer.Config
	// tree is where --fix may write (see checkedTree), unless --fix-outside.
	tree *analyzer.Tree

	failed bool // a file could not be read or written
	dry    bool
	stats  FixStats
	fixOpt fixer.Options
	// hold leaves the findings a baseline holds unfixed (fixer.Options.Hold).
	hold func(a *analyzer.Analysis, findings []analyzer.Finding) []bool
	seen map[string]bool // real paths already fixed
	res  *lintResult     // sources and files for the report
}

// run fixes every root and fills rep's sources and files; it returns the
// findings to report and where the report goes.
//
// With --diff it prints the diff on stdout and returns the findings of the
// files as they are (nothing is written); the report goes to stderr. With
// --fix it rewrites files (or prints the fixed text of standard input on
// stdout) and returns the findings that remain in the fixed text; the
// report goes to stdout, or to stderr when stdout carries fixed text. The
// exit code then follows the findings reported, as for check; a file that
// cannot be written makes it 2 (r.failed). Kubernetes manifests are fixed
// in their literal block scalars (see fixManifest); nginx -T dumps are not
// fixed.
func (r *fixRun) run(rep *reporter.Report) (*analyzer.FindingList, bool, error) {
	stderr := r.env.Stderr
	r.fixOpt = fixer.Options{Unsafe: r.fl.Unsafe, Hold: r.hold}
	r.dry = r.fl.Diff
	r.stats.dry = r.dry
	r.seen = map[string]bool{}
	r.res = &lintResult{sources: rep.Sources}
	toStderr := r.dry
	for _, t := range r.roots {
		if t.stdin {
			toStderr = true
		}
	}
	findings := analyzer.NewFindingList(0)
	done := map[*sources.Source]bool{}
	for _, t := range r.roots {
		var fs *analyzer.FindingList
		var err error
		switch {
		case t.source == nil:
			fs, err = r.fixFile(t)
		case done[t.source]:
			continue
		case t.source.Kind == sources.KindYAML:
			done[t.source] = true
			fs, err = r.fixManifest(t.source)
		default:
			done[t.source] = true
			fmt.Fprintf(stderr, "nginx-lint: %s: an nginx -T dump is not fixed; fix the files it shows\n", reporter.Visible(t.source.Name))
			fs = analyzer.NewFindingList(0)
			for _, d := range r.roots {
				if d.source == t.source {
					fs.AppendList(d.report(r.res, d.analysis, d.analysis.CheckList(), r.opt))
				}
			}
		}
		if err != nil {
			return nil, false, err
		}
		findings.AppendList(fs)
	}
	rep.Files = r.res.files
	r.res.dropNeededIgnores(findings)
	return findings, toStderr, nil
}

// fixFile fixes a plain nginx file (and the files it includes).
func (r *fixRun) fixFile(t *target) (*analyzer.FindingList, error) {
	stdout, stderr := r.env.Stdout, r.env.Stderr
	src := t.src
	if !t.stdin && !r.dry && r.seen[analyzer.RealPath(t.path)] {
		// An earlier input included this file and rewrote it.
		b, err := analyzer.ReadFile(t.path, t.load.MaxFileSize)
		if err != nil {
			fmt.Fprintf(stderr, "nginx-lint: %s: %s\n", reporter.Visible(t.name), reporter.Visible(err.Error()))
			r.failed = true
			return nil, nil
		}
		src = b
	}
	res := fixer.Fix(fixer.Input{Name: t.name, Path: t.path, Src: src, Stdin: t.stdin}, t.load, t.config(r.cfg), r.fixOpt)
	a, fs := res.Analysis, res.Remaining
	writeFailed := false
	for _, f := range res.Files {
		if !f.Stdin {
			k := analyzer.RealPath(f.Path)
			if r.seen[k] {
				continue
			}
			r.seen[k] = true
		}
		if err := r.emit(f); err != nil {
			if !errors.As(err, new(*fixer.WriteError)) {
				return nil, err
			}
			writeFailed = true
		}
	}
	if t.stdin && !r.dry {
		out := src
		if len(res.Files) > 0 && res.Files[0].Stdin {
			out = res.Files[0].New
		}
		if _, err := stdout.Write(out); err != nil {
			return nil, err
		}
	}
	r.notes(t.name, res, nil)
	switch {
	case r.dry:
		a, fs = res.Before, res.Original
	case writeFailed:
		// Report what is on disk now.
		if !t.stdin {
			if b, err := analyzer.ReadFile(t.path, t.load.MaxFileSize); err == nil {
				src = b
			}
		}
		a = analyzer.Parse(t.name, t.path, src, t.load)
		a.Config = t.config(r.cfg)
		fs = a.Check()
	}
	return t.report(r.res, a, analyzer.ListOf(fs...), r.opt), nil
}

// emit prints the diff of a fixed file, or writes it (not standard input,
// which the caller prints). A file that cannot be written is reported and
// returned as a *fixer.WriteError.
func (r *fixRun) emit(f *fixer.File) error {
	switch {
	case r.dry:
		if _, err := io.WriteString(r.env.Stdout, fixer.Diff(f)); err != nil {
			return err
		}
	case f.Stdin:
	default:
		tree := r.tree
		if r.fl.Outside {
			tree = nil
		}
		err := fixer.WriteIn(f, tree)
		if errors.Is(err, analyzer.ErrOutside) {
			// Shown, not written, and not a failure of the run.
			fmt.Fprintf(r.env.Stderr, "nginx-lint: %s; the fix is shown below (apply it, or rerun with --fix-outside)\n%s", reporter.Visible(err.Error()), fixer.Diff(f))
			return err
		}
		if err != nil {
			fmt.Fprintf(r.env.Stderr, "nginx-lint: %s\n", reporter.Visible(err.Error()))
			r.failed = true
			return err
		}
	}
	r.stats.Files++
	r.stats.Fixed += f.Fixes
	return nil
}

// notes prints refusals and unsettled fixes, and counts unsafe fixes left.
func (r *fixRun) notes(name string, res *fixer.Result, maps map[string]*sources.Mapper) {
	stderr := r.env.Stderr
	for _, ref := range res.Refused {
		ref.Finding = sources.MapFindings([]analyzer.Finding{ref.Finding}, maps)[0]
		fmt.Fprintf(stderr, "nginx-lint: %s\n", reporter.Visible(ref.String()))
	}
	if !res.Settled {
		fmt.Fprintf(stderr, "nginx-lint: %s: fixes did not settle after %d passes; run again to apply the rest\n", reporter.Visible(name), res.Passes-1)
	}
	if !r.fixOpt.Unsafe {
		for i := range res.Remaining {
			if f := &res.Remaining[i]; len(f.Fixes) > 0 && r.fixOpt.Choose(f) == nil {
				r.stats.Unsafe++
			}
		}
	}
}

// fixManifest fixes the nginx configurations of a Kubernetes manifest: each
// root key is fixed with the fixer, and the change of every key it touched
// becomes one edit of that key's literal block scalar in the YAML (inserted
// lines get the block's indentation); nothing else in the file changes. A
// key written as a folded or quoted scalar is not edited.
func (r *fixRun) fixManifest(s *sources.Source) (*analyzer.FindingList, error) {
	stdout, stderr := r.env.Stdout, r.env.Stderr
	var roots []*target
	for _, t := range r.roots {
		if t.source == s {
			roots = append(roots, t)
		}
	}
	var edits []analyzer.TextEdit
	before := analyzer.NewFindingList(0)
	fixes := 0
	for _, t := range roots {
		res := fixer.Fix(fixer.Input{Name: t.name, Path: t.path, Src: t.src}, t.load, t.config(r.cfg), r.fixOpt)
		for _, f := range res.Files {
			m := t.maps[f.Name]
			if m == nil {
				continue // not a key of this manifest
			}
			e, ok := m.MapText(f.Old, f.New)
			if !ok {
				fmt.Fprintf(stderr, "nginx-lint: %s:%d: fixes not applied: the value is not a literal block scalar (|), the only style edited in place\n",
					reporter.Visible(s.Name), m.Position(analyzer.Position{}).Line)
				continue
			}
			if !slices.Contains(edits, e) {
				edits = append(edits, e)
				fixes += f.Fixes
			}
		}
		r.notes(t.name, res, t.maps)
		before.AppendList(t.report(r.res, res.Before, analyzer.ListOf(res.Original...), r.opt))
	}
	newSrc := s.File.Src
	if len(edits) > 0 {
		out, errs := analyzer.ApplyEdits(s.File.Src, edits)
		if len(errs) > 0 {
			return nil, fmt.Errorf("%s: %w", s.Name, errs[0])
		}
		newSrc = out
		f := &fixer.File{Name: s.Name, Path: s.File.Path, Stdin: roots[0].stdin, Old: s.File.Src, New: out, Fixes: fixes}
		if err := r.emit(f); err != nil {
			if !errors.As(err, new(*fixer.WriteError)) {
				return nil, err
			}
			newSrc = s.File.Src
		}
	}
	if roots[0].stdin && !r.dry {
		if _, err := stdout.Write(newSrc); err != nil {
			return nil, err
		}
	}
	if r.dry || len(edits) == 0 {
		return before, nil
	}
	// Report what the fixed manifest holds now.
	fresh := &lintResult{sources: map[string]*analyzer.File{}}
	now, err := roots[0].reread(newSrc, r.opt, roots[0].config(r.cfg))
	if err != nil {
		return nil, fmt.Errorf("%s: the fixed manifest does not read back: %w", s.Name, err)
	}
	fs := analyzer.NewFindingList(0)
	for _, t := range now {
		fs.AppendList(t.report(fresh, t.analysis, t.analysis.CheckList(), r.opt))
	}
	for k, v := range fresh.sources {
		r.res.sources[k] = v
	}
	for k := range fresh.usedIgnores {
		if r.res.usedIgnores == nil {
			r.res.usedIgnores = map[ignoreAt]bool{}
		}
		r.res.usedIgnores[k] = true
	}
	return fs, nil
}

func plural(n int, one string, many ...string) string {
	if n == 1 {
		return "1 " + one
	}
	if len(many) > 0 {
		return fmt.Sprintf("%d %s", n, many[0])
	}
	return fmt.Sprintf("%d %ss", n, strings.TrimSuffix(one, "s"))
}
