package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "ssrf",
		Title:    "proxy_pass sends requests to a host the client chooses",
		Severity: analyzer.Error,
		Default:  true,
		Run:      runSSRF,
	})
}

func runSSRF(p *analyzer.Pass) {
	vm := newVarModel(p)
	p.Each([]string{"proxy_pass"}, func(d *analyzer.Directive) {
		if len(d.Args()) == 0 || !d.Ctx.IsHTTP() || !d.Args()[0].HasVar() {
			return
		}
		if internalLocation(d) {
			return
		}
		for _, v := range expandSets(vm, d, d.Args()[0].Value(), 3) {
			if name := clientHostVar(vm, d, v); name != "" {
				p.Reportf(d, d.Args()[0].Range(), "the scheme or host of proxy_pass comes from $%s, which the client controls", analyzer.Snippet(name)).
					Note("nginx will connect wherever the request says, including internal services, cloud metadata endpoints (169.254.169.254) and localhost").
					Note("take the host from a fixed list (a map with a default, or upstream names) or mark the location internal")
				break
			}
		}
	})
}

// internalLocation reports whether d stands in a location marked internal.
func internalLocation(d *analyzer.Directive) bool {
	for _, anc := range d.Ancestors() {
		if anc.Name() == "location" && len(anc.Find("internal")) > 0 {
			return true
		}
	}
	return false
}

// expandSets returns value with variables defined by set substituted by
// their values (every combination of definitions, a few levels deep), and
// value itself first. It looks at most at expandBudget values for one
// value: the combinations grow as the product of the definitions (a dozen
// of set $a "$a$a" give millions), and real configurations have a few.
func expandSets(vm *varModel, d *analyzer.Directive, value string, depth int) []string {
	e := expansion{vm: vm, left: expandBudget}
	var out []string
	e.into(&out, d, value, depth)
	return out
}

// expandBudget is how many values one expandSets looks at; what lies past
// them is not judged (docs/limits.md).
const expandBudget = 256

type expansion struct {
	vm   *varModel
	left int
}

// into appends value and its expansions, as many as the budget allows.
func (e *expansion) into(out *[]string, d *analyzer.Directive, value string, depth int) {
	if e.left--; e.left < 0 {
		return
	}
	*out = append(*out, value)
	if depth == 0 {
		return
	}
	segs := splitVars(value)
	for i, s := range segs {
		if s.v == "" || isCapture(s.v) {
			continue
		}
		sets := e.vm.setsFor(d, s.v)
		if len(sets) == 0 {
			continue
		}
		var prefix, suffix strings.Builder
		for _, x := range segs[:i] {
			prefix.WriteString(x.text())
		}
		for _, x := range segs[i+1:] {
			suffix.WriteString(x.text())
		}
		for _, st := range sets {
			var values []string
			e.into(&values, st, st.Args()[1].Value(), depth-1)
			for _, v := range values {
				e.into(out, d, prefix.String()+v+suffix.String(), depth-1)
			}
		}
		return
	}
}

func (s segment) text() string {
	if s.v == "" {
		return s.lit
	}
	return "${" + s.v + "}"
}

// clientHostVar returns the client-controlled variable that lands in the
// scheme or host part of URL value, or "".
func clientHostVar(vm *varModel, d *analyzer.Directive, value string) string {
	segs := splitVars(value)
	for _, s := range segs {
		// Variables from set are judged on their expansions.
		if s.v != "" && !isCapture(s.v) && len(vm.setsFor(d, s.v)) > 0 {
			return ""
		}
	}
	// Where the host starts: after the first literal "://", or at the start.
	start := 0
	for i, s := range segs {
		if s.v == "" {
			if strings.Contains(s.lit, "://") {
				start = i
				break
			}
			continue
		}
		// A variable before any "://" holds the scheme or the whole URL.
		if vm.has(d, s.v, propClient) {
			return s.v
		}
	}
	for i := start; i < len(segs); i++ {
		s := segs[i]
		if s.v == "" {
			lit := s.lit
			if i == start {
				if k := strings.Index(lit, "://"); k >= 0 {
					lit = lit[k+3:]
				}
			}
			if strings.ContainsAny(lit, "/?") {
				return ""
			}
			continue
		}
		if vm.startsPath(d, s.v) {
			return ""
		}
		if vm.has(d, s.v, propClient) {
			return s.v
		}
	}
	return ""
}
