package lint

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// leavesWorkdir reports whether name, a path given on the command line,
// lies in the working directory by name but outside it once symbolic
// links are resolved: a link that a checked repository holds to the
// host's files (x.conf -> /etc/shadow, conf -> /etc, reports -> /etc).
// Such a path is neither read nor written while reading is confined
// (WorkdirPath; docs/limits.md). A path named
// outside the working directory (/etc/nginx/sites-enabled/default from a
// home directory) is the user's own choice and is read wherever it leads.
func leavesWorkdir(name string) bool { return newWorkdir(nil).leaves(name) }

// workdir is the working directory, to tell the paths that leave it.
type workdir struct {
	names []string // as os.Getwd names it, and its real path
	tree  *analyzer.Tree
	paths *analyzer.PathCache
}

// newWorkdir returns the working directory, resolving paths through
// paths (nil: none); nil when it cannot be found.
func newWorkdir(paths *analyzer.PathCache) *workdir {
	wd, err := os.Getwd()
	if err != nil {
		return nil
	}
	tree := analyzer.NewTree(wd)
	return &workdir{names: append([]string{wd}, tree.Roots()...), tree: tree, paths: paths}
}

// leaves is leavesWorkdir (false for a nil w).
func (w *workdir) leaves(name string) bool {
	if w == nil || name == "-" {
		return false
	}
	abs := filepath.Clean(name)
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(w.names[0], abs)
	}
	for _, dir := range w.names {
		if rel, err := filepath.Rel(dir, abs); err == nil && filepath.IsLocal(rel) {
			return !w.tree.ContainsCached(abs, w.paths)
		}
	}
	return false
}

// leaving returns the arguments that leave the working directory.
func leaving(args []string, paths *analyzer.PathCache) map[string]bool {
	w := newWorkdir(paths)
	out := map[string]bool{}
	for _, a := range args {
		if w.leaves(a) {
			out[a] = true
		}
	}
	return out
}

// ErrLeavesWorkdir is matched (errors.Is) by WorkdirPath's refusal.
var ErrLeavesWorkdir = errors.New("links out of the working directory (--allow-include-outside allows it)")

// WorkdirPath refuses, unless allow (--allow-include-outside), a path
// that a run reads or writes because it was named — an argument,
// --config, a discovered configuration file, --baseline, --output — when
// it lies in the working directory but leads out of it (leavesWorkdir):
// a checked repository decides where its own links lead.
func WorkdirPath(name string, allow bool) error {
	if allow || !leavesWorkdir(name) {
		return nil
	}
	return ErrLeavesWorkdir
}
