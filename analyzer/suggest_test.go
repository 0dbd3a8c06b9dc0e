package analyzer

import "testing"

func TestClosest(t *testing.T) {
	cands := []string{"auto", "always", "never", "add-header-redefinition", "localhost-upstream"}
	for _, c := range []struct{ word, want string }{
		{"alway", "always"},
		{"ALWAYS", "always"},
		{"add_header_redefinition", "add-header-redefinition"},
		{"localhost-upstrem", "localhost-upstream"},
		{"sometimes", ""}, // nothing close
		{"nevr", "never"}, // one edit in four letters
		{"xyz", ""},       // a third of three letters is one edit; every candidate is further
		{"", ""},          // nothing to match
		{"atuo", "auto"},  // a swap of two letters is one edit
	} {
		if got := Closest(c.word, cands); got != c.want {
			t.Errorf("Closest(%q) = %q, want %q", c.word, got, c.want)
		}
	}
	if got := DidYouMean("always", cands); got != "" {
		t.Errorf("DidYouMean of a valid word = %q, want nothing", got)
	}
}
