package fixer_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/fixer"
	"github.com/nginx-lint/nginx-lint/internal/fuzzcheck"
)

// FuzzFix applies the fixes of every rule (safe ones, or safe and unsafe)
// to arbitrary bytes read as standard input, and checks the fixer's
// promises: the edits one pass applies do not overlap and are exactly what
// the output differs by; the findings of the fixed text keep the finding
// invariants; fixing adds no syntax error; and fixing the output again
// changes nothing. Refusing a fix is fine; a fix that does not settle is
// not.
//
// The seed corpus in testdata/fuzz/FuzzFix is built from the project's
// fixtures by `go generate ./analyzer` (see internal/fuzzseed).
func FuzzFix(f *testing.F) {
	for _, s := range []string{
		"http {\n  server_tokens on;\n  server { listen 80; location / { proxy_pass http://localhost:8080; } }\n}\n",
		"upstream u { server localhost:80; keepalive 4; }\r\nserver { location /a { proxy_pass http://u; } }\r\n",
		"server {\n  add_header X-A a;\n  location / { add_header X-B b; }\n}\n",
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
		if err := checkFix(src, cfg, fixer.Options{Unsafe: unsafe}); err != nil {
			t.Fatal(err)
		}
	})
}

// fixStdin runs the fixer on src as standard input, includes off, and
// returns the result and the fixed text.
func fixStdin(src []byte, cfg *analyzer.Config, opt fixer.Options) (*fixer.Result, []byte) {
	res := fixer.Fix(fixer.Input{Name: "fuzz.conf", Src: src, Stdin: true}, analyzer.LoadOptions{NoIncludes: true}, cfg, opt)
	if len(res.Files) == 0 {
		return res, src
	}
	return res, res.Files[0].New
}

// checkFix returns an error describing the first promise of the fixer that
// fixing src breaks.
func checkFix(src []byte, cfg *analyzer.Config, opt fixer.Options) error {
	// One pass: the fixes it applies are edits of src that do not overlap
	// and give its output.
	one := opt
	one.MaxPasses = 1
	res, out := fixStdin(src, cfg, one)
	var edits []analyzer.TextEdit
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
			for _, g := range edits {
				if analyzer.Overlaps(e, g) {
					return fmt.Errorf("one pass applied overlapping edits %+v and %+v", g, e)
				}
			}
			seen[e] = true
			edits = append(edits, e)
		}
	}
	want, errs := analyzer.ApplyEdits(src, edits)
	if len(errs) > 0 || !bytes.Equal(want, out) {
		return fmt.Errorf("one pass produced %q; its applied edits give %q (%v)", out, want, errs)
	}

	// All passes.
	res, out = fixStdin(src, cfg, opt)
	if err := fuzzcheck.CheckFindings(res.Analysis, res.Remaining); err != nil {
		return fmt.Errorf("after fixing: %w", err)
	}
	before := map[string]int{}
	for _, f := range res.Original {
		if f.Rule == analyzer.RuleSyntaxError {
			before[f.Message]++
		}
	}
	for _, f := range res.Remaining {
		if f.Rule != analyzer.RuleSyntaxError {
			continue
		}
		if before[f.Message] == 0 {
			return fmt.Errorf("fixing added a syntax error at %s: %s; fixed text %q", f.Range.Start, f.Message, out)
		}
		before[f.Message]--
	}

	// Fixes keep the line ends of the file: a CRLF file stays CRLF, an LF
	// file gets no CR.
	if n := bytes.Count(src, []byte("\n")); n > 0 && bytes.Count(src, []byte("\r\n")) == n {
		if bytes.Count(out, []byte("\n")) != bytes.Count(out, []byte("\r\n")) {
			return fmt.Errorf("fixing a CRLF file added a bare LF: %q", out)
		}
	}
	if !bytes.Contains(src, []byte("\r")) && bytes.Contains(out, []byte("\r")) {
		return fmt.Errorf("fixing a file without CR added one: %q", out)
	}

	// Fixing the output again changes nothing.
	again, out2 := fixStdin(out, cfg, opt)
	if !bytes.Equal(out, out2) {
		var rules []string
		for _, f := range again.Fixed {
			rules = append(rules, f.Rule)
		}
		return fmt.Errorf("fixing is not idempotent (first run settled: %v after %d passes): a second run applies %v and turns\n%q\ninto\n%q", res.Settled, res.Passes, rules, out, out2)
	}
	return nil
}
