package lsp

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkManyFindings builds the diagnostics of a 100 KB buffer with a
// finding on every line (an unknown directive each): positions are
// computed for 10,000 findings.
func BenchmarkManyFindings(b *testing.B) {
	src := bytes.Repeat([]byte("nosuchdirective_x;\n"), 100<<10/19)
	s := newServer(Options{})
	path := filepath.Join(b.TempDir(), "nginx.conf")
	s.engine.SetOverlay(path, src)
	res, err := s.lintInContext(context.Background(), path, src)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d findings", len(res.Findings))
	defer reportCPU(b)()
	for b.Loop() {
		diagnosticsIn(res, path, src)
	}
}
