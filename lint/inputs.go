package lint

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/reporter"
	"github.com/nginx-lint/nginx-lint/sources"
)

// inputOptions say how `check` finds what to lint.
type inputOptions struct {
	stdinFilename string
	load          analyzer.LoadOptions // includes Exclude and MaxFileSize
	mounts        []sources.Mount      // --mount NAME=DIR for ConfigMaps
	jobs          int                  // workers; <= 0 means runtime.NumCPU()
	// skip excludes more files (the configuration file's exclude), like
	// load.Exclude; nil excludes nothing more.
	skip func(path string) bool
	// verbose, when set, is told which files a walk skipped and why.
	verbose io.Writer
	// scopes gives each file the settings of its nearest configuration
	// file; nil applies these options to every file.
	scopes *scopes
	// asWalk picks among named files as a walk does (--skip-non-nginx).
	asWalk bool
	// count is told the text held (Env.TextHeld); nil: none.
	count func(int)
	// manyFiles is told once when a check holds more text than it keeps
	// trees of (Env.ManyFiles); nil: nothing is told.
	manyFiles func(workers int)
	// noSources keeps no file text for the report (Settings.NoSources).
	noSources bool
	// leaving holds the arguments not read: they lead out of the working
	// directory (Check.leaving).
	leaving map[string]bool
}

// excluded reports whether a file (or, with dir, a directory) is left out:
// walks skip it, a path naming it is ignored, findings in it are dropped.
// rel is the path relative to the directory walked ("" when named).
func (o *inputOptions) excluded(name, rel string, dir bool) bool {
	if analyzer.MatchExclude(o.load.Exclude, name, dir) || (rel != "" && analyzer.MatchExclude(o.load.Exclude, rel, dir)) {
		return true
	}
	skip := o.skip
	if !dir {
		if st, ok := o.scoped(name, nil); ok && st != nil {
			skip = st.in.skip
		}
	}
	return skip != nil && skip(name)
}

// entry is one file named on the command line or found in a directory.
type entry struct {
	name     string // as shown
	path     string // on disk ("" for stdin)
	src      []byte // stdin only; files are read by the workers
	explicit bool   // named on the command line (not found by a walk)
	symlink  bool   // the name is a symbolic link
	sniff    bool   // found by a walk, read only if its text is nginx's
	arg      int    // the argument it came from
}

// target is one nginx file to parse: a file on disk, standard input, a
// ConfigMap value or a dump section. What finding the roots and the report
// need of it stays until the report; what reading, parsing and checking it
// needs (targetInput) is let go once it is checked (see release).
type target struct {
	name     string
	key      string // identity for include detection (real path)
	group    int    // targets of one group may include each other
	explicit bool
	symlink  bool
	// parsed is set once the target was parsed; includes are the keys of
	// the files its analysis read (see findRoots), kept when the analysis
	// itself is let go to be parsed again when checked (parseCache).
	parsed   bool
	includes []string
	// part is what checking the target found, when it was checked as soon
	// as it was parsed (lintInputs), before the roots were known.
	part *lintResult
	*targetInput
}

// targetInput is what reading, parsing and checking a target needs.
type targetInput struct {
	path     string
	src      []byte
	load     analyzer.LoadOptions
	cfg      *analyzer.Config // nil: the run's
	source   *sources.Source  // nil for plain files
	maps     map[string]*sources.Mapper
	stdin    bool // read from standard input
	analysis *analyzer.Analysis
	// podMounts are the ConfigMap mounts of every manifest of the run, to
	// place the keys of a manifest read again after fixing.
	podMounts []sources.PodMount
	// held is the text counted for the target (inputOptions.count): its
	// own and that of the includes its parses read (counted once parsed),
	// until let go.
	held  int
	count func(int)
}

// release lets go of what checking t needed once it is checked and its
// tree and text are let go: a run over many files keeps the rest of each
// target until the report, and this was most of it.
func (t *target) release() {
	if t.part != nil && t.targetInput != nil && t.analysis == nil && t.src == nil {
		t.targetInput = nil
	}
}

// size is the length of t's text (0 once released).
func (t *target) size() int {
	if t.targetInput == nil {
		return 0
	}
	return len(t.src)
}

// letGo drops the target's tree and, unless keepText, its text, and
// releases what was counted for them.
func (t *target) letGo(keepText bool) {
	if t.targetInput == nil {
		return
	}
	t.analysis = nil
	keep := 0
	if keepText {
		keep = min(len(t.src), t.held)
	} else {
		t.src = nil
	}
	if t.count != nil && t.held > keep {
		t.count(keep - t.held)
	}
	t.held = keep
}

// lintResult is everything the reporter needs.
type lintResult struct {
	findings *analyzer.FindingList
	sources  map[string]*analyzer.File
	files    []string
	failed   bool // an input could not be read
	// unread are the inputs that could not be read, for the report.
	unread []reporter.Notification
	// usedIgnores are the ignore-comment ids some analysis needed (in the
	// user's files' positions; see analyzer.Analysis.UsedIgnores).
	usedIgnores map[ignoreAt]bool
	// omitted are what each analysis's cap on findings per file left out
	// (analyzer.Analysis.Omitted), in the analyses' files; omittedIn maps
	// the files extracted from a manifest to the manifest (see
	// omittedCounts).
	omitted   []analyzer.Omitted
	omittedIn map[string]string
	// span is where the findings of one check are in the list of the run
	// once gathered (see gathered.spanOf); findings is then nil.
	span [2]int
}

// omittedCounts returns the counts of res.omitted in the user's files. A
// file checked by two analyses (included by two linted files) is counted
// once, with the larger count; the files extracted from one manifest (its
// ConfigMap keys) are one file for the user, and their counts add up.
func (res *lintResult) omittedCounts() []analyzer.Omitted {
	if len(res.omitted) == 0 {
		return nil
	}
	once := analyzer.CapFindings(nil, 0, res.omitted)
	byKey := map[analyzer.Omitted]int{}
	var out []analyzer.Omitted
	for _, o := range once {
		if name, ok := res.omittedIn[o.File]; ok {
			o.File = name
		}
		n := o.Count
		o.Count = 0
		i, ok := byKey[o]
		if !ok {
			i = len(out)
			byKey[o] = i
			out = append(out, o)
		}
		out[i].Count += n
	}
	return out
}

// ignoreAt is the place of a rule id in an ignore comment.
type ignoreAt struct {
	file   string
	offset int
}

// dropNeededIgnores removes the "suppressed nothing" findings of ignore
// comments that another analysis needed: a file included by two linted
// files is checked in both contexts, and an id may suppress a finding in
// one of them only. Removing the comment would bring that finding back.
func (res *lintResult) dropNeededIgnores(fs *analyzer.FindingList) {
	if len(res.usedIgnores) == 0 {
		return
	}
	fs.Keep(func(f *analyzer.Finding) bool {
		return f.Rule != analyzer.RuleIgnore || !res.usedIgnores[ignoreAt{f.Range.Start.File, f.Range.Start.Offset}]
	})
}

// lintInputs lints every input named by args: each root configuration is
// checked once, in context, with its includes (a file that another linted
// file includes is checked only through it), in parallel, and findings in
// extracted configurations are mapped back to the files they came from.
//
// It is a pipeline: the walk hands files to the workers as it finds them,
// and they read and parse them while it goes on. Trees are kept until the
// roots are known (which file includes which) up to parseCacheBytes of
// text; past that, a worker checks each file it parses at once, keeps its
// findings and lets the tree go, unless a file parsed before includes it
// (then it is checked there). So memory follows the work in flight, not
// the size of the tree, at the cost of checking the files whose includer
// comes later twice. Once the roots are known the workers check those not
// checked yet, each tree let go as soon as its findings are taken. The
// findings of every check are written out of the heap as it ends (see
// gathered) and read back into one list once every check is done; that
// list is put in root order and sorted, so the output does not depend on
// --jobs.
func lintInputs(stdin io.Reader, args []string, opt inputOptions, cfg *analyzer.Config, stderr io.Writer) *lintResult {
	var mu sync.Mutex
	var g gathered
	included := map[groupKey]bool{}
	spill := func(ts []*target) {
		mu.Lock()
		for _, t := range ts {
			for _, k := range t.includes {
				included[groupKey{t.group, k}] = true
			}
		}
		in := make([]bool, len(ts))
		for i, t := range ts {
			in[i] = included[groupKey{t.group, t.key}]
		}
		mu.Unlock()
		for i, t := range ts {
			if !in[i] {
				t.part = g.take(t.lint(opt))
			}
			// The text of a file not checked is kept: the files that
			// include it may turn out to include each other, and one of
			// them be the root after all.
			t.letGo(in[i])
			t.release()
		}
	}
	roots, unread := prepareInputs(stdin, args, opt, cfg, stderr, newParseCache(parseCacheBytes), spill)
	res := &lintResult{sources: map[string]*analyzer.File{}, failed: len(unread) > 0, unread: unread}
	parts := make([]*lintResult, len(roots))
	// The largest roots first, so that no worker is left with a large one
	// while the others are idle; the parts go by index all the same.
	order := make([]int, len(roots))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return roots[order[a]].size() > roots[order[b]].size() })
	parallel(opt.jobs, len(roots), func(k int) {
		i := order[k]
		t := roots[i]
		if t.part == nil {
			if t.analysis == nil {
				t.parse(cfg)
			}
			t.part = g.take(t.lint(opt))
		}
		parts[i], t.part = t.part, nil
		t.letGo(false)
		// A file with a great many findings leaves its tree as garbage, as
		// large as the findings or more, which the collector would
		// otherwise keep while the report is written.
		analyzer.CollectFor(parts[i].span[1]-parts[i].span[0], false)
	})
	// What the report needs of each check but its findings, gathered
	// before they are read back, so that the checks' records (and the
	// roots') are let go first.
	clear(roots)
	spans := make([][2]int, len(parts))
	seen := make(map[string]bool, len(parts))
	res.files = make([]string, 0, len(parts))
	for i, p := range parts {
		parts[i], spans[i] = nil, p.span
		for _, name := range p.files {
			if !seen[name] {
				seen[name] = true
				res.files = append(res.files, name)
			}
		}
		maps.Copy(res.sources, p.sources)
		res.omitted = append(res.omitted, p.omitted...)
		if p.omittedIn != nil {
			if res.omittedIn == nil {
				res.omittedIn = map[string]string{}
			}
			maps.Copy(res.omittedIn, p.omittedIn)
		}
		for k := range p.usedIgnores {
			if res.usedIgnores == nil {
				res.usedIgnores = map[ignoreAt]bool{}
			}
			res.usedIgnores[k] = true
		}
	}
	all, err := g.list(opt.workers())
	if err != nil {
		fmt.Fprintf(stderr, "nginx-lint: %v\n", err)
		res.failed = true
		res.unread = append(res.unread, reporter.Notification{Message: err.Error()})
	}
	for i := range spans {
		spans[i] = g.spanOf(spans[i])
	}
	// The findings of the files checked before an includer of theirs was
	// found are left out here.
	all.Select(spans)
	res.dropNeededIgnores(all)
	all.Normalize()
	res.findings = all
	return res
}

// lint checks the target's analysis and returns what the report needs of
// it, the sources detached from the tree.
func (t *target) lint(opt inputOptions) *lintResult {
	part := &lintResult{sources: map[string]*analyzer.File{}}
	part.findings = t.report(part, t.analysis, t.analysis.CheckList(), opt)
	if opt.noSources {
		part.sources = nil
	} else {
		part.detachSources()
	}
	return part
}

// detachSources keeps the sources of the files that have findings only, as
// files of their own: the reporters read a finding's text and lines, and a
// file of an analysis would keep its whole tree alive.
func (res *lintResult) detachSources() {
	with := map[string]bool{}
	for _, f := range res.findings.All() {
		with[f.Range.Start.File] = true
	}
	for name, f := range res.sources {
		if !with[name] {
			delete(res.sources, name)
			continue
		}
		res.sources[name] = analyzer.NewFile(f.Name, f.Path, f.Src)
	}
}

// report maps findings of t's analysis a (or of a fixed version of it) to
// the files the user gave, drops those in excluded files, and records the
// sources and files for the reporter.
func (t *target) report(res *lintResult, a *analyzer.Analysis, fs *analyzer.FindingList, opt inputOptions) *analyzer.FindingList {
	if len(t.maps) > 0 {
		fs.Rewrite(func(f *analyzer.Finding) bool {
			sources.MapFinding(f, t.maps)
			return true
		})
	}
	for _, o := range a.Omitted() {
		if m := t.maps[o.File]; m != nil {
			if res.omittedIn == nil {
				res.omittedIn = map[string]string{}
			}
			res.omittedIn[o.File] = m.Target.Name
		}
		res.omitted = append(res.omitted, o)
	}
	if used := a.UsedIgnores(); len(used) > 0 {
		marks := make([]analyzer.Finding, len(used))
		for i, r := range used {
			marks[i] = analyzer.Finding{Rule: analyzer.RuleIgnore, Range: r}
		}
		if res.usedIgnores == nil {
			res.usedIgnores = map[ignoreAt]bool{}
		}
		for _, m := range sources.MapFindings(marks, t.maps) {
			res.usedIgnores[ignoreAt{m.Range.Start.File, m.Range.Start.Offset}] = true
		}
	}
	// Findings come in order of file: one answer per run of them.
	file, keep := "", true
	fs.Keep(func(f *analyzer.Finding) bool {
		if name := f.Range.Start.File; name != file || name == "" {
			file, keep = name, !opt.excluded(name, "", false)
		}
		return keep
	})
	for _, u := range a.Units {
		f := u.File
		if m := t.maps[f.Name]; m != nil {
			f = m.Target
		}
		res.sources[f.Name] = f
		if !slices.Contains(res.files, f.Name) {
			res.files = append(res.files, f.Name)
		}
	}
	return fs
}

// prepareInputs collects every input named by args, reads, splits and
// parses them in parallel and returns the roots to check, in order (see
// findRoots). Unreadable inputs are reported on stderr, one line each,
// and returned as unread. The workers read and parse the files a walk
// finds while it goes on. With a cache, the trees beyond its budget (and,
// once it is exceeded, those it kept) are handed to spill, together where
// several are, to be checked and let go, and the trees of the files that
// are not roots are let go; without a cache (and spill), every target
// keeps its analysis.
func prepareInputs(stdin io.Reader, args []string, opt inputOptions, cfg *analyzer.Config, stderr io.Writer, cache *parseCache, spill func([]*target)) (roots []*target, unread []reporter.Notification) {
	var mu sync.Mutex
	fail := func(path string, err error) {
		mu.Lock()
		defer mu.Unlock()
		var re *analyzer.ReadError
		var pe *fs.PathError
		if errors.As(err, &re) {
			err = re.Err
		} else if errors.As(err, &pe) {
			err = pe.Err
		}
		msg := fmt.Sprintf("%s: %v", path, err)
		shown := reporter.Visible(path) + ": " + reporter.Visible(err.Error())
		if path == "" {
			// A configuration file's error names the file itself.
			msg, shown = err.Error(), reporter.Visible(err.Error())
		}
		fmt.Fprintf(stderr, "nginx-lint: %s\n", shown)
		unread = append(unread, reporter.Notification{Path: path, Message: msg})
	}

	// Read, split and parse every entry as the walk finds it. The queue
	// holds walkAhead entries per worker (entries are names, not text):
	// when every core is busy checking, the walk may wait for one longer
	// than Go's time slice (10 ms), and the workers would otherwise run out
	// of files meanwhile — each takes a file in a fraction of a
	// millisecond.
	type job struct {
		i int
		e entry
	}
	workers := opt.workers()
	queue := make(chan job, walkAhead*workers)
	var read []*entryResult // by entry index
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue {
				r := readEntry(j.e, j.i+1, opt, fail)
				for _, t := range r.targets {
					t.parse(cfg)
					t.noteIncludes()
					if cache == nil {
						continue
					}
					if kept, flush, first := cache.keep(t); !kept {
						if first && opt.manyFiles != nil {
							opt.manyFiles(workers)
						}
						spill(append(flush, t))
					}
				}
				mu.Lock()
				read[j.i] = &r
				mu.Unlock()
			}
		}()
	}
	entries, walked := collectEntries(stdin, args, opt, fail, func(i int, e entry) {
		mu.Lock()
		read = append(read, nil)
		mu.Unlock()
		queue <- job{i, e}
	})
	close(queue)
	wg.Wait()
	results := make([]entryResult, len(read))
	for i, r := range read {
		results[i] = *r
	}
	reportWalks(args, walked, entries, results, opt.verbose, stderr)
	// ConfigMaps may be mounted by workloads in other manifests of the run.
	var podMounts []sources.PodMount
	for _, r := range results {
		if r.manifests != nil {
			podMounts = append(podMounts, r.manifests.Mounts...)
		}
	}
	var targets []*target
	for i, r := range results {
		if r.manifests != nil {
			r.targets = sourceTargets(r.manifests.Source(opt.mounts, podMounts), entries[i], i+1, opt)
			for _, t := range r.targets {
				t.podMounts = podMounts
			}
		}
		targets = append(targets, r.targets...)
	}
	// Reads run in parallel: report the unread paths in a stable order.
	sort.SliceStable(unread, func(i, j int) bool { return unread[i].Path < unread[j].Path })
	roots = parseTargets(dedupe(targets), opt, cfg)
	if cache != nil {
		// The trees of files checked through their includers are not needed.
		isRoot := make(map[*target]bool, len(roots))
		for _, t := range roots {
			isRoot[t] = true
		}
		for _, t := range targets {
			if !isRoot[t] {
				t.letGo(false)
				t.part = nil
			}
		}
	}
	return roots, unread
}

// walkAhead is how many entries per worker a walk may find before the
// workers take them.
const walkAhead = 64

// reread returns the roots of t's manifest read again from src (its text
// after fixing), parsed.
func (t *target) reread(src []byte, opt inputOptions, cfg *analyzer.Config) ([]*target, error) {
	m, err := sources.ReadManifests(t.source.Name, src)
	if err != nil {
		return nil, err
	}
	e := entry{name: t.source.Name, explicit: t.explicit}
	if t.stdin {
		e.src = src
	}
	ts := sourceTargets(m.Source(opt.mounts, t.podMounts), e, t.group, opt)
	for _, n := range ts {
		n.podMounts = t.podMounts
	}
	return parseTargets(ts, opt, cfg), nil
}

// parseTargets parses, in parallel, the targets not parsed yet and returns
// the roots.
func parseTargets(targets []*target, opt inputOptions, cfg *analyzer.Config) []*target {
	parallel(opt.jobs, len(targets), func(i int) {
		if t := targets[i]; !t.parsed {
			t.parse(cfg)
			t.noteIncludes()
		}
	})
	return findRoots(targets)
}

// parse parses the target with its includes, under its configuration.
func (t *target) parse(cfg *analyzer.Config) {
	t.parsed = true
	t.analysis = analyzer.Parse(t.name, t.path, t.src, t.load)
	if t.count != nil {
		// The includes' text, held with the tree.
		n := 0
		for _, u := range t.analysis.Units[1:] {
			n += len(u.File.Src)
		}
		t.held += n
		t.count(n)
	}
	t.analysis.Config = t.config(cfg)
	if cfg != nil && cfg.NginxVersion == "" && t.source != nil && t.source.Version != "" {
		// An `nginx -V -T` dump names the version it was taken from.
		c := *cfg
		c.NginxVersion = t.source.Version
		t.analysis.Config = &c
	}
}

// noteIncludes records the keys (real paths) of the files the target's
// analysis read besides its own, for findRoots.
func (t *target) noteIncludes() {
	fsys := t.fsys()
	t.includes = t.includes[:0]
	for _, u := range t.analysis.Units[1:] {
		key := u.File.Path
		if rp, err := fsys.RealPath(u.File.Path); err == nil {
			key = rp
		}
		t.includes = append(t.includes, key)
	}
}

// fsys is the file system the target's includes are read from.
func (t *target) fsys() analyzer.FS {
	if t.load.FS == nil {
		return analyzer.OSFS{}
	}
	return t.load.FS
}

// parseCacheBytes is how much configuration text the trees kept from
// parsing until the roots are known may hold (lintInputs): a tree takes 4
// to 10 times its text, so about 20 MB, and a repository of a few
// configurations fits whole, so that no fragment of it is checked alone
// before the file that includes it is found. Once a run has more, the
// trees kept are checked (those a tree kept includes excepted) and let go
// too, and every file after them is checked as soon as it is parsed: over
// the shared corpus copied 40 times (56,000 files) the trees of the first
// 2 MB of text, kept to the end of the walk, held the peak about 15 MB
// higher (docs/performance.md).
var parseCacheBytes int64 = 2 << 20 // a variable for the tests

// parseCache holds the parsed targets kept until the roots are known,
// while their text is within its budget.
type parseCache struct {
	mu   sync.Mutex
	left int64
	kept []*target
	over bool // more text than the budget was parsed
}

func newParseCache(n int64) *parseCache { return &parseCache{left: n} }

// keep reports whether t's tree may be kept, and counts it if so: while
// some budget is left, the tree that overdraws it is kept too, so that a
// single file larger than the budget is parsed once. The first time a
// tree is not kept (first), the trees kept so far are returned (flush), in
// the order kept, to be checked and let go as well.
func (c *parseCache) keep(t *target) (kept bool, flush []*target, first bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.over {
		return false, nil, false
	}
	if c.left <= 0 {
		c.over = true
		flush, c.kept = c.kept, nil
		return false, flush, true
	}
	c.left -= int64(len(t.src))
	c.kept = append(c.kept, t)
	return true, nil, false
}

// workers is the number of workers --jobs asks for.
func (o *inputOptions) workers() int {
	if o.jobs <= 0 {
		return runtime.NumCPU()
	}
	return o.jobs
}

// parallel runs fn(0…n-1) on a pool of workers (runtime.NumCPU() when
// workers <= 0). Results go into slots by index, so order never depends on
// scheduling.
func parallel(workers, n int, fn func(i int)) {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	workers = min(workers, n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// collectEntries expands the arguments: "-" is standard input, a directory
// is walked for nginx files and Kubernetes manifests (hidden entries and
// excluded paths skipped, symbolic links to directories not followed; see
// walkKindOf). walked[i] is set when args[i] is a directory.
//
// emit, when set, is handed each entry (with its index) as it is found.
func collectEntries(stdin io.Reader, args []string, opt inputOptions, fail func(string, error), emit func(int, entry)) (out []entry, walked []bool) {
	walked = make([]bool, len(args))
	add := func(e entry) {
		out = append(out, e)
		if emit != nil {
			emit(len(out)-1, e)
		}
	}
	for ai, arg := range args {
		if arg == "-" {
			name := opt.stdinFilename
			if name == "" {
				name = "<stdin>"
			}
			b, err := analyzer.ReadAllLimit(stdin, opt.load.MaxFileSize)
			if err != nil {
				fail(name, err)
				continue
			}
			add(entry{name: name, path: opt.stdinFilename, src: b, explicit: true, arg: ai})
			continue
		}
		st, err := os.Stat(arg)
		if err != nil {
			fail(arg, err)
			continue
		}
		if opt.leaving[arg] {
			fail(arg, ErrLeavesWorkdir)
			continue
		}
		if !st.IsDir() {
			if opt.excluded(arg, "", false) {
				continue
			}
			kind := walkRead
			if opt.asWalk {
				if kind = walkKindOf(arg); kind == walkSkip {
					if opt.verbose != nil {
						fmt.Fprintf(opt.verbose, "nginx-lint: skipped %s: not named like nginx configuration\n", arg)
					}
					continue
				}
			}
			lst, _ := os.Lstat(arg)
			add(entry{name: arg, path: arg, explicit: true, symlink: lst != nil && lst.Mode()&fs.ModeSymlink != 0, sniff: kind == walkSniff, arg: ai})
			continue
		}
		walked[ai] = true
		// A directory named through a symbolic link is walked as one named
		// itself (links found in a walk are not followed; see walkTree).
		walkTree(arg, opt, fail, func(p string, link, sniff bool) {
			add(entry{name: p, path: p, symlink: link, sniff: sniff, arg: ai})
		})
	}
	return out, walked
}

// isRegular reports whether p (a symbolic link) leads to a regular file.
func isRegular(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// entryResult is what reading an entry gives: nginx files, or manifests
// whose keys are placed once every manifest of the run is read.
type entryResult struct {
	targets   []*target
	manifests *sources.Manifests
	skipped   string // why a file a walk found is not linted
}

// readEntry reads one entry: a plain nginx file, Kubernetes manifests, or
// an nginx -T dump (split into its files). Plain files on disk form include
// group 0; each manifest or dump is a group of its own (group).
func readEntry(e entry, group int, opt inputOptions, fail func(string, error)) entryResult {
	src := e.src
	if e.symlink && !e.explicit {
		// A walk reads only inside the checked tree, as includes do: a
		// link that leads out of it (to a host's /etc/shadow, planted in
		// a pull request; Debian's modules-enabled/*.conf) is skipped.
		if c, ok := opt.load.FS.(*analyzer.ConfinedFS); ok && !c.Tree.Contains(e.path) {
			return entryResult{skipped: "a symbolic link out of the checked tree (--allow-include-outside reads it)"}
		}
	}
	if e.path != "" && src == nil {
		b, err := analyzer.ReadFile(e.path, opt.load.MaxFileSize)
		if err != nil {
			fail(e.name, err)
			return entryResult{}
		}
		src = b
	}
	var err error
	// The text is counted (Env.TextHeld) once it is a file to check: a
	// plain file, or each file a manifest or dump holds (sourceTargets).
	switch sources.Detect(e.name, src) {
	case sources.KindYAML:
		var m *sources.Manifests
		if m, err = sources.ReadManifests(e.name, src); err == nil {
			return entryResult{manifests: m}
		}
	case sources.KindDump:
		var s *sources.Source
		if s, err = sources.SplitDump(e.name, src); err == nil {
			return entryResult{targets: sourceTargets(s, e, group, opt)}
		}
	default:
		if e.sniff {
			if ok, why := nginxText(e.name, src); !ok {
				return entryResult{skipped: why}
			}
		}
		st, ok := opt.scoped(e.path, fail)
		if !ok {
			return entryResult{}
		}
		t := &target{name: e.name, key: e.name, explicit: e.explicit, symlink: e.symlink, targetInput: &targetInput{path: e.path, src: src, load: opt.load, stdin: e.src != nil, held: len(src), count: opt.count}}
		opt.countHeld(len(src))
		if st != nil {
			t.load, t.cfg = st.in.load, st.cfg
		}
		if e.path != "" && e.src == nil {
			if rp, err := t.fsys().RealPath(e.path); err == nil {
				t.key = rp
			}
		}
		return entryResult{targets: []*target{t}}
	}
	if e.explicit {
		fail(e.name, err)
	}
	// A YAML file found by a walk that is not a manifest.
	return entryResult{skipped: fmt.Sprintf("no Kubernetes manifest with nginx configuration (%v)", err)}
}

// sourceTargets returns the nginx files of a manifest or dump; they read
// includes from the source's virtual file system only.
func sourceTargets(s *sources.Source, e entry, group int, opt inputOptions) []*target {
	load := opt.load
	load.FS, load.Prefix, load.IncludeMap = s.FS, "", nil
	maps := s.Mappers()
	where := e.path
	if where == "" && e.src == nil {
		where = e.name
	}
	st, _ := opt.scoped(where, nil) // reported when the file was read
	var out []*target
	for _, c := range s.Configs {
		load := load
		if c.Template != analyzer.TemplateAuto && load.Template == analyzer.TemplateAuto {
			load.Template = c.Template // a Helm chart's ConfigMap
		}
		t := &target{name: c.Path, key: c.Path, group: group, explicit: e.explicit, targetInput: &targetInput{path: c.Path, src: c.Src, load: load, source: s, maps: maps, stdin: e.src != nil, held: len(c.Src), count: opt.count}}
		opt.countHeld(len(c.Src))
		if st != nil {
			t.cfg = st.cfg
		}
		out = append(out, t)
	}
	return out
}

// dedupe keeps one target per file of the plain group: a file reached
// under several names (symbolic links) is linted once, under the name
// given on the command line, else its own (not a link's) name, else the
// first one found.
func dedupe(ts []*target) []*target {
	best := make(map[string]int, len(ts))
	out := make([]*target, 0, len(ts))
	better := func(a, b *target) bool {
		if a.explicit != b.explicit {
			return a.explicit
		}
		return !a.symlink && b.symlink
	}
	for _, t := range ts {
		if t.group != 0 {
			out = append(out, t)
			continue
		}
		if i, ok := best[t.key]; ok {
			if better(t, out[i]) {
				out[i] = t
			}
			continue
		}
		best[t.key] = len(out)
		out = append(out, t)
	}
	return out
}

// groupKey is a file's identity among the targets: its include group
// and key.
type groupKey struct {
	group int
	key   string
}

// findRoots returns the targets to check: in each group, those no other
// target includes. Targets that only include each other (a cycle) get one
// root, the first of them. nginx.conf files come first, then input order.
func findRoots(ts []*target) []*target {
	byKey := make(map[groupKey]int, len(ts))
	for i, t := range ts {
		byKey[groupKey{t.group, t.key}] = i
	}
	incl := make([][]int, len(ts)) // what each target includes
	included := make([]bool, len(ts))
	for i, t := range ts {
		for _, key := range t.includes {
			if j, ok := byKey[groupKey{t.group, key}]; ok && j != i {
				incl[i] = append(incl[i], j)
				included[j] = true
			}
		}
	}
	order, rest := make([]int, 0, len(ts)), make([]int, 0, len(ts))
	for i, t := range ts {
		if filepath.Base(t.name) == "nginx.conf" {
			order = append(order, i)
		} else {
			rest = append(rest, i)
		}
	}
	order = append(order, rest...)
	covered := make([]bool, len(ts))
	var cover func(i int)
	cover = func(i int) {
		if covered[i] {
			return
		}
		covered[i] = true
		for _, j := range incl[i] {
			cover(j)
		}
	}
	var roots []*target
	for _, i := range order {
		if !included[i] {
			roots = append(roots, ts[i])
			cover(i)
		}
	}
	for _, i := range order {
		if !covered[i] {
			roots = append(roots, ts[i])
			cover(i)
		}
	}
	return roots
}

// inputsOf combines the settings about inputs with the load options.
func inputsOf(s *Settings, load analyzer.LoadOptions) (inputOptions, error) {
	o := inputOptions{stdinFilename: s.StdinFilename, load: load, jobs: s.Jobs, asWalk: s.SkipNonNginx}
	o.load.Exclude = append(slices.Clone(load.Exclude), s.Exclude...)
	for _, m := range s.Mounts {
		mt, err := sources.ParseMount(m)
		if err != nil {
			return o, fmt.Errorf("--mount: %w", err)
		}
		o.mounts = append(o.mounts, mt)
	}
	return o, nil
}
