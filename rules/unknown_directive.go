package rules

import (
	"fmt"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

func init() {
	register(&analyzer.Rule{
		ID:       "unknown-directive",
		Title:    "A directive the target nginx does not know: nginx refuses to start",
		Severity: analyzer.Error,
		Default:  true,
		Run:      runUnknownDirective,
	})
}

func runUnknownDirective(p *analyzer.Pass) {
	env := directives.EnvOf(p.Config)
	walkClassified(p, env, func(c classified) {
		if c.res.Verdict != directives.Unknown {
			return
		}
		d := c.d
		var msg string
		if s := c.res.Spec; s != nil {
			msg = fmt.Sprintf("unknown directive %q: %s; nginx refuses to start (unknown directive %q)", d.Name, whyUnavailable(s, c.res.Why, env), d.Name)
		} else {
			msg = fmt.Sprintf("unknown directive %q: no nginx module defines it, and nginx refuses to start (unknown directive %q)", d.Name, d.Name)
			if alt := suggest(d.Name, d.Ctx, env); alt != "" {
				msg += fmt.Sprintf("; did you mean %q?", alt)
			}
		}
		p.Reportf(d, d.NameRange, "%s", msg)
	})
}

// suggest returns the known directive closest to name by edit distance,
// preferring those the target has and that fit ctx; "" when none is close.
func suggest(name string, ctx analyzer.Context, env *directives.Env) string {
	lname := strings.ToLower(name)
	limit := 2
	if len(lname) <= 4 {
		limit = 1
	}
	best, bestScore := "", 1<<30
	for _, cand := range directives.Names() {
		if abs(len(cand)-len(lname)) > limit {
			continue
		}
		dist := editDistance(lname, cand)
		if dist > limit {
			continue
		}
		// Rank: distance first, then whether the candidate fits here.
		score := dist * 4
		res := env.Classify(cand, ctx)
		switch res.Verdict {
		case directives.OK:
		case directives.NotAllowed:
			score++
		default:
			score += 2
		}
		if score < bestScore {
			best, bestScore = cand, score
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of adjacent bytes each cost 1.
func editDistance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
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
