package analyzer_test

import (
	"fmt"
	"reflect"
	"slices"
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
// input twice gives the same findings. The walk the rules use visits, and
// skips, what a walk of the tree does.
//
// The seed corpus in testdata/fuzz/FuzzAnalysis is built from the project's
// fixtures by `go generate ./analyzer` (see internal/fuzzseed).
func FuzzAnalysis(f *testing.F) {
	for _, s := range []string{
		"http { server { listen 80; location / { proxy_pass http://localhost:8080; } } }\n",
		"include conf.d/*.conf;\ninclude nginx.conf;\ninclude missing.conf;\n",
		"server_tokens on; # nginx-lint:ignore version-disclosure reason\n# nginx-lint:ignore-file nope\n",
		"location ~ ^/(a+)+$ { alias /x/; if ($x) { return 301 $uri; } }\n",
		"map $p $m { default $m; } server { set $p \"$p$m\"; set $p \"$p$p\"; location / { proxy_pass http://h$p; add_header X $p; } }\n",
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
		a := analyzer.Parse("/etc/nginx/nginx.conf", "/etc/nginx/nginx.conf", src, opts)
		if err := sameWalks(a); err != nil {
			t.Fatal(err)
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

// sameWalks compares the rules' walk (Analysis.Walk, over the flat walk
// order) with a recursion over the tree (Walk), skipping the children of
// every other block directive and of the blocks of some names.
func sameWalks(a *analyzer.Analysis) error {
	for _, skipOdd := range []bool{false, true} {
		skip := func(d *analyzer.Directive, n int) bool {
			return d.Block != nil && (n%2 == 1) == skipOdd || len(d.Name())%3 == 0
		}
		var flat, tree []*analyzer.Directive
		a.Walk(func(d *analyzer.Directive) bool {
			flat = append(flat, d)
			return !skip(d, len(flat))
		})
		analyzer.Walk(a.Root.Children(), func(d *analyzer.Directive) bool {
			tree = append(tree, d)
			return !skip(d, len(tree))
		})
		if !slices.Equal(flat, tree) {
			return fmt.Errorf("the walk order visits %d directives, the tree %d (skipping odd: %v)", len(flat), len(tree), skipOdd)
		}
	}
	return nil
}

// TestWalkSkip: a walk that skips a block's children resumes after them,
// also where includes pulled statements into blocks at several depths.
func TestWalkSkip(t *testing.T) {
	mem := sources.NewMemFS()
	mem.Add("/etc/nginx/inner.conf", []byte("location /i { deny all; if ($x) { return 404; } }\nset $y 1;\n"))
	mem.Add("/etc/nginx/outer.conf", []byte("server { listen 80; include inner.conf; location /o { include inner.conf; } }\nmap $a $b { default 0; }\n"))
	src := []byte("events {}\nhttp { include outer.conf; server { location / { location /n { return 200; } } } }\ninclude missing.conf;\n")
	a := analyzer.Parse("/etc/nginx/nginx.conf", "/etc/nginx/nginx.conf", src, analyzer.LoadOptions{FS: mem})
	n := 0
	a.Walk(func(*analyzer.Directive) bool { n++; return true })
	if n < 20 {
		t.Fatalf("the walk visits %d directives: the includes were not read", n)
	}
	if err := sameWalks(a); err != nil {
		t.Fatal(err)
	}
}
