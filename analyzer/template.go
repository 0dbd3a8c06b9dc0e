package analyzer

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// TemplateLang is the template language a configuration file is written
// in. A template is linted as written: a pre-pass (templateMarkup) finds
// its markup and tells the scanner which bytes are placeholders (opaque
// parts of words), which are control tags and comments (read like
// whitespace) and which branches it leaves out; byte offsets never change,
// so positions and fixes are in the template itself.
type TemplateLang uint8

// Template languages. TemplateAuto is an option only: the language is
// detected from the file's name and content (DetectTemplate).
const (
	TemplateAuto TemplateLang = iota
	TemplateNone
	TemplateJinja
	TemplateGo
	TemplateEnvsubst
	TemplateERB
	// TemplatePlaceholders is a file whose only markup is @@NAME@@ or
	// %%NAME%% placeholders (which every language above recognises too).
	TemplatePlaceholders
)

var templateNames = [...]string{"auto", "none", "jinja", "go", "envsubst", "erb", "placeholders"}

func (l TemplateLang) String() string {
	if int(l) < len(templateNames) {
		return templateNames[l]
	}
	return "auto"
}

// TemplateLangs are the names ParseTemplateLang accepts.
func TemplateLangs() []string { return templateNames[:] }

// ParseTemplateLang reads a language name: auto, none, jinja (also
// jinja2, j2, ansible), go (also helm, gotmpl), envsubst, erb (also epp),
// placeholders (@@NAME@@ and %%NAME%% only).
func ParseTemplateLang(s string) (TemplateLang, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return TemplateAuto, nil
	case "none", "nginx":
		return TemplateNone, nil
	case "jinja", "jinja2", "j2", "ansible":
		return TemplateJinja, nil
	case "go", "helm", "gotmpl":
		return TemplateGo, nil
	case "envsubst":
		return TemplateEnvsubst, nil
	case "erb", "epp":
		return TemplateERB, nil
	case "placeholders":
		return TemplatePlaceholders, nil
	}
	return TemplateAuto, fmt.Errorf("unknown template language %q (want one of %s)", s, strings.Join(templateNames[:], ", "))
}

// DetectTemplate tells the language of a file from its name (.j2, .jinja,
// .jinja2: Jinja; .tpl, .tmpl, .gotmpl and files below a Helm chart's
// templates/ directory: Go; .erb, .epp: ERB; .template: envsubst, unless
// its content is another language's) and, for other names, from its
// content. helmChart reports whether a directory holds a Chart.yaml (nil:
// never).
func DetectTemplate(name string, src []byte, helmChart func(dir string) bool) TemplateLang {
	base := strings.ToLower(filepath.Base(name))
	switch ext := filepath.Ext(base); ext {
	case ".j2", ".jinja", ".jinja2":
		return TemplateJinja
	case ".tpl", ".tmpl", ".gotmpl":
		return TemplateGo
	case ".erb", ".epp":
		return TemplateERB
	case ".template":
		if l := detectContent(src); l != TemplateNone {
			return l
		}
		return TemplateEnvsubst
	}
	dir := filepath.Dir(name)
	if filepath.Base(dir) == "templates" && helmChart != nil && helmChart(filepath.Dir(dir)) {
		return TemplateGo
	}
	return detectContent(src)
}

// goKeywords start a Go template action that no Jinja expression starts
// with.
var goKeywords = []string{"if", "range", "with", "end", "else", "define", "block", "template", "include", "toYaml", "tpl", "printf", "required", "break", "continue"}

// detectContent finds template markup in a file whose name says nothing:
// Jinja statements ({% … %}), Go actions ({{ .Values.x }}, {{- if … }}),
// other {{ … }} expressions (Jinja), ERB tags (<% … %>), @@NAME@@ and
// %%NAME%% placeholders.
func detectContent(src []byte) TemplateLang {
	jinja, gotmpl := false, false
	// The end of the line and the next closers at or after a place, each
	// found again only once passed: a long line full of braces stays
	// linear.
	lineEnd := -1
	closers := map[string]int{}
	next := func(i int, closer string) int {
		if at, ok := closers[closer]; ok && (at < 0 || at >= i) {
			return at
		}
		at := bytes.Index(src[i:], []byte(closer))
		if at >= 0 {
			at += i
		}
		closers[closer] = at
		return at
	}
	onLine := func(at int) bool { return at >= 0 && at < lineEnd }
	for i := 0; i+1 < len(src); i++ {
		if src[i] != '{' && src[i] != '<' {
			continue
		}
		if i >= lineEnd {
			lineEnd = len(src)
			if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
				lineEnd = i + j
			}
		}
		switch string(src[i : i+2]) {
		case "{%":
			if onLine(next(i+2, "%}")) {
				return TemplateJinja
			}
		case "{{":
			j := next(i+2, "}}")
			if !onLine(j) {
				continue
			}
			inner := strings.TrimSpace(strings.TrimPrefix(string(src[i+2:j]), "-"))
			if inner == "" {
				continue
			}
			if c := inner[0]; c == '.' || c == '$' || strings.HasPrefix(inner, "/*") || slices.Contains(goKeywords, firstWord(inner)) {
				gotmpl = true
			} else if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
				jinja = true
			}
		case "<%":
			if onLine(next(i+2, "%>")) {
				return TemplateERB
			}
		}
	}
	switch {
	case gotmpl:
		return TemplateGo
	case jinja:
		return TemplateJinja
	case len(genericTags(src, nil)) > 0:
		return TemplatePlaceholders
	}
	return TemplateNone
}

func firstWord(s string) string {
	i := 0
	for i < len(s) && isIdent(s[i]) {
		i++
	}
	return s[:i]
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// markupKind is what a span of template markup is to the scanner.
type markupKind uint8

const (
	// mkPlaceholder is an expression ({{ x }}, ${X}, <%= x %>, @@X@@):
	// an unknown value, part of the word it stands in.
	mkPlaceholder markupKind = iota
	// mkStatement is an expression alone on its line: it stands for
	// whole statements ({{ include "x" . | nindent 4 }}), read like a
	// comment where a statement may start.
	mkStatement
	// mkControl is a control tag ({% if %}, {{ end }}, <% end %>): read
	// like whitespace between words, part of a word inside one.
	mkControl
	// mkComment is a template comment ({# #}, {{/* */}}, <%# %>).
	mkComment
	// mkSkip is text the linter leaves out: a branch whose braces do not
	// match the first branch's, a macro or define body.
	mkSkip
)

// markup is one span of template markup in a file.
type markup struct {
	start, end uint32
	kind       markupKind
	// opaque is set by the scanner when the span is part of a word (an
	// argument or a directive name): findings there are about a value
	// the template fills in.
	opaque bool
}

// tag is one template tag found by a language's tokenizer.
type tag struct {
	start, end int
	kind       markupKind // mkPlaceholder, mkControl or mkComment
	// role in the control structure; word is the statement's first word.
	role tagRole
	word string
}

type tagRole uint8

const (
	roleNone tagRole = iota
	roleOpen
	roleMiddle
	roleClose
	roleOpenSkip // opens a body that is not output where it stands
)

// templateMarkup returns the markup spans of src in language lang, sorted
// and disjoint, for rendering variant (see structure), the tags inside the
// spans left out (for fixes, which may edit there), and how many variants
// the file has.
func templateMarkup(lang TemplateLang, src []byte, variant int) (out, hidden []markup, variants int) {
	var tags []tag
	switch lang {
	case TemplateNone, TemplateAuto:
		return nil, nil, 1
	case TemplateJinja:
		tags = jinjaTags(src)
	case TemplateGo:
		tags = goTags(src)
	case TemplateERB:
		tags = erbTags(src)
	case TemplateEnvsubst:
		tags = envsubstTags(src)
	}
	// TemplatePlaceholders: the placeholders below only.
	tags = append(tags, genericTags(src, tags)...)
	sort.Slice(tags, func(i, j int) bool { return tags[i].start < tags[j].start })
	skips, variants := structure(src, tags, variant)
	k := 0
	// The line of the tag: its start and end, found again only when a
	// tag lies past it (a long line of tags stays linear).
	ls, le := 0, -1
	for _, t := range tags {
		if t.start > le {
			ls = bytes.LastIndexByte(src[:t.start], '\n') + 1
			le = len(src)
			if i := bytes.IndexByte(src[t.start:], '\n'); i >= 0 {
				le = t.start + i
			}
		}
		for k < len(skips) && skips[k][1] <= t.start {
			out = append(out, markup{start: uint32(skips[k][0]), end: uint32(skips[k][1]), kind: mkSkip})
			k++
		}
		if k < len(skips) && t.start >= skips[k][0] {
			hidden = append(hidden, markup{start: uint32(t.start), end: uint32(t.end), kind: t.kind})
			continue // inside a skipped span
		}
		kind := t.kind
		if kind == mkPlaceholder && aloneOnLine(src, tags, t, ls, le) {
			kind = mkStatement
		}
		out = append(out, markup{start: uint32(t.start), end: uint32(t.end), kind: kind})
	}
	for ; k < len(skips); k++ {
		out = append(out, markup{start: uint32(skips[k][0]), end: uint32(skips[k][1]), kind: mkSkip})
	}
	return out, hidden, variants
}

// aloneOnLine reports whether only whitespace and other tags share t's
// line, which starts at ls and ends at le (t itself may end past it).
func aloneOnLine(src []byte, tags []tag, t tag, ls, le int) bool {
	if t.end > le {
		return false // a tag that spans lines
	}
	i := ls
	for _, o := range tags[sort.Search(len(tags), func(k int) bool { return tags[k].end > ls }):] {
		if o.start >= le {
			break
		}
		if o.start < ls || o.end > le {
			return false // a tag spans lines
		}
		if !blankBytes(src[i:o.start]) {
			return false
		}
		i = o.end
	}
	return blankBytes(src[i:le])
}

func blankBytes(b []byte) bool {
	for _, c := range b {
		if !isSpace(c) {
			return false
		}
	}
	return true
}

// closeAt returns the offset just past closer, searching from i and
// skipping quoted strings (quotes lists the quote bytes of the language),
// or -1 when the tag is never closed.
func closeAt(src []byte, i int, closer, quotes string) int {
	for i < len(src) {
		c := src[i]
		if bytes.HasPrefix(src[i:], []byte(closer)) {
			return i + len(closer)
		}
		if strings.IndexByte(quotes, c) >= 0 {
			j := i + 1
			for j < len(src) && src[j] != c && src[j] != '\n' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			if j < len(src) && src[j] == c {
				i = j + 1
				continue
			}
		}
		i++
	}
	return -1
}

// finder finds the closers of tags, remembering those it never found: a
// file full of openers that are never closed is read once, not once per
// opener.
type finder struct {
	src     []byte
	missing map[string]bool
}

func (f *finder) close(i int, closer, quotes string) int {
	if f.missing[closer] {
		return -1
	}
	e := closeAt(f.src, i, closer, quotes)
	if e < 0 {
		if f.missing == nil {
			f.missing = map[string]bool{}
		}
		f.missing[closer] = true
	}
	return e
}

// inner is a tag's text without its delimiters and trim markers.
func inner(s string, open, shut int) string {
	s = s[open : len(s)-shut]
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	s = strings.TrimSuffix(strings.TrimSuffix(s, "-"), "+")
	return strings.TrimSpace(s)
}

// jinjaTags finds {{ … }}, {% … %} and {# … #}; the body of
// {% raw %}…{% endraw %} is plain text.
func jinjaTags(src []byte) []tag {
	var out []tag
	fd := &finder{src: src}
	for i := 0; i+1 < len(src); i++ {
		if src[i] != '{' {
			continue
		}
		var end int
		var kind markupKind
		switch src[i+1] {
		case '{':
			end, kind = fd.close(i+2, "}}", `"'`), mkPlaceholder
		case '%':
			end, kind = fd.close(i+2, "%}", `"'`), mkControl
		case '#':
			end, kind = fd.close(i+2, "#}", ""), mkComment
		default:
			continue
		}
		if end < 0 {
			continue
		}
		t := tag{start: i, end: end, kind: kind}
		if kind == mkControl {
			t.word = firstWord(inner(string(src[i:end]), 2, 2))
			switch t.word {
			case "if", "for", "block", "with", "filter", "call", "autoescape":
				t.role = roleOpen
			case "macro":
				t.role = roleOpenSkip
			case "set":
				if !strings.Contains(string(src[i:end]), "=") {
					t.role = roleOpenSkip // {% set x %}…{% endset %} captures its body
				}
			case "elif", "else":
				t.role = roleMiddle
			case "raw":
				// The body is text: the next {% endraw %} ends it.
				out = append(out, t)
				j := end
				for j < len(src) {
					k := bytes.Index(src[j:], []byte("{%"))
					if k < 0 {
						j = len(src)
						break
					}
					e := fd.close(j+k+2, "%}", `"'`)
					if e < 0 {
						j = len(src)
						break
					}
					if firstWord(inner(string(src[j+k:e]), 2, 2)) == "endraw" {
						out = append(out, tag{start: j + k, end: e, kind: mkControl})
						break
					}
					j = e
				}
				i = j
				if len(out) > 0 {
					i = max(i, out[len(out)-1].end) - 1
				}
				continue
			default:
				if strings.HasPrefix(t.word, "end") {
					t.role = roleClose
				}
			}
		}
		out = append(out, t)
		i = end - 1
	}
	return out
}

// goTags finds Go template actions {{ … }} (and {{/* … */}} comments).
func goTags(src []byte) []tag {
	var out []tag
	fd := &finder{src: src}
	for i := 0; i+1 < len(src); i++ {
		if src[i] != '{' || src[i+1] != '{' {
			continue
		}
		j := i + 2
		if j < len(src) && src[j] == '-' {
			j++
		}
		for j < len(src) && isSpace(src[j]) {
			j++
		}
		if bytes.HasPrefix(src[j:], []byte("/*")) {
			c := fd.close(j+2, "*/", "")
			if c < 0 {
				continue
			}
			end := fd.close(c, "}}", "")
			if end < 0 {
				continue
			}
			out = append(out, tag{start: i, end: end, kind: mkComment})
			i = end - 1
			continue
		}
		end := fd.close(i+2, "}}", "\"`'")
		if end < 0 {
			continue
		}
		t := tag{start: i, end: end, kind: mkPlaceholder}
		in := inner(string(src[i:end]), 2, 2)
		t.word = firstWord(in)
		switch t.word {
		case "if", "range", "with", "block":
			t.kind, t.role = mkControl, roleOpen
		case "define":
			t.kind, t.role = mkControl, roleOpenSkip
		case "else":
			t.kind, t.role = mkControl, roleMiddle
		case "end":
			t.kind, t.role = mkControl, roleClose
		case "break", "continue":
			t.kind = mkControl
		default:
			// {{ $x := … }} and {{ $x = … }} output nothing.
			if strings.HasPrefix(in, "$") {
				rest := strings.TrimLeft(in[1:], "_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
				rest = strings.TrimSpace(rest)
				if strings.HasPrefix(rest, ":=") || strings.HasPrefix(rest, "=") {
					t.kind = mkControl
				}
			}
		}
		out = append(out, t)
		i = end - 1
	}
	return out
}

// erbTags finds ERB (and Puppet EPP) tags: <%= … %> expressions, <%# … %>
// comments and <% … %> code; <%% is a literal "<%".
func erbTags(src []byte) []tag {
	var out []tag
	fd := &finder{src: src}
	for i := 0; i+1 < len(src); i++ {
		if src[i] != '<' || src[i+1] != '%' {
			continue
		}
		if i+2 < len(src) && src[i+2] == '%' {
			i += 2
			continue
		}
		end := fd.close(i+2, "%>", "")
		if end < 0 {
			continue
		}
		t := tag{start: i, end: end, kind: mkControl}
		body := string(src[i+2 : end-2])
		body = strings.TrimPrefix(body, "-")
		switch {
		case strings.HasPrefix(body, "#"):
			t.kind = mkComment
		case strings.HasPrefix(body, "="):
			t.kind = mkPlaceholder
		default:
			code := strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(body, "-"), "_"))
			t.word = firstWord(code)
			switch {
			case strings.HasPrefix(code, "}") && strings.HasSuffix(code, "{"):
				t.role = roleMiddle // EPP: } else {
			case strings.HasPrefix(code, "}"):
				t.role = roleClose
			case slices.Contains([]string{"elsif", "else", "when", "in", "rescue", "ensure"}, t.word):
				t.role = roleMiddle
			case t.word == "end":
				t.role = roleClose
			case slices.Contains([]string{"if", "unless", "case", "while", "until", "for", "begin"}, t.word),
				strings.HasSuffix(code, "{"), endsWithDo(code):
				t.role = roleOpen
			}
		}
		out = append(out, t)
		i = end - 1
	}
	return out
}

// endsWithDo reports whether Ruby code opens a block: "… do" or "… do |x|".
func endsWithDo(code string) bool {
	if strings.HasSuffix(code, "|") {
		if i := strings.LastIndex(code[:len(code)-1], "|"); i >= 0 {
			code = strings.TrimSpace(code[:i])
		}
	}
	return code == "do" || strings.HasSuffix(code, " do")
}

// envsubstTags finds ${NAME} and $NAME with an upper-case NAME: envsubst
// replaces the variables its environment defines, and nginx's own
// variables are written in lower case.
func envsubstTags(src []byte) []tag {
	var out []tag
	for i := 0; i+1 < len(src); i++ {
		if src[i] != '$' {
			continue
		}
		j, braced := i+1, src[i+1] == '{'
		if braced {
			j++
		}
		k := j
		for k < len(src) && (src[k] == '_' || src[k] >= 'A' && src[k] <= 'Z' || k > j && src[k] >= '0' && src[k] <= '9') {
			k++
		}
		if k == j || strings.Trim(string(src[j:k]), "_") == "" {
			continue
		}
		if braced {
			if k >= len(src) || src[k] != '}' {
				continue
			}
			k++
		} else if k < len(src) && (src[k] >= 'a' && src[k] <= 'z') {
			continue // $Host: mixed case is nginx's
		}
		out = append(out, tag{start: i, end: k, kind: mkPlaceholder})
		i = k - 1
	}
	return out
}

// genericTags finds @@NAME@@ and %%NAME%% placeholders outside the tags
// already found.
func genericTags(src []byte, found []tag) []tag {
	var out []tag
	// found is in source order.
	inTag := func(i int) bool {
		k := sort.Search(len(found), func(k int) bool { return found[k].end > i })
		return k < len(found) && found[k].start <= i
	}
	for _, d := range []string{"@@", "%%"} {
		for i := 0; i+4 < len(src); i++ {
			j := bytes.Index(src[i:], []byte(d))
			if j < 0 {
				break
			}
			i += j
			k := i + 2
			for k < len(src) && (isIdent(src[k]) || src[k] == '.' || src[k] == '-') {
				k++
			}
			if k == i+2 || k+1 >= len(src) || src[k] != d[0] || src[k+1] != d[0] || inTag(i) {
				continue
			}
			out = append(out, tag{start: i, end: k + 2, kind: mkPlaceholder})
			i = k + 1
		}
	}
	return out
}

// maxTemplateDepth is the deepest nesting of control structures followed;
// deeper ones are read as plain control tags (all their branches).
const maxTemplateDepth = 200

// chain is one control structure: an if with its elif/else branches, a
// loop, a with, a macro.
type chain struct {
	open  *tag
	skip  bool     // a body not output where it stands (macro, define)
	marks []*tag   // the opening, middle and closing tags, in order
	kids  []*chain // nested structures
	end   int      // offset past the closing tag (len(src) when unclosed)
}

// maxVariants is the most renderings of one file linted: variant k takes
// branch k of every if/else (and the last variant the branches from there
// on).
const maxVariants = 8

// structure pairs control tags into chains and returns the spans the
// linter leaves out in rendering variant, sorted, and the number of
// variants: the bodies of macros and defines; every branch but the first
// of a chain whose branches do not each keep braces balanced (two branches
// that each open the same server { would otherwise open it twice); and of
// a chain whose branches are balanced, every branch but the variant's, so
// that each branch is linted in a rendering of its own (an if and its
// else may each set root).
func structure(src []byte, tags []tag, variant int) ([][2]int, int) {
	variants := 1
	root := &chain{}
	stack := []*chain{root}
	over := 0 // structures opened past maxTemplateDepth, not followed
	for i := range tags {
		t := &tags[i]
		top := stack[len(stack)-1]
		switch t.role {
		case roleOpen, roleOpenSkip:
			if len(stack) > maxTemplateDepth {
				over++
				continue
			}
			c := &chain{open: t, skip: t.role == roleOpenSkip, marks: []*tag{t}}
			top.kids = append(top.kids, c)
			stack = append(stack, c)
		case roleMiddle:
			if len(stack) > 1 && over == 0 {
				top.marks = append(top.marks, t)
			}
		case roleClose:
			if over > 0 {
				over--
				continue
			}
			if len(stack) > 1 {
				top.marks = append(top.marks, t)
				top.end = t.end
				stack = stack[:len(stack)-1]
			}
		}
	}
	for _, c := range stack[1:] {
		c.end = len(src)
	}
	events := braceEvents(src, tags)
	var skips [][2]int
	var visit func(c *chain) int
	// visit returns the net brace balance c contributes.
	visit = func(c *chain) int {
		if c.skip {
			skips = append(skips, [2]int{c.open.end, c.markEnd(len(c.marks) - 1)})
			return 0
		}
		type branch struct{ start, end, net, low int }
		var bs []branch
		for i := range c.marks {
			s := c.marks[i].end
			e := c.end
			if i+1 < len(c.marks) {
				e = c.marks[i+1].start
			} else if c.marks[i].role == roleClose {
				continue
			}
			bs = append(bs, branch{start: s, end: e})
		}
		for i := range bs {
			b := &bs[i]
			// The braces of the branch and the balance of the structures
			// nested in it, in order.
			// Each brace is read once, by the innermost structure.
			level := 0
			braces := func(from, to int) {
				k := sort.Search(len(events), func(k int) bool { return events[k][0] >= from })
				for ; k < len(events) && events[k][0] < to; k++ {
					level += events[k][1]
					b.low = min(b.low, level)
				}
			}
			pos := b.start
			for _, kid := range c.kids[sort.Search(len(c.kids), func(i int) bool { return c.kids[i].open.start >= b.start }):] {
				if kid.open.start >= b.end {
					break
				}
				braces(pos, kid.open.start)
				level += visit(kid)
				b.low = min(b.low, level)
				pos = kid.end
			}
			braces(pos, b.end)
			b.net = level
		}
		balanced := true
		for _, b := range bs {
			if b.net != 0 || b.low < 0 {
				balanced = false
			}
		}
		if len(bs) < 2 {
			if len(bs) == 0 {
				return 0
			}
			return bs[0].net
		}
		if balanced {
			n := len(bs)
			variants = max(variants, min(n, maxVariants))
			pick := min(variant, n-1)
			for i, b := range bs {
				if i != pick && (variant < maxVariants-1 || i < maxVariants-1) {
					skips = append(skips, [2]int{b.start, b.end})
				}
			}
			return 0
		}
		for _, b := range bs[1:] {
			skips = append(skips, [2]int{b.start, b.end})
		}
		return bs[0].net
	}
	for _, c := range root.kids {
		visit(c)
	}
	sort.Slice(skips, func(i, j int) bool { return skips[i][0] < skips[j][0] })
	// Drop spans inside others (a skipped branch holding a macro).
	var out [][2]int
	for _, s := range skips {
		if s[1] <= s[0] {
			continue // an empty branch
		}
		if n := len(out); n > 0 && s[0] < out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], s[1])
			continue
		}
		out = append(out, s)
	}
	return out, variants
}

// markEnd is the start of c's i-th mark, or c.end when c is unclosed.
func (c *chain) markEnd(i int) int {
	if m := c.marks[i]; m.role == roleClose {
		return m.start
	}
	return c.end
}

// braceEvents lists the braces that open and close nginx blocks, as
// (offset, +1 or -1), outside tags, quoted strings and comments.
func braceEvents(src []byte, tags []tag) [][2]int {
	var out [][2]int
	k := 0
	inWord := false
	for i := 0; i < len(src); i++ {
		for k < len(tags) && tags[k].end <= i {
			k++
		}
		if k < len(tags) && tags[k].start == i {
			i = tags[k].end - 1
			inWord = true
			continue
		}
		c := src[i]
		switch {
		case isSpace(c) || c == ';':
			inWord = false
		case c == '#' && !inWord:
			for i < len(src) && src[i] != '\n' {
				i++
			}
			inWord = false
		case (c == '"' || c == '\'') && !inWord:
			j := i + 1
			for j < len(src) && src[j] != c {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			i = j
		case c == '\\':
			i++
			inWord = true
		case c == '{':
			if i > 0 && src[i-1] == '$' {
				inWord = true
				continue
			}
			out = append(out, [2]int{i, 1})
			inWord = false
		case c == '}' && !inWord:
			out = append(out, [2]int{i, -1})
		default:
			inWord = true
		}
	}
	return out
}

// SetTemplate reads f as a template in language lang (TemplateAuto:
// detected from its name and content; TemplateNone: plain nginx). The
// scanner then reads the markup as the pre-pass describes it.
func (f *File) SetTemplate(lang TemplateLang, helmChart func(dir string) bool) {
	f.setTemplate(lang, helmChart, 0)
}

// setTemplate is SetTemplate for a rendering variant (see structure).
func (f *File) setTemplate(lang TemplateLang, helmChart func(dir string) bool, variant int) {
	if lang == TemplateAuto {
		lang = DetectTemplate(f.Name, f.Src, helmChart)
	}
	f.lang = lang
	var n int
	f.markup, f.hidden, n = templateMarkup(lang, f.Src, variant)
	f.variants = uint8(n)
}

// variantFindings lints the other renderings of a template whose if/else
// branches are linted one at a time (see structure) and returns their
// findings; an ignore comment a variant needed is not reported as
// suppressing nothing in the others.
func (a *Analysis) variantFindings(out *FindingList) {
	n := 1
	for _, u := range a.Units {
		n = max(n, int(u.File.variants))
	}
	if a.Options.variant != 0 || n < 2 {
		return
	}
	for k := 1; k < n; k++ {
		opts := a.Options
		opts.variant = k
		b := Parse(a.Root.File.Name, a.Root.File.Path, a.Root.File.Src, opts)
		b.Config = a.Config
		out.AppendList(b.CheckList())
		a.usedIDs = append(a.usedIDs, b.usedIDs...)
	}
	used := map[Position]bool{}
	for _, r := range a.usedIDs {
		used[r.Start] = true
	}
	out.Keep(func(f *Finding) bool { return f.Rule != RuleIgnore || !used[f.Range.Start] })
}

// Template is the template language f is read in (TemplateNone for a plain
// file).
func (f *File) Template() TemplateLang {
	if f.lang == TemplateAuto {
		return TemplateNone
	}
	return f.lang
}

// markupSpans returns the indices of f's markup spans that overlap
// [start, end) (an empty range: that contain start strictly inside).
func (f *File) markupSpans(start, end int) (lo, hi int) {
	m := f.markup
	lo = sort.Search(len(m), func(i int) bool { return int(m[i].end) > start })
	hi = lo
	for hi < len(m) && (int(m[hi].start) < end || start == end && int(m[hi].start) < start) {
		hi++
	}
	return lo, hi
}

// Opaque reports whether [start, end) of f touches template markup that
// stands in a word: a placeholder, or a tag inside an argument. A finding
// there is about a value the template fills in.
func (f *File) Opaque(start, end int) bool {
	if len(f.markup) == 0 {
		return false
	}
	lo, hi := f.markupSpans(start, end)
	for _, m := range f.markup[lo:hi] {
		if m.kind == mkPlaceholder || m.opaque {
			return true
		}
	}
	return false
}

// MarkupIn returns the first template markup span an edit of [start, end)
// with new text newText would change, once the bytes it keeps at both ends
// are left out; ok is false when it changes none.
func (f *File) MarkupIn(start, end int, newText string) (r Range, ok bool) {
	if len(f.markup) == 0 || start < 0 || end > len(f.Src) || start > end {
		return Range{}, false
	}
	p, s := CommonEnds(f.Src[start:end], newText)
	start, end = start+p, end-s
	// A branch left out of this rendering is text; its tags are hidden.
	for _, list := range [][]markup{f.markup, f.hidden} {
		for _, m := range list {
			if m.kind == mkSkip || start != end && (int(m.end) <= start || int(m.start) >= end) {
				continue
			}
			if start == end && (start <= int(m.start) || start >= int(m.end)) {
				continue // an insertion next to a tag
			}
			return f.Range(int(m.start), int(m.end)), true
		}
	}
	return Range{}, false
}

// TemplateMarkupText is the text of the markup span at r, shortened for a
// message.
func (f *File) TemplateMarkupText(r Range) string {
	s := string(f.Src[r.Start.Offset:r.End.Offset])
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + "…"
	}
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return s
}

// helmChart reports whether dir holds a Helm chart (a Chart.yaml).
func (o LoadOptions) helmChart(dir string) bool {
	_, err := o.fsys().Stat(filepath.Join(dir, "Chart.yaml"))
	return err == nil
}

// dollarOutside reports whether [start, end) of f has a '$' outside
// template markup.
func (f *File) dollarOutside(start, end int) bool {
	lo, hi := f.markupSpans(start, end)
	i := start
	for _, m := range f.markup[lo:hi] {
		if bytes.IndexByte(f.Src[i:max(i, int(m.start))], '$') >= 0 {
			return true
		}
		i = max(i, int(m.end))
	}
	return i < end && bytes.IndexByte(f.Src[i:end], '$') >= 0
}

// CommonEnds returns the lengths of the longest common prefix of old and
// text and of their longest common suffix in what remains: an edit that
// turns old into text changes only the bytes between.
func CommonEnds(old []byte, text string) (prefix, suffix int) {
	for prefix < len(old) && prefix < len(text) && old[prefix] == text[prefix] {
		prefix++
	}
	for suffix < len(old)-prefix && suffix < len(text)-prefix && old[len(old)-1-suffix] == text[len(text)-1-suffix] {
		suffix++
	}
	return prefix, suffix
}

// MaskTemplate returns a copy of src, a file in language lang that holds
// other text than nginx's (a Helm chart's YAML), with every template tag
// blanked out at its place, so that the file parses as what the template
// renders to: a tag alone on its line becomes spaces, unless keep says
// its place (1-based line and column) is text (inside a block scalar) —
// then, like a tag within a line, it becomes x's. Line breaks are kept; every offset stays. ok is false
// when the file holds no tag.
func MaskTemplate(lang TemplateLang, src []byte, keep func(line, col int) bool) (masked []byte, ok bool) {
	var tags []tag
	switch lang {
	case TemplateJinja:
		tags = jinjaTags(src)
	case TemplateGo:
		tags = goTags(src)
	case TemplateERB:
		tags = erbTags(src)
	}
	if len(tags) == 0 {
		return src, false
	}
	out := bytes.Clone(src)
	line, at := 1, 0 // the line of offset at
	ls, le := 0, -1
	for _, t := range tags {
		if t.start > le {
			ls = bytes.LastIndexByte(src[:t.start], '\n') + 1
			le = len(src)
			if i := bytes.IndexByte(src[t.start:], '\n'); i >= 0 {
				le = t.start + i
			}
		}
		line += bytes.Count(src[at:t.start], []byte("\n"))
		at = t.start
		fill := byte('x')
		if aloneOnLine(src, tags, t, ls, le) && (keep == nil || !keep(line, t.start-ls+1)) {
			fill = ' '
		}
		for i := t.start; i < t.end; i++ {
			if out[i] != '\n' && out[i] != '\r' {
				out[i] = fill
			}
		}
	}
	return out, true
}

// templateComment records a template comment ({# … #}, {{/* … */}},
// <%# … %>) among the file's comments, so that an ignore comment can be
// written as one (it is then not in the rendered file). Its text is the
// comment's words after a '#', with the closing delimiter as spaces: the
// text ends where the comment does, as an nginx comment's does.
func (s *scanner) templateComment(start, end int) {
	raw := s.f.text[start:end]
	var open, shut int
	switch {
	case strings.HasPrefix(raw, "{#"):
		open, shut = 2, 2
	case strings.HasPrefix(raw, "<%#"):
		open, shut = 3, 2
	case strings.HasPrefix(raw, "{{"):
		i := strings.Index(raw, "/*")
		j := strings.LastIndex(raw, "*/")
		if i < 0 || j < i+2 {
			return
		}
		open, shut = i+2, len(raw)-j
	default:
		return
	}
	if open+shut > len(raw) || strings.ContainsAny(raw, "\n") {
		return // a comment of several lines is no ignore comment
	}
	body := raw[open : len(raw)-shut]
	if strings.HasPrefix(body, "-") {
		body, open = body[1:], open+1
	}
	body = strings.TrimSuffix(body, "-")
	text := "#" + body + strings.Repeat(" ", len(raw)-open-len(body))
	trailing := s.lastCodeEnd > 0 && !hasNewline(s.src[s.lastCodeEnd:start])
	s.comments = append(s.comments, Comment{Text: text, Range: s.f.Range(start, end), Trailing: trailing})
}
