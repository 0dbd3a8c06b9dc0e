package analyzer_test

import (
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/fuzzcheck"
	"github.com/nginx-lint/nginx-lint/sources"
)

// FuzzAnalysis runs the whole analysis on arbitrary bytes: loading (the
// input is also reachable as an included file, so includes, cycles and
// missing files are exercised), gonginx linking, every rule including those
// off by default, and suppression comments. Besides not panicking, every
// finding must name a registered rule, lie inside its file with line and
// column matching its offset, and every suggested fix must edit only bytes
// of one file, with edits that do not overlap.
//
// The seed corpus in testdata/fuzz/FuzzAnalysis is built from the project's
// fixtures by `go generate ./analyzer` (see internal/fuzzseed).
func FuzzAnalysis(f *testing.F) {
	for _, s := range []string{
		"http { server { listen 80; location / { proxy_pass http://localhost:8080; } } }\n",
		"include conf.d/*.conf;\ninclude nginx.conf;\ninclude missing.conf;\n",
		"server_tokens on; # nginx-lint:ignore version-disclosure reason\n# nginx-lint:ignore-file nope\n",
		"location ~ ^/(a+)+$ { alias /x/; if ($x) { return 301 $uri; } }\n",
	} {
		f.Add([]byte(s))
	}
	configs := fuzzcheck.AllRulesConfigs()
	f.Fuzz(func(t *testing.T, src []byte) {
		mem := sources.NewMemFS()
		mem.Add("/etc/nginx/nginx.conf", src)
		mem.Add("/etc/nginx/conf.d/a.conf", src)
		opts := analyzer.LoadOptions{FS: mem, MaxIncludes: 8}
		for _, cfg := range configs {
			a := analyzer.Parse("/etc/nginx/nginx.conf", "/etc/nginx/nginx.conf", src, opts)
			a.Config = cfg
			if err := fuzzcheck.CheckFindings(a, a.Check()); err != nil {
				t.Fatal(err)
			}
		}
	})
}
