package analyzer

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

func write(t *testing.T, path, text string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReadFileRefuses: what is not a regular file is refused by kind before
// it is opened for reading (a FIFO without a writer would block forever),
// and a file over the limit by its size, naming the flag that raises it.
func TestReadFileRefuses(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.conf")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	big := write(t, filepath.Join(dir, "big.conf"), strings.Repeat("#", 101))
	exact := write(t, filepath.Join(dir, "exact.conf"), strings.Repeat("#", 100))
	for path, want := range map[string]string{
		fifo:        "is a named pipe (FIFO), not a regular file",
		"/dev/null": "is a character device, not a regular file",
		dir:         "is a directory",
		big:         "is 101 bytes, over the limit of 100 bytes (raise it with --max-file-size)",
	} {
		_, err := ReadFile(path, 100)
		var re *ReadError
		if !errors.As(err, &re) || re.Path != path || re.Err.Error() != want {
			t.Errorf("ReadFile(%s): %v, want a ReadError %q", path, err, want)
		}
	}
	if _, err := ReadFile(big, 100); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the limit: %v is not ErrTooLarge", err)
	}
	if b, err := ReadFile(exact, 100); err != nil || len(b) != 100 {
		t.Errorf("a file of exactly the limit: %d bytes, %v", len(b), err)
	} else if cap(b) > len(b)+1 {
		// The tree keeps this buffer alive: it must not be larger than the file.
		t.Errorf("a %d-byte file read into a buffer of %d", len(b), cap(b))
	}
	// What is swapped in after that first look is refused once open, by
	// the same kinds and size, without blocking on the FIFO.
	for path, want := range map[string]string{
		fifo:        "is a named pipe (FIFO), not a regular file",
		"/dev/null": "is a character device, not a regular file",
		dir:         "is a directory",
		big:         "is 101 bytes, over the limit of 100 bytes (raise it with --max-file-size)",
	} {
		if _, err := readOpen(path, 100); err == nil || err.Error() != want {
			t.Errorf("readOpen(%s): %v, want %q", path, err, want)
		}
	}
	if b, err := readOpen(exact, 100); err != nil || string(b) != strings.Repeat("#", 100) {
		t.Errorf("readOpen of a file of exactly the limit: %q, %v", b, err)
	}
	if _, err := readOpen(filepath.Join(dir, "missing.conf"), 100); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("readOpen of a missing file: %v, want it not to exist", err)
	}
}

// endless is a stream that never ends, like /dev/zero on standard input.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) { e.n += int64(len(p)); return len(p), nil }

func TestReadAllLimit(t *testing.T) {
	r := &endless{}
	_, err := ReadAllLimit(r, 1<<20)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "larger than the limit of 1MiB (raise it with --max-file-size)") {
		t.Errorf("endless stream: %v", err)
	}
	if r.n > 2<<20 {
		t.Errorf("read %d bytes of an endless stream with a 1 MiB limit", r.n)
	}
	b, err := ReadAllLimit(io.LimitReader(&endless{}, 1<<20), 1<<20)
	if err != nil || len(b) != 1<<20 {
		t.Errorf("a stream of exactly the limit: %d bytes, %v", len(b), err)
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{16 << 20: "16MiB", 10e6: "10MB", 1000: "1kB", 1024: "1KiB", 1500: "1500 bytes", 1: "1 byte", 3 << 30: "3GiB"} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

// limitEvents returns the loader's events of limits (warnings).
func limitEvents(a *Analysis) []loadEvent {
	var out []loadEvent
	for _, ev := range a.loadEvents {
		if ev.sev == Warning {
			out = append(out, ev)
		}
	}
	return out
}

// TestIncludeLimitReportedOnce: past MaxIncludes one warning says where
// expansion stopped and how many includes were left out; it does not
// repeat for each of them.
func TestIncludeLimitReportedOnce(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "one.conf"), "gzip on;\n")
	main := write(t, filepath.Join(dir, "main.conf"), "http {\n"+strings.Repeat("include one.conf;\n", 50)+"}\n")
	src, _ := os.ReadFile(main)
	a := Parse("main.conf", main, src, LoadOptions{MaxIncludes: 10})
	evs := limitEvents(a)
	if len(evs) != 1 || len(a.loadEvents) != 1 {
		t.Fatalf("events %+v, want one warning", a.loadEvents)
	}
	ev := evs[0]
	if text := eventText(ev); ev.rule != RuleLimitExceeded || ev.rng.Start.Line != 12 ||
		!strings.Contains(ev.msg, "more than 10 includes in one configuration") || !strings.Contains(text, "= note: nor 39 includes after it = note: raise the limit with --max-includes") {
		t.Errorf("event %s at line %d: %s", ev.rule, ev.rng.Start.Line, text)
	}
	if len(a.Units) != 11 {
		t.Errorf("%d units, want the root and 10 includes", len(a.Units))
	}
}

// TestIncludeTextBudget: a small file included many times cannot make one
// configuration larger than MaxFileSize: expansion stops with a warning.
func TestIncludeTextBudget(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "one.conf"), "# "+strings.Repeat("x", 997)+"\n")
	main := write(t, filepath.Join(dir, "main.conf"), strings.Repeat("include one.conf;\n", 10))
	src, _ := os.ReadFile(main)
	a := Parse("main.conf", main, src, LoadOptions{MaxFileSize: 5000})
	total := 0
	for _, u := range a.Units {
		total += len(u.File.Src)
	}
	evs := limitEvents(a)
	if total > 5000 || len(evs) != 1 {
		t.Fatalf("%d bytes loaded, events %+v", total, a.loadEvents)
	}
	if text := eventText(evs[0]); !strings.Contains(evs[0].msg, "would pass 5kB of text") || !strings.Contains(text, "= note: raise the limit with --max-file-size") || evs[0].rng.Start.Line != len(a.Units) {
		t.Errorf("event at line %d: %s", evs[0].rng.Start.Line, text)
	}
}

// TestIncludedFileTooLarge: an included file over the limit is a warning at
// its include; the other includes are still read.
func TestIncludedFileTooLarge(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "big.conf"), strings.Repeat("#", 2000))
	write(t, filepath.Join(dir, "small.conf"), "gzip on;\n")
	main := write(t, filepath.Join(dir, "main.conf"), "include big.conf;\ninclude small.conf;\n")
	src, _ := os.ReadFile(main)
	a := Parse("main.conf", main, src, LoadOptions{MaxFileSize: 1000})
	evs := limitEvents(a)
	if len(evs) != 1 || !strings.Contains(eventText(evs[0]), `is over the size limit; it is not checked = note: the included path is "`+filepath.Join(dir, "big.conf")+`" = note: it is 2.0 KiB (2000 bytes), over the limit of 1kB (raise it with --max-file-size)`) {
		t.Fatalf("events %+v", a.loadEvents)
	}
	if len(a.Units) != 2 || a.Units[1].File.Src[0] != 'g' {
		t.Errorf("small.conf is not read after big.conf was refused: %d units", len(a.Units))
	}
}

// TestDepthAcrossIncludes: the nesting limit counts the blocks around an
// include, so a chain of files that each open a block and include the next
// stops at MaxDepth like one deep file would.
func TestDepthAcrossIncludes(t *testing.T) {
	dir := t.TempDir()
	for i := range 30 {
		write(t, filepath.Join(dir, fmt.Sprintf("f%d.conf", i)), fmt.Sprintf("location /%d {\n    include f%d.conf;\n}\n", i, i+1))
	}
	main := filepath.Join(dir, "f0.conf")
	src, _ := os.ReadFile(main)
	a := Parse("f0.conf", main, src, LoadOptions{MaxDepth: 10})
	deepest := 0
	Walk(a.Root.Children(), func(d *Directive) bool {
		deepest = max(deepest, d.Depth())
		return true
	})
	var errs []string
	for _, u := range a.Units {
		if len(u.Errors) > 0 {
			t.Errorf("%s: syntax errors %+v", u.File.Name, u.Errors)
		}
		for _, e := range u.Limits {
			errs = append(errs, e.Message+" = note: "+strings.Join(e.Notes, " = note: "))
		}
	}
	if deepest > 10 || len(errs) != 1 || !strings.Contains(errs[0], "blocks nested deeper than 10 levels") || !strings.Contains(errs[0], "--max-depth") {
		t.Errorf("deepest directive at depth %d; errors %q", deepest, errs)
	}
}

// TestByteOrderMark: a UTF-8 BOM is reported at 1:1 and the rest checked as
// if it were not there; UTF-16 text is reported once and not read.
func TestByteOrderMark(t *testing.T) {
	a := parse(t, "\xef\xbb\xbfevents {}\nhttp {}\n")
	if len(a.Root.Errors) != 1 || !strings.Contains(a.Root.Errors[0].Message, "UTF-8 byte order mark") || a.Root.Errors[0].Range.Start.Column != 1 {
		t.Fatalf("errors %+v", a.Root.Errors)
	}
	if len(a.Root.Items) != 2 || a.Root.Items[0].Name() != "events" || a.Root.Items[0].NameRange().Start.Column != 4 {
		t.Errorf("first directive %q", a.Root.Items[0].Name())
	}
	for _, bom := range []string{"\xff\xfe", "\xfe\xff"} {
		a := parse(t, bom+"e\x00v\x00e\x00n\x00t\x00s\x00 \x00{\x00}\x00")
		if len(a.Root.Errors) != 1 || !strings.Contains(a.Root.Errors[0].Message, "UTF-16") || len(a.Root.Items) != 0 {
			t.Errorf("UTF-16 %q: errors %+v, %d items", bom, a.Root.Errors, len(a.Root.Items))
		}
	}
}

// TestSyntaxErrorCap: a text that is not nginx's gives at most
// maxSyntaxErrors errors, the last saying how many more there are.
func TestSyntaxErrorCap(t *testing.T) {
	a := parse(t, strings.Repeat("}\n", 1000))
	errs := a.Root.Errors
	if last := errs[len(errs)-1]; len(errs) != maxSyntaxErrors || !slices.Contains(last.Notes, "900 more syntax errors after this one are not reported: is this an nginx configuration?") {
		t.Errorf("%d errors, last %q, notes %q", len(errs), last.Message, last.Notes)
	}
}

// TestBinaryFile: a file that is not text at all is one error at its start,
// and nothing in it is read; text with a stray NUL byte or Latin-1 bytes
// is still read, and the NUL reported where it stands.
func TestBinaryFile(t *testing.T) {
	for _, src := range []string{
		strings.Repeat(";\x00", 500),
		"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00\x01\x00\x00\x00",
		"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
	} {
		a := parse(t, src)
		errs := a.Root.Errors
		if len(errs) != 1 || !strings.Contains(errs[0].Message, "the file is not text") || errs[0].Range.Start.Offset != 0 || len(a.Root.Items) != 0 {
			t.Errorf("%q: %d items, errors %+v", src, len(a.Root.Items), errs)
		}
	}
	a := parse(t, "http {\n    server_name a\x00b;  # caf\xe9\n}\n")
	errs := a.Root.Errors
	if len(errs) != 1 || errs[0].Message != "NUL byte in configuration" || len(a.Root.Items) != 1 {
		t.Errorf("text with a NUL byte: %d items, errors %+v", len(a.Root.Items), errs)
	}
}

// TestTooLongParameter: nginx reads through a 4096-byte buffer and refuses
// a word, quoted string or comment that does not end within it. Such a
// directive is reported and left out (a block one with its block); the
// rest of the file is still read.
func TestTooLongParameter(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	for _, tc := range []struct {
		src string
		bad bool
	}{
		{"server_name " + a(4095) + ";", false},
		{"server_name " + a(4096) + ";", true},
		{`server_name "` + a(4094) + `";`, false},
		{`server_name "` + a(4095) + `";`, true},
		{"#" + a(4094) + "\n", false},
		{"#" + a(4095) + "\n", true},
		{"location ~ " + a(5000) + " { return 200; }", true},
	} {
		p := parse(t, "http {\n"+tc.src+"\ngzip on;\n}\n")
		errs := p.Root.Errors
		if got := len(errs) == 1 && strings.Contains(errs[0].Message, "too long parameter"); got != tc.bad || (!tc.bad && len(errs) > 0) {
			t.Errorf("%.30q… (%d bytes): errors %+v", tc.src, len(tc.src), errs)
			continue
		}
		var names []string
		for _, d := range p.Root.Items[0].Block.Items {
			names = append(names, d.Name())
		}
		want := "gzip"
		if !tc.bad && !strings.HasPrefix(tc.src, "#") {
			want = strings.Fields(tc.src)[0] + " gzip"
		}
		if strings.Join(names, " ") != want {
			t.Errorf("%.30q…: http holds %q, want %q", tc.src, names, want)
		}
	}
}

// eventText is an event's headline and notes as the text output shows them.
func eventText(ev loadEvent) string {
	text := ev.msg
	for _, n := range ev.notes {
		text += " = note: " + n
	}
	return text
}

// TestSizeErrorNamesBytes: a size just over the limit rounds to the limit,
// so the message says by how many bytes; otherwise the units say it.
func TestSizeErrorNamesBytes(t *testing.T) {
	for _, c := range []struct {
		size, limit int64
		want        string
	}{
		{16<<20 + 8, 16 << 20, "is 16777224 bytes, 8 bytes over the limit of 16MiB (raise it with --max-file-size)"},
		{100 << 20, 16 << 20, "is 100 MiB (104857600 bytes), over the limit of 16MiB (raise it with --max-file-size)"},
		{101, 100, "is 101 bytes, over the limit of 100 bytes (raise it with --max-file-size)"},
	} {
		if got := (&SizeError{Size: c.size, Limit: c.limit}).Error(); got != c.want {
			t.Errorf("%d over %d: %q, want %q", c.size, c.limit, got, c.want)
		}
	}
}
