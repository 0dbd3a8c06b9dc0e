package lint

import (
	"fmt"
	"testing"
)

// BenchmarkFindRoots: dedupe and findRoots over the targets of a tree of
// 56,000 files (the corpus × 40's shape: a few includes each, a tenth of
// the files included by another), serial work between the walk and the
// report of a run over many files.
func BenchmarkFindRoots(b *testing.B) {
	const n = 56000
	ts := make([]*target, n)
	for i := range ts {
		dir := fmt.Sprintf("/work/tree/copy-%03d/repo-%04d/conf.d", i/1400, i%1400/4)
		name := fmt.Sprintf("%s/site-%d.conf", dir, i%4)
		if i%4 == 0 {
			name = dir + "/nginx.conf"
		}
		t := &target{name: name, key: name}
		if i%4 == 0 {
			for j := 1; j < 4 && i+j < n; j++ {
				t.includes = append(t.includes, fmt.Sprintf("%s/site-%d.conf", dir, j), dir+"/mime.types")
			}
		}
		ts[i] = t
	}
	for b.Loop() {
		if roots := findRoots(dedupe(ts)); len(roots) == 0 {
			b.Fatal("no roots")
		}
	}
}
