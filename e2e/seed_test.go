// Package e2e holds tests that check nginx-lint against the outside world:
// the seed configs the project started from and real nginx.
package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
	_ "github.com/nginx-lint/nginx-lint/rules" // register every rule
)

func lintSeed(t *testing.T, name string) []analyzer.Finding {
	t.Helper()
	path := filepath.Join(testutil.Shared(t), "seed", name)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return analyzer.Run(name, path, src, analyzer.LoadOptions{}, &analyzer.Config{})
}

func find(fs []analyzer.Finding, rule string) []analyzer.Finding {
	var out []analyzer.Finding
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// The first seed config: a localhost upstream and a stray '}' at the end,
// which must not hide the localhost finding.
func TestSeedSidecarLocalhost(t *testing.T) {
	fs := lintSeed(t, "sidecar-localhost.conf")
	lh := find(fs, "localhost-upstream")
	if len(lh) != 1 || lh[0].Range.Start.Line != 12 || lh[0].Range.Start.Column != 16 || lh[0].Range.End.Column != 25 {
		t.Fatalf("localhost-upstream: want one finding at 12:16-12:25, got %+v", lh)
	}
	se := find(fs, "syntax-error")
	if len(se) != 1 || se[0].Range.Start.Line != 34 || se[0].Range.Start.Column != 3 {
		t.Fatalf("syntax-error: want one at 34:3 (the stray brace), got %+v", se)
	}
}

// The second seed config: the localhost finding must say that the upstream's
// resolver with ipv6=off does not help.
func TestSeedSidecarResolver(t *testing.T) {
	fs := lintSeed(t, "sidecar-resolver.conf")
	lh := find(fs, "localhost-upstream")
	if len(lh) != 1 || lh[0].Range.Start.Line != 14 {
		t.Fatalf("localhost-upstream: want one finding on line 14, got %+v", lh)
	}
	if !slices.ContainsFunc(lh[0].Notes, regexp.MustCompile(`^the resolver at line 13 \(ipv6=off\) does not apply`).MatchString) {
		t.Errorf("no note says the resolver does not apply: %s %q", lh[0].Message, lh[0].Notes)
	}
	// Its braces balance: nginx itself reads it without a syntax error (see
	// TestSeedResolverBracesNginx), so nginx-lint must not report one.
	if se := find(fs, "syntax-error"); len(se) != 0 {
		t.Errorf("unexpected syntax errors: %+v", se)
	}
}

// nginx is the judge of the seed's syntax: with the lines that stop nginx
// 1.22 before it reads on (resolver inside upstream, the third-party
// more_set_headers, proxy_pass directly in server{}) blanked, `nginx -t` reports "syntax is ok" for the
// resolver config and `unexpected "}"` at line 34 for the localhost one.
func TestSeedSyntaxAgreesWithNginx(t *testing.T) {
	nginx := testutil.Nginx(t)
	shared := testutil.Shared(t)
	for _, c := range []struct{ file, want string }{
		{"sidecar-resolver.conf", "syntax is ok"},
		{"sidecar-localhost.conf", `unexpected "}" in .*:34`},
	} {
		src, err := os.ReadFile(filepath.Join(shared, "seed", c.file))
		if err != nil {
			t.Fatal(err)
		}
		var keep []string
		for _, l := range strings.Split(string(src), "\n") {
			if strings.Contains(l, "more_set_headers") || strings.Contains(l, "resolver kube-dns") || strings.Contains(l, "proxy_pass") {
				l = ""
			}
			keep = append(keep, l)
		}
		dir := t.TempDir()
		conf := filepath.Join(dir, c.file)
		if err := os.WriteFile(conf, []byte(strings.Join(keep, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		out, _ := exec.Command(nginx, "-t", "-p", dir, "-c", conf, "-g", "pid "+filepath.Join(dir, "nginx.pid")+"; error_log stderr;").CombinedOutput()
		if !regexp.MustCompile(c.want).Match(out) {
			t.Errorf("%s: nginx -t said:\n%s\nwant %q", c.file, out, c.want)
		}
	}
}
