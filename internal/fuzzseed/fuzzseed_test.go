package fuzzseed

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// Seeds come from the fixtures, the CLI scripts, the e2e tests and the
// hostile list, and each is written as a corpus file whose value reads back
// to the same bytes, whatever they are.
func TestCollectAndWrite(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	seeds, err := collect(root)
	if err != nil {
		t.Fatal(err)
	}
	fixture, err := os.ReadFile(filepath.Join(root, "rules", "testdata", "syntax_error", "stray_brace.conf"))
	if err != nil {
		t.Fatal(err)
	}
	ar, err := txtar.ParseFile(filepath.Join(root, "testdata", "script", "fix_crlf.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	var script []byte
	for _, f := range ar.Files {
		if isConfName(f.Name) {
			script = f.Data
			break
		}
	}
	e2e := ""
	for k := range seeds {
		if len(k) > maxSeed {
			t.Errorf("seed of %d bytes kept (limit %d)", len(k), maxSeed)
		}
		if strings.Contains(k, "# lint: version-disclosure") {
			e2e = k
		}
	}
	for name, want := range map[string]string{
		"a rule fixture":        string(fixture),
		"a hostile input":       "\x00",
		"a CLI script's config": string(script),
		"an e2e test's config":  e2e,
	} {
		if _, ok := seeds[want]; !ok || want == "" {
			t.Errorf("%s is not among the seeds", name)
		}
	}

	dir := t.TempDir()
	keep := filepath.Join(dir, "0123abcd")
	if err := os.WriteFile(keep, []byte("crasher"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "seed-old"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	in := map[string][]byte{"a": []byte("a \"b\"\r\n"), "b": []byte("\xff\xfe\x00{")}
	n, _, err := write(dir, in, bytesArg)
	if err != nil || n != 2 {
		t.Fatalf("write: %d, %v", n, err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	got := map[string]bool{}
	for _, p := range files {
		b, _ := os.ReadFile(p)
		if p == keep {
			continue
		}
		lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		if len(lines) != 2 || lines[0] != "go test fuzz v1" || !strings.HasPrefix(lines[1], "[]byte(") {
			t.Fatalf("%s: not a corpus file: %q", p, b)
		}
		v, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		got[v] = true
	}
	if len(files) != 3 || !got["a \"b\"\r\n"] || !got["\xff\xfe\x00{"] {
		t.Errorf("files %v hold %v", files, got)
	}
}
