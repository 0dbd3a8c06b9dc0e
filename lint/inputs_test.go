package lint

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
	"github.com/nginx-lint/nginx-lint/reporter"
	"github.com/nginx-lint/nginx-lint/rules"
)

var update = flag.Bool("update", false, "rewrite golden files")

func testConfig() *analyzer.Config {
	_ = rules.All()
	return &analyzer.Config{Enabled: map[string]bool{}, Loopback: "ipv4"}
}

// render lints args and returns the text and JSON reports.
func render(t *testing.T, args []string, opt inputOptions) (string, string) {
	t.Helper()
	var stderr bytes.Buffer
	res := lintInputs(strings.NewReader(""), args, opt, testConfig(), &stderr)
	if stderr.Len() > 0 || res.failed {
		t.Fatalf("stderr: %s", stderr.String())
	}
	rep := &reporter.Report{Findings: res.findings, Sources: res.sources, Files: res.files}
	var text, js bytes.Buffer
	text.WriteString(strings.Join(res.files, "\n") + "\n")
	for name, w := range map[string]*bytes.Buffer{"text": &text, "json": &js} {
		f, err := reporter.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := f(w, rep, reporter.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	return text.String(), js.String()
}

// TestParallelTree lints a generated tree of 2,000 files with one worker
// and with many, and with no tree kept from parsing to checking: the
// output must be identical (run with -race to check that parsing and
// rules share no mutable state).
func TestParallelTree(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, src string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var root strings.Builder
	root.WriteString("events {}\nhttp {\n    resolver 10.0.0.1;\n")
	n := 0
	for d := 0; d < 40; d++ {
		fmt.Fprintf(&root, "    include site%02d/*.conf;\n", d)
		for f := 0; f < 50 && n < 1999; f++ {
			n++
			var src string
			switch f % 4 {
			case 0:
				src = fmt.Sprintf("upstream u%d_%d { server localhost:%d; }\n", d, f, 5000+f)
			case 1:
				src = fmt.Sprintf("server {\n    listen %d;\n    location / { proxy_pass http://localhost:%d; }\n}\n", 8000+f, 9000+f)
			case 2:
				src = fmt.Sprintf("server { listen %d; location / { return 200; } }\n", 7000+f)
			default:
				src = fmt.Sprintf("server { listen %d;\n", 6000+f) // syntax error
			}
			sub := fmt.Sprintf("site%02d", d)
			if d%5 == 4 {
				sub = fmt.Sprintf("orphans%02d", d) // not included: fragments
			}
			write(fmt.Sprintf("%s/f%02d.conf", sub, f), src)
		}
	}
	root.WriteString("}\n")
	write("nginx.conf", root.String())
	if n+1 != 2000 {
		t.Fatalf("generated %d files", n+1)
	}
	seqText, seqJSON := render(t, []string{dir}, inputOptions{jobs: 1})
	parText, parJSON := render(t, []string{dir}, inputOptions{jobs: 8})
	if seqText != parText || seqJSON != parJSON {
		t.Fatal("parallel output differs from sequential output")
	}
	// With no room to keep trees until the roots are known, each file is
	// checked as soon as it is parsed (the files included by one parsed
	// before it excepted): the same output.
	// Trees kept until the budget is exceeded, then checked with the rest:
	// the same output.
	defer func(n int64) { parseCacheBytes = n }(parseCacheBytes)
	for _, cache := range []int64{0, 4 << 10} {
		parseCacheBytes = cache
		againText, againJSON := render(t, []string{dir}, inputOptions{jobs: 8})
		if againText != seqText || againJSON != seqJSON {
			t.Fatalf("output differs when files are checked as they are parsed (%d bytes of trees kept)", cache)
		}
	}
	if c := strings.Count(seqText, "[localhost-upstream]"); c != 1039 {
		t.Errorf("%d localhost findings, want 1039", c)
	}
	if !strings.HasPrefix(seqText, filepath.Join(dir, "nginx.conf")+"\n") {
		t.Errorf("nginx.conf is not the first file: %.200s", seqText)
	}
}

// TestFixYAMLGolden applies the first fix of every finding in a manifest:
// edits land in the literal block scalars and nothing else changes.
func TestFixYAMLGolden(t *testing.T) {
	for _, name := range []string{"fix.yaml", "fix-crlf.yaml"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("..", "testdata", "k8s", name)
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			cfg := testConfig()
			cfg.Only = []string{"localhost-upstream", "resolver-ipv6"} // the fixture's subject
			res := lintInputs(nil, []string{path}, inputOptions{}, cfg, os.Stderr)
			var edits []analyzer.TextEdit
			for _, f := range res.findings.All() {
				if len(f.Fixes) == 0 {
					continue
				}
				for _, e := range f.Fixes[0].Edits {
					if e.Range.Start.File != path {
						t.Fatalf("edit in %s, want %s", e.Range.Start.File, path)
					}
					edits = append(edits, e)
				}
			}
			out, errs := analyzer.ApplyEdits(src, edits)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			golden := path + ".golden"
			if *update {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("fixed YAML differs from %s:\n%s", golden, out)
			}
			// The fixed manifest is still valid and lints without those findings.
			tmp := filepath.Join(t.TempDir(), name)
			if err := os.WriteFile(tmp, out, 0o644); err != nil {
				t.Fatal(err)
			}
			res2 := lintInputs(nil, []string{tmp}, inputOptions{}, cfg, os.Stderr)
			if res2.failed {
				t.Fatal("fixed YAML cannot be read")
			}
			for _, f := range res2.findings.All() {
				if len(f.Fixes) > 0 {
					t.Errorf("still fixable after fixing: %s %s", f.Range.Start, f.Message)
				}
			}
		})
	}
}

// A file checked only through its includer, when the two include each
// other, is the root after all when it is nginx.conf: its text is kept to
// be parsed again. With no trees kept (each file checked as it is parsed)
// the walk finds a.conf first, checks it, and then nginx.conf, which a.conf
// includes; the report is the one made with both trees kept.
func TestIncludeCycleCheckedAsParsed(t *testing.T) {
	dir := t.TempDir()
	testutil.WriteFiles(t, dir, map[string]string{
		"nginx.conf": "events {}\nhttp {\n  include a.conf;\n}\n",
		"a.conf":     "server {\n  listen 80;\n  include nginx.conf;\n  location / {\n    proxy_pass http://localhost:5000;\n  }\n}\n",
	})
	keptText, keptJSON := render(t, []string{dir}, inputOptions{jobs: 1})
	defer func(n int64) { parseCacheBytes = n }(parseCacheBytes)
	parseCacheBytes = 0
	text, js := render(t, []string{dir}, inputOptions{jobs: 1})
	for _, want := range []string{"[include-cycle]", "[localhost-upstream]"} {
		if !strings.Contains(keptText, want) {
			t.Errorf("no %s finding with the trees kept:\n%s", want, keptText)
		}
	}
	if text != keptText || js != keptJSON {
		t.Errorf("checked as parsed:\n%s\nwith the trees kept:\n%s", text, keptText)
	}
}

// The text a check holds, as told to inputOptions.count (Env.TextHeld),
// rises as files are read and comes back to nothing once every file is
// checked: plain files with includes, a file included by one found after
// it, Kubernetes manifests and an nginx -T dump, files a walk reads and
// skips, with the trees kept until the roots are known and without.
func TestTextHeldReleased(t *testing.T) {
	dir := t.TempDir()
	yaml, err := os.ReadFile(filepath.Join("..", "testdata", "k8s", "fix.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	testutil.WriteFiles(t, dir, map[string]string{
		"nginx.conf":      "events {}\nhttp {\n  include conf.d/*.conf;\n  include sites/*.conf;\n}\n",
		"conf.d/a.conf":   "upstream app {\n  server localhost:5000;\n}\n",
		"sites/b.conf":    "server {\n  listen 80;\n  location / {\n    proxy_pass http://app;\n  }\n}\n",
		"other/site.conf": "server {\n  listen 81;\n  location / {\n    proxy_pass http://localhost:5001;\n  }\n}\n",
		"k8s/app.yaml":    string(yaml),
		// Read, and not checked: a .conf file that is not nginx's, and
		// YAML that is no manifest.
		"other/supervisord.conf": "[program:app]\ncommand=/usr/bin/app\n",
		"k8s/values.yaml":        "replicas: 2\n",
		"dump.txt": "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n" +
			"nginx: configuration file /etc/nginx/nginx.conf test is successful\n" +
			"# configuration file /etc/nginx/nginx.conf:\nevents {}\nhttp {\n  include /etc/nginx/conf.d/*.conf;\n}\n\n" +
			"# configuration file /etc/nginx/conf.d/app.conf:\nserver {\n  listen 80;\n  location / {\n    proxy_pass http://localhost:5000;\n  }\n}\n\n",
	})
	defer func(n int64) { parseCacheBytes = n }(parseCacheBytes)
	for _, cache := range []int64{parseCacheBytes, 0, 100} {
		parseCacheBytes = cache
		var mu sync.Mutex
		held, most := 0, 0
		opt := inputOptions{jobs: 2, count: func(n int) {
			mu.Lock()
			defer mu.Unlock()
			held += n
			most = max(most, held)
			if held < 0 {
				t.Errorf("text held fell to %d", held)
			}
		}}
		text, _ := render(t, []string{dir, filepath.Join(dir, "dump.txt")}, opt)
		for _, want := range []string{"conf.d/a.conf", "other/site.conf", "app.yaml", "/etc/nginx/conf.d/app.conf"} {
			if !strings.Contains(text, want) {
				t.Errorf("cache %d: nothing reported in %s:\n%s", cache, want, text)
			}
		}
		if held != 0 || most == 0 {
			t.Errorf("cache %d: %d bytes of text still held after the check (at most %d)", cache, held, most)
		}
	}
}

// The cache keeps trees while its budget lasts (the one that overdraws it
// too); the first tree it refuses brings back those it kept, in order, and
// it keeps none after.
func TestParseCacheFlush(t *testing.T) {
	c := newParseCache(10)
	text := func(n int) *target { return &target{targetInput: &targetInput{src: make([]byte, n)}} }
	a, b, d, e := text(4), text(8), text(1), text(1)
	for _, x := range []*target{a, b} {
		if kept, flush, first := c.keep(x); !kept || flush != nil || first {
			t.Fatalf("a tree within the budget: kept %v, flush %v, first %v", kept, flush, first)
		}
	}
	kept, flush, first := c.keep(d)
	if kept || len(flush) != 2 || flush[0] != a || flush[1] != b || !first {
		t.Fatalf("first tree past the budget: kept %v, flush %v, first %v", kept, flush, first)
	}
	if kept, flush, first := c.keep(e); kept || flush != nil || first {
		t.Fatalf("after the budget: kept %v, flush %v, first %v", kept, flush, first)
	}
}

// Over a run larger than the cache, every tree is handed to spill, those
// kept before the budget ran out with the first one it refused: none waits
// for the end of the walk; and the run is told it is over many files.
func TestParseCacheSpillsKept(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for i := range 10 {
		files[fmt.Sprintf("s%d.conf", i)] = fmt.Sprintf("server {\n  listen %d;\n}\n", 8000+i)
	}
	testutil.WriteFiles(t, dir, files)
	var spilled []string
	var batches []int
	spill := func(ts []*target) {
		batches = append(batches, len(ts))
		for _, x := range ts {
			spilled = append(spilled, filepath.Base(x.name))
			x.letGo(false)
		}
	}
	var stderr bytes.Buffer
	var told []int
	many := func(workers int) { told = append(told, workers) }
	prepareInputs(nil, []string{dir}, inputOptions{jobs: 1, manyFiles: many}, testConfig(), &stderr, newParseCache(70), spill)
	if stderr.Len() > 0 {
		t.Fatal(stderr.String())
	}
	// The run is told it is over a tree of many files once, with its
	// workers; a run the cache holds whole is not told.
	if !slices.Equal(told, []int{1}) {
		t.Errorf("told of many files %v, want [1]", told)
	}
	told = nil
	prepareInputs(nil, []string{dir}, inputOptions{jobs: 3, manyFiles: many}, testConfig(), &stderr, newParseCache(1000), func([]*target) {})
	if told != nil {
		t.Errorf("a run within the cache was told of many files %v", told)
	}
	// Each file has 26 bytes: three are kept, the fourth is refused.
	want := []string{"s0.conf", "s1.conf", "s2.conf", "s3.conf", "s4.conf", "s5.conf", "s6.conf", "s7.conf", "s8.conf", "s9.conf"}
	if !slices.Equal(spilled, want) || !slices.Equal(batches, []int{4, 1, 1, 1, 1, 1, 1}) {
		t.Errorf("spilled %v in batches %v", spilled, batches)
	}
}
