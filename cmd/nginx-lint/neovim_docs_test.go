package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestNeovimDocs starts the installed Neovim with the set-up that
// docs/editors.md gives for its version, and its line for conf.d files, as
// init.lua, nginx-lint found on PATH as the page assumes, and opens a
// nginx.conf and a conf.d fragment that proxy to localhost: each must be
// an nginx buffer, the server must start at the project's root and give
// the diagnostic, the hover and the quick fix.
func TestNeovimDocs(t *testing.T) {
	nvim := findNeovim(t)
	out, err := exec.Command(nvim, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`NVIM v0\.(\d+)\.`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("cannot read Neovim's version from %q", out)
	}
	minor, _ := strconv.Atoi(string(m[1]))
	doc, err := os.ReadFile("../../docs/editors.md")
	if err != nil {
		t.Fatal(err)
	}
	// The page's Lua blocks, in its order: 0.11 and later, 0.8 to 0.10, 0.7.
	blocks, filetype, lua07 := neovimSnippets(t, string(doc))
	snippet := lua07 + "\n" + filetype + "\n" + blocks[2]
	switch {
	case minor >= 11:
		snippet = filetype + "\n" + blocks[0]
	case minor >= 8:
		snippet = filetype + "\n" + blocks[1]
	}

	bin := nginxLintDir(t)
	home := t.TempDir()
	init := filepath.Join(home, "init.lua")
	if err := os.WriteFile(init, []byte(snippet), 0o644); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, ".nginx-lint.yaml"), []byte("fail-on: warning\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Not a directory named nginx: Neovim takes any *.conf in one for nginx,
	// and the conf.d line would go untested.
	if err := os.MkdirAll(filepath.Join(root, "deploy", "conf.d"), 0o755); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs("testdata/neovim_docs.lua")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, text, diag string }{
		// Line 5 (0-based 4), columns 30-39: the host of the proxy_pass URL.
		{"nginx.conf", "http {\n    server {\n        listen 80;\n        location / {\n" +
			"            proxy_pass http://localhost:5000;\n        }\n    }\n}\n", "DIAG 4:30-4:39 localhost-upstream nginx-lint\n"},
		{"conf.d/app.conf", "server {\n    location / {\n        proxy_pass http://localhost:5000;\n    }\n}\n",
			"DIAG 2:26-2:35 localhost-upstream nginx-lint\n"},
	} {
		conf := filepath.Join(root, "deploy", c.name)
		if err := os.WriteFile(conf, []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(nvim, "--headless", "-u", init, "-n", "-i", "NONE", conf, "-c", "luafile "+script)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
			"XDG_CONFIG_HOME="+home, "XDG_STATE_HOME="+home, "XDG_DATA_HOME="+home, "XDG_CACHE_HOME="+home)
		out := runNeovim(t, cmd)
		for _, want := range []string{
			"FILETYPE nginx\n",
			"CLIENT nginx-lint " + root + "\n",
			c.diag,
			"HOVER **nginx-lint [localhost-upstream: ",
			"ACTION quickfix use 127.0.0.1",
		} {
			if !strings.Contains(string(out), want) {
				t.Errorf("%s: Neovim %d with the docs' snippet did not print %q:\n%s", c.name, minor, want, out)
			}
		}
		if strings.Contains(string(out), "Error") {
			t.Errorf("%s: Neovim reported an error:\n%s", c.name, out)
		}
	}
}

// neovimSnippets returns the Lua blocks of the Neovim section of
// docs/editors.md, its vim.filetype.add line for conf.d files and the line
// Neovim 0.7 needs before that; it fails unless there are three blocks,
// one per kind of client, and both lines.
func neovimSnippets(t *testing.T, doc string) (blocks []string, filetype, lua07 string) {
	t.Helper()
	_, section, ok := strings.Cut(doc, "\n## Neovim\n")
	if !ok {
		t.Fatal("docs/editors.md has no Neovim section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	for _, m := range regexp.MustCompile("(?s)\n```lua\n(.*?)\n```\n").FindAllStringSubmatch(section, -1) {
		blocks = append(blocks, m[1])
	}
	if len(blocks) != 3 {
		t.Fatalf("the Neovim section of docs/editors.md has %d Lua blocks, want 3 (0.11+, 0.8 to 0.10, 0.7)", len(blocks))
	}
	// Code spans may wrap lines in the Markdown source.
	span := func(prefix string) string {
		m := regexp.MustCompile("`(" + regexp.QuoteMeta(prefix) + "[^`]*)`").FindStringSubmatch(section)
		if m == nil {
			t.Fatalf("the Neovim section of docs/editors.md has no `%s…`", prefix)
		}
		return strings.ReplaceAll(m[1], "\n", " ")
	}
	return blocks, span("vim.filetype.add("), span("vim.g.do_filetype_lua")
}
