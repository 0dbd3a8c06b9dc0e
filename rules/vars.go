package rules

import (
	"regexp/syntax"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// This file models where nginx variables get their values, for the rules
// that ask "can the client put X into this value": ssrf, http-splitting and
// host-spoofing. It follows set, map and regex captures (location, if,
// rewrite) back to the built-in variables they start from.

// segment is a literal run or a variable reference of a value.
type segment struct {
	lit string
	v   string // variable name without '$' (lower case), "" for literals
}

// splitVars cuts a value into literals and $name / ${name} references.
func splitVars(s string) []segment {
	parts := analyzer.SplitValue(s)
	out := make([]segment, len(parts))
	for i, p := range parts {
		out[i] = segment{lit: p.Lit, v: p.Var}
	}
	return out
}

func isCapture(name string) bool {
	return name != "" && name[0] >= '0' && name[0] <= '9'
}

// clientVarPrefixes are built-in variables whose whole value the client
// chooses.
var clientVarPrefixes = []string{"arg_", "http_", "cookie_"}

var clientVars = map[string]bool{
	"args": true, "query_string": true, "request_uri": true, "uri": true,
	"document_uri": true, "request": true, "request_body": true,
	"http_host": true, "binary_remote_addr": false,
}

// startsWithSlash are built-ins whose value always begins with '/' (or,
// for $is_args, is "?" or empty before $args), so a value that reaches one
// of them has left the host part of a URL.
var startsWithSlash = map[string]bool{"uri": true, "document_uri": true, "request_uri": true, "is_args": true}

// decodedVars may hold CR and LF: nginx decodes %0D%0A in the path.
var decodedVars = map[string]bool{"uri": true, "document_uri": true}

// varModel answers questions about variables of one analysis.
type varModel struct {
	a    *analyzer.Analysis
	sets map[string][]*analyzer.Directive
	maps map[string]*analyzer.Directive
	// left counts the variables one question may still look at (see
	// hasBudget); cut is set when a question ran out of them.
	left int
	cut  bool
	// groups are the names of the named captures of every rewrite,
	// location and if regex (lower case), once asked for.
	groups map[string]bool
}

// hasBudget is how many variables one question about a variable may look
// at: a chain of set $b "$a", set $c "$b", … of thousands would make every
// question walk all of it (real chains are a few long). A question that
// runs out is answered "no", and surelyNot says it is not known.
const hasBudget = 256

func newVarModel(p *analyzer.Pass) *varModel {
	m := &varModel{a: p.Analysis, sets: map[string][]*analyzer.Directive{}, maps: map[string]*analyzer.Directive{}}
	p.Each([]string{"set", "map"}, func(d *analyzer.Directive) {
		switch {
		case d.Name() == "set" && len(d.Args()) == 2:
			if n := varName(d.Args()[0].Value()); n != "" {
				m.sets[n] = append(m.sets[n], d)
			}
		case d.Name() == "map" && d.Block != nil && len(d.Args()) == 2:
			if n := varName(d.Args()[1].Value()); n != "" {
				m.maps[n] = d
			}
		}
	})
	return m
}

// varName returns the name in "$name" (lower case), or "".
func varName(s string) string {
	seg := splitVars(s)
	if len(seg) == 1 && seg[0].v != "" {
		return seg[0].v
	}
	return ""
}

// server is the enclosing server block (nil at the top of a fragment).
func server(d *analyzer.Directive) *analyzer.Directive {
	return d.Enclosing("server")
}

// setsFor returns the set directives of name visible from d: those in the
// same server (or, outside any server, the whole file).
func (m *varModel) setsFor(d *analyzer.Directive, name string) []*analyzer.Directive {
	var out []*analyzer.Directive
	srv := server(d)
	for _, s := range m.sets[name] {
		if srv == nil || server(s) == srv || server(s) == nil {
			out = append(out, s)
		}
	}
	return out
}

// prop is a question about a variable's possible values.
type prop int

const (
	propLF     prop = iota // can hold '\n'
	propCRorLF             // can hold '\r' or '\n'
	propClient             // the client chooses (part of) it freely
)

// has reports whether variable name, used by directive d, can have p.
func (m *varModel) has(d *analyzer.Directive, name string, p prop) bool {
	m.left, m.cut = hasBudget, false
	return m.hasSeen(d, name, p, map[string]bool{})
}

// surelyNot reports whether variable name, used by d, cannot have p, and
// the question was answered in full.
func (m *varModel) surelyNot(d *analyzer.Directive, name string, p prop) bool {
	return !m.has(d, name, p) && !m.cut
}

func (m *varModel) hasSeen(d *analyzer.Directive, name string, p prop, seen map[string]bool) bool {
	if m.left--; m.left < 0 {
		m.cut = true
		return false
	}
	key := name
	if isCapture(name) {
		key = ""
	}
	if key != "" {
		if seen[key] {
			return false
		}
		seen[key] = true
		defer delete(seen, key)
	}
	if d.Name() == "rewrite" && len(d.Args()) >= 2 {
		// A rewrite's own captures in its replacement: nginx takes them
		// from the URI it just matched and escapes them in redirects.
		if re := parseRegex(d.Arg(0), false); re != nil && findGroup(re, name) != nil {
			return false
		}
	}
	if re, subject, at := m.captureSource(d, name); re != nil {
		return m.groupHas(at, re, name, subject, p, seen)
	}
	if isCapture(name) {
		return false
	}
	if sets := m.setsFor(d, name); len(sets) > 0 {
		for _, s := range sets {
			if m.valueHas(s, s.Args()[1].Value(), p, seen) {
				return true
			}
		}
		return false
	}
	if mp := m.maps[name]; mp != nil {
		return m.mapHas(mp, p, seen)
	}
	return builtinHas(name, p)
}

func builtinHas(name string, p prop) bool {
	switch p {
	case propLF, propCRorLF:
		return decodedVars[name]
	}
	if clientVars[name] {
		return true
	}
	for _, pre := range clientVarPrefixes {
		if strings.HasPrefix(name, pre) {
			return true
		}
	}
	return false
}

// valueHas reports whether any variable of value (used at d) has p.
func (m *varModel) valueHas(d *analyzer.Directive, value string, p prop, seen map[string]bool) bool {
	for _, s := range splitVars(value) {
		if s.v != "" && m.hasSeen(d, s.v, p, seen) {
			return true
		}
	}
	return false
}

func (m *varModel) mapHas(mp *analyzer.Directive, p prop, seen map[string]bool) bool {
	subject := mp.Arg(0)
	for _, e := range mp.Children() {
		if len(e.Args()) == 0 {
			continue
		}
		val := e.Args()[0].Value()
		var re *syntax.Regexp
		if key := e.Name(); strings.HasPrefix(key, "~") {
			fold := strings.HasPrefix(key, "~*")
			re = parseRegex(strings.TrimPrefix(strings.TrimPrefix(key, "~*"), "~"), fold)
		}
		for _, s := range splitVars(val) {
			if s.v == "" {
				continue
			}
			if re != nil && findGroup(re, s.v) != nil {
				if m.groupHasSubject(mp, re, s.v, subject, p, seen) {
					return true
				}
				continue
			}
			if isCapture(s.v) {
				continue
			}
			if m.hasSeen(mp, s.v, p, seen) {
				return true
			}
		}
	}
	return false
}

// groupHas: capture group name of re, matched against subject (a value
// evaluated at at), can have p.
func (m *varModel) groupHas(at *analyzer.Directive, re *syntax.Regexp, name, subject string, p prop, seen map[string]bool) bool {
	return m.groupHasSubject(at, re, name, subject, p, seen)
}

func (m *varModel) groupHasSubject(at *analyzer.Directive, re *syntax.Regexp, name, subject string, p prop, seen map[string]bool) bool {
	g := findGroup(re, name)
	if g == nil {
		return false
	}
	switch p {
	case propLF:
		// A capture too short for LF, a name and a colon can end the
		// header early but add no header line of its own.
		if !canMatchRune(g, '\n') || maxMatchLen(g) >= 0 && maxMatchLen(g) < 3 {
			return false
		}
	case propCRorLF:
		if !canMatchRune(g, '\n') && !canMatchRune(g, '\r') {
			return false
		}
	case propClient:
		if !isOpen(g) {
			return false
		}
	}
	return m.valueHas(at, subject, p, seen)
}

// captureSource finds the regex whose captures variable name refers to at
// d: the latest rewrite before d in its block or an outer one, else the
// nearest enclosing if or location with a regex. For named captures it
// returns the nearest regex that defines the name. subject is the value the
// regex was matched against.
func (m *varModel) captureSource(d *analyzer.Directive, name string) (*syntax.Regexp, string, *analyzer.Directive) {
	named := !isCapture(name)
	if named && !m.groupNames()[strings.ToLower(name)] {
		return nil, "", nil // no regex of the configuration names it
	}
	for cur := d; cur != nil; cur = cur.Parent {
		for _, s := range cur.Preceding("rewrite") {
			if len(s.Args()) >= 2 {
				if re := parseRegex(s.Arg(0), false); re != nil && (!named || findGroup(re, name) != nil) {
					return re, "$uri", s
				}
			}
		}
		par := cur.Parent
		if par == nil {
			break
		}
		if re, subject := blockRegex(par); re != nil && (!named || findGroup(re, name) != nil) {
			return re, subject, par
		}
	}
	return nil, "", nil
}

// groupNames returns the names of the named captures of the rewrite,
// location and if regexes of the configuration (lower case): a variable of
// another name is no capture, and is looked up without walking back
// through every rewrite before its use.
func (m *varModel) groupNames() map[string]bool {
	if m.groups != nil {
		return m.groups
	}
	m.groups = map[string]bool{}
	add := func(re *syntax.Regexp) {
		var walk func(r *syntax.Regexp)
		walk = func(r *syntax.Regexp) {
			if r.Op == syntax.OpCapture && r.Name != "" {
				m.groups[strings.ToLower(r.Name)] = true
			}
			for _, s := range r.Sub {
				walk(s)
			}
		}
		if re != nil {
			walk(re)
		}
	}
	m.a.Walk(func(d *analyzer.Directive) bool {
		switch d.Name() {
		case "rewrite":
			if len(d.Args()) >= 2 {
				add(parseRegex(d.Arg(0), false))
			}
		case "location", "if":
			re, _ := blockRegex(d)
			add(re)
		}
		return !d.Ctx.IsData()
	})
	return m.groups
}

// blockRegex returns the regex of a location ~ / ~* or of an if with a
// regex match, and the value it is matched against.
func blockRegex(b *analyzer.Directive) (*syntax.Regexp, string) {
	switch b.Name() {
	case "location":
		if len(b.Args()) == 2 && (b.Args()[0].Value() == "~" || b.Args()[0].Value() == "~*") {
			return parseRegex(b.Args()[1].Value(), b.Args()[0].Value() == "~*"), "$uri"
		}
	case "if":
		subj, op, pat := ifParts(b)
		switch op {
		case "~", "~*":
			return parseRegex(pat, op == "~*"), subj
		}
	}
	return nil, ""
}

// ifParts splits `if (subject op pattern)` into its three words.
func ifParts(d *analyzer.Directive) (subject, op, pattern string) {
	var words []string
	for _, a := range d.Args() {
		words = append(words, a.Value())
	}
	if len(words) == 0 {
		return "", "", ""
	}
	words[0] = strings.TrimPrefix(words[0], "(")
	last := len(words) - 1
	words[last] = strings.TrimSuffix(words[last], ")")
	var clean []string
	for _, w := range words {
		if w != "" {
			clean = append(clean, w)
		}
	}
	switch len(clean) {
	case 0:
		return "", "", ""
	case 1:
		return clean[0], "", ""
	case 2:
		return clean[0], clean[1], ""
	}
	return clean[0], clean[1], strings.Join(clean[2:], " ")
}

// parseRegex parses a PCRE pattern as nginx gives it to PCRE, or returns
// nil when Go's parser does not accept it.
func parseRegex(pat string, fold bool) *syntax.Regexp {
	flags := syntax.Perl
	if fold {
		flags |= syntax.FoldCase
	}
	re, err := syntax.Parse(pat, flags)
	if err != nil {
		return nil
	}
	return re
}

// findGroup returns the capture group named name or numbered name.
func findGroup(re *syntax.Regexp, name string) *syntax.Regexp {
	n := -1
	if isCapture(name) {
		n = 0
		for _, c := range name {
			n = n*10 + int(c-'0')
		}
		if n == 0 {
			return re
		}
	}
	var found *syntax.Regexp
	var walk func(r *syntax.Regexp)
	walk = func(r *syntax.Regexp) {
		if found != nil {
			return
		}
		if r.Op == syntax.OpCapture && (r.Cap == n || n < 0 && strings.EqualFold(r.Name, name)) {
			found = r
			return
		}
		for _, s := range r.Sub {
			walk(s)
		}
	}
	walk(re)
	return found
}

// maxMatchLen is the most characters r can match, or -1 when there is no
// bound.
func maxMatchLen(r *syntax.Regexp) int {
	switch r.Op {
	case syntax.OpLiteral:
		return len(r.Rune)
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 1
	case syntax.OpCapture, syntax.OpQuest:
		return maxMatchLen(r.Sub[0])
	case syntax.OpStar, syntax.OpPlus, syntax.OpRepeat:
		n := maxMatchLen(r.Sub[0])
		switch {
		case n == 0:
			return 0
		case n < 0 || r.Op != syntax.OpRepeat || r.Max < 0:
			return -1
		}
		return n * r.Max
	case syntax.OpConcat, syntax.OpAlternate:
		n := 0
		for _, s := range r.Sub {
			m := maxMatchLen(s)
			switch {
			case m < 0:
				return -1
			case r.Op == syntax.OpConcat:
				n += m
			default:
				n = max(n, m)
			}
		}
		return n
	}
	return 0
}

// canMatchRune reports whether r can match a string containing c.
func canMatchRune(r *syntax.Regexp, c rune) bool {
	switch r.Op {
	case syntax.OpLiteral:
		for _, x := range r.Rune {
			if x == c {
				return true
			}
		}
	case syntax.OpCharClass:
		for i := 0; i+1 < len(r.Rune); i += 2 {
			if r.Rune[i] <= c && c <= r.Rune[i+1] {
				return true
			}
		}
	case syntax.OpAnyChar:
		return true
	case syntax.OpAnyCharNotNL:
		return c != '\n'
	case syntax.OpRepeat:
		if r.Max == 0 {
			return false
		}
		return canMatchRune(r.Sub[0], c)
	case syntax.OpCapture, syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpConcat, syntax.OpAlternate:
		for _, s := range r.Sub {
			if canMatchRune(s, c) {
				return true
			}
		}
	}
	return false
}

// isOpen reports whether r matches an open-ended set of strings (a repeat
// or a class of many characters), so the client can steer its value.
func isOpen(r *syntax.Regexp) bool {
	switch r.Op {
	case syntax.OpStar, syntax.OpPlus:
		return true
	case syntax.OpRepeat:
		if r.Max == -1 || r.Max > 1 {
			return true
		}
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return true
	case syntax.OpCharClass:
		n := 0
		for i := 0; i+1 < len(r.Rune); i += 2 {
			n += int(r.Rune[i+1]-r.Rune[i]) + 1
		}
		return n > 2
	}
	for _, s := range r.Sub {
		if isOpen(s) {
			return true
		}
	}
	return false
}

// startsPath reports whether a variable's value always starts with '/',
// so what follows it is no longer the host of a URL: a built-in such as
// $uri, a set whose every value starts so, or a map whose every value
// does (its default included; a map without one gives "" where no key
// matches, and one with an include has values nginx-lint does not see).
// Like has, one question looks at most at hasBudget variables (a variable
// defined from itself, set $p "$p/x", is one of a chain without end).
func (m *varModel) startsPath(d *analyzer.Directive, name string) bool {
	m.left, m.cut = hasBudget, false
	return m.startsPathLeft(d, name)
}

func (m *varModel) startsPathLeft(d *analyzer.Directive, name string) bool {
	if m.left--; m.left < 0 {
		m.cut = true
		return false
	}
	if startsWithSlash[name] {
		return true
	}
	if sets := m.setsFor(d, name); len(sets) > 0 {
		for _, s := range sets {
			if !m.valueStartsPath(s, s.Args()[1].Value()) {
				return false
			}
		}
		return true
	}
	mp := m.maps[name]
	if mp == nil {
		return false
	}
	hasDefault := false
	for _, e := range mp.Children() {
		switch {
		case e.Name() == "include":
			return false
		case len(e.Args()) == 0: // hostnames, volatile
			continue
		case e.Name() == "default":
			hasDefault = true
		}
		if !m.valueStartsPath(mp, e.Args()[0].Value()) {
			return false
		}
	}
	return hasDefault
}

// valueStartsPath reports whether value, evaluated at d, always starts
// with '/'. A regex capture is not followed (its group may match
// anything), nor is a variable that refers to itself.
func (m *varModel) valueStartsPath(d *analyzer.Directive, value string) bool {
	seg := splitVars(value)
	switch {
	case len(seg) == 0:
		return false
	case seg[0].v == "":
		return strings.HasPrefix(seg[0].lit, "/")
	case isCapture(seg[0].v) || m.groupNames()[strings.ToLower(seg[0].v)]:
		return false
	}
	return m.startsPathLeft(d, seg[0].v)
}
