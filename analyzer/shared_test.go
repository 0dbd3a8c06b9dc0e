package analyzer_test

import (
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// Shared builds a value once per check: later calls with the same key get
// it without a build, another key builds its own, and a check lets go of
// them all.
func TestSharedOncePerCheck(t *testing.T) {
	a := analyzer.Parse("x.conf", "", []byte("http { server { location ~ ^/a { } } }\n"), analyzer.LoadOptions{})
	type key struct{ n int }
	builds := 0
	build := func() []int { builds++; return []int{builds} }
	first := analyzer.Shared(a, key{1}, build)
	again := analyzer.Shared(a, key{1}, build)
	if builds != 1 || &first[0] != &again[0] {
		t.Fatalf("two calls built %d times (%v, %v), want once", builds, first, again)
	}
	if other := analyzer.Shared(a, key{2}, build); builds != 2 || other[0] != 2 {
		t.Fatalf("another key: %v after %d builds, want its own build", other, builds)
	}
	a.Check()
	if after := analyzer.Shared(a, key{1}, build); builds != 3 || after[0] != 3 {
		t.Errorf("after a check: %v after %d builds, want a new build", after, builds)
	}
}
