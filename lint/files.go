package lint

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strings"
	"sync"

	"github.com/dustin/go-humanize"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// MaxDepthCeiling is the largest Limits.MaxDepth accepted: deeper trees
// would make the recursive passes over them (nginx-lint's and gonginx's)
// risk the goroutine stack limit.
const MaxDepthCeiling = 10000

// Limits are the input limits of a check (docs/limits.md).
type Limits struct {
	MaxFileSize int64
	MaxDepth    int
	MaxIncludes int
	// MaxFindings is the most findings reported per file (0: all); the
	// rest are counted (reporter.Report.Omitted). --fix still applies
	// every fix.
	MaxFindings int
}

// DefaultLimits are the limits of a check that sets none.
func DefaultLimits() Limits {
	return Limits{MaxFileSize: analyzer.DefaultMaxFileSize, MaxDepth: analyzer.DefaultMaxDepth, MaxIncludes: analyzer.DefaultMaxIncludes}
}

// apply checks the limits and sets them on load; errors name the CLI's
// flags.
func (l Limits) apply(load *analyzer.LoadOptions) error {
	if err := checkDepth(l.MaxDepth); err != nil {
		return fmt.Errorf("--max-depth: %w", err)
	}
	if err := checkIncludes(l.MaxIncludes); err != nil {
		return fmt.Errorf("--max-includes: %w", err)
	}
	load.MaxFileSize = l.MaxFileSize
	load.MaxDepth = l.MaxDepth
	if err := checkFindings(l.MaxFindings); err != nil {
		return fmt.Errorf("--max-findings: %w", err)
	}
	load.MaxIncludes = l.MaxIncludes
	load.MaxFindings = l.MaxFindings
	return nil
}

func checkDepth(n int) error {
	if n < 1 || n > MaxDepthCeiling {
		return fmt.Errorf("want a number from 1 to %d, not %d", MaxDepthCeiling, n)
	}
	return nil
}

func checkFindings(n int) error {
	if n < 0 {
		return fmt.Errorf("want a number of findings per file (0 for all), not %d", n)
	}
	return nil
}

func checkIncludes(n int) error {
	if n < 1 {
		return fmt.Errorf("want a number of at least 1, not %d", n)
	}
	return nil
}

// ParseSize reads a size of at least one byte, given as 1048576, 10MB
// (decimal) or 64MiB (binary).
func ParseSize(s string) (int64, error) {
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

// WriteFileAtomic writes data to a temporary file beside dst and renames it
// into place, so readers never see a half-written file; an existing file
// keeps its permissions, a new one gets 0644. An error names dst, never
// the temporary file.
func WriteFileAtomic(dst string, data []byte) error {
	return WriteAtomic(dst, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteAtomic is WriteFileAtomic for content that write produces as it
// goes (a report of millions of findings is never held whole): dst is
// replaced only once write has returned nil. An error of write's own
// (not of writing to w) is returned as it is.
func WriteAtomic(dst string, write func(w io.Writer) error) error {
	var werr error
	var out *ioErrWriter
	err := replaceFile(dst, func(w io.Writer) error {
		out = &ioErrWriter{w: w}
		werr = write(out)
		return werr
	})
	switch {
	case err == nil:
		return nil
	case out != nil && out.err != nil:
		err = out.err
	case werr != nil:
		return werr
	}
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	return fmt.Errorf("cannot write %s: %w", dst, err)
}

// pendingWrites are the temporary files of the WriteAtomic calls in
// progress; a file is renamed into place with the lock held.
var pendingWrites = struct {
	sync.Mutex
	paths map[string]bool
}{paths: map[string]bool{}}

// pending records (on) or forgets the temporary file at path.
func pending(path string, on bool) {
	pendingWrites.Lock()
	defer pendingWrites.Unlock()
	if on {
		pendingWrites.paths[path] = true
	} else {
		delete(pendingWrites.paths, path)
	}
}

// renameLocked runs rename, which puts the temporary file at path in
// place, so that AbortWrites never removes a file being renamed.
func renameLocked(path string, rename func() error) error {
	pendingWrites.Lock()
	defer pendingWrites.Unlock()
	delete(pendingWrites.paths, path)
	return rename()
}

// AbortWrites removes the temporary files of the WriteAtomic calls in
// progress (their destinations are untouched) and keeps any from
// completing. A handler of SIGINT and SIGTERM calls it before the process
// exits: a report that takes minutes to write leaves nothing behind.
func AbortWrites() {
	pendingWrites.Lock()
	for p := range pendingWrites.paths {
		_ = os.Remove(p)
	}
}

// ioErrWriter remembers the first error of writing to w.
type ioErrWriter struct {
	w   io.Writer
	err error
}

func (e *ioErrWriter) Write(p []byte) (int, error) {
	n, err := e.w.Write(p)
	if err != nil && e.err == nil {
		e.err = err
	}
	return n, err
}
