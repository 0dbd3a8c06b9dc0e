package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

const whole = `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
    }
    upstream backend {
        server 127.0.0.1:5000;
    }
    include extra.conf;
    server {
        listen 80;
        server_name example.com www.example.com;
        set $target backend;
        location /api/ {
            proxy_pass http://backend/v1/;
            proxy_set_header Connection $connection_upgrade;
            add_header X-Target ${target}x;
        }
    }
}
`

func at(line, char uint32) protocol.TextDocumentPositionParams {
	return protocol.TextDocumentPositionParams{Position: protocol.Position{Line: line, Character: char}}
}

// locations asks for the definition or the references (with the
// declarations when decl is set) of what is at line:char of u.
func (c *client) locations(method string, u protocol.DocumentURI, line, char uint32, decl bool) []protocol.Location {
	c.t.Helper()
	p := at(line, char)
	p.TextDocument.URI = u
	var params any = &protocol.DefinitionParams{TextDocumentPositionParams: p}
	if method == protocol.MethodTextDocumentReferences {
		params = &protocol.ReferenceParams{TextDocumentPositionParams: p, Context: protocol.ReferenceContext{IncludeDeclaration: decl}}
	}
	var locs []protocol.Location
	if err := c.call(method, params, &locs); err != nil {
		c.t.Fatal(err)
	}
	return locs
}

func TestDocumentSymbols(t *testing.T) {
	c, _ := start(t, nil)
	u := c.open(filepath.Join(t.TempDir(), "nginx.conf"), whole)
	var syms []protocol.DocumentSymbol
	if err := c.call(protocol.MethodTextDocumentDocumentSymbol, &protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}, &syms); err != nil {
		t.Fatal(err)
	}
	var lines []string
	var walk func([]protocol.DocumentSymbol, string)
	walk = func(ss []protocol.DocumentSymbol, indent string) {
		for _, s := range ss {
			lines = append(lines, indent+s.Name)
			walk(s.Children, indent+"  ")
		}
	}
	walk(syms, "")
	want := "events\nhttp\n  map $http_upgrade $connection_upgrade\n  upstream backend\n  server example.com www.example.com\n    location /api/"
	if got := strings.Join(lines, "\n"); got != want {
		t.Fatalf("outline:\n%s\nwant:\n%s", got, want)
	}
	if r := syms[1].Range; r.Start.Line != 1 || r.End.Line != 19 {
		t.Errorf("http's range %+v, want lines 1-19", r)
	}
}

func TestDefinition(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "extra.conf"), []byte("# more\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, _ := start(t, nil)
	u := c.open(filepath.Join(dir, "nginx.conf"), whole)
	def := func(line, char uint32) []protocol.Location {
		return c.locations(protocol.MethodTextDocumentDefinition, u, line, char, false)
	}
	// The upstream name in proxy_pass goes to the upstream block's name.
	if locs := def(14, 33); len(locs) != 1 || locs[0].URI != u || locs[0].Range.Start != (protocol.Position{Line: 5, Character: 13}) {
		t.Errorf("proxy_pass backend: %+v", locs)
	}
	// A variable goes to the directive that sets it: map, set (${…} too).
	if locs := def(15, 42); len(locs) != 1 || locs[0].Range.Start != (protocol.Position{Line: 2, Character: 22}) {
		t.Errorf("$connection_upgrade: %+v", locs)
	}
	if locs := def(16, 35); len(locs) != 1 || locs[0].Range.Start != (protocol.Position{Line: 12, Character: 12}) {
		t.Errorf("${target}: %+v", locs)
	}
	// include goes to the file.
	if locs := def(8, 14); len(locs) != 1 || locs[0].URI != uri.File(filepath.Join(dir, "extra.conf")) {
		t.Errorf("include: %+v", locs)
	}
	// Nothing to go to on a plain directive.
	if locs := def(10, 8); len(locs) != 0 {
		t.Errorf("listen: %+v", locs)
	}
}

func TestPullDiagnostics(t *testing.T) {
	c, _ := start(t, nil)
	path := filepath.Join(t.TempDir(), "site.conf")
	u := c.open(path, buffer)
	var rep fullReport
	if err := c.call(methodDiagnostic, map[string]any{"textDocument": map[string]any{"uri": u}}, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Kind != "full" || find(rep.Items, "localhost-upstream") == nil {
		t.Fatalf("pulled %+v", rep)
	}
	// A file that is not open is read from the disk.
	if err := os.WriteFile(filepath.Join(filepath.Dir(path), "disk.conf"), []byte("resolver 8.8.8.8 [2001:4860:4860::8888];\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rep = fullReport{}
	if err := c.call(methodDiagnostic, map[string]any{"textDocument": map[string]any{"uri": uri.File(filepath.Join(filepath.Dir(path), "disk.conf"))}}, &rep); err != nil {
		t.Fatal(err)
	}
	if find(rep.Items, "localhost-upstream") != nil || len(rep.Items) == 0 {
		t.Fatalf("pulled from disk %+v", rep)
	}
}

// References of an upstream and of a variable span the files of the
// configuration: the open fragment (its buffer) and nginx.conf on disk.
func TestReferences(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(root, []byte(`events {}
http {
    upstream backend { server 127.0.0.1:5000; }
    map $http_upgrade $conn { default upgrade; }
    include conf.d/*.conf;
}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "conf.d", "site.conf")
	if err := os.MkdirAll(filepath.Dir(site), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(site, []byte("# not what the buffer holds\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, _ := start(t, nil)
	u := c.open(site, `server {
    set $b backend;
    location / { proxy_pass http://backend/x; proxy_set_header Connection $conn; }
    location /b { proxy_pass http://$b; add_header X ${conn}; }
}
`)
	refs := func(u protocol.DocumentURI, line, char uint32, decl bool) string {
		t.Helper()
		var out []string
		for _, l := range c.locations(protocol.MethodTextDocumentReferences, u, line, char, decl) {
			out = append(out, fmt.Sprintf("%s:%d:%d-%d", filepath.Base(l.URI.Filename()), l.Range.Start.Line, l.Range.Start.Character, l.Range.End.Character))
		}
		return strings.Join(out, " ")
	}
	// From proxy_pass http://backend in the fragment: the upstream's name
	// in nginx.conf, the pass, and the set that gives $b the name.
	if got, want := refs(u, 2, 37, true), "nginx.conf:2:13-20 site.conf:2:35-42 site.conf:1:11-18"; got != want {
		t.Errorf("upstream references\n got %s\nwant %s", got, want)
	}
	if got, want := refs(u, 2, 37, false), "site.conf:2:35-42 site.conf:1:11-18"; got != want {
		t.Errorf("upstream references without the declaration\n got %s\nwant %s", got, want)
	}
	// From ${conn}: the map that sets it, and both uses.
	if got, want := refs(u, 3, 57, true), "nginx.conf:3:22-27 site.conf:2:74-79 site.conf:3:53-60"; got != want {
		t.Errorf("variable references\n got %s\nwant %s", got, want)
	}
	// From the upstream's name in nginx.conf, opened too: the fragment's
	// buffer is what is searched.
	ru := c.open(root, mustRead(t, root))
	if got, want := refs(ru, 2, 15, false), "site.conf:2:35-42 site.conf:1:11-18"; got != want {
		t.Errorf("upstream references from nginx.conf\n got %s\nwant %s", got, want)
	}
	// Nothing on a plain word.
	if got := refs(u, 2, 8, true); got != "" {
		t.Errorf("references of location: %s", got)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Named groups of regular expressions define variables: go to definition,
// references and completion know them.
func TestNamedCaptures(t *testing.T) {
	c, _ := start(t, nil)
	text := strings.Join([]string{
		`http {`, // 0
		`    server {`,
		`        server_name ~^(?<sub>.+)\.example\.com$;`, // 2
		`        location ~ ^/u/(?P<user>[^/]+) {`,         // 3
		`            return 200 "$sub ${user} $us";`,       // 4
		`        }`,
		`    }`,
		`}`,
		``,
	}, "\n")
	u := c.open(filepath.Join(t.TempDir(), "nginx.conf"), text)
	def := func(line, char uint32) []protocol.Location {
		return c.locations(protocol.MethodTextDocumentDefinition, u, line, char, false)
	}
	if locs := def(4, 25); len(locs) != 1 || locs[0].Range != (protocol.Range{Start: protocol.Position{Line: 2, Character: 25}, End: protocol.Position{Line: 2, Character: 28}}) {
		t.Errorf("$sub goes to %+v, want the group name in server_name", locs)
	}
	if locs := def(4, 31); len(locs) != 1 || locs[0].Range.Start != (protocol.Position{Line: 3, Character: 27}) {
		t.Errorf("${user} goes to %+v, want the group name in the location", locs)
	}
	if locs := c.locations(protocol.MethodTextDocumentReferences, u, 4, 31, true); len(locs) != 2 || locs[0].Range.Start != (protocol.Position{Line: 3, Character: 27}) || locs[1].Range.Start != (protocol.Position{Line: 4, Character: 29}) {
		t.Errorf("references of $user: %+v", locs)
	}
	if got := labels(t, c, u, 4, 40); !slices.Contains(got, "user") || slices.Contains(got, "sub") {
		t.Errorf("variables after $us: %v", got)
	}
}
