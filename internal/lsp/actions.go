package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/lint"
)

// ReasonPlaceholder is the reason an "ignore on this line" action writes,
// for the user to replace.
const ReasonPlaceholder = "REASON"

// codeActions offers, for the findings in the requested range, each fix as
// a quick fix (unsafe ones say so) and a comment that ignores the rule on
// that line; and for the whole buffer, every safe fix at once.
func (s *Server) codeActions(ctx context.Context, p *protocol.CodeActionParams) ([]protocol.CodeAction, error) {
	acts := []protocol.CodeAction{}
	path, text, _, ok := s.snapshot(p.TextDocument.URI)
	if !ok {
		return acts, nil
	}
	want := func(k protocol.CodeActionKind) bool {
		if len(p.Context.Only) == 0 {
			return true
		}
		for _, o := range p.Context.Only {
			if o == k || o == protocol.Source && k == FixAllKind || o == "source.fixAll" && k == FixAllKind {
				return true
			}
		}
		return false
	}
	res, err := s.lintInContext(ctx, path, text)
	if err != nil {
		return nil, err
	}
	from, to := offset(text, p.Range.Start), offset(text, p.Range.End)
	edit := func(edits ...protocol.TextEdit) *protocol.WorkspaceEdit {
		return &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{p.TextDocument.URI: edits}}
	}
	fixable := false
	conv := newConverter(res, text)
	for i := range res.Findings {
		f := &res.Findings[i]
		if !res.InFile(f, path) {
			continue
		}
		for _, fx := range f.Fixes {
			if fx.Safe && len(fx.Edits) > 0 && sameFileEdits(f, fx.Edits) {
				fixable = true
			}
		}
		if f.Range.End.Offset < from || f.Range.Start.Offset > to || !want(protocol.QuickFix) {
			continue
		}
		diag := conv.diagnostic(f)
		for _, fx := range f.Fixes {
			if len(fx.Edits) == 0 || !sameFileEdits(f, fx.Edits) {
				continue
			}
			title := fx.Message
			if title == "" {
				title = "Fix " + f.Rule
			}
			if !fx.Safe {
				title += " (unsafe: may change behaviour)"
			}
			var edits []protocol.TextEdit
			for _, e := range fx.Edits {
				edits = append(edits, textEdit(text, e))
			}
			acts = append(acts, protocol.CodeAction{
				Title: title, Kind: protocol.QuickFix, Diagnostics: []protocol.Diagnostic{diag},
				IsPreferred: fx.Safe, Edit: edit(edits...),
			})
		}
		if f.Rule != analyzer.RuleSyntaxError {
			acts = append(acts, protocol.CodeAction{
				Title: "Ignore " + f.Rule + " on this line", Kind: protocol.QuickFix,
				Diagnostics: []protocol.Diagnostic{diag},
				Edit:        edit(textEdit(text, lint.IgnoreEdit(text, f, ReasonPlaceholder))),
			})
		}
	}
	if fixable && want(FixAllKind) {
		files, err := s.engine.FixAll(ctx, path, false)
		if err != nil {
			return nil, err
		}
		if len(files) > 0 && files[0].Path == path {
			whole := protocol.TextEdit{
				Range:   protocol.Range{Start: protocol.Position{}, End: lspPosition(text, len(text))},
				NewText: string(files[0].New),
			}
			acts = append(acts, protocol.CodeAction{Title: "Apply every safe nginx-lint fix in this file", Kind: FixAllKind, Edit: edit(whole)})
		}
	}
	return acts, nil
}

// sameFileEdits reports whether every edit of a fix is in the finding's
// own file (the buffer the action edits).
func sameFileEdits(f *analyzer.Finding, edits []analyzer.TextEdit) bool {
	for _, e := range edits {
		if e.Range.Start.File != f.Range.Start.File {
			return false
		}
	}
	return true
}
