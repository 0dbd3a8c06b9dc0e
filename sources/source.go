package sources

import (
	"bytes"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// Kind is what an input holds.
type Kind int

// Input kinds.
const (
	KindNginx Kind = iota // a plain nginx configuration file
	KindYAML              // Kubernetes manifests
	KindDump              // `nginx -T` output
)

func (k Kind) String() string {
	switch k {
	case KindYAML:
		return "yaml"
	case KindDump:
		return "dump"
	}
	return "nginx"
}

// A Config is one nginx configuration found inside an input: a ConfigMap
// value or a section of a dump.
type Config struct {
	// Path is where the file lives on the server (as far as known); it is
	// the virtual file's name, its path in the Source's FS, and the name
	// findings carry until they are mapped.
	Path string
	Src  []byte
	// Map translates positions back to the input; nil when findings are
	// reported under Path itself (dump sections).
	Map *Mapper
	// Origin says where the text came from, e.g. "ConfigMap nginx, key
	// nginx.conf".
	Origin string
	// Template is the template language of the text (a Helm chart's
	// ConfigMap); TemplateAuto leaves it to detection.
	Template analyzer.TemplateLang
}

// A Source is one input with the configurations found in it.
type Source struct {
	Name    string
	File    *analyzer.File // the input itself
	Kind    Kind
	Configs []*Config
	// FS serves the Configs by Path, so includes among them resolve.
	FS *MemFS
	// Version is the nginx version the input names ("" when it names
	// none): the "nginx version: nginx/X.Y.Z" line of `nginx -V -T`.
	Version string
}

// Mappers returns the mappers of the source's configs by virtual name.
func (s *Source) Mappers() map[string]*Mapper {
	out := map[string]*Mapper{}
	for _, c := range s.Configs {
		if c.Map != nil {
			out[c.Path] = c.Map
		}
	}
	return out
}

// maxHeaderLine bounds the line Detect reads: a "# configuration file
// PATH:" header names a path, which is at most 4096 bytes.
const maxHeaderLine = 8192

// Detect tells what src holds: Kubernetes YAML (by name, or by content
// that starts like a manifest), an `nginx -T` dump (its first line that is
// not a message of nginx itself is a "# configuration file PATH:" header),
// or a plain nginx file.
func Detect(name string, src []byte) Kind {
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".yaml") || strings.HasSuffix(lower, ".yml") {
		return KindYAML
	}
	for len(src) > 0 {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		// Only the start of a long line matters: no header is that long.
		long := len(line) > maxHeaderLine
		l := string(bytes.TrimSpace(line[:min(len(line), maxHeaderLine)]))
		switch {
		case l == "" || strings.HasPrefix(l, "nginx: "):
			continue
		case isPreamble(l):
			continue
		case !long && dumpHeader(l) != "":
			return KindDump
		case l == "---" || strings.HasPrefix(l, "--- ") || strings.HasPrefix(l, "apiVersion:") || strings.HasPrefix(l, "kind:") || strings.HasPrefix(l, "%YAML"):
			return KindYAML
		case strings.HasPrefix(l, "#"):
			continue // Helm's "# Source: chart/templates/x.yaml", or a comment
		}
		return KindNginx
	}
	return KindNginx
}

func isPreamble(l string) bool {
	_, ok := dumpPreamble(l)
	return ok
}

// MemFS is a read-only in-memory file system of extracted files, for the
// include loader (analyzer.FS). Paths are slash-separated.
type MemFS struct {
	files map[string][]byte
	// Hint says, in an include-not-found message, how to make a missing
	// file available.
	Hint string
}

// MissingHint implements the optional hint of analyzer.FS.
func (m *MemFS) MissingHint() string {
	if m.Hint == "" {
		return "it is not part of the input"
	}
	return m.Hint
}

// NewMemFS returns an empty file system.
func NewMemFS() *MemFS { return &MemFS{files: map[string][]byte{}} }

// Add stores a file; it reports false when the path is already taken.
func (m *MemFS) Add(name string, src []byte) bool {
	name = path.Clean(name)
	if _, ok := m.files[name]; ok {
		return false
	}
	m.files[name] = src
	return true
}

// Has reports whether the file exists.
func (m *MemFS) Has(name string) bool {
	_, ok := m.files[path.Clean(name)]
	return ok
}

// ReadFile implements analyzer.FS.
func (m *MemFS) ReadFile(name string, _ int64) ([]byte, error) {
	b, ok := m.files[path.Clean(name)]
	if !ok {
		if m.isDir(path.Clean(name)) {
			return nil, &analyzer.ReadError{Path: name, Err: analyzer.ErrIsDir}
		}
		return nil, &analyzer.ReadError{Path: name, Err: fs.ErrNotExist}
	}
	return b, nil
}

func (m *MemFS) isDir(name string) bool {
	for p := range m.files {
		if strings.HasPrefix(p, name+"/") || (name == "/" && strings.HasPrefix(p, "/")) {
			return true
		}
	}
	return false
}

// Glob implements analyzer.FS: the files whose path matches pattern, and
// the directories above files that match it, at most limit.
func (m *MemFS) Glob(pattern string, limit int) ([]string, error) {
	pattern = path.Clean(pattern)
	if _, err := path.Match(pattern, ""); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for p := range m.files {
		for q := p; q != "/" && q != "."; q = path.Dir(q) {
			if ok, _ := path.Match(pattern, q); ok && !seen[q] {
				seen[q] = true
				out = append(out, q)
			}
		}
	}
	sort.Strings(out)
	if len(out) > limit {
		return out[:limit], &analyzer.GlobCutError{Pattern: pattern, Reason: analyzer.CutMatches}
	}
	return out, nil
}

// Stat implements analyzer.FS.
func (m *MemFS) Stat(name string) (fs.FileInfo, error) {
	name = path.Clean(name)
	if b, ok := m.files[name]; ok {
		return memInfo{path.Base(name), int64(len(b)), false}, nil
	}
	if m.isDir(name) {
		return memInfo{path.Base(name), 0, true}, nil
	}
	return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
}

// RealPath implements analyzer.FS: virtual files have no links.
func (m *MemFS) RealPath(name string) (string, error) { return path.Clean(name), nil }

// Display implements analyzer.FS: virtual files are shown by their path.
func (m *MemFS) Display(name string) string { return path.Clean(name) }

type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string { return i.name }
func (i memInfo) Size() int64  { return i.size }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }
