package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// TestLogFormatJoinsStrings shows with real nginx what
// log-format-fields-joined reports, on the seed's mistake: nginx joins the
// strings of a log_format as written, so '"$http_user_agent"' followed by
// 'rt=$request_time' logs the two fields glued together; the fix separates
// them.
func TestLogFormatJoinsStrings(t *testing.T) {
	nginx := requireNginxNamespace(t)
	body := `    log_format timing '$request_method "$http_user_agent"'
                      'rt=$request_time';
    server {
        listen 127.0.0.1:@NGINX_PORT@;
        access_log @LOG@ timing;
        location / { return 204; }
    }
`
	run := func(src string) string {
		t.Helper()
		log := filepath.Join(t.TempDir(), "access.log")
		port := freePort(t)
		c := nginxRun(t, nginx, strings.ReplaceAll(conf(src, port, 0), "@LOG@", log), port, 3)
		if c.ok != 3 {
			t.Fatalf("requests: %s", c)
		}
		b, err := os.ReadFile(log)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if len(lines) != 3 {
			t.Fatalf("access log has %d lines:\n%s", len(lines), b)
		}
		return lines[0]
	}
	before := run(body)
	after := run(lintAndFix(t, body, "log-format-fields-joined", "'rt="))
	joined := regexp.MustCompile(`^GET "[^"]*"rt=[0-9.]+$`)
	separated := regexp.MustCompile(`^GET "[^"]*" rt=[0-9.]+$`)
	if !joined.MatchString(before) {
		t.Errorf("before the fix, nginx logged %q; want the user agent and rt= glued together", before)
	}
	if !separated.MatchString(after) {
		t.Errorf("after the fix, nginx logged %q; want a space before rt=", after)
	}
	testutil.Report(t, "log_format joined strings: before %q, after the fix %q", before, after)
}
