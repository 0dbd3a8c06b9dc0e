package corpusrun

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/fixer"
	"github.com/nginx-lint/nginx-lint/internal/corpus"
)

// Rules that misbehave on purpose, on directives only testdata/failing
// holds: one panics, one blocks until the test releases it, one suggests a
// fix that every run suggests again, one a fix that breaks the syntax.
//
// Each run of TestPanicAndHang gets a gate of its own (newGate), so that
// `go test -count=N` closes every gate once and a later run blocks again.
var gate struct {
	sync.Mutex
	ch chan struct{}
}

// newGate returns a fresh channel the hanging rule blocks on until it is
// closed.
func newGate() chan struct{} {
	gate.Lock()
	defer gate.Unlock()
	gate.ch = make(chan struct{})
	return gate.ch
}

func currentGate() chan struct{} {
	gate.Lock()
	defer gate.Unlock()
	if gate.ch == nil {
		gate.ch = make(chan struct{})
	}
	return gate.ch
}

func init() {
	badFix := func(id, directive, text string) {
		analyzer.Register(&analyzer.Rule{ID: id, Title: "bad fix (test only)", Severity: analyzer.Warning, Fixable: true,
			Run: func(p *analyzer.Pass) {
				p.Walk(func(d *analyzer.Directive) bool {
					if d.Name() == directive {
						at := d.Range()
						at.End = at.Start
						p.Reportf(d, d.Range(), "bad fix").Fixes = []analyzer.SuggestedFix{{Message: "insert", Safe: true, Edits: []analyzer.TextEdit{{Range: at, NewText: text}}}}
					}
					return true
				})
			}})
	}
	badFix("corpusrun-test-refix", "corpusrun_test_refix", "# again\n")
	badFix("corpusrun-test-break", "corpusrun_test_break", "{")
	analyzer.Register(&analyzer.Rule{ID: "corpusrun-test-panic", Title: "panics (test only)", Severity: analyzer.Error,
		Run: func(p *analyzer.Pass) {
			p.Walk(func(d *analyzer.Directive) bool {
				if d.Name() == "corpusrun_test_panic" {
					panic("corpusrun test panic")
				}
				return true
			})
		}})
	analyzer.Register(&analyzer.Rule{ID: "corpusrun-test-hang", Title: "blocks (test only)", Severity: analyzer.Error,
		Run: func(p *analyzer.Pass) {
			p.Walk(func(d *analyzer.Directive) bool {
				if d.Name() == "corpusrun_test_hang" {
					<-currentGate()
				}
				return true
			})
		}})
}

// runCmd runs the command and returns its exit status and outputs.
func runCmd(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := Main(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// expected is what the analyzer and the fixer report for the files, each
// computed here with its own calls.
type expected struct {
	isolated, tree map[string]int
	syntax         []string // "file:line:col: message", by file
	filesFixed     int
	applied        int
}

func expect(t *testing.T, dir string, files []string) expected {
	t.Helper()
	cfg := &analyzer.Config{Enabled: map[string]bool{}}
	for _, r := range analyzer.Rules() {
		cfg.Enabled[r.ID] = true
	}
	e := expected{isolated: map[string]int{}, tree: map[string]int{}}
	for _, rel := range files {
		path := filepath.Join(dir, rel)
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var first *analyzer.Finding
		for _, f := range analyzer.Run(rel, path, src, analyzer.LoadOptions{NoIncludes: true}, cfg) {
			e.isolated[f.Rule]++
			if f.Rule == analyzer.RuleSyntaxError && (first == nil || f.Range.Start.Offset < first.Range.Start.Offset) {
				first = &f
			}
		}
		if first != nil {
			e.syntax = append(e.syntax, fmt.Sprintf("%s: %s", first.Range.Start, first.Message))
		}
		for _, f := range analyzer.Run(rel, path, src, analyzer.LoadOptions{}, cfg) {
			e.tree[f.Rule]++
		}
		res := fixer.Fix(fixer.Input{Name: rel, Path: path, Src: src}, analyzer.LoadOptions{}, cfg, fixer.Options{Unsafe: true})
		if len(res.Files) > 0 {
			e.filesFixed++
		}
		for _, f := range res.Files {
			e.applied += f.Fixes
		}
	}
	slices.Sort(e.syntax)
	return e
}

// snapshot reads every file under dir, to show the run writes nothing.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, err := os.ReadFile(p)
			m[p] = string(b)
			return err
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// The selection of testdata/tricky: by name, by content, and what is left
// out (README.md, notes.txt, the dot directory).
var trickyFiles = []string{
	"blocked.map", "broken.conf", "conf.d/app.conf", "conf.d/bom.conf", "conf.d/crlf.conf",
	"mime.types", "nginx.conf", "sites-enabled/default", "snippets/loop-a.conf", "snippets/loop-b.conf",
}

func TestTrickyJSON(t *testing.T) {
	dir := filepath.Join("testdata", "tricky")
	before := snapshot(t, dir)
	code, out, errOut := runCmd("-json", "-jobs", "3", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	var s Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if s.Selection != selectLooks || s.Files != len(trickyFiles) || s.Skipped != 2 {
		t.Errorf("selection %s, %d files, %d skipped; want %s, %d, 2", s.Selection, s.Files, s.Skipped, selectLooks, len(trickyFiles))
	}
	e := expect(t, dir, trickyFiles)
	if len(e.syntax) == 0 || e.filesFixed == 0 || e.tree[analyzer.RuleIncludeCycle] == 0 {
		t.Fatalf("the fixtures no longer have a syntax error, a fix and an include cycle: %+v", e)
	}
	if !maps.Equal(s.Isolated, e.isolated) {
		t.Errorf("isolated findings %v, the analyzer reports %v", s.Isolated, e.isolated)
	}
	if !maps.Equal(s.Tree, e.tree) {
		t.Errorf("findings in tree %v, the analyzer reports %v", s.Tree, e.tree)
	}
	var syntax []string
	for _, se := range s.SyntaxErrors {
		syntax = append(syntax, se.Position+": "+se.Message)
	}
	if !slices.Equal(syntax, e.syntax) {
		t.Errorf("syntax errors\n%q\nthe analyzer reports\n%q", syntax, e.syntax)
	}
	if s.Fixer.FilesFixed != e.filesFixed || s.Fixer.Applied != e.applied {
		t.Errorf("fixer: %d files, %d fixes; the fixer reports %d, %d", s.Fixer.FilesFixed, s.Fixer.Applied, e.filesFixed, e.applied)
	}
	if s.Failures != 0 || len(s.Crashes)+len(s.Hangs)+len(s.Fixer.NonIdempotent) != 0 {
		t.Errorf("failures: %+v", s)
	}
	if after := snapshot(t, dir); !maps.Equal(before, after) {
		t.Error("the run changed files on disk")
	}
}

func TestTrickyText(t *testing.T) {
	dir := filepath.Join("testdata", "tricky")
	code, out, errOut := runCmd("-v", "-jobs", "1", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	e := expect(t, dir, trickyFiles)
	want := []string{
		fmt.Sprintf("files: %d (selection: looks, 2 other files skipped;", len(trickyFiles)),
		fmt.Sprintf("files with syntax errors: %d\n", len(e.syntax)),
		fmt.Sprintf("fixer: %d files fixed, %d fixes applied, 0 refused (0 breaking the syntax), 0 non-idempotent\n", e.filesFixed, e.applied),
		"crashes: 0\n", "hangs: 0\n",
	}
	for _, se := range e.syntax {
		want = append(want, "  "+se+"\n")
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	// Every rule line: isolated and in-tree counts.
	rows := map[string][2]int{}
	for _, m := range regexp.MustCompile(`(?m)^  ([a-z0-9-]+) +(\d+) +(\d+)$`).FindAllStringSubmatch(out, -1) {
		a, _ := strconv.Atoi(m[2])
		b, _ := strconv.Atoi(m[3])
		rows[m[1]] = [2]int{a, b}
	}
	var total [2]int
	for id := range rows {
		if id == "total" {
			continue
		}
		if got, want := rows[id], [2]int{e.isolated[id], e.tree[id]}; got != want {
			t.Errorf("%s: printed %v, the analyzer reports %v", id, got, want)
		}
		total[0] += rows[id][0]
		total[1] += rows[id][1]
	}
	for id := range e.tree {
		if _, ok := rows[id]; !ok {
			t.Errorf("no line for %s", id)
		}
	}
	if rows["total"] != total {
		t.Errorf("total %v, the lines add up to %v", rows["total"], total)
	}
	// -list: the selection only.
	if code, out, _ := runCmd("-list", dir); code != 0 || out != strings.Join(trickyFiles, "\n")+"\n" {
		t.Errorf("-list: exit %d\n%s", code, out)
	}
	// -v: one line per file.
	for _, f := range trickyFiles {
		if !strings.Contains(errOut, f+": ") {
			t.Errorf("-v printed no line for %s:\n%s", f, errOut)
		}
	}
}

func TestPanicAndHang(t *testing.T) {
	defer close(newGate())
	dir := filepath.Join("testdata", "failing")
	code, out, errOut := runCmd("-json", "-timeout", "1s", dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, out, errOut)
	}
	var s Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if s.Files != 5 {
		t.Errorf("%d files, want 5", s.Files)
	}
	if !slices.Equal(s.Fixer.NonIdempotent, []string{"refix.conf"}) {
		t.Errorf("non-idempotent %v, want refix.conf", s.Fixer.NonIdempotent)
	}
	if s.Fixer.BreakSyntax != 1 || len(s.Fixer.BreakSyntaxLog) != 1 || !strings.HasPrefix(s.Fixer.BreakSyntaxLog[0], "breaks.conf:1:1: fix for corpusrun-test-break") {
		t.Errorf("refused for breaking the syntax: %d %q", s.Fixer.BreakSyntax, s.Fixer.BreakSyntaxLog)
	}
	if !slices.Equal(s.Hangs, []string{"hangs.conf"}) {
		t.Errorf("hangs %v, want hangs.conf", s.Hangs)
	}
	stages := map[string]bool{}
	for _, c := range s.Crashes {
		if c.File != "panics.conf" || c.Panic != "corpusrun test panic" || !strings.Contains(c.Stack, "main_test.go") {
			t.Errorf("crash %+v", c)
		}
		stages[c.Stage] = true
	}
	// The stages go on after a panic: each check and the fixer report it.
	for _, st := range []string{stageIsolated, stageTree, stageFix} {
		if !stages[st] {
			t.Errorf("no crash reported in stage %q: %v", st, stages)
		}
	}
	if s.Failures != len(s.Crashes)+3 {
		t.Errorf("failures %d, want the crashes, the hang, the non-idempotent fix and the fix breaking the syntax", s.Failures)
	}
	// The text form names the file, the panic and the stack.
	code, out, _ = runCmd("-timeout", "1s", filepath.Join(dir, "..", "failing"))
	for _, w := range []string{"panics.conf: panic in check (isolated): corpusrun test panic", "main_test.go", "hangs: 1\n", "hangs.conf: no result within", "FAIL: ",
		"not settled after 5 passes: refix.conf", "a second fix run changes refix.conf:", "+# again", "refused, breaks the syntax: breaks.conf:1:1"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
}

func TestSelection(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("owner__repo/a.conf", "events {}\n")
	write("owner__repo/sub/site", "server { listen 80; }\n")
	write("owner__repo/readme.txt", "hello\n")
	write(corpus.ManifestName, "repo\tcommit\tpath\nowner/repo\tabc\ta.conf\nowner/repo\tabc\tsub/site\n")
	files, mode, _, err := selectFiles(dir, false)
	if err != nil || mode != selectManifest || !slices.Equal(files, []string{filepath.Join("owner__repo", "a.conf"), filepath.Join("owner__repo", "sub", "site")}) {
		t.Errorf("manifest: %v %s %v", files, mode, err)
	}
	files, mode, _, err = selectFiles(dir, true)
	if err != nil || mode != selectAll || len(files) != 4 {
		t.Errorf("-all: %v %s %v", files, mode, err)
	}
	write(corpus.ManifestName, "repo\tcommit\tpath\nowner/repo\tabc\tgone.conf\n")
	if _, _, _, err := selectFiles(dir, false); err == nil || !strings.Contains(err.Error(), "gone.conf") {
		t.Errorf("a missing listed file: %v", err)
	}
	if code, _, errOut := runCmd(dir); code != 2 || !strings.Contains(errOut, "gone.conf") {
		t.Errorf("exit %d, %s", code, errOut)
	}
	if code, _, _ := runCmd(filepath.Join(dir, "nope")); code != 2 {
		t.Errorf("a missing directory: exit %d", code)
	}
	if code, _, _ := runCmd("-timeout", "0s", dir); code != 2 {
		t.Errorf("-timeout 0: exit %d", code)
	}
}

func TestTreeReadsNothingOutsideDir(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "outside.conf")
	if err := os.WriteFile(secret, []byte("server_tokens on;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	main := filepath.Join(dir, "nginx.conf")
	src := "http {\n    include " + secret + ";\n    include link/*.conf;\n    include link/outside.conf;\n}\n"
	if err := os.WriteFile(main, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := allRules()
	// Read from the operating system, the includes find the file outside.
	plain := byRule(analyzer.Run("nginx.conf", main, []byte(src), analyzer.LoadOptions{}, cfg))
	if plain["version-disclosure"] == 0 {
		t.Fatalf("the fixture no longer reaches its include: %v", plain)
	}
	got := byRule(analyzer.Run("nginx.conf", main, []byte(src), treeLoad(dir), cfg))
	if got["version-disclosure"] != 0 || got[analyzer.RuleIncludeNotFound] != 2 {
		t.Errorf("the tree read a file outside its directory: %v", got)
	}
}

// TestRuleFixtures runs over every rule fixture (rules/testdata): with
// every rule on, nothing may crash, every fix must be idempotent and no
// fix may be refused for breaking the syntax. The shared corpus gets the
// same run in CI (.ci/corpus).
func TestRuleFixtures(t *testing.T) {
	dir := filepath.Join("..", "..", "rules", "testdata")
	code, out, errOut := runCmd("-json", dir)
	var s Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("%v\n%s\n%s", err, out, errOut)
	}
	if s.Files < 100 || s.Fixer.FilesFixed == 0 {
		t.Fatalf("only %d fixtures, %d fixed", s.Files, s.Fixer.FilesFixed)
	}
	if code != 0 || s.Failures != 0 {
		_, text, _ := runCmd(dir)
		t.Errorf("exit %d:\n%s", code, text)
	}
}
