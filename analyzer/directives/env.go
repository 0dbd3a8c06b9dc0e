package directives

import (
	"github.com/nginx-lint/nginx-lint/analyzer"
)

// Env is the nginx a config targets: its version, whether it is NGINX
// Plus, and which separately built modules it loads.
type Env struct {
	Version string // "" = newest
	Plus    bool
	modules map[string]bool
	// AllModules makes every module family known (used to infer contexts).
	AllModules bool
}

// EnvOf builds the target from a configuration (nil = newest open-source
// nginx without third-party modules).
func EnvOf(cfg *analyzer.Config) *Env {
	e := &Env{modules: map[string]bool{}}
	if cfg == nil {
		return e
	}
	e.Version, e.Plus = cfg.NginxVersion, cfg.Plus
	for _, m := range cfg.Modules {
		if f := CanonicalFamily(m); f != "" {
			e.modules[f] = true
			if f == "lua" {
				// OpenResty builds the stream Lua module and the devel kit
				// with the http one.
				e.modules["stream-lua"], e.modules["ndk"] = true, true
			}
		} else {
			e.modules[m] = true
		}
	}
	return e
}

// HasModule reports whether family f is loaded.
func (e *Env) HasModule(f string) bool { return e.AllModules || e.modules[f] }

// Status says whether a row exists for the target.
type Status int

// Row statuses.
const (
	Available   Status = iota
	NeedsModule        // a module the target does not declare
	NeedsPlus          // NGINX Plus only (for this version)
	TooNew             // added after the target version
	Gone               // removed at or before the target version
)

// Status reports whether row s exists in the target.
func (e *Env) Status(s *Spec) Status {
	third := s.Family != "" && s.Family != "plus"
	if f := s.ModuleFamily(); f != "" && f != "plus" && !e.HasModule(f) {
		return NeedsModule
	}
	if s.Removed != "" && (e.Version == "" || analyzer.VersionAtLeast(e.Version, s.Removed)) && !third {
		return Gone
	}
	if s.Discontinued != "" && (e.Version == "" || analyzer.VersionAtLeast(e.Version, s.Discontinued)) {
		return Gone
	}
	if s.Commercial && !e.Plus {
		return NeedsPlus
	}
	if !third && !e.sinceOK(s) {
		return TooNew
	}
	if s.PlusBefore != "" && !e.Plus && !analyzer.VersionAtLeast(e.Version, s.PlusBefore) {
		return NeedsPlus
	}
	return Available
}

// sinceOK reports whether the target has the row's first version, or the
// stable-branch backport of it.
func (e *Env) sinceOK(s *Spec) bool {
	if analyzer.VersionAtLeast(e.Version, s.Since) {
		return true
	}
	if s.Backport == "" || !analyzer.VersionAtLeast(e.Version, s.Backport) {
		return false
	}
	return sameBranch(e.Version, s.Backport)
}

// sameBranch reports whether two versions share major.minor.
func sameBranch(a, b string) bool {
	return analyzer.CompareVersions(branch(a), branch(b)) == 0
}

func branch(v string) string {
	dots := 0
	for i := 0; i < len(v); i++ {
		if v[i] == '.' {
			dots++
			if dots == 2 {
				return v[:i]
			}
		}
	}
	return v
}

// Verdict is how nginx (the target) would take a directive name in a context.
type Verdict int

// Verdicts, in the order nginx checks.
const (
	OK         Verdict = iota // a row applies; check its arguments
	Unknown                   // no row exists in the target: "unknown directive"
	NotAllowed                // rows exist, none for this context: "is not allowed here"
	Skip                      // a context whose entries are not directives
)

// Result is the outcome of Classify.
type Result struct {
	Verdict Verdict
	// Spec is the row that applies (OK), or for Unknown/NotAllowed the
	// unavailable row that would have applied here, if any (nil otherwise).
	Spec *Spec
	// Why is the Status of Spec when it is unavailable.
	Why Status
	// Allowed is where the available rows may stand (NotAllowed).
	Allowed CtxSet
}

// Classify decides, like nginx's ngx_conf_handler, what the target does
// with directive name standing in ctx.
func (e *Env) Classify(name string, ctx analyzer.Context) Result {
	bit := Bit(ctx)
	if bit == 0 || ctx.IsData() {
		return Result{Verdict: Skip}
	}
	rows := Lookup(name)
	var allowed CtxSet
	var hidden *Spec // an unavailable row that would fit here
	var hiddenWhy Status
	var anyUnavail *Spec
	var anyWhy Status
	found := false
	for i := range rows {
		s := &rows[i]
		// A block's own keywords (map's hostnames, match's expect …) exist
		// only inside that block.
		if s.BlockParam && s.Ctx&bit == 0 {
			continue
		}
		st := e.Status(s)
		if st != Available {
			if s.Ctx&bit != 0 && (hidden == nil || better(st, hiddenWhy)) {
				hidden, hiddenWhy = s, st
			}
			if anyUnavail == nil || better(st, anyWhy) {
				anyUnavail, anyWhy = s, st
			}
			continue
		}
		found = true
		if s.Ctx&bit != 0 {
			return Result{Verdict: OK, Spec: s}
		}
		allowed |= s.Ctx
	}
	if !found {
		if hidden != nil {
			return Result{Verdict: Unknown, Spec: hidden, Why: hiddenWhy}
		}
		return Result{Verdict: Unknown, Spec: anyUnavail, Why: anyWhy}
	}
	return Result{Verdict: NotAllowed, Spec: hidden, Why: hiddenWhy, Allowed: allowed}
}

// better prefers explanations users can act on: a version or Plus before a
// module they could declare.
func better(a, b Status) bool {
	rank := func(s Status) int {
		switch s {
		case TooNew:
			return 0
		case NeedsPlus:
			return 1
		case Gone:
			return 2
		}
		return 3
	}
	return rank(a) < rank(b)
}

// KnownIn reports whether any row of name, whatever the target, allows
// ctx as a block (block) or a simple directive: for inferring the context
// of a fragment.
func KnownIn(name string, ctx analyzer.Context, block bool) (known, allowed bool) {
	rows := Lookup(name)
	bit := Bit(ctx)
	for i := range rows {
		if rows[i].BlockParam {
			continue
		}
		known = true
		if rows[i].Ctx&bit != 0 && rows[i].IsBlock() == block {
			return true, true
		}
	}
	return known, false
}

func init() {
	analyzer.SetDirectiveTable(KnownIn)
}
