package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// securityRulesA are the security rules whose findings on the seed configs
// are pinned here.
var securityRulesA = []string{
	"ssrf", "http-splitting", "origins", "host-spoofing", "valid-referers",
	"add-header-multiline", "add-header-redefinition", "proxy-pass-normalized",
	"add-header-content-type", "hsts-header", "cors-wildcard-credentials",
	"real-ip-trust-all", "keepalive-without-http11", "proxy-pass-trailing-slash",
}

// TestSeedSecurityFindings runs the security rules on the seed config of
// the article and checks exactly which fire, and where: CORS wildcard with
// credentials in both places the headers are set, and set_real_ip_from
// 0.0.0.0/0 with X-Forwarded-For. The if block repeats every add_header of
// its location, so add-header-redefinition has nothing to report.
func TestSeedSecurityFindings(t *testing.T) {
	path := filepath.Join(testutil.Shared(t), "seed", "sidecar-resolver.conf")
	src, err := os.ReadFile(path)
	testutil.Require(t, err == nil, path+" not readable")
	a := analyzer.Parse("sidecar-resolver.conf", path, src, analyzer.LoadOptions{})
	a.Config = &analyzer.Config{Only: securityRulesA}
	var got []string
	for _, f := range a.Check() {
		if !slices.Contains(securityRulesA, f.Rule) {
			continue
		}
		got = append(got, fmt.Sprintf("%d:%d %s %s", f.Range.Start.Line, f.Range.Start.Column, f.Rule, f.Severity))
	}
	want := []string{
		"62:58 cors-wildcard-credentials warning",
		"72:54 cors-wildcard-credentials warning",
		"88:30 real-ip-trust-all warning",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("security findings on the seed:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestSeedLogFormatJoined: both seed configs glue "$http_user_agent" to
// rt=$request_time in their log_format (line 8 ends without a space before
// line 9's string); the finding is on the second string.
func TestSeedLogFormatJoined(t *testing.T) {
	for _, name := range []string{"sidecar-localhost.conf", "sidecar-resolver.conf"} {
		path := filepath.Join(testutil.Shared(t), "seed", name)
		src, err := os.ReadFile(path)
		testutil.Require(t, err == nil, path+" not readable")
		fs := analyzer.Run(name, path, src, analyzer.LoadOptions{NoIncludes: true}, &analyzer.Config{Only: []string{"log-format-fields-joined"}})
		var got []string
		for _, f := range fs {
			if f.Rule == "log-format-fields-joined" {
				got = append(got, fmt.Sprintf("%d:%d", f.Range.Start.Line, f.Range.Start.Column))
			}
		}
		if strings.Join(got, " ") != "9:30" {
			t.Errorf("%s: log-format-fields-joined at %v, want 9:30", name, got)
		}
	}
}
