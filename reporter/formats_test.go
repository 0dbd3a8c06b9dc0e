package reporter_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/reporter"
)

var update = os.Getenv("NGINX_LINT_UPDATE_GOLDEN") != ""

// The fixed report every format is rendered from: findings of three
// severities, one with a fix and a related location, one after a
// multi-byte character, one whose
// message needs escaping, a syntax error without a directive, and a clean
// file.
const siteConf = `http {
    server {
        server_name "café.example";  location / { proxy_pass http://localhost:3000; }
        resolver 8.8.8.8
            ipv6=on;
    }
}
}
`

var testRules = []*analyzer.Rule{
	{ID: "localhost-upstream", Title: "localhost resolves to two addresses", Severity: analyzer.Warning, Default: true,
		Doc: "# localhost-upstream\n\n## What it finds\nA `localhost` host name in a\nproxied address:\n\n| a | b |\n\n## Fix\nUse 127.0.0.1.\n"},
	{ID: "resolver-ipv6", Title: "resolver looks up IPv6 addresses", Severity: analyzer.Info, Default: false, Doc: "# resolver-ipv6\n"},
	{ID: "syntax-error", Title: "The file is not valid nginx syntax", Severity: analyzer.Error, Default: true},
}

func testReport(t *testing.T) *reporter.Report {
	t.Helper()
	a := analyzer.Parse("conf/site.conf", "", []byte(siteConf), analyzer.LoadOptions{NoIncludes: true})
	file := a.Root.File
	var pass, resolver *analyzer.Directive
	analyzer.Walk(a.Root.Children(), func(d *analyzer.Directive) bool {
		switch d.Name() {
		case "proxy_pass":
			pass = d
		case "resolver":
			resolver = d
		}
		return true
	})
	if pass == nil || resolver == nil {
		t.Fatal("test config did not parse as expected")
	}
	host := pass.Args()[0].Range()
	host.Start = file.Pos(host.Start.Offset + len("http://"))
	host.End = file.Pos(host.Start.Offset + len("localhost"))
	findings := []analyzer.Finding{
		{Rule: "localhost-upstream", Severity: analyzer.Warning, Range: host, Directive: analyzer.SpanOf(pass.Range()),
			Message: `"localhost" resolves to 127.0.0.1 and ::1: 100% of requests, try one, then the other, "quoted" <b>`,
			Notes:   []string{"nginx looks it up once at start-up", "write the address itself"},
			Fixes: []analyzer.SuggestedFix{{Message: "use 127.0.0.1", Safe: false,
				Edits: []analyzer.TextEdit{{Range: host, NewText: "127.0.0.1"}}}},
			Related: &[]analyzer.RelatedLocation{{Range: resolver.NameRange(), Message: "a resolver, not used for \"localhost\""}}},
		{Rule: "resolver-ipv6", Severity: analyzer.Info, Range: resolver.Args()[1].Range(), Directive: analyzer.SpanOf(resolver.Range()),
			Message: "resolver asks for AAAA records\nas well"},
		{Rule: "syntax-error", Severity: analyzer.Error, Range: file.Range(len(siteConf)-2, len(siteConf)-1),
			Message: `unexpected "}"`},
	}
	return &reporter.Report{
		Findings: analyzer.ListOf(analyzer.Normalize(findings)...),
		Sources:  map[string]*analyzer.File{file.Name: file},
		Files:    []string{"conf/clean.conf", "conf/site.conf"},
		Notifications: []reporter.Notification{
			{Path: "/work/repo/conf/secret.conf", Message: "/work/repo/conf/secret.conf: permission denied"},
		},
	}
}

func render(t *testing.T, format string) []byte {
	t.Helper()
	f, err := reporter.Get(format)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	reporter.Version = "1.2.3"
	if err := f(&buf, testReport(t), reporter.Options{BaseDir: "/work/repo", Rules: testRules}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestGolden compares every format with testdata/<format>.golden
// (NGINX_LINT_UPDATE_GOLDEN=1 rewrites them).
func TestGolden(t *testing.T) {
	for _, name := range reporter.Names() {
		t.Run(name, func(t *testing.T) {
			got := render(t, name)
			golden := filepath.Join("testdata", name+".golden")
			if update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (set NGINX_LINT_UPDATE_GOLDEN=1 to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", golden, got, want)
			}
		})
	}
}

// TestSARIFSchema validates the SARIF output against the official SARIF
// 2.1.0 JSON schema (vendored in testdata).
func TestSARIFSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	sf, err := os.Open(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer sf.Close()
	doc, err := jsonschema.UnmarshalJSON(sf)
	if err != nil {
		t.Fatal(err)
	}
	const url = "sarif-schema-2.1.0.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		rep  func() *reporter.Report
	}{
		{"findings", func() *reporter.Report { return testReport(t) }},
		{"empty", func() *reporter.Report { return &reporter.Report{Files: []string{"a.conf"}} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := reporter.SARIF(&buf, tc.rep(), reporter.Options{}); err != nil {
				t.Fatal(err)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Errorf("SARIF output does not match the 2.1.0 schema: %v", err)
			}
		})
	}
	// The things code scanning relies on.
	var log struct {
		Runs []struct {
			ColumnKind string `json:"columnKind"`
			Tool       struct {
				Driver struct {
					Rules []struct {
						ID   string `json:"id"`
						Help struct {
							Markdown string `json:"markdown"`
						} `json:"help"`
						DefaultConfiguration struct {
							Level string `json:"level"`
						} `json:"defaultConfiguration"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID              string            `json:"ruleId"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Locations           []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartColumn int `json:"startColumn"`
							EndColumn   int `json:"endColumn"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				Fixes []struct {
					ArtifactChanges []struct {
						Replacements []struct {
							InsertedContent struct {
								Text string `json:"text"`
							} `json:"insertedContent"`
						} `json:"replacements"`
					} `json:"artifactChanges"`
				} `json:"fixes"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(render(t, "sarif"), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.ColumnKind != "unicodeCodePoints" || len(run.Tool.Driver.Rules) != len(testRules) {
		t.Errorf("columnKind %q, %d rules", run.ColumnKind, len(run.Tool.Driver.Rules))
	}
	if !strings.Contains(run.Tool.Driver.Rules[0].Help.Markdown, "## What it finds") {
		t.Error("rule help does not carry the rule doc")
	}
	r0 := run.Results[0]
	loc := r0.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "conf/site.conf" {
		t.Errorf("uri %q, want the relative conf/site.conf", loc.ArtifactLocation.URI)
	}
	// "localhost" stands after "café": byte column 70, code point column 69.
	if loc.Region.StartColumn != 69 || loc.Region.EndColumn != 78 {
		t.Errorf("columns %d-%d, want code point columns 69-78", loc.Region.StartColumn, loc.Region.EndColumn)
	}
	if r0.PartialFingerprints[reporter.FingerprintKey] == "" {
		t.Error("no partial fingerprint")
	}
	if len(r0.Fixes) != 1 || r0.Fixes[0].ArtifactChanges[0].Replacements[0].InsertedContent.Text != "127.0.0.1" {
		t.Errorf("fix not carried as a replacement: %+v", r0.Fixes)
	}
}

// TestSARIFLean checks that the SARIF log holds only what nginx-lint has a
// value for: no empty array or object, no -1 placeholder (results excepted:
// an empty list says the run found nothing), and that an unreadable path is
// a tool execution notification.
func TestSARIFLean(t *testing.T) {
	for _, tc := range []struct {
		name string
		rep  *reporter.Report
	}{
		{"findings", testReport(t)},
		{"empty", &reporter.Report{Files: []string{"a.conf"}}},
	} {
		var buf bytes.Buffer
		if err := reporter.SARIF(&buf, tc.rep, reporter.Options{BaseDir: "/work/repo", Rules: testRules}); err != nil {
			t.Fatal(err)
		}
		var doc any
		dec := json.NewDecoder(&buf)
		dec.UseNumber()
		if err := dec.Decode(&doc); err != nil {
			t.Fatal(err)
		}
		var walk func(path string, v any)
		walk = func(path string, v any) {
			switch v := v.(type) {
			case map[string]any:
				if len(v) == 0 {
					t.Errorf("%s: %s is an empty object", tc.name, path)
				}
				for k, x := range v {
					walk(path+"."+k, x)
				}
			case []any:
				if len(v) == 0 && !strings.HasSuffix(path, ".results") {
					t.Errorf("%s: %s is an empty array", tc.name, path)
				}
				for i, x := range v {
					walk(fmt.Sprintf("%s[%d]", path, i), x)
				}
			case json.Number:
				if strings.HasPrefix(v.String(), "-") {
					t.Errorf("%s: %s is %s", tc.name, path, v)
				}
			}
		}
		walk("$", doc)
	}

	var log struct {
		Runs []struct {
			Invocations []struct {
				ExecutionSuccessful        bool `json:"executionSuccessful"`
				ToolExecutionNotifications []struct {
					Level   string `json:"level"`
					Message struct {
						Text string `json:"text"`
					} `json:"message"`
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct {
								URI string `json:"uri"`
							} `json:"artifactLocation"`
						} `json:"physicalLocation"`
					} `json:"locations"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
			Results []struct {
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(render(t, "sarif"), &log); err != nil {
		t.Fatal(err)
	}
	inv := log.Runs[0].Invocations
	if len(inv) != 1 || inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) != 1 {
		t.Fatalf("invocations %+v, want one unsuccessful with one notification", inv)
	}
	n := inv[0].ToolExecutionNotifications[0]
	if n.Level != "error" || !strings.Contains(n.Message.Text, "permission denied") ||
		len(n.Locations) != 1 || n.Locations[0].PhysicalLocation.ArtifactLocation.URI != "conf/secret.conf" {
		t.Errorf("notification %+v", n)
	}
	// The message is the headline, then the notes.
	if got, want := log.Runs[0].Results[0].Message.Text, "\nnginx looks it up once at start-up\nwrite the address itself"; !strings.HasSuffix(got, want) {
		t.Errorf("message %q does not end with the notes %q", got, want)
	}
}

// TestXMLParses checks that checkstyle and junit are well-formed and count
// what they should.
func TestXMLParses(t *testing.T) {
	for _, name := range []string{"checkstyle", "junit"} {
		dec := xml.NewDecoder(bytes.NewReader(render(t, name)))
		for {
			_, err := dec.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Errorf("%s: %v", name, err)
				}
				break
			}
		}
	}
	var ju struct {
		Suites []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Failure *struct{} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(render(t, "junit"), &ju); err != nil {
		t.Fatal(err)
	}
	if len(ju.Suites) != 2 || ju.Suites[0].Name != "conf/clean.conf" || len(ju.Suites[0].Cases) != 1 || ju.Suites[0].Cases[0].Failure != nil {
		t.Errorf("the clean file should be one passing testcase: %+v", ju.Suites)
	}
	if n := len(ju.Suites[1].Cases); n != 3 {
		t.Errorf("site.conf: %d testcases, want one per finding (3)", n)
	}
	var cs struct {
		Files []struct {
			Name   string `xml:"name,attr"`
			Errors []struct {
				Severity string `xml:"severity,attr"`
				Source   string `xml:"source,attr"`
			} `xml:"error"`
		} `xml:"file"`
	}
	if err := xml.Unmarshal(render(t, "checkstyle"), &cs); err != nil {
		t.Fatal(err)
	}
	if len(cs.Files) != 2 || len(cs.Files[1].Errors) != 3 || cs.Files[1].Errors[0].Source != "nginx-lint.localhost-upstream" {
		t.Errorf("checkstyle: %+v", cs.Files)
	}
}

// TestGitLabFields checks that every Code Quality issue has the fields
// GitLab requires.
func TestGitLabFields(t *testing.T) {
	var issues []map[string]any
	if err := json.Unmarshal(render(t, "gitlab"), &issues); err != nil {
		t.Fatal(err)
	}
	if len(issues) != 3 {
		t.Fatalf("%d issues, want 3", len(issues))
	}
	sev := map[string]bool{"info": true, "minor": true, "major": true, "critical": true, "blocker": true}
	seen := map[string]bool{}
	for i, is := range issues {
		for _, k := range []string{"description", "check_name", "fingerprint", "severity"} {
			if s, _ := is[k].(string); s == "" {
				t.Errorf("issue %d: %s missing or empty", i, k)
			}
		}
		if !sev[is["severity"].(string)] {
			t.Errorf("issue %d: severity %v is not a GitLab severity", i, is["severity"])
		}
		fp := is["fingerprint"].(string)
		if seen[fp] {
			t.Errorf("issue %d: fingerprint %s repeats", i, fp)
		}
		seen[fp] = true
		loc, _ := is["location"].(map[string]any)
		lines, _ := loc["lines"].(map[string]any)
		if p, _ := loc["path"].(string); p == "" || strings.HasPrefix(p, "/") {
			t.Errorf("issue %d: location.path %v should be relative", i, loc["path"])
		}
		if b, _ := lines["begin"].(float64); b < 1 {
			t.Errorf("issue %d: location.lines.begin %v", i, lines["begin"])
		}
	}
}

// TestGitHubEscaping checks the workflow command escapes.
func TestGitHubEscaping(t *testing.T) {
	out := string(render(t, "github"))
	for _, want := range []string{
		"::warning file=conf/site.conf,line=3,endLine=3,col=70,endColumn=79,title=localhost-upstream::\"localhost\" resolves to 127.0.0.1 and ::1: 100%25 of requests",
		"::notice file=conf/site.conf,line=5,",
		"resolver asks for AAAA records%0Aas well [resolver-ipv6]",
		"::error file=conf/site.conf,line=8,",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if strings.Count(out, "\n") != 3 {
		t.Errorf("want one line per finding:\n%s", out)
	}
}

// TestSourceFreeFormats: a format ReadsSources says reads no text prints
// the same bytes without Report.Sources, and those that read it do not.
func TestSourceFreeFormats(t *testing.T) {
	reporter.Version = "1.2.3"
	for _, name := range reporter.Names() {
		f, err := reporter.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		var with, without bytes.Buffer
		opt := reporter.Options{BaseDir: "/work/repo", Rules: testRules}
		if err := f(&with, testReport(t), opt); err != nil {
			t.Fatal(err)
		}
		r := testReport(t)
		r.Sources = nil
		if err := f(&without, r, opt); err != nil {
			t.Fatalf("%s without sources: %v", name, err)
		}
		same := bytes.Equal(with.Bytes(), without.Bytes())
		if reads := reporter.ReadsSources(name); reads == same {
			t.Errorf("%s: ReadsSources is %v, but the output without sources is the same: %v", name, reads, same)
		}
	}
}
