package rules

import (
	"strconv"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "worker-rlimit-nofile-vs-connections",
		Title:    "worker_rlimit_nofile too low for worker_connections",
		Severity: analyzer.Warning,
		Default:  false,
		Run:      runWorkerRlimit,
	})
}

// defaultWorkerConnections is nginx's worker_connections default.
const defaultWorkerConnections = 512

// commonSoftLimit is the usual inherited open-file soft limit (systemd's
// default, most distributions' ulimit -n).
const commonSoftLimit = 1024

func runWorkerRlimit(p *analyzer.Pass) {
	root := p.Analysis.Root
	if root.Ctx != analyzer.CtxMain {
		return // a fragment: the main context is elsewhere
	}
	var rlimit, conns *analyzer.Directive
	for _, d := range root.Children() {
		switch d.Name() {
		case "worker_rlimit_nofile":
			rlimit = d
		case "events":
			for _, e := range d.Children() {
				if e.Name() == "worker_connections" {
					conns = e
				}
			}
		case "worker_connections":
			conns = d // misplaced, but say what it means
		}
	}
	wc := defaultWorkerConnections
	if conns != nil {
		n, err := strconv.Atoi(conns.Arg(0))
		if err != nil {
			return
		}
		wc = n
	}
	if rlimit == nil {
		if conns == nil || wc <= commonSoftLimit {
			return
		}
		f := p.Reportf(conns, conns.Args()[0].Range(), "worker_connections %d without worker_rlimit_nofile", wc).
			Note("each worker keeps the open-file limit it inherits, often 1024 (systemd's soft default), fewer than the connections it is told to accept").
			Note("a proxied connection uses two descriptors (client and upstream), so workers can fail with \"Too many open files\" long before %d connections", wc).
			Note("set worker_rlimit_nofile to at least %d", 2*wc)
		f.Severity = analyzer.Info
		return
	}
	n, err := strconv.Atoi(rlimit.Arg(0))
	if err != nil || n >= 2*wc {
		return
	}
	what := "worker_connections " + strconv.Itoa(wc)
	if conns == nil {
		what += " (the default)"
	}
	p.Reportf(rlimit, rlimit.Args()[0].Range(), "worker_rlimit_nofile %d is less than twice %s", n, what).
		Note("a proxied connection uses two descriptors (client and upstream) and workers also open files and logs, so they can fail with \"Too many open files\" before reaching their connection limit").
		Note("set it to at least %d", 2*wc)
}
