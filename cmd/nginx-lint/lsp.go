package main

import (
	"errors"
	"fmt"
	"io"
	"os/signal"
	"syscall"

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
changed. Logs go to standard error. The exit code is 0 when the editor
asked to shut down before the session ended, 1 when it did not (it sent
exit at once, or closed the stream).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// An editor that goes away closes the pipe: writing to it
			// then fails (and ends the session) instead of killing the
			// process with SIGPIPE.
			signal.Ignore(syscall.SIGPIPE)
			reporter.Version = versionString()
			rw := stdio{cmd.InOrStdin(), cmd.OutOrStdout()}
			configs := lint.NewFileConfigs(lint.DefaultSettings(), cmd.ErrOrStderr())
			err := lsp.Serve(cmd.Context(), rw, lsp.Options{Configs: configs, Log: cmd.ErrOrStderr()})
			if errors.Is(err, lsp.ErrNoShutdown) {
				// LSP: exit code 1 when the session ends without shutdown.
				fmt.Fprintf(cmd.ErrOrStderr(), "nginx-lint lsp: %v\n", err)
				return &exitError{1}
			}
			return err
		},
	}
}

// stdio joins standard input and output into the stream the server talks on.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }
