package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// securityRulesB are the gixy-family rules that must stay silent on the
// seed configs: nothing they look for is wrong there. In particular the
// seed's `if ($http_x_real_ip) { set $xip …; }` only sets a variable in a
// location without try_files, so if-is-evil does not apply (see
// rules/if_is_evil.md), and its OPTIONS if ends with return 204.
var securityRulesB = []string{
	"alias-traversal", "version-disclosure", "allow-without-deny", "return-bypasses-allow-deny",
	"if-is-evil", "error-log-off", "hash-without-default", "unanchored-regex", "invalid-regex",
	"regex-redos", "worker-rlimit-nofile-vs-connections", "resolver-external", "default-server-flag",
	"status-page-exposed", "merge-slashes-on", "weak-ssl-tls", "ssl-stapling-without-resolver",
}

func TestSeedSecurityFindingsB(t *testing.T) {
	for _, name := range []string{"sidecar-resolver.conf", "sidecar-localhost.conf"} {
		path := filepath.Join(testutil.Shared(t), "seed", name)
		src, err := os.ReadFile(path)
		testutil.Require(t, err == nil, path+" not readable")
		a := analyzer.Parse(name, path, src, analyzer.LoadOptions{})
		a.Config = &analyzer.Config{Only: securityRulesB}
		for _, f := range a.Check() {
			if slices.Contains(securityRulesB, f.Rule) {
				t.Errorf("%s: unexpected finding %s", name, fmt.Sprintf("%d:%d %s: %s", f.Range.Start.Line, f.Range.Start.Column, f.Rule, f.Message))
			}
		}
	}
}
