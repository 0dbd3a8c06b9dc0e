package sources_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	_ "github.com/nginx-lint/nginx-lint/rules"
	"github.com/nginx-lint/nginx-lint/sources"
)

// FuzzManifests reads fuzzed YAML as Kubernetes manifests, places the
// ConfigMap keys, checks every nginx configuration found with all rules
// and maps the findings back into the manifest. It asserts no panic, and
// that every finding located in a key lands inside the manifest's text
// (a position whose offset is in range and whose line and column agree
// with it), and that the edits of fixes map into the manifest too.
func FuzzManifests(f *testing.F) {
	for _, p := range []string{"testdata/deploy.yaml", "testdata/styles.yaml"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"kind: ConfigMap\ndata:\n  a.conf: |\n    http { server_tokens on; }\n",
		"kind: ConfigMap\ndata:\n  a.conf: \"events {}\\nhttp {\\n\\tlisten 80;\\n}\"\n",
		"kind: ConfigMap\ndata:\n  a.conf: >\n    events {}\n    http { include *.conf; }\n  b.conf: |-\n    server { listen 80; }\n",
		"kind: List\nitems:\n- kind: ConfigMap\n  metadata: {name: x}\n  data: {n.conf: 'a b;'}\n",
		"a: &a [*a, *a]\nkind: ConfigMap\n",
		"kind: ConfigMap\ndata:\n  a.conf: |\n    \x1b[2J\xff\x00 {\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<16 {
			return
		}
		name := filepath.Join("k8s", "deploy.yaml")
		m, err := sources.ReadManifests(name, src)
		if err != nil {
			return
		}
		s := m.Source(nil, nil)
		maps := s.Mappers()
		for _, c := range s.Configs {
			a := analyzer.Parse(c.Path, c.Path, c.Src, analyzer.LoadOptions{FS: s.FS, MaxIncludes: 64})
			a.Config = &analyzer.Config{Enabled: map[string]bool{}}
			for _, fd := range sources.MapFindings(a.Check(), maps) {
				if fd.Range.Start.File != name {
					continue // a key written so that it is reported under its own path
				}
				for _, p := range []analyzer.Position{fd.Range.Start, fd.Range.End} {
					if p.Offset < 0 || p.Offset > len(src) {
						t.Fatalf("%s: offset %d outside the manifest (%d bytes)", fd.Rule, p.Offset, len(src))
					}
					if q := s.File.Pos(p.Offset); q.Line != p.Line || q.Column != p.Column {
						t.Fatalf("%s: position %d:%d does not match offset %d (%d:%d)", fd.Rule, p.Line, p.Column, p.Offset, q.Line, q.Column)
					}
				}
				if fd.Range.End.Offset < fd.Range.Start.Offset {
					t.Fatalf("%s: range ends before it starts", fd.Rule)
				}
			}
		}
	})
}
