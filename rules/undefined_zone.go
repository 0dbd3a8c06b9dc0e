package rules

import (
	"fmt"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "undefined-zone",
		NginxT:   true,
		Title:    "A shared memory zone used but never defined: nginx refuses to start",
		Severity: analyzer.Error,
		Default:  true,
		Run:      runUndefinedZone,
	})
}

// zoneKind is what declares a shared memory zone: nginx keeps one table of
// zones for the whole configuration, each zone tagged with its module, and
// a zone used by one module must be declared, with a size, by the same.
type zoneKind string

// zoneDecl is where a configuration declares a zone with its size.
type zoneDecl struct {
	kind zoneKind
	d    *analyzer.Directive
}

// zoneName returns the name in "zone=name:size" (or keys_zone=) for the
// parameter key, and whether a size follows.
func zoneParam(d *analyzer.Directive, key string) (name string, sized bool, a *analyzer.Arg) {
	for _, a := range d.Args() {
		v, ok := strings.CutPrefix(a.Value(), key+"=")
		if !ok {
			continue
		}
		name, size, found := strings.Cut(v, ":")
		return name, found && size != "", a
	}
	return "", false, nil
}

func familyOf(d *analyzer.Directive) string {
	if d.Ctx.IsStream() {
		return "stream"
	}
	return "http"
}

func runUndefinedZone(p *analyzer.Pass) {
	if !wholeConfig(p) {
		return
	}
	decls := map[string]zoneDecl{}
	declare := func(name string, k zoneKind, d *analyzer.Directive) {
		if _, ok := decls[name]; !ok && name != "" {
			decls[name] = zoneDecl{k, d}
		}
	}
	type ref struct {
		d    *analyzer.Directive
		a    *analyzer.Arg
		name string
		kind zoneKind
	}
	var refs []ref
	p.Each([]string{"limit_req_zone", "limit_conn_zone", "proxy_cache_path", "fastcgi_cache_path",
		"uwsgi_cache_path", "scgi_cache_path", "zone", "limit_req", "limit_conn",
		"proxy_cache", "fastcgi_cache", "uwsgi_cache", "scgi_cache", "proxy_cache_purge"}, func(d *analyzer.Directive) {
		fam := familyOf(d)
		switch name := d.Name(); name {
		case "limit_req_zone", "limit_conn_zone":
			if n, sized, _ := zoneParam(d, "zone"); sized {
				declare(n, zoneKind(fam+" "+strings.TrimSuffix(name, "_zone")), d)
			}
		case "proxy_cache_path", "fastcgi_cache_path", "uwsgi_cache_path", "scgi_cache_path":
			if n, sized, _ := zoneParam(d, "keys_zone"); sized {
				declare(n, zoneKind(strings.TrimSuffix(name, "_path")), d)
			}
		case "zone":
			if d.Ctx != analyzer.CtxUpstream && d.Ctx != analyzer.CtxStreamUpstrm || len(d.Args()) == 0 {
				return
			}
			if len(d.Args()) >= 2 {
				declare(d.Args()[0].Value(), zoneKind(fam+" upstream"), d)
			} else {
				refs = append(refs, ref{d, d.Args()[0], d.Args()[0].Value(), zoneKind(fam + " upstream")})
			}
		case "limit_req":
			if n, _, a := zoneParam(d, "zone"); a != nil && !a.HasVar() {
				refs = append(refs, ref{d, a, n, zoneKind(fam + " limit_req")})
			}
		case "limit_conn":
			if len(d.Args()) == 2 && !d.Args()[0].HasVar() {
				refs = append(refs, ref{d, d.Args()[0], d.Args()[0].Value(), zoneKind(fam + " limit_conn")})
			}
		case "proxy_cache_purge": // the cache_purge module: proxy_cache_purge zone key
			if len(d.Args()) >= 2 && !d.Args()[0].HasVar() {
				refs = append(refs, ref{d, d.Args()[0], d.Args()[0].Value(), zoneKind("proxy_cache")})
			}
		default: // proxy_cache and the like
			if len(d.Args()) == 1 && !d.Args()[0].HasVar() && d.Args()[0].Value() != "off" {
				refs = append(refs, ref{d, d.Args()[0], d.Args()[0].Value(), zoneKind(name)})
			}
		}
	})
	for _, r := range refs {
		decl, ok := decls[r.name]
		switch {
		case ok && decl.kind == r.kind:
			continue
		case ok:
			p.Reportf(r.d, r.a.Range(), "the shared memory zone %q is already declared for a different use", r.name).
				Note("nginx refuses to start: %s declares %q for %s, and %q needs a zone of its own kind", where(decl.d, r.d), r.name, decl.d.Name(), r.d.Name()).
				Note("give the two zones different names").
				Relate(decl.d.NameRange(), "zone %q declared here for %s", r.name, decl.d.Name())
		case strings.HasSuffix(string(r.kind), "cache"):
			p.Reportf(r.d, r.a.Range(), "%q zone %q is unknown", string(r.kind), r.name).
				Note("nginx refuses to start: no %s_path declares keys_zone=%s", r.kind, r.name).
				Note("add %s", zoneExample(r.kind, r.name))
		default:
			p.Reportf(r.d, r.a.Range(), "zero size shared memory zone %q", r.name).
				Note("nginx refuses to start: %q uses the zone %q, but nothing declares it with a size", r.d.Name(), r.name).
				Note("add %s", zoneExample(r.kind, r.name))
		}
	}
}

// zoneExample is a declaration of zone name for kind k.
func zoneExample(k zoneKind, name string) string {
	switch {
	case strings.HasSuffix(string(k), "limit_req"):
		return fmt.Sprintf("limit_req_zone $binary_remote_addr zone=%s:10m rate=10r/s; in http{}", name)
	case strings.HasSuffix(string(k), "limit_conn"):
		return fmt.Sprintf("limit_conn_zone $binary_remote_addr zone=%s:10m; in http{} (or stream{})", name)
	case strings.HasSuffix(string(k), "upstream"):
		return fmt.Sprintf("a size (zone %s 64k;) in one upstream{} that uses the zone", name)
	}
	return fmt.Sprintf("%s_path /var/cache/nginx/%s keys_zone=%s:10m; in http{}", k, name, name)
}
