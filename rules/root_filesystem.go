package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "root-filesystem",
		Title:    "root / serves every file the worker can read",
		Severity: analyzer.Error,
		Default:  true,
		Run:      runRootFilesystem,
	})
}

func runRootFilesystem(p *analyzer.Pass) {
	p.Each([]string{"root"}, func(d *analyzer.Directive) {
		if len(d.Args()) != 1 || !d.Ctx.IsHTTP() || !isFilesystemRoot(d.Args()[0].Value()) {
			return
		}
		if !servesFilesUnder(d) {
			return
		}
		p.Reportf(d, d.Args()[0].Range(), "root / serves every file the nginx worker can read").
			Note("nginx maps the URI onto the whole file system: /etc/passwd, /proc/self/environ, keys and configuration files are one request away (measured on nginx 1.22.1: GET /etc/hostname answers 200 with the file)").
			Note("point root at the directory that holds the site's files")
	})
}

// isFilesystemRoot reports whether a root value names "/" itself.
func isFilesystemRoot(v string) bool {
	for len(v) > 1 && (v[len(v)-1] == '/' || v[len(v)-1] == '.' && v[len(v)-2] == '/') {
		v = v[:len(v)-1]
	}
	return v == "/"
}

// servesFilesUnder reports whether the root set by d reaches nginx's
// static file handler somewhere: a server where it applies that has no
// location catching every URI (nginx answers an unmatched URI with the
// server's own configuration), or a location in its scope (no root of its
// own) that neither returns nor hands the request to a *_pass.
func servesFilesUnder(d *analyzer.Directive) bool {
	level := d.Parent
	if level == nil {
		return true
	}
	// The places that answer: every location, and every server without a
	// location / (a URI no location matches is served at server level).
	var locs []*analyzer.Directive
	analyzer.Walk(level.Children(), func(k *analyzer.Directive) bool {
		if k.Block != nil && (k.Name() == "location" || k.Name() == "server" && !catchesEveryURI(k)) {
			locs = append(locs, k)
		}
		return !k.Ctx.IsData()
	})
	if level.Name() == "location" || (level.Name() == "server" && !catchesEveryURI(level)) {
		locs = append(locs, level)
	}
	for _, l := range locs {
		if nearestRoot(l) != d {
			continue // a root of its own (or nearer)
		}
		if len(l.Find("alias")) > 0 || len(l.Find("internal")) > 0 || aliasUnused(l) {
			continue
		}
		// A prefix location below / only reaches the files under its own
		// path (location /backup/ with root / serves /backup/…).
		if loc, ok := l.LocationOf(); ok && l.Name() == "location" && !loc.IsRegex() && strings.TrimRight(loc.Match, "/") != "" {
			continue
		}
		return true
	}
	return false
}

// catchesEveryURI reports whether server has a prefix location / among
// its locations, so that no request is answered at server level.
func catchesEveryURI(server *analyzer.Directive) bool {
	for _, k := range server.Children() {
		if loc, ok := k.LocationOf(); ok && loc.IsPrefix() && loc.Match == "/" {
			return true
		}
	}
	return false
}

// nearestRoot is the root in effect in location l: its own, else the
// nearest enclosing level's (the last one at that level counts).
func nearestRoot(l *analyzer.Directive) *analyzer.Directive {
	for lvl := l; lvl != nil; lvl = lvl.Parent {
		if rs := lvl.Find("root"); len(rs) > 0 {
			return rs[len(rs)-1]
		}
	}
	return nil
}
