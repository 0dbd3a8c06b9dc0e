package fixer

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// WriteError is a file the fixer could not rewrite; the file is unchanged.
type WriteError struct {
	Path string
	Err  error
}

func (e *WriteError) Error() string { return fmt.Sprintf("cannot write %s: %v", e.Path, e.Err) }
func (e *WriteError) Unwrap() error { return e.Err }

// LockTimeout is how long Write waits for another process's lock on a file
// before it gives up on that file.
var LockTimeout = 30 * time.Second

// Write puts f.New on disk in place of f.Old (see WriteIn), anywhere.
func Write(f *File) error { return WriteIn(f, nil) }

// WriteIn puts f.New on disk in place of f.Old, safely against crashes,
// signals and other processes:
//
//   - symbolic links are followed: the file a link names is rewritten and
//     the link stays a link;
//   - a file outside tree (nil: anywhere) is not written; the error matches
//     analyzer.ErrOutside;
//   - the file is locked (flock, exclusive) while it is compared and
//     replaced, so a second nginx-lint fixing it at once waits; if the
//     file no longer holds f.Old, or is not writable by the caller
//     (read-only, immutable), nothing is written;
//   - the new text goes to a temporary file beside it (hidden, named after
//     it, so walks skip it), is synced, takes the file's owner, group, mode
//     (setuid, setgid and sticky bits included) and extended attributes,
//     and is renamed over it; the directory is then synced. Temporary files
//     an earlier run left behind (killed) are removed under the lock;
//     SIGINT and SIGTERM remove the one being written (see Abort);
//   - a file with several hard links is rewritten in place instead, so
//     every name sees the fix.
//
// On any error the file is left as it was.
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
	if err := writeLocked(target, f.Old, f.New); err != nil {
		return &WriteError{f.Path, err}
	}
	return nil
}

// writing is held while a file is being replaced, from the creation of
// its temporary file to the rename (or its removal); Abort takes it for
// good.
var writing sync.Mutex

// Abort stops all writing: it waits for a write in progress to end (the
// file then whole, old or new, and its temporary file renamed or removed)
// and keeps any further write from starting. A handler of SIGINT and
// SIGTERM calls it before the process exits, so that no temporary file is
// left behind.
func Abort() { writing.Lock() }

// errCannotKeep is a new file that cannot take the owner or the extended
// attributes of the file it replaces.
var errCannotKeep = errors.New("cannot keep the owner or attributes")

// tempMarker is in the name of every temporary file the fixer writes:
// .NAME.nginx-lint-RANDOM.tmp beside the file NAME.
const tempMarker = ".nginx-lint-"

// IsTemp reports whether a file name is one of the fixer's temporary files.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, tempMarker) && strings.HasSuffix(name, ".tmp")
}

func writeLocked(target string, old, text []byte) error {
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
	if err := writable(target); err != nil {
		return fmt.Errorf("the file is not writable: %w", err)
	}
	lf, st, err := lock(target)
	if err != nil {
		return err
	}
	defer lf.Close() // releases the lock
	cur, err := io.ReadAll(lf)
	if err != nil {
		return unwrap(err)
	}
	if !bytes.Equal(cur, old) {
		if bytes.Equal(cur, text) {
			return nil // another run wrote the same fix
		}
		return errors.New("the file changed while it was being checked; run again")
	}
	dir := filepath.Dir(target)
	removeStaleTemps(dir, filepath.Base(target))
	writing.Lock()
	defer writing.Unlock()
	if hardLinks(st) > 1 {
		return rewriteInPlace(target, text)
	}
	if err := replace(target, dir, st, text); errors.Is(err, errCannotKeep) {
		// A new file could not take the old one's owner or attributes:
		// write into the old file instead, which keeps them all.
		return rewriteInPlace(target, text)
	} else if err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// lock opens target and takes an exclusive flock on it, waiting up to
// LockTimeout. The file may be replaced (renamed over) by the process
// that held the lock: then the lock is taken again on the file the name
// now holds.
func lock(target string) (*os.File, fs.FileInfo, error) {
	deadline := time.Now().Add(LockTimeout)
	for {
		f, err := os.Open(target)
		if err != nil {
			return nil, nil, unwrap(err)
		}
		for {
			err = tryLock(f)
			if !errors.Is(err, errLocked) || time.Now().After(deadline) {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if err != nil {
			f.Close()
			if errors.Is(err, errLocked) {
				return nil, nil, fmt.Errorf("another process has held a lock on the file for %v; run again", LockTimeout)
			}
			return nil, nil, fmt.Errorf("cannot lock the file: %w", err)
		}
		held, err1 := f.Stat()
		now, err2 := os.Stat(target)
		if err1 == nil && err2 == nil && os.SameFile(held, now) {
			return f, held, nil
		}
		f.Close()
		if err2 != nil {
			return nil, nil, unwrap(err2)
		}
	}
}

// removeStaleTemps removes temporary files a killed run left beside the
// file base in dir. Called with the file's lock held: a live run creates
// its temporary file only under that lock, so none of them is in use.
func removeStaleTemps(dir, base string) {
	matches, _ := filepath.Glob(filepath.Join(dir, "."+escapeGlob(base)+tempMarker+"*.tmp"))
	for _, m := range matches {
		if lst, err := os.Lstat(m); err == nil && lst.Mode().IsRegular() {
			_ = os.Remove(m)
		}
	}
}

func escapeGlob(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// replace writes text to a temporary file in dir (same file system, so the
// rename is atomic) that takes st's owner, group, mode and extended
// attributes, and renames it over target.
func replace(target, dir string, st fs.FileInfo, text []byte) (err error) {
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	tmp := filepath.Join(dir, "."+filepath.Base(target)+tempMarker+hex.EncodeToString(rnd[:])+".tmp")
	tf, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return unwrap(err)
	}
	defer func() {
		if err != nil {
			tf.Close()
			_ = os.Remove(tmp)
		}
	}()
	if _, err = tf.Write(text); err != nil {
		return unwrap(err)
	}
	// Owner first: changing the owner clears the setuid and setgid bits,
	// which the mode then sets again.
	if uid, gid, ok := owner(st); ok && (uid != os.Geteuid() || gid != os.Getegid()) {
		if tf.Chown(uid, gid) != nil {
			return errCannotKeep // not root: the file cannot be given away
		}
	}
	if err = tf.Chmod(st.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)); err != nil {
		return unwrap(err)
	}
	if copyXattrs(target, tf) != nil {
		return errCannotKeep
	}
	if err = tf.Sync(); err != nil {
		return unwrap(err)
	}
	if err = tf.Close(); err != nil {
		return unwrap(err)
	}
	if err = os.Rename(tmp, target); err != nil {
		_ = os.Remove(tmp)
		return unwrap(err)
	}
	return nil
}

// rewriteInPlace writes text into the file itself, for a file with several
// hard links: a rename would give this name a new file and leave the
// other names with the old text. The write is one call, then the file is
// cut to length and synced; owner, mode and attributes stay as they are.
func rewriteInPlace(target string, text []byte) error {
	f, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err != nil {
		return unwrap(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(text, 0); err != nil {
		return unwrap(err)
	}
	if err := f.Truncate(int64(len(text))); err != nil {
		return unwrap(err)
	}
	return unwrap(f.Sync())
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
