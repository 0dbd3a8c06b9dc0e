package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/nginx-lint/nginx-lint/internal/lsp"
	"github.com/nginx-lint/nginx-lint/lint"
	"github.com/nginx-lint/nginx-lint/reporter"
)

func newLSPCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "lsp",
		Short: "Run the language server (LSP over standard input and output)",
		Long: `Run nginx-lint as a language server: an editor starts it and talks LSP
over standard input and output. Open buffers are linted as they are typed
(their unsaved text, not the file on disk); findings come as diagnostics
with the rule id and a link to its documentation, fixes as quick fixes,
and hovering a directive shows its syntax, contexts and module.
Set-ups for Neovim, VS Code, Helix, Zed, Emacs and Sublime Text are in
docs/editors.md. Each buffer gets the settings of the nearest
.nginx-lint.yaml above it, read again when the editor says the file
changed. Logs go to standard error.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			reporter.Version = versionString()
			rw := stdio{cmd.InOrStdin(), cmd.OutOrStdout()}
			configs := lint.NewFileConfigs(lint.DefaultSettings(), cmd.ErrOrStderr())
			return lsp.Serve(cmd.Context(), rw, lsp.Options{Configs: configs, Log: cmd.ErrOrStderr()})
		},
	}
}

// stdio joins standard input and output into the stream the server talks on.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }
