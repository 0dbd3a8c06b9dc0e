package analyzer

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

func parse(t *testing.T, src string) *Analysis {
	t.Helper()
	return Parse("t.conf", "", []byte(src), LoadOptions{})
}

func rangeText(f *File, r Range) string { return string(f.Src[r.Start.Offset:r.End.Offset]) }

// Every directive and argument gets the exact bytes it was written with,
// and line/column agree with the offset.
func TestScanPositions(t *testing.T) {
	src := "http {\r\n  log_format main '$a \"b\"'\n     \"c\\\"d\" ${x}y;  # trailing\n\t# own line\n  server { listen 80; } \n  rewrite \"^/(a|b){2}$\" /x;\n  return 200 é}ok;\n}\n"
	a := parse(t, src)
	f := a.Root.File
	if len(a.Root.Errors) != 0 {
		t.Fatalf("unexpected errors: %+v", a.Root.Errors)
	}
	http := a.Root.Items[0]
	got := []string{}
	Walk(a.Root.Children(), func(d *Directive) bool {
		got = append(got, rangeText(f, d.NameRange()))
		for _, arg := range d.Args() {
			got = append(got, rangeText(f, arg.Range())+"="+arg.Value())
			if arg.Raw() != rangeText(f, arg.Range()) {
				t.Errorf("Raw %q differs from its range %q", arg.Raw(), rangeText(f, arg.Range()))
			}
		}
		return true
	})
	want := []string{"http", "log_format", "main=main", `'$a "b"'=$a "b"`, `"c\"d"=c"d`, "${x}y=${x}y",
		"server", "listen", "80=80", "rewrite", `"^/(a|b){2}$"=^/(a|b){2}$`, "/x=/x", "return", "200=200", "é}ok=é}ok"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("tokens:\n got %q\nwant %q", got, want)
	}
	lf := http.Children()[0]
	if p := lf.NameRange().Start; p.Line != 2 || p.Column != 3 || p.Offset != 10 {
		t.Errorf("log_format at %+v, want 2:3 offset 10", p)
	}
	if p := lf.Args()[2].Range().Start; p.Line != 3 || p.Column != 6 {
		t.Errorf("third log_format arg at %d:%d, want 3:6", p.Line, p.Column)
	}
	ret := http.Children()[3]
	if p := ret.Args()[1].Range().End; p.Column != 19 || p.Line != 7 { // é is two bytes: columns count bytes
		t.Errorf("return arg ends at %d:%d, want 7:19", p.Line, p.Column)
	}
	if len(a.Root.Comments) != 2 || !a.Root.Comments[0].Trailing || a.Root.Comments[1].Trailing {
		t.Errorf("comments: %+v", a.Root.Comments)
	}
	if c := a.Root.Comments[0]; c.Text != "# trailing" || c.Range.Start.Line != 3 {
		t.Errorf("comment: %+v", c)
	}
	if http.Block.Close().Start.Line != 8 {
		t.Errorf("http closes on line %d, want 8", http.Block.Close().Start.Line)
	}
}

// gonginx parses the upstream server lines, and only them; a node that reads
// its line as our arguments do is not kept, even where gonginx reorders
// children (http, upstream) or sorts parameters.
func TestGonginxLink(t *testing.T) {
	a := parse(t, `http {
  server { listen 80; location = /a { return 204; } }
  upstream u { server b:1 weight=2 max_fails=0; keepalive 4; server a:1; }
  log_format x '$a';
  server { listen 81; }
}`)
	http := a.Root.Items[0]
	var servers []*Directive
	Walk(a.Root.Children(), func(d *Directive) bool {
		if d.upstreamNode() != nil {
			t.Errorf("%s at %s: node %#v kept", d.Name(), d.NameRange().Start, d.upstreamNode())
		}
		if d.Name() == "server" && d.Ctx == CtxUpstream {
			servers = append(servers, d)
		}
		return true
	})
	if a.Root.gonginxRead != 2 {
		t.Errorf("gonginx read %d upstream server lines, want 2", a.Root.gonginxRead)
	}
	if us := servers[0].UpstreamServer(); us.Address != "b:1" || us.Parameters["weight"] != "2" || us.Parameters["max_fails"] != "0" {
		t.Errorf("first upstream server read as %#v", us)
	}
	if us := servers[1].UpstreamServer(); us.Address != "a:1" || len(us.Flags)+len(us.Parameters) != 0 {
		t.Errorf("second upstream server read as %#v", us)
	}
	// Our argument order is the source order, whatever gonginx does.
	if servers[0].Arg(1) != "weight=2" || servers[0].Arg(2) != "max_fails=0" {
		t.Errorf("args reordered: %v %v", servers[0].Arg(1), servers[0].Arg(2))
	}
	loc := http.Children()[0].Children()[1]
	if l, ok := loc.LocationOf(); !ok || l.Modifier != "=" || l.Match != "/a" {
		t.Errorf("location read as %+v", l)
	}
	if s := http.Children()[3]; s.Name() != "server" || s.Arg(0) != "" || s.Children()[0].Arg(0) != "81" {
		t.Errorf("source order lost: %s", s.Name())
	}
}

// A stray '}' makes gonginx drop the rest of the file; our tree keeps it and
// gonginx sees the brace blanked out, so it still reads the server line.
func TestStrayBraceKeepsTheRest(t *testing.T) {
	a := parse(t, "events {\n}\n}\nhttp { upstream u { server a:1 backup; } }\n")
	if len(a.Root.Errors) != 1 || a.Root.Errors[0].Range.Start.Line != 3 {
		t.Fatalf("errors: %+v", a.Root.Errors)
	}
	up := a.Root.Items[1].Children()[0]
	if us := up.Children()[0].UpstreamServer(); up.Name() != "upstream" || a.Root.gonginxRead != 1 || us.Address != "a:1" || !up.Children()[0].HasFlag("backup") {
		t.Errorf("upstream after the stray brace: %s read=%d as %#v", up.Name(), a.Root.gonginxRead, us)
	}
}

// Lua bodies are Lua: braces in strings and comments do not count, and
// gonginx never sees the body.
func TestLuaBlock(t *testing.T) {
	a := parse(t, "location / {\n content_by_lua_block {\n  local s = \"}\" -- }\n  local t = [[\n}]]\n  ngx.say(#t)\n }\n return 200;\n}\nupstream u { server a:1; }\n")
	if len(a.Root.Errors) != 0 {
		t.Fatalf("errors: %+v", a.Root.Errors)
	}
	loc := a.Root.Items[0]
	lua := loc.Children()[0]
	if !lua.Block.Raw || lua.Block.Close().Start.Line != 7 || loc.Children()[1].Name() != "return" {
		t.Errorf("lua block: raw=%v close=%d", lua.Block.Raw, lua.Block.Close().Start.Line)
	}
	// gonginx read the upstream server line after the Lua block: the body's
	// braces did not end or open anything.
	if a.Root.gonginxRead != 1 {
		t.Errorf("gonginx read %d upstream server lines after the lua block, want 1", a.Root.gonginxRead)
	}
}

func TestNestingCap(t *testing.T) {
	n := 5000
	src := strings.Repeat("location / {\n", n) + strings.Repeat("}\n", n)
	a := Parse("deep.conf", "", []byte(src), LoadOptions{MaxDepth: 50})
	// A limit of ours, not an error of nginx's syntax.
	if len(a.Root.Errors) != 0 || len(a.Root.Limits) != 1 || !strings.Contains(a.Root.Limits[0].Message, "deeper than 50") {
		t.Fatalf("errors: %+v, limits %+v", a.Root.Errors, a.Root.Limits)
	}
	if a.Root.Limits[0].Range.Start.Line != 51 {
		t.Errorf("reported on line %d, want 51", a.Root.Limits[0].Range.Start.Line)
	}
	depth := 0
	for d := a.Root.Items[0]; len(d.Children()) > 0; d = d.Children()[0] {
		depth++
	}
	if depth != 49 {
		t.Errorf("tree depth %d, want 49", depth)
	}
}

func TestInferContext(t *testing.T) {
	for src, want := range map[string]Context{
		"events {} http {}":                           CtxMain,
		"server { listen 80; location / {} }":         CtxHTTP,
		"upstream a { server b:1; }":                  CtxHTTP,
		"location / { return 200; }":                  CtxServer,
		"listen 80; server_name a;":                   CtxServer,
		"proxy_pass http://a; proxy_set_header A b;":  CtxLocation,
		"server { listen 5432; proxy_pass db:5432; }": CtxStream,
		"proxy_set_header Host $host;":                CtxHTTP,
	} {
		a := parse(t, src)
		if a.Root.Ctx != want {
			t.Errorf("%q: context %s, want %s", src, a.Root.Ctx, want)
		}
	}
}

func TestFilePositions(t *testing.T) {
	f := NewFile("x", "", []byte("ab\r\ncd\n\nef"))
	for off, want := range map[int][2]int{0: {1, 1}, 2: {1, 3}, 4: {2, 1}, 7: {3, 1}, 8: {4, 1}, 10: {4, 3}, 99: {4, 3}} {
		p := f.Pos(off)
		if p.Line != want[0] || p.Column != want[1] {
			t.Errorf("Pos(%d) = %d:%d, want %d:%d", off, p.Line, p.Column, want[0], want[1])
		}
	}
	if string(f.Line(1)) != "ab" || string(f.Line(4)) != "ef" || f.LineCount() != 4 {
		t.Errorf("lines: %q %q %d", f.Line(1), f.Line(4), f.LineCount())
	}
}

func TestApplyEditsOverlap(t *testing.T) {
	f := NewFile("x", "", []byte("abcdef"))
	out, errs := ApplyEdits(f.Src, []TextEdit{
		{Range: f.Range(1, 3), NewText: "X"},
		{Range: f.Range(2, 4), NewText: "Y"}, // overlaps the first
		{Range: f.Range(6, 6), NewText: "!"},
	})
	if string(out) != "aXdef!" || len(errs) != 1 {
		t.Errorf("got %q, errs %v", out, errs)
	}
}

// The typed view comes from gonginx's node types, with nginx's glued
// location modifiers on top, whether or not gonginx parsed the file.
func TestTypedViews(t *testing.T) {
	for _, broken := range []bool{false, true} {
		src := "http { upstream u { server \"b:1\" max_fails=0 weight=2 resolve backup; }\n server { location ~*\\.php$ {} location = /x {} location @named {} location ^~ /static/ {} location /p {} } }\n"
		if broken {
			src += "}" // a stray brace: gonginx still parses the rest, blanked
		}
		a := parse(t, src)
		var got []string
		Walk(a.Root.Children(), func(d *Directive) bool {
			if us := d.UpstreamServer(); us != nil {
				got = append(got, us.Address, us.Parameters["max_fails"], us.Parameters["weight"], strings.Join(us.Flags, ","))
				// HasFlag reads the flags without building the view; it
				// must say what the view says.
				for _, f := range []string{"resolve", "backup", "down", "max_fails=0", "b:1", `"b:1"`} {
					if d.HasFlag(f) != slices.Contains(us.Flags, f) {
						t.Errorf("HasFlag(%q) = %v, flags %q", f, d.HasFlag(f), us.Flags)
					}
				}
			}
			if l, ok := d.LocationOf(); ok {
				got = append(got, l.Modifier+"|"+l.Match)
			}
			return true
		})
		want := "b:1 0 2 resolve,backup ~*|\\.php$ =|/x @|named ^~|/static/ |/p"
		if strings.Join(got, " ") != want {
			t.Errorf("broken=%v:\n got %q\nwant %q", broken, strings.Join(got, " "), want)
		}
	}
}

// The upstream blocks of a large file go to gonginx in batches; every
// upstream server line is read, in every batch, at any depth, and the
// locations around them read the same without a node.
func TestGonginxLinkInBatches(t *testing.T) {
	var b strings.Builder
	b.WriteString("http {\n")
	for i := 0; b.Len() < 3*gonginxBatch; i++ {
		fmt.Fprintf(&b, "upstream u%d { server 10.0.0.%d:80 max_fails=%d; }\nserver { location = /x%d { return 204; } }\n", i, i%250, i%7, i)
	}
	b.WriteString("}\nstream { upstream s { server 10.1.0.1:53; } }\n")
	a := parse(t, b.String())
	n, servers := 0, 0
	Walk(a.Root.Children(), func(d *Directive) bool {
		switch {
		case IsUpstreamServer(d):
			us := d.UpstreamServer()
			if d.upstreamNode() != nil || us.Address != d.Arg(0) || (len(d.Args()) > 1 && us.Parameters["max_fails"] != strings.TrimPrefix(d.Arg(1), "max_fails=")) {
				t.Fatalf("%s: node %#v, read as %#v", d.NameRange().Start, d.upstreamNode(), us)
			}
			n++
			servers++
		case d.Name() == "location":
			l, ok := d.LocationOf()
			if !ok || l.Modifier != "=" || l.Match != d.Arg(1) {
				t.Fatalf("%s: read as %+v", d.NameRange().Start, l)
			}
			n++
		}
		return true
	})
	if n < 1000 || a.Root.gonginxRead != servers {
		t.Fatalf("%d typed statements; gonginx read %d of %d upstream server lines", n, a.Root.gonginxRead, servers)
	}
}

// A node that reads its line differently from our arguments is kept, and
// its reading is the typed view (here gonginx is given another line's text
// for the statement, as a stand-in for a tokenizer disagreement).
func TestGonginxKeepsADifferentReading(t *testing.T) {
	a := parse(t, "upstream u { server a:1 backup; server c:1 down; }\n")
	u := a.Root
	items := u.Items[0].Children()
	u.gonginxRead = 0
	if err := linkText(u, items, "server b:1 backup;\nserver c:1 down;\n"); err != nil {
		t.Fatal(err)
	}
	if u.gonginxRead != 2 || items[0].upstreamNode() == nil || items[1].upstreamNode() != nil {
		t.Fatalf("read %d, nodes %#v %#v", u.gonginxRead, items[0].upstreamNode(), items[1].upstreamNode())
	}
	if us := items[0].UpstreamServer(); us.Address != "b:1" || !items[0].HasFlag("backup") || items[1].UpstreamServer().Address != "c:1" || !items[1].HasFlag("down") {
		t.Errorf("read as %#v and %#v", us, items[1].UpstreamServer())
	}
}

// Where gonginx reads the server lines differently from nginx (here an
// escaped `;`, which nginx keeps inside the word and gonginx takes for the
// end of the statement), no node is linked in that batch and the typed view
// comes from the scanned arguments, as nginx reads them.
func TestGonginxDisagreementLinksNothing(t *testing.T) {
	a := parse(t, "http { upstream u { server a:1 route=x\\;y;\n server b:1 backup; } }\n")
	servers := a.Root.Items[0].Children()[0].Children()
	if len(servers) != 2 {
		t.Fatalf("%d statements in the upstream", len(servers))
	}
	for _, d := range servers {
		if d.upstreamNode() != nil {
			t.Errorf("%s linked to %#v", d.Arg(0), d.upstreamNode())
		}
	}
	if us := servers[0].UpstreamServer(); us == nil || us.Address != "a:1" || us.Parameters["route"] != servers[0].Arg(1)[len("route="):] {
		t.Errorf("first server read as %+v", us)
	}
	if !servers[1].HasFlag("backup") {
		t.Errorf("second server lost its backup flag: %+v", servers[1].UpstreamServer())
	}
}

// A file too large for the tree's 32-bit offsets is reported, not read.
func TestScanRefusesHugeFile(t *testing.T) {
	defer func(n uint64) { maxScanSize = n }(maxScanSize)
	maxScanSize = 16
	u := Scan(NewFile("big.conf", "", []byte("events {}\nhttp { server { listen 80; } }\n")), CtxMain, 0)
	if len(u.Items) != 0 || len(u.Errors) != 0 || len(u.Limits) != 1 || !strings.Contains(u.Limits[0].Message, "under 2 GiB") {
		t.Errorf("items %d, errors %+v, limits %+v", len(u.Items), u.Errors, u.Limits)
	}
}

// A word that ends with an escaped newline ends on the next line's start:
// a comment after it on that line has no code before it, so it is not
// trailing (found by FuzzScan).
func TestCommentAfterEscapedNewlineIsNotTrailing(t *testing.T) {
	u := Scan(NewFile("t.conf", "", []byte("a b\\\n #c\nd;\n")), CtxMain, 0)
	if len(u.Comments) != 1 || u.Comments[0].Trailing {
		t.Errorf("comments %+v", u.Comments)
	}
}

// ArgOnNewLine compares the line an argument starts on with the line the
// one before it ends on (a word ending in an escaped newline ends on the
// next line).
func TestArgOnNewLine(t *testing.T) {
	for src, want := range map[string]bool{
		"a b c;\n":      false,
		"a b\n  c;\n":   true,
		"a b\\\n c;\n":  false,
		"a 'b\nb' c;\n": false,
		"a 'b'\r\nc;\n": true,
	} {
		u := Scan(NewFile("t.conf", "", []byte(src)), CtxMain, 0)
		if len(u.Items) != 1 || len(u.Items[0].Args()) != 2 {
			t.Fatalf("%q: %d statements", src, len(u.Items))
		}
		if got := u.Items[0].ArgOnNewLine(1); got != want {
			t.Errorf("%q: ArgOnNewLine = %v, want %v", src, got, want)
		}
	}
}

// An argument is its offsets: its raw text, quote and value come from the
// file's text, and a value that escapes change is held by the file.
func TestArgText(t *testing.T) {
	a := parse(t, `d plain "dq" 'sq' "e\"q" 'e\'s' w\"x "" '\\' ~\.php$;`+"\n")
	d := a.Root.Items[0]
	want := []struct {
		raw, value string
		quote      byte
	}{
		{"plain", "plain", 0}, {`"dq"`, "dq", '"'}, {`'sq'`, "sq", '\''},
		{`"e\"q"`, `e"q`, '"'}, {`'e\'s'`, "e's", '\''}, {`w\"x`, `w"x`, 0},
		{`""`, "", '"'}, {`'\\'`, `\`, '\''}, {`~\.php$`, `~\.php$`, 0},
	}
	if len(d.Args()) != len(want) {
		t.Fatalf("%d args", len(d.Args()))
	}
	for i, w := range want {
		g := d.Args()[i]
		if g.Raw() != w.raw || g.Value() != w.value || g.Quote() != w.quote {
			t.Errorf("arg %d: raw %q value %q quote %q, want %q %q %q", i, g.Raw(), g.Value(), g.Quote(), w.raw, w.value, w.quote)
		}
		if r := g.Range(); a.Root.File.text[r.Start.Offset:r.End.Offset] != w.raw {
			t.Errorf("arg %d: range %v", i, r)
		}
	}
	if len(a.Root.File.values) != 4 {
		t.Errorf("%d values held apart, want 4: %v", len(a.Root.File.values), a.Root.File.values)
	}
}

// A large configuration has hundreds of thousands of directives and
// arguments, so a field added to either is paid that many times and can
// break the memory budget (docs/performance.md). Change these sizes
// knowingly, with the figures measured again.
func TestNodeSizes(t *testing.T) {
	if n := unsafe.Sizeof(Arg{}); n != 16 {
		t.Errorf("an Arg is %d bytes, want 16", n)
	}
	if n := unsafe.Sizeof(Directive{}); n != 48 {
		t.Errorf("a Directive is %d bytes, want 48", n)
	}
}

// TestInferWrapper: a file that only includes a whole nginx.conf (run as
// nginx -c wrapper.conf) is main, so the included user, events and http
// stand where nginx allows them.
func TestInferWrapper(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("nginx.conf", "user www-data;\nevents {}\nhttp { server { listen 80; } }\n")
	wrapper := write("wrapper.conf", "# a comment\ninclude nginx.conf;\n")
	snippet := write("snippet.conf", "include proxy.conf;\n")
	write("proxy.conf", "proxy_set_header Host $host;\n")
	for path, want := range map[string]Context{wrapper: CtxMain, snippet: CtxHTTP} {
		src, _ := os.ReadFile(path)
		a := Parse(path, path, src, LoadOptions{})
		if a.Root.Ctx != want {
			t.Errorf("%s: context %s, want %s", filepath.Base(path), a.Root.Ctx, want)
		}
		for _, k := range a.Root.kids {
			if k.Ctx != want {
				t.Errorf("%s: %s stands in %s, want %s", filepath.Base(path), k.Name(), k.Ctx, want)
			}
		}
	}
}
