package analyzer_test

import (
	"path/filepath"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer/analyzertest"
	_ "github.com/nginx-lint/nginx-lint/rules"
)

// TestTemplateFixtures lints the templates of testdata/templates with every
// default rule, the language detected from the file name; every finding
// must be wanted by a `# want` comment and every want found.
func TestTemplateFixtures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "templates", "*"))
	n := 0
	for _, path := range files {
		if filepath.Ext(path) == ".golden" {
			continue
		}
		n++
		t.Run(filepath.Base(path), func(t *testing.T) {
			analyzertest.CheckFile(t, "", path, analyzertest.Options{AllRules: true})
		})
	}
	if n == 0 {
		t.Fatal("no template fixtures")
	}
}
