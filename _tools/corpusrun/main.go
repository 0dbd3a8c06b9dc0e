// Command corpusrun is the robustness run over a directory of real nginx
// configurations; see package internal/corpusrun.
//
//	go run ./_tools/corpusrun [-jobs N] [-json] [-v] [-all] [-timeout D] [-list] DIR
//	go run ./_tools/corpusrun -precision docs/precision-judgments.tsv [-table docs/precision.md] [-seed 21] [-sample 25] [-check] DIR
package main

import (
	"os"

	"github.com/nginx-lint/nginx-lint/internal/corpusrun"
)

func main() { os.Exit(corpusrun.Main(os.Args[1:], os.Stdout, os.Stderr)) }
