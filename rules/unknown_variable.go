package rules

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

func init() {
	register(&analyzer.Rule{
		ID:        "unknown-variable",
		Versioned: true,
		NginxT:    true,
		Title:     "A $variable nginx does not know, or a built-in one redefined: nginx refuses to start",
		Severity:  analyzer.Error,
		Default:   true,
		Run:       runUnknownVariable,
	})
}

// varUse is one $reference in a value nginx compiles, as nginx's script
// compiler reads it.
type varUse struct {
	off, end int    // bytes of the reference in the value, '$' included
	name     string // lower case; "" for a capture or an error
	err      string // nginx's message when the reference does not compile
}

// scanVarRefs reads the $references of a value the way nginx compiles a
// value with variables: "$" then one digit 1-9 is a capture (when captures
// is set), "${name}" or "$name" of letters, digits and '_' is a variable;
// a "$" with no name is an invalid variable name and "${name" without its
// '}' is refused.
func scanVarRefs(v string, captures bool) []varUse {
	var out []varUse
	for i := 0; i < len(v); i++ {
		if v[i] != '$' {
			continue
		}
		start := i
		i++
		if i == len(v) {
			out = append(out, varUse{off: start, end: i, err: "invalid variable name"})
			break
		}
		if captures && v[i] >= '1' && v[i] <= '9' {
			out = append(out, varUse{off: start, end: i + 1})
			continue
		}
		bracket := v[i] == '{'
		if bracket {
			i++
		}
		j := i
		for j < len(v) && isVarByte(v[j]) {
			j++
		}
		name := v[i:j]
		switch {
		case bracket && (j == len(v) || v[j] != '}'):
			out = append(out, varUse{off: start, end: j, err: fmt.Sprintf("the closing bracket in %q variable is missing", name)})
			return out
		case bracket:
			j++
		}
		if name == "" {
			out = append(out, varUse{off: start, end: j, err: "invalid variable name"})
			return out
		}
		out = append(out, varUse{off: start, end: j, name: strings.ToLower(name)})
		i = j - 1
	}
	return out
}

func isVarByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// varNamespace is where a directive's variables are looked up: http or
// stream (ok false for main, events, mail and the rest).
func varNamespace(d *analyzer.Directive) (directives.VarNamespace, bool) {
	for cur := d; cur != nil; cur = cur.Parent {
		switch {
		case cur.Ctx.IsData():
			continue
		case cur.Ctx.IsHTTP():
			return directives.HTTPVars, true
		case cur.Ctx.IsStream():
			return directives.StreamVars, true
		}
		return 0, false
	}
	return 0, false
}

// setsVar are directives whose first argument names the variable they
// define; valueAt is the argument nginx compiles (-1: none).
var setsVar = map[string]int{"set": 1, "auth_request_set": 1, "perl_set": -1, "js_set": -1, "js_var": 1}

// compiledArgs returns the indexes of d's arguments that nginx compiles as
// values with variables, and the index of the argument naming the variable
// d defines (-1 when none). Directives not listed here are not judged.
func compiledArgs(d *analyzer.Directive, stream bool) (args []int, target int) {
	n := len(d.Args())
	all := func(from int) []int {
		var out []int
		for i := from; i < n; i++ {
			out = append(out, i)
		}
		return out
	}
	one := func(i int) []int {
		if i >= 0 && i < n {
			return []int{i}
		}
		return nil
	}
	name := d.Name()
	if at, ok := setsVar[name]; ok {
		if at < 0 || stream && name != "set" {
			return nil, 0
		}
		return one(at), 0
	}
	switch name {
	case "map", "split_clients":
		return one(0), 1
	case "geo":
		// Its source is not compiled: it names one variable (see
		// runUnknownVariable).
		if n == 2 {
			return nil, 1
		}
		return nil, 0
	case "proxy_pass", "proxy_bind", "proxy_ssl_name", "proxy_ssl_certificate", "proxy_ssl_certificate_key",
		"ssl_certificate", "ssl_certificate_key", "limit_conn_zone", "hash":
		return one(0), -1
	case "return", "access_log":
		return all(0), -1
	case "log_format":
		return all(1), -1
	}
	if stream {
		switch name {
		case "pass", "proxy_upload_rate", "proxy_download_rate":
			return one(0), -1
		}
		return nil, -1
	}
	switch name {
	case "add_header", "add_trailer", "proxy_set_header", "grpc_set_header",
		"fastcgi_param", "uwsgi_param", "scgi_param", "rewrite":
		return one(1), -1
	case "fastcgi_pass", "uwsgi_pass", "scgi_pass", "grpc_pass", "memcached_pass",
		"proxy_set_body", "proxy_cache_key", "fastcgi_cache_key", "uwsgi_cache_key", "scgi_cache_key",
		"root", "alias", "limit_req_zone", "secure_link", "secure_link_md5",
		"auth_basic", "auth_basic_user_file", "limit_rate", "limit_rate_after",
		"fastcgi_bind", "uwsgi_bind", "scgi_bind", "grpc_bind", "memcached_bind",
		"grpc_ssl_name", "uwsgi_ssl_name", "proxy_method",
		"proxy_cache", "fastcgi_cache", "uwsgi_cache", "scgi_cache":
		return one(0), -1
	case "proxy_cache_bypass", "proxy_no_cache", "fastcgi_cache_bypass", "fastcgi_no_cache",
		"uwsgi_cache_bypass", "uwsgi_no_cache", "scgi_cache_bypass", "scgi_no_cache",
		"try_files", "index", "sub_filter":
		return all(0), -1
	case "error_page":
		return one(n - 1), -1
	case "proxy_redirect", "proxy_cookie_domain", "proxy_cookie_path":
		if n == 2 && !strings.HasPrefix(d.Args()[0].Value(), "~") {
			return all(0), -1
		}
		return one(1), -1
	}
	return nil, -1
}

// namedCapture finds the named groups of PCRE patterns: (?<name>…),
// (?P<name>…) and (?'name'…).
var namedCapture = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\(\?(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')`)
})

// varDefs are the variables a configuration defines, per namespace.
type varDefs [2]map[string]*analyzer.Directive

func (v varDefs) add(ns directives.VarNamespace, name string, d *analyzer.Directive) {
	name = strings.ToLower(name)
	if _, ok := v[ns][name]; !ok {
		v[ns][name] = d
	}
}

// soleVar returns the name of a value that is exactly one $name or
// ${name}, or "".
func soleVar(v string) string {
	refs := scanVarRefs(v, false)
	if len(refs) == 1 && refs[0].name != "" && refs[0].off == 0 && refs[0].end == len(v) {
		return refs[0].name
	}
	return ""
}

func runUnknownVariable(p *analyzer.Pass) {
	env := directives.EnvOf(p.Config)
	// A fragment's variables may be defined where it is included, and a
	// third-party module may define its own: judge only what is known.
	modPrefixes, anyVar := moduleVars(p, env)
	judge := wholeConfig(p) && !anyVar
	defs := varDefs{{}, {}}
	type use struct {
		d    *analyzer.Directive
		a    *analyzer.Arg
		ns   directives.VarNamespace
		caps bool
	}
	var sources []use // geo's source variables (see below)
	var uses []use
	p.Walk(func(d *analyzer.Directive) bool {
		ns, ok := varNamespace(d)
		if !ok {
			return !d.Ctx.IsData()
		}
		// Named captures of any regex define variables; a word that is one
		// $name where nginx does not compile it (js_set, geoip2's entries,
		// a module nginx-lint does not describe) is taken as a definition.
		captures := func(w string) {
			if !strings.Contains(w, "(?") {
				return // no named group; the regex need not run
			}
			for _, m := range namedCapture().FindAllStringSubmatch(w, -1) {
				defs.add(ns, m[1]+m[2], d)
			}
		}
		captures(d.Name()) // a map key is the entry's name
		for _, a := range d.Args() {
			captures(a.Value())
		}
		if n := soleVar(d.Name()); n != "" {
			defs.add(ns, n, d)
		}
		if d.Ctx.IsData() {
			if d.Parent != nil && d.Parent.Name() == "map" && len(d.Args()) > 0 {
				switch d.Name() {
				case "hostnames", "volatile", "include":
				default:
					uses = append(uses, use{d, d.Args()[0], ns, true})
				}
			}
			return true
		}
		args, target := compiledArgs(d, ns == directives.StreamVars)
		if args == nil && target < 0 {
			for _, a := range d.Args() {
				if n := soleVar(a.Value()); n != "" {
					defs.add(ns, n, d)
				}
			}
		}
		if target >= 0 && target < len(d.Args()) {
			if n := soleVar(d.Args()[target].Value()); n != "" {
				defs.add(ns, n, d)
				checkRedefinition(p, d, d.Args()[target], ns, n)
			}
		}
		for _, i := range args {
			uses = append(uses, use{d, d.Args()[i], ns, d.Name() != "log_format"})
		}
		if d.Name() == "geo" && len(d.Args()) == 2 {
			sources = append(sources, use{d, d.Args()[0], ns, false})
		}
		if d.Name() == "if" {
			for _, a := range ifCompiled(d) {
				uses = append(uses, use{d, a, ns, true})
			}
		}
		checkCaptureNames(p, d, ns)
		return true
	})
	known := func(ns directives.VarNamespace, name string) bool {
		return directives.BuiltinVar(ns, name) || defs[ns][name] != nil || hasAnyPrefix(name, modPrefixes)
	}
	unknown := func(d *analyzer.Directive, at analyzer.Range, ns directives.VarNamespace, name string) {
		f := p.Reportf(d, at, "unknown %q variable", analyzer.Snippet(name)).
			Note("nginx refuses to start: no module of the target nginx defines $%s, and no set, map, geo, split_clients or named regex capture of this configuration does", name)
		if alt := suggestVar(ns, name, defs); alt != "" {
			f.Note("did you mean $%s?", alt)
		} else {
			f.Note("define it (set, map) or use one of nginx's variables; a module's own variables are known once its module is declared (--module)")
		}
	}
	for _, u := range sources {
		if !judge {
			break
		}
		// nginx takes all the text after geo's "$" as the name of one
		// variable, not as a value: $remote_addr$arg_x names a variable
		// "remote_addr$arg_x", ${remote_addr} one named "{remote_addr}"
		// (measured on nginx 1.22.1, which refuses both, naming them in
		// lower case, and a source without "$": invalid variable name).
		v := u.a.Value()
		switch name := strings.ToLower(strings.TrimPrefix(v, "$")); {
		case !strings.HasPrefix(v, "$"):
			p.Reportf(u.d, u.a.Range(), "invalid variable name %q", analyzer.Snippet(v)).
				Note("nginx refuses to start: %s reads the address to look up from one variable, written $name ($remote_addr by default)", u.d.Name())
		case envsubstName(v) || known(u.ns, name):
		case soleVar(v) == "":
			p.Reportf(u.d, u.a.Range(), "unknown %q variable", analyzer.Snippet(name)).
				Note("nginx refuses to start: %s takes all the text after \"$\" as the name of one variable, and none is named so", u.d.Name()).
				Note("name one variable ($remote_addr, $http_x_forwarded_for), or set one to the value first and name it")
		default:
			unknown(u.d, u.a.Range(), u.ns, name)
		}
	}
	// A "$" without a valid name is an error wherever the file is
	// included and whatever modules define: it is reported even where
	// what is defined cannot be judged.
	for _, u := range uses {
		v := u.a.Value()
		for _, r := range scanVarRefs(v, u.caps) {
			at := valueRange(u.d, u.a, r.off, r.end)
			if r.err != "" {
				p.Reportf(u.d, at, "%s", r.err).
					Note("nginx refuses to start: a \"$\" in %q starts a variable, and this one has no valid name", u.d.Name()).
					Note("write the name as $name or ${name}; nginx has no escape for a literal \"$\" (a map or geo whose value is \"$\" gives one)")
				break
			}
			if !judge || r.name == "" || known(u.ns, r.name) {
				continue
			}
			if u.d.Name() == "log_format" && r.name[0] >= '0' && r.name[0] <= '9' || envsubstName(v[r.off:r.end]) {
				continue
			}
			unknown(u.d, at, u.ns, r.name)
		}
	}
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// envsubstName reports whether a reference is written in capitals ($PORT,
// ${BACKEND_HOST}): the placeholder of a template filled by envsubst or a
// shell, not a variable nginx is meant to see.
func envsubstName(ref string) bool {
	name := strings.Trim(ref, "${}")
	return name != "" && strings.ToUpper(name) == name && strings.ToLower(name) != name
}

// ifCompiled returns the arguments of an if condition that nginx compiles
// as values: the operand of -f, -d, -e, -x (and their negations) and the
// value compared with = or !=. The variable tested is the first word.
func ifCompiled(d *analyzer.Directive) []*analyzer.Arg {
	n := len(d.Args())
	if n == 0 {
		return nil
	}
	first := strings.TrimPrefix(d.Args()[0].Value(), "(")
	if first == "" && n > 1 {
		return ifCompiledFrom(d.Args()[1:])
	}
	return ifCompiledFrom(d.Args())
}

func ifCompiledFrom(args []*analyzer.Arg) []*analyzer.Arg {
	var out []*analyzer.Arg
	if len(args) == 0 {
		return nil
	}
	first := strings.TrimSuffix(strings.TrimPrefix(args[0].Value(), "("), ")")
	switch {
	case strings.HasPrefix(first, "-") || strings.HasPrefix(first, "!-"):
		if len(args) > 1 {
			out = append(out, args[1])
		}
	case strings.HasPrefix(first, "$") && soleVar(first) != "":
		out = append(out, args[0])
		if len(args) >= 3 && (args[1].Value() == "=" || args[1].Value() == "!=") {
			out = append(out, args[2])
		}
	}
	return out
}

// valueRange is the position of bytes off..end of an argument's value: exact
// when the value is the argument's text (quotes aside), else the argument.
func valueRange(d *analyzer.Directive, a *analyzer.Arg, off, end int) analyzer.Range {
	r := a.Range()
	raw, v := a.Raw(), a.Value()
	q := 0
	if a.Quote() != 0 {
		q = 1
	}
	if len(raw) != len(v)+2*q || raw[q:q+len(v)] != v || d.File == nil {
		return r
	}
	// Trailing ')' of an if condition is part of the word but not of the value nginx compiles.
	end = min(end, len(v))
	return d.File.Range(r.Start.Offset+q+off, r.Start.Offset+q+end)
}

// suggestVar returns a known variable close to name, or "".
func suggestVar(ns directives.VarNamespace, name string, defs varDefs) string {
	cands := directives.BuiltinVarNames(ns)
	for n := range defs[ns] {
		cands = append(cands, n)
	}
	sort.Strings(cands)
	limit := 2
	if len(name) <= 4 {
		limit = 1
	}
	best, bestDist := "", limit+1
	for _, c := range cands {
		if d := analyzer.EditDistance(name, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// checkRedefinition reports a set, map, geo, split_clients or
// auth_request_set that defines a built-in variable nginx does not let a
// configuration change.
func checkRedefinition(p *analyzer.Pass, d *analyzer.Directive, a *analyzer.Arg, ns directives.VarNamespace, name string) {
	if !directives.FixedVar(ns, name) {
		return
	}
	p.Reportf(d, a.Range(), "the duplicate %q variable", name).
		Note("nginx refuses to start: $%s is one of nginx's own variables, and %q cannot define it again", name, d.Name()).
		Note("give the variable another name")
}

// checkCaptureNames reports a named capture of a regex nginx compiles that
// has the name of a built-in variable nginx does not let it change.
func checkCaptureNames(p *analyzer.Pass, d *analyzer.Directive, ns directives.VarNamespace) {
	if ns != directives.HTTPVars {
		return
	}
	var re *analyzer.Arg
	switch d.Name() {
	case "location":
		if len(d.Args()) == 2 && strings.HasPrefix(d.Args()[0].Value(), "~") {
			re = d.Args()[1]
		} else if len(d.Args()) == 1 && strings.HasPrefix(d.Args()[0].Value(), "~") {
			re = d.Args()[0]
		}
	case "rewrite":
		if len(d.Args()) >= 2 {
			re = d.Args()[0]
		}
	case "if":
		for i, a := range d.Args() {
			if v := a.Value(); (v == "~" || v == "~*" || v == "!~" || v == "!~*") && i+1 < len(d.Args()) {
				re = d.Args()[i+1]
			}
		}
	}
	if re == nil {
		return
	}
	for _, m := range namedCapture().FindAllStringSubmatch(re.Value(), -1) {
		name := strings.ToLower(m[1] + m[2])
		if directives.FixedVar(ns, name) {
			p.Reportf(d, re.Range(), "the duplicate %q variable", name).
				Note("nginx refuses to start: a named capture defines a variable, and $%s is one of nginx's own", name).
				Note("rename the capture group")
		}
	}
}
