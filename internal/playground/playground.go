// Package playground answers the browser playground's requests (web/): a
// set of files held in the page, linted, fixed and explained by the same
// engine the command line uses (package lint). Requests and answers are
// JSON, so the WebAssembly entry (cmd/nginx-lint-wasm) only passes strings
// between JavaScript and Handle, and everything here is tested natively.
//
// Offsets in answers count UTF-16 code units, as JavaScript strings and the
// editor do; the engine's are bytes.
package playground

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
	"github.com/nginx-lint/nginx-lint/lint"
	"github.com/nginx-lint/nginx-lint/rules"
	"github.com/nginx-lint/nginx-lint/sources"
)

// Prefix is the directory the page's files live in: relative names ("conf.d/app.conf")
// and relative includes resolve against it, as against nginx's conf prefix.
const Prefix = "/etc/nginx"

// File is one of the page's files (a tab): its name and text.
type File struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

// Settings are the page's switches, as the command line's flags.
type Settings struct {
	// NginxVersion is the target version ("" = the newest known).
	NginxVersion string `json:"nginxVersion,omitempty"`
	// Modules are module families the target nginx loads.
	Modules []string `json:"modules,omitempty"`
	// Plus targets NGINX Plus.
	Plus bool `json:"plus,omitempty"`
	// Loopback is "ipv4" or "ipv6" (--loopback); "" is the default.
	Loopback string `json:"loopback,omitempty"`
	// Unsafe makes "fix all" apply unsafe fixes too (--unsafe-fixes).
	Unsafe bool `json:"unsafe,omitempty"`
}

// Request is one call from the page.
type Request struct {
	// Op is "lint", "fix" (every applicable fix), "explain" or "info".
	Op       string   `json:"op"`
	Files    []File   `json:"files,omitempty"` // the first is the main file
	Settings Settings `json:"settings"`
	Rule     string   `json:"rule,omitempty"` // for explain
}

// Edit replaces [From, To) of file File with Text.
type Edit struct {
	File string `json:"file"`
	From int    `json:"from"`
	To   int    `json:"to"`
	Text string `json:"text"`
}

// Fix is one suggested fix of a finding.
type Fix struct {
	Message string `json:"message"`
	Safe    bool   `json:"safe"`
	Edits   []Edit `json:"edits"`
}

// Location is a span of one of the page's files (File is "" when it is in
// none of them).
type Location struct {
	File   string `json:"file"`
	From   int    `json:"from"`
	To     int    `json:"to"`
	Line   int    `json:"line"`
	Column int    `json:"column"` // 1-based, in UTF-16 code units
}

// Related is another place a finding points at, and what it is.
type Related struct {
	Location
	Message string `json:"message"`
}

// Finding is one diagnostic and where it is.
type Finding struct {
	Location
	Rule     string    `json:"rule"`
	Severity string    `json:"severity"`
	Message  string    `json:"message"`
	Notes    []string  `json:"notes,omitempty"`
	Fixes    []Fix     `json:"fixes,omitempty"`
	Related  []Related `json:"related,omitempty"`
	// Ignore is the edit that suppresses the finding: an ignore comment
	// above its line (nil when it is in none of the page's files).
	Ignore *Edit `json:"ignore,omitempty"`
}

// RuleInfo describes a rule for the page's lists.
type RuleInfo struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Severity string `json:"severity"`
	Default  bool   `json:"default"`
	Fixable  bool   `json:"fixable"`
}

// Module is a module family the page offers.
type Module struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

// Info is what the page needs to draw its selectors.
type Info struct {
	Newest  string     `json:"newest"` // the newest nginx version the tables know
	Modules []Module   `json:"modules"`
	Rules   []RuleInfo `json:"rules"`
	Prefix  string     `json:"prefix"`
	// ConfigTemplate is a .nginx-lint.yaml with every setting and its
	// default, as `nginx-lint config init` writes it.
	ConfigTemplate string `json:"configTemplate"`
}

// Response answers a Request. Error is set when it failed.
type Response struct {
	Error    string    `json:"error,omitempty"`
	Findings []Finding `json:"findings,omitempty"`
	// Files are the files a fix changed, with their new text.
	Files []File `json:"files,omitempty"`
	// Fixed counts the fixes applied.
	Fixed int    `json:"fixed,omitempty"`
	Doc   string `json:"doc,omitempty"`
	Info  *Info  `json:"info,omitempty"`
	// Millis is the engine's time for the request.
	Millis float64 `json:"millis"`
}

// HandleJSON decodes a request, handles it and encodes the answer; a bad
// request is answered with its error, never a panic.
func HandleJSON(req []byte) []byte {
	var r Request
	var resp *Response
	if err := json.Unmarshal(req, &r); err != nil {
		resp = &Response{Error: "bad request: " + err.Error()}
	} else {
		resp = Handle(context.Background(), &r)
	}
	out, err := json.Marshal(resp)
	if err != nil {
		out, _ = json.Marshal(&Response{Error: err.Error()})
	}
	return out
}

// Handle answers one request.
func Handle(ctx context.Context, r *Request) *Response {
	start := time.Now()
	resp, err := handle(ctx, r)
	if err != nil {
		resp = &Response{Error: err.Error()}
	}
	resp.Millis = float64(time.Since(start).Microseconds()) / 1000
	return resp
}

func handle(ctx context.Context, r *Request) (*Response, error) {
	switch r.Op {
	case "info":
		return &Response{Info: info()}, nil
	case "explain":
		_ = rules.All()
		rule := analyzer.LookupLoose(r.Rule)
		if rule == nil {
			return nil, fmt.Errorf("unknown rule %q%s", r.Rule, analyzer.DidYouMean(r.Rule, analyzer.RuleIDs()))
		}
		return &Response{Doc: rule.Documentation()}, nil
	case "lint", "fix":
		ws, err := newWorkspace(r)
		if err != nil {
			return nil, err
		}
		if r.Op == "fix" {
			return ws.fixAll(ctx)
		}
		fs, err := ws.lint(ctx)
		return &Response{Findings: fs}, err
	}
	return nil, fmt.Errorf("unknown op %q (want lint, fix, explain or info)", r.Op)
}

func info() *Info {
	in := &Info{Newest: directives.Newest(), Prefix: Prefix, ConfigTemplate: lint.ConfigTemplate()}
	for _, f := range directives.Families() {
		in.Modules = append(in.Modules, Module{Name: f, Title: directives.ModuleName(f)})
	}
	for _, r := range rules.All() {
		in.Rules = append(in.Rules, RuleInfo{ID: r.ID, Title: r.Title, Severity: r.Severity.String(), Default: r.Default, Fixable: r.Fixable})
	}
	return in
}

// workspace is a request's files on a virtual file system under Prefix.
type workspace struct {
	files     []File           // as given
	paths     []string         // paths of files, by index
	byDisplay map[string]int   // display name in findings → index
	offs      map[int]*offsets // by file index, made when first asked
	cfg       *analyzer.Config
	load      analyzer.LoadOptions
	unsafe    bool
	yaml      int // index of the .nginx-lint.yaml tab, -1 for none
}

func newWorkspace(r *Request) (*workspace, error) {
	if len(r.Files) == 0 {
		return nil, errors.New("no files")
	}
	ws := &workspace{byDisplay: map[string]int{}, unsafe: r.Settings.Unsafe, yaml: -1}
	for _, f := range r.Files {
		p, err := filePath(f.Name)
		if err != nil {
			return nil, err
		}
		if _, dup := ws.byDisplay[p]; dup {
			return nil, fmt.Errorf("file name %q given twice", f.Name)
		}
		if p == path.Join(Prefix, lint.ConfigFileName) || p == path.Join(Prefix, ".nginx-lint.yml") {
			ws.yaml = len(ws.files)
		}
		ws.byDisplay[p] = len(ws.files)
		ws.files = append(ws.files, f)
		ws.paths = append(ws.paths, p)
	}
	var text, at string
	if ws.yaml >= 0 {
		text, at = ws.files[ws.yaml].Text, ws.paths[ws.yaml]
	}
	var err error
	if ws.cfg, ws.load, err = config(r.Settings, at, text, ws.yaml >= 0); err != nil {
		return nil, err
	}
	return ws, nil
}

// filePath is the absolute path of a file name of the page.
func filePath(name string) (string, error) {
	n := strings.TrimSpace(name)
	if n == "" || strings.ContainsAny(n, "\x00\\") {
		return "", fmt.Errorf("bad file name %q", name)
	}
	for _, part := range strings.Split(n, "/") {
		if part == ".." {
			return "", fmt.Errorf("bad file name %q: no .. please", name)
		}
	}
	if path.IsAbs(n) {
		return path.Clean(n), nil
	}
	return path.Join(Prefix, n), nil
}

// config is the analysis configuration and load options of the page's
// settings under its .nginx-lint.yaml tab (at yamlPath; hasYAML false: none), as
// the command line's flags under a configuration file: a setting the page
// gives wins over the file's.
func config(s Settings, yamlPath, yamlText string, hasYAML bool) (*analyzer.Config, analyzer.LoadOptions, error) {
	ls := lint.DefaultSettings()
	given := map[string]bool{}
	if v := strings.TrimSpace(s.NginxVersion); v != "" {
		ls.NginxVersion, given["nginx-version"] = v, true
	}
	ls.Modules, ls.Plus = s.Modules, s.Plus
	if s.Loopback != "" {
		ls.Loopback, given["loopback"] = s.Loopback, true
	}
	ls.Given = func(flag string) bool { return given[flag] }
	var pc *lint.ProjectConfig
	if hasYAML {
		var err error
		if pc, err = lint.ParseConfig(yamlPath, []byte(yamlText)); err != nil {
			return nil, analyzer.LoadOptions{}, errors.New(strings.ReplaceAll(err.Error(), Prefix+"/", ""))
		}
	}
	cfg, load, err := lint.Resolve(ls, pc)
	if err != nil {
		return nil, load, fmt.Errorf("settings: %w", err)
	}
	if load.Prefix == "" {
		load.Prefix = Prefix
	}
	return cfg, load, nil
}

// engine returns an engine that reads the workspace's files, with the file
// at index root as its overlay (the engine lints overlays, not the disk).
func (ws *workspace) engine(root int) *lint.Engine {
	mem := sources.NewMemFS()
	mem.Hint = "add it as a tab"
	for i, f := range ws.files {
		mem.Add(ws.paths[i], []byte(f.Text))
	}
	load := ws.load
	load.FS = mem
	e := lint.New(lint.Options{Config: ws.cfg, Load: load})
	e.SetOverlay(ws.paths[root], []byte(ws.files[root].Text))
	return e
}

// lint lints the main file with what it includes, then each file that no
// earlier run included, so every tab is checked once, in context when it
// is included.
func (ws *workspace) lint(ctx context.Context) ([]Finding, error) {
	covered := make([]bool, len(ws.files))
	if ws.yaml >= 0 {
		covered[ws.yaml] = true // settings, not nginx
	}
	seen := map[string]bool{}
	var out []Finding
	for root := range ws.files {
		if covered[root] {
			continue
		}
		res, err := ws.engine(root).Lint(ctx, ws.paths[root])
		if err != nil {
			return nil, err
		}
		covered[root] = true
		for _, u := range res.Analysis.Units {
			if i, ok := ws.byDisplay[path.Clean(u.File.Path)]; ok {
				covered[i] = true
			}
		}
		for i := range res.Findings {
			f := ws.finding(&res.Findings[i])
			key := fmt.Sprintf("%s\x00%d\x00%s\x00%s", f.File, f.From, f.Rule, f.Message)
			if !seen[key] {
				seen[key] = true
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// fixAll applies every applicable fix (unsafe ones when asked) to each
// file linted as a root, as `nginx-lint check --fix` does.
func (ws *workspace) fixAll(ctx context.Context) (*Response, error) {
	resp := &Response{}
	changed := map[int]bool{}
	for root := range ws.files {
		if root == ws.yaml {
			continue
		}
		fixed, err := ws.engine(root).FixAll(ctx, ws.paths[root], ws.unsafe)
		if err != nil {
			return nil, err
		}
		for _, f := range fixed {
			i, ok := ws.byDisplay[path.Clean(f.Path)]
			if !ok {
				i, ok = ws.byDisplay[f.Name]
			}
			if !ok || string(f.New) == ws.files[i].Text {
				continue
			}
			ws.files[i].Text = string(f.New)
			changed[i] = true
			resp.Fixed += f.Fixes
		}
	}
	for i, f := range ws.files {
		if changed[i] {
			resp.Files = append(resp.Files, f)
		}
	}
	return resp, nil
}

func (ws *workspace) offsets(i int) *offsets {
	if ws.offs == nil {
		ws.offs = map[int]*offsets{}
	}
	o := ws.offs[i]
	if o == nil {
		o = newOffsets(ws.files[i].Text)
		ws.offs[i] = o
	}
	return o
}

// finding converts an engine finding to the page's form.
func (ws *workspace) finding(f *analyzer.Finding) Finding {
	out := Finding{Location: ws.location(f.Range), Rule: f.Rule, Severity: f.Severity.String(), Message: f.Message, Notes: f.Notes}
	for _, r := range f.RelatedLocations() {
		out.Related = append(out.Related, Related{Location: ws.location(r.Range), Message: r.Message})
	}
	if i, ok := ws.byDisplay[f.Range.Start.File]; ok && f.Rule != analyzer.RuleSyntaxError {
		e := lint.IgnoreEdit([]byte(ws.files[i].Text), f, "reason")
		o := ws.offsets(i)
		out.Ignore = &Edit{File: ws.files[i].Name, From: o.at(e.Range.Start.Offset), To: o.at(e.Range.End.Offset), Text: e.NewText}
	}
	for _, fx := range f.Fixes {
		x := Fix{Message: fx.Message, Safe: fx.Safe}
		ok := true
		for _, e := range fx.Edits {
			i, known := ws.byDisplay[e.Range.Start.File]
			if !known {
				ok = false // an edit outside the page's files cannot be shown
				break
			}
			o := ws.offsets(i)
			x.Edits = append(x.Edits, Edit{File: ws.files[i].Name, From: o.at(e.Range.Start.Offset), To: o.at(e.Range.End.Offset), Text: e.NewText})
		}
		if ok {
			out.Fixes = append(out.Fixes, x)
		}
	}
	return out
}

// location converts an engine range to the page's form.
func (ws *workspace) location(r analyzer.Range) Location {
	loc := Location{Line: r.Start.Line, Column: r.Start.Column}
	if i, ok := ws.byDisplay[r.Start.File]; ok {
		o := ws.offsets(i)
		loc.File = ws.files[i].Name
		line := o.at(lineStart(o.src, r.Start.Offset))
		loc.From, loc.To = o.at(r.Start.Offset), o.at(r.End.Offset)
		loc.Column = loc.From - line + 1
	}
	return loc
}

func lineStart(src string, off int) int {
	off = min(max(off, 0), len(src))
	return strings.LastIndexByte(src[:off], '\n') + 1
}

// utf16Off converts a byte offset of src to a count of UTF-16 code units.
func utf16Off(src string, off int) int {
	off = min(max(off, 0), len(src))
	n := 0
	for i := 0; i < off; {
		if src[i] < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(src[i:])
		n += utf16.RuneLen(r)
		i += size
	}
	return n
}

// offsets converts byte offsets of one text to UTF-16 ones: at once for
// ASCII text (most configs), else from the nearest earlier offset asked.
type offsets struct {
	src   string
	ascii bool
	// last conversion, so that a run of nearby offsets costs their
	// distance, not the text's length
	lastByte, lastUnit int
}

func newOffsets(src string) *offsets {
	ascii := true
	for i := 0; i < len(src); i++ {
		if src[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	return &offsets{src: src, ascii: ascii}
}

func (o *offsets) at(off int) int {
	off = min(max(off, 0), len(o.src))
	if o.ascii {
		return off
	}
	if off < o.lastByte {
		o.lastByte, o.lastUnit = 0, 0
	}
	o.lastUnit += utf16Off(o.src[o.lastByte:], off-o.lastByte)
	o.lastByte = off
	return o.lastUnit
}
