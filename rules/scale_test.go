package rules_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// checkOnly runs one rule on src and returns its findings.
func checkOnly(t *testing.T, rule, src string) []analyzer.Finding {
	t.Helper()
	a := analyzer.Parse("big.conf", "", []byte(src), analyzer.LoadOptions{})
	a.Config = &analyzer.Config{Only: []string{rule}}
	var out []analyzer.Finding
	for _, f := range a.Check() {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// TestUnreachableLocationPairBudget: a block of thousands of regex
// locations read as literal text is compared pair by pair only up to a
// budget, and the cut is said once, as an info at the first location left
// out; a block within it is checked in full.
func TestUnreachableLocationPairBudget(t *testing.T) {
	block := func(n int) string {
		var b strings.Builder
		b.WriteString("http {\n    server {\n        listen 80;\n        location ~ /shadow { return 200; }\n")
		for i := range n {
			fmt.Fprintf(&b, "        location ~ /r%dq { return 200; }\n", i)
		}
		b.WriteString("        location ~ /shadowed { return 200; }\n    }\n}\n")
		return b.String()
	}
	fs := checkOnly(t, "unreachable-location", block(100))
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "regex location never matches") || fs[0].Range.Start.Line != 105 {
		t.Fatalf("100 regex locations: want the shadowed one at line 105, got %v", fs)
	}
	fs = checkOnly(t, "unreachable-location", block(7000))
	if len(fs) != 1 || !strings.HasPrefix(fs[0].Message, "unreachable locations not looked for from here on") || fs[0].Severity != analyzer.Info {
		t.Fatalf("7000 regex locations: want one info about the cut, got %d findings: %v", len(fs), fs)
	}
	// The cut comes where the pairs compared pass the budget: about
	// sqrt(2 × budget) regex locations in.
	if l := fs[0].Range.Start.Line; l < 5000 || l > 7000 {
		t.Errorf("the cut is at line %d, want where the budget runs out (5000–7000)", l)
	}
}
