package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// TestFirstHourTable is the table of six configurations a new user tried
// first: for each, what nginx -t says (checked here against the installed
// nginx) and that nginx-lint's errors from rules speaking for nginx -t
// agree with it.
func TestFirstHourTable(t *testing.T) {
	nginx := testutil.Nginx(t)
	version := nginxVersion(t, nginx)
	dir := mutantPrefix(t, installedModules(nginx))
	rows := []struct {
		name     string
		head     string // main-level lines
		server   string // the inside of a server{}
		nginxErr string // part of nginx's [emerg] message; "" when it loads
		lintRule string // the rule that must report the error
	}{
		{"missing ; after listen", "", "listen 8080\nserver_name x;", `invalid parameter "server_name"`, "missing-semicolon"},
		{"proxy_pass without a scheme", "", "listen 8080;\nlocation / { proxy_pass localhost:3000; }", "invalid URL prefix", ""},
		{"URI part in a regex location", "", "listen 8080;\nlocation ~ ^/api { proxy_pass http://127.0.0.1:3000/v1; }",
			`"proxy_pass" cannot have URI part in location given by regular expression`, ""},
		{"two location /a", "", "listen 8080;\nlocation /a { return 204; }\nlocation /a { return 204; }", `duplicate location "/a"`, ""},
		{"a name that cannot resolve", "", "listen 8080;\nlocation / { proxy_pass http://localhost.:3000; }", `host not found in upstream "localhost."`, ""},
		{"load_module makes echo known", "load_module modules/ngx_http_echo_module.so;", "listen 8080;\nlocation / { echo hi; }", "", ""},
	}
	cfg := &analyzer.Config{NginxVersion: version}
	for i, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			conf := fmt.Sprintf("%s\nevents {}\nhttp {\n    server {\n%s\n    }\n}\n", r.head, r.server)
			path := filepath.Join(dir, fmt.Sprintf("row%d.conf", i+1))
			if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
				t.Fatal(err)
			}
			out, code := nginxTest(nginx, dir, path)
			switch {
			case r.nginxErr == "" && code != 0:
				t.Fatalf("nginx -t fails, the table says it loads:\n%s", out)
			case r.nginxErr != "" && (code == 0 || !strings.Contains(out, r.nginxErr)):
				t.Fatalf("nginx -t does not fail with %q, as the table says:\n%s", r.nginxErr, out)
			}
			errs := lintAll([]string{path}, [][]byte{[]byte(conf)}, cfg)[0]
			if r.nginxErr == "" && len(errs) > 0 {
				t.Errorf("nginx loads it, nginx-lint reports %s", strings.Join(errs, "; "))
			}
			if r.nginxErr != "" && len(errs) == 0 {
				t.Errorf("nginx -t fails (%s), nginx-lint reports no error from a rule that speaks for nginx -t", r.nginxErr)
			}
			if r.lintRule != "" && len(errs) > 0 && !strings.HasPrefix(errs[0], r.lintRule+" ") {
				t.Errorf("want the error from %s, got %s", r.lintRule, strings.Join(errs, "; "))
			}
			if len(errs) > 1 {
				t.Errorf("one mistake, %d errors: %s", len(errs), strings.Join(errs, "; "))
			}
		})
	}
}
