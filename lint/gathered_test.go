package lint

import (
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// Each check's findings come back from gathered as they were and where its
// span says — the first check's list kept, every other encoded over blocks
// written to a temporary file, checks of no findings and of several chunks
// among them, taken from several goroutines at once — and no temporary
// file is left. Where none can be written, the blocks stay in memory and
// the findings come back all the same.
func TestGatheredSpans(t *testing.T) {
	block, chunk, apart := gatheredBlockSize, gatheredChunk, gatheredApart
	// A few findings a block; checks of up to 20 findings (of up to 3
	// chunks) are encoded before the lock is taken, larger ones under it.
	gatheredBlockSize, gatheredChunk, gatheredApart = 700, 7, 20
	t.Cleanup(func() { gatheredBlockSize, gatheredChunk, gatheredApart = block, chunk, apart })
	for _, tmp := range []string{"writable", "missing"} {
		t.Run(tmp, func(t *testing.T) {
			dir := t.TempDir()
			if tmp == "missing" {
				dir += "/missing"
			}
			t.Setenv("TMPDIR", dir)
			for k, sizes := range [][]int{
				{3, 0, 50, 2, 0, 1, 7, 0, 8, 14},
				{0, 7, 0, 0},
				{200, 1, 1},
				{0},
				{5},
				{3, 0, 50, 2, 0, 1, 7, 0, 8, 14},
				{200, 1, 1},
			} {
				workers := 1 + 2*(k/5) // the last read back by 3 workers
				var g gathered
				parts := make([]*lintResult, len(sizes))
				var wg sync.WaitGroup
				for i, n := range sizes {
					wg.Go(func() {
						l := analyzer.NewFindingList(n)
						for j := range n {
							l.Append(&analyzer.Finding{Rule: "r", Message: fmt.Sprintf("check %d, finding %d", i, j), Notes: []string{fmt.Sprint(i)},
								Range: analyzer.Range{Start: analyzer.Position{File: fmt.Sprintf("f%d.conf", i), Offset: j, Line: 1, Column: j + 1}}})
						}
						parts[i] = g.take(&lintResult{findings: l})
					})
				}
				wg.Wait()
				if tmp == "writable" {
					if left, _ := os.ReadDir(dir); len(left) != 0 {
						t.Errorf("%v: %d files in the temporary directory while the run goes on", sizes, len(left))
					}
				}
				all, err := g.list(workers)
				if err != nil {
					t.Fatal(err)
				}
				total, encoded := 0, 0
				for i, p := range parts {
					if p.span[0] < 0 {
						encoded += sizes[i]
					}
					s := g.spanOf(p.span)
					if s[1]-s[0] != sizes[i] {
						t.Fatalf("%v: check %d: span %v for %d findings", sizes, i, s, sizes[i])
					}
					for j := range sizes[i] {
						if got, want := all.At(s[0]+j).Message, fmt.Sprintf("check %d, finding %d", i, j); got != want {
							t.Fatalf("%v: check %d: finding %d reads %q, want %q", sizes, i, j, got, want)
						}
					}
					total += sizes[i]
				}
				if all.Len() != total {
					t.Errorf("%v: %d findings gathered, want %d", sizes, all.Len(), total)
				}
				if wrote := g.size > 0; wrote != (tmp == "writable" && encoded > 0) {
					t.Errorf("%v: %d bytes written to a temporary file", sizes, g.size)
				}
			}
		})
	}
}

// A temporary file that does not hold what was written is an error, not
// findings made up, whether one worker reads it back or several.
func TestGatheredCorrupt(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	for _, workers := range []int{1, 4} {
		var g gathered
		for i := range 3 {
			l := analyzer.NewFindingList(0)
			for j := range 20000 {
				l.Append(&analyzer.Finding{Rule: "r", Message: fmt.Sprintf("check %d, finding %d", i, j)})
			}
			g.take(&lintResult{findings: l})
		}
		g.flush()
		if g.file == nil || len(g.blocks) < 2 {
			t.Fatalf("%d blocks written to a temporary file, want several", len(g.blocks))
		}
		if _, err := g.file.WriteAt(make([]byte, 64), g.size/2); err != nil {
			t.Fatal(err)
		}
		if _, err := g.list(workers); err == nil {
			t.Errorf("%d workers: a corrupt temporary file read back without an error", workers)
		}
	}
}
