package lsp

import (
	"os"
	"path/filepath"
	"testing"

	"go.lsp.dev/protocol"
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
