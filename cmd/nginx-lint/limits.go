package main

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/lint"
)

// registerLimits adds the flags of the input limits (docs/limits.md).
func registerLimits(f *pflag.FlagSet, l *lint.Limits) {
	f.Var((*sizeValue)(&l.MaxFileSize), "max-file-size", "largest file (or standard input) read, and most text one configuration loads with its includes, e.g. 64MiB, 10MB or 1048576")
	f.IntVar(&l.MaxDepth, "max-depth", analyzer.DefaultMaxDepth, fmt.Sprintf("deepest block nesting checked (at most %d); deeper blocks are reported and not checked inside", lint.MaxDepthCeiling))
	f.IntVar(&l.MaxIncludes, "max-includes", analyzer.DefaultMaxIncludes, "most include expansions in one configuration; later includes are reported and not checked")
	f.IntVar(&l.MaxFindings, "max-findings", 0, "most findings reported per file; the rest are counted (\"… and N more\" in text, \"omitted\" in JSON, notifications in SARIF), not kept; 0 reports all. --fix still applies every fix")
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
