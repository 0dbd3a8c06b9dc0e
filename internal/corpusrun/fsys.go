package corpusrun

import (
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// confinedFS reads includes from the operating system, but only below root:
// a file elsewhere (an absolute include of /etc/nginx/mime.types, a
// symbolic link out of the tree) reads as missing, so that the figures of a
// run depend on the directory alone, not on what the machine has installed.
type confinedFS struct {
	analyzer.OSFS
	root string // real path of the run's directory
}

func newConfinedFS(dir string) confinedFS { return confinedFS{root: analyzer.RealPath(dir)} }

// inside reports whether name, symbolic links resolved, lies below root.
func (c confinedFS) inside(name string) bool {
	rp := analyzer.RealPath(name)
	return rp == c.root || strings.HasPrefix(rp, c.root+string(filepath.Separator))
}

func (c confinedFS) ReadFile(name string, limit int64) ([]byte, error) {
	if !c.inside(name) {
		return nil, &analyzer.ReadError{Path: name, Err: fs.ErrNotExist}
	}
	return c.OSFS.ReadFile(name, limit)
}

func (c confinedFS) Glob(pattern string, limit int) ([]string, error) {
	m, err := c.OSFS.Glob(pattern, limit)
	out := m[:0]
	for _, p := range m {
		if c.inside(p) {
			out = append(out, p)
		}
	}
	return out, err
}

func (c confinedFS) Stat(name string) (fs.FileInfo, error) {
	if !c.inside(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return c.OSFS.Stat(name)
}

// MissingHint completes the include-not-found message.
func (c confinedFS) MissingHint() string { return "the corpus run reads nothing outside " + c.root }
