package analyzer

import "strings"

// EditDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of adjacent bytes each cost 1.
func EditDistance(a, b string) int {
	var buf [3 * 64]int
	var prev2, prev, cur []int
	if n := len(b) + 1; n <= 64 {
		prev2, prev, cur = buf[:n], buf[64:64+n], buf[128:128+n]
	} else {
		prev2, prev, cur = make([]int, n), make([]int, n), make([]int, n)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// foldName is how names are compared for a suggestion: case, '_' and '-'
// do not matter ("add_header_redefinition", gixy's spelling, is
// "add-header-redefinition").
func foldName(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-")
}

// Closest returns the candidate a person most likely meant by word: one
// equal to it but for case, '_' and '-', else the nearest by edit distance
// within a third of its length (at most 3); "" when none is that close.
func Closest(word string, candidates []string) string {
	w := foldName(word)
	if w == "" {
		return ""
	}
	limit := min(3, max(1, len(w)/3))
	best, bestDist := "", limit+1
	for _, c := range candidates {
		d := EditDistance(w, foldName(c))
		if d == 0 {
			return c
		}
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// DidYouMean is Closest as the end of an error message: `; did you mean
// "x"?`, or "" when nothing is close.
func DidYouMean(word string, candidates []string) string {
	if c := Closest(word, candidates); c != "" && c != word {
		return `; did you mean "` + c + `"?`
	}
	return ""
}

// RuleIDs returns the id of every registered rule, sorted.
func RuleIDs() []string {
	rs := Rules()
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return ids
}

// LookupLoose returns the rule with id, also when it is written with
// another case or with '_' for '-' (gixy's names); nil when there is none.
func LookupLoose(id string) *Rule {
	if r := Lookup(id); r != nil {
		return r
	}
	return Lookup(foldName(id))
}
