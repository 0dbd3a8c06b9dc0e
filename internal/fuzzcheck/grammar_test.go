package fuzzcheck

import (
	"math/rand/v2"
	"path"
	"slices"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/sources"
)

// TestGrammarReachesRules: configurations the grammar builds from random
// bytes are read as nginx text (few syntax errors) and reach the rules
// that follow variables and addresses, so that a fuzz target built on it
// tests those rules and not the scanner; and the bytes running out ends
// every list (an empty input gives a configuration).
func TestGrammarReachesRules(t *testing.T) {
	if len(Grammar(nil)) == 0 {
		t.Fatal("no configuration from no choices")
	}
	r := rand.New(rand.NewPCG(3, 4))
	cfg := AllRulesConfigs()[0]
	seen := map[string]int{}
	const n = 400
	for range n {
		b := make([]byte, 64+r.IntN(512))
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		ar := txtar.Parse(Grammar(b))
		mem := sources.NewMemFS()
		for _, m := range ar.Files {
			mem.Add(path.Join("/etc/nginx", m.Name), m.Data)
		}
		a := analyzer.Parse("/etc/nginx/nginx.conf", "/etc/nginx/nginx.conf", ar.Comment, analyzer.LoadOptions{FS: mem})
		a.Config = cfg
		fs := a.Check()
		if err := CheckFindings(a, fs); err != nil {
			t.Fatal(err)
		}
		rules := map[string]bool{}
		for _, f := range fs {
			rules[f.Rule] = true
		}
		for id := range rules {
			seen[id]++
		}
	}
	if seen[analyzer.RuleSyntaxError] > n/2 {
		t.Errorf("%d of %d configurations have syntax errors", seen[analyzer.RuleSyntaxError], n)
	}
	for _, id := range []string{"ssrf", "http-splitting", "host-spoofing", "localhost-upstream",
		"missing-resolver", "resolver-ipv6", "dynamic-proxy-scheme", "missing-internal",
		"unknown-variable", "add-header-redefinition", "alias-traversal", "invalid-regex"} {
		if seen[id] == 0 {
			t.Errorf("no configuration reached %s", id)
		}
	}
	if testing.Verbose() {
		ids := make([]string, 0, len(seen))
		for id := range seen {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			t.Logf("%-36s %d", id, seen[id])
		}
	}
}
