package analyzer

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
func InferContext(items []*Directive) Context {
	server, location, stream := false, false, false
	for _, d := range items {
		switch {
		case mainOnly[d.Name]:
			return CtxMain
		case serverLevel[d.Name]:
			server = true
		case locationLevel[d.Name]:
			location = true
		case d.Name == "server" && d.Block != nil && isStreamServer(d):
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
		switch c.Name {
		case "location", "server_name", "root", "index", "rewrite", "try_files":
			return false
		case "proxy_pass":
			direct = true
		}
	}
	return direct
}
