package directives_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
	"github.com/nginx-lint/nginx-lint/analyzer/directives/gen"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// TestTableUpToDate regenerates the table from ../shared and compares it
// with the committed table_gen.go.
func TestTableUpToDate(t *testing.T) {
	tsv := filepath.Join(testutil.Shared(t), "data", "nginx-directives.tsv")
	src, err := os.ReadFile(tsv)
	if err != nil {
		t.Fatal(err)
	}
	got, err := gen.Generate(src)
	if err != nil {
		t.Fatalf("gen.Generate: %v", err)
	}
	have, _ := os.ReadFile("table_gen.go")
	if !bytes.Equal(got, have) {
		t.Errorf("table_gen.go is stale: run go generate ./analyzer/directives")
	}
}

func TestLookupAndArgs(t *testing.T) {
	rows := directives.Lookup("proxy_pass")
	if len(rows) != 2 {
		t.Fatalf("proxy_pass: want an http and a stream row, got %d", len(rows))
	}
	var http *directives.Spec
	for i := range rows {
		if directives.AllowedIn(&rows[i], analyzer.CtxLocation) {
			http = &rows[i]
		}
	}
	if http == nil || directives.AllowedIn(http, analyzer.CtxServer) || !directives.AllowedIn(http, analyzer.CtxIfInLocation) {
		t.Fatalf("proxy_pass http row contexts wrong: %v", http)
	}
	if !directives.ArgsOK(http, 1) || directives.ArgsOK(http, 0) || directives.ArgsOK(http, 2) {
		t.Error("proxy_pass takes exactly one argument")
	}
	ah := &directives.Lookup("add_header")[0]
	for n, ok := range map[int]bool{0: false, 1: false, 2: true, 3: true, 4: false} {
		if directives.ArgsOK(ah, n) != ok {
			t.Errorf("add_header with %d args: ArgsOK = %v", n, !ok)
		}
	}
	gz := &directives.Lookup("gzip")[0]
	if !directives.ArgsOK(gz, 1) || directives.ArgsOK(gz, 2) {
		t.Error("gzip is a flag")
	}
	if directives.ModuleName("headers-more") == "headers-more" || directives.CanonicalFamily("libnginx-mod-http-headers-more-filter") != "headers-more" {
		t.Error("module names")
	}
	if directives.Lookup("no_such_directive") != nil {
		t.Error("unknown name found")
	}
}

func TestClassifyVersions(t *testing.T) {
	old := directives.EnvOf(&analyzer.Config{NginxVersion: "1.22.1"})
	newest := directives.EnvOf(nil)
	r := old.Classify("resolver", analyzer.CtxUpstream)
	if r.Verdict != directives.NotAllowed || r.Spec == nil || r.Why != directives.TooNew || r.Spec.Since != "1.27.3" {
		t.Errorf("resolver in upstream on 1.22.1: %+v", r)
	}
	if r := newest.Classify("resolver", analyzer.CtxUpstream); r.Verdict != directives.OK {
		t.Errorf("resolver in upstream on the newest: %+v", r)
	}
	if r := newest.Classify("more_set_headers", analyzer.CtxLocation); r.Verdict != directives.Unknown || r.Why != directives.NeedsModule {
		t.Errorf("more_set_headers without modules: %+v", r)
	}
	hm := directives.EnvOf(&analyzer.Config{Modules: []string{"headers-more"}})
	if r := hm.Classify("more_set_headers", analyzer.CtxLocation); r.Verdict != directives.OK {
		t.Errorf("more_set_headers with headers-more: %+v", r)
	}
	if r := newest.Classify("health_check", analyzer.CtxLocation); r.Why != directives.NeedsPlus {
		t.Errorf("health_check: %+v", r)
	}
	if r := newest.Classify("ssl", analyzer.CtxServer); r.Why != directives.Gone {
		t.Errorf("ssl on the newest: %+v", r)
	}
	if r := old.Classify("ssl", analyzer.CtxServer); r.Verdict != directives.OK {
		t.Errorf("ssl on 1.22.1: %+v", r)
	}
	if r := directives.EnvOf(&analyzer.Config{NginxVersion: "1.2.1"}).Classify("real_ip_recursive", analyzer.CtxHTTP); r.Verdict != directives.OK {
		t.Errorf("backport 1.2.1: %+v", r)
	}
	if r := directives.EnvOf(&analyzer.Config{NginxVersion: "1.2.0"}).Classify("real_ip_recursive", analyzer.CtxHTTP); r.Verdict != directives.Unknown {
		t.Errorf("before the backport: %+v", r)
	}
}

func TestParseTimeAndSize(t *testing.T) {
	for v, want := range map[string]int64{"30": 30000, "30s": 30000, "1m30s": 90000, "500ms": 500, "2h": 7200000, "1d": 86400000} {
		if got, ok := directives.ParseTime(v); !ok || got != want {
			t.Errorf("ParseTime(%q) = %d, %v; want %d", v, got, ok, want)
		}
	}
	for _, v := range []string{"", "30sec", "s", "1s1m", "1.5s", "-1"} {
		if _, ok := directives.ParseTime(v); ok {
			t.Errorf("ParseTime(%q) accepted", v)
		}
	}
	for v, want := range map[string]bool{"16k": true, "1M": true, "2g": true, "512": true, "10mb": false, "k": false, "": false} {
		if directives.ValidSize(v) != want {
			t.Errorf("ValidSize(%q) != %v", v, want)
		}
	}
}

func TestInferContext(t *testing.T) {
	cases := map[string]analyzer.Context{
		"server { listen 80; }\n":                       analyzer.CtxHTTP,
		"listen 80;\nlocation / { root /srv; }\n":       analyzer.CtxServer,
		"proxy_pass http://a;\nproxy_set_header A b;\n": analyzer.CtxLocation,
		"server { listen 53 udp; proxy_pass a:53; }\n":  analyzer.CtxStream,
		"events { }\nhttp { }\n":                        analyzer.CtxMain,
		"/old /new;\n~^/a$ /b;\ndefault 0;\n":           analyzer.CtxMap,
		"server 10.0.0.1:80;\nkeepalive 16;\n":          analyzer.CtxUpstream,
		"add_header X-A b;\n":                           analyzer.CtxHTTP,
	}
	for src, want := range cases {
		a := analyzer.Parse("f.conf", "", []byte(src), analyzer.LoadOptions{NoIncludes: true})
		if got := a.Root.Ctx; got != want && (want != analyzer.CtxMain || got != 0) {
			t.Errorf("%q: inferred %q, want %q", src, got, want)
		}
	}
}

func TestVersionHelpers(t *testing.T) {
	if !analyzer.VersionAtLeast("", "1.27.3") || !analyzer.VersionAtLeast("1.27.3", "1.27.3") ||
		analyzer.VersionAtLeast("1.22.1", "1.27.3") || !analyzer.VersionAtLeast("1.30", "1.29.6") ||
		analyzer.CompareVersions("1.9.5", "1.10.0") != -1 {
		t.Error("version comparison")
	}
	if !analyzer.ValidVersion("1.22.1") || analyzer.ValidVersion("1.x") || analyzer.ValidVersion("") {
		t.Error("ValidVersion")
	}
}
