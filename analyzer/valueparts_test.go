package analyzer

import (
	"fmt"
	"strings"
	"testing"
)

func TestSplitValue(t *testing.T) {
	for in, want := range map[string]string{
		"http://$Host$request_uri": `"http://" $host $request_uri`,
		"${arg_a}x$":               `$arg_a "x$"`,
		"/$12/$1":                  `"/" $1 "2" "/" $1`,
		"${12}":                    `$12`,
		"$ x":                      `"$ x"`,
	} {
		var got []string
		for _, p := range SplitValue(in) {
			if p.Var != "" {
				got = append(got, "$"+p.Var)
			} else {
				got = append(got, fmt.Sprintf("%q", p.Lit))
			}
		}
		if s := strings.Join(got, " "); s != want {
			t.Errorf("SplitValue(%q) = %s, want %s", in, s, want)
		}
	}
}
