package lint

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
	"github.com/nginx-lint/nginx-lint/rules"
)

// ConfigFileName is the per-repository configuration file, looked for in
// the working directory and its parents up to the repository root.
const ConfigFileName = ".nginx-lint.yaml"

// ProjectConfig is a parsed .nginx-lint.yaml. Pointer fields are nil when
// the file does not set them.
type ProjectConfig struct {
	Path string // "" when there is no file
	Dir  string // paths in the file are relative to it

	Rules         []RuleSetting
	Enable        []string
	NginxVersion  *string
	Modules       []string
	ModulesSet    bool // the file has a modules key (possibly empty)
	Plus          *bool
	RequireReason *bool
	Loopback      *string
	Exclude       []string
	Prefix        *string
	Template      *string
	FailOn        *string
	IncludeMap    []analyzer.PathMap
	MaxFileSize   *int64
	MaxDepth      *int
	MaxIncludes   *int
	MaxFindings   *int
	// AllowIncludeOutside lifts the confinement of reading; it is honoured
	// only from a file named explicitly (--config), not a discovered one.
	AllowIncludeOutside *bool
	// Explicit is set when the file was named (LoadConfig's explicit), not
	// discovered.
	Explicit bool
}

// RuleSetting is one entry of the rules key.
type RuleSetting struct {
	ID    string
	Value string // off, on, error, warning or info
}

// configKeys are the keys a configuration file may have, in template order.
var configKeys = []string{"nginx-version", "modules", "plus", "require-reason", "loopback", "prefix", "template", "include-map", "allow-include-outside", "exclude", "fail-on", "max-file-size", "max-depth", "max-includes", "max-findings", "enable", "rules"}

// ruleValues are what a rule may be set to.
var ruleValues = []string{"off", "on", "error", "warning", "info"}

// configFileNames are the names a configuration file may have; one
// directory holding both is an error.
var configFileNames = []string{ConfigFileName, ".nginx-lint.yml"}

// FindConfig looks for a configuration file (configFileNames) in dir and
// its parents, stopping after the directory that holds .git (the
// repository root).
func FindConfig(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		found, stop, err := configIn(dir)
		if found != "" || stop || err != nil {
			return found, err
		}
		dir = filepath.Dir(dir)
	}
}

// configIn looks for a configuration file in dir (absolute) alone: stop
// is set where the search ends without one (a repository's top, the root).
func configIn(dir string) (found string, stop bool, err error) {
	var in []string
	for _, n := range configFileNames {
		p := filepath.Join(dir, n)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			in = append(in, p)
		}
	}
	_, err = os.Stat(filepath.Join(dir, ".git"))
	return configAnswer(dir, in, err == nil)
}

// configListed is configIn answered from a listing of dir (ents, in
// os.ReadDir's order): a configuration file or .git it lists is looked at
// only where it is a symbolic link. Listings name files exactly, so on a
// system whose file names are case-insensitive by default (macOS,
// Windows), where configIn finds .NGINX-LINT.YAML too, ok is false:
// configIn answers there.
func configListed(dir string, ents []fs.DirEntry) (found string, stop bool, err error, ok bool) {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" || runtime.GOOS == "ios" {
		return "", false, nil, false
	}
	var in []string
	git := false
	for _, n := range configFileNames {
		i, has := slices.BinarySearchFunc(ents, n, func(d fs.DirEntry, n string) int { return strings.Compare(d.Name(), n) })
		if !has || ents[i].IsDir() {
			continue
		}
		p := filepath.Join(dir, n)
		if ents[i].Type().IsRegular() {
			in = append(in, p)
		} else if st, err := os.Stat(p); err == nil && !st.IsDir() {
			in = append(in, p)
		}
	}
	if i, has := slices.BinarySearchFunc(ents, ".git", func(d fs.DirEntry, n string) int { return strings.Compare(d.Name(), n) }); has {
		git = ents[i].Type()&fs.ModeSymlink == 0
		if !git {
			_, err := os.Stat(filepath.Join(dir, ".git"))
			git = err == nil
		}
	}
	found, stop, err = configAnswer(dir, in, git)
	return found, stop, err, true
}

// configAnswer is configIn's answer for dir, given the configuration
// files in it and whether it holds .git.
func configAnswer(dir string, in []string, git bool) (found string, stop bool, err error) {
	switch len(in) {
	case 1:
		return in[0], true, nil
	case 2:
		return "", true, fmt.Errorf("%s and %s are both configuration files; keep one", displayPath(in[0]), displayPath(in[1]))
	}
	if git {
		return "", true, nil
	}
	return "", filepath.Dir(dir) == dir, nil
}

// LoadConfig reads the configuration file named explicit (an option such
// as the CLI's --config; its errors say so), or without it the one
// FindConfig finds from dir up; with neither it returns an empty
// configuration. Unless outside (--allow-include-outside), a file in the
// working directory that leads out of it is refused (WorkdirPath).
func LoadConfig(explicit, dir string, outside bool) (*ProjectConfig, error) {
	p := explicit
	if p == "" {
		var err error
		if p, err = FindConfig(dir); err != nil || p == "" {
			return &ProjectConfig{}, err
		}
	}
	b, err := []byte(nil), WorkdirPath(p, outside)
	if err != nil {
		err = fmt.Errorf("%s: %w", displayPath(p), err)
	} else {
		b, err = readSmallFile(p)
	}
	if err != nil {
		if explicit == "" {
			return nil, err
		}
		return nil, fmt.Errorf("--config: %w", err)
	}
	pc, err := ParseConfig(displayPath(p), b)
	if pc != nil {
		pc.Explicit = explicit != ""
	}
	return pc, err
}

// displayPath shows p relative to the working directory when it can.
func displayPath(p string) string {
	wd, err := os.Getwd()
	if err != nil || !filepath.IsAbs(p) {
		return p
	}
	if r, err := filepath.Rel(wd, p); err == nil {
		return r
	}
	return p
}

// boolKey reads a true or false value.
func boolKey(file string, k, v *yaml.Node) (*bool, error) {
	if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
		return nil, configError(file, v, "%s: want true or false", k.Value)
	}
	b := v.Value == "true"
	return &b, nil
}

// configError is a problem in the configuration file at a line.
func configError(file string, n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", file, n.Line, fmt.Sprintf(format, args...))
}

// ParseConfig reads a configuration file. Unknown keys, unknown rule
// ids and values of the wrong kind are errors naming the line.
func ParseConfig(name string, src []byte) (*ProjectConfig, error) {
	_ = rules.All() // the rule ids must be registered
	pc := &ProjectConfig{Path: name, Dir: filepath.Dir(name)}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return pc, nil // empty file
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return pc, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, configError(name, root, "the configuration must be a mapping of keys (%s)", strings.Join(configKeys, ", "))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			return nil, configError(name, k, "key %q is set twice", k.Value)
		}
		seen[k.Value] = true
		var err error
		switch k.Value {
		case "nginx-version":
			if pc.NginxVersion, err = scalar(name, k, v); err == nil && *pc.NginxVersion != "" && !analyzer.ValidVersion(*pc.NginxVersion) {
				err = configError(name, v, "nginx-version: want a version such as 1.24.0, not %q", *pc.NginxVersion)
			}
		case "loopback":
			if pc.Loopback, err = scalar(name, k, v); err == nil && *pc.Loopback != "ipv4" && *pc.Loopback != "ipv6" {
				err = configError(name, v, "loopback: want ipv4 or ipv6, not %q%s", *pc.Loopback, analyzer.DidYouMean(*pc.Loopback, []string{"ipv4", "ipv6"}))
			}
		case "prefix":
			pc.Prefix, err = scalar(name, k, v)
		case "template":
			if pc.Template, err = scalar(name, k, v); err == nil {
				if _, perr := analyzer.ParseTemplateLang(*pc.Template); perr != nil {
					err = configError(name, v, "template: %v", perr)
				}
			}
		case "fail-on":
			if pc.FailOn, err = scalar(name, k, v); err == nil {
				if _, perr := analyzer.ParseSeverity(*pc.FailOn); perr != nil {
					err = configError(name, v, "fail-on: %v", perr)
				}
			}
		case "max-file-size":
			var n int64
			if v.Kind != yaml.ScalarNode || (v.Tag != "!!int" && v.Tag != "!!str") {
				err = configError(name, v, "max-file-size: want a size such as 64MiB, 10MB or 1048576")
			} else if n, err = ParseSize(v.Value); err != nil {
				err = configError(name, v, "max-file-size: %v", err)
			}
			pc.MaxFileSize = &n
		case "max-depth":
			pc.MaxDepth, err = intKey(name, k, v, checkDepth)
		case "max-includes":
			pc.MaxIncludes, err = intKey(name, k, v, checkIncludes)
		case "max-findings":
			pc.MaxFindings, err = intKey(name, k, v, checkFindings)
		case "allow-include-outside":
			pc.AllowIncludeOutside, err = boolKey(name, k, v)
		case "plus":
			pc.Plus, err = boolKey(name, k, v)
		case "require-reason":
			pc.RequireReason, err = boolKey(name, k, v)
		case "modules":
			pc.Modules, err = list(name, k, v)
			pc.ModulesSet = true
			for _, m := range pc.Modules {
				if err == nil && directives.CanonicalFamily(m) == "" {
					err = configError(name, v, "modules: unknown module %q%s (known: %s)", m, analyzer.DidYouMean(m, directives.Families()), strings.Join(directives.Families(), ", "))
				}
			}
		case "exclude":
			pc.Exclude, err = list(name, k, v)
			for _, g := range pc.Exclude {
				if _, merr := path.Match(strings.ReplaceAll(g, "**", "*"), ""); merr != nil {
					err = configError(name, v, "exclude: bad pattern %q", g)
				}
			}
		case "enable":
			pc.Enable, err = list(name, k, v)
			if err == nil {
				for j, id := range pc.Enable {
					if analyzer.Lookup(id) == nil {
						err = configError(name, v.Content[j], "enable: unknown rule id %q%s (see `nginx-lint rules`)", id, analyzer.DidYouMean(id, analyzer.RuleIDs()))
						break
					}
				}
			}
		case "include-map":
			if v.Kind != yaml.MappingNode {
				err = configError(name, v, "include-map: want a mapping of server paths to repository paths, e.g. /etc/nginx: deploy/nginx")
				break
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				from, to := v.Content[j], v.Content[j+1]
				if from.Kind != yaml.ScalarNode || to.Kind != yaml.ScalarNode || from.Value == "" || to.Value == "" {
					err = configError(name, from, "include-map: want FROM: TO with two paths")
					break
				}
				pc.IncludeMap = append(pc.IncludeMap, analyzer.PathMap{From: from.Value, To: to.Value})
			}
		case "rules":
			if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
				break
			}
			if v.Kind != yaml.MappingNode {
				err = configError(name, v, "rules: want a mapping of rule id to %s", strings.Join(ruleValues, " | "))
				break
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				id, val := v.Content[j], v.Content[j+1]
				if analyzer.Lookup(id.Value) == nil {
					err = configError(name, id, "rules: unknown rule id %q%s (see `nginx-lint rules`)", id.Value, analyzer.DidYouMean(id.Value, analyzer.RuleIDs()))
					break
				}
				if val.Kind != yaml.ScalarNode || !slices.Contains(ruleValues, val.Value) {
					err = configError(name, val, "rules: %s: want %s, not %q%s", id.Value, strings.Join(ruleValues, " | "), val.Value, analyzer.DidYouMean(val.Value, ruleValues))
					break
				}
				pc.Rules = append(pc.Rules, RuleSetting{ID: id.Value, Value: val.Value})
			}
		default:
			err = configError(name, k, "unknown key %q%s (known: %s)", k.Value, analyzer.DidYouMean(k.Value, configKeys), strings.Join(configKeys, ", "))
		}
		if err != nil {
			return nil, err
		}
	}
	return pc, nil
}

func scalar(file string, k, v *yaml.Node) (*string, error) {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		return nil, configError(file, v, "%s: want a single value", k.Value)
	}
	s := v.Value
	return &s, nil
}

// intKey reads a whole number that check accepts.
func intKey(file string, k, v *yaml.Node, check func(int) error) (*int, error) {
	n, err := strconv.Atoi(v.Value)
	if v.Kind != yaml.ScalarNode || v.Tag != "!!int" || err != nil {
		return nil, configError(file, v, "%s: want a whole number", k.Value)
	}
	if err := check(n); err != nil {
		return nil, configError(file, v, "%s: %v", k.Value, err)
	}
	return &n, nil
}

func list(file string, k, v *yaml.Node) ([]string, error) {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil, nil
	}
	if v.Kind != yaml.SequenceNode {
		return nil, configError(file, v, "%s: want a list, e.g. [a, b]", k.Value)
	}
	var out []string
	for _, item := range v.Content {
		if item.Kind != yaml.ScalarNode {
			return nil, configError(file, item, "%s: want plain values in the list", k.Value)
		}
		out = append(out, item.Value)
	}
	return out, nil
}

// Rel resolves a path written in the configuration file.
func (pc *ProjectConfig) Rel(p string) string {
	if p == "" || filepath.IsAbs(p) || pc.Dir == "" {
		return p
	}
	return filepath.Join(pc.Dir, p)
}

// Excluded reports whether a linted file matches an exclude pattern of
// the configuration file, relative to the file's directory (see
// analyzer.MatchExclude for the patterns).
func (pc *ProjectConfig) Excluded(name string) bool {
	if len(pc.Exclude) == 0 || name == "" {
		return false
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		return false
	}
	base, err := filepath.Abs(pc.Dir)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(base, abs)
	if err != nil {
		rel = abs
	}
	return analyzer.MatchExclude(pc.Exclude, rel, false)
}

// Effective renders the configuration in force as YAML: every key, and
// every rule with its state.
func (pc *ProjectConfig) Effective() string {
	var b bytes.Buffer
	if pc.Path == "" {
		fmt.Fprintf(&b, "# no %s found: defaults\n", ConfigFileName)
	} else {
		fmt.Fprintf(&b, "# from %s\n", pc.Path)
	}
	str := func(p *string, def string) string {
		if p == nil {
			return def
		}
		return *p
	}
	fmt.Fprintf(&b, "nginx-version: %s\n", yamlString(str(pc.NginxVersion, "")))
	fmt.Fprintf(&b, "modules: %s\n", yamlList(pc.Modules))
	plus := false
	if pc.Plus != nil {
		plus = *pc.Plus
	}
	fmt.Fprintf(&b, "plus: %t\n", plus)
	fmt.Fprintf(&b, "require-reason: %t\n", pc.RequireReason != nil && *pc.RequireReason)
	if pc.Loopback == nil {
		// Not a key with a value: written out, ipv4 would make localhost
		// fixes safe, which no setting here does.
		b.WriteString("# loopback: not set (localhost fixes use 127.0.0.1, or [::1] for IPv6-only names, and are unsafe)\n")
	} else {
		fmt.Fprintf(&b, "loopback: %s\n", yamlString(*pc.Loopback))
	}
	fmt.Fprintf(&b, "prefix: %s\n", yamlString(str(pc.Prefix, "")))
	fmt.Fprintf(&b, "template: %s\n", yamlString(str(pc.Template, "auto")))
	if len(pc.IncludeMap) == 0 {
		b.WriteString("include-map: {}\n")
	} else {
		b.WriteString("include-map:\n")
		for _, m := range pc.IncludeMap {
			fmt.Fprintf(&b, "  %s: %s\n", yamlString(m.From), yamlString(m.To))
		}
	}
	allow := false
	if pc.AllowIncludeOutside != nil {
		allow = *pc.AllowIncludeOutside
	}
	fmt.Fprintf(&b, "allow-include-outside: %t\n", allow)
	fmt.Fprintf(&b, "exclude: %s\n", yamlList(pc.Exclude))
	fmt.Fprintf(&b, "fail-on: %s\n", str(pc.FailOn, "warning"))
	size := int64(analyzer.DefaultMaxFileSize)
	if pc.MaxFileSize != nil {
		size = *pc.MaxFileSize
	}
	fmt.Fprintf(&b, "max-file-size: %s\n", analyzer.FormatSize(size))
	fmt.Fprintf(&b, "max-depth: %d\n", intOr(pc.MaxDepth, analyzer.DefaultMaxDepth))
	fmt.Fprintf(&b, "max-includes: %d\n", intOr(pc.MaxIncludes, analyzer.DefaultMaxIncludes))
	fmt.Fprintf(&b, "max-findings: %d\n", intOr(pc.MaxFindings, 0))
	fmt.Fprintf(&b, "enable: %s\n", yamlList(pc.Enable))
	b.WriteString("rules:\n")
	set := map[string]string{}
	for _, r := range pc.Rules {
		set[r.ID] = r.Value
	}
	for _, id := range pc.Enable {
		if _, ok := set[id]; !ok {
			set[id] = "on"
		}
	}
	for _, r := range rules.All() {
		v, ok := set[r.ID]
		switch {
		case !ok && r.Default, ok && v == "on":
			v = r.Severity.String()
		case !ok:
			v = "off"
		}
		note := "default"
		if ok {
			note = "set"
		}
		fmt.Fprintf(&b, "  %s: %s  # %s\n", r.ID, v, note)
	}
	return b.String()
}

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func yamlString(s string) string {
	out, _ := yaml.Marshal(s)
	return strings.TrimSuffix(string(out), "\n")
}

func yamlList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = yamlString(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// ConfigTemplate is what `config init` writes: every key with its default,
// commented, and one commented line per rule.
func ConfigTemplate() string {
	var b strings.Builder
	fmt.Fprintf(&b, `# nginx-lint configuration (https://github.com/nginx-lint/nginx-lint/blob/main/docs/configuration.md).
# Each checked file gets the nearest .nginx-lint.yaml at or above its
# directory, up to the repository root; command-line flags win over it.
# Paths below are relative to this file's directory.
# yaml-language-server: $schema=https://raw.githubusercontent.com/nginx-lint/nginx-lint/main/schema/nginx-lint.schema.json

# The nginx version the configuration targets, e.g. "1.24.0" ("" = the newest).
nginx-version: ""

# Modules your nginx loads beyond the core (their directives become known),
# e.g. [headers-more, lua, njs, brotli, geoip2].
modules: []

# Target NGINX Plus (its commercial directives become known).
plus: false

# An ignore comment without a reason is an info finding of rule "ignore"
# (the comment works); true makes it a warning.
require-reason: false

# The address family your applications listen on, ipv4 or ipv6: fixes for
# "localhost" then use 127.0.0.1 or [::1] and count as safe. Names for ::1
# only (ip6-localhost) always become [::1], safe with ipv6 only. Unset,
# every localhost fix is unsafe.
# loopback: ipv4

# The directory relative include paths are resolved against, as nginx's
# -p prefix ("" = the directory of each checked file; for a fragment, that
# of the nearest nginx.conf at or above it).
prefix: ""

# The template language files are written in (docs/sources.md): auto (from
# each file's name and content), none (plain nginx), jinja, go, envsubst,
# erb or placeholders (@@NAME@@, %%%%NAME%%%%).
template: auto

# Read includes of server paths from the repository instead.
include-map: {}
#   /etc/nginx: deploy/nginx

# Read includes outside the checked directories (and the targets above):
# off by default, so that a configuration cannot make nginx-lint print a
# host file. Honoured only in a file given with --config (docs/limits.md).
# allow-include-outside: false

# Files not to check: a pattern without "/" matches a file name anywhere,
# others match paths relative to this file ("**" = any directories).
exclude: []
#   - "vendor/**"
#   - "*.example.conf"

# Exit 1 when a finding has at least this severity: error, warning, info or none.
fail-on: warning

# Limits on what is read (docs/limits.md). The largest file (and standard
# input) read, and the most text one configuration loads with its includes:
# 16MiB, 10MB or a number of bytes. A file over it is an error (exit 2); an
# include over it is reported and not checked.
max-file-size: %s
# The deepest block nesting checked; deeper blocks are reported.
max-depth: %d
# The most include expansions in one configuration; later ones are reported.
max-includes: %d
# The most findings reported per file; the rest are counted. 0: all.
max-findings: 0

# Rules that are off by default to turn on.
enable: []

# Per rule: off, on, error, warning or info (a severity turns the rule on).
# The commented lines show each rule's default.
rules:
`, analyzer.FormatSize(analyzer.DefaultMaxFileSize), analyzer.DefaultMaxDepth, analyzer.DefaultMaxIncludes)
	for _, r := range rules.All() {
		def := "off"
		if r.Default {
			def = r.Severity.String()
		}
		fmt.Fprintf(&b, "  # %s: %s\n", r.ID, def)
	}
	return b.String()
}
