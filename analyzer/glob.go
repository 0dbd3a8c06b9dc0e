package analyzer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// MaxGlobVisits is the most directory entries one include pattern may
// look at while it is expanded: a pattern of many wildcards over a wide or
// looping tree stops there instead of listing it all.
const MaxGlobVisits = 100_000

// GlobCutError says that expanding a pattern stopped before it was done:
// the matches returned with it are the ones found until then.
type GlobCutError struct {
	Pattern string
	Reason  string
}

func (e *GlobCutError) Error() string {
	return fmt.Sprintf("expanding %q stopped: %s", e.Pattern, e.Reason)
}

// Reasons a glob stops (GlobCutError.Reason). CutMatches is the one every
// FS gives when there are more than max matches.
const (
	CutMatches = "more matches than the includes left under --max-includes"
	cutVisits  = "it looked at more than 100000 directory entries"
	cutLink    = "a symbolic link led again to a directory the pattern had already entered"
)

// globOS expands pattern (filepath.Match syntax) on the operating system's
// file system, bounded while it runs: it returns at most limit matches, looks
// at no more than MaxGlobVisits directory entries, and enters the
// directory behind a symbolic link at most once, so that links that point
// back up the tree cannot multiply the work. When a bound cuts it short it
// returns what it found with a *GlobCutError.
func globOS(pattern string, limit int) ([]string, error) {
	g := &globber{max: limit, visits: MaxGlobVisits, entered: map[string]bool{}}
	pattern = filepath.Clean(pattern)
	parts := strings.Split(pattern, string(filepath.Separator))
	dir := "."
	if filepath.IsAbs(pattern) {
		dir, parts = string(filepath.Separator), parts[1:]
	}
	for _, p := range parts {
		if _, err := filepath.Match(p, ""); err != nil {
			return nil, err
		}
	}
	// The elements before the first wildcard are a plain path.
	i := 0
	for i < len(parts) && !globMeta(parts[i]) {
		i++
	}
	if i == len(parts) {
		if _, err := os.Lstat(pattern); err == nil {
			return []string{pattern}, nil
		}
		return nil, nil
	}
	if i > 0 {
		dir = filepath.Join(append([]string{dir}, parts[:i]...)...)
	}
	g.expand(dir, parts[i:], i == 0 && !filepath.IsAbs(pattern))
	if g.err != nil {
		return nil, g.err
	}
	if g.cut != "" {
		return g.out, &GlobCutError{pattern, g.cut}
	}
	return g.out, nil
}

type globber struct {
	max     int
	visits  int
	entered map[string]bool // real paths of directories entered through a link
	out     []string
	cut     string
	err     error
}

// expand matches parts below dir; bare says dir is the implicit "." of a
// relative pattern, which matches do not start with.
func (g *globber) expand(dir string, parts []string, bare bool) {
	if g.stopped() || len(parts) == 0 {
		return
	}
	join := func(name string) string {
		if bare {
			return name
		}
		return filepath.Join(dir, name)
	}
	seg := parts[0]
	if !globMeta(seg) {
		g.visit(join(seg), parts[1:], true)
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return // like filepath.Glob: an unreadable directory matches nothing
	}
	for _, e := range entries {
		if g.visits--; g.visits < 0 {
			g.cut = cutVisits
			return
		}
		ok, err := filepath.Match(seg, e.Name())
		if err != nil {
			g.err = err // a malformed part Match reaches only with some names, as in filepath.Glob
			g.cut = "malformed"
			return
		}
		if ok {
			g.visit(join(e.Name()), parts[1:], false)
			if g.stopped() {
				return
			}
		}
	}
}

// stopped reports whether expansion is over (a link skipped is not).
func (g *globber) stopped() bool { return g.cut != "" && g.cut != cutLink }

// visit takes p, which matched its element: a match when it was the last
// one, else a directory to go on in.
func (g *globber) visit(p string, rest []string, plain bool) {
	if len(rest) == 0 {
		if plain {
			if _, err := os.Lstat(p); err != nil {
				return
			}
		}
		if len(g.out) >= g.max {
			g.cut = CutMatches
			return
		}
		g.out = append(g.out, p)
		return
	}
	lst, err := os.Lstat(p)
	if err != nil {
		return
	}
	if lst.Mode()&fs.ModeSymlink != 0 {
		st, err := os.Stat(p)
		if err != nil || !st.IsDir() {
			return
		}
		rp, err := filepath.EvalSymlinks(p)
		if err != nil {
			return
		}
		if g.entered[rp] {
			if !g.stopped() {
				g.cut = cutLink
			}
			return
		}
		g.entered[rp] = true
	} else if !lst.IsDir() {
		return
	}
	g.expand(p, rest, false)
}

// globMeta reports whether an element of a pattern needs matching: it
// holds a wildcard or an escape (filepath.Match's syntax).
func globMeta(p string) bool { return strings.ContainsAny(p, `*?[\`) }

// isGlobCut reports whether err is a *GlobCutError.
func isGlobCut(err error) (*GlobCutError, bool) {
	var c *GlobCutError
	ok := errors.As(err, &c)
	return c, ok
}
