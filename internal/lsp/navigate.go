package lsp

import (
	"context"
	"regexp"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// symbolKinds are the block directives the outline shows, and how.
var symbolKinds = map[string]protocol.SymbolKind{
	"events": protocol.SymbolKindNamespace, "http": protocol.SymbolKindNamespace,
	"stream": protocol.SymbolKindNamespace, "mail": protocol.SymbolKindNamespace,
	"server": protocol.SymbolKindClass, "location": protocol.SymbolKindMethod,
	"upstream": protocol.SymbolKindStruct, "map": protocol.SymbolKindVariable,
	"geo": protocol.SymbolKindVariable, "split_clients": protocol.SymbolKindVariable,
	"if": protocol.SymbolKindOperator, "limit_except": protocol.SymbolKindOperator,
	"types": protocol.SymbolKindObject,
}

// symbols is the outline of a buffer: its blocks (http, server with its
// names, location, upstream, map, stream …) as written in it.
func (s *Server) symbols(ctx context.Context, p *protocol.DocumentSymbolParams) ([]protocol.DocumentSymbol, error) {
	path, text, _, ok := s.snapshot(p.TextDocument.URI)
	if !ok {
		return []protocol.DocumentSymbol{}, nil
	}
	res, err := s.engine.LintText(ctx, path, text)
	if err != nil {
		return nil, err
	}
	return outline(indexLines(text), res.Analysis.Root.Items), nil
}

func outline(text *lines, items []*analyzer.Directive) []protocol.DocumentSymbol {
	out := []protocol.DocumentSymbol{}
	for _, d := range items {
		kind, ok := symbolKinds[d.Name()]
		if !ok || d.Block == nil {
			continue
		}
		name := d.Name()
		var args []string
		for _, a := range d.Args() {
			args = append(args, a.Raw())
		}
		detail := strings.Join(args, " ")
		if name == "server" {
			for _, c := range d.Block.Items {
				if c.Name() == "server_name" || (detail == "" && c.Name() == "listen") {
					var names []string
					for _, a := range c.Args() {
						names = append(names, a.Raw())
					}
					detail = strings.Join(names, " ")
					if c.Name() == "server_name" {
						break
					}
				}
			}
		}
		if detail != "" {
			name += " " + detail
		}
		whole := d.Range()
		if cl := d.Block.Close(); cl.End.Offset > 0 {
			whole.End = cl.End
		} else {
			whole.End.Offset = len(text.text)
		}
		out = append(out, protocol.DocumentSymbol{
			Name: name, Kind: kind, Range: text.lspRange(whole), SelectionRange: text.lspRange(d.NameRange()),
			Children: outline(text, d.Block.Items),
		})
	}
	return out
}

// passDirectives take a URL or an upstream name as their first argument.
var passDirectives = map[string]bool{
	"proxy_pass": true, "fastcgi_pass": true, "grpc_pass": true, "uwsgi_pass": true,
	"scgi_pass": true, "memcached_pass": true,
}

// definition goes from an include to the files it reads, from the host of
// a *_pass URL to its upstream block, and from a $variable to where the
// configuration sets it (set, map, geo, split_clients, perl_set, js_set).
func (s *Server) definition(ctx context.Context, p *protocol.DefinitionParams) ([]protocol.Location, error) {
	locs := []protocol.Location{}
	path, text, _, ok := s.snapshot(p.TextDocument.URI)
	if !ok {
		return locs, nil
	}
	res, err := s.engine.LintText(ctx, path, text)
	if err != nil {
		return nil, err
	}
	a := res.Analysis
	at := offset(text, p.Position)
	d, arg := directiveAt(a, a.Root.File, at)
	if d == nil {
		return locs, nil
	}
	if arg != nil && d.Name() == "include" {
		if inc := d.Include(); inc != nil {
			for _, u := range inc.Files {
				if u.File.Path != "" {
					locs = append(locs, protocol.Location{URI: uri.File(u.File.Path)})
				}
			}
		}
		return locs, nil
	}
	if arg != nil {
		if v := variableAt(arg.Raw(), at-arg.Range().Start.Offset); v != "" {
			a.Walk(func(x *analyzer.Directive) bool {
				definitions(x, func(name string, r analyzer.Range, _ string) {
					if strings.EqualFold(name, v) {
						locs = append(locs, locationIn(res, x.File, r))
					}
				})
				return true
			})
			return locs, nil
		}
	}
	if arg != nil {
		if up := upstreamOf(a, d, arg); up != nil {
			locs = append(locs, locationIn(res, up.File, up.Args()[0].Range()))
		}
	}
	return locs, nil
}

func isStream(c analyzer.Context) bool {
	return c == analyzer.CtxStream || c == analyzer.CtxStreamServer || c == analyzer.CtxStreamUpstrm
}

// upstreamName is the host of a *_pass argument: "backend" in
// http://backend/path, and the argument itself without a scheme.
func upstreamName(v string) string {
	if _, rest, ok := strings.Cut(v, "://"); ok {
		v = rest
	}
	if i := strings.IndexAny(v, "/:?"); i >= 0 {
		v = v[:i]
	}
	return v
}

// directiveAt returns the directive of file whose name or an argument
// holds byte offset at, and the argument (nil on the name).
func directiveAt(a *analyzer.Analysis, file *analyzer.File, at int) (found *analyzer.Directive, arg *analyzer.Arg) {
	a.Walk(func(d *analyzer.Directive) bool {
		if found != nil {
			return false
		}
		if d.File != file {
			return true
		}
		if r := d.NameRange(); r.Start.Offset <= at && at <= r.End.Offset {
			found = d
			return false
		}
		for _, x := range d.Args() {
			if r := x.Range(); r.Start.Offset <= at && at <= r.End.Offset {
				found, arg = d, x
				return false
			}
		}
		return true
	})
	return found, arg
}

// variableAt returns the name of the $variable that byte i of raw falls in
// ("" when none), without the $ and braces.
func variableAt(raw string, i int) string {
	for _, sp := range variableSpans(raw) {
		if sp[2] <= i && i <= sp[3] {
			return raw[sp[0]:sp[1]]
		}
	}
	return ""
}

// namedGroup matches a named group of a PCRE pattern: (?<name>,
// (?P<name> or (?'name'; nginx makes each a variable.
var namedGroup = regexp.MustCompile(`\(\?(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')`)

// definitions calls fn with each variable d defines (without the $), where
// its name is written and what defines it: the variable set, map, geo,
// split_clients, perl_set or js_set names, and the named groups of the
// regular expressions in d (a location, server_name, if, rewrite or map
// entry), which nginx turns into variables.
func definitions(d *analyzer.Directive, fn func(name string, r analyzer.Range, by string)) {
	if name, i := definedVariable(d); i >= 0 {
		fn(name, d.Args()[i].Range(), d.Name())
	}
	groups := func(raw string, base int) {
		if !strings.Contains(raw, "(?") {
			return
		}
		for _, m := range namedGroup.FindAllStringSubmatchIndex(raw, -1) {
			s, e := m[2], m[3]
			if s < 0 {
				s, e = m[4], m[5]
			}
			fn(raw[s:e], d.File.Range(base+s, base+e), "a named capture")
		}
	}
	if nr := d.NameRange(); nr.End.Offset <= len(d.File.Src) {
		groups(string(d.File.Src[nr.Start.Offset:nr.End.Offset]), nr.Start.Offset) // a map entry's key
	}
	for _, a := range d.Args() {
		groups(a.Raw(), a.Range().Start.Offset)
	}
}

// definedVariable returns the variable directive d defines (without the
// $) and the index of the argument that names it, or -1.
func definedVariable(d *analyzer.Directive) (string, int) {
	i := -1
	switch d.Name() {
	case "set", "perl_set", "js_set":
		i = 0
	case "map", "split_clients":
		i = 1
	case "geo":
		i = len(d.Args()) - 1
	}
	if i < 0 || i >= len(d.Args()) {
		return "", -1
	}
	v := d.Args()[i].Value()
	if !strings.HasPrefix(v, "$") {
		return "", -1
	}
	return strings.Trim(v[1:], "{}"), i
}
