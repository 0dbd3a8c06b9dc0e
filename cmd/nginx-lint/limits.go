package main

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/lint"
)

// limitFlags are the input limits of check (docs/limits.md).
type limitFlags struct {
	maxFileSize sizeValue
	maxDepth    int
	maxIncludes int
}

func (fl *limitFlags) register(f *pflag.FlagSet) {
	fl.maxFileSize = analyzer.DefaultMaxFileSize
	f.Var(&fl.maxFileSize, "max-file-size", "largest file (or standard input) read, and most text one configuration loads with its includes, e.g. 64MiB, 10MB or 1048576")
	f.IntVar(&fl.maxDepth, "max-depth", analyzer.DefaultMaxDepth, fmt.Sprintf("deepest block nesting checked (at most %d); deeper blocks are reported and not checked inside", lint.MaxDepthCeiling))
	f.IntVar(&fl.maxIncludes, "max-includes", analyzer.DefaultMaxIncludes, "most include expansions in one configuration; later includes are reported and not checked")
}

// sizeValue is a byte count given as 1048576, 10MB (decimal) or 64MiB
// (binary); it prints in binary units.
type sizeValue int64

func (v *sizeValue) String() string { return analyzer.FormatSize(int64(*v)) }
func (v *sizeValue) Type() string   { return "size" }

func (v *sizeValue) Set(s string) error {
	n, err := lint.ParseSize(s)
	if err != nil {
		return err
	}
	*v = sizeValue(n)
	return nil
}
