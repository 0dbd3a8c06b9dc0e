package main

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strings"

	"github.com/dustin/go-humanize"
	"github.com/spf13/pflag"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// maxDepthCeiling is the largest --max-depth accepted: deeper trees would
// make the recursive passes over them (nginx-lint's and gonginx's) risk
// the goroutine stack limit.
const maxDepthCeiling = 10000

// limitFlags are the input limits of check (docs/limits.md).
type limitFlags struct {
	maxFileSize sizeValue
	maxDepth    int
	maxIncludes int
}

func (fl *limitFlags) register(f *pflag.FlagSet) {
	fl.maxFileSize = analyzer.DefaultMaxFileSize
	f.Var(&fl.maxFileSize, "max-file-size", "largest file (or standard input) read, and most text one configuration loads with its includes, e.g. 64MiB, 10MB or 1048576")
	f.IntVar(&fl.maxDepth, "max-depth", analyzer.DefaultMaxDepth, fmt.Sprintf("deepest block nesting checked (at most %d); deeper blocks are reported and not checked inside", maxDepthCeiling))
	f.IntVar(&fl.maxIncludes, "max-includes", analyzer.DefaultMaxIncludes, "most include expansions in one configuration; later includes are reported and not checked")
}

// apply checks the limits and sets them on load.
func (fl *limitFlags) apply(load *analyzer.LoadOptions) error {
	if err := checkDepth(fl.maxDepth); err != nil {
		return fmt.Errorf("--max-depth: %w", err)
	}
	if err := checkIncludes(fl.maxIncludes); err != nil {
		return fmt.Errorf("--max-includes: %w", err)
	}
	load.MaxFileSize = int64(fl.maxFileSize)
	load.MaxDepth = fl.maxDepth
	load.MaxIncludes = fl.maxIncludes
	return nil
}

func checkDepth(n int) error {
	if n < 1 || n > maxDepthCeiling {
		return fmt.Errorf("want a number from 1 to %d, not %d", maxDepthCeiling, n)
	}
	return nil
}

func checkIncludes(n int) error {
	if n < 1 {
		return fmt.Errorf("want a number of at least 1, not %d", n)
	}
	return nil
}

// sizeValue is a byte count given as 1048576, 10MB (decimal) or 64MiB
// (binary); it prints in binary units.
type sizeValue int64

func (v *sizeValue) String() string { return analyzer.FormatSize(int64(*v)) }
func (v *sizeValue) Type() string   { return "size" }

func (v *sizeValue) Set(s string) error {
	n, err := parseSize(s)
	if err != nil {
		return err
	}
	*v = sizeValue(n)
	return nil
}

// parseSize reads a size of at least one byte.
func parseSize(s string) (int64, error) {
	n, err := humanize.ParseBytes(strings.TrimSpace(s))
	if err != nil || strings.HasPrefix(strings.TrimSpace(s), "-") {
		return 0, fmt.Errorf("want a size such as 64MiB, 10MB or 1048576, not %q", s)
	}
	if n < 1 || n > math.MaxInt64 {
		return 0, fmt.Errorf("want a size from 1 byte to 8 EiB, not %q", s)
	}
	return int64(n), nil
}

// readSmallFile reads a file given to an option (--config, --baseline),
// refusing a directory and anything past the default size limit; a pipe is
// read (process substitution), a stream that never ends is cut off there.
func readSmallFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, &os.PathError{Op: "read", Path: path, Err: analyzer.ErrIsDir}
	}
	b, err := analyzer.ReadAllLimit(f, analyzer.DefaultMaxFileSize)
	var se *analyzer.SizeError
	if errors.As(err, &se) {
		return nil, fmt.Errorf("%s is larger than %s", path, analyzer.FormatSize(se.Limit))
	}
	return b, err
}
