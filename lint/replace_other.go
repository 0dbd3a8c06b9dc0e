//go:build !unix

package lint

import (
	"os"
	"path/filepath"
)

// replaceFile writes data to a temporary file beside dst, syncs it and
// renames it over dst (renameio, used elsewhere, has no Windows support).
// An existing file keeps its permissions.
func replaceFile(dst string, data []byte) (err error) {
	mode := os.FileMode(0o644)
	if st, serr := os.Stat(dst); serr == nil {
		mode = st.Mode().Perm()
	}
	tf, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tf.Close()
			_ = os.Remove(tf.Name())
		}
	}()
	if _, err = tf.Write(data); err != nil {
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
	return os.Rename(tf.Name(), dst)
}
