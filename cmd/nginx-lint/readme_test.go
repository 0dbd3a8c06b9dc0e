package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestReadmeSidecarOutput: the output README.md shows for its sidecar
// example is what nginx-lint prints for it.
func TestReadmeSidecarOutput(t *testing.T) {
	const prompt = "$ nginx-lint check testdata/examples/sidecar.conf\n"
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i := strings.Index(readme, prompt)
	if i < 0 {
		t.Fatalf("README.md lacks %q", prompt)
	}
	shown, _, ok := strings.Cut(readme[i+len(prompt):], "```")
	if !ok {
		t.Fatal("README.md: the sidecar example's code block does not end")
	}
	r := runBinary(t, "../..", nil, "check", "testdata/examples/sidecar.conf")
	if r.code != 1 {
		t.Errorf("exit status %d, want 1", r.code)
	}
	if r.stdout != shown {
		t.Errorf("README.md shows:\n%s\nnginx-lint prints:\n%s", shown, r.stdout)
	}
}

// TestPreCommitDocs: the hooks docs/ci.md and README.md describe are those
// .pre-commit-hooks.yaml defines, with its languages, and an entry the
// docs tell users to write runs the check the hooks run (a pinned image
// that dropped --skip-non-nginx would fail on supervisord.conf).
func TestPreCommitDocs(t *testing.T) {
	b, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct{ ID, Language, Entry string }
	if err := yaml.Unmarshal(b, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) == 0 {
		t.Fatal(".pre-commit-hooks.yaml defines no hooks")
	}
	ci, err := os.ReadFile("../../docs/ci.md")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var check string
	for _, h := range hooks {
		_, args, ok := strings.Cut(h.Entry, " ")
		if !ok {
			t.Fatalf("hook %s: entry %q has no arguments", h.ID, h.Entry)
		}
		if check != "" && args != check {
			t.Errorf("hook %s runs %q, another %q", h.ID, args, check)
		}
		check = args
		if row := "| `" + h.ID + "` | `" + h.Language + "` |"; !strings.Contains(string(ci), row) {
			t.Errorf("docs/ci.md has no row %q", row)
		}
		if !strings.Contains(string(readme), "`"+h.ID+"`") {
			t.Errorf("README.md does not name hook %s", h.ID)
		}
	}
	for name, text := range map[string]string{"docs/ci.md": string(ci), "README.md": string(readme), ".pre-commit-hooks.yaml": string(b)} {
		for _, m := range regexp.MustCompile("entry: ([^`\\n]+)").FindAllStringSubmatch(text, -1) {
			if _, args, _ := strings.Cut(strings.TrimSpace(m[1]), " "); args != check {
				t.Errorf("%s tells users to write entry %q, which runs %q; the hooks run %q", name, m[1], args, check)
			}
		}
	}
}

// TestCISnippets: the CI set-ups README.md and docs/ci.md show are valid
// YAML and keep their reports when nginx-lint fails the step, which is when
// they matter: the SARIF upload runs if: always(), GitLab artifacts are
// kept when: always.
func TestCISnippets(t *testing.T) {
	block := regexp.MustCompile("(?s)```yaml\n(.*?)```")
	n := 0
	for _, name := range []string{"../../README.md", "../../docs/ci.md"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range block.FindAllStringSubmatch(string(b), -1) {
			text := m[1]
			var v any
			if err := yaml.Unmarshal([]byte(text), &v); err != nil {
				t.Errorf("%s: a YAML block does not parse (%v):\n%s", name, err, text)
			}
			if strings.Contains(text, "upload-sarif@") {
				if !strings.Contains(text, "if: always()") {
					t.Errorf("%s: the SARIF upload does not run when findings fail the step (if: always()):\n%s", name, text)
				}
				n++
			}
			if strings.Contains(text, "reports:") && strings.Contains(text, "artifacts:") {
				if !regexp.MustCompile(`(?m)^\s+when: always\b`).MatchString(text) {
					t.Errorf("%s: GitLab drops the report when findings fail the job (artifacts: when: always):\n%s", name, text)
				}
				n++
			}
		}
	}
	if n < 4 {
		t.Errorf("found %d CI snippets with reports, want at least 4 (GitHub and GitLab, in README.md and docs/ci.md)", n)
	}
}
