package playground

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/nginx-lint/nginx-lint/internal/benchgen"
)

const mainConf = "events {}\nhttp {\n    include conf.d/*.conf;\n}\n"

// A fragment with characters outside ASCII before the finding, so byte
// and UTF-16 offsets differ.
const appConf = "# café 😀\nserver {\n    listen 80;\n    location / { proxy_pass http://localhost:5000; }\n}\n"

func call(t *testing.T, req string) *Response {
	t.Helper()
	var resp Response
	if err := json.Unmarshal(HandleJSON([]byte(req)), &resp); err != nil {
		t.Fatal(err)
	}
	return &resp
}

func request(op string, s Settings, files ...File) string {
	b, err := json.Marshal(Request{Op: op, Files: files, Settings: s})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// slice16 returns text[from:to] counted in UTF-16 code units.
func slice16(text string, from, to int) string {
	u := utf16.Encode([]rune(text))
	return string(utf16.Decode(u[from:to]))
}

func TestLintIncludedTab(t *testing.T) {
	resp := call(t, request("lint", Settings{}, File{"nginx.conf", mainConf}, File{"conf.d/app.conf", appConf}))
	if resp.Error != "" {
		t.Fatal(resp.Error)
	}
	var got *Finding
	for i := range resp.Findings {
		if resp.Findings[i].Rule == "localhost-upstream" {
			got = &resp.Findings[i]
		}
	}
	if got == nil {
		t.Fatalf("no localhost-upstream finding in %+v", resp.Findings)
	}
	if got.File != "conf.d/app.conf" || got.Line != 4 || got.Severity != "warning" {
		t.Errorf("finding at %s:%d (%s), want conf.d/app.conf:4 (warning)", got.File, got.Line, got.Severity)
	}
	if s := slice16(appConf, got.From, got.To); s != "localhost" {
		t.Errorf("finding spans %q, want localhost", s)
	}
	if want := strings.Index(strings.Split(appConf, "\n")[3], "localhost") + 1; got.Column != want {
		t.Errorf("column %d, want %d", got.Column, want)
	}
	if len(got.Fixes) == 0 || len(got.Fixes[0].Edits) != 1 {
		t.Fatalf("fixes %+v, want one edit", got.Fixes)
	}
	e := got.Fixes[0].Edits[0]
	if e.File != "conf.d/app.conf" || slice16(appConf, e.From, e.To) != "localhost" || e.Text != "127.0.0.1" {
		t.Errorf("fix edit %+v, want localhost → 127.0.0.1 in conf.d/app.conf", e)
	}
	if got.Fixes[0].Safe {
		t.Errorf("fix is safe without a loopback choice")
	}
	// The ignore edit: a comment above the finding's line, indented like it,
	// after which the finding is gone.
	ig := got.Ignore
	if ig == nil || ig.File != "conf.d/app.conf" || ig.From != ig.To || ig.Text != "    # nginx-lint:ignore localhost-upstream reason\n" {
		t.Fatalf("ignore edit %+v", ig)
	}
	u := utf16.Encode([]rune(appConf))
	ignored := string(utf16.Decode(u[:ig.From])) + ig.Text + string(utf16.Decode(u[ig.From:]))
	resp = call(t, request("lint", Settings{}, File{"nginx.conf", mainConf}, File{"conf.d/app.conf", ignored}))
	for _, f := range resp.Findings {
		if f.Rule == "localhost-upstream" {
			t.Errorf("the finding stays after its ignore comment:\n%s", ignored)
		}
	}
}

// A tab that nothing includes is linted on its own; one that is included
// is reported once, in context.
func TestLintEveryTabOnce(t *testing.T) {
	other := "location / { proxy_pass http://localhost:3000; }\n"
	resp := call(t, request("lint", Settings{}, File{"nginx.conf", mainConf}, File{"conf.d/app.conf", appConf}, File{"snippets/other.conf", other}))
	count := map[string]int{}
	for _, f := range resp.Findings {
		if f.Rule == "localhost-upstream" {
			count[f.File]++
		}
	}
	if count["conf.d/app.conf"] != 1 || count["snippets/other.conf"] != 1 || len(count) != 2 {
		t.Errorf("localhost-upstream findings by file: %v, want one in each fragment", count)
	}
}

func TestFixAllWithLoopback(t *testing.T) {
	files := []File{{"nginx.conf", mainConf}, {"conf.d/app.conf", appConf}}
	if resp := call(t, request("fix", Settings{}, files...)); resp.Error != "" || resp.Fixed != 0 || len(resp.Files) != 0 {
		t.Errorf("safe fix-all without --loopback changed %+v (fixed %d, error %q): the localhost fix is unsafe then", resp.Files, resp.Fixed, resp.Error)
	}
	resp := call(t, request("fix", Settings{Loopback: "ipv4"}, files...))
	if resp.Error != "" || resp.Fixed != 1 || len(resp.Files) != 1 {
		t.Fatalf("fix-all with loopback ipv4: %+v", resp)
	}
	if f := resp.Files[0]; f.Name != "conf.d/app.conf" || f.Text != strings.Replace(appConf, "localhost", "127.0.0.1", 1) {
		t.Errorf("fixed file %s:\n%s", f.Name, f.Text)
	}
	if resp := call(t, request("fix", Settings{Unsafe: true}, files...)); resp.Fixed != 1 {
		t.Errorf("fix-all with unsafe fixes applied %d fixes, want 1", resp.Fixed)
	}
}

// The version and module selectors change what the engine knows.
func TestSettings(t *testing.T) {
	conf := "events {}\nhttp {\n    server {\n        listen 80;\n        more_set_headers 'X-A: b';\n    }\n}\n"
	has := func(resp *Response, rule string) bool {
		for _, f := range resp.Findings {
			if f.Rule == rule {
				return true
			}
		}
		return false
	}
	if resp := call(t, request("lint", Settings{}, File{"nginx.conf", conf})); !has(resp, "unknown-directive") {
		t.Errorf("more_set_headers without the headers-more module: no unknown-directive finding in %+v", resp.Findings)
	}
	if resp := call(t, request("lint", Settings{Modules: []string{"headers-more"}}, File{"nginx.conf", conf})); has(resp, "unknown-directive") || resp.Error != "" {
		t.Errorf("more_set_headers with the headers-more module: %+v %s", resp.Findings, resp.Error)
	}
	for _, s := range []Settings{{NginxVersion: "one"}, {Modules: []string{"no-such-module"}}, {Loopback: "ipv5"}} {
		if resp := call(t, request("lint", s, File{"nginx.conf", conf})); resp.Error == "" {
			t.Errorf("settings %+v were accepted", s)
		}
	}
}

func TestBadRequests(t *testing.T) {
	for _, req := range []string{
		`{`, `{"op":"lint"}`, `{"op":"nope"}`, `{"op":"explain","rule":"no-such-rule"}`,
		`{"op":"lint","files":[{"name":"../x.conf","text":""}]}`,
		`{"op":"lint","files":[{"name":"a.conf","text":""},{"name":"./a.conf","text":""}]}`,
	} {
		if resp := call(t, req); resp.Error == "" {
			t.Errorf("%s: no error", req)
		}
	}
	// A file that does not parse is a finding, not an error.
	resp := call(t, request("lint", Settings{}, File{"nginx.conf", "http {\n"}))
	if resp.Error != "" || len(resp.Findings) == 0 || resp.Findings[0].Rule != "syntax-error" {
		t.Errorf("unclosed block: %+v", resp)
	}
}

func TestExplainAndInfo(t *testing.T) {
	resp := call(t, `{"op":"explain","rule":"localhost-upstream"}`)
	if !strings.Contains(resp.Doc, "localhost") {
		t.Errorf("explain localhost-upstream: %q", resp.Doc)
	}
	in := call(t, `{"op":"info"}`).Info
	if in == nil || in.Newest == "" || len(in.Modules) == 0 || len(in.Rules) == 0 || in.Prefix != Prefix {
		t.Fatalf("info %+v", in)
	}
	found := false
	for _, m := range in.Modules {
		found = found || m.Name == "headers-more"
	}
	if !found {
		t.Errorf("info lists no headers-more module: %+v", in.Modules)
	}
}

func TestUTF16Off(t *testing.T) {
	s := "aé😀b"
	for _, c := range []struct{ bytes, units int }{{0, 0}, {1, 1}, {3, 2}, {7, 4}, {8, 5}, {99, 5}} {
		if got := utf16Off(s, c.bytes); got != c.units {
			t.Errorf("utf16Off(%q, %d) = %d, want %d", s, c.bytes, got, c.units)
		}
	}
	// offsets asked in any order agree with utf16Off, for ASCII and not.
	for _, text := range []string{appConf, "server { listen 80; }\n"} {
		o := newOffsets(text)
		for _, off := range []int{5, 20, 3, len(text), 0, 14, 15, 99} {
			if got, want := o.at(off), utf16Off(text, off); got != want {
				t.Errorf("offsets(%q).at(%d) = %d, want %d", text, off, got, want)
			}
		}
	}
}

// BenchmarkLint20KB is the engine's share of the page's latency for a
// 20 KB config (the browser test measures the whole round trip in wasm).
func BenchmarkLint20KB(b *testing.B) {
	req := &Request{Op: "lint", Files: []File{{"nginx.conf", string(benchgen.Config(20 << 10))}}}
	for b.Loop() {
		if resp := Handle(context.Background(), req); resp.Error != "" || len(resp.Findings) == 0 {
			b.Fatalf("%+v", resp)
		}
	}
}

// A finding's related places are located in the page's files too: the
// pass in an included tab that sends to a localhost upstream server.
func TestRelatedInAnotherTab(t *testing.T) {
	main := "events {}\nhttp {\n    upstream app { server localhost:5000; }\n    include conf.d/*.conf;\n}\n"
	app := "# ü\nserver {\n    listen 80;\n    location / { proxy_pass http://app; }\n}\n"
	resp := call(t, request("lint", Settings{}, File{"nginx.conf", main}, File{"conf.d/app.conf", app}))
	for _, f := range resp.Findings {
		if f.Rule != "localhost-upstream" {
			continue
		}
		if f.File != "nginx.conf" || f.Line != 3 {
			t.Errorf("finding at %s:%d, want nginx.conf:3", f.File, f.Line)
		}
		for _, r := range f.Related {
			if r.File == "conf.d/app.conf" && r.Line == 4 && strings.HasPrefix(slice16(app, r.From, r.To), "proxy_pass") && r.Message != "" {
				return
			}
		}
		t.Fatalf("no related location at the proxy_pass of conf.d/app.conf:4 in %+v", f.Related)
	}
	t.Fatalf("no localhost-upstream finding in %+v", resp.Findings)
}

// A .nginx-lint.yaml tab configures the lint as the file does for the
// command line; the page's own settings win over it.
func TestConfigTab(t *testing.T) {
	files := func(yaml string) []File {
		return []File{{"nginx.conf", mainConf}, {"conf.d/app.conf", appConf}, {".nginx-lint.yaml", yaml}}
	}
	rulesOf := func(resp *Response) map[string]string {
		if resp.Error != "" {
			t.Fatal(resp.Error)
		}
		out := map[string]string{}
		for _, f := range resp.Findings {
			if f.File == ".nginx-lint.yaml" {
				t.Errorf("the configuration tab was linted as nginx: %+v", f)
			}
			out[f.Rule] = f.Severity
		}
		return out
	}
	if got := rulesOf(call(t, request("lint", Settings{}, files("rules:\n  localhost-upstream: error\n")...))); got["localhost-upstream"] != "error" {
		t.Errorf("severity from the file: %v", got)
	}
	if got := rulesOf(call(t, request("lint", Settings{}, files("rules:\n  localhost-upstream: off\n")...))); got["localhost-upstream"] != "" {
		t.Errorf("rule turned off by the file still reports: %v", got)
	}
	// loopback from the file makes the localhost fix safe; the page's wins.
	fix := func(s Settings, yaml string) string {
		resp := call(t, request("fix", s, files(yaml)...))
		if resp.Error != "" || len(resp.Files) != 1 {
			t.Fatalf("fix with %+v and %q: %+v", s, yaml, resp)
		}
		return resp.Files[0].Text
	}
	if got := fix(Settings{}, "loopback: ipv6\n"); !strings.Contains(got, "[::1]:5000") {
		t.Errorf("loopback ipv6 from the file:\n%s", got)
	}
	if got := fix(Settings{Loopback: "ipv4"}, "loopback: ipv6\n"); !strings.Contains(got, "127.0.0.1:5000") {
		t.Errorf("the page's loopback ipv4 over the file's ipv6:\n%s", got)
	}
	// The template the page offers is a configuration it accepts, and it
	// changes nothing.
	tmpl := call(t, `{"op":"info"}`).Info.ConfigTemplate
	if got := rulesOf(call(t, request("lint", Settings{}, files(tmpl)...))); got["localhost-upstream"] != "warning" {
		t.Errorf("with the configuration template: %v", got)
	}
	resp := call(t, request("lint", Settings{}, files("rules:\n  no-such-rule: off\n")...))
	if !strings.HasPrefix(resp.Error, ".nginx-lint.yaml:2:") || !strings.Contains(resp.Error, "no-such-rule") {
		t.Errorf("unknown rule in the file: error %q, want it named at .nginx-lint.yaml:2", resp.Error)
	}
}
