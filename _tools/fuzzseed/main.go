// Command fuzzseed rebuilds the fuzz targets' seed corpora from the
// project's fixtures; see package internal/fuzzseed. Run it from anywhere
// in the module:
//
//	go run ./_tools/fuzzseed
package main

import (
	"log"
	"os"

	"github.com/nginx-lint/nginx-lint/internal/fuzzseed"
)

func main() {
	log.SetFlags(0)
	if err := fuzzseed.Main(os.Stdout); err != nil {
		log.Fatal(err)
	}
}
