package sources

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

const dumpPrefix = "# configuration file "

// dumpHeader returns PATH of a "# configuration file PATH:" line, or "".
func dumpHeader(line string) string {
	line = strings.TrimRight(line, "\r")
	if !strings.HasPrefix(line, dumpPrefix) || !strings.HasSuffix(line, ":") {
		return ""
	}
	return strings.TrimSuffix(strings.TrimPrefix(line, dumpPrefix), ":")
}

// dumpPreamble reports whether line is one of those `nginx -V` prints
// (run as `nginx -V -T`, they come before the dump), and returns the nginx
// version when the line is "nginx version: nginx/X.Y.Z". Other builds
// ("openresty/…") number their versions their own way: no version.
func dumpPreamble(line string) (version string, ok bool) {
	l := strings.TrimSpace(line)
	if v, found := strings.CutPrefix(l, "nginx version: "); found {
		if v, found = strings.CutPrefix(v, "nginx/"); found {
			v, _, _ = strings.Cut(v, " ")
			if analyzer.ValidVersion(v) {
				return v, true
			}
		}
		return "", true
	}
	for _, p := range []string{"built by ", "built with ", "running with ", "TLS SNI support ", "configure arguments:"} {
		if strings.HasPrefix(l, p) {
			return "", true
		}
	}
	// `nginx -T 2>&1` also carries what modules log while the
	// configuration is tested, in the error log's format ("2026/12/05
	// 13:53:49 [info] 16367#16367: Using 116KiB of shared memory for nchan
	// in /etc/nginx/nginx.conf:61").
	return "", errorLogLine.MatchString(l)
}

var errorLogLine = regexp.MustCompile(`^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[(debug|info|notice|warn|error|crit|alert|emerg)\] \d+#\d+: `)

// SplitDump splits `nginx -T` output back into the files it shows. nginx
// writes, for every file it read, "# configuration file PATH:", a line
// break, the file's bytes and one more line break; lines nginx prints about
// the test ("nginx: the configuration file … syntax is ok") and lines of
// the error log (what modules log during the test, with 2>&1) before the
// first file are ignored, and so are those of `nginx -V` (the version
// they name becomes the Source's Version). Sections are reported under their own PATH and
// line numbers; includes among them resolve through the Source's FS. A
// file shown twice keeps its first copy.
func SplitDump(name string, src []byte) (*Source, error) {
	s := &Source{Name: name, File: analyzer.NewFile(name, name, src), Kind: KindDump, FS: NewMemFS()}
	s.FS.Hint = "the dump does not contain it"
	type section struct {
		path       string
		start, end int
	}
	var secs []section
	for off := 0; off < len(src); {
		e := bytes.IndexByte(src[off:], '\n')
		next := len(src)
		if e >= 0 {
			next = off + e + 1
		}
		if p := dumpHeader(string(src[off : next-boolInt(e >= 0)])); p != "" {
			if n := len(secs); n > 0 {
				secs[n-1].end = off
			}
			secs = append(secs, section{path: p, start: next, end: len(src)})
		} else if len(secs) == 0 {
			l := strings.TrimSpace(string(src[off:next]))
			if v, ok := dumpPreamble(l); ok {
				if v != "" && s.Version == "" {
					s.Version = v
				}
			} else if l != "" && !strings.HasPrefix(l, "nginx: ") {
				return nil, fmt.Errorf("not an nginx -T dump: line %q comes before the first \"# configuration file\" header", l)
			}
		}
		off = next
	}
	if len(secs) == 0 {
		return nil, fmt.Errorf("not an nginx -T dump: no \"# configuration file PATH:\" header")
	}
	for _, sec := range secs {
		body := src[sec.start:sec.end]
		// nginx adds one line break after every file.
		if bytes.HasSuffix(body, []byte("\r\n")) {
			body = body[:len(body)-2]
		} else if bytes.HasSuffix(body, []byte("\n")) {
			body = body[:len(body)-1]
		}
		if !s.FS.Add(sec.path, body) {
			continue
		}
		s.Configs = append(s.Configs, &Config{Path: cleanPath(sec.path), Src: body, Origin: "nginx -T section " + sec.path})
	}
	return s, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
