package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// TestCorpusHeadlines runs every rule, those off by default too, over the
// shared corpus and fails on a finding whose headline (Message) is longer
// than analyzer.MaxHeadline bytes: the why and the fix belong in notes. It
// runs twice, with open-source nginx as the target and with every module
// declared, since the two reach different messages. It reports the median
// and longest headline.
func TestCorpusHeadlines(t *testing.T) {
	corpus := filepath.Join(testutil.Shared(t), "corpus")
	files := corpusFiles(t, corpus)
	enabled := map[string]bool{}
	for _, r := range analyzer.Rules() {
		enabled[r.ID] = true
	}
	configs := []*analyzer.Config{
		{Enabled: enabled},
		{Enabled: enabled, Modules: directives.Families()},
	}
	var lens []int
	over := map[string]int{} // rule → findings over the limit
	for _, cfg := range configs {
		for _, rel := range files {
			path := filepath.Join(corpus, rel)
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range analyzer.Run(rel, path, src, analyzer.LoadOptions{}, cfg) {
				lens = append(lens, len(f.Message))
				if len(f.Message) <= analyzer.MaxHeadline {
					continue
				}
				if over[f.Rule]++; over[f.Rule] <= 3 {
					t.Errorf("%s: %s headline of %d bytes, over %d: %s", f.Range.Start, f.Rule, len(f.Message), analyzer.MaxHeadline, f.Message)
				}
			}
		}
	}
	for rule, n := range over {
		if n > 3 {
			t.Errorf("%s: %d more headlines over %d bytes", rule, n-3, analyzer.MaxHeadline)
		}
	}
	if len(lens) == 0 {
		t.Fatalf("no findings over %d corpus files: the corpus or the rules are not loaded", len(files))
	}
	slices.Sort(lens)
	testutil.Report(t, "corpus (%d files, twice): %d findings, headline median %d bytes, longest %d",
		len(files), len(lens), lens[len(lens)/2], lens[len(lens)-1])
}
