package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/lint"
)

// hang is how long a test waits for what must come before it calls it a
// hang: long, since a loaded machine is slow and nothing asserts speed.
const hang = 2 * time.Minute

// client is the editor's end of an in-memory session.
type client struct {
	t     *testing.T
	conn  jsonrpc2.Conn
	diags chan protocol.PublishDiagnosticsParams
	srv   *Server
}

type lockedBuilder struct {
	mu sync.Mutex
	strings.Builder
}

func (b *lockedBuilder) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Builder.Write(p)
}

func (b *lockedBuilder) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Builder.String()
}

func start(t *testing.T, tweak func(*Server)) (*client, *lockedBuilder) {
	t.Helper()
	a, b := net.Pipe()
	logs := &lockedBuilder{}
	s := newServer(Options{Lint: lint.Options{Config: &analyzer.Config{Loopback: "ipv4"}}, Debounce: 10 * time.Millisecond, Log: logs})
	if tweak != nil {
		tweak(s)
	}
	s.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(a))
	ctx, cancel := context.WithCancel(context.Background())
	s.conn.Go(ctx, s.handler())
	c := &client{t: t, conn: jsonrpc2.NewConn(jsonrpc2.NewStream(b)), diags: make(chan protocol.PublishDiagnosticsParams, 16), srv: s}
	c.conn.Go(ctx, func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if req.Method() == protocol.MethodTextDocumentPublishDiagnostics {
			var p protocol.PublishDiagnosticsParams
			if err := json.Unmarshal(req.Params(), &p); err != nil {
				t.Error(err)
			}
			c.diags <- p
		}
		// The reply's error is not returned: a failed reply (the test
		// has ended and closed the pipe) followed by a failed read makes
		// the library panic (see Server.handler).
		_ = reply(ctx, nil, nil)
		return nil
	})
	t.Cleanup(func() { cancel(); _ = c.conn.Close(); _ = s.conn.Close() })
	var init protocol.InitializeResult
	if err := c.call(protocol.MethodInitialize, &protocol.InitializeParams{}, &init); err != nil {
		t.Fatal(err)
	}
	if init.Capabilities.HoverProvider != true {
		t.Fatalf("capabilities: %+v", init.Capabilities)
	}
	return c, logs
}

func (c *client) call(method string, params, result any) error {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hang)
	defer cancel()
	_, err := c.conn.Call(ctx, method, params, result)
	return err
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatal(err)
	}
}

func (c *client) open(path, text string) protocol.DocumentURI {
	u := uri.File(path)
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{
		TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: "nginx", Version: 1, Text: text}})
	return u
}

func (c *client) waitDiags(u protocol.DocumentURI) []protocol.Diagnostic {
	c.t.Helper()
	for {
		select {
		case p := <-c.diags:
			if p.URI == u {
				return p.Diagnostics
			}
		case <-time.After(hang):
			c.t.Fatal("no diagnostics published")
		}
	}
}

const buffer = "server {\n    location / {\n        proxy_pass http://localhost:5000;\n    }\n}\n"

func find(diags []protocol.Diagnostic, code string) *protocol.Diagnostic {
	for i := range diags {
		if diags[i].Code == code {
			return &diags[i]
		}
	}
	return nil
}

// The buffer's text is linted (the file does not even exist on disk), and
// the diagnostic carries the rule id, its doc link, severity and range.
func TestDiagnosticsOfOpenBuffer(t *testing.T) {
	c, _ := start(t, nil)
	u := c.open(filepath.Join(t.TempDir(), "site.conf"), buffer)
	d := find(c.waitDiags(u), "localhost-upstream")
	if d == nil {
		t.Fatal("no localhost-upstream diagnostic")
	}
	want := protocol.Range{Start: protocol.Position{Line: 2, Character: 26}, End: protocol.Position{Line: 2, Character: 35}}
	if d.Range != want || d.Severity != protocol.DiagnosticSeverityWarning || d.Source != "nginx-lint" {
		t.Errorf("diagnostic %+v, want range %+v, warning", d, want)
	}
	if d.CodeDescription == nil || !strings.HasSuffix(string(d.CodeDescription.Href), "/rules/localhost_upstream.md") {
		t.Errorf("code description %+v", d.CodeDescription)
	}
	// An edit that removes the problem clears the diagnostic.
	c.notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: strings.Replace(buffer, "localhost", "127.0.0.1", 1)}}})
	if d := find(c.waitDiags(u), "localhost-upstream"); d != nil {
		t.Errorf("after the edit: %+v", d)
	}
}

// Positions count UTF-16 code units, as LSP says.
func TestUTF16Columns(t *testing.T) {
	c, _ := start(t, nil)
	u := c.open(filepath.Join(t.TempDir(), "site.conf"), strings.Replace(buffer, "location / {", "location /é𝄞 {", 1))
	d := find(c.waitDiags(u), "localhost-upstream")
	if d == nil || d.Range.Start.Character != 26 {
		t.Fatalf("diagnostic %+v", d)
	}
	text := []byte("a é𝄞 b")
	if p := lspPosition(text, len("a é𝄞 ")); p.Character != 6 {
		t.Errorf("lspPosition: %+v, want character 6 (é one unit, 𝄞 two)", p)
	}
	if off := offset(text, protocol.Position{Character: 6}); off != len("a é𝄞 ") {
		t.Errorf("offset: %d", off)
	}
}

// The line index gives, at every offset of a text with multi-byte
// characters, an invalid byte, CRLF and no final newline, the position
// that counting lines from the top gives.
func TestLineIndex(t *testing.T) {
	text := []byte("a é𝄞 b\r\n\n\xffx\tz\n𝄞")
	l := indexLines(text)
	for off := -1; off <= len(text)+1; off++ {
		if got, want := l.position(off), lspPosition(text, off); got != want {
			t.Errorf("offset %d: %+v, want %+v", off, got, want)
		}
	}
	if p := l.position(len(text)); p.Line != 3 || p.Character != 2 {
		t.Errorf("end of text: %+v, want 3:2", p)
	}
}

// manualClock holds the server's debounced lints until the test runs
// them.
type manualClock struct {
	mu     sync.Mutex
	timers []*manualTimer
}

type manualTimer struct {
	clock   *manualClock
	f       func()
	stopped bool
}

func (c *manualClock) afterFunc(_ time.Duration, f func()) stopper {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &manualTimer{clock: c, f: f}
	c.timers = append(c.timers, t)
	return t
}

func (t *manualTimer) Stop() bool {
	t.clock.mu.Lock()
	defer t.clock.mu.Unlock()
	was := !t.stopped
	t.stopped = true
	return was
}

// pending returns the lints neither stopped nor run, and how many were
// scheduled in all.
func (c *manualClock) pending() (p []func(), all int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, t := range c.timers {
		if !t.stopped {
			p = append(p, t.f)
		}
	}
	return p, len(c.timers)
}

// Many changes that come before the debounce time has passed are linted
// once, for the last text: each change calls off the lint the one before
// it scheduled. (The clock is the test's: the result does not depend on
// how fast the machine is.)
func TestDebounced(t *testing.T) {
	clock := &manualClock{}
	c, _ := start(t, func(s *Server) { s.afterFunc = clock.afterFunc })
	u := c.open(filepath.Join(t.TempDir(), "site.conf"), buffer)
	for v := int32(2); v < 12; v++ {
		c.notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
			TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: v},
			ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: buffer}}})
	}
	// Messages are handled in order: once this is answered, every
	// change has been.
	var syms []protocol.DocumentSymbol
	if err := c.call(protocol.MethodTextDocumentDocumentSymbol, &protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}, &syms); err != nil {
		t.Fatal(err)
	}
	p, all := clock.pending()
	if all != 11 || len(p) != 1 {
		t.Fatalf("%d lints scheduled, %d of them pending; want 11 (open and 10 changes), 1 pending", all, len(p))
	}
	p[0]()
	// The client's end takes the publication in before it queues it.
	select {
	case d := <-c.diags:
		if d.Version != 11 || find(d.Diagnostics, "localhost-upstream") == nil {
			t.Fatalf("published version %d: %+v; want version 11 and its localhost diagnostic", d.Version, d.Diagnostics)
		}
	case <-time.After(hang):
		t.Fatal("running the pending lint published nothing")
	}
}

func applyEdits(t *testing.T, text string, edits []protocol.TextEdit) string {
	t.Helper()
	var aes []analyzer.TextEdit
	for _, e := range edits {
		aes = append(aes, analyzer.TextEdit{
			Range:   analyzer.Range{Start: analyzer.Position{Offset: offset([]byte(text), e.Range.Start)}, End: analyzer.Position{Offset: offset([]byte(text), e.Range.End)}},
			NewText: e.NewText})
	}
	out, errs := analyzer.ApplyEdits([]byte(text), aes)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return string(out)
}

func TestCodeActions(t *testing.T) {
	c, _ := start(t, func(s *Server) {
		s.engine = lint.New(lint.Options{Config: &analyzer.Config{Loopback: "ipv4", LoopbackSet: true}})
	})
	u := c.open(filepath.Join(t.TempDir(), "site.conf"), buffer)
	d := find(c.waitDiags(u), "localhost-upstream")
	var acts []protocol.CodeAction
	if err := c.call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Range: d.Range,
		Context: protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{*d}}}, &acts); err != nil {
		t.Fatal(err)
	}
	byKind := map[string]protocol.CodeAction{}
	for _, a := range acts {
		switch {
		case a.Kind == FixAllKind:
			byKind["all"] = a
		case strings.HasPrefix(a.Title, "Ignore localhost-upstream"):
			byKind["ignore"] = a
		case a.Kind == protocol.QuickFix && strings.Contains(a.Title, "127.0.0.1"):
			byKind["fix"] = a
		}
	}
	if len(byKind) != 3 {
		t.Fatalf("actions %+v", acts)
	}
	fix := byKind["fix"]
	if strings.Contains(fix.Title, "unsafe") || !fix.IsPreferred {
		t.Errorf("with loopback ipv4 the fix is safe: %q", fix.Title)
	}
	got := applyEdits(t, buffer, fix.Edit.Changes[u])
	if !strings.Contains(got, "proxy_pass http://127.0.0.1:5000;") {
		t.Errorf("quick fix gives\n%s", got)
	}
	if got := applyEdits(t, buffer, byKind["all"].Edit.Changes[u]); !strings.Contains(got, "proxy_pass http://127.0.0.1:5000;") {
		t.Errorf("fix all gives\n%s", got)
	}
	got = applyEdits(t, buffer, byKind["ignore"].Edit.Changes[u])
	if !strings.Contains(got, "\n        # nginx-lint:ignore localhost-upstream REASON\n        proxy_pass http://localhost") {
		t.Errorf("ignore gives\n%s", got)
	}
	// Only the fix-all kind when the editor asks for it on save.
	acts = nil
	if err := c.call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u},
		Context:      protocol.CodeActionContext{Only: []protocol.CodeActionKind{FixAllKind}}}, &acts); err != nil {
		t.Fatal(err)
	}
	if len(acts) != 1 || acts[0].Kind != FixAllKind {
		t.Errorf("only fixAll: %+v", acts)
	}
}

// Without a loopback setting the localhost fix is unsafe, and says so.
func TestUnsafeFixLabelled(t *testing.T) {
	c, _ := start(t, func(s *Server) { s.engine = lint.New(lint.Options{}) })
	u := c.open(filepath.Join(t.TempDir(), "site.conf"), buffer)
	d := find(c.waitDiags(u), "localhost-upstream")
	var acts []protocol.CodeAction
	if err := c.call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Range: d.Range}, &acts); err != nil {
		t.Fatal(err)
	}
	for _, a := range acts {
		if strings.Contains(a.Title, "127.0.0.1") {
			if !strings.Contains(a.Title, "unsafe") || a.IsPreferred {
				t.Errorf("unsafe fix not labelled: %+v", a)
			}
			return
		}
	}
	t.Fatalf("no fix action: %+v", acts)
}

func (c *client) hover(u protocol.DocumentURI, line, char uint32) protocol.Hover {
	c.t.Helper()
	var h protocol.Hover
	if err := c.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Line: line, Character: char}}}, &h); err != nil {
		c.t.Fatal(err)
	}
	return h
}

func TestHover(t *testing.T) {
	c, _ := start(t, nil)
	u := c.open(filepath.Join(t.TempDir(), "site.conf"), buffer)
	c.waitDiags(u)
	h := c.hover(u, 2, 10)
	for _, w := range []string{"proxy_pass URL;", "Default: none", "ngx_http_proxy_module", "location"} {
		if !strings.Contains(h.Contents.Value, w) {
			t.Errorf("hover on proxy_pass lacks %q:\n%s", w, h.Contents.Value)
		}
	}
	h = c.hover(u, 2, 28)
	if !strings.Contains(h.Contents.Value, "localhost-upstream") || !strings.Contains(h.Contents.Value, "localhost_upstream.md") {
		t.Errorf("hover on the finding:\n%s", h.Contents.Value)
	}
	// Of a directive several modules define, the one for where it stands,
	// each form of its syntax on a line of its own.
	u = c.open(filepath.Join(t.TempDir(), "listen.conf"), "http {\n    server {\n        listen 80;\n    }\n}\nstream {\n    server {\n        listen 53 udp;\n    }\n}\n")
	h = c.hover(u, 2, 9)
	for _, w := range []string{"ngx_http_core_module", "\nlisten port [default_server]", "Context: server  "} {
		if !strings.Contains(h.Contents.Value, w) {
			t.Errorf("hover on http's listen lacks %q:\n%s", w, h.Contents.Value)
		}
	}
	for _, w := range []string{"ngx_stream_core_module", "ngx_mail_core_module", "rtmp"} {
		if strings.Contains(h.Contents.Value, w) {
			t.Errorf("hover on http's listen describes %s too:\n%s", w, h.Contents.Value)
		}
	}
	h = c.hover(u, 7, 9)
	if !strings.Contains(h.Contents.Value, "ngx_stream_core_module") || strings.Contains(h.Contents.Value, "ngx_http_core_module") {
		t.Errorf("hover on stream's listen:\n%s", h.Contents.Value)
	}
	// A directive with a default shows it, with the version that added it.
	u = c.open(filepath.Join(t.TempDir(), "buffering.conf"), "location / {\n    proxy_buffering off;\n}\n")
	h = c.hover(u, 1, 6)
	for _, w := range []string{"proxy_buffering on | off;", "Default: `on`", "Context: http, server, location", "Since: 0.3.12"} {
		if !strings.Contains(h.Contents.Value, w) {
			t.Errorf("hover on proxy_buffering lacks %q:\n%s", w, h.Contents.Value)
		}
	}
}

// A broken buffer gets its syntax error and the server keeps answering.
func TestBrokenBuffer(t *testing.T) {
	c, _ := start(t, nil)
	u := c.open(filepath.Join(t.TempDir(), "site.conf"), "server {\n    location / {\n        proxy_pass http://localhost:5000\n    lis")
	if find(c.waitDiags(u), "syntax-error") == nil {
		t.Fatal("no syntax error for an unbalanced buffer")
	}
	var h protocol.Hover
	if err := c.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Line: 0, Character: 2}}}, &h); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.Contents.Value, "server") {
		t.Errorf("hover after the broken buffer: %q", h.Contents.Value)
	}
}

// A panic in one request is answered as an internal error and logged; the
// session goes on: the next request is answered and edits are linted.
func TestPanicCaught(t *testing.T) {
	c, logs := start(t, func(s *Server) {
		s.onStart = func(_ context.Context, req jsonrpc2.Request) {
			if req.Method() == protocol.MethodTextDocumentHover && strings.Contains(string(req.Params()), `"line":2`) {
				panic("injected by the test")
			}
		}
	})
	u := c.open(filepath.Join(t.TempDir(), "site.conf"), buffer)
	c.waitDiags(u)
	var h protocol.Hover
	err := c.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Line: 2, Character: 10}}}, &h)
	var rpcErr *jsonrpc2.Error
	if !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.InternalError || !strings.Contains(rpcErr.Message, "injected by the test") {
		t.Fatalf("answer to the panicking request: %v", err)
	}
	if l := logs.String(); !strings.Contains(l, "panic in textDocument/hover: injected by the test") || !strings.Contains(l, "goroutine") {
		t.Errorf("log %q: want the panic and its stack", l)
	}
	if h := c.hover(u, 0, 2); !strings.Contains(h.Contents.Value, "server") {
		t.Errorf("hover after the panic: %q", h.Contents.Value)
	}
	c.notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: strings.Replace(buffer, "localhost", "127.0.0.1", 1)}}})
	if d := find(c.waitDiags(u), "localhost-upstream"); d != nil {
		t.Errorf("the edit after the panic was not linted: %+v", d)
	}
}

// A panic while linting a buffer after a change is caught and logged; the
// next change is linted and published.
func TestPanicInLintCaught(t *testing.T) {
	c, logs := start(t, func(s *Server) {
		s.onLint = func(_ protocol.DocumentURI, version int32) {
			if version == 2 {
				panic("injected into the lint of version 2")
			}
		}
	})
	u := c.open(filepath.Join(t.TempDir(), "site.conf"), buffer)
	c.waitDiags(u)
	change := func(version int32, text string) {
		c.notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
			TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: version},
			ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: text}}})
	}
	change(2, strings.Replace(buffer, "5000", "5001", 1))
	deadline := time.Now().Add(hang)
	for !strings.Contains(logs.String(), "panic linting "+string(u)+": injected into the lint of version 2") {
		if time.Now().After(deadline) {
			t.Fatalf("no panic logged: %q", logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	change(3, strings.Replace(buffer, "localhost", "127.0.0.1", 1))
	select {
	case p := <-c.diags:
		if p.Version != 3 || find(p.Diagnostics, "localhost-upstream") != nil {
			t.Errorf("after the panic: version %d, %+v", p.Version, p.Diagnostics)
		}
	case <-time.After(hang):
		t.Fatal("nothing published after the panic")
	}
}

// isCancelled reports whether err is LSP's RequestCancelled answer.
func isCancelled(err error) bool {
	var rpcErr *jsonrpc2.Error
	return errors.As(err, &rpcErr) && rpcErr.Code == protocol.CodeRequestCancelled
}

// $/cancelRequest cancels the request it names: one that runs is answered
// RequestCancelled; one that waits for its turn is answered so without
// being handled; the requests after it are answered as usual.
func TestCancelRequest(t *testing.T) {
	arrived := make(chan jsonrpc2.ID, 8)
	cancelled := make(chan struct{}, 8)
	started := make(chan string, 8)
	release := make(chan struct{})
	c, _ := start(t, func(s *Server) {
		s.onArrive = func(req jsonrpc2.Request) {
			if call, ok := req.(*jsonrpc2.Call); ok && req.Method() == protocol.MethodTextDocumentHover {
				arrived <- call.ID()
			}
			if req.Method() == protocol.MethodCancelRequest {
				cancelled <- struct{}{}
			}
		}
		s.onStart = func(ctx context.Context, req jsonrpc2.Request) {
			if req.Method() != protocol.MethodTextDocumentHover {
				return
			}
			p := string(req.Params())
			started <- p
			switch {
			case strings.Contains(p, `"character":1}`): // blocks until cancelled
				select {
				case <-ctx.Done():
				case <-time.After(hang):
					t.Error("the running request was never cancelled")
				}
			case strings.Contains(p, `"character":2}`): // blocks until released
				<-release
			}
		}
	})
	u := c.open(filepath.Join(t.TempDir(), "site.conf"), buffer)
	c.waitDiags(u)
	hoverAsync := func(char uint32) chan error {
		done := make(chan error, 1)
		go func() {
			var h protocol.Hover
			done <- c.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
				TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Line: 2, Character: char}}}, &h)
		}()
		return done
	}
	cancel := func(id jsonrpc2.ID) {
		c.notify(protocol.MethodCancelRequest, map[string]any{"id": &id}) // *ID marshals as the number
		<-cancelled                                                       // the server has acted on it
	}
	// A running request.
	running := hoverAsync(1)
	id := <-arrived
	<-started
	cancel(id)
	if err := <-running; !isCancelled(err) {
		t.Errorf("the running request: %v, want RequestCancelled", err)
	}
	// A request waiting behind one that runs.
	first := hoverAsync(2)
	<-arrived
	<-started
	waiting := hoverAsync(10)
	cancel(<-arrived)
	close(release)
	if err := <-first; err != nil {
		t.Errorf("the request before the cancelled one: %v", err)
	}
	if err := <-waiting; !isCancelled(err) {
		t.Errorf("the waiting request: %v, want RequestCancelled", err)
	}
	select {
	case p := <-started:
		t.Errorf("the cancelled waiting request was handled: %s", p)
	default:
	}
	// The session goes on.
	if h := c.hover(u, 2, 10); !strings.Contains(h.Contents.Value, "proxy_pass") {
		t.Errorf("hover after the cancellations: %q", h.Contents.Value)
	}
}

func TestUnknownMethod(t *testing.T) {
	c, _ := start(t, nil)
	if err := c.call("textDocument/noSuchThing", map[string]any{}, nil); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("unknown method: %v", err)
	}
}

// A finding that points at other places carries them as related
// information, in the buffer and in the other files of the configuration.
func TestRelatedInformation(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "conf.d", "site.conf")
	if err := os.MkdirAll(filepath.Dir(site), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(site, []byte("server {\n    location / { proxy_pass http://app; }\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, _ := start(t, nil)
	u := c.open(filepath.Join(dir, "nginx.conf"), "events {}\nhttp {\n    upstream app { server localhost:5000; }\n    include conf.d/*.conf;\n    root /a;\n    root /b;\n}\n")
	diags := c.waitDiags(u)
	d := find(diags, "localhost-upstream")
	if d == nil || len(d.RelatedInformation) != 1 {
		t.Fatalf("localhost-upstream: %+v", d)
	}
	ri := d.RelatedInformation[0]
	want := protocol.Location{URI: uri.File(site), Range: protocol.Range{Start: protocol.Position{Line: 1, Character: 17}, End: protocol.Position{Line: 1, Character: 27}}}
	if ri.Location != want || ri.Message != "proxy_pass sends requests to upstream app" {
		t.Errorf("related information %+v, want %+v", ri, want)
	}
	d = find(diags, "duplicate-directive")
	if d == nil || len(d.RelatedInformation) != 1 || d.RelatedInformation[0].Location.URI != u ||
		d.RelatedInformation[0].Location.Range.Start != (protocol.Position{Line: 4, Character: 4}) || d.RelatedInformation[0].Message != "first set here" {
		t.Errorf("duplicate-directive: %+v", d)
	}
}
