// Package benchgen generates nginx configs of a chosen size for benchmarks
// and resource tests: realistic server blocks (upstreams, locations,
// headers, proxying, a map) repeated until the size is reached.
package benchgen

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// Config returns a valid nginx.conf of about size bytes (at least one
// server block), every name unique so nothing is a duplicate definition.
// One upstream in twenty proxies to localhost, as sidecars do, so the
// localhost rule has findings with fixes to apply.
func Config(size int) []byte {
	var b bytes.Buffer
	b.Grow(size + 4096)
	b.WriteString("worker_processes auto;\nevents { worker_connections 1024; }\nhttp {\n    include mime.types;\n    default_type application/octet-stream;\n    resolver 127.0.0.53 valid=30s;\n    log_format main '$remote_addr - $remote_user [$time_local] \"$request\" $status';\n")
	for i := 0; b.Len() < size || i == 0; i++ {
		writeSite(&b, i)
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// siteText is site number i: an upstream, a map and a server, indented
// for the inside of http{}.
const siteText = `
    upstream app%[1]d {
        server %[5]s:8080 max_fails=3 fail_timeout=10s;
        server 10.0.%[2]d.%[4]d:8080 backup;
        keepalive 16;
    }
    map $http_upgrade $conn%[1]d {
        default upgrade;
        ''      close;
    }
    server {
        listen 80;
        listen [::]:80;
        server_name site%[1]d.example.com www.site%[1]d.example.com;
        root /srv/site%[1]d/public;
        access_log /var/log/nginx/site%[1]d.access.log main;
        add_header X-Frame-Options "SAMEORIGIN" always;
        add_header X-Content-Type-Options nosniff always;
        location / {
            try_files $uri $uri/ /index.html;
        }
        location /api/ {
            proxy_pass http://app%[1]d;
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $conn%[1]d;
            proxy_read_timeout 60s;
        }
        location ~* \.(?:css|js|png|jpg|svg)$ {
            expires 7d;
            access_log off;
        }
    }
`

// writeSite writes site number i (see siteText), about 1.1 KB.
func writeSite(b *bytes.Buffer, i int) {
	fmt.Fprintf(b, siteText, i, i/250%250, i%250, (i+1)%250, host(i))
}

func host(i int) string {
	if i%20 == 0 {
		return "localhost"
	}
	return fmt.Sprintf("10.1.%d.%d", i/250%250, i%250)
}

// Sizes are the benchmark input sizes in bytes: 1 KB, 20 KB, 1 MB and
// 10 MB, or the sizes in KB listed in NGINX_LINT_BENCH_SIZES.
func Sizes() []int {
	s := os.Getenv("NGINX_LINT_BENCH_SIZES")
	if s == "" {
		return []int{1 << 10, 20 << 10, 1 << 20, 10 << 20}
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			panic(fmt.Sprintf("NGINX_LINT_BENCH_SIZES: %q is not a size in KB", f))
		}
		out = append(out, n<<10)
	}
	return out
}

// Each runs fn as a sub-benchmark per size with a config of that size,
// reporting throughput and allocations.
func Each(b *testing.B, fn func(b *testing.B, src []byte)) {
	for _, n := range Sizes() {
		src := Config(n)
		b.Run(fmt.Sprintf("%dKB", n>>10), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				fn(b, src)
			}
		})
	}
}
