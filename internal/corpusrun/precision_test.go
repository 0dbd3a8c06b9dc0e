package corpusrun

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// TestPrecisionTable: the checked-in table (docs/precision.md) states the
// figures of the checked-in judgments, and every judgment has a verdict
// (readJudgments refuses one without its reason).
func TestPrecisionTable(t *testing.T) {
	root := filepath.Join("..", "..")
	js, err := readJudgments(filepath.Join(root, "docs", "precision-judgments.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(js) == 0 {
		t.Fatal("no judgments")
	}
	figs := map[string]*ruleFigure{}
	for _, j := range js {
		if j.Verdict == "?" {
			t.Errorf("%s has no verdict", j.Key)
		}
		r := analyzer.Lookup(j.Key.Rule)
		if r == nil {
			t.Errorf("%s: no such rule", j.Key)
			continue
		}
		f := figs[j.Key.Rule]
		if f == nil {
			f = &ruleFigure{Rule: j.Key.Rule}
			figs[j.Key.Rule] = f
		}
		f.Sampled++
		switch j.Verdict {
		case "true":
			f.True++
		case "false":
			f.False++
		}
	}
	table, err := os.ReadFile(filepath.Join(root, "docs", "precision.md"))
	if err != nil {
		t.Fatal(err)
	}
	for id, f := range figs {
		row := ""
		for _, l := range strings.Split(string(table), "\n") {
			if strings.HasPrefix(l, "| [`"+id+"`]") {
				row = l
			}
		}
		if row == "" {
			t.Errorf("%s: no row in docs/precision.md", id)
			continue
		}
		cells := strings.Split(row, "|")
		want := []string{itoa(f.Sampled), itoa(f.True), itoa(f.False), f.precision()}
		got := []string{strings.TrimSpace(cells[3]), strings.TrimSpace(cells[4]), strings.TrimSpace(cells[5]), strings.TrimSpace(cells[6])}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: table says sampled/true/false/precision %v, the judgments give %v", id, got, want)
		}
	}
}

func itoa(n int) string {
	return strconv.Itoa(n)
}
