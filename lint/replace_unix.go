//go:build unix

package lint

import (
	"path/filepath"

	"github.com/google/renameio/v2"
)

// replaceFile writes data to a temporary file beside dst, syncs it and
// renames it over dst (renameio keeps an existing file's permissions).
func replaceFile(dst string, data []byte) error {
	return renameio.WriteFile(dst, data, 0o644, renameio.WithTempDir(filepath.Dir(dst)))
}
