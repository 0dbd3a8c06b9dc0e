package lsp

import (
	"context"
	"path/filepath"
	"slices"

	"go.lsp.dev/protocol"

	"github.com/nginx-lint/nginx-lint/lint"
)

// configNames are the names of nginx-lint's configuration file.
var configNames = []string{lint.ConfigFileName, ".nginx-lint.yml"}

// isConfigFile reports whether u is an nginx-lint configuration file.
func isConfigFile(u protocol.DocumentURI) bool {
	return slices.Contains(configNames, filepath.Base(u.Filename()))
}

// watchConfigs asks the client to tell the server when a configuration
// file of the workspace is created, changed or deleted, if it can be
// asked (dynamic registration of workspace/didChangeWatchedFiles).
func (s *Server) watchConfigs(ctx context.Context) {
	s.mu.Lock()
	can := s.configs != nil && s.watchable
	s.mu.Unlock()
	if !can {
		return
	}
	var watchers []protocol.FileSystemWatcher
	for _, n := range configNames {
		watchers = append(watchers, protocol.FileSystemWatcher{GlobPattern: "**/" + n})
	}
	params := &protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID:              "nginx-lint-config",
		Method:          protocol.MethodWorkspaceDidChangeWatchedFiles,
		RegisterOptions: protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: watchers},
	}}}
	if _, err := s.conn.Call(ctx, protocol.MethodClientRegisterCapability, params, nil); err != nil {
		s.log.Printf("watching %s: %v", lint.ConfigFileName, err)
	}
}

// watchedFilesChanged reloads the settings when one of the changed files
// is a configuration file.
func (s *Server) watchedFilesChanged(p *protocol.DidChangeWatchedFilesParams) {
	for _, c := range p.Changes {
		if c != nil && isConfigFile(c.URI) {
			s.reloadConfigs()
			return
		}
	}
}

// reloadConfigs forgets the configuration files read and lints every open
// buffer again under the ones now on disk.
func (s *Server) reloadConfigs() {
	if s.configs == nil {
		return
	}
	s.configs.Reload()
	s.mu.Lock()
	open := make([]protocol.DocumentURI, 0, len(s.docs))
	for u := range s.docs {
		open = append(open, u)
	}
	s.mu.Unlock()
	for _, u := range open {
		s.schedule(u)
	}
}
