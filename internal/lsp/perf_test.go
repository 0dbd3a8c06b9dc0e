package lsp

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/nginx-lint/nginx-lint/internal/benchgen"
)

// BenchmarkEditDiagnostics measures what the server does after an edit of
// an open 100 KB configuration once the debounce time has passed: take the
// new text, lint it and build the diagnostics. The budget is 30 ms.
// Besides the wall time (ns/op), it reports the processor time of the
// whole process per edit (cpu-ns/op: every thread, the collector's too),
// which a busy machine does not inflate the way it does the wall time.
func BenchmarkEditDiagnostics(b *testing.B) {
	src := benchgen.Config(100 << 10)
	s := newServer(Options{})
	path := filepath.Join(b.TempDir(), "nginx.conf")
	// Edits alternate one port number, as typing does.
	texts := [2][]byte{src, bytes.Replace(src, []byte(":8080"), []byte(":8081"), 1)}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	i := 0
	defer reportCPU(b)()
	for b.Loop() {
		text := texts[i%2]
		s.engine.SetOverlay(path, text)
		if _, err := s.diagnostics(context.Background(), path, text); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// reportCPU starts measuring the processor time of the process; the
// function it returns, called when the benchmark's loop has ended,
// reports it per iteration as cpu-ns/op (where it can be measured).
func reportCPU(b *testing.B) func() {
	cpu0, ok0 := cpuTime()
	return func() {
		if cpu1, ok := cpuTime(); ok && ok0 && b.N > 0 {
			b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
		}
	}
}

// TestEditsKeepMemoryFlat makes 10,000 edits of an open buffer in one
// session, each linted and published, and compares the live heap after a
// collection at 1,000 and at 10,000 edits: a session keeps no memory per
// edit.
func TestEditsKeepMemoryFlat(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's shadow memory blurs the heap; .ci/run runs this test without it")
	}
	c, _ := start(t, nil)
	go func() {
		for range c.diags { // drain the publications
		}
	}()
	s := c.srv
	path := filepath.Join(t.TempDir(), "site.conf")
	u := c.open(path, buffer)
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var warm uint64
	for i := 1; i <= 10000; i++ {
		text := fmt.Sprintf("%s# edit %d\n", buffer, i%97)
		s.change(u, int32(i+1), []protocol.TextDocumentContentChangeEvent{{Text: text}})
		s.publish(u)
		if i == 1000 {
			warm = heap()
		}
	}
	end := heap()
	t.Logf("live heap after 1,000 edits %d KB, after 10,000 %d KB", warm>>10, end>>10)
	if end > warm+2<<20 {
		t.Fatalf("live heap grew from %d KB to %d KB over 9,000 edits", warm>>10, end>>10)
	}
}
