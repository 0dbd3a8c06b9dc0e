// Package lsp is nginx-lint's language server (`nginx-lint lsp`): LSP 3.17
// over a byte stream, on the lint engine. It publishes the findings of
// open buffers as diagnostics (their unsaved text, not the disk), offers
// each fix as a quick fix, "fix all" and "ignore on this line" as code
// actions, hover documentation of directives and findings, completion,
// the outline, definitions and references.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/lint"
	"github.com/nginx-lint/nginx-lint/reporter"
)

// DefaultDebounce is how long the server waits after the last change of a
// buffer before it lints it.
const DefaultDebounce = 150 * time.Millisecond

// Options configure a server.
type Options struct {
	// Lint are the engine's options.
	Lint lint.Options
	// Debounce overrides DefaultDebounce when positive.
	Debounce time.Duration
	// Log receives what the server logs (a caught panic, a failed
	// request); nil discards it.
	Log io.Writer
	// Configs, when set, gives each document the settings of the nearest
	// .nginx-lint.yaml above it (Lint.ConfigFor and Lint.Excluded become
	// its For and Excluded: its exclude patterns drop findings), read
	// again when the client says a configuration file changed.
	Configs *lint.FileConfigs
}

// Server is one language-server session.
type Server struct {
	engine   *lint.Engine
	configs  *lint.FileConfigs
	debounce time.Duration
	log      *log.Logger
	conn     jsonrpc2.Conn

	mu     sync.Mutex
	docs   map[protocol.DocumentURI]*document
	closed bool
	// shutdown: the client asked to shut down (exit then ends with 0).
	shutdown bool

	// ended is closed when the session is over: the client sent exit, or
	// a message could not be written to it (it went away).
	ended   chan struct{}
	endOnce sync.Once

	// onArrive and onStart, set by tests before the session starts, see
	// each message once the connection's read loop has taken it in (a
	// $/cancelRequest once it has cancelled) and as its handling starts
	// (in its own goroutine); onLint sees each
	// debounced lint of a buffer start.
	onArrive func(jsonrpc2.Request)
	onStart  func(context.Context, jsonrpc2.Request)
	onLint   func(u protocol.DocumentURI, version int32)
	// afterFunc runs a debounced lint after a delay: time.AfterFunc, or
	// a test's clock.
	afterFunc func(time.Duration, func()) stopper
	roots     []string // workspace folders
	// includers are, by real path, the files found to include fragments
	// (see lintInContext); "" when none does.
	includers map[string]string
	// watchable: the client accepts a registration of watched files.
	watchable bool
}

// document is an open buffer.
type document struct {
	path    string
	text    []byte
	version int32
	timer   stopper // the pending debounced lint
}

// Serve runs a session over rw (standard input and output for an editor)
// until the client exits, the stream ends or a message cannot be written
// to the client. It returns nil when the client asked to shut down first,
// ErrNoShutdown when it did not (LSP's exit codes 0 and 1), ctx's error
// when ctx ends the session, and the stream's error when the client sent
// something that is not a message. Serve does not wait for a read of rw
// in progress to return (standard input cannot be interrupted).
func Serve(ctx context.Context, rw io.ReadWriteCloser, opt Options) error {
	s := newServer(opt)
	s.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(rw))
	s.conn.Go(ctx, s.handler())
	var err error
	select {
	case <-ctx.Done():
		err = ctx.Err()
	case <-s.conn.Done():
		if e := s.conn.Err(); e != nil && !errors.Is(e, io.EOF) && !errors.Is(e, io.ErrClosedPipe) &&
			!errors.Is(e, context.Canceled) && !strings.Contains(e.Error(), "closed") {
			err = e
		}
	case <-s.ended:
	}
	select {
	case <-s.ended:
		// exit, or a write failed first: what the stream did after that
		// (ended, or broke off in the middle of a message) does not count.
		err = nil
	default:
	}
	s.stop()
	_ = s.conn.Close()
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.shutdown {
		return ErrNoShutdown
	}
	return nil
}

// end ends the session (Serve returns).
func (s *Server) end() {
	s.endOnce.Do(func() { close(s.ended) })
}

// lost ends the session after a message could not be written: the client
// is gone, or its end of the stream is closed.
func (s *Server) lost(what string, err error) {
	s.log.Printf("%s: %v; ending the session", what, err)
	s.end()
}

func newServer(opt Options) *Server {
	d := opt.Debounce
	if d <= 0 {
		d = DefaultDebounce
	}
	out := opt.Log
	if out == nil {
		out = io.Discard
	}
	if opt.Configs != nil {
		opt.Lint.ConfigFor, opt.Lint.Excluded = opt.Configs.For, opt.Configs.Excluded
	}
	return &Server{
		engine:    lint.New(opt.Lint),
		configs:   opt.Configs,
		debounce:  d,
		log:       log.New(out, "nginx-lint lsp: ", log.LstdFlags),
		docs:      map[protocol.DocumentURI]*document{},
		includers: map[string]string{},
		ended:     make(chan struct{}),
		afterFunc: func(d time.Duration, f func()) stopper {
			return time.AfterFunc(d, f)
		},
	}
}

// stopper is a pending call that can be called off: a *time.Timer.
type stopper interface{ Stop() bool }

// stop cancels pending lints.
func (s *Server) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for _, d := range s.docs {
		if d.timer != nil {
			d.timer.Stop()
		}
	}
}

// handler is the session's message handler. Messages are handled one at
// a time, in the order they arrive, each in a goroutine of its own.
// $/cancelRequest is acted on as it arrives, not in turn: it cancels the
// context of the request it names, running or still waiting, and that
// request is answered RequestCancelled.
//
// The handler never returns an error to the connection's read loop: the
// library (go.lsp.dev/jsonrpc2 v0.10.0, conn.run) keeps on reading after
// a handler's error and stores the read's error next to it in one
// atomic.Value, which panics when the two errors differ in type (a failed
// reply, then a header without Content-Length or a cancelled context).
// A reply that cannot be written ends the session instead (see lost).
func (s *Server) handler() jsonrpc2.Handler {
	inner, cancel := jsonrpc2.CancelHandler(jsonrpc2.AsyncHandler(jsonrpc2.ReplyHandler(s.handle)))
	return func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if s.onArrive != nil {
			defer s.onArrive(req)
		}
		if req.Method() != protocol.MethodCancelRequest {
			if err := inner(ctx, reply, req); err != nil {
				s.log.Printf("%s: %v", req.Method(), err)
			}
			return nil
		}
		var p struct {
			ID jsonrpc2.ID `json:"id"` // a number or a string
		}
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			s.log.Printf("%s: %v", req.Method(), err)
		} else {
			cancel(p.ID)
		}
		// A notification; answered only when a client sent it as a request.
		if err := reply(ctx, nil, nil); err != nil {
			s.lost("answering "+req.Method(), err)
		}
		return nil
	}
}

// handle answers one request or notification. A panic is caught, logged
// and answered as an internal error: the session goes on. A request
// cancelled before it starts is not handled; one cancelled while it runs
// is answered RequestCancelled whatever it found.
func (s *Server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) (err error) {
	_, isCall := req.(*jsonrpc2.Call)
	send := reply
	replied := false
	reply = func(rctx context.Context, result any, err error) error {
		replied = true
		var rpcErr *jsonrpc2.Error
		switch {
		case isCall && ctx.Err() != nil:
			result, err = nil, protocol.ErrRequestCancelled
		case err != nil && !errors.As(err, &rpcErr):
			// The library would send a plain error without a code.
			err = jsonrpc2.NewError(codeRequestFailed, err.Error())
		}
		// The answer is written even when the request's context is done.
		werr := send(context.WithoutCancel(rctx), result, err)
		switch {
		case werr == nil || !isCall:
		case strings.HasPrefix(werr.Error(), "failed to marshal"):
			// The library's wording when the result is not JSON: nothing
			// was written, the stream is fine.
			s.log.Printf("answering %s: %v", req.Method(), werr)
		default:
			s.lost("answering "+req.Method(), werr)
		}
		return werr
	}
	defer func() {
		if p := recover(); p != nil {
			s.log.Printf("panic in %s: %v\n%s", req.Method(), p, debug.Stack())
			if !replied { // a second answer would panic again
				err = reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.InternalError, fmt.Sprintf("nginx-lint failed on %s: %v", req.Method(), p)))
			}
		}
	}()
	if isCall && ctx.Err() != nil {
		return reply(ctx, nil, nil)
	}
	if s.onStart != nil {
		s.onStart(ctx, req)
	}
	switch req.Method() {
	case protocol.MethodInitialize:
		var p protocol.InitializeParams
		if err := decode(req, &p); err != nil {
			return reply(ctx, nil, err)
		}
		s.setRoots(&p)
		if w := p.Capabilities.Workspace; w != nil && w.DidChangeWatchedFiles != nil && w.DidChangeWatchedFiles.DynamicRegistration {
			s.mu.Lock()
			s.watchable = true
			s.mu.Unlock()
		}
		return reply(ctx, s.initialize(), nil)
	case protocol.MethodInitialized:
		err := reply(ctx, nil, nil)
		go s.watchConfigs(context.WithoutCancel(ctx))
		return err
	case protocol.MethodWorkspaceDidChangeWatchedFiles:
		return notice(ctx, reply, req, s.watchedFilesChanged)
	case protocol.MethodWorkDoneProgressCancel, "$/setTrace":
		return reply(ctx, nil, nil)
	case protocol.MethodShutdown:
		s.stop()
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		return reply(ctx, nil, nil)
	case protocol.MethodExit:
		err := reply(ctx, nil, nil)
		s.end()
		return err
	case protocol.MethodTextDocumentDidOpen:
		return notice(ctx, reply, req, func(p *protocol.DidOpenTextDocumentParams) {
			s.open(p.TextDocument.URI, p.TextDocument.Version, []byte(p.TextDocument.Text))
		})
	case protocol.MethodTextDocumentDidChange:
		return notice(ctx, reply, req, func(p *protocol.DidChangeTextDocumentParams) {
			s.change(p.TextDocument.URI, p.TextDocument.Version, p.ContentChanges)
		})
	case protocol.MethodTextDocumentDidClose:
		return notice(ctx, reply, req, func(p *protocol.DidCloseTextDocumentParams) {
			s.close(ctx, p.TextDocument.URI)
		})
	case protocol.MethodTextDocumentDidSave:
		return notice(ctx, reply, req, func(p *protocol.DidSaveTextDocumentParams) {
			if isConfigFile(p.TextDocument.URI) {
				s.reloadConfigs()
			}
			s.forgetIncluders(p.TextDocument.URI.Filename())
		})
	case protocol.MethodTextDocumentCodeAction:
		return answer(ctx, reply, req, s.codeActions)
	case protocol.MethodTextDocumentDocumentSymbol:
		return answer(ctx, reply, req, s.symbols)
	case protocol.MethodTextDocumentCompletion:
		return answer(ctx, reply, req, s.completion)
	case protocol.MethodTextDocumentReferences:
		return answer(ctx, reply, req, s.references)
	case protocol.MethodTextDocumentDefinition:
		return answer(ctx, reply, req, s.definition)
	case methodDiagnostic:
		var p protocol.TextDocumentIdentifier
		var params struct {
			TextDocument *protocol.TextDocumentIdentifier `json:"textDocument"`
		}
		params.TextDocument = &p
		if err := decode(req, &params); err != nil {
			return reply(ctx, nil, err)
		}
		rep, err := s.pull(ctx, p.URI)
		return reply(ctx, rep, err)
	case protocol.MethodTextDocumentHover:
		return answer(ctx, reply, req, s.hover)
	}
	if strings.HasPrefix(req.Method(), "$/") {
		return reply(ctx, nil, nil) // optional notifications
	}
	return jsonrpc2.MethodNotFoundHandler(ctx, reply, req)
}

// notice decodes a notification's parameters and runs fn on them.
func notice[P any](ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request, fn func(*P)) error {
	var p P
	if err := decode(req, &p); err != nil {
		return reply(ctx, nil, err)
	}
	fn(&p)
	return reply(ctx, nil, nil)
}

// answer decodes a request's parameters, runs fn on them and replies with
// what it returns.
func answer[P, R any](ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request, fn func(context.Context, *P) (R, error)) error {
	var p P
	if err := decode(req, &p); err != nil {
		return reply(ctx, nil, err)
	}
	r, err := fn(ctx, &p)
	return reply(ctx, r, err)
}

func decode(req jsonrpc2.Request, v any) error {
	if err := json.Unmarshal(req.Params(), v); err != nil {
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf("%s: %v", req.Method(), err))
	}
	return nil
}

// codeRequestFailed is LSP's error code of a request that failed (the
// protocol package predates it).
const codeRequestFailed jsonrpc2.Code = -32803

// Source is the name diagnostics carry as their source.
const Source = "nginx-lint"

// methodDiagnostic is LSP 3.17's pull request for a document's diagnostics.
const methodDiagnostic = "textDocument/diagnostic"

// capabilities adds to the library's server capabilities those of LSP 3.17
// it does not describe.
type capabilities struct {
	protocol.ServerCapabilities
	DiagnosticProvider *diagnosticOptions `json:"diagnosticProvider,omitempty"`
}

type diagnosticOptions struct {
	Identifier            string `json:"identifier,omitempty"`
	InterFileDependencies bool   `json:"interFileDependencies"`
	WorkspaceDiagnostics  bool   `json:"workspaceDiagnostics"`
}

type initializeResult struct {
	Capabilities capabilities         `json:"capabilities"`
	ServerInfo   *protocol.ServerInfo `json:"serverInfo,omitempty"`
}

// fullReport is a pull request's answer: every diagnostic of the document.
type fullReport struct {
	Kind  string                `json:"kind"` // "full"
	Items []protocol.Diagnostic `json:"items"`
}

func (s *Server) initialize() *initializeResult {
	return &initializeResult{
		Capabilities: capabilities{DiagnosticProvider: &diagnosticOptions{Identifier: Source, InterFileDependencies: true}, ServerCapabilities: protocol.ServerCapabilities{
			TextDocumentSync: &protocol.TextDocumentSyncOptions{
				OpenClose: true,
				Change:    protocol.TextDocumentSyncKindFull,
			},
			CodeActionProvider: &protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix, FixAllKind},
			},
			HoverProvider:          true,
			DocumentSymbolProvider: true,
			DefinitionProvider:     true,
			ReferencesProvider:     true,
			CompletionProvider:     &protocol.CompletionOptions{TriggerCharacters: []string{"$", "/"}},
		}},
		ServerInfo: &protocol.ServerInfo{Name: "nginx-lint", Version: reporter.Version},
	}
}

// FixAllKind is the code action kind of "apply every safe fix in the file".
const FixAllKind protocol.CodeActionKind = "source.fixAll.nginx-lint"

func (s *Server) open(u protocol.DocumentURI, version int32, text []byte) {
	path := u.Filename()
	s.mu.Lock()
	d := s.docs[u]
	if d == nil {
		d = &document{path: path}
		s.docs[u] = d
	}
	d.text, d.version = text, version
	s.mu.Unlock()
	s.engine.SetOverlay(path, text)
	s.forgetIncluders(path)
	s.schedule(u)
}

func (s *Server) change(u protocol.DocumentURI, version int32, changes []protocol.TextDocumentContentChangeEvent) {
	s.mu.Lock()
	d := s.docs[u]
	if d == nil || len(changes) == 0 {
		s.mu.Unlock()
		return
	}
	// Full synchronisation: the last change holds the whole text.
	d.text, d.version = []byte(changes[len(changes)-1].Text), version
	path, text := d.path, d.text
	s.mu.Unlock()
	s.engine.SetOverlay(path, text)
	s.forgetIncluders(path)
	s.schedule(u)
}

func (s *Server) close(ctx context.Context, u protocol.DocumentURI) {
	s.mu.Lock()
	d := s.docs[u]
	delete(s.docs, u)
	s.mu.Unlock()
	if d == nil {
		return
	}
	if d.timer != nil {
		d.timer.Stop()
	}
	s.engine.SetOverlay(d.path, nil)
	// A closed buffer keeps no diagnostics.
	s.send(ctx, u, 0, []protocol.Diagnostic{})
}

// schedule lints u once its changes have paused for the debounce time.
func (s *Server) schedule(u protocol.DocumentURI) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[u]
	if d == nil || s.closed {
		return
	}
	if d.timer != nil {
		d.timer.Stop()
	}
	d.timer = s.afterFunc(s.debounce, func() { s.publish(u) })
}

// snapshot returns the path, text and version of an open buffer.
func (s *Server) snapshot(u protocol.DocumentURI) (path string, text []byte, version int32, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[u]
	if d == nil {
		return "", nil, 0, false
	}
	return d.path, d.text, d.version, true
}

// publish lints an open buffer and sends its diagnostics.
func (s *Server) publish(u protocol.DocumentURI) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Printf("panic linting %s: %v\n%s", u, p, debug.Stack())
		}
	}()
	path, text, version, ok := s.snapshot(u)
	if !ok {
		return
	}
	if s.onLint != nil {
		s.onLint(u, version)
	}
	res, err := s.lintInContext(context.Background(), path, text)
	if err != nil {
		s.log.Printf("%s: %v", path, err)
		return
	}
	if _, _, now, ok := s.snapshot(u); !ok || now != version {
		return // changed again: a newer lint is scheduled
	}
	diags := diagnosticsIn(res, path, text)
	s.publishOthers(u, res)
	s.send(context.Background(), u, version, diags)
}

// send publishes the diagnostics of u's version; a client that cannot be
// written to ends the session.
func (s *Server) send(ctx context.Context, u protocol.DocumentURI, version int32, diags []protocol.Diagnostic) {
	if err := s.conn.Notify(ctx, protocol.MethodTextDocumentPublishDiagnostics,
		&protocol.PublishDiagnosticsParams{URI: u, Version: uint32(max(version, 0)), Diagnostics: diags}); err != nil {
		s.lost("publishing "+string(u), err)
	}
}

// diagnostics lints text as the file at path and returns the diagnostics
// of the findings located in it.
func (s *Server) diagnostics(ctx context.Context, path string, text []byte) ([]protocol.Diagnostic, error) {
	res, err := s.lintInContext(ctx, path, text)
	if err != nil {
		return nil, err
	}
	return diagnosticsIn(res, path, text), nil
}

// diagnosticsIn are the diagnostics of res's findings located in the file
// at path, whose text is text.
func diagnosticsIn(res *lint.Result, path string, text []byte) []protocol.Diagnostic {
	diags := []protocol.Diagnostic{}
	conv := newConverter(res, text)
	in := map[string]bool{} // whether a file name is the one at path
	for i := range res.Findings {
		f := &res.Findings[i]
		here, known := in[f.Range.Start.File]
		if !known {
			here = res.InFile(f, path)
			in[f.Range.Start.File] = here
		}
		if here {
			diags = append(diags, conv.diagnostic(f))
		}
	}
	return diags
}

// pull answers textDocument/diagnostic: the buffer's diagnostics now (the
// file on disk when it is not open).
func (s *Server) pull(ctx context.Context, u protocol.DocumentURI) (*fullReport, error) {
	path, text, _, ok := s.snapshot(u)
	if !ok {
		path = u.Filename()
		res, err := s.engine.Lint(ctx, path)
		if err != nil {
			return nil, err
		}
		text = res.Source
	}
	diags, err := s.diagnostics(ctx, path, text)
	if err != nil {
		return nil, err
	}
	return &fullReport{Kind: "full", Items: diags}, nil
}

// RuleDoc is the address of a rule's documentation.
func RuleDoc(id string) string {
	return reporter.InformationURI + "/blob/main/rules/" + strings.ReplaceAll(id, "-", "_") + ".md"
}

// converter makes LSP diagnostics of the findings of one analysis that
// are located in one buffer, indexing the lines of each file once.
type converter struct {
	res   *lint.Result
	text  *lines            // the buffer's
	files map[string]*lines // the other files' (related places), by name
	docs  map[string]*protocol.CodeDescription
}

func newConverter(res *lint.Result, text []byte) *converter {
	return &converter{res: res, text: indexLines(text), docs: map[string]*protocol.CodeDescription{}}
}

// diagnostic is the LSP form of finding f; the other places it points at
// are its related information.
func (c *converter) diagnostic(f *analyzer.Finding) protocol.Diagnostic {
	msg := f.Message
	for _, n := range f.Notes {
		msg += "\n" + n
	}
	doc := c.docs[f.Rule]
	if doc == nil {
		doc = &protocol.CodeDescription{Href: protocol.URI(RuleDoc(f.Rule))}
		c.docs[f.Rule] = doc
	}
	d := protocol.Diagnostic{
		Range:           c.text.lspRange(f.Range),
		Severity:        severity(f.Severity),
		Code:            f.Rule,
		CodeDescription: doc,
		Source:          Source,
		Message:         msg,
	}
	for _, r := range f.RelatedLocations() {
		path, src, ok := fileNamed(c.res, r.Range.Start.File)
		if !ok {
			continue
		}
		l := c.files[r.Range.Start.File]
		if l == nil {
			if c.files == nil {
				c.files = map[string]*lines{}
			}
			l = indexLines(src)
			c.files[r.Range.Start.File] = l
		}
		d.RelatedInformation = append(d.RelatedInformation, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: uri.File(path), Range: l.lspRange(r.Range)},
			Message:  r.Message,
		})
	}
	return d
}

// fileNamed returns the path and the analysed text of the file of res
// whose findings carry the name name; ok is false for a file without a
// path (standard input) or none of the analysis.
func fileNamed(res *lint.Result, name string) (path string, src []byte, ok bool) {
	for _, u := range res.Analysis.Units {
		if u.File.Name != name {
			continue
		}
		path = u.File.Path
		if u == res.Analysis.Root {
			path = res.Path
		}
		return path, u.File.Src, path != ""
	}
	return "", nil, false
}

func severity(s analyzer.Severity) protocol.DiagnosticSeverity {
	switch s {
	case analyzer.Error:
		return protocol.DiagnosticSeverityError
	case analyzer.Warning:
		return protocol.DiagnosticSeverityWarning
	case analyzer.Info:
		return protocol.DiagnosticSeverityInformation
	}
	return protocol.DiagnosticSeverityHint
}

// ErrNoShutdown is Serve's error when the session ended (exit, or the
// client went away) without a shutdown request: LSP's exit code 1.
var ErrNoShutdown = errors.New("the client ended the session without a shutdown request")
