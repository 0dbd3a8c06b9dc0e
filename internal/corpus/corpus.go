// Package corpus reads the listing of a corpus of real configurations (the
// shared corpus's MANIFEST.tsv), for the corpus run and the tests that read
// the corpus.
package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ManifestName is the listing's file name in a corpus directory.
const ManifestName = "MANIFEST.tsv"

// Files returns the files MANIFEST.tsv in dir lists, relative to dir and
// sorted. The manifest's columns are repository, commit and path; a file is
// stored as owner__repo/path. A listed file that is missing is an error:
// the corpus is incomplete.
func Files(dir string) ([]string, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, err
	}
	var out, missing []string
	for i, line := range strings.Split(string(b), "\n") {
		c := strings.Split(line, "\t")
		if i == 0 || len(c) < 3 {
			continue // the header, a blank line
		}
		rel := filepath.Join(strings.ReplaceAll(c[0], "/", "__"), filepath.FromSlash(c[2]))
		if _, err := os.Stat(filepath.Join(dir, rel)); err != nil {
			missing = append(missing, rel)
			continue
		}
		out = append(out, rel)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s lists %d files that are missing, first %s", ManifestName, len(missing), missing[0])
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s lists no file", ManifestName)
	}
	sort.Strings(out)
	return out, nil
}
