package analyzer_test

import (
	"reflect"
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
// of one file, with edits that do not overlap; and analysing the same
// input twice gives the same findings.
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
		run := func(cfg *analyzer.Config) []analyzer.Finding {
			a := analyzer.Parse("/etc/nginx/nginx.conf", "/etc/nginx/nginx.conf", src, opts)
			a.Config = cfg
			fs := a.Check()
			if err := fuzzcheck.CheckFindings(a, fs); err != nil {
				t.Fatal(err)
			}
			return fs
		}
		first := run(configs[0])
		for _, cfg := range configs[1:] {
			run(cfg)
		}
		// The same input gives the same findings and fixes (baselines and
		// --fix rely on it).
		if again := run(configs[0]); !reflect.DeepEqual(first, again) {
			t.Fatalf("two analyses of the same input differ:\n%+v\n%+v", first, again)
		}
	})
}
