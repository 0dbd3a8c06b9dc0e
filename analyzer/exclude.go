package analyzer

import (
	"path"
	"path/filepath"
	"strings"
)

// MatchExclude reports whether name (a slash or OS path, relative to the
// directory being walked or as given by the user) matches one of the
// exclude patterns. Patterns follow .gitignore's main rules:
//
//   - a pattern without a slash matches a file or directory name at any
//     depth ("*.bak", "vendor");
//   - a pattern with a slash is anchored to the start of name
//     ("conf.d/old/*.conf", "/staging.conf");
//   - "**" stands for any number of directories ("**/test/*.conf");
//   - a trailing slash matches directories only, with everything below.
//
// A pattern matching a directory excludes everything below it. Other
// wildcards are those of path.Match.
func MatchExclude(patterns []string, name string, isDir bool) bool {
	if len(patterns) == 0 {
		return false // a walk asks for every entry
	}
	name = strings.TrimPrefix(path.Clean(filepath.ToSlash(name)), "./")
	if name == "." || name == "" {
		return false
	}
	segs := strings.Split(strings.TrimPrefix(name, "/"), "/")
	for _, p := range patterns {
		p = strings.TrimSpace(filepath.ToSlash(p))
		if p == "" || strings.HasPrefix(p, "#") {
			continue
		}
		dirOnly := strings.HasSuffix(p, "/")
		p = strings.TrimSuffix(p, "/")
		anchored := strings.Contains(p, "/")
		p = strings.TrimPrefix(strings.TrimPrefix(p, "./"), "/")
		psegs := strings.Split(p, "/")
		if !anchored {
			psegs = append([]string{"**"}, psegs...)
		}
		// Match the whole name or any of its directories (which excludes
		// everything below a matching directory).
		for n := 1; n <= len(segs); n++ {
			if dirOnly && n == len(segs) && !isDir {
				continue
			}
			if matchSegs(psegs, segs[:n]) {
				return true
			}
		}
	}
	return false
}

// matchSegs matches pattern segments (with "**") against path segments.
func matchSegs(p, s []string) bool {
	for len(p) > 0 {
		if p[0] == "**" {
			for i := 0; i <= len(s); i++ {
				if matchSegs(p[1:], s[i:]) {
					return true
				}
			}
			return false
		}
		if len(s) == 0 {
			return false
		}
		if ok, err := path.Match(p[0], s[0]); err != nil || !ok {
			return false
		}
		p, s = p[1:], s[1:]
	}
	return len(s) == 0
}
