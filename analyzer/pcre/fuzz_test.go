package pcre

import "testing"

// FuzzParse checks that no pattern makes the reader or the analyses panic
// or hang.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`^/images/(.*)$`, `(?<n>a|b)+\k<n>`, `[[:alpha:]-z]`, `\Q(\E)`, `(?x) a # c`,
		`(?(1)a|b)`, `(*UTF8)(?|(a)|(b))`, `a{2,3}?`, `(?i:(?-i)x)`, `[\d-z]`, `\x{41}\cA\012`} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, pat string, ci bool) {
		re, err := Parse(pat, ci)
		if err != nil {
			return
		}
		re.Backtracking()
		re.EndAnchored()
		re.StartAnchored()
		for i := 1; i <= re.Groups; i++ {
			if g := re.Capture(i); g != nil {
				First(g)
				Bytes(g)
				re.Before(g)
				re.AtStart(g)
			}
		}
	})
}
