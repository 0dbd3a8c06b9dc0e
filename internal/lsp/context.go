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
// directives) is checked, like the CLI checks it, through a file that
// includes it: the nearest nginx.conf in its directory or above, up to
// the workspace folder (or maxClimb levels outside any), that does; else
// a root the CLI finds in the workspace folder (a file no other includes,
// whatever its name) that does, remembered for the next lints. Without
// one, the buffer is checked alone.
func (s *Server) lintInContext(ctx context.Context, path string, text []byte) (*lint.Result, error) {
	alone, err := s.engine.LintText(ctx, path, text)
	if err != nil || path == "" || alone.Analysis.Root.Ctx == analyzer.CtxMain {
		return alone, err
	}
	key := analyzer.RealPath(path)
	s.mu.Lock()
	known, seen := s.includers[key]
	s.mu.Unlock()
	cands := s.candidates(path)
	if seen && known != "" {
		cands = append([]string{known}, cands...)
	}
	for _, cand := range cands {
		if res := s.lintThrough(ctx, cand, key); res != nil {
			return res, nil
		}
	}
	if seen { // the workspace was searched: nothing includes it
		return alone, nil
	}
	root := s.workspaceOf(path)
	if root == "" {
		return alone, nil
	}
	found := ""
	for _, cand := range s.engine.Includers(ctx, root, path) {
		if res := s.lintThrough(ctx, cand, key); res != nil {
			found = cand
			alone = res
			break
		}
	}
	if ctx.Err() == nil {
		s.mu.Lock()
		s.includers[key] = found
		s.mu.Unlock()
	}
	return alone, nil
}

// lintThrough lints the file cand and returns what it found when its
// configuration reads the file whose real path is key; nil otherwise.
func (s *Server) lintThrough(ctx context.Context, cand, key string) *lint.Result {
	if _, open := s.engine.Overlay(cand); !open {
		if st, err := os.Stat(cand); err != nil || !st.Mode().IsRegular() {
			return nil
		}
	}
	res, err := s.engine.Lint(ctx, cand)
	if err != nil {
		return nil
	}
	for _, u := range res.Analysis.Units[1:] {
		if u.File.Path != "" && analyzer.RealPath(u.File.Path) == key {
			return res
		}
	}
	return nil
}

// forgetIncluders drops what the server remembers of the files that
// include fragments, but for the fragment at keep: another file changed,
// and may include them now.
func (s *Server) forgetIncluders(keep string) {
	keep = analyzer.RealPath(keep)
	s.mu.Lock()
	defer s.mu.Unlock()
	for k := range s.includers {
		if k != keep {
			delete(s.includers, k)
		}
	}
}

// workspaceOf returns the innermost workspace folder holding path; "" when
// none does.
func (s *Server) workspaceOf(path string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := ""
	for _, r := range s.roots {
		if rel, err := filepath.Rel(r, path); err == nil && filepath.IsLocal(rel) && len(r) > len(in) {
			in = filepath.Clean(r)
		}
	}
	return in
}

// candidates are the nginx.conf files that may include the file at path,
// nearest first.
func (s *Server) candidates(path string) []string {
	limit := s.workspaceOf(path)
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
