package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

func newManCmd() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "man",
		Short: "Print the man page, or write a page per command into a directory",
		Long: `Print the nginx-lint(1) man page in roff, or with --dir write one page per
command (nginx-lint.1, nginx-lint-check.1, ...) into a directory, as the
release archives carry them. The page's date is the commit's, so two builds
of one commit write the same pages.`,
		Example: "  nginx-lint man | man -l -\n  nginx-lint man --dir /usr/local/share/man/man1",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			root := cmd.Root()
			header := func() *doc.GenManHeader {
				h := &doc.GenManHeader{Title: "NGINX-LINT", Section: "1", Source: "nginx-lint " + versionString(), Manual: "nginx-lint manual"}
				if t := readBuildInfo().commitTime(); !t.IsZero() {
					h.Date = &t
				} // else cobra takes SOURCE_DATE_EPOCH, then the current time
				return h
			}
			if dir == "" {
				return doc.GenMan(root, header(), cmd.OutOrStdout())
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("--dir: %w", err)
			}
			// GenManTree titles each page after its command (NGINX-LINT-CHECK).
			h := header()
			h.Title = ""
			if err := doc.GenManTree(root, h, dir); err != nil {
				return fmt.Errorf("--dir: %w", err)
			}
			pages, _ := filepath.Glob(filepath.Join(dir, "nginx-lint*.1"))
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %d man pages to %s\n", len(pages), dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "write one page per command into this directory (created if missing)")
	return cmd
}
