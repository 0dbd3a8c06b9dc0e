package lsp

import (
	"context"
	"regexp"
	"slices"
	"sort"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

// passURL matches a *_pass directive typed up to the host of its URL.
var passURL = regexp.MustCompile(`\b(?:proxy|grpc|uwsgi|scgi|fastcgi|memcached)_pass\s+(?:[a-z]+://)?([A-Za-z0-9_.-]*)$`)

// completion offers, at the cursor: directive names nginx takes in the
// enclosing block (for the configured version, modules and NGINX Plus);
// after a directive whose syntax lists words (on | off), those words;
// after $, the variables nginx defines and those the configuration sets;
// after proxy_pass http://, the upstream names.
func (s *Server) completion(ctx context.Context, p *protocol.CompletionParams) (*protocol.CompletionList, error) {
	list := &protocol.CompletionList{Items: []protocol.CompletionItem{}}
	path, text, _, ok := s.snapshot(p.TextDocument.URI)
	if !ok {
		return list, nil
	}
	res, err := s.engine.LintText(ctx, path, text)
	if err != nil {
		return nil, err
	}
	a := res.Analysis
	at := offset(text, p.Position)
	line := string(text[strings.LastIndexByte(string(text[:at]), '\n')+1 : at])
	stmt := line[strings.LastIndexAny(line, ";{}")+1:]
	if i := strings.IndexByte(stmt, '#'); i >= 0 {
		return list, nil // in a comment
	}
	fields := strings.Fields(stmt)
	typing := len(stmt) > 0 && !strings.HasSuffix(stmt, " ") && !strings.HasSuffix(stmt, "\t")
	word := ""
	if typing && len(fields) > 0 {
		word = fields[len(fields)-1]
	}
	ctxOf, stream := blockContext(a, at)
	add := func(label string, kind protocol.CompletionItemKind, detail string) {
		list.Items = append(list.Items, protocol.CompletionItem{Label: label, Kind: kind, Detail: detail})
	}
	switch {
	case strings.Contains(word, "$"):
		v := word[strings.LastIndexByte(word, '$')+1:]
		v = strings.TrimPrefix(v, "{")
		ns := directives.HTTPVars
		if stream {
			ns = directives.StreamVars
		}
		seen := map[string]bool{}
		a.Walk(func(d *analyzer.Directive) bool {
			definitions(d, func(name string, _ analyzer.Range, by string) {
				if !seen[name] && strings.HasPrefix(name, v) {
					seen[name] = true
					add(name, protocol.CompletionItemKindVariable, "set by "+by+" in this configuration")
				}
			})
			return true
		})
		for _, name := range directives.BuiltinVarNames(ns) {
			if !seen[name] && strings.HasPrefix(name, v) {
				add(name, protocol.CompletionItemKindVariable, "nginx variable")
			}
		}
	case passURL.MatchString(stmt):
		prefix := strings.ToLower(passURL.FindStringSubmatch(stmt)[1])
		var names []string
		for name := range a.Upstreams(stream) {
			if strings.HasPrefix(name, prefix) {
				names = append(names, name)
			}
		}
		sort.Strings(names)
		for _, n := range names {
			add(n, protocol.CompletionItemKindModule, "upstream")
		}
	case len(fields) == 0 || len(fields) == 1 && typing:
		env := directives.EnvOf(s.engine.Config(path))
		seen := map[string]bool{}
		for _, sp := range directives.All() {
			if sp.BlockParam || seen[sp.Name] || !strings.HasPrefix(sp.Name, word) || !directives.AllowedIn(&sp, ctxOf) || env.Status(&sp) != directives.Available {
				continue
			}
			seen[sp.Name] = true
			add(sp.Name, protocol.CompletionItemKindKeyword, sp.Syntax)
		}
	default:
		for _, w := range enumerated(fields[0]) {
			if strings.HasPrefix(w, word) && !slices.Contains(fields[1:len(fields)-boolToInt(typing)], w) {
				add(w, protocol.CompletionItemKindEnumMember, fields[0])
			}
		}
	}
	return list, nil
}

func boolToInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// enumerated returns the words a directive's syntax offers as alternatives
// (gzip on | off; → on, off; proxy_http_version 1.0 | 1.1; → 1.0, 1.1).
func enumerated(name string) []string {
	var out []string
	for _, sp := range directives.Lookup(name) {
		syn, _, _ := strings.Cut(sp.Syntax, "\n")
		syn = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(syn), name), ";")
		if !strings.Contains(syn, "|") {
			continue
		}
		for _, alt := range strings.Split(syn, "|") {
			alt = strings.TrimSpace(alt)
			if alt != "" && strings.Trim(alt, "abcdefghijklmnopqrstuvwxyz0123456789_.-") == "" && !slices.Contains(out, alt) {
				out = append(out, alt)
			}
		}
	}
	return out
}

// blockContext is the context of a statement written at byte offset at:
// that of the innermost block of the buffer open around it.
func blockContext(a *analyzer.Analysis, at int) (ctx analyzer.Context, stream bool) {
	ctx = a.Root.Ctx
	root := a.Root.File
	var inner *analyzer.Directive
	a.Walk(func(d *analyzer.Directive) bool {
		if d.File != root || d.Block == nil {
			return d.File != root || d.Block != nil
		}
		open, cl := d.Block.Open(), d.Block.Close()
		end := cl.Start.Offset
		if cl.End.Offset == 0 {
			end = len(root.Src) + 1
		}
		if open.End.Offset <= at && at <= end {
			inner = d
			return true
		}
		return false
	})
	if inner != nil {
		ctx = childContext(inner)
	}
	return ctx, isStream(ctx)
}

// childContext is the context of the statements inside block directive d.
func childContext(d *analyzer.Directive) analyzer.Context {
	for _, c := range d.Children() {
		return c.Ctx
	}
	switch d.Name() {
	case "events":
		return analyzer.CtxEvents
	case "http":
		return analyzer.CtxHTTP
	case "stream":
		return analyzer.CtxStream
	case "mail":
		return analyzer.CtxMail
	case "server":
		switch d.Ctx {
		case analyzer.CtxStream:
			return analyzer.CtxStreamServer
		case analyzer.CtxMail:
			return analyzer.CtxMailServer
		}
		return analyzer.CtxServer
	case "location":
		return analyzer.CtxLocation
	case "upstream":
		if d.Ctx == analyzer.CtxStream {
			return analyzer.CtxStreamUpstrm
		}
		return analyzer.CtxUpstream
	case "if":
		if d.Ctx == analyzer.CtxServer {
			return analyzer.CtxIfInServer
		}
		return analyzer.CtxIfInLocation
	case "limit_except":
		return analyzer.CtxLimitExcept
	}
	return d.Ctx
}
