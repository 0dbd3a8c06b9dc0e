package analyzer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// placeholderRe matches the placeholders of the envsubst and @@NAME@@
// fixtures, which a test can render without a template engine.
var placeholderRe = regexp.MustCompile(`\$\{[A-Z_][A-Z0-9_]*\}|@@[A-Za-z0-9_.-]+@@|%%[A-Za-z0-9_.-]+%%`)

// render fills a placeholder in as envsubst or sed would: ports and hosts
// get plausible values, an @@NAME@@ alone on its line (whole statements)
// becomes nothing.
func render(src string) string {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		if t := strings.TrimSpace(l); placeholderRe.MatchString(t) && placeholderRe.FindString(t) == t {
			lines[i] = ""
			continue
		}
		lines[i] = placeholderRe.ReplaceAllStringFunc(l, func(p string) string {
			switch {
			case strings.Contains(p, "PORT"):
				return "8080"
			case strings.Contains(p, "HOST"), strings.Contains(p, "BACKEND"):
				return "10.0.0.9"
			case strings.Contains(p, "DAEMON"):
				return "off"
			}
			return "/srv/x"
		})
	}
	return strings.Join(lines, "\n")
}

// TestTemplateAgreesWithRendering lints templates and their renderings:
// on every line without a placeholder, both give the same findings (rule
// and line) — the template is checked as the rendered file would be for
// everything that does not depend on the values filled in.
func TestTemplateAgreesWithRendering(t *testing.T) {
	for _, name := range []string{"default.conf.template", "pagespeed_test.conf"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "templates", name)
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(string(src), "\n")
			findings := func(text []byte, lang analyzer.TemplateLang) []string {
				var out []string
				for _, f := range analyzer.Run(name, "", text, analyzer.LoadOptions{Template: lang, NoIncludes: true}, nil) {
					if l := f.Range.Start.Line; l <= len(lines) && !placeholderRe.MatchString(lines[l-1]) {
						out = append(out, fmt.Sprintf("%d %s", l, f.Rule))
					}
				}
				slices.Sort(out)
				return slices.Compact(out)
			}
			tpl := findings(src, analyzer.TemplateAuto)
			rendered := findings([]byte(render(string(src))), analyzer.TemplateNone)
			if !slices.Equal(tpl, rendered) {
				t.Errorf("template and rendering disagree:\ntemplate:  %v\nrendering: %v", tpl, rendered)
			}
			if len(tpl) == 0 {
				t.Error("no finding to compare")
			}
		})
	}
}
