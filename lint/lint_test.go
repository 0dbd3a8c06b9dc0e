package lint_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
	"github.com/nginx-lint/nginx-lint/lint"
)

const site = "server {\n    location / {\n        proxy_pass http://localhost:5000;\n    }\n}\n"

func ruleIDs(fs []analyzer.Finding) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.Rule)
	}
	return ids
}

// The overlay, not the disk, is what is linted and what includes read.
func TestOverlayOverDisk(t *testing.T) {
	dir := t.TempDir()
	main := filepath.Join(dir, "nginx.conf")
	inc := filepath.Join(dir, "site.conf")
	testutil.Must(t, os.WriteFile(main, []byte("events {}\nhttp {\n    include site.conf;\n}\n"), 0o644))
	testutil.Must(t, os.WriteFile(inc, []byte("server {\n    listen 80;\n}\n"), 0o644))
	e := lint.New(lint.Options{})
	res, err := e.Lint(context.Background(), main)
	testutil.Must(t, err)
	if slices.Contains(ruleIDs(res.Findings), "localhost-upstream") {
		t.Fatalf("disk text has no localhost: %v", ruleIDs(res.Findings))
	}
	e.SetOverlay(inc, []byte(site))
	res, err = e.Lint(context.Background(), main)
	testutil.Must(t, err)
	var found bool
	for _, f := range res.Findings {
		if f.Rule == "localhost-upstream" {
			found = true
			if !res.InFile(&f, inc) || res.InFile(&f, main) || res.FileOf(&f) != inc {
				t.Errorf("finding located in %q, want %s", f.Range.Start.File, inc)
			}
		}
	}
	if !found {
		t.Fatalf("overlay of the included file not read: %v", ruleIDs(res.Findings))
	}
	e.SetOverlay(inc, nil)
	res, err = e.Lint(context.Background(), main)
	testutil.Must(t, err)
	if slices.Contains(ruleIDs(res.Findings), "localhost-upstream") {
		t.Fatalf("overlay removed, disk counts again: %v", ruleIDs(res.Findings))
	}
}

// Two engines with different options run side by side and keep their own
// overlays and settings.
func TestTwoEnginesSideBySide(t *testing.T) {
	path := filepath.Join(t.TempDir(), "site.conf")
	all := lint.New(lint.Options{})
	only := lint.New(lint.Options{Config: &analyzer.Config{Only: []string{"resolver-ipv6"}}})
	all.SetOverlay(path, []byte(site))
	only.SetOverlay(path, []byte(site+"resolver 8.8.8.8;\n"))
	var wg sync.WaitGroup
	got := make([][]string, 2)
	for i, e := range []*lint.Engine{all, only} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				res, err := e.Lint(context.Background(), path)
				if err != nil {
					t.Error(err)
					return
				}
				got[i] = ruleIDs(res.Findings)
			}
		}()
	}
	wg.Wait()
	if !slices.Contains(got[0], "localhost-upstream") {
		t.Errorf("default engine: %v, want localhost-upstream", got[0])
	}
	if slices.Contains(got[1], "localhost-upstream") {
		t.Errorf("engine with --only resolver-ipv6 reported other rules: %v", got[1])
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := lint.New(lint.Options{}).LintText(ctx, "x.conf", []byte(site)); err == nil {
		t.Fatal("cancelled context: want its error")
	}
}

// The ignore edit suppresses the finding it was made for.
func TestIgnoreEditSuppresses(t *testing.T) {
	e := lint.New(lint.Options{})
	src := []byte(site)
	res, err := e.LintText(context.Background(), "site.conf", src)
	testutil.Must(t, err)
	i := slices.IndexFunc(res.Findings, func(f analyzer.Finding) bool { return f.Rule == "localhost-upstream" })
	if i < 0 {
		t.Fatalf("no localhost finding: %v", ruleIDs(res.Findings))
	}
	ed := lint.IgnoreEdit(src, &res.Findings[i], "the app listens on both families")
	fixed, errs := analyzer.ApplyEdits(src, []analyzer.TextEdit{ed})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := "        # nginx-lint:ignore localhost-upstream the app listens on both families\n        proxy_pass"
	if !strings.Contains(string(fixed), want) {
		t.Fatalf("edited text:\n%s", fixed)
	}
	res, err = e.LintText(context.Background(), "site.conf", fixed)
	testutil.Must(t, err)
	if slices.Contains(ruleIDs(res.Findings), "localhost-upstream") || slices.Contains(ruleIDs(res.Findings), "ignore") {
		t.Fatalf("after the ignore comment: %v", ruleIDs(res.Findings))
	}
}

func TestFixAllUsesOverlay(t *testing.T) {
	path := filepath.Join(t.TempDir(), "site.conf")
	e := lint.New(lint.Options{Config: &analyzer.Config{Loopback: "ipv4", LoopbackSet: true}})
	e.SetOverlay(path, []byte(site))
	files, err := e.FixAll(context.Background(), path, false)
	testutil.Must(t, err)
	if len(files) != 1 || !strings.Contains(string(files[0].New), "proxy_pass http://127.0.0.1:5000;") {
		t.Fatalf("fixed files: %+v", files)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("FixAll wrote to disk")
	}
}

// ConfigFor gives each file its own settings, asked on every run.
func TestConfigPerFile(t *testing.T) {
	dir := t.TempDir()
	quiet := filepath.Join(dir, "quiet", "site.conf")
	loud := filepath.Join(dir, "loud", "site.conf")
	only := []string{"resolver-ipv6"}
	e := lint.New(lint.Options{ConfigFor: func(path string) (*analyzer.Config, analyzer.LoadOptions, error) {
		if filepath.Base(filepath.Dir(path)) == "quiet" {
			return &analyzer.Config{Only: only}, analyzer.LoadOptions{}, nil
		}
		return nil, analyzer.LoadOptions{}, nil
	}})
	for _, p := range []string{quiet, loud} {
		e.SetOverlay(p, []byte(site))
	}
	got := map[string][]string{}
	for _, p := range []string{quiet, loud} {
		res, err := e.Lint(context.Background(), p)
		testutil.Must(t, err)
		got[p] = ruleIDs(res.Findings)
	}
	if slices.Contains(got[quiet], "localhost-upstream") || !slices.Contains(got[loud], "localhost-upstream") {
		t.Fatalf("per-file settings not applied: %v", got)
	}
	only = []string{"localhost-upstream"} // the configuration changed
	res, err := e.Lint(context.Background(), quiet)
	testutil.Must(t, err)
	if !slices.Contains(ruleIDs(res.Findings), "localhost-upstream") {
		t.Fatalf("changed settings not read again: %v", ruleIDs(res.Findings))
	}
}
