// Package analyzertest runs a rule over annotated fixture files.
//
// Every finding must be announced by a comment on the line it is reported
// on, and every announcement must be matched by a finding:
//
//	server localhost:5000;   # want "resolves to both"
//	server localhost:5000;   # want@12 "resolves to both"   (column 12)
//	# want+1 "unterminated"                                (next line)
//	proxy_pass x; # want "first" "second"                  (two findings)
//	server localhost:5000 max_fails=0; # want:error "502"  (severity too)
//
// A want pattern is matched against the finding's headline followed by its
// notes, each after " = note: ", and its first fix's message after
// " = fix: " (" = unsafe fix: " for an unsafe one), as the text output
// shows them, so it may name a fact that a note or the fix carries. Every finding's headline must be at most
// analyzer.MaxHeadline bytes.
//
// A want comment applies to the file it is written in, so included files
// carry their own. A file NAME.conf.golden next to NAME.conf is the text
// after applying every fix of the rule's findings; applying the fixes again
// to the golden text must change nothing.
package analyzertest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// Update rewrites golden files instead of comparing (go test -args -update).
var Update = os.Getenv("NGINX_LINT_UPDATE_GOLDEN") != ""

type want struct {
	file string
	line int
	col  int    // 0: any
	sev  string // "": any
	re   *regexp.Regexp
	raw  string
	hit  bool
}

var wantRe = regexp.MustCompile(`#\s*want([+-]\d+)?(@\d+)?(?::(error|warning|info))?((?:\s+"(?:[^"\\]|\\.)*")+)\s*$`)
var quotedRe = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// parseWants reads the want comments of one file.
func parseWants(t testing.TB, name string, src []byte) []*want {
	var out []*want
	for i, line := range strings.Split(string(src), "\n") {
		line = strings.TrimRight(line, "\r")
		m := wantRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		ln := i + 1
		if m[1] != "" {
			d, _ := strconv.Atoi(m[1])
			ln += d
		}
		col := 0
		if m[2] != "" {
			col, _ = strconv.Atoi(m[2][1:])
		}
		for _, q := range quotedRe.FindAllString(m[4], -1) {
			s, err := strconv.Unquote(q)
			if err != nil {
				t.Fatalf("%s:%d: bad want string %s: %v", name, i+1, q, err)
			}
			re, err := regexp.Compile(s)
			if err != nil {
				t.Fatalf("%s:%d: bad want regexp %s: %v", name, i+1, q, err)
			}
			out = append(out, &want{file: name, line: ln, col: col, sev: m[3], re: re, raw: s})
		}
	}
	return out
}

// Options tune a fixture run.
type Options struct {
	Config *analyzer.Config // rules other than the one tested stay off
	Load   analyzer.LoadOptions
	// Also runs more rules beside the one tested; their findings are
	// checked against the want comments too (test-config: also=ID,ID).
	Also []string
	// AllRules runs every rule Config enables (nil: the default ones)
	// instead of one, and checks all their findings (CheckFile's id is
	// then "").
	AllRules bool
}

// Run checks rule id against every *.conf directly in dir. Files in
// subdirectories are include targets, not fixtures of their own.
func Run(t *testing.T, id string, dir string) {
	RunWith(t, id, dir, Options{})
}

// RunWith is Run with options.
func RunWith(t *testing.T, id string, dir string, opt Options) {
	t.Helper()
	if analyzer.Lookup(id) == nil {
		t.Fatalf("rule %q is not registered", id)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.conf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s", dir)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			CheckFile(t, id, path, opt)
		})
	}
}

func config(id string, opt Options) *analyzer.Config {
	if opt.AllRules {
		return opt.Config
	}
	cfg := &analyzer.Config{}
	if opt.Config != nil {
		c := *opt.Config
		cfg = &c
	}
	cfg.Only = append([]string{id}, opt.Also...)
	return cfg
}

var testConfigRe = regexp.MustCompile(`(?m)^#\s*test-config:(.*)$`)

// fixtureConfig applies `# test-config: key=value …` lines of a fixture:
// nginx-version, modules (comma-separated), plus (true|false), loopback,
// prefix, include-map (FROM=TO, repeatable), confine (read includes only
// below this directory, as the command line does), also (more rules to run and
// check, comma-separated), max-depth, max-includes, max-file-size (bytes)
// and setting.KEY for rule-specific settings.
func fixtureConfig(t testing.TB, path string, src []byte, opt Options) Options {
	for _, m := range testConfigRe.FindAllSubmatch(src, -1) {
		for _, kv := range strings.Fields(string(m[1])) {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				t.Fatalf("%s: test-config entry %q is not key=value", path, kv)
			}
			c := analyzer.Config{}
			if opt.Config != nil {
				c = *opt.Config
			}
			switch {
			case k == "nginx-version":
				c.NginxVersion = v
			case k == "modules":
				c.Modules = append(append([]string(nil), c.Modules...), strings.Split(v, ",")...)
			case k == "plus":
				c.Plus = v == "true"
			case k == "loopback":
				c.Loopback, c.LoopbackSet = v, true
			case k == "prefix":
				opt.Load.Prefix = filepath.Join(filepath.Dir(path), v)
			case k == "include-map":
				from, to, _ := strings.Cut(v, "=")
				opt.Load.IncludeMap = append(opt.Load.IncludeMap, analyzer.PathMap{From: from, To: filepath.Join(filepath.Dir(path), to)})
			case k == "confine":
				opt.Load.FS = analyzer.Confine(opt.Load.FS, analyzer.NewTree(filepath.Join(filepath.Dir(path), v)))
			case k == "also":
				opt.Also = append(opt.Also, strings.Split(v, ",")...)
			case k == "max-depth" || k == "max-includes" || k == "max-file-size":
				n, err := strconv.Atoi(v)
				if err != nil || n <= 0 {
					t.Fatalf("%s: test-config %s=%q is not a positive number", path, k, v)
				}
				switch k {
				case "max-depth":
					opt.Load.MaxDepth = n
				case "max-includes":
					opt.Load.MaxIncludes = n
				default:
					opt.Load.MaxFileSize = int64(n)
				}
			case strings.HasPrefix(k, "setting."):
				m := map[string]string{}
				for kk, vv := range c.Settings {
					m[kk] = vv
				}
				m[strings.TrimPrefix(k, "setting.")] = v
				c.Settings = m
			default:
				t.Fatalf("%s: unknown test-config key %q", path, k)
			}
			opt.Config = &c
		}
	}
	return opt
}

// checkRelated fails when a related location of f is not a place in a
// file of the analysis, has no message, or is the finding's own range.
func checkRelated(t *testing.T, a *analyzer.Analysis, f *analyzer.Finding) {
	t.Helper()
	for _, r := range f.RelatedLocations() {
		var src []byte
		found := false
		for _, u := range a.Units {
			if u.File.Name == r.Range.Start.File {
				src, found = u.File.Src, true
				break
			}
		}
		switch {
		case !found:
			t.Errorf("%s: related location %s of this %s finding is in no file of the analysis", f.Range.Start, r.Range.Start, f.Rule)
		case r.Range.Start.Line < 1 || r.Range.Start.Offset < 0 || r.Range.End.Offset < r.Range.Start.Offset || r.Range.End.Offset > len(src):
			t.Errorf("%s: related location %s–%d of this %s finding is outside its file", f.Range.Start, r.Range.Start, r.Range.End.Offset, f.Rule)
		case r.Message == "":
			t.Errorf("%s: related location %s of this %s finding has no message", f.Range.Start, r.Range.Start, f.Rule)
		case r.Range == f.Range:
			t.Errorf("%s: related location of this %s finding is the finding itself: %s", f.Range.Start, f.Rule, r.Message)
		}
	}
}

// CheckFile checks one fixture.
func CheckFile(t *testing.T, id, path string, opt Options) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	opt = fixtureConfig(t, path, src, opt)
	a := analyzer.Parse(path, path, src, opt.Load)
	a.Config = config(id, opt)
	findings := a.Check()

	// A file included in several places is read once for its wants.
	var wants []*want
	read := map[string]bool{}
	for _, u := range a.Units {
		if !read[u.File.Name] {
			read[u.File.Name] = true
			wants = append(wants, parseWants(t, u.File.Name, u.File.Src)...)
		}
	}
	for _, f := range findings {
		if !opt.AllRules && f.Rule != id && f.Rule != analyzer.RuleSyntaxError && !slices.Contains(opt.Also, f.Rule) {
			continue
		}
		if len(f.Message) > analyzer.MaxHeadline {
			t.Errorf("%s: the headline of this %s finding is %d bytes, over %d (move the why and the fix to notes): %s",
				f.Range.Start, f.Rule, len(f.Message), analyzer.MaxHeadline, f.Message)
		}
		checkRelated(t, a, &f)
		text := f.Message
		for _, n := range f.Notes {
			text += " = note: " + n
		}
		if len(f.Fixes) > 0 {
			label := " = fix: "
			if !f.Fixes[0].Safe {
				label = " = unsafe fix: "
			}
			text += label + f.Fixes[0].Message
		}
		matched := false
		for _, w := range wants {
			if w.hit || w.file != f.Range.Start.File || w.line != f.Range.Start.Line {
				continue
			}
			if w.col != 0 && w.col != f.Range.Start.Column {
				continue
			}
			if w.sev != "" && w.sev != f.Severity.String() {
				continue
			}
			if w.re.MatchString(text) {
				w.hit, matched = true, true
				break
			}
		}
		if !matched {
			t.Errorf("%s: unexpected finding: %s [%s]", f.Range.Start, text, f.Rule)
		}
	}
	for _, w := range wants {
		if !w.hit {
			col := ""
			if w.col != 0 {
				col = fmt.Sprintf(":%d", w.col)
			}
			t.Errorf("%s:%d%s: no finding matching %q", w.file, w.line, col, w.raw)
		}
	}
	checkGolden(t, id, path, opt, findings)
}

// FixedSources applies the fix of every finding (its first one, safe or
// not, as `--fix --unsafe-fixes` would) and returns the new text of each
// file that changed.
func FixedSources(a *analyzer.Analysis, findings []analyzer.Finding) (map[string][]byte, []error) {
	byFile := map[string][]analyzer.TextEdit{}
	files := map[string]*analyzer.File{}
	for _, u := range a.Units {
		files[u.File.Name] = u.File
	}
	// touchesMarkup: the fixer refuses a fix that edits template markup.
	touchesMarkup := func(fx analyzer.SuggestedFix) bool {
		for _, e := range fx.Edits {
			if f := files[e.Range.Start.File]; f != nil {
				if _, ok := f.MarkupIn(e.Range.Start.Offset, e.Range.End.Offset, e.NewText); ok {
					return true
				}
			}
		}
		return false
	}
	for _, f := range findings {
		for _, fx := range f.Fixes {
			if len(fx.Edits) == 0 || touchesMarkup(fx) {
				continue
			}
			for _, e := range fx.Edits {
				byFile[e.Range.Start.File] = append(byFile[e.Range.Start.File], e)
			}
			break // further fixes are alternatives
		}
	}
	out := map[string][]byte{}
	var errs []error
	for _, u := range a.Units {
		edits, ok := byFile[u.File.Name]
		if !ok {
			continue
		}
		if _, done := out[u.File.Name]; done {
			continue
		}
		// The same file included twice yields the same edits twice.
		edits = dedupe(edits)
		b, e := analyzer.ApplyEdits(u.File.Src, edits)
		errs = append(errs, e...)
		out[u.File.Name] = b
	}
	return out, errs
}

func dedupe(es []analyzer.TextEdit) []analyzer.TextEdit {
	sort.SliceStable(es, func(i, j int) bool { return es[i].Range.Start.Offset < es[j].Range.Start.Offset })
	var out []analyzer.TextEdit
	for i, e := range es {
		if i > 0 && e == es[i-1] {
			continue
		}
		out = append(out, e)
	}
	return out
}

func checkGolden(t *testing.T, id, path string, opt Options, findings []analyzer.Finding) {
	t.Helper()
	golden := path + ".golden"
	src, _ := os.ReadFile(path)
	a := analyzer.Parse(path, path, src, opt.Load)
	fixed, errs := FixedSources(a, findings)
	for _, e := range errs {
		t.Errorf("applying fixes: %v", e)
	}
	got, changed := fixed[path]
	if !changed {
		if _, err := os.Stat(golden); err == nil {
			t.Errorf("%s exists but the rule suggested no fix for %s", golden, path)
		}
		return
	}
	if Update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	exp, err := os.ReadFile(golden)
	if err != nil {
		t.Errorf("fixes were suggested but %s is missing (set NGINX_LINT_UPDATE_GOLDEN=1 to write it)", golden)
		return
	}
	if !bytes.Equal(got, exp) {
		t.Errorf("fixed text differs from %s:\n--- got\n%s\n--- want\n%s", golden, got, exp)
	}
	// Idempotence: the fixed text offers no further fix of this rule.
	b := analyzer.Parse(path, path, got, opt.Load)
	b.Config = config(id, opt)
	for _, f := range b.Check() {
		if (f.Rule == id || opt.AllRules) && len(f.Fixes) > 0 && !touchesAnyMarkup(b, f) {
			t.Errorf("after fixing, %s still offers a fix: %s", f.Range.Start, f.Message)
		}
	}
	checkCRLF(t, id, path, opt, src, got)
}

// checkCRLF fixes the fixture with CRLF line endings and requires the
// golden text with CRLF line endings: fixes keep a file's line endings.
func checkCRLF(t *testing.T, id, path string, opt Options, src, fixed []byte) {
	t.Helper()
	crlf := func(b []byte) []byte {
		return bytes.ReplaceAll(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
	}
	a := analyzer.Parse(path, path, crlf(src), opt.Load)
	a.Config = config(id, opt)
	out, errs := FixedSources(a, a.Check())
	for _, e := range errs {
		t.Errorf("applying fixes to the CRLF text: %v", e)
	}
	if got, want := out[path], crlf(fixed); !bytes.Equal(got, want) {
		t.Errorf("with CRLF line endings the fixed text differs (fixes must keep the file's line endings):\n--- got\n%q\n--- want\n%q", got, want)
	}
}

// touchesAnyMarkup reports whether every fix of f edits template markup
// (the fixer refuses them, so they are offered again after fixing).
func touchesAnyMarkup(a *analyzer.Analysis, f analyzer.Finding) bool {
	for _, fx := range f.Fixes {
		ok := true
		for _, e := range fx.Edits {
			for _, u := range a.Units {
				if u.File.Name == e.Range.Start.File {
					if _, in := u.File.MarkupIn(e.Range.Start.Offset, e.Range.End.Offset, e.NewText); in {
						ok = false
					}
					break
				}
			}
		}
		if ok {
			return false
		}
	}
	return true
}
