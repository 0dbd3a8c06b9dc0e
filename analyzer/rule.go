package analyzer

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Rule is one check. Rules are data: the registry, the CLI, the docs and the
// reporters all read these fields.
type Rule struct {
	ID       string   // stable kebab-case id, never renamed
	Title    string   // one line
	Severity Severity // default severity; configuration may override
	Default  bool     // enabled without configuration
	Fixable  bool     // reports suggested fixes
	Doc      string   // markdown, printed by `nginx-lint explain`; see Documentation
	// DocFunc gives the markdown when Doc is empty, read when first asked
	// rather than when the rule registers (start-up stays cheap).
	DocFunc func() string
	// NginxT marks a rule whose error findings each claim that `nginx -t`
	// fails on the configuration: the rule speaks for nginx's own start-up
	// checks, and the differential test (e2e) holds it to that claim.
	NginxT bool
	// Versioned marks a rule whose findings depend on the nginx version the
	// configuration targets (Config.NginxVersion): when none is given, the
	// summary says which version they assumed.
	Versioned bool
	// Run checks one analysis. Nil for findings the analyzer itself
	// produces (syntax errors, include problems).
	Run func(*Pass)
}

// Documentation returns the rule's markdown: Doc, else what DocFunc gives.
func (r *Rule) Documentation() string {
	if r.Doc == "" && r.DocFunc != nil {
		return r.DocFunc()
	}
	return r.Doc
}

var (
	regMu    sync.RWMutex
	registry = map[string]*Rule{}
	byID     []*Rule // registry sorted by id, made on first use after a Register
)

// Register adds a rule; it panics on a duplicate or incomplete rule, which
// the rule tests catch at once.
func Register(r *Rule) {
	regMu.Lock()
	defer regMu.Unlock()
	if r.ID == "" || r.Title == "" || r.Severity == SeverityNone {
		panic(fmt.Sprintf("analyzer: rule %q is missing its id, title or severity", r.ID))
	}
	if _, dup := registry[r.ID]; dup {
		panic(fmt.Sprintf("analyzer: rule %q registered twice", r.ID))
	}
	registry[r.ID] = r
	byID = nil
}

// Rules returns every registered rule sorted by id.
func Rules() []*Rule { return slices.Clone(sortedRules()) }

// sortedRules is Rules without the copy, for callers that only read it:
// every check runs the rules in order, and sorting them each time was 2%
// of a run over many small files.
func sortedRules() []*Rule {
	regMu.RLock()
	out := byID
	regMu.RUnlock()
	if out != nil {
		return out
	}
	regMu.Lock()
	defer regMu.Unlock()
	if byID == nil {
		byID = make([]*Rule, 0, len(registry))
		for _, r := range registry {
			byID = append(byID, r)
		}
		slices.SortFunc(byID, func(a, b *Rule) int { return strings.Compare(a.ID, b.ID) })
	}
	return byID
}

// Lookup returns the rule with id, or nil.
func Lookup(id string) *Rule {
	regMu.RLock()
	defer regMu.RUnlock()
	return registry[id]
}
