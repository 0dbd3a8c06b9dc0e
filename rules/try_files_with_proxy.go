package rules

import (
	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() {
	register(&analyzer.Rule{
		ID:       "try-files-with-proxy",
		Title:    "try_files in a location that proxies: found files go to the backend",
		Severity: analyzer.Warning,
		Default:  true,
		Run:      runTryFilesWithProxy,
	})
}

func runTryFilesWithProxy(p *analyzer.Pass) {
	p.Each([]string{"try_files"}, func(d *analyzer.Directive) {
		loc := d.Parent
		if loc == nil || loc.Name() != "location" || !d.Ctx.IsHTTP() {
			return
		}
		var pass *analyzer.Directive
		for _, k := range loc.Children() {
			if k.Name() == "proxy_pass" {
				pass = k
			}
		}
		if pass == nil {
			return
		}
		p.Reportf(d, d.NameRange(), "try_files in a location that proxies: the files it finds are sent to the backend").
			Note("try_files only looks at the disk and sets the URI (or jumps to its last argument); the location's handler is proxy_pass (%s), so a file that exists is proxied under its path and never read from disk", where(pass, d)).
			Note("serve the files here and proxy from a named location: try_files $uri $uri/ @backend; and location @backend { proxy_pass …; }").
			Relate(pass.NameRange(), "the handler of this location")
	})
}
