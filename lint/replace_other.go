//go:build !unix

package lint

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
)

// replaceFile has write fill a temporary file beside dst, syncs it and
// renames it over dst (renameio, used elsewhere, has no Windows support).
// An existing file keeps its permissions.
func replaceFile(dst string, write func(io.Writer) error) (err error) {
	mode := os.FileMode(0o644)
	if st, serr := os.Stat(dst); serr == nil {
		mode = st.Mode().Perm()
	}
	tf, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".*.tmp")
	if err != nil {
		return err
	}
	pending(tf.Name(), true)
	defer func() {
		pending(tf.Name(), false)
		if err != nil {
			tf.Close()
			_ = os.Remove(tf.Name())
		}
	}()
	bw := bufio.NewWriterSize(tf, 64<<10)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = tf.Chmod(mode); err != nil {
		return err
	}
	if err = tf.Sync(); err != nil {
		return err
	}
	if err = tf.Close(); err != nil {
		return err
	}
	return renameLocked(tf.Name(), func() error { return os.Rename(tf.Name(), dst) })
}
