package lsp

import (
	"os"
	"path/filepath"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// A conf.d fragment is checked in the configuration that includes it: the
// upstream called localhost defined in nginx.conf makes proxy_pass
// http://localhost no DNS name. Findings the change brings to another open
// file of the configuration are published for that file.
func TestFragmentInContext(t *testing.T) {
	dir := t.TempDir()
	main := filepath.Join(dir, "nginx.conf")
	frag := filepath.Join(dir, "conf.d", "site.conf")
	if err := os.MkdirAll(filepath.Dir(frag), 0o755); err != nil {
		t.Fatal(err)
	}
	const mainText = "events {}\nhttp {\n    upstream localhost {\n        server 127.0.0.1:5000;\n    }\n    include conf.d/*.conf;\n}\n"
	if err := os.WriteFile(main, []byte(mainText), 0o644); err != nil {
		t.Fatal(err)
	}
	const fragText = "server {\n    location / {\n        proxy_pass http://localhost;\n    }\n}\n"
	if err := os.WriteFile(frag, []byte(fragText), 0o644); err != nil {
		t.Fatal(err)
	}
	c, _ := start(t, nil)
	// Alone, the fragment's localhost is a DNS name.
	lone := filepath.Join(t.TempDir(), "site.conf")
	if d := find(c.waitDiags(c.open(lone, fragText)), "localhost-upstream"); d == nil {
		t.Fatal("the fragment alone: no localhost-upstream")
	}
	mu := c.open(main, mainText)
	c.waitDiags(mu)
	fu := c.open(frag, fragText)
	if d := find(c.waitDiags(fu), "localhost-upstream"); d != nil {
		t.Fatalf("in context localhost is the upstream: %+v", d)
	}
	// Renaming the upstream in the open nginx.conf buffer (not on disk)
	// brings the finding to the fragment, published when nginx.conf changes.
	renamed := "events {}\nhttp {\n    upstream app {\n        server 127.0.0.1:5000;\n    }\n    include conf.d/*.conf;\n}\n"
	c.notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: mu}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: renamed}}})
	if d := find(c.waitDiags(fu), "localhost-upstream"); d == nil || d.Range.Start.Line != 2 {
		t.Fatalf("after the upstream's rename the fragment's diagnostics: %+v", d)
	}
}

// A fragment whose configuration's main file is not named nginx.conf is
// checked through it, as `nginx-lint check` of the workspace folder
// checks it: the file no other includes that reads the fragment.
func TestFragmentInContextAnyName(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"main.conf": "events {}\nhttp {\n    upstream localhost {\n        server 127.0.0.1:5000;\n    }\n    include sites/*.conf;\n}\n",
		// A configuration of its own that reads another directory.
		"other.conf":      "events {}\nhttp {\n    include other/*.conf;\n}\n",
		"sites/app.conf":  "server {\n    location / {\n        proxy_pass http://localhost;\n    }\n}\n",
		"other/page.conf": "server {\n    listen 8080;\n}\n",
	}
	testutil.WriteFiles(t, dir, files)
	c, _ := start(t, func(s *Server) { s.roots = []string{dir} })
	frag := filepath.Join(dir, "sites", "app.conf")
	fu := c.open(frag, files["sites/app.conf"])
	if d := find(c.waitDiags(fu), "localhost-upstream"); d != nil {
		t.Fatalf("through main.conf localhost is the upstream: %+v", d)
	}
	c.srv.mu.Lock()
	got := c.srv.includers[analyzer.RealPath(frag)]
	c.srv.mu.Unlock()
	if got != filepath.Join(dir, "main.conf") {
		t.Errorf("includer remembered: %q, want main.conf", got)
	}
	// Outside the workspace folder the same files are not searched: the
	// fragment is checked alone.
	c2, _ := start(t, nil)
	if d := find(c2.waitDiags(c2.open(frag, files["sites/app.conf"])), "localhost-upstream"); d == nil {
		t.Error("without a workspace folder: no localhost-upstream (the fragment alone)")
	}
}
