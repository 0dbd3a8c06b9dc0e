package analyzer

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unsafe"
)

// Built-in finding kinds produced by the analyzer itself.
const (
	RuleSyntaxError     = "syntax-error"
	RuleIncludeNotFound = "include-not-found"
	RuleIncludeCycle    = "include-cycle"
	RuleLimitExceeded   = "limit-exceeded"
	RuleIncludeOutside  = "include-outside"
)

// Analysis is one linted file with everything it includes.
type Analysis struct {
	Root    *Unit
	Units   []*Unit // the root first, then every included file
	Options LoadOptions
	Config  *Config

	loadEvents []loadEvent
	upstreams  [2]map[string]*Directive
	runtime    *runtimeIndex
	order      []*Directive       // every directive in walk order (Pass.Walk)
	byName     map[string][]int32 // places in order by name, outside data blocks (Pass.Each)
	usedIDs    []Range            // ids of ignore comments that suppressed a finding (UsedIgnores)
	modules    moduleLoadsOnce    // what load_module loads (ModuleLoads)
	capOK      map[string]bool    // files whose findings a pass may drop (capsFile)
	omitted    []Omitted          // what the cap on findings left out (Omitted)
	shared     map[any]any        // what rules compute once for all of them (Shared)
}

// Inclusions returns how many times the text of f is read into the
// configuration: more than once where several includes name the file (a
// snippet included in every server). A fix in such a file changes every
// place it is included, and what one place needs another may not.
func (a *Analysis) Inclusions(f *File) int {
	counts := Shared(a, inclusionsKey{}, func() map[string]int {
		m := make(map[string]int, len(a.Units))
		for _, u := range a.Units {
			m[fileKey(u.File)]++
		}
		return m
	})
	return counts[fileKey(f)]
}

type inclusionsKey struct{}

// fileKey names a file the same way for each time it is read: its path,
// or its name where it has none (standard input).
func fileKey(f *File) string {
	if f.Path != "" {
		return f.Path
	}
	return f.Name
}

// Shared returns what build returns for key, built once per check of a:
// what several rules derive from the whole configuration alike (every
// regex of it, say) is then made once, not once per rule. Rules run one at
// a time; what is shared must not be changed by them (the analyzer may
// fill a cache it keeps there, as ParseAddress does), and is let go when
// the check is done. Asked after the check, it is built again: an analysis
// is used by one goroutine at a time.
func Shared[T any](a *Analysis, key any, build func() T) T {
	if v, ok := a.shared[key]; ok {
		return v.(T)
	}
	v := build()
	if a.shared == nil {
		a.shared = map[any]any{}
	}
	a.shared[key] = v
	return v
}

// UsedIgnores returns, after Check, the position of every rule id in an
// ignore comment that suppressed at least one finding of this analysis.
// A file linted in several contexts (included by two linted files) may need
// an id in one of them only: the "suppressed nothing" finding another
// context reports at that position is then wrong, and the caller drops it.
func (a *Analysis) UsedIgnores() []Range { return a.usedIDs }

// Config selects rules and carries settings rules read.
type Config struct {
	// Enabled overrides a rule's Default: id → on/off.
	Enabled map[string]bool
	// Severity overrides a rule's severity.
	Severity map[string]Severity
	// Only, when non-empty, runs just these rules (syntax errors still show).
	Only []string
	// NginxVersion is the nginx version the config targets ("" = newest).
	NginxVersion string
	// Modules are the third-party (and separately shipped) modules the
	// target nginx loads, by family name: "headers-more", "lua", "njs",
	// "brotli", "geoip2", … Their directives are known; others' are not.
	Modules []string
	// Plus targets NGINX Plus: its commercial directives are known.
	Plus bool
	// Loopback is "ipv4" (default) or "ipv6": the address localhost fixes use.
	Loopback string
	// LoopbackSet records that Loopback was chosen explicitly.
	LoopbackSet bool
	// Settings holds rule-specific options by key.
	Settings map[string]string
	// NoIgnore turns `# nginx-lint:ignore` comments off: nothing is
	// suppressed and the comments are not checked.
	NoIgnore bool
	// RequireReason makes an ignore comment without a reason a finding of
	// the ignore rule's own severity; otherwise it is an info.
	RequireReason bool
}

// RuleEnabled reports whether rule r runs under c.
func (c *Config) RuleEnabled(r *Rule) bool {
	if c == nil {
		return r.Default
	}
	if len(c.Only) > 0 {
		return slices.Contains(c.Only, r.ID) || r.ID == RuleSyntaxError
	}
	if on, ok := c.Enabled[r.ID]; ok {
		return on
	}
	return r.Default
}

// SeverityOf returns the effective severity of a finding of rule r.
func (c *Config) SeverityOf(r *Rule, reported Severity) Severity {
	if c != nil {
		if s, ok := c.Severity[r.ID]; ok {
			return s
		}
	}
	if reported != SeverityNone {
		return reported
	}
	return r.Severity
}

// CheckRuleIDs returns an error naming any id that is not a registered
// rule, with the id most likely meant.
func CheckRuleIDs(ids []string) error {
	var bad []string
	for _, id := range ids {
		if Lookup(id) == nil {
			b := strconv.Quote(id)
			if c := Closest(id, RuleIDs()); c != "" {
				b += fmt.Sprintf(" (did you mean %q?)", c)
			}
			bad = append(bad, b)
		}
	}
	switch len(bad) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("unknown rule id %s; see `nginx-lint rules`", bad[0])
	}
	return fmt.Errorf("unknown rule ids %s; see `nginx-lint rules`", strings.Join(bad, ", "))
}

// Run parses and checks one file and returns its findings, sorted and
// without duplicates (a file included twice is reported once).
func Run(name, path string, src []byte, opts LoadOptions, cfg *Config) []Finding {
	a := Parse(name, path, src, opts)
	a.Config = cfg
	return a.Check()
}

// Check runs every enabled rule on a parsed analysis and returns the
// findings, sorted and without duplicates.
func (a *Analysis) Check() []Finding { return a.CheckList().Slice() }

// CheckList is Check with the findings held packed: what a run over
// files of many findings keeps for its report.
func (a *Analysis) CheckList() *FindingList {
	cfg := a.Config
	// The rules run first, each pass packing its findings into text
	// tables shared by every pass; the list then takes the passes' packed
	// records as they are, so that a file of many findings (a text that is
	// not nginx's has one per line) is neither copied nor held twice.
	type ran struct {
		rule     *Rule
		findings []findingChunk
	}
	var passes []ran
	// The passes pack into the text tables of the list, which takes
	// their records as they are.
	text := &packedText{}
	omitted := map[omitKey]int{}
	// Rules see the modules the configuration loads as declared ones.
	rcfg := a.withModules(cfg)
	n := len(a.loadEvents)
	for _, u := range a.Units {
		n += len(u.Errors) + len(u.Limits)
	}
	// One Pass serves the rules in turn (made anew for each, it was an
	// eighth of the bytes a run over many files allocates): a rule is done
	// with it when Run returns.
	p := &Pass{}
	for _, r := range sortedRules() {
		if r.Run == nil || !cfg.RuleEnabled(r) {
			continue
		}
		*p = Pass{Rule: r, Analysis: a, Config: rcfg, text: text}
		r.Run(p)
		p.seal()
		passes = append(passes, ran{r, p.findings})
		n += p.n
		if p.cap.dropped != nil {
			p.settleDrop()
			for k, c := range p.cap.dropped {
				if sev := cfg.SeverityOf(r, k.sev); sev != SeverityNone {
					omitted[omitKey{k.file, r.ID, sev}] += c
				}
			}
		}
	}
	// The walk index is for the rules; a later Walk builds it again. What
	// the rules left behind (their formatted text, the index) is garbage
	// now: a check of many findings gives it back to the system before it
	// reads them back to sort, filter and report them.
	a.order, a.byName, a.shared = nil, nil, nil
	CollectFor(n, true)
	out := &FindingList{order: make([]uint32, 0, n), text: text}
	// A finding at a template placeholder is about a value the template
	// fills in: no rule knows it, so none reports it.
	templated := map[string]*File{}
	for _, u := range a.Units {
		if len(u.File.markup) > 0 {
			templated[u.File.Name] = u.File
		}
	}
	opaque := func(f *Finding) bool {
		tf := templated[f.Range.Start.File]
		return tf != nil && tf.Opaque(f.Range.Start.Offset, f.Range.End.Offset)
	}
	emit := func(r *Rule, f Finding) {
		f.Rule = r.ID
		f.Severity = cfg.SeverityOf(r, f.Severity)
		if f.Severity == SeverityNone {
			return
		}
		if len(templated) > 0 && len(f.Fixes) > 0 {
			dropMarkupFixes(&f, templated)
		}
		out.Append(&f)
	}
	if r := Lookup(RuleSyntaxError); r != nil && cfg.RuleEnabled(r) {
		for _, u := range a.Units {
			for _, e := range u.Errors {
				emit(r, Finding{Message: e.Message, Notes: e.Notes, Range: e.Range})
			}
		}
	}
	if r := Lookup(RuleLimitExceeded); r != nil && cfg.RuleEnabled(r) {
		for _, u := range a.Units {
			for _, e := range u.Limits {
				emit(r, Finding{Message: e.Message, Notes: e.Notes, Range: e.Range})
			}
		}
	}
	for _, ev := range a.loadEvents {
		if r := Lookup(ev.rule); r != nil && cfg.RuleEnabled(r) {
			if f := (Finding{Message: ev.msg, Notes: ev.notes, Range: ev.rng, Severity: ev.sev}); !opaque(&f) {
				emit(r, f)
			}
		}
	}
	// The passes' records join the list as they are: their rule and
	// severity are set in place, and only a finding in a template is read
	// back (to leave it out at a placeholder, or drop its fixes).
	var odd []Finding // findings whose rule id the tables cannot index
	for _, p := range passes {
		if len(p.findings) == 0 {
			continue
		}
		id := text.rule(p.rule.ID)
		for i := range p.findings {
			c := &p.findings[i]
			if c.whole != nil {
				text.pack(c)
			}
			out.adopt(c.packed, func(pf *packedFinding) bool {
				sev := cfg.SeverityOf(p.rule, Severity(text.heads[pf.head].severity))
				if sev == SeverityNone {
					return false
				}
				text.retag(pf, id, sev)
				if len(templated) == 0 && id != ruleElsewhere {
					return true
				}
				f := text.unpack(pf)
				if opaque(&f) {
					return false
				}
				if id == ruleElsewhere {
					f.Rule = p.rule.ID
					odd = append(odd, f)
					return false
				}
				if len(f.Fixes) > 0 {
					dropMarkupFixes(&f, templated)
					*pf = text.packOne(&f)
				}
				return true
			})
			*c = findingChunk{}
		}
	}
	for i := range odd {
		out.Append(&odd[i])
	}
	if cfg == nil || !cfg.NoIgnore {
		problems := a.suppress(out)
		if r := Lookup(RuleIgnore); r != nil && cfg.RuleEnabled(r) {
			for _, f := range problems {
				emit(r, f)
			}
		}
	}
	a.variantFindings(out)
	out.Normalize()
	a.omitted = nil
	if n := a.Options.MaxFindings; n > 0 && a.Options.variant == 0 {
		capFindings(out, n, omitted)
		a.omitted = listOmitted(omitted)
	}
	out.compact()
	return out
}

// dropMarkupFixes removes the fixes of f that would edit template markup
// in one of the templated files, and says so in a note: such a fix would
// break the template, so no report, editor or --fix may offer it.
func dropMarkupFixes(f *Finding, templated map[string]*File) {
	var kept []SuggestedFix
	dropped := false
	for i, fx := range f.Fixes {
		touches := false
		for _, e := range fx.Edits {
			tf := templated[e.Range.Start.File]
			if tf == nil {
				continue
			}
			if r, ok := tf.MarkupIn(e.Range.Start.Offset, e.Range.End.Offset, e.NewText); ok {
				if !dropped {
					f.Note("no automatic fix: it would change the template markup %s at line %d; edit the template by hand",
						tf.TemplateMarkupText(r), r.Start.Line)
				}
				touches = true
				break
			}
		}
		switch {
		case touches && !dropped:
			kept = append(kept, f.Fixes[:i]...)
			dropped = true
		case !touches && dropped:
			kept = append(kept, fx)
		}
	}
	if dropped {
		f.Fixes = kept
	}
}

// Normalize sorts findings and drops exact duplicates.
func Normalize(fs []Finding) []Finding {
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Less(&fs[j]) })
	out := fs[:0]
	for i := range fs {
		if i > 0 && duplicate(&out[len(out)-1], &fs[i]) {
			continue
		}
		out = append(out, fs[i])
	}
	return out
}

// duplicate reports whether g repeats f: the same rule and message at the
// same range (a file included twice is checked twice).
func duplicate(f, g *Finding) bool {
	return f.Rule == g.Rule && f.Range == g.Range && f.Message == g.Message
}

// ManyFindings is the number of findings of one check from which memory
// may be collected as soon as a large part of it becomes garbage (see
// CollectFor): one collection costs little next to making this many
// findings.
const ManyFindings = 1 << 16

// CollectFor runs Go's collector now, and with giveBack returns the freed
// memory to the system, when a check of n findings has just made garbage
// (CheckList: what the rules left behind, before the findings are read
// back; the CLI: the tree, once let go). Left alone, the collector lets
// the heap grow to twice what survived its last run before it runs again.
// It does so only when n findings at full size (about the garbage the
// rules made while reporting them) are at least half the heap that
// survived the last collection: when other files' findings and trees are
// held too, a collection costs more than the garbage weighs, and many
// files of many findings each would each pay it. It reports whether it
// collected.
func CollectFor(n int, giveBack bool) bool {
	if n < ManyFindings {
		return false
	}
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 && uint64(n)*uint64(unsafe.Sizeof(Finding{})) < s[0].Value.Uint64()/2 {
		return false
	}
	if giveBack {
		debug.FreeOSMemory()
	} else {
		runtime.GC()
	}
	return true
}

// Pass is what a rule sees: the analysis and a way to report.
type Pass struct {
	Rule     *Rule
	Analysis *Analysis
	Config   *Config
	// findings are kept in chunks that never grow, so that the pointer
	// Report returns stays valid while the rule reports more, and no
	// finding costs an allocation of its own. A chunk two behind the
	// one being filled is packed (see packedFinding): the rule is done
	// with its findings.
	findings []findingChunk
	text     *packedText // the tables of the packed ones
	n        int         // findings reported
	strings  interner
	cap      passCap
}

// findingChunkLen is how many findings a chunk of Pass.findings holds at
// most; the first chunks are smaller (8, 16, …), so that a rule with a
// few findings allocates little.
const findingChunkLen = 256

// Walk visits every directive of the linted file, includes expanded, in
// source order. fn returns false to skip a directive's children.
func (p *Pass) Walk(fn func(d *Directive) bool) { p.Analysis.Walk(fn) }

// Walk is the package Walk over the whole analysis, through the walk order
// built once (see flatten): rules and the analyzer's own indexes walk the
// whole tree dozens of times per file.
func (a *Analysis) Walk(fn func(d *Directive) bool) {
	a.index()
	order := a.order
	for i := 0; i < len(order); {
		d := order[i]
		i++
		if !fn(d) && d.Block != nil {
			// Its children are the directives after it that are deeper
			// than it.
			depth := d.Depth()
			for i < len(order) && order[i].Depth() > depth {
				i++
			}
		}
	}
}

// Each calls fn for every directive named one of names, in walk order,
// leaving out the entries of data blocks (map, geo, types, … and Lua
// bodies). A rule about a few directive names uses it instead of Walk: it
// then touches those directives only, not every node of the tree, which on
// a large configuration is most of its cost.
func (p *Pass) Each(names []string, fn func(d *Directive)) {
	a := p.Analysis
	a.index()
	var at []int32
	if len(names) == 1 {
		at = a.byName[names[0]]
	} else {
		for _, n := range names {
			at = append(at, a.byName[n]...)
		}
		slices.Sort(at)
	}
	for _, i := range at {
		fn(a.order[i])
	}
}

// index builds the walk order and, outside data blocks, the places of each
// directive name in it, once per analysis.
func (a *Analysis) index() {
	if a.order != nil {
		return
	}
	// Both lists are allocated at their final length: on a large
	// configuration, growing them by appending would allocate several
	// times what they keep.
	n := 0
	counts := map[string]int32{}
	Walk(a.Root.Children(), func(d *Directive) bool {
		n++
		if !d.Ctx.IsData() {
			counts[d.Name()]++
		}
		return true
	})
	if top := a.Root.Children(); len(top) == n {
		// No blocks: the statements are the walk order.
		a.order = top
	} else {
		a.order = flatten(top, make([]*Directive, 0, n))
	}
	a.byName = make(map[string][]int32, len(counts))
	for name, c := range counts {
		a.byName[name] = make([]int32, 0, c)
	}
	for i, d := range a.order {
		if !d.Ctx.IsData() {
			a.byName[d.Name()] = append(a.byName[d.Name()], int32(i))
		}
	}
}

// flatten lists the directives under children in the order Walk visits
// them, each directive's subtree right after it. Every rule walks the
// whole tree; a flat list walked 40 times costs less than 40 recursions
// over the tree.
func flatten(children []*Directive, out []*Directive) []*Directive {
	for _, d := range children {
		out = append(out, d)
		if kids := d.Children(); kids != nil {
			out = flatten(kids, out)
		}
	}
	return out
}

// Report records a finding. Severity zero means the rule's default. The
// finding it returns is the rule's to change (notes, fixes, related
// places) until the rule reports again: the pass packs the findings the
// rule is done with (see packedFinding) some reports later, 16 at the
// fewest, and reuses their place for new findings, so a change made to one
// of those through its pointer is lost or lands on another finding.
func (p *Pass) Report(f Finding) *Finding {
	if p.cap.checked {
		p.cap.checked = false // Reportf did
	} else if p.drop(&f) {
		return &p.cap.scratch
	}
	last := len(p.findings) - 1
	if last < 0 || len(p.findings[last].whole) == cap(p.findings[last].whole) {
		// The chunk before is complete: its rule has moved on, so its
		// text is shared with equal text reported before, and the one
		// before it is packed.
		p.seal()
		var spare []Finding
		if last > 0 {
			if p.text == nil {
				p.text = &packedText{}
			}
			spare = p.findings[last-1].whole
			p.text.pack(&p.findings[last-1])
		}
		// The chunk just packed holds the next findings: a rule of
		// millions of findings then makes no garbage of them.
		if size := min(findingChunkLen, 8<<min(len(p.findings), 5)); cap(spare) == size {
			clear(spare)
			p.findings = append(p.findings, findingChunk{whole: spare[:0]})
		} else {
			p.findings = append(p.findings, findingChunk{whole: make([]Finding, 0, size)})
		}
		last++
	}
	c := &p.findings[last]
	c.whole = append(c.whole, f)
	p.n++
	return &c.whole[len(c.whole)-1]
}

// seal shares the text of the last chunk's findings with equal text the
// pass reported before (see interner).
func (p *Pass) seal() {
	if len(p.findings) == 0 {
		return
	}
	chunk := p.findings[len(p.findings)-1].whole
	for i := range chunk {
		p.strings.finding(&chunk[i])
	}
}

// Reportf reports a finding at r about directive d (d may be nil).
func (p *Pass) Reportf(d *Directive, r Range, format string, args ...any) *Finding {
	if p.Analysis.Options.MaxFindings > 0 {
		// A finding past the cap is not even formatted: its notes are
		// not either (see severityUnformatted).
		if f := (Finding{Range: r, Severity: severityUnformatted}); p.drop(&f) {
			return &p.cap.scratch
		}
		p.cap.checked = true
	}
	f := Finding{Range: r, Message: fmt.Sprintf(format, args...)}
	if d != nil && d.File != nil && d.File.Name == r.Start.File {
		f.Directive = SpanOf(d.Range())
	}
	return p.Report(f)
}

// Setting returns a rule-specific configuration value.
func (p *Pass) Setting(key string) string {
	if p.Config == nil {
		return ""
	}
	return p.Config.Settings[key]
}
