package gixyagree

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// TestGixyAgreement runs our rules on gixy's test configs and prints the
// agreement (NGINX_LINT_GIXY_CASES names another CASES.tsv).
func TestGixyAgreement(t *testing.T) {
	path := os.Getenv("NGINX_LINT_GIXY_CASES")
	if path == "" {
		path = filepath.Join(testutil.Shared(t), "peer-tests", "gixy", "CASES.tsv")
	}
	_, err := os.Stat(path)
	testutil.Require(t, err == nil, path+" not found")
	cases, err := ReadCases(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(path)
	listed := Disagreements()
	var rs []Result
	used := map[string]bool{}
	for _, c := range cases {
		r := Check(dir, c)
		if r.Rule == "" {
			continue
		}
		rs = append(rs, r)
		key := c.Plugin + "/" + c.File
		if r.Err != nil {
			t.Errorf("%s: %v", key, r.Err)
			continue
		}
		if !r.Mapped {
			continue
		}
		_, deliberate := listed[key]
		used[key] = true
		switch {
		case r.Agree() && deliberate:
			t.Errorf("%s is listed in disagreements.tsv but nginx-lint now agrees (label %s): remove the entry", key, label(r.Positive))
		case !r.Agree() && !deliberate:
			t.Errorf("%s: gixy says %s, %s reports %s; fix the rule or list the case with its reason in disagreements.tsv", key, label(r.Positive), r.Rule, findingsText(r))
		}
	}
	for key := range listed {
		if !used[key] {
			// A rule not written yet keeps its entries.
			if RuleID(filepath.Dir(key)) == "" {
				t.Errorf("disagreements.tsv lists %s, which is not a case of a mapped plugin", key)
			}
		}
	}
	per, total := Summarize(rs, listed)
	for _, tl := range per {
		if tl.Cases == 0 {
			testutil.Report(t, "gixy agreement %-36s not yet mapped (%d cases)", tl.Rule, tl.NotMapped)
			continue
		}
		testutil.Report(t, "gixy agreement %-36s %5.1f%% (%d/%d; %d listed disagreements)", tl.Rule, tl.Percent(), tl.Agree, tl.Cases, tl.Deliberate)
	}
	testutil.Report(t, "gixy agreement overall: %.1f%% (%d/%d cases of mapped rules, labels of %s; %d listed disagreements; %d cases of rules not yet written)",
		total.Percent(), total.Agree, total.Cases, NewestRelease, total.Deliberate, total.NotMapped)
}

func label(pos bool) string {
	if pos {
		return "positive"
	}
	return "negative"
}

func findingsText(r Result) string {
	if !r.Reported {
		return "nothing"
	}
	s := ""
	for _, f := range r.Findings {
		s += fmt.Sprintf("\n\t%s: %s", f.Range.Start, f.Message)
	}
	return s
}
