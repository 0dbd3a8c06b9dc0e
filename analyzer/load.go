package analyzer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/dustin/go-humanize"
)

// Defaults for the loader's limits (LoadOptions; see docs/limits.md).
const (
	// DefaultMaxFileSize is the most bytes read from one file, and the most
	// text one configuration loads with everything it includes. A check
	// peaks at 7 to 17 times the text in memory for real statements (a
	// 22 MB map: 159 MB) and at about 55 times for text that is nothing but
	// tiny statements; the largest of 1,402 real configurations is 1.3 MB.
	DefaultMaxFileSize = 16 << 20
	// DefaultMaxIncludes is the most include expansions in one configuration.
	DefaultMaxIncludes = 4096
)

// PathMap rewrites include paths that start with From to start with To, so
// that server paths (/etc/nginx) can point into a repository.
type PathMap struct{ From, To string }

// LoadOptions control how files and includes are read.
type LoadOptions struct {
	// Prefix is the directory relative include paths are resolved against;
	// empty means the directory of the file being linted.
	Prefix      string
	IncludeMap  []PathMap
	MaxDepth    int
	MaxFileSize int64
	MaxIncludes int
	// MaxFindings, when above 0, is the most findings Check returns per
	// file: the first ones in report order; the rest are counted by rule
	// and severity (Analysis.Omitted) and, where that is safe, let go as
	// rules report them, so a file with millions of findings does not
	// hold them.
	MaxFindings int
	// NoIncludes turns include following off.
	NoIncludes bool
	// FS is where includes are read from; nil means the operating system.
	FS FS
	// Exclude holds glob patterns of files that are not linted: directory
	// walks skip them and findings located in them are dropped (they are
	// still read when a linted file includes them). See MatchExclude.
	Exclude []string
	// Template is the template language files are read in: TemplateAuto
	// (the zero value) detects it per file from its name and content,
	// TemplateNone reads every file as plain nginx (see SetTemplate).
	Template TemplateLang
	// variant is the rendering of templates read (see structure).
	variant int
	// Overlay holds file contents to use instead of what is on disk, keyed
	// by the file's real path (RealPath); the fixer uses it to re-check
	// included files it has rewritten but not yet written.
	Overlay map[string][]byte
}

// RealPath is the absolute path of p with symlinks resolved, or the
// absolute path of p when it cannot be resolved.
func RealPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// ReadError is an input that could not be read at all.
type ReadError struct {
	Path string
	Err  error
}

func (e *ReadError) Error() string { return fmt.Sprintf("%s: %v", e.Path, e.Err) }
func (e *ReadError) Unwrap() error { return e.Err }

// ErrTooLarge is matched (errors.Is) by a *SizeError.
var ErrTooLarge = errors.New("over the size limit")

// SizeError is an input over the size limit (LoadOptions.MaxFileSize).
type SizeError struct {
	Size  int64 // -1 when unknown (a stream stopped at the limit)
	Limit int64
}

func (e *SizeError) Error() string {
	if e.Size < 0 {
		return fmt.Sprintf("is larger than the limit of %s (raise it with --max-file-size)", FormatSize(e.Limit))
	}
	size := fmt.Sprintf("%d bytes", e.Size)
	switch human := humanize.IBytes(uint64(e.Size)); {
	case e.Size >= 1<<10 && human == humanize.IBytes(uint64(e.Limit)):
		// "16 MiB, over the limit of 16MiB" would say nothing.
		size = fmt.Sprintf("%d bytes, %s", e.Size, plural(int(e.Size-e.Limit), "byte"))
	case e.Size >= 1<<10:
		size = fmt.Sprintf("%s (%s),", human, size)
	default:
		size += ","
	}
	return fmt.Sprintf("is %s over the limit of %s (raise it with --max-file-size)", size, FormatSize(e.Limit))
}

// FormatSize writes a limit exactly, in the largest unit that divides it:
// 16MiB, 10MB, 1000 bytes.
func FormatSize(n int64) string {
	for _, u := range []struct {
		name string
		size int64
	}{{"GiB", 1 << 30}, {"GB", 1e9}, {"MiB", 1 << 20}, {"MB", 1e6}, {"KiB", 1 << 10}, {"kB", 1e3}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d%s", n/u.size, u.name)
		}
	}
	if n == 1 {
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}

// Is makes errors.Is(err, ErrTooLarge) true.
func (e *SizeError) Is(target error) bool { return target == ErrTooLarge }

// notRegular says what a file that is not a regular file is, or nil.
func notRegular(m fs.FileMode) error {
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		return ErrIsDir
	case m&fs.ModeNamedPipe != 0:
		return errors.New("is a named pipe (FIFO), not a regular file")
	case m&fs.ModeSocket != 0:
		return errors.New("is a socket, not a regular file")
	case m&fs.ModeCharDevice != 0:
		return errors.New("is a character device, not a regular file")
	case m&fs.ModeDevice != 0:
		return errors.New("is a block device, not a regular file")
	}
	return errors.New("is not a regular file")
}

// ReadFile reads a regular file of at most limit bytes (limit <= 0 means
// DefaultMaxFileSize). Anything else is refused before a byte is read: a
// directory, a named pipe or a device (which could block or never end), a
// file over the limit (*SizeError). The file is opened without blocking and
// checked again once open, so one swapped in after the first look cannot
// hang the read either.
func ReadFile(path string, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = DefaultMaxFileSize
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, &ReadError{path, unwrapPathErr(err)}
	}
	if err := checkRegular(st, limit); err != nil {
		return nil, &ReadError{path, err}
	}
	b, err := readOpen(path, limit)
	if err != nil {
		return nil, &ReadError{path, unwrapPathErr(err)}
	}
	return b, nil
}

// readSized reads r, whose size is expected to be size bytes, to its end
// into a buffer of that size: the tree keeps the buffer alive (names and
// arguments are substrings of it), so it should not be larger than the
// text, nor should reading it leave the garbage of a growing buffer. A file
// that has grown since is still read whole, up to limit.
func readSized(r io.Reader, size, limit int64) ([]byte, error) {
	buf := make([]byte, 0, min(size, limit)+1) // +1: EOF is seen without a second buffer
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, &SizeError{-1, limit}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

func checkRegular(st fs.FileInfo, limit int64) error {
	return checkRegularMode(st.Mode(), st.Size(), limit)
}

// checkRegularMode is checkRegular of a file's type bits and size.
func checkRegularMode(m fs.FileMode, size, limit int64) error {
	if err := notRegular(m); err != nil {
		return err
	}
	if size > limit {
		return &SizeError{size, limit}
	}
	return nil
}

// ReadAllLimit reads r to its end, or fails with a *SizeError as soon as
// it passes limit bytes: a stream (standard input) that never ends costs
// no more than limit bytes of memory.
func ReadAllLimit(r io.Reader, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = DefaultMaxFileSize
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, &SizeError{-1, limit}
	}
	return b, nil
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// loader expands includes for one linted file.
type loader struct {
	opts   LoadOptions
	prefix string
	// near is the linted file's own directory when prefix is a guess
	// (see confDirAbove): a relative include found only there is read
	// from there.
	near     string
	root     *Unit
	files    map[string][]byte // by clean path: read once
	readErrs map[string]error
	stack    []string // real paths being expanded, for cycles
	count    int      // include expansions so far (MaxIncludes)
	loaded   int64    // bytes of text so far, the root's and every include's (MaxFileSize)
	events   []loadEvent
	units    []*Unit
	// stop is the event of the limit that ended include expansion (-1
	// while none has), and skipped how many includes it left out.
	stop     int
	skipped  int
	stopHint string
}

// loadEvent is something the loader reports as a finding.
type loadEvent struct {
	rule  string
	rng   Range
	msg   string
	notes []string
	sev   Severity
}

// Parse builds the analysis unit for one file: scan, context inference,
// include expansion and gonginx linking. path is where the file lives on
// disk ("" for stdin); it anchors relative includes when no prefix is set.
// src must not change while the analysis is in use: names and arguments
// are views of it (see NewFile).
func Parse(name, path string, src []byte, opts LoadOptions) *Analysis {
	a := parseAs(name, path, src, opts, 0)
	if a.Root.Ctx == CtxMain {
		return a
	}
	// What a file includes at its top stands at its own level. A file
	// whose includes bring in directives only nginx.conf's top holds
	// (nginx -c wrapper.conf with "include nginx.conf;") is main; a file
	// of includes only (a bundle of location files) takes its context
	// from what they hold.
	ctx := Context(0)
	for _, k := range a.Root.kids {
		if mainOnly[k.Name()] {
			ctx = CtxMain
		}
	}
	if ctx == 0 && onlyIncludes(a.Root.Items) && len(a.Root.kids) > 0 {
		ctx = InferContext(a.Root.kids)
	}
	if ctx != 0 && ctx != a.Root.Ctx {
		return parseAs(name, path, src, opts, ctx)
	}
	return a
}

// onlyIncludes reports whether items are include directives, at least one.
func onlyIncludes(items []*Directive) bool {
	for _, d := range items {
		if d.Name() != "include" {
			return false
		}
	}
	return len(items) > 0
}

// parseAs parses a file standing in ctx, or in the context inferred from
// its directives when ctx is zero.
func parseAs(name, path string, src []byte, opts LoadOptions, ctx Context) *Analysis {
	f := NewFile(name, path, src)
	f.setTemplate(opts.Template, opts.helmChart, opts.variant)
	u := Scan(f, CtxMain, opts.MaxDepth)
	if ctx == 0 {
		ctx = InferContext(u.Items)
	}
	if ctx != CtxMain {
		u.Ctx = ctx
		setContext(u.Items, ctx)
	}
	l := &loader{opts: opts, root: u, files: map[string][]byte{}, readErrs: map[string]error{}, loaded: int64(len(src)), stop: -1}
	u.File.root = u
	l.prefix = opts.Prefix
	if l.prefix == "" {
		if path != "" {
			l.prefix = filepath.Dir(path)
			// A fragment is read by nginx through an nginx.conf, and
			// nginx resolves relative includes against that file's
			// directory, not the fragment's.
			if u.Ctx != CtxMain {
				if d := confDirAbove(opts.fsys(), l.prefix); d != "" && d != l.prefix {
					l.prefix, l.near = d, l.prefix
				}
			}
		} else {
			l.prefix = "."
		}
	}
	if path != "" {
		if rp, err := opts.fsys().RealPath(path); err == nil {
			l.stack = append(l.stack, rp)
		}
	}
	l.units = append(l.units, u)
	l.expand(u.Items)
	if l.stop >= 0 {
		ev := &l.events[l.stop]
		if l.skipped > 1 {
			ev.notes = append(ev.notes, fmt.Sprintf("nor %s after it", plural(l.skipped-1, "include")))
		}
		ev.notes = append(ev.notes, l.stopHint)
	}
	u.kids = buildKids(u.Items)
	linkUnits(l.units)
	return &Analysis{Root: u, Units: l.units, loadEvents: l.events, Options: opts}
}

// setContext re-derives contexts below items standing in ctx.
func setContext(items []*Directive, ctx Context) {
	for _, d := range items {
		d.Ctx = ctx
		if d.Block != nil && !d.Block.Raw {
			setContext(d.Block.Items, ChildContext(ctx, d.Name()))
		}
	}
}

// expand follows the includes of items.
func (l *loader) expand(items []*Directive) {
	for _, d := range items {
		if d.Name() == "include" && !d.Ctx.IsData() && d.Block == nil && len(d.Args()) == 1 && !l.opts.NoIncludes {
			l.include(d)
		}
		if d.Block != nil && !d.Block.Raw {
			l.expand(d.Block.Items)
		}
	}
}

func hasGlobMeta(p string) bool { return strings.ContainsAny(p, "*?[") }

// resolve maps an include argument to a path on this machine.
func (l *loader) resolve(p string) string {
	for _, m := range l.opts.IncludeMap {
		from := strings.TrimSuffix(m.From, "/")
		if p == from || strings.HasPrefix(p, from+"/") {
			return filepath.Join(m.To, strings.TrimPrefix(p, from))
		}
	}
	if !filepath.IsAbs(p) {
		at := filepath.Join(l.prefix, p)
		if l.near != "" && !l.exists(at) {
			if near := filepath.Join(l.near, p); l.exists(near) {
				return near
			}
		}
		return at
	}
	return p
}

// exists reports whether a path, or some match of a pattern, is there.
func (l *loader) exists(p string) bool {
	if hasGlobMeta(p) {
		m, err := l.opts.fsys().Glob(p, 1)
		return len(m) > 0 && (err == nil || errors.As(err, new(*GlobCutError)))
	}
	_, err := l.opts.fsys().Stat(p)
	return err == nil
}

// confDirAbove returns the nearest directory at or above dir that holds an
// nginx.conf, without leaving the tree fsys reads from ("" when there is
// none): where the configuration that includes a fragment most likely
// lives, and so nginx's prefix for the fragment's relative includes.
func confDirAbove(fsys FS, dir string) string {
	for cur := dir; ; {
		st, err := fsys.Stat(filepath.Join(cur, "nginx.conf"))
		if err == nil && st.Mode().IsRegular() {
			return cur
		}
		if errors.Is(err, ErrOutside) {
			return ""
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return ""
		}
		cur = parent
	}
}

func (l *loader) include(d *Directive) {
	arg := d.Args()[0]
	inc := &Include{Pattern: arg.Value()}
	d.extra().include = inc
	if arg.HasVar() || arg.Templated() {
		return // nginx does not expand variables in include; a template fills its placeholders in
	}
	p := l.resolve(arg.Value())
	var paths []string
	var cut *GlobCutError
	if hasGlobMeta(arg.Value()) {
		room := 1 // once a limit has stopped expansion, one match is enough to count the include as left out
		if l.stop < 0 {
			room = max(l.maxIncludes()-l.count, 0)
		}
		matches, err := l.opts.fsys().Glob(p, room)
		if c, ok := isGlobCut(err); ok {
			cut, err = c, nil
		}
		switch {
		case errors.Is(err, ErrOutside):
			inc.Missing = true
			l.outside(arg.Range(), p, 0)
			return
		case err != nil:
			l.events = append(l.events, loadEvent{rule: RuleIncludeNotFound, rng: arg.Range(), msg: fmt.Sprintf("include pattern %q is malformed", Snippet(arg.Value())),
				notes: append(pathNote("pattern", arg.Value()), err.Error()), sev: Info})
			return
		}
		sort.Strings(matches)
		for _, m := range matches {
			if strings.HasPrefix(filepath.Base(m), ".") {
				continue
			}
			if st, err := l.opts.fsys().Stat(m); err == nil && st.IsDir() {
				continue
			}
			paths = append(paths, m)
		}
	} else {
		paths = []string{p}
	}
	var outside []string
	for _, path := range paths {
		if l.stop >= 0 {
			inc.Missing = true
			l.skipped++
			continue
		}
		if l.count >= l.maxIncludes() {
			inc.Missing = true
			l.limit(arg.Range(), fmt.Sprintf("more than %s in one configuration: the rest are not checked", plural(l.maxIncludes(), "include")),
				"raise the limit with --max-includes", fmt.Sprintf("%q is the first include not checked", path))
			continue
		}
		l.count++
		rp, err := l.opts.fsys().RealPath(path)
		if err == nil && slices.Contains(l.stack, rp) {
			l.events = append(l.events, loadEvent{rule: RuleIncludeCycle, rng: arg.Range(), msg: fmt.Sprintf("include of %q forms a cycle", SnippetPath(path)),
				notes: append(pathNote("included path", path), "the file is already being included"), sev: Error})
			continue
		}
		src, err := l.read(path)
		if errors.Is(err, ErrOutside) {
			inc.Missing = true
			outside = append(outside, path)
			continue
		}
		if err != nil {
			inc.Missing = true
			reason := unwrapReadErr(err).Error()
			if strings.HasPrefix(reason, "is ") {
				reason = "it " + reason // is a directory, is a named pipe…
			}
			msg := fmt.Sprintf("included file %q cannot be read", SnippetPath(path))
			notes := append(pathNote("included path", path), reason)
			rule, sev := RuleIncludeNotFound, Info
			switch {
			case errors.Is(err, fs.ErrNotExist):
				hint := "map server paths into the repository with --include-map FROM=TO"
				if h, ok := l.opts.fsys().(interface{ MissingHint() string }); ok {
					hint = h.MissingHint()
				}
				msg = fmt.Sprintf("included file %q does not exist here; it is not checked", SnippetPath(path))
				notes = append(pathNote("included path", path), hint)
				if l.near != "" && !filepath.IsAbs(arg.Value()) {
					notes = append(notes, fmt.Sprintf("nginx resolves a relative include against its prefix, taken here as %q (where the nginx.conf nearest above this file is); it is not next to the file either", l.opts.fsys().Display(l.prefix)))
				}
			case errors.Is(err, ErrTooLarge):
				msg = fmt.Sprintf("included file %q is over the size limit; it is not checked", SnippetPath(path))
				notes = append(pathNote("included path", path), fmt.Sprintf("it %v", unwrapReadErr(err)))
				rule, sev = RuleLimitExceeded, Warning
			}
			l.events = append(l.events, loadEvent{rule: rule, rng: arg.Range(), msg: msg, notes: notes, sev: sev})
			continue
		}
		if l.loaded+int64(len(src)) > l.maxFileSize() {
			inc.Missing = true
			l.limit(arg.Range(), fmt.Sprintf("included file not checked: the configuration would pass %s of text", FormatSize(l.maxFileSize())),
				"raise the limit with --max-file-size", fmt.Sprintf("with %q the configuration and its includes would pass the limit", path))
			continue
		}
		f := NewFile(l.opts.fsys().Display(path), path, src)
		f.setTemplate(l.opts.Template, l.opts.helmChart, l.opts.variant)
		f.root = l.root
		u := scan(f, d.Ctx, l.maxDepth(), l.maxDepth()-d.Depth())
		if why := notConfig(path, src, u, pathsOf(l.opts.fsys())); why != "" {
			inc.Missing = true
			l.events = append(l.events, loadEvent{rule: RuleIncludeNotFound, rng: arg.Range(),
				msg:   fmt.Sprintf("included file %q is not nginx configuration: not checked", SnippetPath(path)),
				notes: append(pathNote("included path", path), "The file "+why+". Its content is not read as configuration, so none of it is shown."), sev: Info})
			continue
		}
		l.loaded += int64(len(src))
		setParents(u.Items, d.Parent, int32(d.Depth()))
		inc.Files = append(inc.Files, u)
		l.units = append(l.units, u)
		l.stack = append(l.stack, rp)
		l.expand(u.Items)
		l.stack = l.stack[:len(l.stack)-1]
		u.kids = buildKids(u.Items)
	}
	if len(outside) > 0 {
		l.outside(arg.Range(), outside[0], len(outside)-1)
	}
	if cut != nil && l.stop < 0 {
		inc.Missing = true
		if cut.Reason == CutMatches {
			l.limit(arg.Range(), fmt.Sprintf("more than %s in one configuration: later matches are not checked", plural(l.maxIncludes(), "include")),
				"raise the limit with --max-includes", fmt.Sprintf("the pattern is %q", arg.Value()))
		} else {
			l.events = append(l.events, loadEvent{rule: RuleLimitExceeded, rng: arg.Range(),
				msg:   fmt.Sprintf("include pattern %q was cut short: the rest is not checked", Snippet(arg.Value())),
				notes: []string{"Expanding the pattern stopped because " + cut.Reason + ": nginx-lint bounds a pattern's expansion so that symbolic links looping back up the tree cannot make it run without end."},
				sev:   Warning})
		}
	}
}

// outside reports an include that reaches out of the tree the file system
// is confined to (ConfinedFS), naming the path and nothing of its content.
func (l *loader) outside(rng Range, path string, more int) {
	msg := fmt.Sprintf("include of %q is outside the checked tree; it is not read", SnippetPath(path))
	if more > 0 {
		msg = fmt.Sprintf("include of %q and %s more are outside the checked tree", SnippetPath(path), plural(more, "file"))
	}
	// A file in a checked directory that is a symbolic link out of it
	// (Debian's modules-enabled/*.conf) is not "outside" to the reader.
	if c, ok := l.opts.fsys().(*ConfinedFS); ok && c.Tree.Contains(filepath.Dir(path)) {
		msg = fmt.Sprintf("include of %q links out of the checked tree; it is not read", SnippetPath(path))
		if more > 0 {
			msg = fmt.Sprintf("include of %q and %s more link out of the checked tree", SnippetPath(path), plural(more, "file"))
		}
	}
	l.events = append(l.events, loadEvent{rule: RuleIncludeOutside, rng: rng, msg: msg, sev: Info, notes: append(pathNote("included path", path),
		"nginx-lint reads includes only below the directories of the paths it checks (and --prefix and --include-map targets), so that a configuration cannot make it print a host file such as /etc/shadow or /proc/self/environ",
		"map server paths into the repository with --include-map FROM=TO, or allow reading anywhere with --allow-include-outside",
	)})
}

// notConfig says why an included file is not nginx configuration ("" when
// it may be): a pseudo-file of the kernel (/proc, /sys), a file holding NUL
// bytes (a binary), or one whose first statement does not parse. Such a
// file is reported once, without quoting any of it: what it holds may be a
// secret (an environment, a password file).
func notConfig(path string, src []byte, u *Unit, paths *PathCache) string {
	if pseudoFile(path, paths) {
		return "is a pseudo-file of the kernel (/proc or /sys)"
	}
	if bytes.IndexByte(src, 0) >= 0 {
		return "holds NUL bytes, as a binary file does"
	}
	if len(u.Errors) > 0 {
		first := u.Errors[0].Range.Start.Offset
		if len(u.Items) == 0 || first <= u.Items[0].End().End.Offset {
			return "does not begin with an nginx statement"
		}
	}
	return ""
}

// limit records that a limit stops include expansion here: one warning
// (Parse adds how many includes were left out after it, and hint), and no
// include is read from now on.
func (l *loader) limit(rng Range, msg, hint string, notes ...string) {
	l.stop = len(l.events)
	l.skipped = 1
	l.stopHint = hint
	l.events = append(l.events, loadEvent{rule: RuleLimitExceeded, rng: rng, msg: msg, notes: notes, sev: Warning})
}

// pathNote gives a path or pattern whole in a note when a headline shows
// it cut short (SnippetPath), and nothing otherwise.
func pathNote(what, path string) []string {
	if SnippetPath(path) == path {
		return nil
	}
	return []string{fmt.Sprintf("the %s is %q", what, path)}
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func (l *loader) maxFileSize() int64 {
	if l.opts.MaxFileSize > 0 {
		return l.opts.MaxFileSize
	}
	return DefaultMaxFileSize
}

func unwrapReadErr(err error) error {
	var re *ReadError
	if errors.As(err, &re) {
		return re.Err
	}
	return err
}

func (l *loader) maxIncludes() int {
	if l.opts.MaxIncludes > 0 {
		return l.opts.MaxIncludes
	}
	return DefaultMaxIncludes
}

func (l *loader) maxDepth() int {
	if l.opts.MaxDepth > 0 {
		return l.opts.MaxDepth
	}
	return DefaultMaxDepth
}

func (l *loader) read(path string) ([]byte, error) {
	if b, ok := l.files[path]; ok {
		return b, nil
	}
	if err, ok := l.readErrs[path]; ok {
		return nil, err
	}
	if len(l.opts.Overlay) > 0 {
		if b, ok := l.opts.Overlay[RealPath(path)]; ok {
			l.files[path] = b
			return b, nil
		}
	}
	b, err := l.opts.fsys().ReadFile(path, l.opts.MaxFileSize)
	if err != nil {
		l.readErrs[path] = err
		return nil, err
	}
	l.files[path] = b
	return b, nil
}

// setParents hangs an included file's statements under the include's parent.
func setParents(items []*Directive, parent *Directive, depth int32) {
	for _, d := range items {
		d.Parent = parent
		if d.Block != nil {
			d.Block.depth += depth
			setParents(d.Block.Items, d, depth)
		}
	}
}

// displayPath shows paths below the working directory relative to it.
func displayPath(p string) string { return (*PathCache)(nil).Display(p) }

// displayPathIn is displayPath of the absolute path p against the
// working directory wd.
func displayPathIn(wd, p string) string {
	if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return p
}

// buildKids fills the logical children of every block below items and
// returns those of items themselves: items itself when no include among
// them pulled anything in (most blocks), a new list otherwise.
func buildKids(items []*Directive) []*Directive {
	expands := false
	for _, d := range items {
		if d.Block != nil && !d.Block.Raw {
			d.Block.kids = buildKids(d.Block.Items)
		}
		if d.Include() != nil && len(d.Include().Files) > 0 {
			expands = true
		}
	}
	if !expands {
		return slices.Clip(items)
	}
	var out []*Directive
	for _, d := range items {
		out = append(out, d)
		if d.Include() != nil {
			for _, u := range d.Include().Files {
				out = append(out, u.kids...)
			}
		}
	}
	return out
}

// linkUnits parses every unit with gonginx and links the nodes.
func linkUnits(units []*Unit) {
	for _, u := range units {
		linkUnit(u)
		u.gonginxSrc = ""
	}
}

// IncludedBy returns the path of the nginx.conf at or above the linted
// file (inside the tree includes are read from) that includes it, directly
// or through other files, or "" when there is none: nginx then reads the
// file as part of that configuration, not as one of its own. A file given
// on standard input, or an nginx.conf itself, is included by nothing here.
func (a *Analysis) IncludedBy() string {
	path := a.Root.File.Path
	if path == "" || a.Options.Prefix != "" {
		return ""
	}
	fsys := a.Options.fsys()
	self, err := fsys.RealPath(path)
	if err != nil {
		return ""
	}
	dir := confDirAbove(fsys, filepath.Dir(path))
	if dir == "" {
		return ""
	}
	conf := filepath.Join(dir, "nginx.conf")
	if rp, err := fsys.RealPath(conf); err != nil || rp == self {
		return ""
	}
	src, err := fsys.ReadFile(conf, a.Options.MaxFileSize)
	if err != nil {
		return ""
	}
	for _, u := range Parse(conf, conf, src, a.Options).Units[1:] {
		if rp, err := fsys.RealPath(u.File.Path); err == nil && rp == self {
			return conf
		}
	}
	return ""
}
