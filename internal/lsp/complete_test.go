package lsp

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

func labels(t *testing.T, c *client, u protocol.DocumentURI, line, char uint32) []string {
	t.Helper()
	p := at(line, char)
	p.TextDocument.URI = u
	var list protocol.CompletionList
	if err := c.call(protocol.MethodTextDocumentCompletion, &protocol.CompletionParams{TextDocumentPositionParams: p}, &list); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range list.Items {
		out = append(out, it.Label)
	}
	return out
}

func TestCompletion(t *testing.T) {
	c, _ := start(t, nil)
	text := strings.Join([]string{
		"events {}", // 0
		"http {",    // 1
		"    upstream backend { server 127.0.0.1:5000; }", // 2
		"    upstream backup { server 127.0.0.1:5001; }",  // 3
		"    map $uri $is_api { default 0; }",             // 4
		"    server {",                                    // 5
		"        listen 80;",                              // 6
		"        location / {",                            // 7
		"            proxy_pass http://back",              // 8
		"            add_header X $is_",                   // 9
		"            gzip ",                               // 10
		"            proxy_buf",                           // 11
		"        }",                                       // 12
		"        worker_",                                 // 13
		"    }",                                           // 14
		"}",                                               // 15
		"worker_",                                         // 16
		"",
	}, "\n")
	u := c.open(filepath.Join(t.TempDir(), "nginx.conf"), text)
	line := func(i int) uint32 { return uint32(len(strings.Split(text, "\n")[i])) }

	if got := labels(t, c, u, 8, line(8)); !slices.Equal(got, []string{"backend", "backup"}) {
		t.Errorf("upstreams after proxy_pass http://back: %v", got)
	}
	got := labels(t, c, u, 9, line(9))
	if !slices.Contains(got, "is_api") || slices.Contains(got, "uri") {
		t.Errorf("variables after $is_: %v", got)
	}
	if got := labels(t, c, u, 10, line(10)); !slices.Equal(got, []string{"on", "off"}) {
		t.Errorf("gzip values: %v", got)
	}
	got = labels(t, c, u, 11, line(11))
	if !slices.Contains(got, "proxy_buffering") || !slices.Contains(got, "proxy_buffer_size") || slices.ContainsFunc(got, func(s string) bool { return !strings.HasPrefix(s, "proxy_buf") }) {
		t.Errorf("directives in location starting proxy_buf: %v", got)
	}
	// worker_processes belongs to main, not to server.
	if got := labels(t, c, u, 13, line(13)); slices.Contains(got, "worker_processes") {
		t.Errorf("main directives offered in server: %v", got)
	}
	if got := labels(t, c, u, 16, line(16)); !slices.Contains(got, "worker_processes") {
		t.Errorf("main directives at the top level: %v", got)
	}
	// $ alone: nginx's own variables too.
	if got := labels(t, c, u, 9, line(9)-3); !slices.Contains(got, "remote_addr") || !slices.Contains(got, "is_api") {
		t.Errorf("variables after $: %d items", len(got))
	}
}
