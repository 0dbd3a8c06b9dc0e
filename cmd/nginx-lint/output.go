package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/lint"
	"github.com/nginx-lint/nginx-lint/reporter"
)

// outputTarget is one report to write.
type outputTarget struct {
	name   string // the format's name
	format reporter.Formatter
	file   string // "" or "-": standard output
}

// tellOmitted says on w, one line per file, how many findings
// --max-findings left out of a report.
func tellOmitted(w io.Writer, omitted []analyzer.Omitted) {
	for i := 0; i < len(omitted); {
		file, n := omitted[i].File, 0
		for ; i < len(omitted) && omitted[i].File == file; i++ {
			n += omitted[i].Count
		}
		fmt.Fprintf(w, "nginx-lint: %s: %d more findings not reported (--max-findings)\n", reporter.Visible(file), n)
	}
}

// parseOutputs turns --format and --output into the list of reports:
// FORMAT=FILE adds a report in that format (an unknown FORMAT is an error;
// a FILE whose name holds "=" is written with a directory, ./a=b), a bare
// FILE takes the --format report off the terminal. Standard output gets the --format report unless
// a bare FILE took it.
func parseOutputs(name string, format reporter.Formatter, outputs []string) ([]outputTarget, error) {
	stdout := outputTarget{name: name, format: format}
	var extra []outputTarget
	files := map[string]bool{}
	for _, o := range outputs {
		t := outputTarget{name: name, format: format, file: o}
		bare := true
		if name, file, ok := strings.Cut(o, "="); ok && !strings.ContainsRune(name, filepath.Separator) && !strings.Contains(name, "/") {
			f, err := reporter.Get(name)
			if err != nil {
				return nil, fmt.Errorf("--output %q: %w; a file name holding \"=\" is written with a directory, as ./%s", o, err, o)
			}
			t, bare = outputTarget{name: name, format: f, file: file}, false
		}
		if t.file == "" {
			return nil, fmt.Errorf("--output %q: want FORMAT=FILE or FILE", o)
		}
		if t.file != "-" {
			if files[t.file] {
				return nil, fmt.Errorf("--output: %s is named twice", t.file)
			}
			files[t.file] = true
		}
		if bare {
			if stdout.format == nil {
				return nil, fmt.Errorf("--output %q: only one bare FILE can take the --format report; name the others FORMAT=FILE", o)
			}
			stdout.format = nil
		}
		extra = append(extra, t)
	}
	if stdout.format == nil {
		return extra, nil
	}
	return append([]outputTarget{stdout}, extra...), nil
}

// writesFiles reports whether a report goes to a file.
func writesFiles(targets []outputTarget) bool {
	for _, t := range targets {
		if t.file != "" && t.file != "-" {
			return true
		}
	}
	return false
}

// writeReports renders every report as it goes (a large report is never
// held in memory); files are written atomically (a temporary file renamed
// into place), so a failed run leaves the old report whole.
func writeReports(stdout io.Writer, targets []outputTarget, rep *reporter.Report, opt reporter.Options) error {
	for _, t := range targets {
		o := opt
		if t.file == "" || t.file == "-" {
			if err := t.format(stdout, rep, o); err != nil {
				return err
			}
			continue
		}
		o.Color = false
		var ferr error
		err := lint.WriteAtomic(t.file, func(w io.Writer) error {
			ferr = t.format(w, rep, o)
			return ferr
		})
		if ferr != nil {
			return ferr
		}
		if err != nil {
			return fmt.Errorf("--output: %w", err)
		}
	}
	return nil
}
