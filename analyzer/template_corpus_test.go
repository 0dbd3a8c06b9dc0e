package analyzer_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// atPlaceholder matches the @@NAME@@ placeholders of test configurations.
var atPlaceholder = regexp.MustCompile(`@@[A-Za-z0-9_.-]+@@`)

// templateLike reports whether a corpus file is a template by its name
// (*.tpl, *.template, *.j2 and the other template extensions) or holds
// @@NAME@@ placeholders.
func templateLike(path string, src []byte) bool {
	switch filepath.Ext(path) {
	case ".tpl", ".tmpl", ".gotmpl", ".template", ".j2", ".jinja", ".jinja2", ".erb", ".epp":
		return true
	}
	return atPlaceholder.Match(src)
}

// TestTemplateCorpus reads the template-like files of the shared corpus as
// templates: none has a syntax error caused by its markup (none at all:
// markup that nginx would choke on is read as the template's), and no
// other file of the corpus is taken for a template, so plain
// configurations are read exactly as before.
func TestTemplateCorpus(t *testing.T) {
	dir := filepath.Join(testutil.Shared(t), "corpus")
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "MANIFEST.tsv" || d.Name() == "NOTICE" {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		lang := analyzer.DetectTemplate(rel, src, nil)
		if !templateLike(path, src) {
			if lang != analyzer.TemplateNone {
				t.Errorf("%s: a plain configuration is read as a %s template", rel, lang)
			}
			return nil
		}
		n++
		a := analyzer.Parse(rel, "", src, analyzer.LoadOptions{NoIncludes: true})
		if a.Root.File.Template() == analyzer.TemplateNone && !bytes.Contains(src, []byte("${")) {
			t.Logf("%s: no template markup found", rel)
		}
		analyzer.Walk(a.Root.Children(), func(d *analyzer.Directive) bool {
			if strings.Contains(d.Name(), "@@") {
				t.Errorf("%s: the placeholder %s is read as a directive", d.NameRange().Start, d.Name())
			}
			return true
		})
		for _, f := range a.Check() {
			if f.Rule == analyzer.RuleSyntaxError {
				t.Errorf("%s: syntax error in a template: %s", f.Range.Start, f.Message)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("only %d template-like files in the corpus (expected the 25 of hestiacp, kaltura and pagespeed)", n)
	}
	t.Logf("%d template-like files read without a syntax error", n)
}
