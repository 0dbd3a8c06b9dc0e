package lsp

import (
	"context"
	"os"
	"path/filepath"

	"go.lsp.dev/protocol"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/lint"
)

// maxClimb bounds how many directories above a fragment the server looks
// for the nginx.conf that includes it when the fragment is outside every
// workspace folder.
const maxClimb = 4

// setRoots records the workspace folders of the session.
func (s *Server) setRoots(p *protocol.InitializeParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range p.WorkspaceFolders {
		s.roots = append(s.roots, protocol.DocumentURI(f.URI).Filename())
	}
	// Clients older than workspace folders send only rootUri.
	if root := p.RootURI; len(s.roots) == 0 && root != "" { //nolint:staticcheck // the fallback the specification keeps
		s.roots = append(s.roots, root.Filename())
	}
}

// lintInContext lints the buffer text of the file at path in the
// configuration it belongs to. A file that is not a whole configuration
// (a conf.d fragment holding server{} blocks, a snippet of location
// directives) is checked, like the CLI checks it, through the nginx.conf
// that includes it: the nearest one in its directory or above, up to the
// workspace folder (or maxClimb levels outside any). Without one, the
// buffer is checked alone.
func (s *Server) lintInContext(ctx context.Context, path string, text []byte) (*lint.Result, error) {
	alone, err := s.engine.LintText(ctx, path, text)
	if err != nil || path == "" || alone.Analysis.Root.Ctx == analyzer.CtxMain {
		return alone, err
	}
	key := analyzer.RealPath(path)
	for _, cand := range s.candidates(path) {
		if _, open := s.engine.Overlay(cand); !open {
			if st, err := os.Stat(cand); err != nil || !st.Mode().IsRegular() {
				continue
			}
		}
		res, err := s.engine.Lint(ctx, cand)
		if err != nil {
			continue
		}
		for _, u := range res.Analysis.Units[1:] {
			if u.File.Path != "" && analyzer.RealPath(u.File.Path) == key {
				return res, nil
			}
		}
	}
	return alone, nil
}

// candidates are the nginx.conf files that may include the file at path,
// nearest first.
func (s *Server) candidates(path string) []string {
	s.mu.Lock()
	roots := s.roots
	s.mu.Unlock()
	limit := ""
	for _, r := range roots {
		if rel, err := filepath.Rel(r, path); err == nil && filepath.IsLocal(rel) {
			limit = filepath.Clean(r)
		}
	}
	var out []string
	dir := filepath.Dir(path)
	for i := 0; ; i++ {
		if c := filepath.Join(dir, "nginx.conf"); c != filepath.Clean(path) {
			out = append(out, c)
		}
		up := filepath.Dir(dir)
		if dir == limit || up == dir || (limit == "" && i >= maxClimb) {
			return out
		}
		dir = up
	}
}

// publishOthers publishes, for every other open buffer that the analysis
// read, the findings located in it: a change in one file of a
// configuration can change what is found in another.
func (s *Server) publishOthers(self protocol.DocumentURI, res *lint.Result) {
	type other struct {
		u       protocol.DocumentURI
		path    string
		text    []byte
		version int32
	}
	var others []other
	s.mu.Lock()
	for u, d := range s.docs {
		if u == self {
			continue
		}
		for _, unit := range res.Analysis.Units {
			p := unit.File.Path
			if unit == res.Analysis.Root {
				p = res.Path
			}
			if p != "" && analyzer.RealPath(p) == analyzer.RealPath(d.path) {
				others = append(others, other{u, d.path, d.text, d.version})
				break
			}
		}
	}
	s.mu.Unlock()
	for _, o := range others {
		diags := diagnosticsIn(res, o.path, o.text)
		s.send(context.Background(), o.u, o.version, diags)
	}
}
