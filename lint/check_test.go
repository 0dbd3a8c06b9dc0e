package lint_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
	"github.com/nginx-lint/nginx-lint/lint"
)

// Two checks with different settings, and two engines reading different
// configuration files, run side by side in one process: nothing one sets
// reaches the other (run with -race).
func TestTwoChecksSideBySide(t *testing.T) {
	strict, lax := t.TempDir(), t.TempDir()
	for dir, yaml := range map[string]string{
		strict: "rules:\n  localhost-upstream: error\n",
		lax:    "rules:\n  localhost-upstream: info\n",
	} {
		testutil.Must(t, os.Mkdir(filepath.Join(dir, ".git"), 0o755))
		testutil.Must(t, os.WriteFile(filepath.Join(dir, lint.ConfigFileName), []byte(yaml), 0o644))
		testutil.Must(t, os.WriteFile(filepath.Join(dir, "site.conf"), []byte(site), 0o644))
	}
	disabled := lint.DefaultSettings()
	disabled.Disable = []string{"localhost-upstream"} // wins over the file
	disabled.Given = func(flag string) bool { return flag == "disable" }
	runs := []struct {
		name string
		run  func() ([]analyzer.Finding, error)
		want func(fs []analyzer.Finding) bool
	}{
		{"check, .nginx-lint.yaml at error", func() ([]analyzer.Finding, error) {
			return checkFindings(strict, lint.DefaultSettings())
		}, func(fs []analyzer.Finding) bool {
			return hasAt(fs, "localhost-upstream", analyzer.Error)
		}},
		{"check, --disable localhost-upstream", func() ([]analyzer.Finding, error) {
			return checkFindings(strict, disabled)
		}, func(fs []analyzer.Finding) bool {
			return !slices.Contains(ruleIDs(fs), "localhost-upstream")
		}},
		{"engine, .nginx-lint.yaml at error", engineFindings(filepath.Join(strict, "site.conf")), func(fs []analyzer.Finding) bool {
			return hasAt(fs, "localhost-upstream", analyzer.Error)
		}},
		{"engine, .nginx-lint.yaml at info", engineFindings(filepath.Join(lax, "site.conf")), func(fs []analyzer.Finding) bool {
			return hasAt(fs, "localhost-upstream", analyzer.Info)
		}},
	}
	var wg sync.WaitGroup
	for _, r := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				fs, err := r.run()
				if err != nil {
					t.Errorf("%s: %v", r.name, err)
					return
				}
				if !r.want(fs) {
					t.Errorf("%s: got %v", r.name, ruleIDs(fs))
					return
				}
			}
		}()
	}
	wg.Wait()
}

func checkFindings(dir string, s lint.Settings) ([]analyzer.Finding, error) {
	c, err := lint.NewCheck([]string{dir}, s, lint.Env{})
	if err != nil {
		return nil, err
	}
	out, err := c.Lint()
	if err != nil {
		return nil, err
	}
	return out.Report.Findings.Slice(), nil
}

func engineFindings(path string) func() ([]analyzer.Finding, error) {
	e := lint.New(lint.Options{ConfigFor: lint.NewFileConfigs(lint.DefaultSettings(), nil).For})
	return func() ([]analyzer.Finding, error) {
		res, err := e.Lint(context.Background(), path)
		if err != nil {
			return nil, err
		}
		return res.Findings, nil
	}
}

func hasAt(fs []analyzer.Finding, rule string, sev analyzer.Severity) bool {
	for _, f := range fs {
		if f.Rule == rule && f.Severity == sev {
			return true
		}
	}
	return false
}

// An engine given FileConfigs drops the findings of files the nearest
// configuration file excludes, as a check does, and keeps the others.
func TestEngineExcludes(t *testing.T) {
	repo := t.TempDir()
	testutil.Must(t, os.MkdirAll(filepath.Join(repo, ".git"), 0o755))
	testutil.Must(t, os.MkdirAll(filepath.Join(repo, "vendor"), 0o755))
	testutil.Must(t, os.WriteFile(filepath.Join(repo, lint.ConfigFileName), []byte("exclude: [\"vendor/**\"]\n"), 0o644))
	own, vendored := filepath.Join(repo, "site.conf"), filepath.Join(repo, "vendor", "site.conf")
	for _, p := range []string{own, vendored} {
		testutil.Must(t, os.WriteFile(p, []byte(site), 0o644))
	}
	configs := lint.NewFileConfigs(lint.DefaultSettings(), nil)
	e := lint.New(lint.Options{ConfigFor: configs.For, Excluded: configs.Excluded})
	for p, want := range map[string]bool{own: true, vendored: false} {
		res, err := e.Lint(context.Background(), p)
		testutil.Must(t, err)
		if got := slices.Contains(ruleIDs(res.Findings), "localhost-upstream"); got != want {
			t.Errorf("%s: localhost-upstream reported %v, want %v (%v)", p, got, want, ruleIDs(res.Findings))
		}
		c, err := lint.NewCheck([]string{p}, lint.DefaultSettings(), lint.Env{})
		testutil.Must(t, err)
		out, err := c.Lint()
		testutil.Must(t, err)
		if got := slices.Contains(ruleIDs(out.Report.Findings.Slice()), "localhost-upstream"); got != want {
			t.Errorf("check of %s: localhost-upstream reported %v, want %v", p, got, want)
		}
	}
}

// TestNoSources: with NoSources the report holds no file text and the same
// findings; a baseline still gets the text its fingerprints need.
func TestNoSources(t *testing.T) {
	dir := t.TempDir()
	testutil.Must(t, os.WriteFile(filepath.Join(dir, "site.conf"), []byte(site), 0o644))
	lintWith := func(s lint.Settings) *lint.Outcome {
		t.Helper()
		c, err := lint.NewCheck([]string{dir}, s, lint.Env{})
		if err != nil {
			t.Fatal(err)
		}
		out, err := c.Lint()
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	kept := lintWith(lint.DefaultSettings())
	s := lint.DefaultSettings()
	s.NoSources = true
	dropped := lintWith(s)
	if len(kept.Report.Sources) == 0 || len(dropped.Report.Sources) != 0 {
		t.Errorf("sources: %d kept by default, %d with NoSources (want some, then none)", len(kept.Report.Sources), len(dropped.Report.Sources))
	}
	if kept.Report.Findings.Len() == 0 || !slices.EqualFunc(kept.Report.Findings.Slice(), dropped.Report.Findings.Slice(), func(a, b analyzer.Finding) bool {
		return a.Rule == b.Rule && a.Range == b.Range && a.Message == b.Message
	}) {
		t.Errorf("findings differ with NoSources: %v and %v", ruleIDs(kept.Report.Findings.Slice()), ruleIDs(dropped.Report.Findings.Slice()))
	}
	s.WriteBaseline = filepath.Join(t.TempDir(), "baseline.json")
	lintWith(s)
	s.WriteBaseline, s.Baseline = "", s.WriteBaseline
	if out := lintWith(s); out.Report.Findings.Len() != 0 || len(out.Report.Sources) == 0 {
		t.Errorf("with a baseline and NoSources: %d findings not held by it (want 0), %d sources (want the file's)", out.Report.Findings.Len(), len(out.Report.Sources))
	}
}
