package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// TestHostileBytesAgreeWithNginx: for bytes nginx reads in its own way (a
// byte order mark, lone CR, CRLF, bytes that are not UTF-8, and parameters
// and comments around its 4096-byte read buffer), nginx-lint reports a
// syntax error exactly when `nginx -t` refuses the file. (A NUL byte is
// left out on purpose: nginx takes it as an ordinary byte of a word, but
// it only ever comes from a damaged or binary file, so nginx-lint reports
// it; see docs/limits.md.)
func TestHostileBytesAgreeWithNginx(t *testing.T) {
	bin := testutil.Nginx(t)
	dir := t.TempDir()
	a := func(n int) string { return strings.Repeat("a", n) }
	server := func(body string) string {
		return "events {}\nhttp {\n    server {\n        listen 127.0.0.1:8999;\n" + body + "\n    }\n}\n"
	}
	cases := map[string]string{
		"bom":           "\xef\xbb\xbf" + server(""),
		"lone-cr":       strings.ReplaceAll(server("server_name a;"), "\n", "\r"),
		"crlf":          strings.ReplaceAll(server("server_name a;"), "\n", "\r\n"),
		"latin1":        server("server_name caf\xe9.example; # r\xe9sum\xe9"),
		"broken-utf8":   server("server_name \xff\xfe\xc3.example;"),
		"word-4095":     server("server_name " + a(4095) + ";"),
		"word-4096":     server("server_name " + a(4096) + ";"),
		"quoted-4094":   server(`server_name "` + a(4094) + `";`),
		"quoted-4095":   server(`server_name "` + a(4095) + `";`),
		"comment-4095":  server("#" + a(4094)),
		"comment-4096":  server("#" + a(4095)),
		"long-line-ok":  server(strings.Repeat("server_name "+a(100)+"; ", 1000)),
		"deep-location": server(strings.Repeat("location / {", 60) + strings.Repeat("}", 60)),
	}
	for name, src := range cases {
		path := filepath.Join(dir, name+".conf")
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		out, _ := exec.Command(bin, "-t", "-q", "-p", dir, "-c", path, "-e", filepath.Join(dir, "error.log"),
			"-g", "pid "+filepath.Join(dir, "nginx.pid")+";").CombinedOutput()
		refused := strings.Contains(string(out), "[emerg]")
		var errs []string
		for _, f := range analyzer.Run(name, path, []byte(src), analyzer.LoadOptions{}, &analyzer.Config{}) {
			if f.Rule == analyzer.RuleSyntaxError {
				errs = append(errs, f.Range.Start.String()+": "+f.Message)
			}
		}
		if refused != (len(errs) > 0) {
			t.Errorf("%s: nginx refused=%v (%s); nginx-lint syntax errors %q", name, refused, strings.TrimSpace(string(out)), errs)
		}
	}
}
