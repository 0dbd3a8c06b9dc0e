package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// TestVarModelBudget: a question about a variable follows a chain of
// variables set from each other up to hasBudget of them; past that it is
// answered "no", and surelyNot does not take that for an answer.
func TestVarModelBudget(t *testing.T) {
	chain := func(n int) (*varModel, *analyzer.Directive) {
		var b strings.Builder
		b.WriteString("server {\n    set $v0 $http_x;\n")
		for i := 1; i < n; i++ {
			fmt.Fprintf(&b, "    set $v%d \"$v%d\";\n", i, i-1)
		}
		fmt.Fprintf(&b, "    return 200 $v%d;\n}\n", n-1)
		a := analyzer.Parse("x.conf", "", []byte(b.String()), analyzer.LoadOptions{})
		m := newVarModel(&analyzer.Pass{Analysis: a})
		ret := a.Root.Children()[0].Find("return")[0]
		return m, ret
	}
	m, d := chain(100)
	if !m.has(d, "v99", propClient) || m.surelyNot(d, "v99", propClient) {
		t.Errorf("a chain of 100 variables from $http_x: the client's value not found")
	}
	m, d = chain(hasBudget + 10)
	last := fmt.Sprint("v", hasBudget+9)
	if m.has(d, last, propClient) {
		t.Errorf("a chain longer than the budget was followed to its end")
	}
	if m.surelyNot(d, last, propClient) {
		t.Errorf("surelyNot took a question cut short for an answer")
	}
}
