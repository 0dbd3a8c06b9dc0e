package lsp

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/lint"
)

// references lists the places that name the upstream or the $variable
// under the cursor, in every file of the configuration the buffer belongs
// to (a fragment is read through the nginx.conf that includes it, as for
// diagnostics): for an upstream, the host of each *_pass that sends to it
// (a variable's value too, when the pass takes the host from one); for a
// variable, each $name and ${name}. The upstream's name and the
// directives that set the variable count when the client asks for
// declarations.
func (s *Server) references(ctx context.Context, p *protocol.ReferenceParams) ([]protocol.Location, error) {
	locs := []protocol.Location{}
	path, text, _, ok := s.snapshot(p.TextDocument.URI)
	if !ok {
		return locs, nil
	}
	res, err := s.lintInContext(ctx, path, text)
	if err != nil {
		return nil, err
	}
	file := bufferFile(res, path)
	if file == nil {
		return locs, nil
	}
	at := offset(text, p.Position)
	d, arg := directiveAt(res.Analysis, file, at)
	if d == nil || arg == nil {
		return locs, nil
	}
	if v := variableAt(arg.Raw(), at-arg.Range().Start.Offset); v != "" {
		return variableRefs(ctx, res, v, p.Context.IncludeDeclaration), nil
	}
	if up := upstreamOf(res.Analysis, d, arg); up != nil {
		return upstreamRefs(ctx, res, up, p.Context.IncludeDeclaration), nil
	}
	return locs, nil
}

// bufferFile is the file of res that holds the buffer at path: the root
// when the buffer was linted alone, the included unit when it was linted
// through its nginx.conf.
func bufferFile(res *lint.Result, path string) *analyzer.File {
	if res.Path == path {
		return res.Analysis.Root.File
	}
	key := analyzer.RealPath(path)
	for _, u := range res.Analysis.Units {
		if u.File.Path != "" && analyzer.RealPath(u.File.Path) == key {
			return u.File
		}
	}
	return nil
}

// locationIn is the LSP location of r in file f of res, whose text is the
// one analysed (the buffer's for open files).
func locationIn(res *lint.Result, f *analyzer.File, r analyzer.Range) protocol.Location {
	return protocol.Location{URI: uri.File(filePath(res, f)), Range: lspRange(f.Src, r)}
}

// filePath is the path of file f of res (the linted path for the root).
func filePath(res *lint.Result, f *analyzer.File) string {
	if f == res.Analysis.Root.File || f.Path == "" {
		return res.Path
	}
	return f.Path
}

// upstreamOf is the upstream{} that the argument arg of d names: the
// block's own name, or the host of a *_pass URL.
func upstreamOf(a *analyzer.Analysis, d *analyzer.Directive, arg *analyzer.Arg) *analyzer.Directive {
	switch {
	case d.Name() == "upstream" && d.Block != nil && len(d.Args()) > 0 && arg == d.Args()[0]:
		return d
	case passDirectives[d.Name()] && arg == d.Args()[0]:
		return a.Upstreams(isStream(d.Ctx))[strings.ToLower(upstreamName(arg.Value()))]
	}
	return nil
}

// refs collects locations once each.
type refs struct {
	res   *lint.Result
	seen  map[analyzer.Range]bool
	lines map[*analyzer.File]*lines
	out   []protocol.Location
}

func newRefs(res *lint.Result) *refs {
	return &refs{res: res, seen: map[analyzer.Range]bool{}, lines: map[*analyzer.File]*lines{}, out: []protocol.Location{}}
}

func (r *refs) add(f *analyzer.File, rng analyzer.Range) {
	if r.seen[rng] {
		return
	}
	r.seen[rng] = true
	l := r.lines[f]
	if l == nil {
		l = indexLines(f.Src)
		r.lines[f] = l
	}
	r.out = append(r.out, protocol.Location{URI: uri.File(filePath(r.res, f)), Range: l.lspRange(rng)})
}

// upstreamRefs are the places that send to upstream up.
func upstreamRefs(ctx context.Context, res *lint.Result, up *analyzer.Directive, decl bool) []protocol.Location {
	a := res.Analysis
	r := newRefs(res)
	a.Walk(func(x *analyzer.Directive) bool {
		if ctx.Err() != nil {
			return false
		}
		if x == up && decl {
			r.add(up.File, up.Args()[0].Range())
		}
		if !passDirectives[x.Name()] || len(x.Args()) == 0 {
			return true
		}
		addr := a.ParseAddress(x)
		if addr == nil {
			return true
		}
		if addr.Kind == analyzer.AddrGroup && addr.Group == up && !addr.Runtime {
			r.add(x.File, addr.HostRange())
		}
		for _, t := range addr.Targets {
			if t.Kind != analyzer.AddrGroup || t.Group != up {
				continue
			}
			if hr, ok := t.HostRange(); ok {
				r.add(t.Directive.File, hr)
			}
		}
		return true
	})
	return r.out
}

// variableRefs are the places that use the variable name (without $),
// and those that set it when decl is set.
func variableRefs(ctx context.Context, res *lint.Result, name string, decl bool) []protocol.Location {
	r := newRefs(res)
	res.Analysis.Walk(func(x *analyzer.Directive) bool {
		if ctx.Err() != nil {
			return false
		}
		_, def := definedVariable(x)
		if decl {
			definitions(x, func(v string, rng analyzer.Range, _ string) {
				if strings.EqualFold(v, name) {
					r.add(x.File, rng)
				}
			})
		}
		for i, arg := range x.Args() {
			if i == def {
				continue // listed with the declarations
			}
			raw, base := arg.Raw(), arg.Range().Start.Offset
			for _, span := range variableSpans(raw) {
				if strings.EqualFold(raw[span[0]:span[1]], name) {
					r.add(x.File, x.File.Range(base+span[2], base+span[3]))
				}
			}
		}
		return true
	})
	return r.out
}

// variableSpans finds the variables of raw: for each, the start and end of
// its name and of the whole reference ($name or ${name}).
func variableSpans(raw string) [][4]int {
	var out [][4]int
	for i := 0; i < len(raw); i++ {
		if raw[i] != '$' {
			continue
		}
		k := i + 1
		brace := k < len(raw) && raw[k] == '{'
		if brace {
			k++
		}
		e := k
		for e < len(raw) && isVarByte(raw[e]) {
			e++
		}
		if e == k {
			continue
		}
		end := e
		if brace {
			if e >= len(raw) || raw[e] != '}' {
				continue
			}
			end++
		}
		out = append(out, [4]int{k, e, i, end})
		i = end - 1
	}
	return out
}

func isVarByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
