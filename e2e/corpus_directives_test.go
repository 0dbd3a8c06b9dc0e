package e2e

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
	"github.com/nginx-lint/nginx-lint/internal/corpus"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// TestCorpusDirectiveFindings reports how many corpus files get
// unknown-directive and invalid-context errors, with the target taken as
// open-source nginx without third-party modules and again with every
// module declared, and the directive names behind them. The review of
// these findings is in docs/directive-rules.md. Set NGINX_LINT_CORPUS_OUT
// to a file to get every finding listed there.
func TestCorpusDirectiveFindings(t *testing.T) {
	corpus := filepath.Join(testutil.Shared(t), "corpus")
	files := corpusFiles(t, corpus)
	rules := []string{"unknown-directive", "invalid-context"}
	bare := &analyzer.Config{Only: rules}
	all := &analyzer.Config{Only: rules, Modules: directives.Families()}

	var out *bufio.Writer
	if p := os.Getenv("NGINX_LINT_CORPUS_OUT"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		out = bufio.NewWriter(f)
		defer out.Flush()
	}
	type tally struct {
		files map[string]int // rule → files
		names map[string]int // rule + name → findings
	}
	count := func(cfg *analyzer.Config, list bool) tally {
		tl := tally{files: map[string]int{}, names: map[string]int{}}
		for _, rel := range files {
			path := filepath.Join(corpus, rel)
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			fs := analyzer.Run(rel, path, src, analyzer.LoadOptions{}, cfg)
			hit := map[string]bool{}
			for _, f := range fs {
				if f.Rule != "unknown-directive" && f.Rule != "invalid-context" {
					continue
				}
				if f.Range.Start.File != rel {
					continue // in an included file, counted on its own
				}
				hit[f.Rule] = true
				name := directiveAt(src, f.Range.Start.Offset)
				tl.names[f.Rule+" "+name]++
				if list && out != nil {
					fmt.Fprintf(out, "%s\t%s:%d\t%s\t%s\n", f.Rule, rel, f.Range.Start.Line, name, f.Message)
				}
			}
			for r := range hit {
				tl.files[r]++
			}
		}
		return tl
	}
	b := count(bare, true)
	m := count(all, false)
	testutil.Report(t, "corpus (%d files), open-source nginx without modules: %d files with unknown-directive, %d with invalid-context; with every module declared: %d and %d",
		len(files), b.files["unknown-directive"], b.files["invalid-context"], m.files["unknown-directive"], m.files["invalid-context"])
	type kv struct {
		k string
		v int
	}
	var top []kv
	for k, v := range b.names {
		top = append(top, kv{k, v})
	}
	sort.Slice(top, func(i, j int) bool { return top[i].v > top[j].v || top[i].v == top[j].v && top[i].k < top[j].k })
	var parts []string
	for i, e := range top {
		if i == 25 {
			break
		}
		parts = append(parts, fmt.Sprintf("%s ×%d", e.k, e.v))
	}
	t.Logf("most frequent: %s", strings.Join(parts, ", "))
}

// directiveAt returns the word starting at offset.
func directiveAt(src []byte, off int) string {
	end := off
	for end < len(src) && !strings.ContainsRune(" \t\r\n;{", rune(src[end])) {
		end++
	}
	return string(src[off:end])
}

// corpusFiles lists the corpus files from its MANIFEST.tsv (owner__repo/path).
func corpusFiles(t *testing.T, dir string) []string {
	files, err := corpus.Files(dir)
	if err != nil {
		t.Fatal(err)
	}
	return files
}
