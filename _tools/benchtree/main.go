// Command benchtree writes a large tree of nginx configurations for the
// scaling benchmark (scripts/bench-scale): the shared corpus copied N
// times, or generated deployments; see package internal/benchgen.
//
//	go run ./_tools/benchtree -corpus ../shared/corpus -copies 40 DIR
//	go run ./_tools/benchtree -hosts 500 -sites 20 -per-file 2 DIR
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/nginx-lint/nginx-lint/internal/benchgen"
)

func main() {
	corpus := flag.String("corpus", "", "copy this directory's files (the shared corpus) -copies times")
	copies := flag.Int("copies", 40, "copies of -corpus")
	hosts := flag.Int("hosts", 100, "without -corpus: deployments to generate (nginx.conf with conf.d/*.conf)")
	sites := flag.Int("sites", 20, "without -corpus: site files per deployment")
	perFile := flag.Int("per-file", 2, "without -corpus: sites per site file (about 1.1 KB each)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: benchtree [-corpus DIR [-copies N] | -hosts N -sites N -per-file N] OUTDIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	var st benchgen.TreeStats
	var err error
	if *corpus != "" {
		st, err = benchgen.CopyTree(flag.Arg(0), *corpus, *copies)
	} else {
		st, err = benchgen.Tree(flag.Arg(0), *hosts, *sites, *perFile)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtree:", err)
		os.Exit(1)
	}
	fmt.Printf("%d files, %.1f MB\n", st.Files, float64(st.Bytes)/1e6)
}
