package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/fixer"
	"github.com/nginx-lint/nginx-lint/reporter"
)

// fixFlags are the options of `check` that apply fixes.
type fixFlags struct {
	fix    bool
	unsafe bool
	diff   bool
}

// addFixFlags adds --fix, --unsafe-fixes and --diff to check, with examples.
func addFixFlags(cmd *cobra.Command, fl *fixFlags) {
	f := cmd.Flags()
	cmd.Example += `
  nginx-lint check --fix nginx.conf                  # apply safe fixes in place
  nginx-lint check --diff --unsafe-fixes nginx.conf > fix.patch && patch -p1 < fix.patch
  nginx-lint check --fix --loopback ipv4 - < site.conf > site.fixed.conf`
	f.BoolVar(&fl.fix, "fix", false, "apply safe fixes: rewrite files in place (atomically), or print the fixed text when reading - (findings then go to stderr)")
	f.BoolVar(&fl.unsafe, "unsafe-fixes", false, "with --fix or --diff, apply unsafe fixes too (they may change behaviour for some deployments)")
	f.BoolVar(&fl.diff, "diff", false, "print the fixes as a unified diff (apply with patch -p1 or git apply) and write nothing; findings go to stderr")
}

// active reports whether check should fix rather than only report.
func (fl *fixFlags) active() (bool, error) {
	if fl.unsafe && !fl.fix && !fl.diff {
		return false, errors.New("--unsafe-fixes needs --fix or --diff")
	}
	return fl.fix || fl.diff, nil
}

// fixRun fixes the inputs of one check run.
type fixRun struct {
	cmd    *cobra.Command
	fl     *fixFlags
	inputs []input
	cfg    *analyzer.Config
	load   analyzer.LoadOptions

	failed                  bool // a file could not be read or written
	dry                     bool
	nFixed, nFiles, nUnsafe int
}

// run fixes every input and fills rep's sources and files; it returns the
// findings to report and where the report goes.
//
// With --diff it prints the diff on stdout and returns the findings of the
// files as they are (nothing is written); the report goes to stderr. With
// --fix it rewrites files (or prints the fixed text of standard input on
// stdout) and returns the findings that remain in the fixed text; the
// report goes to stdout, or to stderr when stdout carries fixed text. The
// exit code then follows the findings reported, as for check; a file that
// cannot be written makes it 2 (r.failed).
func (r *fixRun) run(rep *reporter.Report) ([]analyzer.Finding, io.Writer, error) {
	stdout, stderr := r.cmd.OutOrStdout(), r.cmd.ErrOrStderr()
	opt := fixer.Options{Unsafe: r.fl.unsafe}
	r.dry = r.fl.diff
	reportTo := stdout
	for _, in := range r.inputs {
		if in.stdin {
			reportTo = stderr
		}
	}
	if r.dry {
		reportTo = stderr
	}
	var findings []analyzer.Finding
	seen := map[string]bool{} // real paths already fixed by an earlier input
	for _, in := range r.inputs {
		if !in.stdin && !r.dry && seen[analyzer.RealPath(in.path)] {
			// An earlier input included this file and rewrote it.
			b, err := analyzer.ReadFile(in.path, r.load.MaxFileSize)
			if err != nil {
				fmt.Fprintf(stderr, "nginx-lint: %s: %v\n", in.name, err)
				r.failed = true
				continue
			}
			in.src = b
		}
		res := fixer.Fix(fixer.Input{Name: in.name, Path: in.path, Src: in.src, Stdin: in.stdin}, r.load, r.cfg, opt)
		a, fs := res.Analysis, res.Remaining
		writeFailed := false
		for _, f := range res.Files {
			if !f.Stdin {
				k := analyzer.RealPath(f.Path)
				if seen[k] {
					continue
				}
				seen[k] = true
			}
			switch {
			case r.dry:
				if _, err := io.WriteString(stdout, fixer.Diff(f)); err != nil {
					return nil, nil, err
				}
			case f.Stdin:
				// printed below
			default:
				if err := fixer.Write(f); err != nil {
					fmt.Fprintf(stderr, "nginx-lint: %v\n", err)
					r.failed, writeFailed = true, true
					continue
				}
			}
			r.nFiles++
			r.nFixed += f.Fixes
		}
		if in.stdin && !r.dry {
			out := in.src
			if len(res.Files) > 0 && res.Files[0].Stdin {
				out = res.Files[0].New
			}
			if _, err := stdout.Write(out); err != nil {
				return nil, nil, err
			}
		}
		for _, ref := range res.Refused {
			fmt.Fprintf(stderr, "nginx-lint: %s\n", ref)
		}
		if !res.Settled {
			fmt.Fprintf(stderr, "nginx-lint: %s: fixes did not settle after %d passes; run again to apply the rest\n", in.name, res.Passes-1)
		}
		switch {
		case r.dry:
			a, fs = res.Before, res.Original
		case writeFailed:
			// Report what is on disk now.
			a = analyzer.Parse(in.name, in.path, in.src, r.load)
			a.Config = r.cfg
			fs = a.Check()
		}
		for _, u := range a.Units {
			rep.Sources[u.File.Name] = u.File
		}
		rep.Files = append(rep.Files, in.name)
		findings = append(findings, fs...)
		if !opt.Unsafe {
			for i := range res.Remaining {
				if f := &res.Remaining[i]; len(f.Fixes) > 0 && opt.Choose(f) == nil {
					r.nUnsafe++
				}
			}
		}
	}
	return findings, reportTo, nil
}

// summarize tells, on stderr, what was fixed.
func (r *fixRun) summarize() {
	verb := "fixed"
	if r.dry {
		verb = "the diff fixes"
	}
	msg := fmt.Sprintf("nginx-lint: %s %s in %s", verb, plural(r.nFixed, "finding"), plural(r.nFiles, "file"))
	if r.nUnsafe > 0 {
		msg += fmt.Sprintf("; %s not applied (add --unsafe-fixes)", plural(r.nUnsafe, "unsafe fix", "unsafe fixes"))
	}
	fmt.Fprintln(r.cmd.ErrOrStderr(), msg)
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
