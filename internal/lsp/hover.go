package lsp

import (
	"context"
	"fmt"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

// hover describes the directive under the cursor (syntax, default,
// contexts, module, the version that added it, from the directive table) and the
// findings there (the rule's title and documentation link).
func (s *Server) hover(ctx context.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	path, text, _, ok := s.snapshot(p.TextDocument.URI)
	if !ok {
		return nil, nil
	}
	res, err := s.engine.LintText(ctx, path, text)
	if err != nil {
		return nil, err
	}
	at := offset(text, p.Position)
	var parts []string
	var rng *protocol.Range
	root := res.Analysis.Root.File
	res.Analysis.Walk(func(d *analyzer.Directive) bool {
		if d.File != root {
			return true
		}
		nr := d.NameRange()
		if nr.Start.Offset <= at && at < nr.End.Offset {
			if doc := directiveDoc(d.Name(), d.Ctx); doc != "" {
				parts = append(parts, doc)
				r := lspRange(text, nr)
				rng = &r
			}
			return false
		}
		return true
	})
	for i := range res.Findings {
		f := &res.Findings[i]
		if !res.InFile(f, path) || at < f.Range.Start.Offset || at >= max(f.Range.End.Offset, f.Range.Start.Offset+1) {
			continue
		}
		title := f.Rule
		if r := analyzer.Lookup(f.Rule); r != nil && r.Title != "" {
			title += ": " + r.Title
		}
		parts = append(parts, fmt.Sprintf("**nginx-lint [%s](%s)**\n\n%s", title, RuleDoc(f.Rule), strings.Join(append([]string{f.Message}, f.Notes...), "\n\n")))
	}
	if len(parts) == 0 {
		return nil, nil
	}
	return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: strings.Join(parts, "\n\n---\n\n")}, Range: rng}, nil
}

// directiveDoc is the markdown description of a directive from the table,
// "" when nginx-lint does not know it. Of a directive several modules
// define (listen in http, stream, mail), only the rows for ctx, where it
// stands, are described; all of them when none allows ctx.
func directiveDoc(name string, ctx analyzer.Context) string {
	specs := directives.Lookup(name)
	if len(specs) == 0 {
		return ""
	}
	var here []directives.Spec
	for _, sp := range specs {
		if sp.Ctx.Has(ctx) {
			here = append(here, sp)
		}
	}
	if len(here) > 0 {
		specs = here
	}
	var b strings.Builder
	for i := range specs {
		sp := &specs[i]
		if sp.BlockParam {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		if sp.Syntax != "" {
			// One line per form: "listen address[:port] …;\nlisten port …;".
			fmt.Fprintf(&b, "```nginx\n%s\n```\n", strings.ReplaceAll(sp.Syntax, "; "+sp.Name+" ", ";\n"+sp.Name+" "))
		} else {
			fmt.Fprintf(&b, "**%s**\n", sp.Name)
		}
		switch {
		case sp.Default != "":
			fmt.Fprintf(&b, "\nDefault: `%s`  ", sp.Default)
		case sp.Syntax != "" && sp.Family == "":
			b.WriteString("\nDefault: none  ") // nginx.org's "—"
		}
		fmt.Fprintf(&b, "\nContext: %s  \nModule: %s", sp.Ctx, sp.Module)
		if sp.Since != "" {
			fmt.Fprintf(&b, "  \nSince: %s", sp.Since)
		}
		if sp.Commercial {
			b.WriteString("  \nNGINX Plus only")
		}
		if sp.Family != "" && sp.Family != "plus" {
			fmt.Fprintf(&b, "  \nNeeds module: %s", sp.Family)
		}
		if sp.Removed != "" {
			fmt.Fprintf(&b, "  \nRemoved in: %s", sp.Removed)
		}
	}
	return b.String()
}
