package analyzer

import "strings"

// Array directives: nginx keeps every occurrence at one configuration level
// as a list and inherits the list as a whole. A level that has any of them
// replaces (does not extend) what the outer levels set; a level without any
// inherits the nearest outer list. add_header and add_trailer can change
// that with add_header_inherit / add_trailer_inherit (nginx 1.29.3).
var inheritDirective = map[string]string{
	"add_header":          "add_header_inherit",
	"add_trailer":         "add_trailer_inherit",
	"proxy_set_header":    "",
	"grpc_set_header":     "",
	"fastcgi_param":       "",
	"uwsgi_param":         "",
	"scgi_param":          "",
	"proxy_hide_header":   "",
	"fastcgi_hide_header": "",
	"uwsgi_hide_header":   "",
	"scgi_hide_header":    "",
	"grpc_hide_header":    "",
}

// InheritModeSince is the nginx version that added add_header_inherit and
// add_trailer_inherit.
const InheritModeSince = "1.29.3"

// Inherit modes of add_header_inherit / add_trailer_inherit.
const (
	InheritOn    = "on"    // the default: inherit only when the level has none
	InheritOff   = "off"   // never inherit
	InheritMerge = "merge" // outer values first, then this level's
)

// IsArrayDirective reports whether name is inherited as a list by
// replacement (add_header, proxy_set_header, fastcgi_param, …).
func IsArrayDirective(name string) bool {
	_, ok := inheritDirective[name]
	return ok
}

// Level is one configuration level: a block directive, or nil for the top
// level of the linted file.
func levelChildren(a *Analysis, level *Directive) *kidIndex {
	if level == nil {
		return a.Root.index()
	}
	return level.index()
}

// levelChain returns level and its enclosing levels, innermost first, ending
// with nil (the top level).
func levelChain(level *Directive) []*Directive {
	var out []*Directive
	for l := level; l != nil; l = l.Parent {
		out = append(out, l)
	}
	return append(out, nil)
}

// InheritMode returns the add_header_inherit (or add_trailer_inherit) mode in
// effect at level for the array directive name: the nearest level that sets
// it wins, the last valid value at a level counts. It is InheritOn for
// directives without such a switch and when the config targets nginx older
// than 1.29.3, which does not know the directive.
func (a *Analysis) InheritMode(level *Directive, name string) string {
	sw := inheritDirective[name]
	if sw == "" || (a.Config != nil && !VersionAtLeast(a.Config.NginxVersion, InheritModeSince)) {
		return InheritOn
	}
	for _, l := range levelChain(level) {
		mode := ""
		for _, d := range levelChildren(a, l).find(sw) {
			switch v := strings.ToLower(d.Arg(0)); v {
			case InheritOn, InheritOff, InheritMerge:
				mode = v
			}
		}
		if mode != "" {
			return mode
		}
	}
	return InheritOn
}

// Effective returns the directives named name (add_header, proxy_set_header,
// fastcgi_param, …) whose values are in effect at level (a block directive;
// nil for the top level of the linted file), in the order nginx applies
// them. It follows nginx's merge: a level with its own directives replaces
// the inherited list, unless add_header_inherit says merge (outer list, then
// this level's) or off (this level's only, even when empty).
func (a *Analysis) Effective(level *Directive, name string) []*Directive {
	chain := levelChain(level)
	var eff []*Directive
	for i := len(chain) - 1; i >= 0; i-- {
		l := chain[i]
		own := levelChildren(a, l).find(name)
		switch a.InheritMode(l, name) {
		case InheritOff:
			eff = own
		case InheritMerge:
			eff = append(append([]*Directive(nil), eff...), own...)
		default:
			if len(own) > 0 {
				eff = own
			}
		}
	}
	return eff
}

// EffectiveAt is Effective for the level directive d stands in.
func (a *Analysis) EffectiveAt(d *Directive, name string) []*Directive {
	return a.Effective(d.Parent, name)
}

// FieldName is the lower-case field name an array directive sets: the header
// of add_header / proxy_set_header / *_hide_header, the parameter of
// *_param (parameter names are case-sensitive in nginx but compared here
// without case, as backends read them).
func FieldName(d *Directive) string {
	return strings.ToLower(d.Arg(0))
}

// EffectiveField returns the last directive in effect at level that sets the
// field (case-insensitive), or nil.
func (a *Analysis) EffectiveField(level *Directive, name, field string) *Directive {
	field = strings.ToLower(field)
	var out *Directive
	for _, d := range a.Effective(level, name) {
		if FieldName(d) == field {
			out = d
		}
	}
	return out
}
