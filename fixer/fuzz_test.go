package fixer_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/fixer"
	"github.com/nginx-lint/nginx-lint/internal/fuzzcheck"
	"github.com/nginx-lint/nginx-lint/sources"
)

// FuzzFix applies the fixes of every rule (safe ones, or safe and unsafe)
// to arbitrary bytes and checks the fixer's promises: the edits one pass
// applies do not overlap and are exactly what each file's output differs
// by; the findings of the fixed text keep the finding invariants; fixing
// adds no syntax error; line ends are kept; and fixing the output again
// changes nothing. Refusing a fix is fine; a fix that does not settle is
// not.
//
// An input is read as a txtar archive (the format of golang.org/x/tools/txtar, which reads it):
// without members it is one file given as standard input, includes off;
// with members, its comment is the linted file and each member a file next
// to it that it may include by name, all in memory, so that fixes in
// included files (and those spanning several) are fuzzed too.
//
// The seed corpus in testdata/fuzz/FuzzFix is built from the project's
// fixtures by `go generate ./analyzer` (see internal/fuzzseed).
func FuzzFix(f *testing.F) {
	for _, s := range []string{
		"http {\n  server_tokens on;\n  server { listen 80; location / { proxy_pass http://localhost:8080; } }\n}\n",
		"upstream u { server localhost:80; keepalive 4; }\r\nserver { location /a { proxy_pass http://u; } }\r\n",
		"server {\n  add_header X-A a;\n  location / { add_header X-B b; }\n}\n",
		"http {\n  include conf.d/*.conf;\n  server { include snippets/proxy.conf; }\n}\n" +
			"-- conf.d/up.conf --\nupstream app { server localhost:5000; }\n" +
			"-- snippets/proxy.conf --\nlocation / { proxy_pass http://app; proxy_http_version 1.0; }\nserver_tokens on;\n",
		"events {}\nhttp { include site.conf; include site.conf; }\n-- site.conf --\r\nserver { listen 80; add_header X-A a; location / { proxy_pass http://localhost:1; } }\r\n",
	} {
		f.Add([]byte(s), false, false)
		f.Add([]byte(s), true, true)
	}
	configs := fuzzcheck.AllRulesConfigs()
	f.Fuzz(func(t *testing.T, src []byte, unsafe, old bool) {
		cfg := configs[0]
		if old {
			cfg = configs[1]
		}
		if err := checkFix(readFuzzInput(src), cfg, fixer.Options{Unsafe: unsafe}); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzGrammar is FuzzFix on configurations that fuzzcheck.Grammar builds
// from the fuzzer's bytes: a mutation there changes a statement, a value
// or the nesting, not a byte that the scanner would refuse, so the fuzzer
// spends its time in what rules read (variables defined from each other,
// captures, addresses, includes). It runs each rule's analysis and fixes,
// safe or unsafe, for both configurations of fuzzcheck.AllRulesConfigs.
func FuzzGrammar(f *testing.F) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 8 {
		b := make([]byte, 64+r.IntN(512))
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		f.Add(b, false, false)
		f.Add(b, true, true)
	}
	configs := fuzzcheck.AllRulesConfigs()
	f.Fuzz(func(t *testing.T, choices []byte, unsafe, old bool) {
		cfg := configs[0]
		if old {
			cfg = configs[1]
		}
		if err := checkFix(readFuzzInput(fuzzcheck.Grammar(choices)), cfg, fixer.Options{Unsafe: unsafe}); err != nil {
			t.Fatal(err)
		}
	})
}

// fuzzRoot is the directory of an archive's files.
const fuzzRoot = "/fuzz"

// fuzzInput is the files of one fuzz input: the linted file first.
type fuzzInput struct {
	names []string // main first; "" main name means standard input
	text  map[string][]byte
	stdin bool
}

// readFuzzInput reads src as an archive (see FuzzFix). Members whose name
// is not a plain relative path, or repeats one, are left out.
func readFuzzInput(src []byte) fuzzInput {
	ar := txtar.Parse(src)
	if len(ar.Files) == 0 {
		return fuzzInput{names: []string{"fuzz.conf"}, text: map[string][]byte{"fuzz.conf": src}, stdin: true}
	}
	main := path.Join(fuzzRoot, "main.conf")
	in := fuzzInput{names: []string{main}, text: map[string][]byte{main: ar.Comment}}
	for _, m := range ar.Files {
		name := path.Clean(m.Name)
		full := path.Join(fuzzRoot, name)
		if m.Name == "" || name == "." || strings.HasPrefix(name, "..") || path.IsAbs(name) || taken(in.text, full) {
			continue
		}
		in.names = append(in.names, full)
		in.text[full] = m.Data
	}
	return in
}

// with returns the input with the given texts in place of its own.
func (in fuzzInput) with(text map[string][]byte) fuzzInput {
	out := fuzzInput{names: in.names, text: map[string][]byte{}, stdin: in.stdin}
	for _, n := range in.names {
		out.text[n] = in.text[n]
		if t, ok := text[n]; ok {
			out.text[n] = t
		}
	}
	return out
}

// fix runs the fixer on the input and returns the result and the text of
// every file afterwards (unchanged files as they were).
func (in fuzzInput) fix(cfg *analyzer.Config, opt fixer.Options) (*fixer.Result, map[string][]byte) {
	main := in.names[0]
	var res *fixer.Result
	if in.stdin {
		res = fixer.Fix(fixer.Input{Name: main, Src: in.text[main], Stdin: true}, analyzer.LoadOptions{NoIncludes: true}, cfg, opt)
	} else {
		fsys := sources.NewMemFS()
		for _, n := range in.names[1:] {
			fsys.Add(n, in.text[n])
		}
		res = fixer.Fix(fixer.Input{Name: main, Path: main, Src: in.text[main]}, analyzer.LoadOptions{FS: fsys}, cfg, opt)
	}
	out := map[string][]byte{}
	for _, n := range in.names {
		out[n] = in.text[n]
	}
	for _, f := range res.Files {
		out[f.Name] = f.New
	}
	return res, out
}

// checkFix returns an error describing the first promise of the fixer that
// fixing the input breaks.
func checkFix(in fuzzInput, cfg *analyzer.Config, opt fixer.Options) error {
	// One pass: the fixes it applies are edits of the files that do not
	// overlap and give its output.
	one := opt
	one.MaxPasses = 1
	res, out := in.fix(cfg, one)
	edits := map[string][]analyzer.TextEdit{}
	var all []analyzer.TextEdit
	seen := map[analyzer.TextEdit]bool{}
	for i := range res.Fixed {
		fx := opt.Choose(&res.Fixed[i])
		if fx == nil {
			return fmt.Errorf("%s finding at %s is listed as fixed but has no fix the options want", res.Fixed[i].Rule, res.Fixed[i].Range.Start)
		}
		for _, e := range fx.Edits {
			if seen[e] {
				continue
			}
			for _, g := range all {
				if g.Range.Start.File == e.Range.Start.File && analyzer.Overlaps(e, g) {
					return fmt.Errorf("one pass applied overlapping edits %+v and %+v", g, e)
				}
			}
			if _, ok := in.text[e.Range.Start.File]; !ok {
				return fmt.Errorf("an edit of %q, which is not a file of the input: %+v", e.Range.Start.File, e)
			}
			seen[e] = true
			all = append(all, e)
			edits[e.Range.Start.File] = append(edits[e.Range.Start.File], e)
		}
	}
	for _, n := range in.names {
		want, errs := analyzer.ApplyEdits(in.text[n], edits[n])
		if len(errs) > 0 || !bytes.Equal(want, out[n]) {
			return fmt.Errorf("one pass produced %q for %s; its applied edits give %q (%v)", out[n], n, want, errs)
		}
	}

	// All passes.
	res, out = in.fix(cfg, opt)
	if err := fuzzcheck.CheckFindings(res.Analysis, res.Remaining); err != nil {
		return fmt.Errorf("after fixing: %w", err)
	}
	// Syntax errors are counted in the files whose text changed, against
	// each file's own text as given: a fix can make a file be read for the
	// first time (a `;` added after an include), so the first pass's
	// findings need not hold its errors. The text is read as the fixer
	// reads it, as a template where it looks like one: a placeholder read
	// as nginx text gives other errors than the same placeholder read as
	// markup ("A\nserver ;{{A}}").
	before := map[string]int{}
	for _, name := range in.names {
		file := analyzer.NewFile(name, name, in.text[name])
		file.SetTemplate(analyzer.TemplateAuto, nil)
		u := analyzer.Scan(file, analyzer.CtxMain, 0)
		for _, e := range u.Errors {
			before[name+": "+e.Message]++
		}
	}
	for _, f := range res.Remaining {
		if name := f.Range.Start.File; f.Rule != analyzer.RuleSyntaxError || bytes.Equal(out[name], in.text[name]) {
			continue
		}
		key := f.Range.Start.File + ": " + f.Message
		if before[key] == 0 {
			return fmt.Errorf("fixing added a syntax error at %s: %s; fixed text %q", f.Range.Start, f.Message, out[f.Range.Start.File])
		}
		before[key]--
	}

	// Fixes keep the line ends of each file: a CRLF file stays CRLF, an LF
	// file gets no CR.
	for _, name := range in.names {
		src, got := in.text[name], out[name]
		if n := bytes.Count(src, []byte("\n")); n > 0 && bytes.Count(src, []byte("\r\n")) == n {
			if bytes.Count(got, []byte("\n")) != bytes.Count(got, []byte("\r\n")) {
				return fmt.Errorf("fixing CRLF file %s added a bare LF: %q", name, got)
			}
		}
		if !bytes.Contains(src, []byte("\r")) && bytes.Contains(got, []byte("\r")) {
			return fmt.Errorf("fixing %s, a file without CR, added one: %q", name, got)
		}
	}

	// Fixing the output again changes nothing.
	again, out2 := in.with(out).fix(cfg, opt)
	for _, name := range in.names {
		if !bytes.Equal(out[name], out2[name]) {
			var rules []string
			for _, f := range again.Fixed {
				rules = append(rules, f.Rule)
			}
			return fmt.Errorf("fixing is not idempotent (first run settled: %v after %d passes): a second run applies %v and turns %s\n%q\ninto\n%q", res.Settled, res.Passes, rules, name, out[name], out2[name])
		}
	}
	return nil
}

// The archive form reaches included files: fixes land in them, and the
// fixer's promises hold there (the harness itself, not only its seeds).
func TestFuzzInputFixesIncludedFiles(t *testing.T) {
	in := readFuzzInput([]byte("http {\n  include conf.d/*.conf;\n  server { include snippets/proxy.conf; }\n}\n" +
		"-- conf.d/up.conf --\nupstream app { server localhost:5000; }\n" +
		"-- snippets/proxy.conf --\nlocation / { proxy_pass http://app; }\nserver_tokens on;\n" +
		"-- ../escape.conf --\nserver_tokens on;\n"))
	if in.stdin || len(in.names) != 3 {
		t.Fatalf("read as %+v", in.names)
	}
	cfg := fuzzcheck.AllRulesConfigs()[0]
	opt := fixer.Options{Unsafe: true}
	_, out := in.fix(cfg, opt)
	for _, name := range []string{"/fuzz/conf.d/up.conf", "/fuzz/snippets/proxy.conf"} {
		if bytes.Equal(out[name], in.text[name]) {
			t.Errorf("%s not fixed: %q", name, out[name])
		}
	}
	if err := checkFix(in, cfg, opt); err != nil {
		t.Error(err)
	}
}

// taken reports whether the archive already has a file of that name (an
// empty one included).
func taken(text map[string][]byte, name string) bool {
	_, ok := text[name]
	return ok
}
