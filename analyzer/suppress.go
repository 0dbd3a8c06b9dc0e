package analyzer

import (
	"fmt"
	"sort"
	"strings"
)

// RuleIgnore reports suppression comments that are wrong or do nothing.
const RuleIgnore = "ignore"

// Suppression comment markers.
const (
	ignoreMarker     = "nginx-lint:ignore"
	ignoreFileMarker = "nginx-lint:ignore-file"
)

// suppression is one parsed `# nginx-lint:ignore…` comment.
type suppression struct {
	comment Comment
	file    *File
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

// parseSuppression reads a comment; ok is false when it is no suppression.
func parseSuppression(c Comment, f *File) (*suppression, bool) {
	body := strings.TrimLeft(strings.TrimPrefix(c.Text, "#"), " \t")
	var whole bool
	switch {
	case hasMarker(body, ignoreFileMarker):
		whole = true
		body = body[len(ignoreFileMarker):]
	case hasMarker(body, ignoreMarker):
		body = body[len(ignoreMarker):]
	default:
		return nil, false
	}
	s := &suppression{comment: c, file: f, whole: whole}
	// Offset of body within the file: the comment ends where the text ends.
	base := c.Range.End.Offset - len(body)
	rest := strings.TrimLeft(body, " \t")
	pos := base + len(body) - len(rest)
	idsText, reason, _ := strings.Cut(rest, " ")
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

// hasMarker reports whether body starts with marker followed by a blank or
// the end (so that "ignore" does not match "ignore-file" or "ignored").
func hasMarker(body, marker string) bool {
	if !strings.HasPrefix(body, marker) {
		return false
	}
	rest := body[len(marker):]
	return rest == "" || rest[0] == ' ' || rest[0] == '\t'
}

// suppress drops the findings that suppression comments cover and returns
// the rest, and the findings of rule `ignore` about the comments
// themselves. Syntax errors are never suppressed inline.
func (a *Analysis) suppress(findings []Finding) (kept, problems []Finding) {
	var sups []*suppression
	seen := map[string]bool{}
	problem := func(r Range, format string, args ...any) {
		problems = append(problems, Finding{Range: r, Message: fmt.Sprintf(format, args...)})
	}
	for _, u := range a.Units {
		if seen[u.File.Name] {
			continue
		}
		seen[u.File.Name] = true
		var dirs []*Directive // built for the first ignore comment of the file
		firstDirective := len(u.File.Src)
		if len(u.Items) > 0 {
			firstDirective = int(u.Items[0].nameAt.start)
		}
		for _, c := range u.Comments {
			s, ok := parseSuppression(c, u.File)
			if !ok {
				continue
			}
			kind := "ignore"
			if s.whole {
				kind = "ignore-file"
			}
			if len(s.ids) == 0 {
				problem(c.Range, "nginx-lint:%s names no rule: write `# nginx-lint:%s <rule-id>[,<rule-id>…] <reason>`", kind, kind)
				continue
			}
			for i, id := range s.ids {
				switch r := Lookup(id); {
				case r == nil:
					problem(s.idRange[i], "nginx-lint:%s names an unknown rule %q (see `nginx-lint rules`), so it suppresses nothing", kind, id)
				case id == RuleSyntaxError || id == RuleIgnore:
					problem(s.idRange[i], "%s findings cannot be suppressed by a comment; turn the rule off in the configuration file instead", id)
				default:
					s.ok[i] = true
				}
			}
			if s.reason == "" {
				problem(c.Range, "nginx-lint:%s has no reason: say after the rule ids why the finding does not apply here, so that the next reader knows", kind)
			}
			if s.whole {
				if c.Range.Start.Offset > firstDirective {
					problem(c.Range, "nginx-lint:ignore-file must come before the first directive of the file; here it suppresses nothing")
					continue
				}
			} else {
				if dirs == nil {
					dirs = fileDirectives(u)
				}
				d := suppressionTarget(u.File.Src, dirs, c)
				if d == nil {
					problem(c.Range, "nginx-lint:ignore applies to the directive on its line or on the next line, and there is none here; use ignore-file for a whole file")
					continue
				}
				s.scope = [2]int{d.NameRange().Start.Offset, directiveEnd(d, u.File)}
			}
			sups = append(sups, s)
		}
	}
	// Filtered in place: findings is the caller's to give up.
	kept = findings[:0]
	for _, f := range findings {
		if len(sups) == 0 || !a.suppressedBy(sups, f) {
			kept = append(kept, f)
		}
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
			problem(s.idRange[i], "nginx-lint:ignore %s suppressed nothing: no %s finding here any more; remove the comment (or the id)", id, id)
		}
	}
	return kept, problems
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
	i := sort.Search(len(dirs), func(i int) bool { return int(dirs[i].nameAt.start) > start })
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
