package analyzer

import "strings"

// ValuePart is a literal run or a variable reference of a directive value.
type ValuePart struct {
	Lit string // literal text ("" for a reference)
	Var string // variable name, lower case, without '$' ("" for literal text)
	Off int    // byte offset in the value
}

// SplitValue cuts a value into literal text and $name / ${name}
// references. A capture reference is one digit, as in nginx: "$12" is
// capture 1 followed by "2".
func SplitValue(v string) []ValuePart {
	var out []ValuePart
	for _, s := range segments(v) {
		if s.name == "" {
			out = append(out, ValuePart{Lit: s.lit, Off: s.off})
			continue
		}
		name := strings.ToLower(s.name)
		if c := name[0]; c >= '0' && c <= '9' && len(name) > 1 && v[s.off+1] != '{' {
			out = append(out, ValuePart{Var: name[:1], Off: s.off})
			out = append(out, ValuePart{Lit: s.name[1:], Off: s.off + 2})
			continue
		}
		out = append(out, ValuePart{Var: name, Off: s.off})
	}
	return out
}
