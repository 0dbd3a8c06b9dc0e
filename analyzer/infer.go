package analyzer

import "strings"

// mainOnly are directives that only stand at the top of a full nginx.conf.
var mainOnly = map[string]bool{
	"events": true, "http": true, "stream": true, "mail": true, "worker_processes": true,
	"user": true, "pid": true, "load_module": true, "worker_rlimit_nofile": true,
	"daemon": true, "master_process": true, "env": true, "worker_cpu_affinity": true,
	"worker_priority": true, "pcre_jit": true, "thread_pool": true, "lock_file": true,
	"worker_shutdown_timeout": true, "timer_resolution": true, "working_directory": true,
}

// serverLevel are directives that, at the top of a fragment, show it is the
// inside of a server{} block (a file included from server{}).
var serverLevel = map[string]bool{
	"location": true, "listen": true, "server_name": true, "ssl_certificate": true,
	"ssl_certificate_key": true,
}

// locationLevel are directives allowed in location{} but not in server{},
// so a fragment made of them is the inside of a location.
var locationLevel = map[string]bool{
	"proxy_pass": true, "fastcgi_pass": true, "uwsgi_pass": true, "scgi_pass": true,
	"grpc_pass": true, "memcached_pass": true, "alias": true, "limit_except": true,
	"internal": true,
}

// InferContext decides where a file linted on its own belongs, from its
// top-level directives: a whole nginx.conf (main), a conf.d file (http), a
// server snippet (server), a location snippet (location) or a stream.d file.
//
// With the directive table linked in (package analyzer/directives does it
// on import), the answer is the context in which the fewest directives of
// the file would stand where nginx does not allow them — those at the top
// of the file first, then those in its blocks; ties go to the more common
// fragment kind (http, server, location, main, stream, …).
func InferContext(items []*Directive) Context {
	for _, d := range items {
		if mainOnly[d.Name()] {
			return CtxMain
		}
	}
	if directiveAllowed != nil {
		return inferByTable(items)
	}
	server, location, stream := false, false, false
	for _, d := range items {
		switch {
		case mainOnly[d.Name()]:
			return CtxMain
		case serverLevel[d.Name()]:
			server = true
		case locationLevel[d.Name()]:
			location = true
		case d.Name() == "server" && d.Block != nil && isStreamServer(d):
			stream = true
		}
	}
	switch {
	case server:
		return CtxServer
	case location:
		return CtxLocation
	case stream:
		return CtxStream
	}
	return CtxHTTP
}

// isStreamServer reports whether a server{} block looks like stream's: it
// proxies directly, without locations or server names.
func isStreamServer(d *Directive) bool {
	direct := false
	for _, c := range d.Block.Items {
		switch c.Name() {
		case "location", "server_name", "root", "index", "rewrite", "try_files":
			return false
		case "proxy_pass":
			direct = true
		}
	}
	return direct
}

// directiveAllowed reports whether a directive name is in the table at all
// and whether it may stand in ctx as a block (block) or a simple directive.
var directiveAllowed func(name string, ctx Context, block bool) (known, allowed bool)

// SetDirectiveTable links the directive table into context inference.
func SetDirectiveTable(fn func(name string, ctx Context, block bool) (known, allowed bool)) {
	directiveAllowed = fn
}

// inferCandidates are the contexts a fragment may be written for, most
// likely first.
var inferCandidates = []Context{
	CtxHTTP, CtxServer, CtxLocation, CtxMain, CtxStream, CtxStreamServer,
	CtxUpstream, CtxStreamUpstrm, CtxMail, CtxMailServer, CtxEvents,
}

func inferByTable(items []*Directive) Context {
	if isDataFragment(items) {
		return CtxMap
	}
	best, bestN := CtxHTTP, -1
	for _, c := range inferCandidates {
		n := misplaced(items, c, bestN, topWeight)
		if bestN < 0 || n < bestN {
			best, bestN = c, n
			if n == 0 {
				break
			}
		}
	}
	return best
}

// topWeight makes a misplaced directive at the top of the file count more
// than one deeper down: the file's own level decides first.
const topWeight = 10

// misplaced scores known directives below items that ctx would not allow
// (weight each at this level, 1 deeper), giving up once the score reaches
// limit (when limit >= 0).
func misplaced(items []*Directive, ctx Context, limit, weight int) int {
	n := 0
	for _, d := range items {
		if limit >= 0 && n >= limit {
			return n
		}
		if d.Name() == "include" {
			continue
		}
		known, ok := directiveAllowed(d.Name(), ctx, d.Block != nil)
		if known && !ok || ctx == CtxStreamServer && d.Name() == "proxy_pass" && strings.Contains(d.Arg(0), "://") {
			// stream's proxy_pass takes an address, never a URL: a
			// server{} that proxies to http://… is an http one.
			n += weight
			continue
		}
		if d.Block != nil && !d.Block.Raw {
			child := ChildContext(ctx, d.Name())
			if child != CtxUnknown && !child.IsData() {
				sub := -1
				if limit >= 0 {
					sub = limit - n
				}
				n += misplaced(d.Block.Items, child, sub, 1)
			}
		}
	}
	return n
}

// isDataFragment reports whether a file is the inside of a map or geo
// block (a .map file included from map{}): only one-line entries, none a
// known directive, and at least half shaped like keys (paths, hostnames,
// regexes, addresses, default).
func isDataFragment(items []*Directive) bool {
	keys, n := 0, 0
	for _, d := range items {
		if d.Name() == "include" {
			continue
		}
		if d.Block != nil {
			return false
		}
		if known, _ := directiveAllowed(d.Name(), CtxHTTP, false); known {
			return false
		}
		n++
		if looksLikeKey(d.Name()) {
			keys++
		}
	}
	return n > 0 && keys*2 >= n
}

// looksLikeKey reports whether a word is shaped like a map or geo key
// rather than a directive name.
func looksLikeKey(w string) bool {
	switch w {
	case "default", "hostnames", "volatile", "ranges", "proxy_recursive":
		return true
	}
	if w == "" || strings.ContainsAny(w, "/.:*") {
		return true
	}
	switch w[0] {
	case '~', '"', '\'', '$', '\\':
		return true
	}
	return w[0] >= '0' && w[0] <= '9'
}
