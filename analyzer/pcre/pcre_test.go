package pcre

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"
)

func TestParseValid(t *testing.T) {
	for _, tc := range []struct {
		pat    string
		groups int
	}{
		{`^/images/(.*)$`, 1},
		{`\.php$`, 0},
		{`^/(?<lang>en|fr)/(?:a|b)(x)`, 2},
		{`(?i)^/API/(v[0-9]+)/`, 1},
		{`^/(?P<name>[^/]+)/(?'id'\d+)$`, 2},
		{`foo(?=bar)(?!baz)(?<=f)(?<!g)`, 0},
		{`a{2,3}b{2}c{2,}d{`, 0},
		{`x{,3}`, 0},
		{`[]a]`, 0},
		{`[^]a-z[:digit:]\]\-]+`, 0},
		{`\Q(literal)\E?`, 0},
		{`(?x) a b # comment`, 0},
		{`(*UTF8)^\p{L}+$`, 0},
		{`(a)\1`, 1},
		{`a*+b++c?+`, 0},
		{`(?>atomic)`, 0},
		{`(?#comment)a`, 0},
		{`[a\-z]`, 0},
		{`^/~(\w+)`, 1},
	} {
		re, err := Parse(tc.pat, false)
		if err != nil {
			t.Errorf("%q: unexpected error %v", tc.pat, err)
			continue
		}
		if re.Groups != tc.groups {
			t.Errorf("%q: %d groups, want %d", tc.pat, re.Groups, tc.groups)
		}
	}
}

func TestParseInvalid(t *testing.T) {
	for _, tc := range []struct{ pat, msg string }{
		{`^/(a`, "missing closing parenthesis"},
		{`^/a)`, "unmatched closing parenthesis"},
		{`[abc`, "missing terminating ]"},
		{`*.php`, "quantifier does not follow"},
		{`a|+b`, "quantifier does not follow"},
		{`a**`, "quantifier does not follow"},
		{`a{3,2}`, "out of order"},
		{`[z-a]`, "range out of order"},
		{`abc\`, `\ at end`},
		{`[[:foo:]]`, "unknown POSIX class"},
		{`(?z)`, "unrecognized character"},
		{`(? a)`, "unrecognized character"},
		{`a(?i)*`, "quantifier does not follow"},
		{`^+`, "quantifier does not follow"},
		{`a*{2}`, "quantifier does not follow"},
		{`(a)\2`, "non-existent subpattern"},
		{`\k<x>`, "non-existent subpattern"},
		{`[:alpha:]`, "only within a class"},
		{`[.a.]`, "collating elements"},
	} {
		_, err := Parse(tc.pat, false)
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%q: error %v, want %q", tc.pat, err, tc.msg)
		}
	}
}

func TestBacktracking(t *testing.T) {
	bad := []string{`^(a+)+$`, `(\w+\s?)*$`, `^(\d|\w)+x`, `^(.*/)*x`, `^(.*a){20}`, `([a-z]*)*`}
	good := []string{`^/(.*)$`, `^(/[a-z]+)*$`, `^([^/]+/)*x`, `\.(gif|jpg)$`, `^(a|b)*$`, `^(?>a+)+$`, `^(a++)+$`, `.*.*x`}
	for _, p := range bad {
		re, err := Parse(p, false)
		if err != nil {
			t.Fatal(p, err)
		}
		if len(re.Backtracking()) == 0 {
			t.Errorf("%q: no backtracking reported", p)
		}
	}
	for _, p := range good {
		re, err := Parse(p, false)
		if err != nil {
			t.Fatal(p, err)
		}
		if b := re.Backtracking(); len(b) != 0 {
			t.Errorf("%q: reported %s", p, b[0].Describe(p))
		}
	}
}

func TestAnchorsAndFirst(t *testing.T) {
	re, _ := Parse(`/images(.*)/lol`, false)
	g := re.Capture(1)
	f := First(g)
	if !f.Has('.') {
		t.Error("(.*) should start with '.'")
	}
	if b := re.Before(g); b == nil || !b.Set.Has('s') {
		t.Errorf("before (.*) should be 's', got %+v", b)
	}
	re, _ = Parse(`^/files/(.*)$`, false)
	if !re.EndAnchored() || !re.StartAnchored() {
		t.Error("anchors not seen")
	}
	if b := re.Before(re.Capture(1)); b == nil || !b.Set.Has('/') {
		t.Error("before group should be '/'")
	}
	re, _ = Parse(`\.php`, false)
	if re.EndAnchored() {
		t.Error(`\.php is not end-anchored`)
	}
}

// The cache keeps its own copy of each pattern: patterns are often views of
// a file's bytes, and a caller that reuses its buffer (the fuzzer does) must
// neither change the cache's entries nor keep the file alive through it.
func TestCacheKeepsItsOwnCopyOfThePattern(t *testing.T) {
	buf := []byte(`^/cache-copy-(a)b$`)
	view := unsafe.String(unsafe.SliceData(buf), len(buf))
	first, err := Parse(view, false)
	if err != nil {
		t.Fatal(err)
	}
	copy(buf, `^/cache-copy-(z)`)
	again, err := Parse(`^/cache-copy-(a)b$`, false)
	if err != nil {
		t.Fatal(err)
	}
	if again != first || again.Pattern != `^/cache-copy-(a)b$` {
		t.Errorf("after the caller's buffer changed: cached %p %q, now %p %q", first, first.Pattern, again, again.Pattern)
	}
	buf = []byte(`^/summary-copy-(a)b$`)
	Summarize(unsafe.String(unsafe.SliceData(buf), len(buf)), false)
	copy(buf, `^/summary-copy-(z)`)
	if s, ok := summaries.get(cacheKey{`^/summary-copy-(a)b$`, false}); !ok || s.Groups != 1 {
		t.Errorf("after the caller's buffer changed, the summary is %+v, %v", s, ok)
	}
}

// TestCacheBoundedInBytes: patterns of several KB each do not fill the
// cache to its count: it starts over once their text passes its bound, so
// a configuration of thousands of long regexes does not keep each parsed
// (about 100 times its text) alive.
func TestCacheBoundedInBytes(t *testing.T) {
	long := func(i int) string {
		var b strings.Builder
		fmt.Fprintf(&b, "^/(p%d", i)
		for j := b.Len(); j < 4000; j += 16 {
			fmt.Fprintf(&b, "|q%d_%d[a-z]+", i, j)
		}
		return b.String() + ")$"
	}
	least := len(long(0))
	trees.reset() // other tests' short patterns
	for i := range 200 {
		if _, err := Parse(long(i), false); err != nil {
			t.Fatal(err)
		}
		n, bytes := trees.len()
		if bytes > trees.maxBytes || n > trees.maxBytes/least+1 {
			t.Fatalf("after %d long patterns the cache holds %d of them, %d bytes (at most %d)", i+1, n, bytes, trees.maxBytes)
		}
	}
	// The pattern parsed last is still served from the cache.
	a, _ := Parse(long(199), false)
	b, _ := Parse(long(199), false)
	if a != b {
		t.Errorf("the last pattern was not kept")
	}
}

// A Summary says what the parsed pattern says: the same error, groups and
// backtracking.
func TestSummaryMatchesParse(t *testing.T) {
	for _, p := range []string{
		`^/images/(.*)$`, `^/(?<lang>en|fr)/(?:a|b)(x)`, `(?|(a)|(b))`, `(?(1)a|b)`, `(a)(?P<n>b)(?P<n>c)`,
		`^/(a`, `[z-a]`, `a**`, `(a)\2`, `^(a+)+$`, `(\w+\s?)*$`, `^(?>a+)+$`, `\.(gif|jpg)$`,
	} {
		for _, caseless := range []bool{false, true} {
			re, err := Parse(p, caseless)
			want := Summary{Err: err}
			if err == nil {
				want = Summary{Groups: re.Groups, GroupsExact: re.GroupsExact, Opaque: re.Opaque, Backtracks: len(re.Backtracking()) > 0}
			}
			if got := Summarize(p, caseless); got != want {
				t.Errorf("Summarize(%q, %v) = %+v, want %+v", p, caseless, got, want)
			}
		}
	}
	if s := Summarize(`^(a+)+$`, false); !s.Backtracks || s.Err != nil {
		t.Errorf("^(a+)+$: %+v, want it to backtrack", s)
	}
	if s := Summarize(`(a)(b)`, false); s.Groups != 2 || !s.GroupsExact {
		t.Errorf("(a)(b): %+v, want 2 exact groups", s)
	}
}

// Summaries outlast the trees: more distinct patterns than the tree cache
// holds (a bot blocker's map) are parsed once, and read again from their
// summaries without a parse; the summaries stay within their own bounds.
func TestSummariesOutlastTrees(t *testing.T) {
	summaries.reset()
	pats := make([]string, 3000)
	for i := range pats {
		pats[i] = fmt.Sprintf(`\bagent%d\b`, i)
	}
	for _, p := range pats {
		if s := Summarize(p, true); s.Err != nil {
			t.Fatal(p, s.Err)
		}
	}
	if n, _ := trees.len(); n > trees.maxN {
		t.Fatalf("the tree cache holds %d trees, bound %d", n, trees.maxN)
	}
	trees.reset()
	for _, p := range pats {
		Summarize(p, true)
	}
	if n, _ := trees.len(); n != 0 {
		t.Errorf("summarizing the patterns again parsed %d of them", n)
	}
	// Past its bound, the summary cache starts over.
	for i := range summaries.maxN + 10 {
		Summarize(fmt.Sprintf("x%d", i), false)
		if n, bytes := summaries.len(); n > summaries.maxN || bytes > summaries.maxBytes {
			t.Fatalf("%d summaries of %d bytes, bounds %d and %d", n, bytes, summaries.maxN, summaries.maxBytes)
		}
	}
}
