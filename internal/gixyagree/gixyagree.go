// Package gixyagree measures how often nginx-lint agrees with gixy's own
// test cases: for every case of a gixy plugin that maps to one of our rules,
// a positive case must make the rule report and a negative one must not.
//
// The cases come from CASES.tsv of a peer-tests directory (one row per
// config: plugin, file, expected, …, fails_on_versions). The label used is
// the one of the newest gixy release measured (Gixy-Next 0.1.4): a case
// whose fails_on_versions lists that release is counted with the opposite
// label, since that release reports (or stays silent on) it against the
// older label. Deliberate disagreements are listed with their reason in
// disagreements.tsv next to this file.
package gixyagree

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	_ "github.com/nginx-lint/nginx-lint/rules" // registers the rules
)

// NewestRelease is the gixy release whose labels count.
const NewestRelease = "Gixy-Next-0.1.4"

// Plugins are the gixy plugins nginx-lint has a rule for (rule id = plugin
// name with '-' for '_').
var Plugins = []string{
	"ssrf", "http_splitting", "origins", "host_spoofing", "valid_referers",
	"add_header_multiline", "add_header_redefinition", "alias_traversal",
	"version_disclosure", "allow_without_deny", "return_bypasses_allow_deny",
	"if_is_evil", "error_log_off", "proxy_pass_normalized", "hash_without_default",
	"unanchored_regex", "invalid_regex", "worker_rlimit_nofile_vs_connections",
	"add_header_content_type", "resolver_external", "default_server_flag",
	"status_page_exposed", "merge_slashes_on", "regex_redos", "weak_ssl_tls",
	"hsts_header", "ssl_stapling_without_resolver", "ssl_stapling_letsencrypt", "ssl_ecdh_curve",
}

// RuleID is the nginx-lint rule of a gixy plugin ("" when we have none).
func RuleID(plugin string) string {
	for _, p := range Plugins {
		if p == plugin {
			return strings.ReplaceAll(plugin, "_", "-")
		}
	}
	return ""
}

// Case is one row of CASES.tsv.
type Case struct {
	Plugin, File, Expected, Source, Options, Note, FailsOn string
	// Positive is the newest release's label.
	Positive bool
}

// ReadCases reads CASES.tsv; rows that are not positive or negative cases
// (include fixtures) are left out.
func ReadCases(path string) ([]Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Case
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var col map[string]int
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if col == nil {
			col = map[string]int{}
			for i, h := range fields {
				col[h] = i
			}
			for _, need := range []string{"plugin", "file", "expected", "fails_on_versions"} {
				if _, ok := col[need]; !ok {
					return nil, fmt.Errorf("%s: no %q column", path, need)
				}
			}
			continue
		}
		get := func(k string) string {
			if i, ok := col[k]; ok && i < len(fields) {
				return fields[i]
			}
			return ""
		}
		c := Case{Plugin: get("plugin"), File: get("file"), Expected: get("expected"), Source: get("source_repo"),
			Options: get("plugin_options"), Note: get("label_note"), FailsOn: get("fails_on_versions")}
		if c.Expected != "positive" && c.Expected != "negative" {
			continue
		}
		c.Positive = c.Expected == "positive"
		for _, v := range strings.Split(c.FailsOn, ",") {
			if strings.TrimSpace(v) == NewestRelease {
				c.Positive = !c.Positive
			}
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// Result is the outcome of one case.
type Result struct {
	Case
	Rule     string
	Mapped   bool // the rule exists in this build
	Reported bool
	Findings []analyzer.Finding
	Err      error
}

// Agree reports whether nginx-lint matched the label.
func (r *Result) Agree() bool { return r.Mapped && r.Err == nil && r.Reported == r.Positive }

// Check runs the case's rule on its config (dir is the peer-tests dir).
func Check(dir string, c Case) Result {
	r := Result{Case: c, Rule: RuleID(c.Plugin)}
	if r.Rule == "" || analyzer.Lookup(r.Rule) == nil {
		return r
	}
	r.Mapped = true
	path := filepath.Join(dir, c.Plugin, c.File)
	src, err := os.ReadFile(path)
	if err != nil {
		r.Err = err
		return r
	}
	a := analyzer.Parse(path, path, src, analyzer.LoadOptions{})
	a.Config = &analyzer.Config{Only: []string{r.Rule}, Settings: settings(c)}
	for _, f := range a.Check() {
		if f.Rule == r.Rule {
			r.Reported = true
			r.Findings = append(r.Findings, f)
		}
	}
	return r
}

// settings turns a case's plugin options into our rule settings.
func settings(c Case) map[string]string {
	if c.Options == "" || c.Options == "-" {
		return nil
	}
	var opt struct {
		Domains   []string `json:"domains"`
		HTTPSOnly bool     `json:"https_only"`
	}
	if json.Unmarshal([]byte(c.Options), &opt) != nil {
		return nil
	}
	out := map[string]string{}
	if c.Plugin == "origins" {
		if len(opt.Domains) > 0 {
			out["origins-domains"] = strings.Join(opt.Domains, ",")
		}
		if opt.HTTPSOnly {
			out["origins-https-only"] = "true"
		}
	}
	return out
}

//go:embed disagreements.tsv
var disagreementsTSV string

// Disagreements returns the deliberate disagreements: "plugin/file" →
// reason.
func Disagreements() map[string]string {
	out := map[string]string{}
	for _, ln := range strings.Split(disagreementsTSV, "\n") {
		if ln == "" || strings.HasPrefix(ln, "#") {
			continue
		}
		f := strings.SplitN(ln, "\t", 3)
		if len(f) == 3 {
			out[f[0]+"/"+f[1]] = f[2]
		}
	}
	return out
}

// Tally counts agreement for one rule (or all).
type Tally struct {
	Rule                     string
	Cases, Agree, Deliberate int
	NotMapped                int
}

// Percent is the agreement over mapped cases.
func (t Tally) Percent() float64 {
	if t.Cases == 0 {
		return 100
	}
	return 100 * float64(t.Agree) / float64(t.Cases)
}

// Summarize tallies results per rule, sorted by rule, and overall.
func Summarize(rs []Result, listed map[string]string) ([]Tally, Tally) {
	by := map[string]*Tally{}
	total := Tally{Rule: "all"}
	for _, r := range rs {
		if r.Rule == "" {
			continue
		}
		t := by[r.Rule]
		if t == nil {
			t = &Tally{Rule: r.Rule}
			by[r.Rule] = t
		}
		if !r.Mapped {
			t.NotMapped++
			total.NotMapped++
			continue
		}
		t.Cases++
		total.Cases++
		if r.Agree() {
			t.Agree++
			total.Agree++
		} else if _, ok := listed[r.Plugin+"/"+r.File]; ok {
			t.Deliberate++
			total.Deliberate++
		}
	}
	var out []Tally
	for _, t := range by {
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Rule < out[j].Rule })
	return out, total
}
