// Package directives is nginx-lint's table of every nginx directive: the
// module that defines it, the contexts it may stand in, how many arguments
// it takes, the nginx version that added it, and whether it needs NGINX
// Plus or a third-party module.
//
// table_gen.go is generated from ../shared/data/nginx-directives.tsv (see
// that file's README) by gen/main.go and committed:
//
//	go generate ./analyzer/directives
package directives

//go:generate go run ../../_tools/directives-gen -o table_gen.go ../../../shared/data/nginx-directives.tsv

import (
	"sort"
	"strings"
	"sync"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// ArgFlags are nginx's argument flags (NGX_CONF_TAKE1 …) for a directive.
type ArgFlags uint16

// Argument flags, as in the TSV's args column.
const (
	NoArgs ArgFlags = 1 << iota
	Take1
	Take2
	Take3
	Take4
	Take5
	Take6
	Take7
	Flag
	OneMore
	TwoMore
	AnyArgs
	Block
)

// argNumber is nginx's argument_number[]: the flag that allows n arguments.
var argNumber = [...]ArgFlags{NoArgs, Take1, Take2, Take3, Take4, Take5, Take6, Take7}

// CtxSet is a set of contexts, one bit each.
type CtxSet uint32

// Context bits; cAny is every context (only include uses it).
const (
	cMain CtxSet = 1 << iota
	cEvents
	cHTTP
	cServer
	cLocation
	cUpstream
	cIfInServer
	cIfInLocation
	cLimitExcept
	cStream
	cStreamServer
	cStreamUpstream
	cMail
	cMailServer
	cRTMP
	cRTMPServer
	cRTMPApplication
	cRTMPRecorder
	cMap
	cGeo
	cTypes
	cMatch
	cStreamMatch
	cOtelExporter
	cOIDCProvider
	cACMEIssuer
	cMgmt
	nCtx = iota

	cAny CtxSet = 1<<nCtx - 1
)

// ctxOrder lists the contexts of the bits above, in bit order.
var ctxOrder = [nCtx]analyzer.Context{
	analyzer.CtxMain, analyzer.CtxEvents, analyzer.CtxHTTP, analyzer.CtxServer,
	analyzer.CtxLocation, analyzer.CtxUpstream, analyzer.CtxIfInServer, analyzer.CtxIfInLocation,
	analyzer.CtxLimitExcept, analyzer.CtxStream, analyzer.CtxStreamServer, analyzer.CtxStreamUpstrm,
	analyzer.CtxMail, analyzer.CtxMailServer, analyzer.CtxRTMP, analyzer.CtxRTMPServer,
	analyzer.CtxRTMPApp, analyzer.CtxRTMPRecorder, analyzer.CtxMap, analyzer.CtxGeo,
	analyzer.CtxTypes, analyzer.CtxMatch, analyzer.CtxStreamMatch, analyzer.CtxOtelExporter,
	analyzer.CtxOIDCProvider, analyzer.CtxACMEIssuer, analyzer.CtxMgmt,
}

// ctxBits is the bit of each context, indexed by the context (a byte).
var ctxBits = func() (bits [256]CtxSet) {
	for i, c := range ctxOrder {
		bits[c] = 1 << i
	}
	return bits
}()

// Bit returns the bit of context c (0 for contexts no directive row names,
// such as data bodies other than map/geo/types).
func Bit(c analyzer.Context) CtxSet { return ctxBits[c] }

// Has reports whether the set contains c.
func (s CtxSet) Has(c analyzer.Context) bool { return s&ctxBits[c] != 0 }

// Context families: a directive misplaced in one is best told where it
// may stand in the same family.
const (
	httpFamily   = cHTTP | cServer | cLocation | cUpstream | cIfInServer | cIfInLocation | cLimitExcept | cMap | cGeo | cTypes | cMatch | cOtelExporter | cOIDCProvider | cACMEIssuer
	streamFamily = cStream | cStreamServer | cStreamUpstream | cStreamMatch
	mailFamily   = cMail | cMailServer
	rtmpFamily   = cRTMP | cRTMPServer | cRTMPApplication | cRTMPRecorder
)

// SameFamily narrows s to the contexts of c's family (http, stream, mail,
// rtmp); when that leaves nothing, s is returned whole.
func (s CtxSet) SameFamily(c analyzer.Context) CtxSet {
	b := Bit(c)
	for _, f := range []CtxSet{httpFamily, streamFamily, mailFamily, rtmpFamily} {
		if b&f != 0 {
			if s&f != 0 {
				return s & f
			}
			return s
		}
	}
	return s
}

// Contexts lists the contexts of the set in a stable order.
func (s CtxSet) Contexts() []analyzer.Context {
	var out []analyzer.Context
	for i, c := range ctxOrder {
		if s&(1<<i) != 0 {
			out = append(out, c)
		}
	}
	return out
}

// String joins the contexts with ", ".
func (s CtxSet) String() string {
	if s == cAny {
		return "any context"
	}
	var parts []string
	for _, c := range s.Contexts() {
		parts = append(parts, c.String())
	}
	return strings.Join(parts, ", ")
}

// Spec is one row of the table: a directive as one module defines it.
type Spec struct {
	Name   string
	Module string // the ngx_module_t name, e.g. ngx_http_proxy_module
	Ctx    CtxSet
	Args   ArgFlags
	Syntax string // nginx.org syntax line(s), when known
	// Default is nginx.org's default (the value nginx uses when the
	// directive is absent, "" when it has none or it is not known).
	Default string
	// Since is the first nginx version with the directive (for njs and acme
	// rows: the njs or nginx-acme version); Backport a stable-branch
	// version that got it too.
	Since, Backport string
	// Commercial marks NGINX Plus-only rows.
	Commercial bool
	// Family is the module a user declares to load the directive: a
	// third-party module ("headers-more", "lua", …), "njs", "otel",
	// "app-protect", or "plus" for NGINX Plus; "" for open-source nginx.
	Family string
	// Obsolete, Removed and Discontinued are the versions from the notes.
	Obsolete, Removed, Discontinued string
	// PlusBefore is the version before which the row was NGINX Plus only.
	PlusBefore string
	// Build is the #if condition around the definition, if any.
	Build string
	// BlockParam marks keywords parsed by a block's own handler (map's
	// hostnames, geo's ranges …), not directives of their own.
	BlockParam   bool
	Undocumented bool
}

// index maps a name to its rows: the table is sorted by name, so the rows
// of one name are contiguous.
var index = sync.OnceValue(func() map[string][]Spec {
	m := make(map[string][]Spec, len(table))
	for i := 0; i < len(table); {
		j := i + 1
		for j < len(table) && table[j].Name == table[i].Name {
			j++
		}
		m[table[i].Name] = table[i:j:j]
		i = j
	}
	return m
})

// names is every distinct name, sorted, for suggestions.
var names = sync.OnceValue(func() []string {
	out := make([]string, 0, len(index()))
	for n := range index() {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
})

// byLen groups names by length, for suggestions within an edit distance.
var byLen = sync.OnceValue(func() map[int][]string {
	m := map[int][]string{}
	for _, n := range names() {
		m[len(n)] = append(m[len(n)], n)
	}
	return m
})

// NamesOfLen returns the directive names n bytes long, sorted.
func NamesOfLen(n int) []string { return byLen()[n] }

// Lookup returns every row for name (one per module), or nil.
func Lookup(name string) []Spec { return index()[name] }

// Names returns every directive name in the table, sorted.
func Names() []string { return names() }

// All returns every row.
func All() []Spec { return table[:] }

// AllowedIn reports whether the row allows context ctx.
func AllowedIn(s *Spec, ctx analyzer.Context) bool { return s.Ctx.Has(ctx) }

// IsBlock reports whether the directive takes a { } body.
func (s *Spec) IsBlock() bool { return s.Args&Block != 0 }

// ArgsOK reports whether n arguments satisfy the row's flags, with nginx's
// own rules (ngx_conf_handler): ANY takes anything, FLAG exactly one, 1MORE
// and 2MORE at least one or two, otherwise TAKEn must include n.
func ArgsOK(s *Spec, n int) bool {
	a := s.Args
	switch {
	case a&AnyArgs != 0:
		return true
	case a&Flag != 0:
		return n == 1
	case a&OneMore != 0:
		return n >= 1
	case a&TwoMore != 0:
		return n >= 2
	case n < 0 || n >= len(argNumber):
		return false
	}
	return a&argNumber[n] != 0
}

// ArgsText describes what the flags accept, e.g. "1 or 2 arguments".
func ArgsText(s *Spec) string {
	a := s.Args
	switch {
	case a&AnyArgs != 0:
		return "any number of arguments"
	case a&Flag != 0:
		return "exactly one argument, on or off"
	case a&OneMore != 0:
		return "at least one argument"
	case a&TwoMore != 0:
		return "at least two arguments"
	}
	var ns []string
	for n, f := range argNumber {
		if a&f != 0 {
			ns = append(ns, itoa(n))
		}
	}
	switch len(ns) {
	case 0:
		return "no arguments"
	case 1:
		if ns[0] == "0" {
			return "no arguments"
		}
		if ns[0] == "1" {
			return "exactly 1 argument"
		}
		return "exactly " + ns[0] + " arguments"
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " or " + ns[len(ns)-1] + " arguments"
}

func itoa(n int) string { return string(rune('0' + n)) }

// Third-party and separately shipped modules, by the name users give them.
var familyTitle = map[string]string{
	"headers-more":    "headers-more (openresty/headers-more-nginx-module)",
	"lua":             "lua (openresty/lua-nginx-module, OpenResty)",
	"stream-lua":      "stream-lua (openresty/stream-lua-nginx-module, OpenResty)",
	"njs":             "njs (nginx JavaScript, ngx_http_js_module/ngx_stream_js_module)",
	"brotli":          "brotli (google/ngx_brotli)",
	"geoip2":          "geoip2 (leev/ngx_http_geoip2_module)",
	"echo":            "echo (openresty/echo-nginx-module)",
	"set-misc":        "set-misc (openresty/set-misc-nginx-module)",
	"srcache":         "srcache (openresty/srcache-nginx-module)",
	"memc":            "memc (openresty/memc-nginx-module)",
	"ndk":             "ndk (ngx_devel_kit)",
	"nchan":           "nchan (slact/nchan)",
	"rtmp":            "rtmp (arut/nginx-rtmp-module)",
	"dav-ext":         "dav-ext (arut/nginx-dav-ext-module)",
	"cache-purge":     "cache-purge (ngx_cache_purge)",
	"subs-filter":     "subs-filter (ngx_http_substitutions_filter_module)",
	"modsecurity":     "modsecurity (ModSecurity-nginx)",
	"fancyindex":      "fancyindex (ngx-fancyindex)",
	"upload-progress": "upload-progress (nginx-upload-progress-module)",
	"auth-pam":        "auth-pam (ngx_http_auth_pam_module)",
	"upstream-fair":   "upstream-fair (nginx-upstream-fair)",
	"acme":            "acme (nginx/nginx-acme)",
	"otel":            "otel (ngx_otel_module, nginx's OpenTelemetry module)",
	"app-protect":     "app-protect (NGINX App Protect WAF)",
	"image-filter":    "image-filter (nginx's ngx_http_image_filter_module, shipped as a dynamic module)",
	"xslt":            "xslt (nginx's ngx_http_xslt_filter_module, shipped as a dynamic module)",
	"perl":            "perl (nginx's ngx_http_perl_module, shipped as a dynamic module)",
	"geoip":           "geoip (nginx's ngx_http_geoip_module and ngx_stream_geoip_module, shipped as dynamic modules)",
	"plus":            "NGINX Plus",
}

// packagedModules are nginx's own modules that are not built by default
// and that nginx.org's packages and Debian's both ship as dynamic modules
// (nginx-module-image-filter, libnginx-mod-http-image-filter, …): like a
// third-party module they must be loaded, or declared, for their
// directives to be known. Module → family.
var packagedModules = map[string]string{
	"ngx_http_image_filter_module": "image-filter", "ngx_http_xslt_filter_module": "xslt",
	"ngx_http_perl_module": "perl", "ngx_http_geoip_module": "geoip", "ngx_stream_geoip_module": "geoip",
}

// ModuleFamily is the family a user declares to make the row known: its
// Family, or the family of one of nginx's own modules that packages ship
// as dynamic modules; "" for what nginx has built in.
func (s *Spec) ModuleFamily() string {
	if s.Family != "" {
		return s.Family
	}
	return packagedModules[s.Module]
}

// ModuleName returns the friendly name of a family ("headers-more") or of
// an ngx_module_t name ("ngx_http_headers_more_filter_module"), with its
// origin, for messages.
func ModuleName(module string) string {
	if t, ok := familyTitle[module]; ok {
		return t
	}
	for i := range table {
		if table[i].Module == module && table[i].ModuleFamily() != "" {
			return familyTitle[table[i].ModuleFamily()]
		}
	}
	return module
}

// Families lists every module family name users may declare.
func Families() []string {
	out := make([]string, 0, len(familyTitle))
	for f := range familyTitle {
		if f != "plus" {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

// familyAliases maps other names users give modules to a family.
var familyAliases = map[string]string{
	"headers_more": "headers-more", "more": "headers-more", "http-headers-more-filter": "headers-more",
	"headers-more-filter": "headers-more", "lua-nginx-module": "lua", "http-lua": "lua",
	"openresty": "lua", "js": "njs", "http-js": "njs", "ngx_brotli": "brotli",
	"http-geoip2": "geoip2", "ngx_devel_kit": "ndk", "devel-kit": "ndk", "http-ndk": "ndk",
	"http-echo": "echo", "cache_purge": "cache-purge", "http-cache-purge": "cache-purge",
	"subs_filter": "subs-filter", "http-subs-filter": "subs-filter", "http-fancyindex": "fancyindex",
	"uploadprogress": "upload-progress", "http-uploadprogress": "upload-progress",
	"auth_pam": "auth-pam", "http-auth-pam": "auth-pam", "upstream_fair": "upstream-fair",
	"http-upstream-fair": "upstream-fair", "dav_ext": "dav-ext", "http-dav-ext": "dav-ext",
	"set_misc": "set-misc", "http-set-misc": "set-misc", "http-srcache-filter": "srcache",
	"http-memc": "memc", "stream_lua": "stream-lua", "stream-lua-nginx-module": "stream-lua",
	"http-modsecurity": "modsecurity", "app_protect": "app-protect",
	"http-image-filter": "image-filter", "image_filter": "image-filter", "http-xslt-filter": "xslt", "xslt-filter": "xslt",
	"http-perl": "perl", "http-geoip": "geoip", "stream-geoip": "geoip",
}

// CanonicalFamily maps a declared module name (any common spelling, also
// Debian's libnginx-mod-* package names) to its family, or "".
func CanonicalFamily(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	// A module as load_module names it: ngx_http_echo_module(.so).
	if f, ok := moduleFamily()[strings.TrimSuffix(n, ".so")]; ok {
		return f
	}
	n = strings.TrimPrefix(n, "libnginx-mod-")
	n = strings.TrimSuffix(n, "_module")
	n = strings.TrimSuffix(n, "-module")
	if _, ok := familyTitle[n]; ok && n != "plus" {
		return n
	}
	if f, ok := familyAliases[n]; ok {
		return f
	}
	return ""
}

// moduleFamily maps the ngx_module_t name of every separately built module
// in the table (the name of its .so file) to its family.
var moduleFamily = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for i := range table {
		if f := table[i].ModuleFamily(); f != "" && f != "plus" {
			m[table[i].Module] = f
		}
	}
	return m
})

// KnownModule reports whether the table describes what module (a
// load_module file's name without ".so") brings: one of nginx's own
// modules (which builds may make dynamic) or a separately built one.
func KnownModule(module string) bool {
	return moduleOf()[module]
}

// moduleOf is the set of modules the table's rows name.
var moduleOf = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for i := range table {
		m[table[i].Module] = true
	}
	return m
})

// Newest is the newest open-source nginx version the table knows: what
// an empty target version ("the newest") means.
func Newest() string { return newest() }

var newest = sync.OnceValue(func() string {
	v := ""
	for i := range table {
		if s := table[i].Since; table[i].Family == "" && !table[i].Commercial && s != "" && analyzer.CompareVersions(s, v) > 0 {
			v = s
		}
	}
	return v
})
