package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
	"github.com/nginx-lint/nginx-lint/lint"
	"github.com/nginx-lint/nginx-lint/rules"
)

// docBlock is one ```nginx block of a rule doc.
type docBlock struct {
	section string // the "## " heading it stands under
	line    int    // line of its opening fence in the doc
	text    string
}

// docBlocks returns the ```nginx blocks of a rule doc.
func docBlocks(doc string) []docBlock {
	var out []docBlock
	section, in := "", -1
	var body []string
	for i, l := range strings.Split(doc, "\n") {
		switch {
		case in >= 0 && strings.TrimSpace(l) == "```":
			out = append(out, docBlock{section, in + 1, strings.Join(body, "\n") + "\n"})
			in, body = -1, nil
		case in >= 0:
			body = append(body, l)
		case l == "```nginx":
			in = i
		case strings.HasPrefix(l, "## "):
			section = strings.TrimPrefix(l, "## ")
		}
	}
	return out
}

// commandRe is the comment that may open a doc example: the command line
// it is checked with, as a user would type it.
var commandRe = regexp.MustCompile(`^#\s*nginx-lint check\b(.*)$`)

// fileRe is a comment line that starts a file of a doc example made of
// several files: "# conf.d/site.conf".
var fileRe = regexp.MustCompile(`^#\s*([\w./-]+\.conf)\s*$`)

// docCommand is the command a doc example is checked with.
type docCommand struct {
	set  lint.Settings
	file string // the file linted, relative to the example's directory ("": the first)
}

// parseCommand reads the flags of an example's "# nginx-lint check …"
// line: those that change what the rule reports.
func parseCommand(args string) (docCommand, error) {
	c := docCommand{set: lint.DefaultSettings()}
	f := strings.Fields(args)
	for i := 0; i < len(f); i++ {
		flag, val, hasVal := strings.Cut(f[i], "=")
		next := func() (string, error) {
			if hasVal {
				return val, nil
			}
			if i+1 >= len(f) {
				return "", fmt.Errorf("%s needs a value", flag)
			}
			i++
			return f[i], nil
		}
		number := func(p *int) error {
			v, err := next()
			if err == nil {
				*p, err = strconv.Atoi(v)
			}
			return err
		}
		var err error
		switch flag {
		case "--nginx-version":
			c.set.NginxVersion, err = next()
		case "--module":
			var m string
			m, err = next()
			c.set.Modules = append(c.set.Modules, m)
		case "--plus":
			c.set.Plus = true
		case "--loopback":
			c.set.Loopback, err = next()
		case "--max-includes":
			err = number(&c.set.Limits.MaxIncludes)
		case "--max-depth":
			err = number(&c.set.Limits.MaxDepth)
		default:
			if strings.HasPrefix(flag, "-") {
				return c, fmt.Errorf("flag %s is not read by this test", flag)
			}
			c.file = f[i]
		}
		if err != nil {
			return c, err
		}
	}
	return c, nil
}

// exampleFiles splits a doc example into its files, each from its
// "# NAME.conf" line on; text before the first such line is nginx.conf.
// first is the first file's name.
func exampleFiles(text string) (files map[string]string, first string) {
	files = map[string]string{}
	name := ""
	for _, l := range strings.SplitAfter(text, "\n") {
		if m := fileRe.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			name = m[1]
		} else if name == "" && strings.TrimSpace(l) != "" && !commandRe.MatchString(strings.TrimSpace(l)) {
			name = "nginx.conf"
		}
		if name != "" {
			files[name] += l
		}
		if first == "" {
			first = name
		}
	}
	if first == "" {
		first = "nginx.conf"
	}
	return files, first
}

// lintExample writes the example's files to a new directory and checks
// its file as `nginx-lint check` would, with only rule id enabled (every
// rule on by default when id is "").
func lintExample(t *testing.T, id string, cmd docCommand, text string) []analyzer.Finding {
	t.Helper()
	dir := t.TempDir()
	files, file := exampleFiles(text)
	if cmd.file != "" {
		file = cmd.file
	}
	testutil.WriteFiles(t, dir, files)
	s := cmd.set
	if id != "" {
		s.Only = []string{id}
	}
	// No .nginx-lint.yaml above the checkout or the temporary directory
	// may change what the example draws: it gets an empty one.
	s.ConfigFile = filepath.Join(t.TempDir(), ".nginx-lint.yaml")
	if err := os.WriteFile(s.ConfigFile, []byte("# settings of a doc example: none\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	check, err := lint.NewCheck([]string{filepath.Join(dir, filepath.FromSlash(file))}, s, lint.Env{})
	if err != nil {
		t.Fatalf("nginx-lint check: %v", err)
	}
	out, err := check.Lint()
	if err != nil {
		t.Fatalf("nginx-lint check: %v", err)
	}
	return out.Report.Findings.Slice()
}

// TestDocExamples checks every rule doc's examples as a user would run
// them: each ```nginx block under "## Example" must draw a finding of the
// rule, each one under "## Fix" none, and neither may hold a syntax error
// (unless it shows syntax-error); a Fix must draw no error from any rule
// on by default either (nginx refusing it, a vulnerability). An example is one file, nginx.conf,
// read the way `nginx-lint check nginx.conf` reads a lone file (a server{}
// alone is a fragment, a file with events{} a whole configuration). Its
// first line may be the command it needs, "# nginx-lint check
// --nginx-version 1.22.1 [FILE]"; a Fix block is checked with the command
// of the example before it unless it has its own. A line "# NAME.conf"
// starts another file of the example.
func TestDocExamples(t *testing.T) {
	for _, r := range rules.All() {
		t.Run(r.ID, func(t *testing.T) {
			stem := rules.Stem(r.ID)
			var cmd docCommand
			examples := 0
			for _, b := range docBlocks(r.Documentation()) {
				if b.section != "Example" && b.section != "Fix" {
					continue
				}
				where := fmt.Sprintf("%s.md:%d (%s)", stem, b.line, b.section)
				first, _, _ := strings.Cut(b.text, "\n")
				if m := commandRe.FindStringSubmatch(strings.TrimSpace(first)); m != nil {
					var err error
					if cmd, err = parseCommand(m[1]); err != nil {
						t.Errorf("%s: %s: %v", where, first, err)
						continue
					}
				} else if b.section == "Example" {
					cmd, _ = parseCommand("")
				}
				findings := lintExample(t, r.ID, cmd, b.text)
				own := 0
				for _, f := range findings {
					switch f.Rule {
					case r.ID:
						own++
					case analyzer.RuleSyntaxError:
						t.Errorf("%s: the block does not parse: %s", where, f.Message)
					}
				}
				if b.section == "Example" {
					examples++
					if own == 0 {
						t.Errorf("%s: %s reports nothing in this example", where, r.ID)
					}
					continue
				}
				for _, f := range findings {
					if f.Rule == r.ID {
						t.Errorf("%s: %s still reports the fixed config: line %d: %s", where, r.ID, f.Range.Start.Line, f.Message)
					}
				}
				for _, f := range lintExample(t, "", cmd, b.text) {
					if f.Severity == analyzer.Error && f.Rule != analyzer.RuleSyntaxError {
						t.Errorf("%s: the fixed config draws an error: line %d: %s [%s]", where, f.Range.Start.Line, f.Message, f.Rule)
					}
				}
			}
			if examples == 0 {
				t.Errorf("%s.md has no ```nginx block under ## Example", stem)
			}
		})
	}
}
