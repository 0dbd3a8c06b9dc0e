package lint

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

// walkKind says how a file found in a directory walk is read.
type walkKind int

const (
	walkSkip  walkKind = iota // not a configuration, by its name
	walkSniff                 // read when its text is nginx's (see nginxText)
	walkRead                  // read: the name says nginx
)

// nginxDirs are the directories whose files are configuration whatever
// their names (Debian names sites without an extension; the official
// Docker image keeps *.conf.template files in templates/). Other programs
// use some of these names too (supervisor's conf.d, a Helm chart's
// templates), so their files are read only when their text is nginx's.
var nginxDirs = []string{"sites-available", "sites-enabled", "conf.d", "snippets", "templates"}

// templateSuffixes are the extensions of template files (docs/sources.md).
var templateSuffixes = []string{".j2", ".jinja", ".jinja2", ".tpl", ".tmpl", ".gotmpl", ".erb", ".epp"}

// backupSuffixes mark copies an editor or a package manager left behind.
var backupSuffixes = []string{"~", ".bak", ".orig", ".swp", ".old", ".dpkg-dist", ".dpkg-old", ".dpkg-new", ".rpmnew", ".rpmsave"}

// walkKindOf says whether and how a file found in a directory is linted:
// nginx.conf, nginx.conf.* and *.nginx are read; *.conf, *.conf.template
// and any file under one of nginxDirs are read when their text is nginx's;
// a template (site.conf.j2, nginx.conf.erb) is judged by the name it renders to;
// Kubernetes manifests (*.yaml, *.yml) are read for the configurations
// they hold. Hidden files and backups are skipped.
func walkKindOf(p string) walkKind {
	name := filepath.Base(p)
	lower := strings.ToLower(name)
	if strings.HasPrefix(name, ".") || slices.ContainsFunc(backupSuffixes, func(s string) bool { return strings.HasSuffix(lower, s) }) {
		return walkSkip
	}
	// A template is judged by the name it renders to: site.conf.j2,
	// nginx.conf.erb, default.conf.tmpl.
	for _, ext := range templateSuffixes {
		if t := strings.TrimSuffix(lower, ext); t != lower && strings.Contains(t, ".") {
			lower = t
			break
		}
	}
	switch {
	case lower == "nginx.conf", strings.HasPrefix(lower, "nginx.conf."), strings.HasSuffix(lower, ".nginx"),
		strings.HasSuffix(lower, ".yaml"), strings.HasSuffix(lower, ".yml"):
		return walkRead
	case strings.HasSuffix(lower, ".conf"), strings.HasSuffix(lower, ".conf.template"):
		return walkSniff
	}
	for _, dir := range strings.Split(filepath.ToSlash(filepath.Dir(p)), "/") {
		if slices.Contains(nginxDirs, dir) {
			return walkSniff
		}
	}
	return walkSkip
}

// sniffSize is how much of a file nginxText reads.
const sniffSize = 64 << 10

// nginxText reports whether src, a file a directory walk found under name,
// is nginx
// configuration, judged on its first 64 KiB: a file that is empty or all
// comments, one where some statement is a directive nginx knows (any
// module's), and one that reads as nginx text without a syntax error (a
// map's body, a third-party module's directives) are; an INI file
// (supervisord.conf, my.cnf: a [section] first) and text that is not
// nginx syntax (resolv.conf, sysctl.conf, httpd.conf) are not, and why
// says what it is. A file that is not text is read, to be reported as such.
func nginxText(name string, src []byte) (ok bool, why string) {
	if !analyzer.IsText(src) {
		return true, ""
	}
	head := src[:min(len(src), sniffSize)]
	f := analyzer.NewFile(name, "", head)
	f.SetTemplate(analyzer.TemplateAuto, nil) // a template's markup is not nginx's
	u := analyzer.Scan(f, analyzer.CtxMain, 0)
	if len(u.Items) == 0 && len(u.Errors) == 0 {
		return true, "" // empty, or comments only
	}
	known := false
	analyzer.Walk(u.Items, func(d *analyzer.Directive) bool {
		if !known && directives.Lookup(d.Name()) != nil {
			known = true
		}
		return !known
	})
	if known {
		return true, ""
	}
	for n, line := range bytes.Split(head, []byte("\n")) {
		l := string(bytes.TrimSpace(line))
		if l == "" || l[0] == '#' || l[0] == ';' {
			continue
		}
		if strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]") {
			return false, fmt.Sprintf("an INI file (%s at line %d), not nginx configuration", analyzer.Snippet(l), n+1)
		}
		if len(u.Errors) == 0 {
			return true, ""
		}
		word, _, _ := strings.Cut(l, " ")
		return false, fmt.Sprintf("not nginx syntax, and no directive nginx knows (line %d starts with %q)", n+1, analyzer.Snippet(word))
	}
	return len(u.Errors) == 0, "not nginx syntax"
}

// reportWalks tells on stderr about each directory argument in which no
// configuration was found (the run still succeeds), and, when verbose is
// set, about every file a walk found but does not lint.
func reportWalks(args []string, walked []bool, entries []entry, read []entryResult, verbose, stderr io.Writer) {
	found := make([]int, len(args))
	skipped := make([]int, len(args))
	for i, e := range entries {
		r := read[i]
		switch {
		case r.skipped != "":
			skipped[e.arg]++
			if verbose != nil {
				fmt.Fprintf(verbose, "nginx-lint: skipped %s: %s\n", e.name, r.skipped)
			}
		default:
			found[e.arg]++ // read, or reported as unreadable
		}
	}
	for i, arg := range args {
		if !walked[i] || found[i] > 0 {
			continue
		}
		msg := fmt.Sprintf("nginx-lint: %s: no nginx configuration found", arg)
		if skipped[i] > 0 && verbose == nil {
			msg += fmt.Sprintf(" (%s not nginx's; --verbose lists them)", plural(skipped[i], "file"))
		}
		fmt.Fprintln(stderr, msg)
	}
}

// walkTree walks the directory root (named on the command line; a
// symbolic link to a directory is followed) in lexical order, as
// filepath.WalkDir does, and hands found each file to read: its path,
// whether it is a symbolic link (to a regular file: links to directories
// are not followed, dangling ones are skipped) and whether it is read only
// when its text is nginx's (walkKindOf). Hidden entries and excluded
// paths are skipped; a directory that cannot be read is reported through
// fail and what was read of it is walked.
//
// Each directory's listing also tells the check's scopes which
// configuration files it holds (scopes.listed), so that finding the
// settings of the files in it costs no system call.
//
// The walk is one goroutine that every worker waits on, and reading a
// directory is most of its work (three system calls, dear on a virtual
// machine). With more than one worker, helpers read the next listAhead
// subdirectories of each directory while the walk goes on; the walk reads
// a directory itself where no helper has begun it, and the order stays.
func walkTree(root string, opt inputOptions, fail func(string, error), found func(p string, link, sniff bool)) {
	var ahead chan *listing // nil: no helpers (a send to it never goes)
	if workers := opt.workers(); workers > 1 {
		ahead = make(chan *listing, listAhead*workers)
		var wg sync.WaitGroup
		defer wg.Wait()
		defer close(ahead)
		for range min(workers, walkHelpers) {
			wg.Go(func() {
				for l := range ahead {
					l.read()
				}
			})
		}
	}
	prefetch := func(l *listing) {
		select {
		case ahead <- l:
		default: // no helpers, or they are far enough ahead
		}
	}
	type item struct {
		d         fs.DirEntry
		path, rel string
		sub       *listing // a directory's
	}
	var dir func(l *listing, rel string)
	dir = func(l *listing, rel string) {
		l.read()
		p := l.path
		if l.err != nil {
			fail(p, l.err)
		}
		opt.scopes.listed(p, l.ents)
		items := make([]item, 0, len(l.ents))
		var subs []int // the items that are directories
		for _, d := range l.ents {
			name := d.Name()
			if strings.HasPrefix(name, ".") {
				continue
			}
			it := item{d: d, path: filepath.Join(p, name), rel: name}
			if rel != "" {
				it.rel = rel + string(filepath.Separator) + name
			}
			if opt.excluded(it.path, it.rel, d.IsDir()) {
				continue
			}
			if d.IsDir() {
				it.sub = &listing{path: it.path}
				subs = append(subs, len(items))
			}
			items = append(items, it)
		}
		l.ents = nil
		for _, i := range subs[:min(len(subs), listAhead)] {
			prefetch(items[i].sub)
		}
		next := listAhead // the next of subs to hand the helpers
		for _, it := range items {
			if it.sub != nil {
				if next < len(subs) {
					prefetch(items[subs[next]].sub)
					next++
				}
				dir(it.sub, it.rel)
				continue
			}
			link := it.d.Type()&fs.ModeSymlink != 0
			if link {
				if !isRegular(it.path) {
					continue // dangling, or a link to a directory
				}
			} else if !it.d.Type().IsRegular() {
				continue
			}
			if kind := walkKindOf(it.path); kind != walkSkip {
				found(it.path, link, kind == walkSniff)
			}
		}
	}
	dir(&listing{path: root}, "")
}

// How many subdirectories of a directory the helpers of a walk read ahead,
// and the most helpers.
const (
	listAhead   = 8
	walkHelpers = 4
)

// listing is a directory's entries, read once by whoever asks first: a
// helper of the walk or the walk itself.
type listing struct {
	once sync.Once
	path string
	ents []fs.DirEntry
	err  error
}

func (l *listing) read() {
	l.once.Do(func() { l.ents, l.err = os.ReadDir(l.path) })
}
