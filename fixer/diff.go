package fixer

import (
	"path/filepath"

	udiff "github.com/aymanbagabas/go-udiff"
)

// Diff returns a unified diff from f.Old to f.New headed `--- a/NAME` and
// `+++ b/NAME`, NAME being the file's display name (relative to the working
// directory when the file is below it). `patch -p1` and `git apply` run in
// that directory apply it. It returns "" when the texts are equal.
func Diff(f *File) string {
	name := filepath.ToSlash(f.Name)
	return udiff.Unified("a/"+name, "b/"+name, string(f.Old), string(f.New))
}
