package rules

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

func init() {
	register(&analyzer.Rule{
		ID:        "duplicate-directive",
		Versioned: true,
		NginxT:    true,
		Title:     "A directive repeated where nginx allows it once: a start-up error, or ignored",
		Severity:  analyzer.Error,
		Default:   true,
		Run:       runDuplicateDirective,
	})
}

// onceAlways are directives nginx refuses to see twice in one block that
// the measured table in analyzer/directives does not reach.
var onceAlways = map[string]bool{
	"fastcgi_pass": true, "uwsgi_pass": true, "scgi_pass": true, "grpc_pass": true,
	"memcached_pass": true, "auth_basic_user_file": true, "fastcgi_index": true,
}

// topBlocks may appear once in the main context.
var topBlocks = map[string]bool{"events": true, "http": true, "stream": true, "mail": true}

// once reports whether nginx rejects a second occurrence of the directive
// (row s) in one block.
func once(name string, s *directives.Spec) bool {
	return onceAlways[name] || (s != nil && directives.Once(s))
}

func runDuplicateDirective(p *analyzer.Pass) {
	env := directives.EnvOf(p.Config)
	var blocks [][]*analyzer.Directive
	blocks = append(blocks, p.Analysis.Root.Children())
	p.Walk(func(d *analyzer.Directive) bool {
		if d.Ctx.IsData() || d.Ctx == analyzer.CtxUnknown {
			return false
		}
		if d.Block != nil && !d.Block.Raw {
			blocks = append(blocks, d.Children())
		}
		return true
	})
	for _, kids := range blocks {
		duplicatesIn(p, env, kids)
		duplicateLocations(p, kids)
		duplicateLimits(p, kids)
	}
	duplicateZones(p)
	listenConflicts(p)
	addressPairs(p, env)
	duplicateNames(p)
	duplicateModules(p)
	duplicateMapKeys(p)
}

// duplicateMapKeys reports what nginx refuses of a map's entries: a
// second default, and a string key given twice, compared without case
// (nginx 1.22.1: duplicate default map parameter; conflicting parameter
// "a" for A and a, even with the same value). Regex keys may repeat; a key
// escaped with "\" is the string after it.
func duplicateMapKeys(p *analyzer.Pass) {
	p.Each([]string{"map"}, func(m *analyzer.Directive) {
		if m.Block == nil {
			return
		}
		seen := map[string]bool{}
		hasDefault := false
		for _, e := range m.Children() {
			key := e.Name()
			switch {
			case len(e.Args()) != 1, strings.HasPrefix(key, "~"):
				continue // hostnames, volatile, include; regex keys
			case key == "default":
				if hasDefault {
					p.Reportf(e, e.NameRange(), "duplicate default map parameter").
						Note("nginx refuses to start: a map has one default value; this is a second")
				}
				hasDefault = true
				continue
			}
			key = strings.ToLower(strings.TrimPrefix(key, "\\"))
			if seen[key] {
				p.Reportf(e, e.NameRange(), "conflicting parameter %q", analyzer.Snippet(key)).
					Note("nginx refuses to start: the map already has this key (keys are compared without case), even where the values agree").
					Note("keep one line for it")
			}
			seen[key] = true
		}
	})
}

// duplicateModules reports a module loaded twice by load_module (the file
// name is the module's, by the convention every build follows).
func duplicateModules(p *analyzer.Pass) {
	seen := map[string]*analyzer.Directive{}
	for _, d := range p.Analysis.ModuleLoads().Loaded {
		name := analyzer.ModuleName(d.Args()[0].Value())
		if first, dup := seen[name]; dup {
			f := p.Reportf(d, d.Args()[0].Range(), "module %q is already loaded at %s", analyzer.Snippet(name), shortWhere(first, d)).
				Note("nginx refuses to start: module %q is already loaded", name)
			fullWhere(f, first, d).
				Note("remove one of the two load_module lines").
				Relate(first.Args()[0].Range(), "first loaded here")
			continue
		}
		seen[name] = d
	}
}

// namedOnce are directives whose first argument names something that may
// be defined once: nginx refuses a second definition of the same name.
var namedOnce = map[string]string{
	"log_format":  "duplicate \"log_format\" name %q",
	"upstream":    "duplicate upstream %q",
	"thread_pool": "duplicate thread pool %q",
}

// duplicateNames reports a log_format, upstream or thread_pool name defined
// twice (log_format "combined" is predefined).
func duplicateNames(p *analyzer.Pass) {
	seen := map[string]*analyzer.Directive{}
	p.Each([]string{"log_format", "upstream", "thread_pool"}, func(d *analyzer.Directive) {
		if d.Ctx == analyzer.CtxUnknown {
			return
		}
		format := namedOnce[d.Name()]
		if len(d.Args()) == 0 || (d.Name() == "upstream" && d.Block == nil) {
			return
		}
		name := d.Args()[0].Value()
		family := "http"
		if d.Ctx.IsStream() {
			family = "stream"
		}
		key := family + " " + d.Name() + " " + name
		nginxMsg := fmt.Sprintf(format, name)
		if d.Name() == "log_format" && name == "combined" {
			p.Reportf(d, d.Args()[0].Range(), "log_format \"combined\" is predefined by nginx and cannot be redefined").
				Note("nginx refuses to start: %s", nginxMsg).
				Note("give this format another name")
			return
		}
		if first, dup := seen[key]; dup {
			f := p.Reportf(d, d.Args()[0].Range(), "%s %q is already defined at %s", d.Name(), analyzer.Snippet(name), shortWhere(first, d)).
				Note("nginx refuses to start: %s", nginxMsg)
			fullWhere(f, first, d).
				Note("remove one of the two, or give this one another name").
				Relate(first.Args()[0].Range(), "first defined here")
			return
		}
		seen[key] = d
	})
}

// duplicatesIn reports single-valued directives repeated among one block's
// directives (includes expanded).
func duplicatesIn(p *analyzer.Pass, env *directives.Env, kids []*analyzer.Directive) {
	// Most blocks have a few statements: a list searched in place costs
	// less than a map per block.
	var (
		few  []*analyzer.Directive
		many map[string]*analyzer.Directive
	)
	if len(kids) > 16 {
		many = map[string]*analyzer.Directive{}
	}
	seenAs := func(key string) (*analyzer.Directive, bool) {
		if many != nil {
			d, ok := many[key]
			return d, ok
		}
		for _, d := range few {
			if d.Name() == key || (key == "root" && d.Name() == "alias") {
				return d, true
			}
		}
		return nil, false
	}
	for _, d := range kids {
		if d.Ctx.IsData() || d.Ctx == analyzer.CtxUnknown || (d.Block != nil && !topBlocks[d.Name()]) {
			continue
		}
		key := d.Name()
		if d.Name() == "alias" {
			key = "root" // nginx keeps one of the two
		}
		res := env.Classify(d.Name(), d.Ctx)
		single := once(d.Name(), res.Spec) || topBlocks[d.Name()] && d.Ctx == analyzer.CtxMain
		if res.Verdict != directives.OK || !single {
			continue
		}
		first, dup := seenAs(key)
		if !dup {
			if many != nil {
				many[key] = d
			} else {
				few = append(few, d)
			}
			continue
		}
		if first.Name() != d.Name() {
			f := p.Reportf(d, d.NameRange(), "%q after %q (%s) in the same block", d.Name(), first.Name(), shortWhere(first, d)).
				Note("nginx refuses to start: %q directive is duplicate, %q directive was specified earlier", d.Name(), first.Name()).
				Note("a location has a root or an alias, not both: keep one")
			fullWhere(f, first, d).Relate(first.NameRange(), "first set here")
			continue
		}
		f := p.Reportf(d, d.NameRange(), "%q is duplicate: %s already sets it in this block", d.Name(), shortWhere(first, d)).
			Note("nginx refuses to start: %q directive is duplicate", d.Name())
		fullWhere(f, first, d).
			Note("remove one of the two").
			Relate(first.NameRange(), "first set here")
	}
}

// duplicateLimits reports, in one block, a second limit_except, and a
// limit_req or limit_conn on a zone the block already limits by.
func duplicateLimits(p *analyzer.Pass, kids []*analyzer.Directive) {
	seen := map[string]*analyzer.Directive{}
	for _, d := range kids {
		key := ""
		switch d.Name() {
		case "limit_except":
			if d.Block != nil && d.Ctx == analyzer.CtxLocation {
				key = "limit_except"
			}
		case "limit_req":
			if n, _, a := zoneParam(d, "zone"); a != nil {
				key = "limit_req " + n
			}
		case "limit_conn":
			if len(d.Args()) == 2 {
				key = "limit_conn " + d.Args()[0].Value()
			}
		}
		if key == "" || d.Ctx.IsData() {
			continue
		}
		if first, dup := seen[key]; dup {
			p.Reportf(d, d.NameRange(), "%q directive is duplicate", d.Name()).
				Note("nginx refuses to start: %s already has it in this block", where(first, d)).
				Relate(first.NameRange(), "first set here")
			continue
		}
		seen[key] = d
	}
}

// duplicateZones reports a limit_req_zone or limit_conn_zone declaring a
// zone name already declared by another of its kind.
func duplicateZones(p *analyzer.Pass) {
	seen := map[string]*analyzer.Directive{}
	p.Each([]string{"limit_req_zone", "limit_conn_zone"}, func(d *analyzer.Directive) {
		n, _, a := zoneParam(d, "zone")
		if a == nil || n == "" || len(d.Args()) == 0 {
			return
		}
		key := familyOf(d) + " " + d.Name() + " " + n
		first, dup := seen[key]
		if !dup {
			seen[key] = d
			return
		}
		p.Reportf(d, a.Range(), "%s %q is already bound to key %q", d.Name(), n, analyzer.Snippet(first.Args()[0].Value())).
			Note("nginx refuses to start: %s declares the zone %q already; each zone is declared once", where(first, d), n).
			Note("remove this line, or give the zone another name").
			Relate(first.NameRange(), "first declared here")
	})
}

// duplicateLocations reports two locations of one block that match the same
// path the same way: two exact (=) or two prefix ones (plain or ^~, which
// nginx stores alike). Regular-expression and named locations may repeat.
func duplicateLocations(p *analyzer.Pass, kids []*analyzer.Directive) {
	var seen map[string]*analyzer.Directive
	for _, d := range kids {
		if d.Name() != "location" || !d.Ctx.IsHTTP() {
			continue
		}
		loc, ok := d.LocationOf()
		if !ok || !loc.IsPrefix() && loc.Modifier != "=" {
			continue
		}
		key := loc.Modifier + " " + loc.Match
		if loc.IsPrefix() {
			key = "prefix " + loc.Match
		}
		if seen == nil {
			seen = map[string]*analyzer.Directive{}
		}
		first, dup := seen[key]
		if !dup {
			seen[key] = d
			continue
		}
		p.Reportf(d, loc.Arg.Range(), "duplicate location %q", loc.Match).
			Note("nginx refuses to start: %s already matches %q the same way in this block", where(first, d), loc.Match).
			Note("merge the two blocks into one").
			Relate(first.NameRange(), "the first location %q", loc.Match)
	}
}

// where names the position of a for a message about b.
func where(a, b *analyzer.Directive) string {
	pos := a.NameRange().Start
	if pos.File == b.NameRange().Start.File {
		return fmt.Sprintf("line %d", pos.Line)
	}
	return fmt.Sprintf("%s:%d", pos.File, pos.Line)
}

// shortWhere names the position of a for a headline about b: "line N" in
// the same file, else the file's base name and the line.
func shortWhere(a, b *analyzer.Directive) string {
	pos := a.NameRange().Start
	if pos.File == b.NameRange().Start.File {
		return fmt.Sprintf("line %d", pos.Line)
	}
	return fmt.Sprintf("%s:%d", analyzer.Snippet(filepath.Base(pos.File)), pos.Line)
}

// fullWhere adds a note with the whole path of a when it is in another
// file than b (the headline gave only its base name), and returns f.
func fullWhere(f *analyzer.Finding, a, b *analyzer.Directive) *analyzer.Finding {
	if pos := a.NameRange().Start; pos.File != b.NameRange().Start.File {
		f.Note("the first is at %s:%d", pos.File, pos.Line)
	}
	return f
}

// listenAddr is a normalised listen address: host:port.
func listenAddr(d *analyzer.Directive) string {
	if len(d.Args()) == 0 {
		return ""
	}
	a := d.Arg(0)
	if strings.HasPrefix(a, "unix:") {
		return a
	}
	host, port := "", a
	if strings.HasPrefix(a, "[") {
		if i := strings.Index(a, "]"); i > 0 {
			host = a[:i+1]
			port = strings.TrimPrefix(a[i+1:], ":")
		}
	} else if i := strings.LastIndexByte(a, ':'); i >= 0 {
		host, port = a[:i], a[i+1:]
	} else if !directives.ValidNumber(a) {
		host, port = a, "80"
	}
	if port == "" {
		port = "80"
	}
	if host == "" || host == "*" {
		host = "0.0.0.0"
	}
	return strings.ToLower(host) + ":" + port
}

// quicSuffix marks the socket key of a listen … quic line.
const quicSuffix = " (quic)"

// listenSocket is the socket a listen line of an http server opens: its
// address, with quicSuffix for QUIC, whose UDP socket nginx keeps apart
// from the TCP one of the same address (a port is its number, family and
// socket type: listen 443 quic and listen 443 ssl go together).
func listenSocket(l *analyzer.Directive) string {
	addr := listenAddr(l)
	if addr != "" && hasParam(l, "quic") {
		return addr + quicSuffix
	}
	return addr
}

func hasParam(d *analyzer.Directive, names ...string) bool {
	if len(d.Args()) == 0 {
		return false
	}
	for _, a := range d.Args()[1:] {
		for _, n := range names {
			if a.Value() == n {
				return true
			}
		}
	}
	return false
}

// addressPairs reports two listen lines of mail servers (and of stream
// servers before nginx 1.25.5, which has no virtual stream servers) on one
// address and port: nginx accepts each address once.
func addressPairs(p *analyzer.Pass, env *directives.Env) {
	streamToo := env.Version != "" && !analyzer.VersionAtLeast(env.Version, "1.25.5")
	seen := map[string]*analyzer.Directive{}
	p.Each([]string{"listen"}, func(d *analyzer.Directive) {
		if len(d.Args()) == 0 {
			return
		}
		var family string
		switch {
		case d.Ctx == analyzer.CtxMailServer:
			family = "mail"
		case d.Ctx == analyzer.CtxStreamServer && streamToo && !hasParam(d, "udp"):
			family = "stream"
		case d.Ctx == analyzer.CtxStreamServer && streamToo:
			family = "stream udp"
		default:
			return
		}
		addr := listenAddr(d)
		if addr == "" || d.Args()[0].HasVar() {
			return
		}
		key := family + " " + addr
		if first, dup := seen[key]; dup {
			p.Reportf(d, d.Args()[0].Range(), "duplicate %q address and port pair", addr).
				Note("nginx refuses to start: %s listens on %s already, and a %s address is served by one server", where(first, d), addr, strings.Fields(family)[0]).
				Relate(first.Args()[0].Range(), "first listens here")
			return
		}
		seen[key] = d
	})
}

// listenConflicts reports two default servers on one address and
// server_name values that two http servers on one address share.
func listenConflicts(p *analyzer.Pass) {
	type named struct {
		d      *analyzer.Directive
		server *analyzer.Directive
	}
	defaults := map[string]*analyzer.Directive{}
	names := map[string]named{} // addr + " " + name
	var servers []*analyzer.Directive
	p.Each([]string{"server"}, func(d *analyzer.Directive) {
		if d.Block != nil && d.Ctx == analyzer.CtxHTTP {
			servers = append(servers, d)
		}
	})
	for _, srv := range servers {
		var addrs []string // socket keys (listenSocket)
		here := map[string]*analyzer.Directive{}
		for _, l := range srv.Find("listen") {
			key := listenSocket(l)
			addr := strings.TrimSuffix(key, quicSuffix)
			if addr == "" {
				continue
			}
			if first, dup := here[key]; dup {
				f := p.Reportf(l, l.Args()[0].Range(), "this server{} already listens on %s (%s)", analyzer.Snippet(key), shortWhere(first, l)).
					Note("nginx refuses to start: a duplicate listen %s", addr)
				fullWhere(f, first, l).
					Note("remove one of the two listen lines").
					Relate(first.Args()[0].Range(), "first listens here")
				continue
			}
			here[key] = l
			addrs = append(addrs, key)
			if hasParam(l, "default_server", "default") {
				if first, dup := defaults[key]; dup {
					f := p.Reportf(l, l.Args()[0].Range(), "a second default server for %s (the first is at %s)", analyzer.Snippet(key), shortWhere(first, l)).
						Note("nginx refuses to start: a duplicate default server for %s", addr)
					fullWhere(f, first, l).
						Note("keep default_server on one of the two listen lines").
						Relate(first.Args()[0].Range(), "the first default server for %s", addr)
				} else {
					defaults[key] = l
				}
			}
		}
		if len(addrs) == 0 {
			addrs = []string{"0.0.0.0:80"}
		}
		seenHere := map[string]bool{}
		for _, sn := range srv.Find("server_name") {
			for _, a := range sn.Args() {
				name := strings.ToLower(a.Value())
				if name == "" || strings.HasPrefix(name, "~") || a.HasVar() {
					continue
				}
				told := false // one finding per name, though a quic and a tcp socket both conflict
				for _, sock := range addrs {
					addr, key := strings.TrimSuffix(sock, quicSuffix), sock+" "+name
					if seenHere[key] {
						continue
					}
					seenHere[key] = true
					if first, dup := names[key]; dup && first.server != srv {
						if told {
							continue
						}
						told = true
						name, at := analyzer.Snippet(a.Value()), shortWhere(first.d, sn)
						f := p.Reportf(sn, a.Range(), "%s", headline(
							fmt.Sprintf("server name %q on %s is already used by the server{} at %s", name, addr, at),
							fmt.Sprintf("server name %q is already used by the server{} at %s", name, at))).
							Note("nginx warns \"conflicting server name %q on %s, ignored\" and sends every request for it to the first server", a.Value(), addr).
							Note("this server{} never serves that name: remove it here or there")
						fullWhere(f, first.d, sn)
						f.Severity = analyzer.Warning
						f.Relate(first.d.NameRange(), "the server{} that gets %q", a.Value())
						continue
					}
					names[key] = named{sn, srv}
				}
			}
		}
	}
}
