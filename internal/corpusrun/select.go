package corpusrun

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/corpus"
	"github.com/nginx-lint/nginx-lint/sources"
)

// Selection modes: which files under the directory are linted.
const (
	selectManifest = "manifest" // the files MANIFEST.tsv lists
	selectLooks    = "looks"    // names and contents that look like nginx configuration
	selectAll      = "all"      // every regular file
)

// selectFiles lists the files to lint under dir, relative to it and
// sorted, and how they were chosen. With all unset, a MANIFEST.tsv at the
// top of dir decides; without one, looksLikeConfig does. skipped counts the
// regular files left out.
func selectFiles(dir string, all bool) (files []string, mode string, skipped int, err error) {
	if !all {
		if _, err := os.Stat(filepath.Join(dir, corpus.ManifestName)); err == nil {
			files, err := corpus.Files(dir)
			return files, selectManifest, 0, err
		}
	}
	mode = selectLooks
	if all {
		mode = selectAll
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !isRegular(p, d) {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if all || looksLikeConfig(p) {
			files = append(files, rel)
		} else {
			skipped++
		}
		return nil
	})
	sort.Strings(files)
	return files, mode, skipped, err
}

// isRegular reports whether a walked entry is a regular file or a symbolic
// link to one.
func isRegular(p string, d fs.DirEntry) bool {
	if d.Type()&fs.ModeSymlink != 0 {
		st, err := os.Stat(p)
		return err == nil && st.Mode().IsRegular()
	}
	return d.Type().IsRegular()
}

// looksLikeConfig reports whether a file found by the walk is linted: by
// name (*.conf, *.map, *.types, nginx.conf and nginx.conf.*), whatever it holds, so
// that a broken one counts as a syntax error; by content otherwise (any
// other name, with or without an extension): text without NUL bytes that
// scans without a syntax error and reads as nginx (sources.LooksLikeNginx:
// at least three in four directive names are nginx directives).
func looksLikeConfig(p string) bool {
	name := filepath.Base(p)
	switch strings.ToLower(filepath.Ext(name)) {
	case ".conf", ".map", ".types":
		return true
	}
	if strings.HasPrefix(name, "nginx.conf") {
		return true
	}
	src, err := analyzer.ReadFile(p, 0)
	if err != nil || bytes.IndexByte(src, 0) >= 0 {
		return false
	}
	return sources.LooksLikeNginx(src)
}
