// Package fuzzseed rebuilds the seed corpora of the fuzz targets from the
// project's fixtures:
//
//   - every file under rules/testdata (fixtures, golden fix results, included
//     snippets) and testdata/examples;
//   - the nginx configuration sections (.conf, .inc, .txt and files under
//     sites-available/) of the CLI scripts in testdata/script/*.txtar;
//   - the configurations written inline in the e2e tests (raw string
//     literals holding a ';' or a '{');
//   - a few small hostile inputs (NUL byte, invalid UTF-8, BOM, CRLF, lone
//     CR, unterminated quote, deep nesting, stray braces);
//   - for FuzzFix only, each rule fixture that includes files of its
//     directory as a txtar archive: the fixture as the comment, the files
//     under its directory's subdirectories as members (the form FuzzFix
//     reads as a file with its includes).
//
// Inputs larger than 16 KiB are skipped and identical ones kept once. Each
// seed is written in Go's corpus format as testdata/fuzz/<Target>/seed-<hash>
// of its package; files without the seed- prefix (crashers kept as
// regression inputs) are left alone, older seed- files are removed.
//
// Run it with `go generate ./analyzer` or `go run ./_tools/fuzzseed` from
// anywhere in the module.
package fuzzseed

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/txtar"
)

// maxSeed is the largest input kept as a seed.
const maxSeed = 16 << 10

// target is one fuzz target and how a seed input becomes its arguments.
type target struct {
	dir  string // package directory, relative to the module root
	name string
	args func(src []byte) string // the lines after the header
	// archives adds the fixtures with their includes as txtar archives.
	archives bool
}

var targets = []target{
	{"analyzer", "FuzzScan", bytesArg, false},
	{"analyzer", "FuzzAnalysis", bytesArg, false},
	// Seeds apply safe and unsafe fixes for the newest nginx; the fuzzer
	// flips the flags.
	{"fixer", "FuzzFix", func(src []byte) string { return bytesArg(src) + "bool(true)\nbool(false)\n" }, true},
}

func bytesArg(src []byte) string { return fmt.Sprintf("[]byte(%q)\n", src) }

// Main writes the seed corpora of every target under the module that holds
// the working directory, printing a line per target to w.
func Main(w io.Writer) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	seeds, err := collect(root)
	if err != nil {
		return err
	}
	withIncludes, err := archives(root)
	if err != nil {
		return err
	}
	for _, t := range targets {
		dir := filepath.Join(root, t.dir, "testdata", "fuzz", t.name)
		these := seeds
		if t.archives {
			these = map[string][]byte{}
			for k, v := range seeds {
				these[k] = v
			}
			for k, v := range withIncludes {
				these[k] = v
			}
		}
		n, size, err := write(dir, these, t.args)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s/%s: %d seeds, %d bytes\n", t.dir, t.name, n, size)
	}
	return nil
}

// moduleRoot is the nearest directory at or above the working directory
// holding go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("fuzzseed: no go.mod above the working directory")
		}
		dir = up
	}
}

// hostile are small inputs at the edges of the syntax.
var hostile = []string{
	"",
	"\x00",
	"server_tokens\x00on;\n",
	"a \"b\x00c\";\n",
	"\xef\xbb\xbfhttp { server { listen 80; } }\n",
	"http { server_tokens \xff\xfe; }\n",
	"add_header X-A \"\xc3\x28\";\n",
	"http {\r\n  server {\r\n    listen 80;\r\n  }\r\n}\r\n",
	"http {\r  server_tokens on;\r}\r",
	"# comment\rserver_tokens on;",
	"add_header X-A \"unterminated;\n",
	"add_header X-A 'unterminated;\n}\n",
	"http { server { location / {\n",
	"}}}\n",
	"{ server_tokens on; }\n",
	";;\n",
	"http { server { listen 80 } }\n",
	"server_tokens on",
	"return 200 \"a\"b;\n",
	"set $a \\",
	"content_by_lua_block { ngx.say(\"}\") -- }\n",
	"content_by_lua_block { [==[ } ]==] }\n",
	"location ~ ${x}{ }\n",
	strings.Repeat("location / {\n", 120) + strings.Repeat("}\n", 120),
	strings.Repeat("{", 200),
	strings.Repeat("if ($a) { ", 40),
	"include conf.d/*.conf;\ninclude nginx.conf;\ninclude \"\";\ninclude [;\n",
	"# nginx-lint:ignore\n# nginx-lint:ignore-file\nserver_tokens on; # nginx-lint:ignore version-disclosure,nope\n",
}

// collect returns every seed input, keyed by content.
func collect(root string) (map[string][]byte, error) {
	seeds := map[string][]byte{}
	add := func(b []byte) {
		if len(b) <= maxSeed {
			seeds[string(b)] = b
		}
	}
	for _, s := range hostile {
		add([]byte(s))
	}
	for _, dir := range []string{"rules/testdata", "testdata/examples"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			add(b)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	scripts, err := filepath.Glob(filepath.Join(root, "testdata", "script", "*.txtar"))
	if err != nil {
		return nil, err
	}
	for _, p := range scripts {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			return nil, err
		}
		for _, f := range ar.Files {
			if isConfName(f.Name) {
				add(f.Data)
			}
		}
	}
	tests, err := filepath.Glob(filepath.Join(root, "e2e", "*_test.go"))
	if err != nil {
		return nil, err
	}
	for _, p := range tests {
		lits, err := inlineConfigs(p)
		if err != nil {
			return nil, err
		}
		for _, l := range lits {
			add([]byte(l))
		}
	}
	return seeds, nil
}

// archives returns, keyed by content, a txtar archive for every rule
// fixture (a .conf directly in rules/testdata/<rule>) whose directory has
// subdirectories: the fixture is the comment, every file below the
// subdirectories a member named by its path from the fixture's directory.
func archives(root string) (map[string][]byte, error) {
	out := map[string][]byte{}
	dirs, err := filepath.Glob(filepath.Join(root, "rules", "testdata", "*"))
	if err != nil {
		return nil, err
	}
	for _, dir := range dirs {
		var members []txtar.File
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Dir(p) == dir {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			members = append(members, txtar.File{Name: filepath.ToSlash(rel), Data: b})
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(members) == 0 {
			continue
		}
		fixtures, err := filepath.Glob(filepath.Join(dir, "*.conf"))
		if err != nil {
			return nil, err
		}
		for _, f := range fixtures {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			ar := txtar.Format(&txtar.Archive{Comment: b, Files: members})
			if len(ar) <= maxSeed {
				out[string(ar)] = ar
			}
		}
	}
	return out, nil
}

// isConfName reports whether a txtar section holds nginx configuration.
func isConfName(name string) bool {
	switch filepath.Ext(name) {
	case ".conf", ".inc", ".txt":
		return true
	}
	return strings.Contains(name, "sites-available/")
}

// inlineConfigs returns the raw string literals of a Go file that look like
// nginx configuration.
func inlineConfigs(path string) ([]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING || !strings.HasPrefix(lit.Value, "`") {
			return true
		}
		s, err := strconv.Unquote(lit.Value)
		if err == nil && strings.ContainsAny(s, ";{") && strings.Contains(s, "\n") {
			out = append(out, s)
		}
		return true
	})
	return out, nil
}

// write replaces the seed- files of dir with one file per seed and returns
// how many it wrote and their total size.
func write(dir string, seeds map[string][]byte, args func([]byte) string) (int, int, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, 0, err
	}
	old, err := filepath.Glob(filepath.Join(dir, "seed-*"))
	if err != nil {
		return 0, 0, err
	}
	for _, p := range old {
		if err := os.Remove(p); err != nil {
			return 0, 0, err
		}
	}
	keys := make([]string, 0, len(seeds))
	for k := range seeds {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	size := 0
	for _, k := range keys {
		body := "go test fuzz v1\n" + args(seeds[k])
		sum := sha256.Sum256([]byte(k))
		name := "seed-" + hex.EncodeToString(sum[:8])
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			return 0, 0, err
		}
		size += len(body)
	}
	return len(keys), size, nil
}
