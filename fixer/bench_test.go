package fixer_test

import (
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/fixer"
	"github.com/nginx-lint/nginx-lint/internal/benchgen"
	_ "github.com/nginx-lint/nginx-lint/rules"
)

// BenchmarkFix is `check --fix --unsafe-fixes` on a generated config with
// one localhost upstream in twenty: analysis, edits, re-check until settled.
func BenchmarkFix(b *testing.B) {
	benchgen.Each(b, func(b *testing.B, src []byte) {
		res := fixer.Fix(fixer.Input{Name: "x.conf", Src: src, Stdin: true}, analyzer.LoadOptions{}, nil, fixer.Options{Unsafe: true})
		if len(res.Fixed) == 0 {
			b.Fatal("nothing fixed")
		}
	})
}
