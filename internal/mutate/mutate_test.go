package mutate

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func bases(t *testing.T) map[string][]byte {
	t.Helper()
	files, _ := filepath.Glob("../../e2e/testdata/mutants/bases/*.conf")
	if len(files) == 0 {
		t.Fatal("no base configurations")
	}
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = b
	}
	return out
}

// TestGenerateIsSeeded: the same seed gives the same mutants, another seed
// others; every mutant differs from its base and from the others.
func TestGenerateIsSeeded(t *testing.T) {
	for name, src := range bases(t) {
		a := Generate(name, src, 1, 3)
		b := Generate(name, src, 1, 3)
		c := Generate(name, src, 2, 3)
		if len(a) != len(b) {
			t.Fatalf("%s: %d mutants, then %d", name, len(a), len(b))
		}
		same := 0
		seen := map[string]bool{}
		for i := range a {
			if !bytes.Equal(a[i].Text, b[i].Text) || a[i].ID() != b[i].ID() {
				t.Errorf("%s: mutant %d differs between two runs with one seed", name, i)
			}
			if bytes.Equal(a[i].Text, src) {
				t.Errorf("%s: mutant %s is the base", name, a[i].ID())
			}
			if seen[string(a[i].Text)] {
				t.Errorf("%s: mutant %s repeats another", name, a[i].ID())
			}
			seen[string(a[i].Text)] = true
			if i < len(c) && bytes.Equal(a[i].Text, c[i].Text) {
				same++
			}
		}
		if same == len(a) {
			t.Errorf("%s: seed 2 gives the mutants of seed 1", name)
		}
	}
}

// TestEveryKindApplies: each kind of edit makes mutants of some base.
func TestEveryKindApplies(t *testing.T) {
	count := map[string]int{}
	for name, src := range bases(t) {
		for _, m := range Generate(name, src, 1, 2) {
			count[m.Kind]++
		}
	}
	for _, k := range Kinds() {
		if count[k] == 0 {
			t.Errorf("kind %s made no mutant", k)
		}
	}
}
