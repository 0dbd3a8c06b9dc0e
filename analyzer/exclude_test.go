package analyzer

import "testing"

func TestMatchExclude(t *testing.T) {
	cases := []struct {
		pats  []string
		name  string
		isDir bool
		want  bool
	}{
		{[]string{"*.bak"}, "conf.d/a.conf.bak", false, true},
		{[]string{"*.bak"}, "conf.d/a.conf", false, false},
		{[]string{"vendor"}, "x/vendor/y/z.conf", false, true},
		{[]string{"vendor/"}, "x/vendor", true, true},
		{[]string{"vendor/"}, "x/vendor", false, false},
		{[]string{"vendor/"}, "x/vendor/a.conf", false, true},
		{[]string{"conf.d/old/*.conf"}, "conf.d/old/a.conf", false, true},
		{[]string{"conf.d/old/*.conf"}, "x/conf.d/old/a.conf", false, false},
		{[]string{"/staging.conf"}, "staging.conf", false, true},
		{[]string{"/staging.conf"}, "sub/staging.conf", false, false},
		{[]string{"**/test/*.conf"}, "a/b/test/t.conf", false, true},
		{[]string{"**/test/*.conf"}, "test/t.conf", false, true},
		{[]string{"a/**/z.conf"}, "a/z.conf", false, true},
		{[]string{"a/**/z.conf"}, "a/b/c/z.conf", false, true},
		{[]string{"# comment", ""}, "a.conf", false, false},
		{[]string{"[bad"}, "a.conf", false, false},
		{nil, "a.conf", false, false},
	}
	for _, c := range cases {
		if got := MatchExclude(c.pats, c.name, c.isDir); got != c.want {
			t.Errorf("MatchExclude(%q, %q, %v) = %v, want %v", c.pats, c.name, c.isDir, got, c.want)
		}
	}
}
