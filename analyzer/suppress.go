package analyzer

import (
	"fmt"
	"sort"
	"strings"
)

// RuleIgnore reports suppression comments that are wrong or do nothing.
const RuleIgnore = "ignore"

// Suppression comment markers: "nginx-lint:" and a kind. Blanks may stand
// around the colon (`# nginx-lint: ignore`).
const (
	commentTool      = "nginx-lint"
	ignoreMarker     = "ignore"
	ignoreFileMarker = "ignore-file"
)

// suppression is one parsed `# nginx-lint:ignore…` comment.
type suppression struct {
	comment Comment
	file    *File
	kind    string // ignore or ignore-file
	bad     string // set when the comment is no suppression nginx-lint knows: why
	ids     []string
	idRange []Range // the bytes of each id in the comment
	reason  string
	// whole is set for ignore-file; otherwise scope is the byte span of
	// the directive (and its block) the comment applies to.
	whole bool
	scope [2]int
	// valid ids (registered, suppressible); used[i] records that ids[i]
	// suppressed at least one finding.
	ok   []bool
	used []bool
}

// parseSuppression reads a comment; ok is false when it is no
// suppression. A comment that addresses nginx-lint with an unknown kind
// (`# nginx-lint:disable x`, `# nginx-lint ignore x`) is returned with
// bad set, so that it is reported rather than silently ignored.
func parseSuppression(c Comment, f *File) (s *suppression, ok bool) {
	body := strings.TrimLeft(strings.TrimPrefix(c.Text, "#"), " \t")
	rest, found := strings.CutPrefix(body, commentTool)
	if !found {
		return nil, false
	}
	rest = strings.TrimLeft(rest, " \t")
	colon := strings.HasPrefix(rest, ":")
	rest = strings.TrimLeft(strings.TrimPrefix(rest, ":"), " \t")
	kind, _, _ := strings.Cut(rest, " ")
	kind, _, _ = strings.Cut(kind, "\t")
	s = &suppression{comment: c, file: f, kind: kind}
	switch {
	case !colon && kind != ignoreMarker && kind != ignoreFileMarker:
		return nil, false // prose that mentions nginx-lint
	case !colon:
		s.bad = fmt.Sprintf("%q has no colon, so it suppresses nothing", Snippet(commentTool+" "+kind))
		return s, true
	case kind == ignoreFileMarker:
		s.whole = true
	case kind != ignoreMarker:
		s.bad = fmt.Sprintf("%q is no suppression comment, so it suppresses nothing", Snippet(commentTool+":"+kind))
		return s, true
	}
	rest = rest[len(kind):]
	// Offset of rest within the file: the comment ends where the text ends.
	base := c.Range.End.Offset - len(rest)
	trimmed := strings.TrimLeft(rest, " \t")
	pos := base + len(rest) - len(trimmed)
	idsText, reason, _ := strings.Cut(trimmed, " ")
	if i := strings.IndexByte(idsText, '\t'); i >= 0 {
		idsText, reason = idsText[:i], idsText[i+1:]+" "+reason
	}
	s.reason = strings.TrimSpace(reason)
	off := pos
	for _, id := range strings.Split(idsText, ",") {
		if id != "" {
			s.ids = append(s.ids, id)
			s.idRange = append(s.idRange, f.Range(off, off+len(id)))
		}
		off += len(id) + 1
	}
	s.ok = make([]bool, len(s.ids))
	s.used = make([]bool, len(s.ids))
	return s, true
}

// suppress drops the findings that suppression comments cover and returns
// the findings of rule `ignore` about the comments themselves. Syntax
// errors are never suppressed inline.
func (a *Analysis) suppress(findings *FindingList) (problems []Finding) {
	var sups []*suppression
	seen := map[string]bool{}
	problem := func(r Range, format string, args ...any) *Finding {
		problems = append(problems, Finding{Range: r, Message: fmt.Sprintf(format, args...)})
		return &problems[len(problems)-1]
	}
	for _, u := range a.Units {
		if seen[u.File.Name] {
			continue
		}
		seen[u.File.Name] = true
		var dirs []*Directive // built for the first ignore comment of the file
		firstDirective := len(u.File.Src)
		if len(u.Items) > 0 {
			firstDirective = int(u.Items[0].name)
		}
		for _, c := range u.Comments {
			s, ok := parseSuppression(c, u.File)
			if !ok {
				continue
			}
			if s.bad != "" {
				problem(c.Range, "%s", s.bad).
					Note("write # nginx-lint:ignore <rule-id>[,<rule-id>…] <reason> for the next directive, or ignore-file before the first directive for the whole file")
				continue
			}
			kind := s.kind
			if len(s.ids) == 0 {
				problem(c.Range, "nginx-lint:%s names no rule", kind).
					Note("write `# nginx-lint:%s <rule-id>[,<rule-id>…] <reason>`", kind)
				continue
			}
			for i, id := range s.ids {
				switch r := Lookup(id); {
				case r == nil:
					p := problem(s.idRange[i], "nginx-lint:%s names an unknown rule %q, so it suppresses nothing", kind, Snippet(id)).
						Note("`nginx-lint rules` lists the rule ids")
					if alt := Closest(id, RuleIDs()); alt != "" {
						p.Note("did you mean %q?", alt)
					}
				case id == RuleSyntaxError || id == RuleIgnore:
					problem(s.idRange[i], "%s findings cannot be suppressed by a comment", id).
						Note("turn the rule off in the configuration file instead")
				default:
					s.ok[i] = true
				}
			}
			if s.reason == "" {
				// The comment works; the missing reason is only worth an
				// info unless the configuration requires one.
				p := problem(c.Range, "nginx-lint:%s without a reason", kind).
					Note("the comment works; say after the rule ids why the finding does not apply here, so that the next reader knows")
				if a.Config == nil || !a.Config.RequireReason {
					p.Severity = Info
					p.Note("require-reason: true in .nginx-lint.yaml makes this a warning")
				}
			}
			if s.whole {
				if c.Range.Start.Offset > firstDirective {
					problem(c.Range, "nginx-lint:ignore-file after the first directive suppresses nothing").
						Note("nginx-lint:ignore-file must come before the first directive of the file")
					continue
				}
			} else {
				if dirs == nil {
					dirs = fileDirectives(u)
				}
				d := suppressionTarget(u.File.Src, dirs, c)
				if d == nil {
					problem(c.Range, "nginx-lint:ignore has no directive on its line or the next: it suppresses nothing").
						Note("nginx-lint:ignore applies to the directive on its line or on the next line, and there is none here").
						Note("use ignore-file for a whole file")
					continue
				}
				s.scope = [2]int{d.NameRange().Start.Offset, directiveEnd(d, u.File)}
			}
			sups = append(sups, s)
		}
	}
	if len(sups) > 0 {
		findings.Keep(func(f *Finding) bool { return !a.suppressedBy(sups, *f) })
	}
	cfg := a.Config
	a.usedIDs = a.usedIDs[:0]
	for _, s := range sups {
		for i, id := range s.ids {
			if s.used[i] {
				a.usedIDs = append(a.usedIDs, s.idRange[i])
			}
			if !s.ok[i] || s.used[i] {
				continue
			}
			// A rule that did not run cannot tell whether the comment is
			// still needed.
			if r := Lookup(id); r == nil || !cfg.RuleEnabled(r) {
				continue
			}
			problem(s.idRange[i], "nginx-lint:ignore %s suppressed nothing: the finding is gone", id).
				Note("no %s finding here any more; remove the comment (or the id)", id)
		}
	}
	return problems
}

// suppressedBy marks and reports whether some suppression covers f.
func (a *Analysis) suppressedBy(sups []*suppression, f Finding) bool {
	if f.Rule == RuleSyntaxError || f.Rule == RuleIgnore {
		return false
	}
	hit := false
	for _, s := range sups {
		if s.file.Name != f.Range.Start.File {
			continue
		}
		if !s.whole {
			off := f.Range.Start.Offset
			if off < s.scope[0] || off >= s.scope[1] {
				continue
			}
		}
		for i, id := range s.ids {
			if s.ok[i] && id == f.Rule {
				s.used[i] = true
				hit = true
			}
		}
	}
	return hit
}

// fileDirectives returns every directive written in u's own file, in
// source order.
func fileDirectives(u *Unit) []*Directive {
	var out []*Directive
	var walk func(ds []*Directive)
	walk = func(ds []*Directive) {
		for _, d := range ds {
			out = append(out, d)
			if d.Block != nil {
				walk(d.Block.Items)
			}
		}
	}
	walk(u.Items) // a block's statements stand between its name and the next one's
	return out
}

// suppressionTarget finds the directive an ignore comment applies to: for
// a trailing comment the last directive ended on its line before it; for a
// comment on its own line the next directive, with only blanks and other
// comments in between.
func suppressionTarget(src []byte, dirs []*Directive, c Comment) *Directive {
	start := c.Range.Start.Offset
	if c.Trailing {
		var best *Directive
		for _, d := range dirs {
			end := d.End().End
			if d.End().End.Offset == 0 && d.End().Start.Offset == 0 {
				end = d.Range().End
			}
			if end.Offset <= start && end.Line == c.Range.Start.Line {
				if best == nil || end.Offset > best.End().End.Offset {
					best = d
				}
			}
		}
		return best
	}
	i := sort.Search(len(dirs), func(i int) bool { return int(dirs[i].name) > start })
	if i == len(dirs) {
		return nil
	}
	d := dirs[i]
	// Only blanks and comments may stand between the comment and d.
	p := c.Range.End.Offset
	for p < d.NameRange().Start.Offset {
		switch src[p] {
		case ' ', '\t', '\r', '\n':
			p++
		case '#':
			for p < len(src) && src[p] != '\n' {
				p++
			}
		default:
			return nil
		}
	}
	return d
}

// directiveEnd is the end offset of what a suppression of d covers: the
// directive, and for a block directive its whole body.
func directiveEnd(d *Directive, f *File) int {
	end := d.End().End.Offset
	if d.Block != nil {
		if d.Block.close.end > 0 {
			end = int(d.Block.close.end)
		} else {
			end = len(f.Src) // unclosed: to the end of the file
		}
	}
	if end < d.NameRange().End.Offset {
		end = d.NameRange().End.Offset
	}
	return end
}
