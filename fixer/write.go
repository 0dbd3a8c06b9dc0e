package fixer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/google/renameio/v2"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// WriteError is a file the fixer could not rewrite; the file is unchanged.
type WriteError struct {
	Path string
	Err  error
}

func (e *WriteError) Error() string { return fmt.Sprintf("cannot write %s: %v", e.Path, e.Err) }
func (e *WriteError) Unwrap() error { return e.Err }

// Write puts f.New on disk in place of f.Old, atomically: the new text goes
// to a temporary file in the same directory as the real file (symlinks are
// followed, so a link keeps pointing at the file it named), is flushed to
// disk, takes the old file's mode (and owner, where allowed), and is renamed
// over the real file; the directory is then synced. If the file no longer
// holds f.Old (it changed after it was read) or is not writable by the
// caller (read-only, immutable) nothing is written. On any
// error the original file is untouched and the temporary file is removed.
func Write(f *File) error { return WriteIn(f, nil) }

// WriteIn is Write confined to tree: a file outside it (symbolic links
// resolved) is not written, and the error matches analyzer.ErrOutside.
// A nil tree allows any file.
func WriteIn(f *File, tree *analyzer.Tree) error {
	if f.Path == "" || f.Stdin {
		return &WriteError{f.Name, errors.New("standard input cannot be rewritten")}
	}
	if tree != nil && !tree.Contains(f.Path) {
		return &WriteError{f.Path, fmt.Errorf("the file is %w (the directories of the paths given)", analyzer.ErrOutside)}
	}
	target, err := filepath.EvalSymlinks(f.Path)
	if err != nil {
		return &WriteError{f.Path, unwrap(err)}
	}
	err = writeAtomic(target, f.Old, f.New)
	if err != nil {
		return &WriteError{f.Path, err}
	}
	return nil
}

func writeAtomic(target string, old, text []byte) (err error) {
	st, err := os.Stat(target)
	if err != nil {
		return unwrap(err)
	}
	if !st.Mode().IsRegular() {
		return errors.New("not a regular file")
	}
	// Replacing the file through its directory would succeed even when the
	// file itself is read-only; respect the file's own permission (and, for
	// root, the immutable attribute) as an in-place write would.
	if err := syscall.Access(target, 2 /* W_OK */); err != nil {
		return fmt.Errorf("the file is not writable: %w", err)
	}
	cur, err := os.ReadFile(target)
	if err != nil {
		return unwrap(err)
	}
	if !bytes.Equal(cur, old) {
		return errors.New("the file changed while it was being checked; run again")
	}
	// The new text goes to a temporary file in the same directory (same
	// file system, so the rename is atomic), is synced, and replaces the
	// file in one rename; any failure leaves the file untouched.
	dir := filepath.Dir(target)
	pf, err := renameio.NewPendingFile(target, renameio.WithTempDir(dir), renameio.WithStaticPermissions(st.Mode().Perm()))
	if err != nil {
		return unwrap(err)
	}
	defer func() { _ = pf.Cleanup() }()
	if _, err = pf.Write(text); err != nil {
		return unwrap(err)
	}
	// Keep the special bits too, which the permission option leaves out.
	if err = pf.Chmod(st.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)); err != nil {
		return unwrap(err)
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		// Keep the owner when we may (as root); otherwise the new file
		// belongs to whoever runs the fixer, as with any editor.
		_ = pf.Chown(int(sys.Uid), int(sys.Gid))
	}
	if err = pf.CloseAtomicallyReplace(); err != nil {
		return unwrap(err)
	}
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
