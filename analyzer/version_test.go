package analyzer

import "testing"

func TestVersionAtLeastTargets(t *testing.T) {
	for _, c := range []struct {
		cfg, v string
		want   bool
	}{
		{"", "1.29.3", true},
		{"1.29.3", "1.29.3", true},
		{"1.29.2", "1.29.3", false},
		{"1.30", "1.29.7", true},
		{"1.30.0", "1.29.7", true},
		{"1.26.3", "1.29.7", false},
		{"1.9.5", "1.13.0", false},
		{"1.13", "1.13.0", true},
		{"1.25.0-plus", "1.25.0", true},
		{"1.27.3", "", true},
		{"2", "1.29.7", true},
	} {
		if got := VersionAtLeast(c.cfg, c.v); got != c.want {
			t.Errorf("VersionAtLeast(%q, %q) = %v, want %v", c.cfg, c.v, got, c.want)
		}
	}
}
