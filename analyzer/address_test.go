package analyzer

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Rules about addresses visit only the directives named in AddressNames
// (Pass.Each), so ParseAddress must return nil for every other name. Checked
// on every rule fixture.
func TestAddressNamesCoverParseAddress(t *testing.T) {
	names := AddressNames()
	n := 0
	err := filepath.WalkDir(filepath.Join("..", "rules", "testdata"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".conf") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		a := Parse(p, p, src, LoadOptions{NoIncludes: true})
		a.Walk(func(d *Directive) bool {
			if a.ParseAddress(d) != nil {
				n++
				if !slices.Contains(names, d.Name()) {
					t.Errorf("%s: ParseAddress reads %q, which AddressNames leaves out", d.NameRange().Start, d.Name())
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("only %d addresses in the rule fixtures", n)
	}
}
