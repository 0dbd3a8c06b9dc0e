package analyzer_test

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// heapAfterGC is the live heap, after two collections.
func heapAfterGC() int64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// retainedPerFinding checks src and returns the heap its findings (the
// list a report holds) keep alive once the analysis is gone, per finding,
// and the number of findings.
func retainedPerFinding(src []byte) (float64, int) {
	before := heapAfterGC()
	fs := analyzer.Parse("x.conf", "", src, analyzer.LoadOptions{}).CheckList()
	after := heapAfterGC()
	runtime.KeepAlive(fs)
	return float64(after-before) / float64(fs.Len()), fs.Len()
}

// TestFindingMemory holds what a finding costs once reported: a file of
// nothing but `a;` has one unknown-directive finding (with a note) per two
// bytes, and 16 MiB of it must fit a small machine (docs/limits.md).
func TestFindingMemory(t *testing.T) {
	const n = 1 << 17
	per, got := retainedPerFinding(bytes.Repeat([]byte("a;"), n))
	if got != n {
		t.Fatalf("%d findings, want %d", got, n)
	}
	t.Logf("%.0f bytes retained per finding", per)
	if per > 40 {
		t.Errorf("each finding keeps %.0f bytes alive, want at most 40", per)
	}
	// Text that never repeats is kept once per finding, no more: the
	// interning of repeated text must not cost a map entry per finding.
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, "a%d;", i)
	}
	perDistinct, _ := retainedPerFinding(b.Bytes())
	t.Logf("%.0f bytes retained per finding with distinct names", perDistinct)
	if perDistinct > 256 {
		t.Errorf("each finding with its own message keeps %.0f bytes alive, want at most 256", perDistinct)
	}
}

// BenchmarkFindingMemory reports the heap one retained finding costs
// ("B/finding", measured after collection, not timed) on 256 Ki of `a;`.
func BenchmarkFindingMemory(b *testing.B) {
	src := bytes.Repeat([]byte("a;"), 1<<18)
	for b.Loop() {
		per, _ := retainedPerFinding(src)
		b.ReportMetric(per, "B/finding")
	}
}

// TestSharedNotesStayApart: findings whose equal notes are shared keep
// their own notes when one of them gains a note later (the shared list is
// full to its capacity, so an append copies it).
func TestSharedNotesStayApart(t *testing.T) {
	a := analyzer.Parse("x.conf", "", []byte("a;"), analyzer.LoadOptions{})
	p := &analyzer.Pass{Analysis: a}
	r := a.Root.Children()[0].Range()
	var fs []*analyzer.Finding
	for range 1000 { // several chunks: the first ones are shared when sealed
		fs = append(fs, p.Reportf(nil, r, "same").Note("note one").Note("note two"))
	}
	fs[0].Note("only the first")
	fs[1].Notes = append(fs[1].Notes, "only the second")
	if len(fs[2].Notes) != 2 || fs[0].Notes[2] != "only the first" || fs[1].Notes[2] != "only the second" {
		t.Errorf("notes leaked between findings: %q, %q, %q", fs[0].Notes, fs[1].Notes, fs[2].Notes)
	}
}
