package reporter

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// A report of many findings is encoded in chunks by several goroutines,
// into buffers used again once written: the bytes are those of one
// encoder, and the document is valid JSON with every finding in order.
func TestJSONChunksInOrder(t *testing.T) {
	const n = 12*jsonChunk + 17 // more chunks than may wait, so buffers are used again
	fs := make([]analyzer.Finding, n)
	for i := range fs {
		pos := analyzer.Position{File: "a.conf", Line: i + 1, Column: 1, Offset: i * 10}
		fs[i] = analyzer.Finding{Rule: "unknown-directive", Severity: analyzer.Error, Message: fmt.Sprintf("finding %d", i),
			Range: analyzer.Range{Start: pos, End: pos}}
	}
	encode := func(workers int) []byte {
		var b bytes.Buffer
		if err := JSON(&b, &Report{Findings: analyzer.ListOf(fs...)}, Options{Workers: workers}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	one := encode(1)
	var doc struct {
		Findings []struct {
			Message string `json:"message"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(one, &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if len(doc.Findings) != n || doc.Findings[n-1].Message != fmt.Sprintf("finding %d", n-1) {
		t.Fatalf("%d findings decoded, want %d in order", len(doc.Findings), n)
	}
	if whole := encodeChunk(nil, analyzer.ListOf(fs...), 0, n); !bytes.Contains(one, whole) {
		t.Error("Workers 1: the findings differ from one encoder's over the whole list")
	}
	for _, w := range []int{2, 4, 0} {
		if got := encode(w); !bytes.Equal(got, one) {
			t.Errorf("Workers %d: the output differs from one encoder's", w)
		}
	}
}
