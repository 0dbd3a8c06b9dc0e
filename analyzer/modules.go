package analyzer

import (
	"path"
	"strings"
	"sync"
)

// ModuleLoads is what a configuration says about the dynamic modules its
// nginx loads: the load_module lines nginx-lint can read, in the file or
// in any include it could read, and the places that may load modules it
// cannot see.
type ModuleLoads struct {
	// Loaded are the load_module lines, in source order.
	Loaded []*Directive
	// Names are the modules they load: each file's name without ".so"
	// (ngx_http_echo_module), in source order, without repeats.
	Names []string
	// Unread are main-level includes nginx-lint could not read (missing,
	// unreadable, or a pattern that matched nothing here): Debian's
	// modules-enabled/*.conf and the like, which may load modules.
	Unread []*Directive
}

// ModuleName returns the module a load_module argument names: the file's
// base name without ".so" (nginx accepts any path; the name is the
// convention every build follows).
func ModuleName(file string) string {
	return strings.TrimSuffix(path.Base(file), ".so")
}

type moduleLoadsOnce struct {
	once sync.Once
	v    *ModuleLoads
}

// ModuleLoads returns what the configuration loads (computed once).
func (a *Analysis) ModuleLoads() *ModuleLoads {
	a.modules.once.Do(func() {
		m := &ModuleLoads{}
		seen := map[string]bool{}
		// load_module and the includes that may hold it stand at the main
		// level: the top of the root file and of every file it includes
		// there.
		for _, u := range a.Units {
			for _, d := range u.Items {
				if d.Ctx != CtxMain || d.Block != nil || len(d.Args()) != 1 {
					continue
				}
				switch d.Name() {
				case "load_module":
					m.Loaded = append(m.Loaded, d)
					if n := ModuleName(d.Args()[0].Value()); !seen[n] {
						seen[n] = true
						m.Names = append(m.Names, n)
					}
				case "include":
					if inc := d.Include(); inc != nil && (inc.Missing || len(inc.Files) == 0) {
						m.Unread = append(m.Unread, d)
					}
				}
			}
		}
		a.modules.v = m
	})
	return a.modules.v
}

// withModules returns cfg with the modules the configuration loads added
// to Modules, so that their directives are known to every rule as if the
// user had declared them (cfg itself is not changed).
func (a *Analysis) withModules(cfg *Config) *Config {
	names := a.ModuleLoads().Names
	if len(names) == 0 {
		return cfg
	}
	c := &Config{}
	if cfg != nil {
		*c = *cfg
	}
	c.Modules = append(append([]string(nil), c.Modules...), names...)
	return c
}
