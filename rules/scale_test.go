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

// TestRegexRulesPastTheTreeCache: a map of more distinct regexes than the
// parsed-tree cache holds (a bot blocker's) still has every one judged: the
// rejected regex, the one that backtracks and the $N past the key's groups
// among thousands, at their lines.
func TestRegexRulesPastTheTreeCache(t *testing.T) {
	var b strings.Builder
	b.WriteString("http {\n    map $http_user_agent $bad {\n        default 0;\n")
	for i := range 3000 {
		fmt.Fprintf(&b, "        \"~*\\bagent%d\\b\" 1;\n", i)
		switch i {
		case 1000:
			b.WriteString("        \"~[z-a]\" 1;\n")
		case 2000:
			b.WriteString("        \"~^(a+)+$\" 1;\n")
		case 2500:
			b.WriteString("        \"~^/(x)\" $2;\n")
		}
	}
	b.WriteString("    }\n}\n")
	src := b.String()
	line := func(s string) int {
		before, _, ok := strings.Cut(src, s)
		if !ok {
			t.Fatalf("%s is not in the configuration", s)
		}
		return strings.Count(before, "\n") + 1
	}
	for _, c := range []struct{ rule, at, msg string }{
		{"invalid-regex", `"~[z-a]"`, "invalid regex"},
		{"invalid-regex", `"~^/(x)"`, "$2 refers to capture group 2"},
		{"regex-redos", `"~^(a+)+$"`, "can backtrack exponentially"},
	} {
		found := false
		for _, f := range checkOnly(t, c.rule, src) {
			found = found || f.Range.Start.Line == line(c.at) && strings.Contains(f.Message, c.msg)
		}
		if !found {
			t.Errorf("%s: no %q at line %d", c.rule, c.msg, line(c.at))
		}
	}
}
