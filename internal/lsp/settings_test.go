package lsp

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nginx-lint/nginx-lint/lint"
)

// A document gets the settings of the nearest .nginx-lint.yaml above it,
// and a changed configuration file counts once the client says so: by
// workspace/didChangeWatchedFiles, or by saving the file in the editor.
func TestSettingsFromConfigFile(t *testing.T) {
	repo := t.TempDir()
	site := filepath.Join(repo, "deploy", "conf.d", "site.conf")
	other := filepath.Join(t.TempDir(), "other.conf") // no configuration file above it
	yaml := filepath.Join(repo, lint.ConfigFileName)
	for _, d := range []string{filepath.Join(repo, ".git"), filepath.Dir(site)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(filepath.Dir(other), ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeYAML := func(src string) {
		t.Helper()
		if err := os.WriteFile(yaml, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeYAML("rules:\n  localhost-upstream: off\n")
	c, _ := start(t, func(s *Server) {
		s.configs = lint.NewFileConfigs(lint.DefaultSettings(), nil)
		s.engine = lint.New(lint.Options{ConfigFor: s.configs.For})
	})

	u := c.open(site, buffer)
	if d := find(c.waitDiags(u), "localhost-upstream"); d != nil {
		t.Fatalf("the configuration file turns localhost-upstream off, got %+v", d)
	}
	o := c.open(other, buffer)
	if d := find(c.waitDiags(o), "localhost-upstream"); d == nil || d.Severity != protocol.DiagnosticSeverityWarning {
		t.Fatalf("a file with no configuration file above it has the defaults, got %+v", d)
	}

	writeYAML("rules:\n  localhost-upstream: error\n")
	c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{
		Changes: []*protocol.FileEvent{{URI: uri.File(yaml), Type: protocol.FileChangeTypeChanged}}})
	if d := waitFor(c, u, "localhost-upstream", true); d.Severity != protocol.DiagnosticSeverityError {
		t.Errorf("after the change the rule is on at error severity, got %+v", d)
	}

	writeYAML("rules:\n  localhost-upstream: off\n")
	c.notify(protocol.MethodTextDocumentDidSave, &protocol.DidSaveTextDocumentParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(yaml)}})
	waitFor(c, u, "localhost-upstream", false)

	// A broken configuration file is logged, and fixing it brings the
	// diagnostics back.
	writeYAML("rules: [\n")
	c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{
		Changes: []*protocol.FileEvent{{URI: uri.File(yaml), Type: protocol.FileChangeTypeChanged}}})
	writeYAML("rules:\n  localhost-upstream: info\n")
	c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{
		Changes: []*protocol.FileEvent{{URI: uri.File(yaml), Type: protocol.FileChangeTypeCreated}}})
	if d := waitFor(c, u, "localhost-upstream", true); d.Severity != protocol.DiagnosticSeverityInformation {
		t.Errorf("after the fix the rule is at info severity, got %+v", d)
	}
}

// waitFor waits for diagnostics of u that have (or lack) code, and returns
// the diagnostic.
func waitFor(c *client, u protocol.DocumentURI, code string, present bool) *protocol.Diagnostic {
	c.t.Helper()
	for range 20 {
		d := find(c.waitDiags(u), code)
		if (d != nil) == present {
			if d == nil {
				return &protocol.Diagnostic{}
			}
			return d
		}
	}
	c.t.Fatalf("no diagnostics of %s with %s present=%v", u, code, present)
	return nil
}

// A client that can register file watchers is asked, once initialized, to
// watch the configuration files of the workspace.
func TestWatchesConfigFiles(t *testing.T) {
	a, b := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		_ = Serve(ctx, a, Options{Configs: lint.NewFileConfigs(lint.DefaultSettings(), nil)})
	}()
	got := make(chan protocol.RegistrationParams, 1)
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(b))
	conn.Go(ctx, func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		// A failed reply's error is not returned: with a failed read
		// after it, the library would panic (see Server.handler).
		_ = reply(ctx, nil, nil)
		if req.Method() == protocol.MethodClientRegisterCapability {
			var p protocol.RegistrationParams
			if jerr := json.Unmarshal(req.Params(), &p); jerr != nil {
				t.Error(jerr)
			}
			got <- p
		}
		return nil
	})
	defer conn.Close()
	init := &protocol.InitializeParams{Capabilities: protocol.ClientCapabilities{Workspace: &protocol.WorkspaceClientCapabilities{
		DidChangeWatchedFiles: &protocol.DidChangeWatchedFilesWorkspaceClientCapabilities{DynamicRegistration: true}}}}
	cctx, ccancel := context.WithTimeout(ctx, hang)
	defer ccancel()
	if _, err := conn.Call(cctx, protocol.MethodInitialize, init, nil); err != nil {
		t.Fatal(err)
	}
	if err := conn.Notify(cctx, protocol.MethodInitialized, &protocol.InitializedParams{}); err != nil {
		t.Fatal(err)
	}
	select {
	case p := <-got:
		if len(p.Registrations) != 1 || p.Registrations[0].Method != protocol.MethodWorkspaceDidChangeWatchedFiles {
			t.Fatalf("registration: %+v", p)
		}
		b, _ := json.Marshal(p.Registrations[0].RegisterOptions)
		var opt protocol.DidChangeWatchedFilesRegistrationOptions
		if err := json.Unmarshal(b, &opt); err != nil {
			t.Fatal(err)
		}
		var globs []string
		for _, w := range opt.Watchers {
			globs = append(globs, w.GlobPattern)
		}
		if len(globs) != 2 || globs[0] != "**/.nginx-lint.yaml" || globs[1] != "**/.nginx-lint.yml" {
			t.Errorf("watched %v, want the two configuration file names anywhere", globs)
		}
	case <-cctx.Done():
		t.Fatal("the server did not ask to watch the configuration files")
	}
}
