//go:build !linux

package analyzer

import "os"

// readOpen opens path without blocking, checks once open that it is a
// regular file of at most limit bytes, and reads it.
func readOpen(path string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := checkRegularMode(st.Mode(), st.Size(), limit); err != nil {
		return nil, err
	}
	return readSized(f, st.Size(), limit)
}
