package analyzer

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
)

// ErrOutside is matched (errors.Is) by a read that a ConfinedFS refused
// because the file lies outside its tree.
var ErrOutside = errors.New("outside the checked tree")

// Tree is a set of directories, compared by real path (symbolic links
// resolved): the places nginx-lint may read includes from, or write fixes
// to. The zero Tree contains nothing.
type Tree struct {
	roots []string
}

// NewTree returns the tree below dirs (each resolved to its real path).
func NewTree(dirs ...string) *Tree {
	t := &Tree{}
	for _, d := range dirs {
		t.Add(d)
	}
	return t
}

// Add puts dir, and everything below it, into the tree.
func (t *Tree) Add(dir string) {
	t.roots = append(t.roots, resolvePath(dir))
}

// Roots returns the real paths of the tree's directories.
func (t *Tree) Roots() []string { return t.roots }

// Contains reports whether name, symbolic links resolved, lies in the tree.
// A name that does not exist is placed by its nearest existing parent, so
// neither a missing file nor a link through ../ can be mistaken for one
// inside.
func (t *Tree) Contains(name string) bool { return t.holds(resolvePath(name)) }

// ContainsCached is Contains with the real paths resolved through paths
// (nil: none).
func (t *Tree) ContainsCached(name string, paths *PathCache) bool {
	return t.holds(paths.resolve(name))
}

// holds reports whether the real path rp lies in the tree.
func (t *Tree) holds(rp string) bool {
	for _, r := range t.roots {
		if rp == r || strings.HasPrefix(rp, strings.TrimSuffix(r, string(filepath.Separator))+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// resolvePath is the absolute path of p with every symbolic link resolved;
// for a path that does not exist, its deepest existing parent is resolved
// and the rest appended.
func resolvePath(p string) string { return (*PathCache)(nil).resolve(p) }

// ConfinedFS is a file system that reads only inside a Tree: a file
// elsewhere — an absolute include of the host's /etc, ../ out of the
// repository, /proc, a symbolic link that leads out — is refused with
// ErrOutside before anything is opened, so that a configuration cannot
// make nginx-lint print what such a file holds. The loader reports the
// refusal as include-outside, naming the path only.
type ConfinedFS struct {
	FS
	Tree *Tree
}

// Confine returns fsys (nil: the operating system's) confined to tree.
func Confine(fsys FS, tree *Tree) *ConfinedFS {
	if fsys == nil {
		fsys = OSFS{}
	}
	return &ConfinedFS{FS: fsys, Tree: tree}
}

// ReadFile reads name when it lies in the tree.
func (c *ConfinedFS) ReadFile(name string, limit int64) ([]byte, error) {
	if !c.contains(name) {
		return nil, &ReadError{name, ErrOutside}
	}
	return c.FS.ReadFile(name, limit)
}

// Stat describes name when it lies in the tree.
func (c *ConfinedFS) Stat(name string) (fs.FileInfo, error) {
	if !c.contains(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: ErrOutside}
	}
	return c.FS.Stat(name)
}

// Glob expands pattern when the directory it starts from (the part before
// the first wildcard) lies in the tree: nothing outside is even listed.
// Matches that lead out of the tree through symbolic links are returned;
// reading them fails with ErrOutside.
func (c *ConfinedFS) Glob(pattern string, limit int) ([]string, error) {
	if !c.contains(globBase(pattern)) {
		return nil, &fs.PathError{Op: "glob", Path: pattern, Err: ErrOutside}
	}
	return c.FS.Glob(pattern, limit)
}

// contains is c.Tree.Contains with the real paths resolved through the
// cache of the file system confined, if it has one.
func (c *ConfinedFS) contains(name string) bool { return c.Tree.ContainsCached(name, pathsOf(c.FS)) }

// globBase is the directory a pattern starts from: its path up to the
// first element holding a wildcard.
func globBase(pattern string) string {
	parts := strings.Split(filepath.ToSlash(filepath.Clean(pattern)), "/")
	for i, p := range parts {
		if globMeta(p) {
			base := strings.Join(parts[:i], "/")
			if base == "" && filepath.IsAbs(pattern) {
				return string(filepath.Separator)
			}
			if base == "" {
				return "."
			}
			return filepath.FromSlash(base)
		}
	}
	return filepath.Dir(pattern)
}

// pseudoFile reports whether path (resolved) is a file of the kernel's
// pseudo file systems, /proc and /sys: their sizes are not what they read,
// and what they read (a process's environment) is nobody's configuration.
func pseudoFile(path string, paths *PathCache) bool {
	rp := paths.resolve(path)
	for _, d := range []string{"/proc", "/sys"} {
		if rp == d || strings.HasPrefix(rp, d+"/") {
			return true
		}
	}
	return false
}
