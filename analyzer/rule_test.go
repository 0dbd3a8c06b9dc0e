package analyzer

import (
	"maps"
	"slices"
	"testing"
)

// Rules are listed sorted by id from a list kept between calls: a rule
// registered later is in the next list, in its place, and a caller that
// changes its copy changes no other.
func TestRulesSortedAndKeptCurrent(t *testing.T) {
	regMu.Lock()
	saved := maps.Clone(registry)
	regMu.Unlock()
	t.Cleanup(func() {
		regMu.Lock()
		registry, byID = saved, nil
		regMu.Unlock()
	})
	ids := func(rs []*Rule) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	Register(&Rule{ID: "zz-late", Title: "t", Severity: Warning})
	first := Rules()
	if !slices.IsSorted(ids(first)) || !slices.Contains(ids(first), "zz-late") {
		t.Fatalf("rules %v: want them sorted, zz-late among them", ids(first))
	}
	first[0] = nil
	if Rules()[0] == nil {
		t.Fatalf("a caller's change to its list reached the next caller")
	}
	Register(&Rule{ID: "aa-late", Title: "t", Severity: Warning})
	second := Rules()
	if second[0] == nil || second[0].ID != "aa-late" || len(second) != len(first)+1 {
		t.Errorf("after another Register: %v, want aa-late first and one more than %d", ids(second), len(first))
	}
	if a, b := sortedRules(), sortedRules(); &a[0] != &b[0] {
		t.Errorf("the sorted list is made anew on each call")
	}
}
