// Package corpusrun is the robustness run over a directory of real nginx
// configurations: it lints every configuration file under the directory
// with every rule on (those off by default too), each file on its own and
// again in its tree (includes resolved relative to the file), fixes it in
// memory with every fix (unsafe ones too) and fixes the result again, which
// must change nothing. A panic is recovered per file and reported with its
// stack; a file that takes longer than -timeout is reported as a hang.
//
//	go run ./_tools/corpusrun [-jobs N] [-json] [-v] [-all] [-timeout D] [-list] DIR
//	go run ./_tools/corpusrun -precision docs/precision-judgments.tsv [-table docs/precision.md] [-seed 21] [-sample 25] [-check] DIR
//
// With -precision it measures the precision of the rules that are on by
// default instead (precision.go, docs/precision.md).
//
// Which files: when DIR has a MANIFEST.tsv (the shared corpus), exactly the
// files it lists. Otherwise *.conf, *.map, *.types and nginx.conf* files whatever
// they hold, and any other file whose text reads as nginx configuration
// (it scans without a syntax error and most of its directive names are
// nginx's); -all takes every regular file. Dot files and directories are
// left out. Nothing is written: fixes stay in memory.
//
// It prints the number of files, the files with syntax errors (the first
// error of each), findings by rule, the fixer's figures, crashes and hangs.
// Exit status: 0 when nothing failed; 1 on a crash, a hang, a fix that a
// second run changes again (or that does not settle), or a fix refused
// because it would break the syntax; 2 on a usage error.
package corpusrun

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	_ "github.com/nginx-lint/nginx-lint/rules" // registers every rule
)

// Main is the command (_tools/corpusrun) with its arguments and outputs;
// it returns the exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("corpusrun", flag.ContinueOnError)
	fl.SetOutput(stderr)
	jobs := fl.Int("jobs", runtime.GOMAXPROCS(0), "files linted in parallel")
	asJSON := fl.Bool("json", false, "print the summary as JSON")
	verbose := fl.Bool("v", false, "print a line per file as it is done")
	all := fl.Bool("all", false, "lint every regular file (no MANIFEST.tsv, no name or content test)")
	list := fl.Bool("list", false, "print the files that would be linted, one a line, relative to DIR, and stop")
	timeout := fl.Duration("timeout", time.Minute, "time limit per file; past it the file is reported as a hang")
	judgments := fl.String("precision", "", "precision run: sample the findings of the default-on rules, merge the judgments in this TSV file, rewrite it and -table")
	table := fl.String("table", "docs/precision.md", "with -precision: the table of figures to write")
	seed := fl.Int64("seed", 21, "with -precision: the sampling seed")
	per := fl.Int("sample", 25, "with -precision: findings sampled per rule")
	check := fl.Bool("check", false, "with -precision: write nothing; exit 1 when a sampled finding has no judgment or a judgment is no longer sampled")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: corpusrun [flags] DIR")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() != 1 || *jobs < 1 || *timeout <= 0 {
		fl.Usage()
		return 2
	}
	dir := fl.Arg(0)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "corpusrun: %s is not a directory\n", dir)
		return 2
	}
	files, mode, skipped, err := selectFiles(dir, *all)
	if err != nil {
		fmt.Fprintf(stderr, "corpusrun: %s: %v\n", dir, err)
		return 2
	}
	if *list {
		for _, f := range files {
			fmt.Fprintln(stdout, f)
		}
		return 0
	}
	if *judgments != "" {
		return precisionRun(dir, files, *judgments, *table, *seed, *per, *check, stdout, stderr)
	}
	var progress func(*FileResult)
	if *verbose {
		progress = func(r *FileResult) { fmt.Fprintln(stderr, r.line()) }
	}
	start := time.Now()
	results := lintAll(dir, files, *jobs, *timeout, progress)
	s := summarize(results)
	s.Dir, s.Selection, s.Skipped, s.Jobs = dir, mode, skipped, *jobs
	s.Seconds = time.Since(start).Seconds()
	if *asJSON {
		if err := s.printJSON(stdout); err != nil {
			fmt.Fprintf(stderr, "corpusrun: %v\n", err)
			return 2
		}
	} else {
		s.printText(stdout, results)
	}
	if s.Failures > 0 {
		return 1
	}
	return 0
}

// line describes one file's result on one line (-v).
func (r *FileResult) line() string {
	switch {
	case r.Hang:
		return r.File + ": HANG"
	case r.ReadErr != "":
		return r.File + ": unreadable: " + r.ReadErr
	}
	var iso, tree int
	for _, n := range r.Isolated {
		iso += n
	}
	for _, n := range r.Tree {
		tree += n
	}
	s := fmt.Sprintf("%s: %d findings isolated, %d in tree, %d fixes", r.File, iso, tree, r.Fix.Applied)
	if r.Syntax != nil {
		s += ", syntax error at " + r.Syntax.Position
	}
	if len(r.Crashes) > 0 {
		s += fmt.Sprintf(", %d CRASHES", len(r.Crashes))
	}
	if r.Fix.Again != "" || r.Fix.Unsettled {
		s += ", NOT IDEMPOTENT"
	}
	return s
}
