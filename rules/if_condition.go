package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// checkIfCondition reads an if condition the way nginx's rewrite module
// does and reports what it refuses: a condition not in parentheses, a
// variable followed by something other than = != ~ ~* !~ !~* and one
// operand, a file test other than -f -d -e -x (or their negation with !),
// anything else in first place.
func checkIfCondition(p *analyzer.Pass, d *analyzer.Directive) {
	if !d.Ctx.IsHTTP() || len(d.Args()) == 0 {
		return
	}
	vals := make([]string, len(d.Args()))
	for i, a := range d.Args() {
		vals[i] = a.Value()
		if templatedValue(vals[i]) {
			return
		}
	}
	report := func(i int, format string, v string) {
		if i < 0 || i >= len(d.Args()) {
			i = 0
		}
		f := p.Reportf(d, d.Args()[i].Range(), format, analyzer.Snippet(v))
		f.Note("nginx refuses to start: an if condition is ($variable), ($variable = value), ($variable != value), ($variable ~ regex) (or ~*, !~, !~*), or a file test (-f, -d, -e, -x, or !-f … on a value)")
		if strings.Contains(format, "unexpected") && (v == "==" || v == "===") {
			f.Note("nginx compares with a single =")
		}
	}
	last := len(vals) - 1
	if !strings.HasPrefix(vals[0], "(") {
		report(0, "invalid condition %q", vals[0])
		return
	}
	cur := 0
	if vals[0] == "(" {
		cur = 1
	} else {
		vals[0] = vals[0][1:]
	}
	if !strings.HasSuffix(vals[last], ")") {
		report(last, "invalid condition %q", vals[last])
		return
	}
	if vals[last] == ")" {
		last--
	} else {
		vals[last] = vals[last][:len(vals[last])-1]
	}
	if cur > last || cur >= len(vals) {
		report(0, "invalid condition %q", ")")
		return
	}
	w := vals[cur]
	switch {
	case len(w) > 1 && w[0] == '$':
		if cur != last && cur+2 != last {
			report(cur, "invalid condition %q", w)
			return
		}
		if cur == last {
			return
		}
		switch op := vals[cur+1]; op {
		case "=", "!=", "~", "~*", "!~", "!~*":
		default:
			report(cur+1, "unexpected %q in condition", op)
		}
	case len(w) == 2 && w[0] == '-', len(w) == 3 && strings.HasPrefix(w, "!-"):
		if cur+1 != last {
			report(cur, "invalid condition %q", w)
			return
		}
		if !strings.ContainsAny(w[len(w)-1:], "fdex") {
			report(cur, "invalid condition %q", w)
		}
	default:
		report(cur, "invalid condition %q", w)
	}
}
