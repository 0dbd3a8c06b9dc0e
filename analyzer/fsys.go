package analyzer

import (
	"errors"
	"io/fs"
)

// FS is where the loader reads included files from. The default (a nil
// LoadOptions.FS) is the operating system's file system; a virtual FS serves
// files extracted from somewhere else, such as the keys of a Kubernetes
// ConfigMap or the sections of an `nginx -T` dump, so that includes among
// them resolve the way they would on the server.
type FS interface {
	// ReadFile returns the bytes of a regular file of at most limit bytes
	// (limit <= 0 means DefaultMaxFileSize). Errors are *ReadError.
	ReadFile(name string, limit int64) ([]byte, error)
	// Glob returns the names matching pattern (filepath.Match syntax), at
	// most limit of them. When it stops early (more matches, or another
	// bound of its own) it returns those found with a *GlobCutError.
	Glob(pattern string, limit int) ([]string, error)
	// Stat describes the named file, following symbolic links.
	Stat(name string) (fs.FileInfo, error)
	// RealPath resolves symbolic links: two names of the same file have
	// the same real path. Virtual file systems return the cleaned name.
	RealPath(name string) (string, error)
	// Display is the name findings in the file are reported under.
	Display(name string) string
}

// A file system may also say how to make a missing include available, for
// the include-not-found message, with a method MissingHint() string.

// OSFS is the operating system's file system. With Paths, real paths are
// resolved through that cache (see PathCache): for one run over files that
// do not change while it runs.
type OSFS struct {
	Paths *PathCache
}

// ReadFile reads a regular file no larger than limit bytes.
func (OSFS) ReadFile(name string, limit int64) ([]byte, error) { return ReadFile(name, limit) }

// Glob is filepath.Glob bounded while it runs (see globOS).
func (OSFS) Glob(pattern string, limit int) ([]string, error) { return globOS(pattern, limit) }

// Stat is os.Stat, remembered by Paths when set.
func (o OSFS) Stat(name string) (fs.FileInfo, error) { return o.Paths.Stat(name) }

// RealPath is filepath.EvalSymlinks made absolute.
func (o OSFS) RealPath(name string) (string, error) { return o.Paths.RealPath(name) }

// Display shows paths below the working directory relative to it (the
// one Paths started in, when set: asking the system costs two stat calls,
// and every include is shown).
func (o OSFS) Display(name string) string { return o.Paths.Display(name) }

// fsys returns the file system includes are read from.
func (o *LoadOptions) fsys() FS {
	if o.FS != nil {
		return o.FS
	}
	return OSFS{}
}

// ErrIsDir is returned when a directory is read as a file.
var ErrIsDir = errors.New("is a directory")
