package rules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/analyzertest"
	"github.com/nginx-lint/nginx-lint/rules"
)

// TestRuleFixtures runs every registered rule over testdata/<stem>/.
func TestRuleFixtures(t *testing.T) {
	for _, r := range rules.All() {
		t.Run(r.ID, func(t *testing.T) {
			analyzertest.Run(t, r.ID, filepath.Join("testdata", rules.Stem(r.ID)))
		})
	}
}

// TestRuleCompleteness fails when a rule lacks its doc, fixtures that show
// a finding, or a clean fixture; or when a doc or fixture dir has no rule.
func TestRuleCompleteness(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range rules.All() {
		stem := rules.Stem(r.ID)
		ids[stem] = true
		if strings.TrimSpace(r.Documentation()) == "" {
			t.Errorf("%s: rules/%s.md is missing or empty", r.ID, stem)
		} else if !strings.HasPrefix(r.Documentation(), "# "+r.ID+"\n") {
			t.Errorf("%s: rules/%s.md must start with the heading \"# %s\"", r.ID, stem, r.ID)
		}
		wanted, clean := false, false
		_ = filepath.WalkDir(filepath.Join("testdata", stem), func(p string, e os.DirEntry, err error) error {
			if err != nil || e.IsDir() || strings.HasSuffix(p, ".golden") {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			switch {
			case strings.Contains(string(b), "# want"):
				wanted = true
			case strings.HasSuffix(p, ".conf") && filepath.Dir(p) == filepath.Join("testdata", stem):
				clean = true
			}
			return nil
		})
		if !wanted {
			t.Errorf("%s: testdata/%s/ has no fixture with a `# want` finding", r.ID, stem)
		}
		if !clean && r.ID != analyzer.RuleSyntaxError && r.ID != analyzer.RuleIncludeCycle {
			t.Errorf("%s: testdata/%s/ has no clean fixture (one without `# want`)", r.ID, stem)
		}
		if r.NginxT && r.Severity != analyzer.Error {
			t.Errorf("%s: speaks for nginx -t (NginxT) but its default severity is %s, not error", r.ID, r.Severity)
		}
		if r.Fixable {
			golden, _ := filepath.Glob(filepath.Join("testdata", stem, "*.golden"))
			if len(golden) == 0 {
				t.Errorf("%s: fixable but testdata/%s/ has no .golden file", r.ID, stem)
			}
		}
	}
	docs, _ := filepath.Glob("*.md")
	for _, d := range docs {
		if stem := strings.TrimSuffix(d, ".md"); !ids[stem] {
			t.Errorf("%s documents no registered rule", d)
		}
	}
	dirs, _ := os.ReadDir("testdata")
	for _, d := range dirs {
		if d.IsDir() && !ids[d.Name()] {
			t.Errorf("testdata/%s belongs to no registered rule", d.Name())
		}
	}
}

// TestIncludePrefix lints files of a tree that nginx reads through the
// nginx.conf above them: relative includes resolve against its directory.
func TestIncludePrefix(t *testing.T) {
	analyzertest.Run(t, "include-not-found", filepath.Join("testdata", "include_not_found", "prefix", "sites"))
}

// TestIncludedByTree lints files that set up the nginx process below an
// nginx.conf: the one it includes is part of its configuration.
func TestIncludedByTree(t *testing.T) {
	analyzertest.Run(t, "missing-required", filepath.Join("testdata", "missing_required", "tree", "conf"))
}
