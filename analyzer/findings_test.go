package analyzer_test

import (
	"runtime"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	_ "github.com/nginx-lint/nginx-lint/rules"
)

// A text that is not nginx's has a finding per line (here an unknown
// directive). Check collects them into a list of its final length and
// suppression filters it in place: growing the list by appending copied
// every finding again and again, 3.3 KB allocated per finding in all, and a
// 16 MB file of such lines took 6.5 GB.
func TestManyFindingsAllocateLittle(t *testing.T) {
	const n = 20000
	src := []byte("http {\n" + strings.Repeat("a b;\n", n) + "}\n")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fs := analyzer.Run("x.conf", "", src, analyzer.LoadOptions{}, nil)
	runtime.ReadMemStats(&after)
	if len(fs) != n {
		t.Fatalf("%d findings, want %d", len(fs), n)
	}
	if per := (after.TotalAlloc - before.TotalAlloc) / n; per > 1500 {
		t.Errorf("%d bytes allocated per finding, want at most 1500", per)
	}
}

func TestSnippet(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"short", "short"},
		{strings.Repeat("a", 40), strings.Repeat("a", 40)},
		{strings.Repeat("a", 41), strings.Repeat("a", 37) + "…"},
		// A cut inside a multi-byte character moves back to its start.
		{strings.Repeat("a", 36) + "ééé", strings.Repeat("a", 36) + "…"},
		{strings.Repeat("a", 35) + "ééé", strings.Repeat("a", 35) + "é…"},
	} {
		got := analyzer.Snippet(tc.in)
		if got != tc.want || len(got) > 40 {
			t.Errorf("Snippet(%q) = %q, want %q (at most 40 bytes)", tc.in, got, tc.want)
		}
	}
}

func TestSnippetPath(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/etc/nginx/mime.types", "/etc/nginx/mime.types"},
		// The end stays.
		{"/work/shared/corpus/alexazhou__VeryNginx/nginx/mime.types", "…alexazhou__VeryNginx/nginx/mime.types"},
		// A piece of a name a few bytes long is dropped up to its "/".
		{"/srv/deployments/production/nginx/conf.d/include/resolvers.conf", "…/nginx/conf.d/include/resolvers.conf"},
		// No "/" near: the last bytes as they are.
		{"/" + strings.Repeat("a", 60), "…" + strings.Repeat("a", 37)},
		// A cut inside a multi-byte character moves on to the next one.
		{strings.Repeat("a", 10) + strings.Repeat("é", 30), "…" + strings.Repeat("é", 18)},
	} {
		got := analyzer.SnippetPath(tc.in)
		if got != tc.want || len(got) > 40 {
			t.Errorf("SnippetPath(%q) = %q, want %q (at most 40 bytes)", tc.in, got, tc.want)
		}
	}
}
