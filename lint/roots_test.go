package lint

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// Includers finds, like `nginx-lint check DIR`, the roots that read a
// fragment whatever their names: a file that another includes is no root
// (main.conf reads app.conf through middle.conf), a file that does not
// read the fragment is left out, files the walk does not take (a README,
// a hidden directory) are not read, nor is a symbolic link that leads out
// of the folder, and an overlay counts over the disk.
func TestIncluders(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"main.conf":         "events {}\nhttp {\n    include middle.conf;\n}\n",
		"middle.conf":       "include sites/*.conf;\n",
		"sites/app.conf":    "server {\n    listen 80;\n}\n",
		"other.conf":        "events {}\nhttp {\n    server {\n        listen 81;\n    }\n}\n",
		"README":            "include sites/app.conf;\n",
		".hidden/x.conf":    "events {}\nhttp {\n    include ../sites/app.conf;\n}\n",
		"later/nginx.conf":  "events {}\nhttp {\n    include ../sites/app.conf;\n}\n",
		"sites/unused.conf": "server {\n    listen 82;\n}\n",
	}
	testutil.WriteFiles(t, dir, files)
	out := t.TempDir()
	testutil.WriteFiles(t, out, map[string]string{"linked.conf": "events {}\nhttp {\n    include " + filepath.Join(dir, "sites", "app.conf") + ";\n}\n"})
	if err := os.Symlink(filepath.Join(out, "linked.conf"), filepath.Join(dir, "linked.conf")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	e := New(Options{})
	app := filepath.Join(dir, "sites", "app.conf")
	// nginx.conf files come first, as the CLI orders its roots.
	want := []string{filepath.Join(dir, "later", "nginx.conf"), filepath.Join(dir, "main.conf")}
	if got := e.Includers(context.Background(), dir, app); !slices.Equal(got, want) {
		t.Errorf("includers of app.conf: %q, want %q", got, want)
	}
	if got := e.Includers(context.Background(), dir, filepath.Join(dir, "other.conf")); len(got) != 0 {
		t.Errorf("includers of a root: %q, want none", got)
	}
	// other.conf, unsaved, now includes the fragment too.
	e.SetOverlay(filepath.Join(dir, "other.conf"), []byte("events {}\nhttp {\n    include sites/app.conf;\n}\n"))
	want = append(want, filepath.Join(dir, "other.conf"))
	if got := e.Includers(context.Background(), dir, app); !slices.Equal(got, want) {
		t.Errorf("with other.conf's overlay: %q, want %q", got, want)
	}
}
