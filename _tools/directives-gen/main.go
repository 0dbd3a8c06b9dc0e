// Command directives-gen turns the directive table (nginx-directives.tsv)
// into analyzer/directives/table_gen.go; see package analyzer/directives/gen.
//
//	go run ./_tools/directives-gen [-o table_gen.go] PATH/TO/nginx-directives.tsv
//
// The TSV path may also come from $NGINX_DIRECTIVES_TSV.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/nginx-lint/nginx-lint/analyzer/directives/gen"
)

func main() {
	log.SetFlags(0)
	out := flag.String("o", "table_gen.go", "output file")
	flag.Parse()
	path := flag.Arg(0)
	if env := os.Getenv("NGINX_DIRECTIVES_TSV"); env != "" {
		path = env
	}
	if path == "" {
		log.Fatal("usage: directives-gen [-o FILE] nginx-directives.tsv")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		log.Fatalf("%v (the TSV lives in ../shared/data; set NGINX_DIRECTIVES_TSV to point elsewhere)", err)
	}
	code, err := gen.Generate(src)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, code, 0o644); err != nil {
		log.Fatal(err)
	}
}
