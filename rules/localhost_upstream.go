package rules

import (
	"fmt"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "localhost-upstream",
		Title:    "localhost as an upstream address resolves to both 127.0.0.1 and ::1",
		Severity: analyzer.Warning,
		Default:  true,
		Fixable:  true,
		Run:      runLocalhostUpstream,
	})
}

// retryDirective maps a pass directive to its module's retry directives.
func retryPrefix(pass string) string { return strings.TrimSuffix(pass, "_pass") }

func runLocalhostUpstream(p *analyzer.Pass) {
	a := p.Analysis
	// Which passes send traffic to each upstream group.
	users := map[*analyzer.Directive][]*analyzer.Directive{}
	var addrs []*analyzer.Address
	p.Each(analyzer.AddressNames(), func(d *analyzer.Directive) {
		if addr := a.ParseAddress(d); addr != nil {
			if addr.Kind == analyzer.AddrGroup && !addr.Runtime {
				users[addr.Group] = append(users[addr.Group], d)
			}
			for _, t := range addr.Targets {
				if t.Kind == analyzer.AddrGroup {
					users[t.Group] = append(users[t.Group], d)
				}
			}
			addrs = append(addrs, addr)
		}
	})
	fixed := map[analyzer.Range]bool{}
	for _, addr := range addrs {
		switch {
		case !addr.Runtime:
			// "localhost." is never found at start-up: invalid-args reports it.
			if addr.Kind == analyzer.AddrStatic && analyzer.IsLocalhost(addr.Host) && !strings.HasSuffix(addr.Host, ".") {
				reportLocalhost(p, addr, users)
			}
		default:
			for _, t := range addr.Targets {
				if (t.Kind == analyzer.AddrDynamic || t.Kind == analyzer.AddrStatic) && analyzer.IsLocalhost(t.Host) {
					reportRuntimeLocalhost(p, addr, t, fixed)
					break // one finding per address
				}
			}
		}
	}
}

func reportLocalhost(p *analyzer.Pass, addr *analyzer.Address, users map[*analyzer.Directive][]*analyzer.Directive) {
	d := addr.Directive
	head := staticLocalhostHeadline(addr.Host)
	fatal := fatalRetries(addr, users)
	if fatal != "" {
		head = headline(head+": about every other request gets a 502", head)
	}
	f := p.Reportf(d, addr.HostRange(), "%s", head)
	staticLocalhostNotes(f, addr.Host)
	f.Severity = analyzer.SeverityNone
	if fatal != "" {
		f.Severity = analyzer.Error
		f.Note("here %s, so about every other request gets a 502", fatal)
	} else if why := noRetry(addr, users); why != "" {
		f.Note("here %s, so every try on the refused address is a 502 for the client", why)
	}
	if r := ipv6OffResolver(d); r != nil {
		f.Note("the resolver at line %d (ipv6=off) does not apply: it is used only for names resolved at run time (variables in *_pass, server ... resolve), never for a static name", r.NameRange().Start.Line).
			Relate(r.NameRange(), "this resolver (ipv6=off) is not used for a static name")
	}
	relateUsers(f, addr, users)
	if n := retryStop(addr, users); n != nil {
		f.Relate(n.NameRange(), "no retry on the other address")
	}
	if addr.HostStart >= 0 {
		f.Fixes = []analyzer.SuggestedFix{loopbackFix(p, addr.Host, addr.HostRange(), needsScheme(addr))}
	} else {
		loopbackNote(f, addr.Host)
	}
}

// dualStack reports whether a hosts file gives the localhost name host
// both loopback addresses.
func dualStack(host string) bool {
	return analyzer.LocalhostNames[strings.TrimSuffix(strings.ToLower(host), ".")] == "127.0.0.1 and ::1"
}

// staticLocalhostHeadline says what is wrong with a localhost name that
// nginx resolves at start-up.
func staticLocalhostHeadline(host string) string {
	if dualStack(host) {
		return fmt.Sprintf("%q resolves to both 127.0.0.1 and ::1", host)
	}
	family := analyzer.LocalhostNames[strings.TrimSuffix(strings.ToLower(host), ".")]
	return fmt.Sprintf("%q is a hosts-file alias (%s on most systems, absent on some)", host, family)
}

// staticLocalhostNotes explains what nginx does with a localhost name it
// resolves at start-up.
func staticLocalhostNotes(f *analyzer.Finding, host string) {
	if !dualStack(host) {
		f.Note("nginx looks it up once at start-up, in the hosts file of the machine it runs on").
			Note("where that file lacks it, nginx refuses to start: host not found in upstream")
		return
	}
	f.Note("nginx looks it up once at start-up and spreads connections over both addresses").
		Note("an app listening on one address family refuses every connection to the other").
		Note("nginx logs connect() failed (111: Connection refused) and retries on the next address, a 502 when retries or max_fails are off")
}

// loopbackNote is the fix in words, for a finding without a suggested fix
// (whose message says the same).
func loopbackNote(f *analyzer.Finding, host string) {
	if analyzer.LocalhostNames[strings.TrimSuffix(strings.ToLower(host), ".")] == "::1" {
		f.Note("write the address itself: [::1]")
		return
	}
	f.Note("write the address the app listens on: 127.0.0.1, or [::1] for an app on IPv6")
}

// loopbackFix replaces a localhost name with a loopback address of the
// family the name has: one that stands for ::1 only (ip6-localhost,
// ip6-loopback, localhost6) becomes [::1] whatever --loopback says, and is
// safe only when the apps are said to listen on IPv6; localhost becomes the
// configured loopback address, safe once --loopback (or the configuration
// file) chose it. withScheme adds http:// in front, for a proxy_pass that
// has none (nginx refuses one without a scheme: invalid URL prefix).
func loopbackFix(p *analyzer.Pass, host string, r analyzer.Range, withScheme bool) analyzer.SuggestedFix {
	set := p.Config != nil && p.Config.LoopbackSet
	ipv6 := p.Config != nil && p.Config.Loopback == "ipv6"
	var repl, note string
	safe := set
	switch {
	case analyzer.LocalhostNames[strings.TrimSuffix(strings.ToLower(host), ".")] == "::1":
		repl, safe = "[::1]", set && ipv6
		note = fmt.Sprintf("use [::1]: %q stands for the IPv6 loopback only", host)
	case ipv6:
		repl, note = "[::1]", "use [::1] (the app listens on IPv6)"
	default:
		repl, note = "127.0.0.1", "use 127.0.0.1 (or [::1] if the app listens on IPv6 only)"
	}
	if withScheme {
		repl = "http://" + repl
		note += "; proxy_pass needs a scheme, so http:// is added"
	}
	return analyzer.SuggestedFix{Message: note, Safe: safe, Edits: []analyzer.TextEdit{{Range: r, NewText: repl}}}
}

// needsScheme reports whether addr is an http proxy_pass written without a
// scheme, which nginx refuses ("invalid URL prefix"): a fix of its host
// adds one.
func needsScheme(addr *analyzer.Address) bool {
	lead := 0 // the host is the start of the argument, after a quote
	if addr.Arg.Quote() != 0 {
		lead = 1
	}
	return addr.Directive.Name() == "proxy_pass" && !addr.Stream && addr.Scheme == "" && addr.HostStart == lead
}

// reportRuntimeLocalhost reports a localhost that nginx works out per
// request: through the resolver, or through the implicit upstream of a
// static *_pass elsewhere.
func reportRuntimeLocalhost(p *analyzer.Pass, addr *analyzer.Address, t *analyzer.Target, fixed map[analyzer.Range]bool) {
	d := addr.Directive
	rng := addr.Arg.Range()
	if t.Directive == d {
		if r, ok := t.HostRange(); ok {
			rng = r
		}
	}
	var f *analyzer.Finding
	if t.Kind == analyzer.AddrStatic {
		f = p.Reportf(d, rng, "%s", staticLocalhostHeadline(t.Host))
		originNote(f, d, t)
		f.Note("the address has variables, so nginx builds it per request and finds the upstream that the static %s at line %d created for the same host and port",
			t.Group.Name(), t.Group.NameRange().Start.Line)
		staticLocalhostNotes(f, t.Host)
		f.Severity = analyzer.SeverityNone
	} else {
		how := "the address has variables, so nginx resolves the name while it runs, through the resolver"
		if addr.Resolve {
			how = "server ... resolve makes nginx resolve the name while it runs, through the resolver"
		}
		rs := p.Analysis.ResolverFor(d)
		none := rs.Resolver == nil && rs.Unread == nil && !rs.Fragment
		if none {
			f = p.Reportf(d, rng, "%s", headline(
				fmt.Sprintf("%q is resolved at run time, and no resolver is in scope: every request gets a 502", t.Host),
				fmt.Sprintf("%q is resolved at run time, and no resolver is in scope", t.Host)))
		} else {
			f = p.Reportf(d, rng, "%s", headline(
				fmt.Sprintf("%q is resolved at run time by the resolver, which does not read /etc/hosts", t.Host),
				fmt.Sprintf("%q is resolved at run time by the resolver", t.Host)))
		}
		originNote(f, d, t)
		f.Note("%s", how)
		f.Severity = analyzer.SeverityNone
		switch {
		case none:
			f.Note("no resolver is in scope: nginx answers every request with 502 (\"no resolver defined to resolve localhost\")")
			f.Severity = analyzer.Error
		case rs.Resolver == nil:
			f.Note("whether it answers localhost at all, and with which addresses, depends on that server")
		default:
			f.Note("whether the resolver at line %d answers localhost at all depends on that server (systemd-resolved answers 127.0.0.1 and ::1, many others NXDOMAIN, and then every request is a 502)",
				rs.Resolver.NameRange().Start.Line)
			if hasIPv6Off(rs.Resolver) {
				f.Note("with ipv6=off nginx uses only its A answers, so at best 127.0.0.1")
			} else {
				f.Note("without ipv6=off nginx also uses AAAA answers (::1) and spreads requests over both addresses, so an app listening on IPv4 only refuses about half of them")
				if why := retriesOff(d); why != "" && !addr.Resolve {
					f.Note("with %s each refusal is a 502", why)
					f.Severity = analyzer.Error
				}
			}
		}
	}
	relateTarget(p, f, addr, t)
	if r, ok := t.HostRange(); ok && !fixed[r] {
		fixed[r] = true
		f.Fixes = []analyzer.SuggestedFix{loopbackFix(p, t.Host, r, false)}
	} else {
		loopbackNote(f, t.Host)
	}
}

// originNote says where a host that came through a variable was written.
func originNote(f *analyzer.Finding, d *analyzer.Directive, t *analyzer.Target) {
	if t.Var != "" && t.Directive != nil && t.Directive != d {
		f.Note("the host comes from $%s, %s at line %d", t.Var, t.Directive.Name(), t.Directive.NameRange().Start.Line)
	}
}

func hasIPv6Off(r *analyzer.Directive) bool {
	for _, arg := range r.Args() {
		if strings.EqualFold(arg.Value(), "ipv6=off") {
			return true
		}
	}
	return false
}

// ipv6OffResolver finds a resolver with ipv6=off that a reader might think
// covers d: in scope of d, or inside d's upstream block.
func ipv6OffResolver(d *analyzer.Directive) *analyzer.Directive {
	for _, r := range d.InScope("resolver") {
		if hasIPv6Off(r) {
			return r
		}
	}
	return nil
}

// fatalRetries explains why failed tries on the wrong address become 502s:
// the server has max_fails=0 (never marked down) and the pass using it does
// not retry. It returns "" when that is not the case.
func fatalRetries(addr *analyzer.Address, users map[*analyzer.Directive][]*analyzer.Directive) string {
	d := addr.Directive
	if !analyzer.IsUpstreamServer(d) || d.UpstreamServer().Parameters["max_fails"] != "0" {
		return ""
	}
	if why := noRetry(addr, users); why != "" {
		return "max_fails=0 and " + why
	}
	return ""
}

// noRetry explains that a pass sending to this address does not retry.
func noRetry(addr *analyzer.Address, users map[*analyzer.Directive][]*analyzer.Directive) string {
	return retryText(retryStop(addr, users))
}

// retryStop is the directive that keeps a pass sending to this address
// from retrying another one (see retryLimit), nil when none does.
func retryStop(addr *analyzer.Address, users map[*analyzer.Directive][]*analyzer.Directive) *analyzer.Directive {
	d := addr.Directive
	if !analyzer.IsUpstreamServer(d) {
		return retryLimit(d)
	}
	if d.Parent == nil {
		return nil
	}
	for _, pass := range users[d.Parent] {
		if n := retryLimit(pass); n != nil {
			return n
		}
	}
	return nil
}

// retriesOff reports whether the pass directive never retries another
// address: <module>_next_upstream off or <module>_next_upstream_tries 1.
func retriesOff(pass *analyzer.Directive) string { return retryText(retryLimit(pass)) }

// retryLimit is the <module>_next_upstream off or
// <module>_next_upstream_tries 1 in scope of the pass directive, or nil.
func retryLimit(pass *analyzer.Directive) *analyzer.Directive {
	mod := retryPrefix(pass.Name())
	for _, n := range pass.InScope(mod + "_next_upstream") {
		if n.Arg(0) == "off" {
			return n
		}
	}
	for _, n := range pass.InScope(mod + "_next_upstream_tries") {
		if n.Arg(0) == "1" {
			return n
		}
	}
	return nil
}

// retryText names a retryLimit directive and its line, "" for nil.
func retryText(n *analyzer.Directive) string {
	if n == nil {
		return ""
	}
	return fmt.Sprintf("%s %s (line %d)", n.Name(), n.Arg(0), n.NameRange().Start.Line)
}

// maxRelatedUsers bounds how many of the passes sending to an upstream{}
// a finding on one of its servers points at.
const maxRelatedUsers = 3

// relateUsers points a finding on a server line of an upstream{} at the
// passes that send requests to it.
func relateUsers(f *analyzer.Finding, addr *analyzer.Address, users map[*analyzer.Directive][]*analyzer.Directive) {
	d := addr.Directive
	if !analyzer.IsUpstreamServer(d) || d.Parent == nil {
		return
	}
	for i, pass := range users[d.Parent] {
		if i == maxRelatedUsers {
			break
		}
		f.Relate(pass.NameRange(), "%s sends requests to upstream %s", pass.Name(), analyzer.Snippet(d.Parent.Arg(0)))
	}
}

// relateTarget points a finding on a localhost that nginx works out per
// request at what decides it: the directive that sets the variable, the
// static pass whose implicit upstream serves it, the resolver, the
// directive that turns retries off.
func relateTarget(p *analyzer.Pass, f *analyzer.Finding, addr *analyzer.Address, t *analyzer.Target) {
	d := addr.Directive
	if t.Var != "" && t.Directive != nil && t.Directive != d {
		r := t.Directive.NameRange()
		if t.Arg != nil {
			r = t.Arg.Range()
		}
		f.Relate(r, "$%s gets %q here", t.Var, t.Host)
	}
	if t.Kind == analyzer.AddrStatic {
		f.Relate(t.Group.NameRange(), "this %s creates the upstream for %q", t.Group.Name(), t.Host)
		return
	}
	if r := p.Analysis.ResolverFor(d).Resolver; r != nil {
		f.Relate(r.NameRange(), "the resolver that looks up %q", t.Host)
		if !hasIPv6Off(r) && !addr.Resolve {
			if n := retryLimit(d); n != nil {
				f.Relate(n.NameRange(), "no retry on the other address")
			}
		}
	}
}
