package lint_test

import (
	"slices"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/lint"
)

// Resolve gives text held in memory the configuration a check gives a file
// under the same settings and configuration file.
func TestResolve(t *testing.T) {
	pc, err := lint.ParseConfig("/srv/.nginx-lint.yaml", []byte("nginx-version: 1.22.1\nmodules: [headers-more]\nrules:\n  localhost-upstream: error\n  missing-internal: on\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := lint.DefaultSettings()
	s.Loopback = "ipv6"
	cfg, _, err := lint.Resolve(s, pc)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.NginxVersion != "1.22.1" || !slices.Equal(cfg.Modules, []string{"headers-more"}) || cfg.Loopback != "ipv6" || !cfg.LoopbackSet {
		t.Errorf("config %+v: want the file's version and modules, the settings' loopback", cfg)
	}
	if cfg.Severity["localhost-upstream"] != analyzer.Error || !cfg.Enabled["missing-internal"] {
		t.Errorf("rules: severity %v, enabled %v", cfg.Severity, cfg.Enabled)
	}
	// A setting given wins over the file's.
	s.NginxVersion = "1.26.0"
	s.Given = func(flag string) bool { return flag == "nginx-version" }
	if cfg, _, err = lint.Resolve(s, pc); err != nil || cfg.NginxVersion != "1.26.0" {
		t.Errorf("given nginx-version: %+v, %v", cfg, err)
	}
	if cfg, _, err = lint.Resolve(lint.DefaultSettings(), nil); err != nil || cfg.NginxVersion != "" || cfg.LoopbackSet {
		t.Errorf("no configuration file: %+v, %v", cfg, err)
	}
}
