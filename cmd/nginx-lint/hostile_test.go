package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nginx-lint/nginx-lint/reporter"
)

// Hostile inputs too large for a script: generated here and checked with
// the real CLI in a child process (the test binary, which testscript.Main
// puts on $PATH as nginx-lint), whose peak memory is read from its rusage.
// Each case asserts the exit status, the message with the file name (and
// file:line:col for a finding), and that good.conf, given in the same
// command, is still linted. No case asserts time; a hang fails the test by
// its timeout.

// memoryBound is the most a run may take (peak RSS) on any hostile input
// the default limits read, the largest file of nothing but findings
// included (TestHostileManyFindingsLargest).
const memoryBound = 1 << 30

const goodConf = "http {\n    upstream app {\n        server localhost:5000;\n    }\n}\n"

var goodFinding = regexp.MustCompile(`(?m)^good.conf:3:16: warning: .*\[localhost-upstream\]$`)

type lintRun struct {
	code           int
	stdout, stderr string
	maxRSS         int64 // bytes
}

// runBinary runs nginx-lint in dir with args and stdin (nil: none).
func runBinary(t *testing.T, dir string, stdin io.Reader, args ...string) lintRun {
	t.Helper()
	var out bytes.Buffer
	r := runBinaryWith(t, dir, stdin, &out, args...)
	r.stdout = out.String()
	return r
}

// runBinaryTo runs nginx-lint in dir with args, its standard output going
// to stdout (the run's stdout is left empty).
func runBinaryTo(t *testing.T, dir string, stdout io.Writer, args ...string) lintRun {
	t.Helper()
	return runBinaryWith(t, dir, nil, stdout, args...)
}

func runBinaryWith(t *testing.T, dir string, stdin io.Reader, stdout io.Writer, args ...string) lintRun {
	t.Helper()
	cmd := exec.Command("nginx-lint", args...)
	cmd.Dir = dir
	cmd.Stdin = stdin
	peak := filepath.Join(t.TempDir(), "peak")
	cmd.Env = append(os.Environ(), "NGINX_LINT_TEST_PEAK="+peak)
	var errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = stdout, &errb
	err := cmd.Run()
	if ee := new(exec.ExitError); err != nil && !errors.As(err, &ee) {
		t.Fatalf("nginx-lint %s: %v", strings.Join(args, " "), err)
	}
	r := lintRun{code: cmd.ProcessState.ExitCode(), stderr: errb.String()}
	// The child writes its own peak (see writePeakRSS); its rusage would
	// count this process's peak too.
	b, err := os.ReadFile(peak)
	if err != nil {
		t.Fatalf("nginx-lint %s: no peak memory reported: %v", strings.Join(args, " "), err)
	}
	kb, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		t.Fatalf("peak memory %q: %v", b, err)
	}
	r.maxRSS = kb << 10
	t.Logf("nginx-lint %s: exit %d, peak RSS %d MiB", strings.Join(args, " "), r.code, r.maxRSS>>20)
	return r
}

// check asserts the exit code, that every pattern matches the output
// (stdout and stderr), that good.conf was linted, and the memory bound.
func (r lintRun) check(t *testing.T, code int, patterns ...string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit status %d, want %d", r.code, code)
	}
	all := r.stdout + r.stderr
	for _, p := range patterns {
		if !regexp.MustCompile("(?m)" + p).MatchString(all) {
			t.Errorf("no match for %s in the output:\n%.3000s", p, all)
		}
	}
	if !goodFinding.MatchString(r.stdout) {
		t.Errorf("good.conf was not linted:\n%.3000s", all)
	}
	if r.maxRSS > memoryBound {
		t.Errorf("peak RSS %d MiB, over %d MiB", r.maxRSS>>20, memoryBound>>20)
	}
}

// repeated is head, then part(i) for each i below n, then tail: a
// generated configuration of n statements or blocks.
func repeated(head string, n int, part func(i int) string, tail string) string {
	var b strings.Builder
	b.WriteString(head)
	for i := range n {
		b.WriteString(part(i))
	}
	b.WriteString(tail)
	return b.String()
}

func hostileDir(t *testing.T, files map[string]string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("generated inputs of many megabytes; skipped with -short")
	}
	return writeDir(t, files)
}

func writeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["good.conf"] = goodConf
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestHostileLongLine: a 10 MB line of ordinary directives is checked
// (findings at its start and at its far end, the excerpt cut to a few
// hundred bytes); a 10 MB single parameter is reported at its column as
// nginx would refuse it, and the rest of the line is still checked.
func TestHostileLongLine(t *testing.T) {
	const size = 10 << 20
	pad := `add_header X-Pad "` + strings.Repeat("p", 4000) + `"; `
	directives := "http { upstream a { server localhost:1; } server { listen 80; " +
		strings.Repeat(pad, size/len(pad)) + "} upstream b { server localhost:2; } }\n"
	token := "http { server { listen 80; server_name " + strings.Repeat("n", size) + "; } upstream b { server localhost:3; } }\n"
	dir := hostileDir(t, map[string]string{"directives.conf": directives, "token.conf": token})
	r := runBinary(t, dir, nil, "check", "directives.conf", "token.conf", "good.conf")
	r.check(t, 1,
		fmt.Sprintf(`^directives.conf:1:%d: warning: .*\[localhost-upstream\]$`, strings.Index(directives, "localhost")+1),
		fmt.Sprintf(`^directives.conf:1:%d: warning: .*\[localhost-upstream\]$`, strings.LastIndex(directives, "localhost")+1),
		`^token.conf:1:40: error: parameter of 10485760 bytes: over nginx's 4096-byte buffer \(too long parameter\) \[syntax-error\]$`,
		`^ += note: it does not fit nginx's 4096-byte read buffer, so nginx refuses it\n += note: the directive is not checked$`,
		fmt.Sprintf(`^token.conf:1:%d: warning: .*\[localhost-upstream\]$`, strings.LastIndex(token, "localhost")+1),
		`^5 findings`)
	if len(r.stdout) > 16<<10 {
		t.Errorf("%d bytes of text output for 5 findings: the long lines are not cut", len(r.stdout))
	}
}

// TestHostileHugeFile: a 100 MB file, and 100 MB on standard input, are
// refused at the size limit without being read whole; with the limit
// raised, a 100 MB file that is all NUL bytes is read and reported as one
// finding: it is not text.
func TestHostileHugeFile(t *testing.T) {
	dir := hostileDir(t, map[string]string{})
	huge := filepath.Join(dir, "huge.conf")
	if err := os.WriteFile(huge, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 100<<20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	runBinary(t, dir, nil, "check", "huge.conf", "good.conf").check(t, 2,
		`^nginx-lint: huge.conf: is 100 MiB \(104857600 bytes\), over the limit of 16MiB \(raise it with --max-file-size\)$`)
	runBinary(t, dir, io.LimitReader(zeros{}, 100<<20), "check", "-", "good.conf").check(t, 2,
		`^nginx-lint: <stdin>: is larger than the limit of 16MiB \(raise it with --max-file-size\)$`)
	if raceEnabled {
		t.Skip("reading 100 MB under the race detector takes 20 s and its shadow memory passes the bound; the refusals above ran")
	}
	r := runBinary(t, dir, nil, "check", "--max-file-size", "200MiB", "-f", "compact", "huge.conf", "good.conf")
	r.check(t, 1,
		`^huge.conf:1:1: error: the file is not text \(binary bytes in its first 8 KiB\): nothing in it is checked \[syntax-error\]$`)
	if n := strings.Count(r.stdout, "\n"); n != 2 {
		t.Errorf("%d findings, want one for the binary file and good.conf's", n)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// TestHostileDeepNesting: a million nested blocks are read to the nesting
// limit, reported once where they pass it, and not recursed into.
func TestHostileDeepNesting(t *testing.T) {
	const n = 1000000
	src := "http {\n" + strings.Repeat("location / {", n) + strings.Repeat("}", n) + "\n}\n"
	dir := hostileDir(t, map[string]string{"deep.conf": src})
	col := 1 + 100*len("location / {") // the brace of the 100th block
	runBinary(t, dir, nil, "check", "deep.conf", "good.conf").check(t, 1,
		fmt.Sprintf(`^deep.conf:2:%d: warning: blocks nested deeper than 100 levels: the inside of this block is not checked \[limit-exceeded\]$`, col-1),
		`^ += note: raise the limit with --max-depth$`)
}

// TestHostileManyFindings: a file where every statement is a finding
// (1 MiB of "a;", 524,288 unknown directives) is reported in full, in
// every format, each finding once, within manyFindingsBound: no format
// holds its report whole (GitLab's, Checkstyle's and JUnit's did: 7.2,
// 2.0 and 3.0 GiB for 16 MiB, 0.7, 0.25 and 0.33 GB for this file; SARIF
// made every fingerprint first, 0.14 GB).
func TestHostileManyFindings(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's shadow memory doubles the peak this test bounds; .ci/run runs it without the race detector")
	}
	const n = 1 << 19
	dir := hostileDir(t, map[string]string{"a1.conf": strings.Repeat("a;", n)})
	// What each format writes once per finding of the rule.
	marks := map[string]string{
		"text":       "[unknown-directive]\n",
		"compact":    "[unknown-directive]\n",
		"json":       `"rule": "unknown-directive"`,
		"sarif":      `"ruleId": "unknown-directive"`,
		"github":     "title=unknown-directive::",
		"gitlab":     `"check_name": "unknown-directive"`,
		"checkstyle": `source="nginx-lint.unknown-directive"`,
		"junit":      `type="unknown-directive"`,
	}
	if len(marks) != len(reporter.Names()) {
		t.Fatalf("marks for %d formats, want one for each of %v", len(marks), reporter.Names())
	}
	for _, format := range reporter.Names() {
		t.Run(format, func(t *testing.T) {
			// The output (up to 0.5 GB) is counted as it comes. The text
			// format shows ten findings of a rule per file unless told to
			// show all.
			out := &countWriter{mark: []byte(marks[format])}
			r := runBinaryTo(t, dir, out, "check", "-f", format, "--max-per-rule", "0", "a1.conf", "good.conf")
			if r.code != 1 {
				t.Errorf("exit status %d, want 1", r.code)
			}
			if out.n != n {
				t.Errorf("%d unknown-directive findings, want %d", out.n, n)
			}
			if r.maxRSS > manyFindingsBound {
				t.Errorf("peak RSS %d MiB for %d findings, over %d MiB", r.maxRSS>>20, n, manyFindingsBound>>20)
			}
		})
	}
	// A report written to a file (--output, atomically) is written as it
	// is made too: it was held whole first (0.5 GB of SARIF here).
	t.Run("output", func(t *testing.T) {
		r := runBinaryTo(t, dir, io.Discard, "check", "-f", "compact", "-o", "sarif=r.sarif", "a1.conf", "good.conf")
		f, err := os.Open(filepath.Join(dir, "r.sarif"))
		if err != nil || r.code != 1 {
			t.Fatalf("exit status %d, %v", r.code, err)
		}
		defer f.Close()
		out := &countWriter{mark: []byte(marks["sarif"])}
		if _, err := io.Copy(out, f); err != nil {
			t.Fatal(err)
		}
		if out.n != n {
			t.Errorf("%d unknown-directive findings in the file, want %d", out.n, n)
		}
		if r.maxRSS > manyFindingsBound {
			t.Errorf("peak RSS %d MiB for %d findings, over %d MiB", r.maxRSS>>20, n, manyFindingsBound>>20)
		}
	})
	// The first and the last, with their positions.
	r := runBinary(t, dir, nil, "check", "-f", "compact", "a1.conf", "good.conf")
	r.check(t, 1, `^a1.conf:1:1: error: unknown directive "a" \[unknown-directive\]$`,
		fmt.Sprintf(`^a1.conf:1:%d: error: unknown directive "a" \[unknown-directive\]$`, 2*n-1))
}

// manyFindingsBound is the most TestHostileManyFindings lets half a
// million findings take: they peak at 87–99 MiB in every format (88–98
// before their findings waited in a temporary file, 85–96
// before the collector was paced by GOGC with the limit an eighth above;
// 70–72 MiB before the heap could grow by as much as is live, up to 64 MB,
// between collections once more is live than the memory budget; see
// cmd/nginx-lint/memory.go), 16 MiB (8.4 million) at 930–933 MiB
// (docs/limits.md). A report held whole takes 140 MB or more here.
const manyFindingsBound = 128 << 20

// TestHostileManyFindingsLargest: the largest file the default limits
// read, 16 MiB of "a;" (8,388,608 unknown directives), is reported in full
// within memoryBound. Its output (0.4 GB in the compact format) is counted
// as it comes, not kept.
func TestHostileManyFindingsLargest(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's shadow memory doubles the peak this test bounds; .ci/run runs it without the race detector")
	}
	const n = 8 << 20
	dir := hostileDir(t, map[string]string{"a16.conf": strings.Repeat("a;", n)})
	var peaks []string
	for run := range memoryBudgetRuns {
		out := &countWriter{mark: []byte("[unknown-directive]\n")}
		r := runBinaryTo(t, dir, out, "check", "-f", "compact", "a16.conf")
		if r.code != 1 || out.n != n {
			t.Fatalf("exit status %d and %d unknown-directive findings, want 1 and %d:\n%.3000s", r.code, out.n, n, r.stderr)
		}
		peaks = append(peaks, fmt.Sprintf("%d MiB", r.maxRSS>>20))
		// A run of a starved machine can overshoot (see TestMemoryBudget):
		// the least peak of up to three runs counts.
		if r.maxRSS <= memoryBound {
			return
		}
		t.Logf("run %d: peak RSS %d MiB", run+1, r.maxRSS>>20)
	}
	t.Errorf("peak RSS %s for 16 MiB of findings: none within %d MiB", strings.Join(peaks, ", "), memoryBound>>20)
}

// countWriter counts the occurrences of mark in what is written to it.
type countWriter struct {
	mark []byte
	n    int
	tail []byte // the last len(mark)-1 bytes written, where a mark may begin
}

func (w *countWriter) Write(p []byte) (int, error) {
	buf := make([]byte, 0, len(w.tail)+len(p))
	buf = append(append(buf, w.tail...), p...)
	w.n += bytes.Count(buf, w.mark)
	keep := min(len(w.mark)-1, len(buf))
	// A mark that ends in the kept bytes was counted: keep only what
	// follows the last one.
	if i := bytes.LastIndex(buf, w.mark); i >= 0 && i+len(w.mark) > len(buf)-keep {
		keep = len(buf) - (i + len(w.mark))
	}
	w.tail = append(w.tail[:0], buf[len(buf)-keep:]...)
	return len(p), nil
}

// TestHostileManyRegexes: 3,000 location regexes of about 3.8 KB each (11
// MB) are checked within a few times the memory budget: each parsed
// pattern takes about 100 times its text, and the parsed patterns shared
// between rules are kept up to a number of bytes, not of patterns (1.3 GB
// when only their number was bounded).
func TestHostileManyRegexes(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's shadow memory doubles the peak this test bounds; .ci/run runs it without the race detector")
	}
	conf := repeated("http {\n    server {\n        listen 80;\n", 3000, func(i int) string {
		return repeated(fmt.Sprintf("        location ~ ^/(p%d", i), 180, func(j int) string {
			return fmt.Sprintf("|p%d_%d[a-z]+(x|y)?", i, j)
		}, ")$ { return 200; }\n")
	}, "    }\n}\n")
	dir := hostileDir(t, map[string]string{"re.conf": conf})
	r := runBinary(t, dir, nil, "check", "-f", "compact", "re.conf", "good.conf")
	r.check(t, 1)
	if r.maxRSS > 300<<20 {
		t.Errorf("peak RSS %d MiB for 11 MB of regexes, want at most 300 MiB", r.maxRSS>>20)
	}
}

// TestHostileLargeBlocks: blocks of hundreds of thousands of statements
// are checked in time linear in them. Rules that look at a statement's
// siblings for each statement (the allow/deny list in effect, the captures
// a $1 may take, the regex locations that shadow a location, an include
// not read in an http{} of 50,000 servers) or follow a chain of variables
// for each use took from 15 s to minutes on each of these; a hang fails
// the test by its timeout.
func TestHostileLargeBlocks(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's shadow memory doubles the peak this test bounds, and slows it tenfold; .ci/run runs it without the race detector")
	}
	dir := hostileDir(t, map[string]string{
		// Each variable set from the one before, and tested by a regex
		// whose captures a later set reads.
		"chain.conf": repeated("events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n", 5000, func(i int) string {
			return fmt.Sprintf("            set $v%d \"$v%d\"; add_header X-%d $v%d; if ($v%d ~ ^(a)(b)$) { set $w $2; } rewrite ^/a%d/(.*)$ /b/$1;\n", i, max(i-1, 0), i, i, i, i)
		}, "            proxy_pass http://127.0.0.1:8080;\n        }\n    }\n}\n"),
		"https.conf": repeated("http {\n", 50000, func(i int) string {
			return fmt.Sprintf("    server { listen 443 ssl; server_name s%d.example.com; ssl_certificate /c/%d.pem; ssl_certificate_key /c/%d.key; }\n", i, i, i)
		}, "}\n"),
		"locations.conf": "http {\n    server {\n        listen 80;\n" + strings.Repeat("        location /same { return 200; }\n", 200000) + "    }\n}\n",
		"servers.conf":   "http {\n" + strings.Repeat("    server { listen 80; server_name same.example.com; location / { return 200; } }\n", 60000) + "}\n",
		"rewrites.conf": repeated("http {\n    server {\n        listen 80;\n        location / {\n", 200000, func(i int) string {
			return fmt.Sprintf("            rewrite ^/r%d/(.*)$ /s%d/$1 last;\n", i, i)
		}, "        }\n    }\n}\n"),
	})
	r := runBinary(t, dir, nil, "check", "-f", "compact", "--jobs", "2", "locations.conf", "servers.conf", "rewrites.conf", "chain.conf", "https.conf", "good.conf")
	r.check(t, 1, `^locations.conf:200003:18: error: duplicate location "/same" \[duplicate-directive\]$`)
	if got := strings.Count(r.stdout, "[hsts-header]"); got != 50000 {
		t.Errorf("https.conf: %d hsts-header findings, want one per server (50000; and one default-server-flag)", got)
	}
	for file, want := range map[string]int{"locations.conf": 199999, "servers.conf": 59999 + 1, "rewrites.conf": 0, "chain.conf": 0, "https.conf": 50000 + 1} {
		if got := strings.Count("\n"+r.stdout, "\n"+file+":"); got != want {
			t.Errorf("%s: %d findings, want %d", file, got, want)
		}
	}
}

// TestHostileOptInRules: rules that are off by default are linear too on
// blocks of many statements: 100,000 proxy_pass lines to an upstream group
// in one server (proxy-missing-host looked for an include not read among
// every sibling of each: 36 s) and 50,000 ifs in one location before its
// try_files (if-is-evil looked for try_files among every sibling of each:
// 24 s). A hang fails the test by its timeout.
func TestHostileOptInRules(t *testing.T) {
	if raceEnabled {
		t.Skip("slowed tenfold by the race detector; .ci/run runs it without")
	}
	dir := hostileDir(t, map[string]string{
		"proxies.conf": "events {}\nhttp {\n    upstream app { server 10.0.0.1:8080; }\n    server {\n        listen 80;\n" +
			strings.Repeat("        location /p { proxy_pass http://app; }\n", 100000) + "    }\n}\n",
		"ifs.conf": repeated("events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n", 50000, func(i int) string {
			return fmt.Sprintf("            if ($arg_a%d) { set $x%d 1; }\n", i, i)
		}, "            try_files $uri =404;\n        }\n    }\n}\n"),
	})
	r := runBinary(t, dir, nil, "check", "-f", "compact", "--jobs", "2", "--enable", "proxy-missing-host,if-is-evil", "proxies.conf", "ifs.conf", "good.conf")
	r.check(t, 1, `^proxies.conf:100005:34: info: the backend gets Host: app, not the name the client asked for \[proxy-missing-host\]$`,
		`^ifs.conf:50005:13: warning: if in a location with try_files \(line 50006\): try_files is skipped when it is true \[if-is-evil\]$`)
	for rule, want := range map[string]int{"proxy-missing-host": 100000, "if-is-evil": 50000} {
		if got := strings.Count(r.stdout, "["+rule+"]"); got != want {
			t.Errorf("%d %s findings, want %d", got, rule, want)
		}
	}
}

// TestHostileManyIncludes: one file included 100,000 times is expanded up
// to the include limit, with a single finding where expansion stops.
func TestHostileManyIncludes(t *testing.T) {
	const n = 100000
	dir := hostileDir(t, map[string]string{
		"one.conf":  "gzip on;\n",
		"many.conf": "http {\n" + strings.Repeat("    include one.conf;\n", n) + "}\n",
	})
	r := runBinary(t, dir, nil, "check", "many.conf", "good.conf")
	r.check(t, 1, `^many.conf:4098:13: warning: more than 4096 includes in one configuration: the rest are not checked \[limit-exceeded\]$`,
		fmt.Sprintf(`^ += note: "one.conf" is the first include not checked\n += note: nor %d includes after it\n += note: raise the limit with --max-includes$`, n-4097))
	if c := strings.Count(r.stdout, "[limit-exceeded]"); c != 1 {
		t.Errorf("%d limit-exceeded findings, want 1", c)
	}
}

// TestHostileUnreadable: a file whose read fails even for root
// (/proc/self/mem of the reading process: input/output error) is an exit-2
// message naming it; the other paths are still linted.
func TestHostileUnreadable(t *testing.T) {
	if _, err := os.Stat("/proc/self/mem"); err != nil {
		t.Skip("no /proc/self/mem here")
	}
	dir := hostileDir(t, map[string]string{})
	runBinary(t, dir, nil, "check", "/proc/self/mem", "good.conf").check(t, 2,
		`^nginx-lint: /proc/self/mem: input/output error$`)
}

// TestHostileBytesInReports: bytes that are not UTF-8 and control
// characters in directive names and arguments (which findings quote) leave
// every report format valid UTF-8, valid JSON or XML where it is one, and
// without an escape character a terminal would obey.
func TestHostileBytesInReports(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"bytes.conf": "http {\n    caf\xe9_on \xff\x01;\n    \x1b[2J \x9b1m;\n    upstream app { server localhost:1; } # \xfe\n}\n",
	})
	for _, format := range []string{"text", "compact", "json", "sarif", "checkstyle", "junit", "gitlab", "github"} {
		r := runBinary(t, dir, nil, "check", "-f", format, "bytes.conf", "good.conf")
		if r.code != 1 || !strings.Contains(r.stdout, "bytes.conf") || !strings.Contains(r.stdout, "good.conf") {
			t.Errorf("%s: exit %d, output:\n%.2000s", format, r.code, r.stdout)
		}
		if !utf8.ValidString(r.stdout) || strings.ContainsAny(r.stdout, "\x1b\u009b") {
			t.Errorf("%s: output is not clean UTF-8: %q", format, r.stdout)
		}
		switch format {
		case "json", "sarif", "gitlab":
			if !json.Valid([]byte(r.stdout)) {
				t.Errorf("%s: not valid JSON", format)
			}
		case "checkstyle", "junit":
			d := xml.NewDecoder(strings.NewReader(r.stdout))
			for {
				_, err := d.Token()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Errorf("%s: not valid XML: %v", format, err)
					break
				}
			}
		}
	}
}
