package analyzer

import (
	"strings"

	"github.com/tufanbarisyildirim/gonginx/config"
)

// The typed view of a statement comes from gonginx: its node types interpret
// what a `location` or an upstream `server` line says. Positions and the
// argument order always come from the scanner.

// UpstreamServer returns gonginx's reading of an upstream `server` line:
// its address, key=value parameters (max_fails, weight, …) and flags
// (resolve, backup, down, …), with quotes removed. It is built from the
// scanned arguments with gonginx's own constructor, or, where gonginx's
// parse of the line read it differently (see linkText), taken from the node
// gonginx built. It returns nil for anything but an upstream server line.
func (d *Directive) UpstreamServer() *config.UpstreamServer {
	if !IsUpstreamServer(d) || len(d.Args()) == 0 {
		return nil
	}
	us := d.upstreamNode()
	if us == nil || !fits(us, d) {
		us, _ = config.NewUpstreamServer(d.asGonginx())
		return &config.UpstreamServer{Address: us.Address, Flags: us.Flags, Parameters: us.Parameters}
	}
	// gonginx's node keeps the quotes as written; the constructor is given
	// values as nginx reads them, with quotes and escapes already resolved.
	out := &config.UpstreamServer{Address: unquote(us.Address), Parameters: make(map[string]string, len(us.Parameters))}
	for k, v := range us.Parameters {
		out.Parameters[unquote(k)] = unquote(v)
	}
	for _, f := range us.Flags {
		out.Flags = append(out.Flags, unquote(f))
	}
	return out
}

// HasFlag reports whether an upstream server line carries flag (resolve,
// backup, down, …), as UpstreamServer reads it, without building the
// reading: rules ask it of every server line.
func (d *Directive) HasFlag(flag string) bool {
	if !IsUpstreamServer(d) || len(d.Args()) == 0 {
		return false
	}
	if us := d.upstreamNode(); us != nil && fits(us, d) {
		for _, f := range us.Flags {
			if unquote(f) == flag {
				return true
			}
		}
		return false
	}
	found := false
	serverWords(d, func(word, _, _ string, param bool) bool {
		found = !param && word == flag
		return !found
	})
	return found
}

// Location is how nginx reads a location's arguments.
type Location struct {
	// Modifier is "", "=", "~", "~*", "^~" or "@" (named location).
	Modifier string
	Match    string
	// Arg is the argument holding Match (a glued "~*\.php$" included).
	Arg *Arg
}

// IsRegex reports whether the location matches by regular expression.
func (l Location) IsRegex() bool { return l.Modifier == "~" || l.Modifier == "~*" }

// IsPrefix reports whether the location matches by prefix (plain or ^~).
func (l Location) IsPrefix() bool { return l.Modifier == "" || l.Modifier == "^~" }

// LocationOf reads a location block through gonginx's *config.Location,
// built by gonginx's constructor from the scanned arguments (modifier and
// match), adding the forms nginx accepts that gonginx does not split: a
// modifier glued to its match ("~*\.jpg$", "=/") and named locations
// ("@app"). ok is false for anything but a location with one or two
// arguments. The answer is kept in the block: a dozen rules ask it of every
// location.
func (d *Directive) LocationOf() (loc Location, ok bool) {
	if d.Name() != "location" || d.Block == nil || len(d.Args()) == 0 || len(d.Args()) > 2 {
		return Location{}, false
	}
	if d.Block.loc == nil {
		l, ok := d.readLocation()
		if !ok {
			return Location{}, false
		}
		d.Block.loc = l
	}
	return *d.Block.loc, true
}

// readLocation is LocationOf without the cache.
func (d *Directive) readLocation() (*Location, bool) {
	var loc Location
	gl, err := config.NewLocation(d.asGonginx())
	if err != nil {
		return nil, false
	}
	loc = Location{Modifier: gl.Modifier, Match: gl.Match, Arg: d.Args()[len(d.Args())-1]}
	if len(d.Args()) == 1 {
		// nginx splits a glued modifier itself (ngx_http_core_location),
		// a bare one too: `location ~* {` is the empty regex.
		m := loc.Match
		switch {
		case strings.HasPrefix(m, "@"):
			loc.Modifier, loc.Match = "@", m[1:]
		case strings.HasPrefix(m, "^~"):
			loc.Modifier, loc.Match = "^~", m[2:]
		case strings.HasPrefix(m, "~*"):
			loc.Modifier, loc.Match = "~*", m[2:]
		case strings.HasPrefix(m, "~"):
			loc.Modifier, loc.Match = "~", m[1:]
		case strings.HasPrefix(m, "="):
			loc.Modifier, loc.Match = "=", m[1:]
		}
	}
	return &loc, true
}

// asGonginx is the statement as a plain gonginx directive (values as nginx
// reads them), for gonginx's typed constructors.
func (d *Directive) asGonginx() *config.Directive {
	g := &config.Directive{Name: d.Name(), Parameters: make([]config.Parameter, 0, len(d.Args()))}
	for _, a := range d.Args() {
		g.Parameters = append(g.Parameters, config.Parameter{Value: a.Value()})
	}
	return g
}

// unquote removes the quotes gonginx keeps around a value.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return unescape(s[1 : len(s)-1])
	}
	return s
}
