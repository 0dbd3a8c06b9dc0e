package rules

import (
	"fmt"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

// classified is a directive with the table's verdict for the target nginx.
type classified struct {
	d   *analyzer.Directive
	res directives.Result
}

// walkClassified visits every directive that stands where nginx reads
// directives (not map/geo/types data, not Lua, not below a block nginx
// would already have refused) with the table's verdict.
func walkClassified(p *analyzer.Pass, env *directives.Env, fn func(c classified)) {
	p.Walk(func(d *analyzer.Directive) bool {
		if d.Ctx.IsData() || d.Ctx == analyzer.CtxUnknown {
			return false
		}
		if isTemplated(d.Name()) {
			return false
		}
		res := env.Classify(d.Name(), d.Ctx)
		if res.Verdict == directives.Skip {
			return false
		}
		fn(classified{d, res})
		return res.Verdict == directives.OK
	})
}

// isTemplated reports whether a directive name is a template placeholder
// (Jinja, Go templates, ERB, envsubst): the file is not nginx config yet.
func isTemplated(name string) bool {
	return strings.Contains(name, "{{") || strings.Contains(name, "{%") ||
		strings.HasPrefix(name, "<%") || strings.HasPrefix(name, "$") && !looksLikeDirective(name[1:]) ||
		(len(name) > 2 && (strings.HasPrefix(name, "@") && strings.HasSuffix(name, "@") ||
			strings.HasPrefix(name, "%") && strings.HasSuffix(name, "%")))
}

// templatedValue reports whether a value holds a template placeholder
// (@@PORT@@, @PROTOCOL@, %ip%, {{ .Port }}, <%= port %>, {% … %}): the
// file is a template, and the value is not what nginx will read.
func templatedValue(v string) bool {
	if strings.Contains(v, "{{") || strings.Contains(v, "{%") || strings.Contains(v, "<%") || strings.Contains(v, "@@") {
		return true
	}
	for _, delim := range []byte{'%', '@'} {
		i := strings.IndexByte(v, delim)
		if i < 0 {
			continue
		}
		j := strings.IndexByte(v[i+1:], delim)
		if j > 0 && isPlaceholderName(v[i+1:i+1+j]) {
			return true
		}
	}
	return false
}

func isPlaceholderName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isVarByte(c) {
			return false
		}
	}
	return s != ""
}

// ctxPhrase names a context for messages ("if in location" …).
func ctxPhrase(c analyzer.Context) string {
	switch c {
	case analyzer.CtxIfInServer:
		return "if in server"
	case analyzer.CtxIfInLocation:
		return "if in location"
	}
	return c.String()
}

// ctxList names the contexts of a set for messages.
func ctxList(s directives.CtxSet) string {
	var parts []string
	for _, c := range s.Contexts() {
		parts = append(parts, ctxPhrase(c))
	}
	if len(parts) == 0 {
		return "no context"
	}
	return strings.Join(parts, ", ")
}

// fragmentNote explains, for a top-level directive of a file linted on its
// own, which context the file was taken to be written for.
func fragmentNote(d *analyzer.Directive) string {
	if d.Parent != nil || d.Root() == nil || d.Root().Ctx == analyzer.CtxMain || d.Root().Ctx == 0 {
		return ""
	}
	return fmt.Sprintf(" (this file has no enclosing block, so it was read as the inside of %s{}, judged from its directives)", d.Root().Ctx)
}

// whyUnavailable explains why a row does not exist in the target.
func whyUnavailable(s *directives.Spec, st directives.Status, env *directives.Env) string {
	target := "the newest nginx"
	if env.Version != "" {
		target = "nginx " + env.Version
	}
	switch st {
	case directives.NeedsModule:
		return fmt.Sprintf("it comes from the module %s, which no load_module here loads; if your nginx has it (built in, or loaded from a file nginx-lint does not read), declare it (config modules: [%s], or --module %s)", directives.ModuleName(s.ModuleFamily()), s.ModuleFamily(), s.ModuleFamily())
	case directives.NeedsPlus:
		if s.PlusBefore != "" {
			return fmt.Sprintf("open-source nginx has it only since %s (NGINX Plus only before), and the target is %s", s.PlusBefore, target)
		}
		return "it is part of NGINX Plus (commercial), not open-source nginx; if you run Plus, set plus: true (or --plus)"
	case directives.TooNew:
		return fmt.Sprintf("it appeared in nginx %s, and the target is %s (set by nginx-version)", s.Since, target)
	case directives.Gone:
		v := s.Removed
		if v == "" {
			v = s.Discontinued
		}
		if s.Obsolete != "" {
			return fmt.Sprintf("it was removed in nginx %s (obsolete since %s), and the target is %s", v, s.Obsolete, target)
		}
		return fmt.Sprintf("it was removed in nginx %s, and the target is %s", v, target)
	}
	return ""
}
