package analyzer_test

import (
	"runtime"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/benchgen"
	_ "github.com/nginx-lint/nginx-lint/rules"
	"github.com/tufanbarisyildirim/gonginx/parser"
)

// Benchmarks over generated configs of several sizes (internal/benchgen).
// NGINX_LINT_BENCH_SIZES=1,20,1024,51200 chooses the sizes in KB; the
// default leaves out the slow 50 MB case. scripts/bench-go runs them all;
// docs/performance.md records the figures.

// BenchmarkScan is our scanner alone: positions, arguments, comments.
func BenchmarkScan(b *testing.B) {
	each(b, func(b *testing.B, src []byte) {
		analyzer.Scan(analyzer.NewFile("x.conf", "", src), analyzer.CtxMain, 0)
	})
}

// BenchmarkGonginx is gonginx's parser alone over the whole text, the yardstick
// docs/performance.md measures the full analysis against.
func BenchmarkGonginx(b *testing.B) {
	each(b, func(b *testing.B, src []byte) {
		if _, err := parser.NewStringParser(string(src), parser.WithSkipValidDirectivesErr()).Parse(); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkParse is the analyzer's tree: scan, context inference, includes
// and gonginx linking.
func BenchmarkParse(b *testing.B) {
	each(b, func(b *testing.B, src []byte) {
		analyzer.Parse("x.conf", "", src, analyzer.LoadOptions{})
	})
}

// BenchmarkAnalysis is what `nginx-lint check` does per file: parse, every
// default rule, suppression.
func BenchmarkAnalysis(b *testing.B) {
	each(b, func(b *testing.B, src []byte) {
		analyzer.Run("x.conf", "", src, analyzer.LoadOptions{}, nil)
	})
}

func each(b *testing.B, fn func(b *testing.B, src []byte)) {
	benchgen.Each(b, fn)
}

// BenchmarkRetained reports the heap the analyzer's tree keeps alive, as a
// multiple of the input size ("live-x"): what a file costs in memory while
// its rules run.
func BenchmarkRetained(b *testing.B) {
	benchgen.Each(b, func(b *testing.B, src []byte) {
		b.ReportMetric(liveMultiple(src), "live-x")
	})
}

// liveMultiple is the heap kept alive by the tree of src, divided by its size.
func liveMultiple(src []byte) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	a := analyzer.Parse("x.conf", "", src, analyzer.LoadOptions{})
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(a)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(len(src))
}
