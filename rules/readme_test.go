package rules_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer/analyzertest"
	"github.com/nginx-lint/nginx-lint/rules"
)

// TestReadmeRuleTable keeps the rule table in README.md in step with the
// registry. Regenerate with NGINX_LINT_UPDATE_GOLDEN=1 go test ./rules/.
func TestReadmeRuleTable(t *testing.T) {
	const begin, end = "<!-- rules:begin -->\n", "<!-- rules:end -->"
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the %q … %q markers", begin, end)
	}
	var sb strings.Builder
	sb.WriteString("| rule | severity | default | fixable | what it finds |\n|---|---|---|---|---|\n")
	for _, r := range rules.All() {
		def, fix := "off", ""
		if r.Default {
			def = "on"
		}
		if r.Fixable {
			fix = "yes"
		}
		fmt.Fprintf(&sb, "| [`%s`](rules/%s.md) | %s | %s | %s | %s |\n", r.ID, rules.Stem(r.ID), r.Severity, def, fix, r.Title)
	}
	want := s[:i+len(begin)] + sb.String() + s[j:]
	if want == s {
		return
	}
	if analyzertest.Update {
		if err := os.WriteFile("../README.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md rule table is out of date: run NGINX_LINT_UPDATE_GOLDEN=1 go test ./rules/ -run TestReadmeRuleTable")
}
