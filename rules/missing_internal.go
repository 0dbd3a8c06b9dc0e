package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "missing-internal",
		Title:    "proxy_pass to a host computed per request, in a location clients reach directly",
		Severity: analyzer.Warning,
		Default:  false,
		Run:      runMissingInternal,
	})
}

// serverSideVars are built-in variables whose value the client cannot
// choose freely (the address it connected to, names from the
// configuration). $scheme is dynamic-proxy-scheme's business.
var serverSideVars = map[string]bool{
	"server_addr": true, "server_port": true, "server_name": true, "hostname": true,
	"scheme": true, "https": true, "nginx_version": true, "pid": true,
	"document_root": true, "realpath_root": true, "server_protocol": true,
}

func runMissingInternal(p *analyzer.Pass) {
	vm := newVarModel(p)
	// Variables given by set (any form, a template's too), and those of
	// split_clients and geo blocks whose values are all literal.
	assigned := map[string]bool{}
	p.Each([]string{"set", "split_clients", "geo"}, func(d *analyzer.Directive) {
		switch {
		case d.Name() == "set" && len(d.Args()) > 0:
			if n := varName(d.Args()[0].Value()); n != "" {
				assigned[n] = true
			}
		case d.Block != nil && len(d.Args()) > 0:
			if n := varName(d.Args()[len(d.Args())-1].Value()); n != "" && literalEntries(d) {
				assigned[n] = true
			}
		}
	})
	p.Each([]string{"proxy_pass"}, func(d *analyzer.Directive) {
		if len(d.Args()) != 1 || !d.Ctx.IsHTTP() || !d.Args()[0].HasVar() || templatedValue(d.Args()[0].Value()) {
			return
		}
		loc := d.Enclosing("location")
		if loc == nil || internalLocation(d) {
			return
		}
		if l, ok := loc.LocationOf(); !ok || l.Modifier == "@" {
			return // a named location is reached only from inside nginx
		}
		raw := d.Args()[0].Value()
		variants := expandSets(vm, d, raw, 3)
		for _, v := range variants {
			if clientHostVar(vm, d, v) != "" {
				return // ssrf reports it
			}
		}
		for _, v := range variants {
			for _, name := range destinationVars(vm, d, v) {
				if isCapture(name) || serverSideVars[name] || assigned[name] || len(vm.setsFor(d, name)) > 0 || fixedMap(vm, name) || envsubstRef(raw, name) {
					continue // fixed, or judged through its set values
				}
				p.Reportf(d, d.Args()[0].Range(), "proxy_pass host comes from $%s in a location clients reach", analyzer.Snippet(name)).
					Note("nginx resolves and connects to whatever the variable holds for each request; where a request can steer it, the server becomes a proxy into the network behind it (internal services, cloud metadata at 169.254.169.254)").
					Note("if the location only serves internal redirects (X-Accel-Redirect, error_page, auth_request, try_files), write internal; in it; otherwise take the host from a fixed list (a map with literal values)")
				return
			}
		}
	})
}

// destinationVars returns the variables of URL value that land in its
// scheme, host or port: before the first literal "://", or after it up to
// the first "/" or "?".
func destinationVars(vm *varModel, d *analyzer.Directive, value string) []string {
	segs := splitVars(value)
	var out []string
	start := -1
	for i, s := range segs {
		if s.v == "" && strings.Contains(s.lit, "://") {
			start = i
			break
		}
		if s.v != "" {
			out = append(out, s.v)
		}
	}
	if start < 0 {
		return out
	}
	for i := start; i < len(segs); i++ {
		s := segs[i]
		if s.v != "" {
			if vm.startsPath(d, s.v) {
				break // $uri, $request_uri … start the path
			}
			out = append(out, s.v)
			continue
		}
		lit := s.lit
		if i == start {
			lit = lit[strings.Index(lit, "://")+3:]
		}
		if strings.ContainsAny(lit, "/?") {
			break
		}
	}
	return out
}

// fixedMap reports whether $name comes from a map whose values are all
// literal: whatever the request, it holds one of them.
func fixedMap(vm *varModel, name string) bool {
	mp := vm.maps[name]
	return mp != nil && literalEntries(mp)
}

// literalEntries reports whether every value of a map, geo or
// split_clients block is literal.
func literalEntries(b *analyzer.Directive) bool {
	for _, e := range b.Children() {
		if len(e.Args()) > 0 && e.Args()[len(e.Args())-1].HasVar() {
			return false
		}
	}
	return true
}

// envsubstRef reports whether value writes $name in capitals, a template's
// placeholder (envsubst) rather than an nginx variable.
func envsubstRef(value, name string) bool {
	up := strings.ToUpper(name)
	return up != name && (strings.Contains(value, "$"+up) || strings.Contains(value, "${"+up+"}"))
}
