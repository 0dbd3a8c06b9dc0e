package benchgen

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// TreeStats counts what a tree generator wrote.
type TreeStats struct {
	Files int
	Bytes int64
}

func (s *TreeStats) write(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return err
	}
	s.Files++
	s.Bytes += int64(len(data))
	return nil
}

// mainConf is a host's nginx.conf: the http{} settings the sites rely on
// (the log format they name) and the includes a packaged nginx has.
const mainConf = `user www-data;
worker_processes auto;
pid /run/nginx.pid;
error_log /var/log/nginx/error.log;

events {
    worker_connections 1024;
}

http {
    include mime.types;
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 65;
    resolver 127.0.0.53 valid=30s;
    log_format main '$remote_addr - $remote_user [$time_local] "$request" $status';
    include snippets/gzip.conf;
    include conf.d/*.conf;
}
`

const gzipSnippet = `gzip on;
gzip_vary on;
gzip_types text/plain text/css application/json application/javascript;
`

// Tree writes hosts deployments under dir, as a repository of nginx
// configurations holds them: host-N/nginx.conf with its mime.types and a
// snippet, including host-N/conf.d/*.conf, sitesPerHost files of
// sitesPerFile sites each (an upstream, a map and a server, about 1.1 KB a
// site, as Config writes them). Site numbers run on across hosts, so no
// two servers share a name.
func Tree(dir string, hosts, sitesPerHost, sitesPerFile int) (TreeStats, error) {
	var st TreeStats
	site := 0
	for h := range hosts {
		host := filepath.Join(dir, fmt.Sprintf("host-%04d", h))
		for _, f := range []struct{ name, text string }{
			{"nginx.conf", mainConf},
			{"mime.types", "types {\n    text/html html htm;\n    text/css css;\n    application/javascript js;\n}\n"},
			{"snippets/gzip.conf", gzipSnippet},
		} {
			if err := st.write(filepath.Join(host, f.name), []byte(f.text)); err != nil {
				return st, err
			}
		}
		for s := range sitesPerHost {
			var b bytes.Buffer
			for range max(sitesPerFile, 1) {
				writeSite(&b, site)
				site++
			}
			if err := st.write(filepath.Join(host, "conf.d", fmt.Sprintf("site-%03d.conf", s)), b.Bytes()); err != nil {
				return st, err
			}
		}
	}
	return st, nil
}

// CopyTree copies every regular file under src (dot files and directories
// left out) into copies directories under dir, copy-001 … copy-N, each the
// whole of src: the workload is the shared corpus copied 40 times.
func CopyTree(dir, src string, copies int) (TreeStats, error) {
	var st TreeStats
	type file struct {
		rel  string
		data []byte
	}
	var files []file
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != src && d.Name()[0] == '.' {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		files = append(files, file{rel, b})
		return nil
	})
	if err != nil {
		return st, err
	}
	for c := 1; c <= copies; c++ {
		for _, f := range files {
			if err := st.write(filepath.Join(dir, fmt.Sprintf("copy-%03d", c), f.rel), f.data); err != nil {
				return st, err
			}
		}
	}
	return st, nil
}
