package rules_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// TestRelatedLocations checks the other places findings point at: each
// case is a configuration, the rule, the line of the finding and its
// related locations as "line:column message".
func TestRelatedLocations(t *testing.T) {
	cases := []struct {
		name, rule, conf string
		line             int
		want             []string
	}{
		{"duplicate root", "duplicate-directive", `http {
    server {
        root /a;
        root /b;
    }
}
`, 4, []string{"3:9 first set here"}},
		{"duplicate location", "duplicate-directive", `http {
    server {
        location /a { }
        location /a { }
    }
}
`, 4, []string{"3:9 the first location \"/a\""}},
		{"duplicate upstream", "duplicate-directive", `http {
    upstream app { server 127.0.0.1:1; }
    upstream app { server 127.0.0.1:2; }
}
`, 3, []string{"2:14 first defined here"}},
		{"localhost in an upstream: the passes using it and the retries", "localhost-upstream", `http {
    upstream app {
        server localhost:5000;
    }
    server {
        proxy_next_upstream off;
        location / { proxy_pass http://app; }
    }
}
`, 3, []string{"7:22 proxy_pass sends requests to upstream app", "6:9 no retry on the other address"}},
		{"localhost through a variable and a resolver", "localhost-upstream", `http {
    resolver 127.0.0.53;
    server {
        set $back localhost;
        location / { proxy_pass http://$back:5000; }
    }
}
`, 5, []string{"4:19 $back gets \"localhost\" here", "2:5 the resolver that looks up \"localhost\""}},
		{"add_header dropping the outer ones", "add-header-redefinition", `http {
    add_header X-Frame-Options DENY;
    server {
        location / {
            add_header X-Extra 1;
        }
    }
}
`, 5, []string{"2:5 add_header X-Frame-Options: not sent for requests handled in this location"}},
		{"resolver used at run time", "resolver-ipv6", `http {
    resolver 10.0.0.2;
    server {
        location / { proxy_pass http://$host:8080; }
    }
}
`, 2, []string{"4:22 proxy_pass with variables: looks names up through this resolver"}},
		{"static name beside a resolver", "static-dns-name", `http {
    resolver 10.0.0.2;
    server {
        location / { proxy_pass http://app.example.com; }
    }
}
`, 4, []string{"2:5 not used for \"app.example.com\""}},
		{"public resolver asked for internal names", "public-resolver-internal-name", `http {
    resolver 8.8.8.8;
    server {
        location / { proxy_pass http://$host.svc.cluster.local; }
        location /b { set $b api.default.svc.cluster.local; proxy_pass http://$b; }
    }
}
`, 2, []string{"5:61 looks up \"api.default.svc.cluster.local\" through this resolver"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := analyzer.Parse("nginx.conf", "nginx.conf", []byte(c.conf), analyzer.LoadOptions{})
			a.Config = &analyzer.Config{Only: []string{c.rule}}
			var got []string
			var seen []string
			for _, f := range a.Check() {
				seen = append(seen, fmt.Sprintf("%d [%s] %s", f.Range.Start.Line, f.Rule, f.Message))
				if f.Rule != c.rule || f.Range.Start.Line != c.line {
					continue
				}
				for _, r := range f.RelatedLocations() {
					got = append(got, fmt.Sprintf("%d:%d %s", r.Range.Start.Line, r.Range.Start.Column, r.Message))
				}
				if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
					t.Errorf("related locations\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
				}
				return
			}
			t.Fatalf("no %s finding on line %d; findings:\n%s", c.rule, c.line, strings.Join(seen, "\n"))
		})
	}
}
