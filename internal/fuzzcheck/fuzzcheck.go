// Package fuzzcheck holds what the fuzz targets of several packages share:
// configurations that turn every rule on, the invariants every finding of
// an analysis keeps whatever its input, and a grammar that turns a
// fuzzer's bytes into configurations the rules read (Grammar).
package fuzzcheck

import (
	"fmt"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/rules"
)

// AllRulesConfigs returns configurations that enable every rule of package
// rules, off-by-default ones included, and no other registered rule (tests
// register rules of their own): one for the newest nginx, and one for an old
// nginx with third-party modules and IPv6 loopback fixes, so that
// version-dependent branches run too.
func AllRulesConfigs() []*analyzer.Config {
	on := map[string]bool{}
	for _, r := range rules.All() {
		// Rules of package rules carry their documentation; rules that
		// tests register have none.
		on[r.ID] = r.Documentation() != ""
	}
	return []*analyzer.Config{
		{Enabled: on},
		{Enabled: on, NginxVersion: "1.18.0", Loopback: "ipv6", LoopbackSet: true, Modules: []string{"lua", "headers-more"}},
	}
}

// CheckFindings returns an error describing the first finding that breaks
// an invariant: its rule is registered (and marked Fixable when it suggests
// fixes), it has a severity and a message, its range and directive range
// lie in one file of the analysis with line and column matching their
// offsets, and each suggested fix has edits of such ranges that do not
// overlap one another.
func CheckFindings(a *analyzer.Analysis, findings []analyzer.Finding) error {
	files := map[string]*analyzer.File{}
	for _, u := range a.Units {
		files[u.File.Name] = u.File
	}
	for i := range findings {
		fd := &findings[i]
		r := analyzer.Lookup(fd.Rule)
		if r == nil {
			return fmt.Errorf("finding of unregistered rule %q: %s", fd.Rule, fd.Message)
		}
		if fd.Severity < analyzer.Info || fd.Severity > analyzer.Error || fd.Message == "" {
			return fmt.Errorf("%s finding with severity %v and message %q", fd.Rule, fd.Severity, fd.Message)
		}
		what := fd.Rule + " finding " + fmt.Sprintf("%.80q", fd.Message)
		if err := CheckRange(files, what, fd.Range); err != nil {
			return err
		}
		if d := fd.Directive; d != (analyzer.Span{}) {
			f := files[fd.Range.Start.File]
			if d.Empty() || f == nil || int(d.End) > len(f.Src) {
				return fmt.Errorf("%s (directive): bytes %d to %d of %s", what, d.Start, d.End, fd.Range.Start.File)
			}
		}
		if len(fd.Fixes) > 0 && !r.Fixable {
			return fmt.Errorf("%s: rule %s suggests a fix but is not marked Fixable", what, r.ID)
		}
		for _, fx := range fd.Fixes {
			if len(fx.Edits) == 0 || fx.Message == "" {
				return fmt.Errorf("%s: fix %q with %d edits", what, fx.Message, len(fx.Edits))
			}
			for j, e := range fx.Edits {
				if err := CheckRange(files, what+" (fix edit)", e.Range); err != nil {
					return err
				}
				for _, g := range fx.Edits[:j] {
					if g.Range.Start.File == e.Range.Start.File && analyzer.Overlaps(e, g) {
						return fmt.Errorf("%s: fix %q has overlapping edits %+v and %+v", what, fx.Message, g, e)
					}
				}
			}
		}
	}
	return nil
}

// CheckRange returns an error unless r lies in one of files, start before
// end, with line and column agreeing with the offsets.
func CheckRange(files map[string]*analyzer.File, what string, r analyzer.Range) error {
	f := files[r.Start.File]
	if f == nil || r.End.File != r.Start.File {
		return fmt.Errorf("%s: range %s..%s is not in one file of the analysis", what, r.Start, r.End)
	}
	for _, p := range []analyzer.Position{r.Start, r.End} {
		if p.Offset < 0 || p.Offset > len(f.Src) {
			return fmt.Errorf("%s: offset %d outside %s (%d bytes)", what, p.Offset, f.Name, len(f.Src))
		}
		if want := f.Pos(p.Offset); p != want {
			return fmt.Errorf("%s: position %+v, but offset %d is at %+v", what, p, p.Offset, want)
		}
	}
	if r.Start.Offset > r.End.Offset {
		return fmt.Errorf("%s: range %d..%d ends before it starts", what, r.Start.Offset, r.End.Offset)
	}
	return nil
}
