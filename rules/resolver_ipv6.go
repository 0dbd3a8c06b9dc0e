package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "resolver-ipv6",
		Title:    "resolver without ipv6=off hands IPv6 addresses to run-time lookups",
		Severity: analyzer.Warning,
		Default:  true,
		Fixable:  true,
		Run:      runResolverIPv6,
	})
}

func runResolverIPv6(p *analyzer.Pass) {
	var users map[*analyzer.Directive]*analyzer.Directive // found once, when a resolver needs them
	p.Each([]string{"resolver"}, func(d *analyzer.Directive) {
		if d.Block != nil || len(d.Args()) == 0 || d.Ctx == analyzer.CtxMail || d.Ctx == analyzer.CtxMailServer {
			return
		}
		for _, a := range d.Args() {
			v := strings.ToLower(a.Value())
			// An explicit ipv6= is a deliberate choice; ipv4=off asks for
			// IPv6 only, where ipv6=off would leave nothing.
			if strings.HasPrefix(v, "ipv6=") || v == "ipv4=off" {
				return
			}
		}
		// Only a resolver something looks names up through: one nothing
		// in the configuration uses (a resolver set for files not read,
		// or for later) hands out no address.
		if users == nil {
			users = resolverUsers(p)
		}
		user := users[d]
		if user == nil {
			return
		}
		last := d.Args()[len(d.Args())-1].Range().End
		f := p.Reportf(d, d.NameRange(), "resolver without ipv6=off hands IPv6 addresses to run-time lookups").
			Note("%s (%s) looks names up through it at run time; they also get their AAAA answers, and requests go to IPv6 addresses the backend may not listen on",
				userKind(user), user.Range().Start).
			Note("the resolver does not affect static names such as localhost, which the system resolver looks up at start-up").
			Note("to keep dual-stack on purpose, write ipv6=on instead").
			Relate(user.NameRange(), "%s: looks names up through this resolver", userKind(user))
		f.Fixes = []analyzer.SuggestedFix{{
			Message: "append ipv6=off, so that run-time lookups ignore AAAA answers",
			Safe:    true,
			Edits:   []analyzer.TextEdit{{Range: analyzer.Range{Start: last, End: last}, NewText: " ipv6=off"}},
		}}
	})
}

// resolverUsers maps each resolver directive to the first directive that
// looks names up through it at run time: a *_pass whose address nginx
// builds per request with a host that may be a name, an upstream
// `server … resolve`, OCSP stapling or OCSP client checks, and Lua or njs
// handlers (their sockets and ngx.fetch resolve through it). A directive
// uses the resolvers of the innermost level that has any.
func resolverUsers(p *analyzer.Pass) map[*analyzer.Directive]*analyzer.Directive {
	out := map[*analyzer.Directive]*analyzer.Directive{}
	use := func(at, user *analyzer.Directive) {
		for _, r := range at.InScope("resolver") {
			if out[r] == nil {
				out[r] = user
			}
		}
	}
	a := p.Analysis
	p.Each(analyzer.AddressNames(), func(d *analyzer.Directive) {
		if addr := a.ParseAddress(d); addr != nil && addr.Runtime && mayLookUp(addr) {
			use(d, d)
		}
	})
	p.Each([]string{"ssl_stapling", "ssl_ocsp"}, func(d *analyzer.Directive) {
		if v := strings.ToLower(d.Arg(0)); v == "on" || v == "leaf" {
			for _, t := range staplingTargets(d) {
				use(t, d)
			}
		}
	})
	p.Walk(func(d *analyzer.Directive) bool {
		if d.Ctx.IsData() {
			return false
		}
		if runsScript(d.Name()) {
			use(d, d)
		}
		return true
	})
	return out
}

// userKind names what a resolver user does, for the note.
func userKind(d *analyzer.Directive) string {
	switch {
	case d.Name() == "server":
		return "server … resolve"
	case analyzer.IsPass(d):
		return d.Name() + " with variables"
	}
	return d.Name()
}

// mayLookUp reports whether some value the host of a run-time address
// takes may be a name: one looked up through the resolver, or one the
// configuration does not tell (request data, variables set by modules).
func mayLookUp(addr *analyzer.Address) bool {
	for _, t := range addr.Targets {
		if t.Kind == analyzer.AddrDynamic || t.Kind == analyzer.AddrUnknown {
			return true
		}
	}
	return false
}

// runsScript reports whether a directive runs Lua or njs code, whose
// sockets and fetches resolve names through the resolver in scope.
func runsScript(name string) bool {
	switch name {
	case "js_content", "js_access", "js_preread", "js_filter", "js_header_filter", "js_body_filter", "js_set", "js_periodic":
		return true
	}
	return strings.HasSuffix(name, "_by_lua") || strings.HasSuffix(name, "_by_lua_block") || strings.HasSuffix(name, "_by_lua_file")
}
