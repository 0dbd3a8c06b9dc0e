package rules

import (
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

func init() {
	register(&analyzer.Rule{
		ID:        "invalid-args",
		Versioned: true,
		NginxT:    true,
		Title:     "Wrong number or kind of arguments for a directive: nginx refuses to start",
		Severity:  analyzer.Error,
		Default:   true,
		Run:       runInvalidArgs,
	})
}

func runInvalidArgs(p *analyzer.Pass) {
	env := directives.EnvOf(p.Config)
	walkClassified(p, env, func(c classified) {
		if c.res.Verdict != directives.OK {
			return
		}
		checkArgs(p, c.d, c.res.Spec, env)
		checkStartupArgs(p, c.d, c.res.Spec, env)
	})
	checkLogFormats(p)
	checkDataEntries(p)
}

func checkArgs(p *analyzer.Pass, d *analyzer.Directive, s *directives.Spec, env *directives.Env) {
	switch {
	case s.IsBlock() && d.Block == nil:
		p.Reportf(d, d.End(), "%q takes a { } block, but this one ends with \";\"", d.Name()).
			Note("nginx refuses to start: directive %q has no opening \"{\"", d.Name())
		return
	case !s.IsBlock() && d.Block != nil:
		// Usually a missing `;` that let the directive run on into the next
		// statement's block: missing-semicolon reports that, with the fix.
		if ranOn(p, d) {
			return
		}
		p.Reportf(d, d.End(), "%q is a simple directive and takes no { } block", d.Name()).
			Note("nginx refuses to start: directive %q is not terminated by \";\"", d.Name())
		return
	}
	n := len(d.Args())
	if ranOn(p, d) {
		return // a missing ";": missing-semicolon reports it, once
	}
	if !directives.ArgsOK(s, n) {
		at := d.NameRange()
		if n > 0 {
			at = analyzer.Range{Start: d.Args()[0].Range().Start, End: d.Args()[n-1].Range().End}
		}
		f := p.Reportf(d, at, "%q takes %s, not %d", d.Name(), directives.ArgsText(s), n).
			Note("nginx refuses to start: invalid number of arguments in %q directive", d.Name())
		if s.Syntax != "" {
			f.Note("syntax: %s", s.Syntax)
		}
		return
	}
	// Open-source on/off directives all use nginx's flag handler; some
	// third-party modules declare FLAG for other values.
	if s.Args&directives.Flag != 0 && s.Family == "" {
		a := d.Args()[0]
		if !strings.EqualFold(a.Value(), "on") && !strings.EqualFold(a.Value(), "off") {
			p.Reportf(d, a.Range(), "%q takes on or off, not %q", d.Name(), analyzer.Snippet(a.Value())).
				Note("nginx refuses to start: invalid value %q in %q directive, it must be \"on\" or \"off\"", a.Value(), d.Name())
		}
	}
	if s.Args&directives.Flag != 0 {
		return
	}
	checkParamVersions(p, d, env)
	kinds := directives.ArgKinds(s)
	if len(kinds) != n {
		return
	}
	for i, k := range kinds {
		a := d.Args()[i]
		if a.HasVar() {
			continue
		}
		v := a.Value()
		switch k {
		case directives.KSize:
			if !directives.ValidSize(v) {
				p.Reportf(d, a.Range(), "%q is not a size that %q reads", analyzer.Snippet(v), d.Name()).
					Note("nginx refuses to start: %q directive invalid value", d.Name()).
					Note("a size is a number with an optional k, m or g unit, e.g. 16k or 10m")
			}
		case directives.KTime:
			if _, ok := directives.ParseTime(v); !ok {
				p.Reportf(d, a.Range(), "%q is not a time that %q reads", analyzer.Snippet(v), d.Name()).
					Note("nginx refuses to start: %q directive invalid value", d.Name()).
					Note("a time takes the units ms, s, m, h, d, w, M, y, largest first, e.g. 30s or 1m30s; no unit means seconds")
			}
		case directives.KNumber:
			if !directives.ValidNumber(v) {
				p.Reportf(d, a.Range(), "%q is not a number: %q expects a whole number here", analyzer.Snippet(v), d.Name()).
					Note("nginx refuses to start: %q directive invalid value", d.Name())
			}
		}
	}
}

// checkStartupArgs runs the checks of arguments nginx makes beyond their
// number and kind (addresses, parameters, codes), for a directive whose
// argument count is right.
func checkStartupArgs(p *analyzer.Pass, d *analyzer.Directive, s *directives.Spec, env *directives.Env) {
	if !directives.ArgsOK(s, len(d.Args())) || s.IsBlock() != (d.Block != nil) {
		return
	}
	// A ';' missing after d: missing-semicolon reports it, with the fix.
	if ranOn(p, d) {
		return
	}
	switch {
	case strings.HasSuffix(d.Name(), "_pass"):
		checkPassURL(p, d)
	case d.Name() == "server":
		checkUpstreamServer(p, d)
	case d.Name() == "listen":
		checkListen(p, d, env)
	case d.Name() == "if":
		checkIfCondition(p, d)
	default:
		checkValueForms(p, d)
		checkFixedValues(p, d)
		checkCodes(p, d)
		checkMoreParams(p, d)
	}
}

// paramSince lists parameters nginx added after their directive, by
// directive and by the parameter's name (the text before '=').
var paramSince = map[string]map[string]string{
	"server": { // upstream server
		"resolve": "1.27.3", "service": "1.27.3",
	},
	"add_header":       {"always": "1.7.5"},
	"add_trailer":      {"always": "1.13.2"},
	"proxy_cache_path": {"min_free": "1.19.1", "manager_threshold": "1.11.5", "use_temp_path": "1.7.10"},
	"resolver":         {"ipv4": "1.23.1", "ipv6": "1.5.8"},
	"access_log":       {"if": "1.7.0"},
}

// checkParamVersions reports parameters newer than the target nginx.
func checkParamVersions(p *analyzer.Pass, d *analyzer.Directive, env *directives.Env) {
	if env.Version == "" {
		return
	}
	params := paramSince[d.Name()]
	if len(params) == 0 {
		return
	}
	if d.Name() == "server" && d.Ctx != analyzer.CtxUpstream && d.Ctx != analyzer.CtxStreamUpstrm {
		return
	}
	for i, a := range d.Args() {
		if i == 0 {
			continue // the address or path
		}
		key, _, _ := strings.Cut(a.Value(), "=")
		if v, ok := params[key]; ok && !analyzer.VersionAtLeast(env.Version, v) {
			p.Reportf(d, a.Range(), "the %q parameter of %q needs nginx %s; the target is %s", analyzer.Snippet(key), d.Name(), v, env.Version).
				Note("nginx refuses to start: invalid parameter %q", a.Value())
		}
	}
}
