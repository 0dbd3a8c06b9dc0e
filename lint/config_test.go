package lint

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// fullConfig sets every key.
const fullConfig = `nginx-version: "1.24.0"
modules: [lua, headers-more]
plus: true
loopback: ipv6
prefix: /etc/nginx
include-map:
  /etc/nginx: deploy/nginx
exclude: ["vendor/**", "*.example.conf"]
fail-on: error
max-file-size: 10MB
max-depth: 50
max-includes: 100
max-findings: 500
enable: [resolver-ipv6]
rules:
  localhost-upstream: error
  include-not-found: off
`

func configSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "schema", "nginx-lint.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("nginx-lint.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("nginx-lint.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// validateYAML checks a YAML document against the schema.
func validateYAML(t *testing.T, sch *jsonschema.Schema, src string) error {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(src), &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return sch.Validate(inst)
}

// TestConfigTemplateMatchesSchema: what `config init` writes is valid for
// both the JSON Schema and nginx-lint itself, and so is a file with every
// key; the schema is as strict as the loader about unknown keys.
func TestConfigTemplateMatchesSchema(t *testing.T) {
	sch := configSchema(t)
	for name, src := range map[string]string{"template": ConfigTemplate(), "full": fullConfig} {
		if err := validateYAML(t, sch, src); err != nil {
			t.Errorf("%s does not match the schema: %v", name, err)
		}
		if _, err := ParseConfig(name, []byte(src)); err != nil {
			t.Errorf("%s does not load: %v", name, err)
		}
	}
	for _, good := range []string{"max-findings: 0\n", "max-findings: 1000\n", "max-file-size: 1048576\n", "max-file-size: 64MiB\n", "max-file-size: 1.5 GiB\n", "max-file-size: 200k\n"} {
		if err := validateYAML(t, sch, good); err != nil {
			t.Errorf("the schema refuses %q: %v", good, err)
		}
		if _, err := ParseConfig("good", []byte(good)); err != nil {
			t.Errorf("the loader refuses %q: %v", good, err)
		}
	}
	for _, bad := range []string{"colour: always\n", "rules:\n  localhost-upstream: loud\n", "loopback: ipv5\n", "plus: yes please\n",
		"max-file-size: 0\n", "max-file-size: -1\n", "max-file-size: lots\n", "max-file-size: [1]\n",
		"max-depth: 0\n", "max-depth: 10001\n", "max-depth: deep\n", "max-depth: 1.5\n", "max-includes: 0\n", "max-includes: many\n",
		"max-findings: -1\n", "max-findings: all\n"} {
		if err := validateYAML(t, sch, bad); err == nil {
			t.Errorf("the schema accepts %q", bad)
		}
		if _, err := ParseConfig("bad", []byte(bad)); err == nil {
			t.Errorf("the loader accepts %q", bad)
		}
	}
	// The template is a format string: its literal text reads as written
	// (%%NAME%% placeholders, as docs/sources.md and the schema name them).
	if want := "erb or placeholders (@@NAME@@, %%NAME%%)."; !strings.Contains(ConfigTemplate(), want) {
		t.Errorf("template does not say %q", want)
	}
	// Every rule appears in the template, so users see what they can set.
	for _, id := range []string{"localhost-upstream", "ignore", "syntax-error"} {
		if !strings.Contains(ConfigTemplate(), "  # "+id+": ") {
			t.Errorf("template does not list rule %s", id)
		}
	}
}

func TestConfigErrorsNameTheLine(t *testing.T) {
	for src, want := range map[string]string{
		"plus: false\nfail-on: error\ncolour: always\n":                 `x.yaml:3: unknown key "colour"`,
		"rules:\n  localhost-upstream: off\n  localhost-uptream: off\n": `x.yaml:3: rules: unknown rule id "localhost-uptream"`,
		"enable:\n  - resolver-ipv6\n  - nope\n":                        `x.yaml:3: enable: unknown rule id "nope"`,
		"rules:\n  localhost-upstream: loud\n":                          `x.yaml:2: rules: localhost-upstream: want off | on | error | warning | info, not "loud"`,
		"fail-on: sometimes\n":                                          `x.yaml:1: fail-on: unknown severity "sometimes"`,
		"plus: false\nplus: true\n":                                     `x.yaml:2: key "plus" is set twice`,
		"- a\n- b\n":                                                    `x.yaml:1: the configuration must be a mapping`,
		"fail-on: error\nmax-file-size: huge\n":                         `x.yaml:2: max-file-size: want a size such as 64MiB, 10MB or 1048576, not "huge"`,
		"max-depth: 0\n":                                                `x.yaml:1: max-depth: want a number from 1 to 10000, not 0`,
		"\nmax-includes: lots\n":                                        `x.yaml:2: max-includes: want a whole number`,
	} {
		_, err := ParseConfig("x.yaml", []byte(src))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: got error %v, want it to start with %q", src, err, want)
		}
	}
	pc, err := ParseConfig("x.yaml", []byte("# only comments\n"))
	if err != nil || pc.Path != "x.yaml" {
		t.Errorf("an empty file: %v", err)
	}
}

func TestExclude(t *testing.T) {
	pc := &ProjectConfig{Dir: "repo", Exclude: []string{"vendor/**", "*.example.conf", "deploy/old", "sites/*/tmp.conf"}}
	for name, want := range map[string]bool{
		"repo/vendor/x.conf":          true,
		"repo/vendor/a/b/c.conf":      true,
		"repo/a/site.example.conf":    true,
		"repo/deploy/old/nginx.conf":  true,
		"repo/deploy/new/nginx.conf":  false,
		"repo/sites/a/tmp.conf":       true,
		"repo/sites/a/b/tmp.conf":     false,
		"repo/nginx.conf":             false,
		"elsewhere/vendor/nginx.conf": false,
	} {
		if got := pc.Excluded(name); got != want {
			t.Errorf("excluded(%q) = %v, want %v", name, got, want)
		}
	}
}
