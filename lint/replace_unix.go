//go:build unix

package lint

import (
	"bufio"
	"io"
	"path/filepath"

	"github.com/google/renameio/v2"
)

// replaceFile has write fill a temporary file beside dst, syncs it and
// renames it over dst (renameio keeps an existing file's permissions);
// on an error the temporary file is removed and dst is untouched.
func replaceFile(dst string, write func(io.Writer) error) error {
	t, err := renameio.NewPendingFile(dst, renameio.WithPermissions(0o644), renameio.WithExistingPermissions(), renameio.WithTempDir(filepath.Dir(dst)))
	if err != nil {
		return err
	}
	pending(t.Name(), true)
	defer func() { pending(t.Name(), false); _ = t.Cleanup() }()
	bw := bufio.NewWriterSize(t, 64<<10)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return renameLocked(t.Name(), t.CloseAtomicallyReplace)
}
