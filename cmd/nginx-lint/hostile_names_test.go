package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nginx-lint/nginx-lint/reporter"
)

// hostileNames are file names a repository can ship that would erase a
// terminal line, forge a finding line, be invalid UTF-8, reorder text, or
// break the syntax of a format.
var hostileNames = []string{
	"esc\x1b[2K\x1b[1Aname.conf",
	"nl\nsite.conf:1:1: error: forged finding [syntax-error]\n.conf",
	"cr\rover.conf",
	"bad\xff\xfe.conf",
	`quo"te\back.conf`,
	"sp ace,col:on%25.conf",
	"<&'>]]>.conf",
	"rtl\u202eftc.conf",
	"tab\there.conf",
}

const hostileConf = "http { resolver 10.0.0.2; ssl_stapling on; }\n"

func writeHostile(t *testing.T, dir string) {
	t.Helper()
	for _, n := range hostileNames {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(hostileConf), 0o644); err != nil {
			t.Skipf("this file system refuses the name %q: %v", n, err)
		}
	}
}

// Every format stays well-formed, no output holds a terminal escape, and
// no line-oriented one lets a name start a line of its own or reorder the
// text (bidirectional overrides): one finding line per file.
func TestHostileNamesInEveryFormat(t *testing.T) {
	dir := t.TempDir()
	writeHostile(t, dir)
	n := len(hostileNames)
	findingLine := map[string]*regexp.Regexp{
		"text":    regexp.MustCompile(`^\S.*:1:8: warning: .*\[resolver-ipv6\]$`),
		"compact": regexp.MustCompile(`^\S.*:1:8: warning: .*\[resolver-ipv6\]$`),
		"github":  regexp.MustCompile(`^::warning file=[^,:]*,line=1,endLine=1,col=8,endColumn=\d+,title=resolver-ipv6::.*\[resolver-ipv6\]$`),
	}
	for _, format := range reporter.Names() {
		t.Run(format, func(t *testing.T) {
			r := runBinary(t, dir, nil, "check", "--only", "resolver-ipv6", "-f", format, ".")
			out := r.stdout
			if r.code != 1 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if !utf8.ValidString(out) {
				t.Errorf("output is not UTF-8")
			}
			for _, bad := range []string{"\x1b", "\r", "\u202e"} {
				if strings.Contains(out, bad) && (bad != "\u202e" || findingLine[format] != nil) {
					t.Errorf("output holds %q", bad)
				}
			}
			switch format {
			case "json", "sarif", "gitlab":
				if !json.Valid([]byte(out)) {
					t.Errorf("not valid JSON:\n%s", out)
				}
			case "junit", "checkstyle":
				dec := xml.NewDecoder(strings.NewReader(out))
				for {
					_, err := dec.Token()
					if errors.Is(err, io.EOF) {
						break
					}
					if err != nil {
						t.Fatalf("not well-formed XML: %v\n%s", err, out)
					}
				}
			}
			re := findingLine[format]
			if re == nil {
				return
			}
			got := 0
			for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				if strings.HasPrefix(line, "site.conf:1:1:") || strings.HasPrefix(line, "::error") {
					t.Errorf("a name forged a line: %q", line)
				}
				if re.MatchString(line) {
					got++
				}
			}
			if got != n {
				t.Errorf("%d finding lines, want %d:\n%s", got, n, out)
			}
		})
	}
}

// The diff names each file the way git quotes it, so that patch -p1 fixes
// that very file and no other.
func TestHostileNamesDiffPatches(t *testing.T) {
	if _, err := exec.LookPath("patch"); err != nil {
		t.Skip("patch is not installed")
	}
	dir := t.TempDir()
	writeHostile(t, dir)
	r := runBinary(t, dir, nil, "check", "--only", "resolver-ipv6", "--diff", ".")
	if strings.Count(r.stdout, "\n--- ")+boolInt(strings.HasPrefix(r.stdout, "--- ")) != len(hostileNames) {
		t.Fatalf("diff of %d files, want %d:\n%s", strings.Count(r.stdout, "+++ "), len(hostileNames), r.stdout)
	}
	for _, l := range strings.Split(r.stdout, "\n") {
		if (strings.HasPrefix(l, "--- ") || strings.HasPrefix(l, "+++ ")) && strings.ContainsAny(l, "\x1b\r") {
			t.Errorf("unquoted header %q", l)
		}
	}
	cmd := exec.Command("patch", "-p1", "--batch", "--no-backup-if-mismatch")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(r.stdout)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("patch -p1: %v\n%s", err, out.String())
	}
	for _, n := range hostileNames {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil || string(b) != "http { resolver 10.0.0.2 ipv6=off; ssl_stapling on; }\n" {
			t.Errorf("%q after patch: %q %v", n, b, err)
		}
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != len(hostileNames) {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("patch created or removed files: %q", names)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
