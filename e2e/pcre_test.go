package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer/pcre"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// pcreCases are regexes whose acceptance by PCRE we claim to know:
// invalid-regex reports exactly the ones real nginx refuses, and never one
// it accepts (PCRE-only syntax that Go's regexp rejects included).
var pcreCases = []string{
	// accepted
	`^/images/(.*)$`, `\.php$`, `^/(?<lang>en|fr)/(?:a|b)(x)`, `(?i)^/API/(v[0-9]+)/`,
	`^/(?P<name>[^/]+)/(?'id'\d+)$`, `foo(?=bar)(?!baz)(?<=f)(?<!g)`, `a{2,3}b{2}c{2,}d{`,
	`x{,3}`, `[]a]`, `[^]a-z[:digit:]\]\-]+`, `\Q(literal)\E?`, `(?x) a b # comment`,
	`(*UTF8)^\p{L}+$`, `(a)\1`, `a*+b++c?+`, `(?>atomic)`, `(?#comment)a`, `a(?#c)*`,
	`a\Q\E*`, `[a\-z]`, `^/~(\w+)`, `(\w)\1`, `(?<n>a)\k<n>`, `(?=a)?`, `(?)`, `[:a]`,
	`a??`, `a{2}+`, `\2(a)(b)`, `^(?:[^/]+/)*$`, `(?|(a)|(b))\1`,
	// refused
	`^/(a`, `^/a)`, `[abc`, `*.php`, `a|+b`, `a**`, `a*{2}`, `a{3,2}`, `[z-a]`, `abc\`,
	`[[:foo:]]`, `(?z)`, `(? a)`, `a(?i)*`, `x\z*`, `^+`, `\1`, `(a)\2`, `\k<x>`,
	`[:alpha:]`, `[.a.]`, `(?#c)*`,
}

func nginxAccepts(t *testing.T, bin, dir, pattern string) (bool, string) {
	t.Helper()
	esc := strings.ReplaceAll(strings.ReplaceAll(pattern, `\`, `\\`), `"`, `\"`)
	conf := "events {}\nhttp { server { listen 127.0.0.1:8999; location ~ \"" + esc + "\" { return 204; } } }\n"
	path := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command(bin, "-t", "-q", "-p", dir, "-c", path, "-e", filepath.Join(dir, "error.log"),
		"-g", "pid "+filepath.Join(dir, "nginx.pid")+";").CombinedOutput()
	s := string(out)
	return !strings.Contains(s, "[emerg]"), strings.TrimSpace(s)
}

// TestPCREAgreesWithNginx compiles every case with real nginx (nginx -t)
// and compares with our reader.
func TestPCREAgreesWithNginx(t *testing.T) {
	bin := testutil.Nginx(t)
	dir := t.TempDir()
	for _, pat := range pcreCases {
		ok, out := nginxAccepts(t, bin, dir, pat)
		if strings.Contains(out, "[emerg]") && !strings.Contains(out, "pcre") {
			t.Errorf("%q: nginx failed for another reason: %s", pat, out)
			continue
		}
		_, err := pcre.Parse(pat, false)
		if ok && err != nil {
			t.Errorf("%q: nginx accepts it, we report %v", pat, err)
		}
		if !ok && err == nil {
			t.Errorf("%q: nginx refuses it (%s), we accept it", pat, out)
		}
	}
}
