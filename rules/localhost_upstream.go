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
	p.Walk(func(d *analyzer.Directive) bool {
		if addr := a.ParseAddress(d); addr != nil {
			if addr.Kind == analyzer.AddrGroup {
				users[addr.Group] = append(users[addr.Group], d)
			}
			addrs = append(addrs, addr)
		}
		return !d.Ctx.IsData()
	})
	for _, addr := range addrs {
		if addr.Kind != analyzer.AddrStatic || !analyzer.IsLocalhost(addr.Host) {
			continue
		}
		reportLocalhost(p, addr, users)
	}
}

func reportLocalhost(p *analyzer.Pass, addr *analyzer.Address, users map[*analyzer.Directive][]*analyzer.Directive) {
	d := addr.Directive
	name := strings.TrimSuffix(strings.ToLower(addr.Host), ".")
	family := analyzer.LocalhostNames[name]
	var msg strings.Builder
	if family == "127.0.0.1 and ::1" {
		fmt.Fprintf(&msg, "%q resolves to both 127.0.0.1 and ::1: nginx looks it up once at start-up and spreads connections over both, so an app listening on one address family refuses every connection to the other (logged as connect() failed (111: Connection refused) and retried on the next address, 502 when retries or max_fails are off)", addr.Host)
	} else {
		fmt.Fprintf(&msg, "%q is a hosts-file alias (%s on most systems, absent on some): nginx looks it up once at start-up; write the address itself", addr.Host, family)
	}
	sev := analyzer.SeverityNone
	if why := fatalRetries(addr, users); why != "" {
		sev = analyzer.Error
		fmt.Fprintf(&msg, "; here %s, so about every other request gets a 502", why)
	} else if why := noRetry(addr, users); why != "" {
		fmt.Fprintf(&msg, "; here %s, so every try on the refused address is a 502 for the client", why)
	}
	if r := ipv6OffResolver(d); r != nil {
		fmt.Fprintf(&msg, "; the resolver at line %d (ipv6=off) does not apply: it is used only for names resolved at run time (variables in *_pass, server ... resolve), never for a static name", r.NameRange.Start.Line)
	}
	f := p.Reportf(d, addr.HostRange(), "%s", msg.String())
	f.Severity = sev
	if addr.HostStart >= 0 {
		repl, safe := "127.0.0.1", false
		if p.Config != nil && p.Config.Loopback == "ipv6" {
			repl = "[::1]"
		}
		if p.Config != nil && p.Config.LoopbackSet {
			safe = true
		}
		note := "use 127.0.0.1 (or [::1] if the app listens on IPv6 only)"
		if repl == "[::1]" {
			note = "use [::1] (the app listens on IPv6)"
		}
		f.Fixes = []analyzer.SuggestedFix{{
			Message: note,
			Safe:    safe,
			Edits:   []analyzer.TextEdit{{Range: addr.HostRange(), NewText: repl}},
		}}
	}
}

// ipv6OffResolver finds a resolver with ipv6=off that a reader might think
// covers d: in scope of d, or inside d's upstream block.
func ipv6OffResolver(d *analyzer.Directive) *analyzer.Directive {
	for _, r := range d.InScope("resolver") {
		for _, arg := range r.Args {
			if strings.EqualFold(arg.Value, "ipv6=off") {
				return r
			}
		}
	}
	return nil
}

// fatalRetries explains why failed tries on the wrong address become 502s:
// the server has max_fails=0 (never marked down) and the pass using it does
// not retry. It returns "" when that is not the case.
func fatalRetries(addr *analyzer.Address, users map[*analyzer.Directive][]*analyzer.Directive) string {
	d := addr.Directive
	if !analyzer.IsUpstreamServer(d) {
		return ""
	}
	maxFailsZero := false
	for _, arg := range d.Args[1:] {
		if arg.Value == "max_fails=0" {
			maxFailsZero = true
		}
	}
	if !maxFailsZero || d.Parent == nil {
		return ""
	}
	for _, pass := range users[d.Parent] {
		if why := retriesOff(pass); why != "" {
			return "max_fails=0 and " + why
		}
	}
	return ""
}

// noRetry explains that a pass sending to this address does not retry.
func noRetry(addr *analyzer.Address, users map[*analyzer.Directive][]*analyzer.Directive) string {
	d := addr.Directive
	if !analyzer.IsUpstreamServer(d) {
		return retriesOff(d)
	}
	if d.Parent == nil {
		return ""
	}
	for _, pass := range users[d.Parent] {
		if why := retriesOff(pass); why != "" {
			return why
		}
	}
	return ""
}

// retriesOff reports whether the pass directive never retries another
// address: <module>_next_upstream off or <module>_next_upstream_tries 1.
func retriesOff(pass *analyzer.Directive) string {
	mod := retryPrefix(pass.Name)
	for _, n := range pass.InScope(mod + "_next_upstream") {
		if n.Arg(0) == "off" {
			return fmt.Sprintf("%s_next_upstream off (line %d)", mod, n.NameRange.Start.Line)
		}
	}
	for _, n := range pass.InScope(mod + "_next_upstream_tries") {
		if n.Arg(0) == "1" {
			return fmt.Sprintf("%s_next_upstream_tries 1 (line %d)", mod, n.NameRange.Start.Line)
		}
	}
	return ""
}
