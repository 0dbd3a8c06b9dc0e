package benchgen_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/benchgen"
	"github.com/nginx-lint/nginx-lint/rules"
)

// A generated host is one configuration: nginx.conf reaches every file of
// the host through its includes, and nginx-lint finds no error in it (the
// warnings are the localhost upstreams Config plants).
func TestTree(t *testing.T) {
	dir := t.TempDir()
	st, err := benchgen.Tree(dir, 3, 4, 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := 3 * (3 + 4); st.Files != want {
		t.Errorf("%d files written, want %d", st.Files, want)
	}
	_ = rules.All()
	servers := 0
	for h := range 3 {
		conf := filepath.Join(dir, "host-000"+string(rune('0'+h)), "nginx.conf")
		src, err := os.ReadFile(conf)
		if err != nil {
			t.Fatal(err)
		}
		a := analyzer.Parse(conf, conf, src, analyzer.LoadOptions{})
		a.Config = &analyzer.Config{}
		if len(a.Units) != 7 {
			t.Errorf("%s reaches %d files, want 7", conf, len(a.Units))
		}
		for _, f := range a.Check() {
			if f.Severity == analyzer.Error {
				t.Errorf("%s: %s: %s", f.Range.Start, f.Rule, f.Message)
			}
		}
		a.Walk(func(d *analyzer.Directive) bool {
			if d.Name() == "server_name" {
				servers++
			}
			return true
		})
	}
	if servers != 3*4*2 {
		t.Errorf("%d servers, want %d", servers, 3*4*2)
	}
}

func TestCopyTree(t *testing.T) {
	src, dir := t.TempDir(), t.TempDir()
	for name, text := range map[string]string{"a/nginx.conf": "events {}\n", "b.conf": "x 1;\n", ".git/config": "no\n"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(src, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st, err := benchgen.CopyTree(dir, src, 3)
	if err != nil {
		t.Fatal(err)
	}
	if st.Files != 6 || st.Bytes != 3*(10+5) {
		t.Errorf("wrote %d files, %d bytes; want 6, 45", st.Files, st.Bytes)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "copy-003", "a", "nginx.conf")); err != nil || string(b) != "events {}\n" {
		t.Errorf("copy-003/a/nginx.conf: %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "copy-001", ".git")); err == nil {
		t.Error("a dot directory was copied")
	}
}
