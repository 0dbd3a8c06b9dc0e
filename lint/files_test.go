package lint_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/lint"
)

// TestWriteAtomic: content written as it is produced replaces the file
// only when the producer succeeds; a producer's error leaves the old file
// whole and no temporary file behind, and an error of the file system
// names the destination.
func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	dst := filepath.Join(dir, "report.json")
	if err := os.WriteFile(dst, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	// More than any buffer: part of it reaches the temporary file.
	big := strings.Repeat("x", 1<<20)
	stop := errors.New("the report failed")
	err := lint.WriteAtomic(dst, func(w io.Writer) error {
		if _, err := io.WriteString(w, big); err != nil {
			return err
		}
		return stop
	})
	if !errors.Is(err, stop) {
		t.Errorf("a failing producer: %v, want its own error", err)
	}
	if b, _ := os.ReadFile(dst); string(b) != "old" {
		t.Errorf("the file holds %d bytes after a failed write, want the old 3", len(b))
	}
	if err := lint.WriteAtomic(dst, func(w io.Writer) error { _, err := io.WriteString(w, big); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(dst); string(b) != big {
		t.Errorf("the file holds %d bytes, want %d", len(b), len(big))
	}
	if st, _ := os.Stat(dst); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the old file's 0600", st.Mode().Perm())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("%d files in the directory, want the report alone", len(ents))
	}
	missing := filepath.Join(dir, "nodir", "r.json")
	err = lint.WriteAtomic(missing, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err })
	if err == nil || err.Error() != "cannot write "+missing+": no such file or directory" {
		t.Errorf("a missing directory: %v", err)
	}
}
