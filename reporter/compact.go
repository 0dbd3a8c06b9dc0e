package reporter

import (
	"bufio"
	"fmt"
	"io"
)

func init() { Register("compact", Compact) }

// Compact writes one line per finding, `file:line:col: severity: message
// [rule]`, and nothing else: the shape editors and CI problem matchers read.
func Compact(w io.Writer, r *Report, _ Options) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Findings.All() {
		fmt.Fprintf(bw, "%s: %s: %s [%s]\n", position(f.Range.Start), f.Severity, Visible(oneLine(f.Message)), f.Rule)
	}
	return bw.Flush()
}
