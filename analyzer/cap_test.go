package analyzer_test

import (
	"bytes"
	"fmt"
	"reflect"
	"runtime"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/sources"
)

// capFiles are a configuration whose findings come from several rules and
// files: an include read once, one read twice, one with an ignore comment.
var capFiles = map[string]string{
	"/etc/nginx/nginx.conf": `a; b; server_tokens on;
include conf.d/*.conf;
http {
    include b.conf;
    include b.conf;
    server { listen 80; x1; x2; location / { proxy_pass http://localhost:8080; } }
    c1; c2; c3;
}
include c.conf;
d1; d2; d3; d4;
`,
	"/etc/nginx/conf.d/a.conf": "u1; u2; u3; u4; server_tokens on;\n",
	"/etc/nginx/b.conf":        "server_tokens on; y1; y2;\n",
	"/etc/nginx/c.conf":        "server_tokens on; # nginx-lint:ignore version-disclosure because\nz1; z2; z3;\n",
}

func checkCapped(t *testing.T, maxFindings int, cfg *analyzer.Config) ([]analyzer.Finding, []analyzer.Omitted) {
	t.Helper()
	mem := sources.NewMemFS()
	for name, src := range capFiles {
		mem.Add(name, []byte(src))
	}
	const root = "/etc/nginx/nginx.conf"
	a := analyzer.Parse(root, root, []byte(capFiles[root]), analyzer.LoadOptions{FS: mem, MaxFindings: maxFindings})
	a.Config = cfg
	fs := a.Check()
	return fs, a.Omitted()
}

// TestMaxFindings: with a cap of n, Check returns the first n findings of
// each file of what it returns without one, and counts the rest exactly,
// by file, rule and severity, whether the rules let them go as they
// report them (files read once, without ignore comments) or Check cuts
// them once sorted.
func TestMaxFindings(t *testing.T) {
	for _, cfg := range []*analyzer.Config{nil, {Severity: map[string]analyzer.Severity{"unknown-directive": analyzer.SeverityNone}}} {
		all, none := checkCapped(t, 0, cfg)
		if none != nil {
			t.Fatalf("omitted without a cap: %v", none)
		}
		perFile := map[string]int{}
		for _, f := range all {
			perFile[f.Range.Start.File]++
		}
		if cfg == nil && (perFile["/etc/nginx/nginx.conf"] < 8 || perFile["/etc/nginx/conf.d/a.conf"] < 4 || perFile["/etc/nginx/b.conf"] < 2 || perFile["/etc/nginx/c.conf"] < 3) {
			t.Fatalf("the configuration has too few findings to test the cap: %v", perFile)
		}
		for _, n := range []int{1, 2, 3, 5, 1000} {
			var want []analyzer.Finding
			omitted := map[analyzer.Omitted]int{}
			seen := map[string]int{}
			for _, f := range all {
				seen[f.Range.Start.File]++
				if seen[f.Range.Start.File] <= n {
					want = append(want, f)
				} else {
					omitted[analyzer.Omitted{File: f.Range.Start.File, Rule: f.Rule, Severity: f.Severity}]++
				}
			}
			got, gotOmitted := checkCapped(t, n, cfg)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("cap %d: findings\n%s\nwant\n%s", n, list(got), list(want))
			}
			gotCounts := map[analyzer.Omitted]int{}
			for _, o := range gotOmitted {
				gotCounts[analyzer.Omitted{File: o.File, Rule: o.Rule, Severity: o.Severity}] += o.Count
			}
			if !reflect.DeepEqual(gotCounts, omitted) {
				t.Errorf("cap %d: omitted %v, want %v", n, gotCounts, omitted)
			}
		}
	}
}

func list(fs []analyzer.Finding) string {
	var b bytes.Buffer
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s %s %s\n", f.Range.Start, f.Rule, f.Message)
	}
	return b.String()
}

// TestMaxFindingsMemory: past the cap, the findings of a file are not
// kept, nor even formatted, while the rules run: Check allocates less than
// a fifth of what it allocates without a cap.
func TestMaxFindingsMemory(t *testing.T) {
	const n = 1 << 18
	src := bytes.Repeat([]byte("a;"), n)
	check := func(maxFindings int) (uint64, *analyzer.Analysis, []analyzer.Finding) {
		a := analyzer.Parse("x.conf", "", src, analyzer.LoadOptions{MaxFindings: maxFindings})
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		fs := a.Check()
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc, a, fs
	}
	full, _, _ := check(0)
	capped, a, fs := check(10)
	if len(fs) != 10 || len(a.Omitted()) != 1 || a.Omitted()[0].Count != n-10 {
		t.Fatalf("%d findings, omitted %v; want 10 and %d more", len(fs), a.Omitted(), n-10)
	}
	t.Logf("Check allocates %d bytes per finding, %d with a cap of 10", full/n, capped/n)
	if capped*5 > full {
		t.Errorf("Check allocates %d bytes per finding with a cap of 10, %d without: the findings past the cap are kept", capped/n, full/n)
	}
}
