package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// The seed configs' directive mistakes, found without nginx: proxy_pass in
// server{}, resolver inside upstream on 1.22, the third-party
// more_set_headers, the missing ';' after gzip_disable "msie6" and a
// connect timeout above 75s.
func TestSeedDirectiveMistakes(t *testing.T) {
	type want struct {
		file, rule string
		line       int
	}
	lint := func(name, version string) []analyzer.Finding {
		path := filepath.Join(testutil.Shared(t), "seed", name)
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return analyzer.Run(name, path, src, analyzer.LoadOptions{}, &analyzer.Config{NginxVersion: version})
	}
	for _, c := range []struct {
		file, version string
		wants         []want
	}{
		{"sidecar-localhost.conf", "1.22.1", []want{{"sidecar-localhost.conf", "invalid-context", 30}}},
		{"sidecar-resolver.conf", "1.22.1", []want{
			{"sidecar-resolver.conf", "invalid-context", 13},
			{"sidecar-resolver.conf", "missing-semicolon", 28},
			{"sidecar-resolver.conf", "unknown-directive", 63},
			{"sidecar-resolver.conf", "unknown-directive", 73},
			{"sidecar-resolver.conf", "timeout-cap", 91},
		}},
	} {
		fs := lint(c.file, c.version)
		for _, w := range c.wants {
			found := false
			for _, f := range fs {
				if f.Rule == w.rule && f.Range.Start.Line == w.line {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: no %s finding on line %d", w.file, w.rule, w.line)
			}
		}
	}
	// On the newest nginx, resolver inside upstream is fine.
	for _, f := range lint("sidecar-resolver.conf", "") {
		if f.Rule == "invalid-context" {
			t.Errorf("newest nginx: unexpected %s", f.Message)
		}
	}
}
