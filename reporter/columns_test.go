package reporter

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"unicode/utf8"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// TestRuneColumnsLongLine: on a line long enough for checkpoints, with
// multi-byte code points across every checkpoint boundary and invalid
// bytes, each column is the code point count of the bytes before it.
func TestRuneColumnsLongLine(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := [][]byte{[]byte("a"), []byte("é"), []byte("€"), []byte("😀"), {0xff}, {0xe2, 0x82}, []byte(" ")}
	var line bytes.Buffer
	for line.Len() < 20*checkpointStep {
		line.Write(pieces[rng.IntN(len(pieces))])
	}
	src := append([]byte("x;\n"), line.Bytes()...)
	src = append(src, '\n')
	f := analyzer.NewFile("long.conf", "", src)
	c := &runeColumns{r: &Report{Sources: map[string]*analyzer.File{"long.conf": f}}, index: map[lineKey][]checkpoint{}}
	for _, col := range append([]int{1, 2, checkpointStep, checkpointStep + 1, checkpointStep + 2, line.Len(), line.Len() + 1, line.Len() + 3}, rng.Perm(line.Len())[:500]...) {
		if col < 1 {
			continue
		}
		want := utf8.RuneCount(line.Bytes()[:min(col-1, line.Len())]) + 1 + max(0, col-1-line.Len())
		if got := c.column(analyzer.Position{File: "long.conf", Line: 2, Column: col}); got != want {
			t.Fatalf("byte column %d: code point column %d, want %d", col, got, want)
		}
	}
}
