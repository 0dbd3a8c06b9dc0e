package rules_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/fuzzcheck"
)

// TestVariablesDefinedFromThemselves runs every rule, those off by default
// included, on variables that nginx accepts defined from themselves or
// from each other (set $p "$p/x" appends to the value the request had),
// used in each place a rule follows variables into. A question about such
// a variable once recursed without end: a stack overflow, which kills the
// process (recover cannot catch it), or a run that never ended; trying
// every combination of definitions of a variable defined from itself
// twice over took minutes and gigabytes.
func TestVariablesDefinedFromThemselves(t *testing.T) {
	defs := []string{
		`set $p $p;`,
		`set $p $q; set $q $p;`,
		`set $p "/$p";`,
		`set $p "$p/x";`,
		`set $p "$q$p"; set $q "$p$q";`,
		`set $p $m;`,
		`set $p $n;`,
		`set $p $w;`,
		// Each definition doubles the values a variable may take: every
		// combination of a dozen is 2^4096 of them.
		strings.Repeat(`set $p "$p$p"; `, 12),
	}
	// $m is a map of itself; $n and $k are maps of each other; each value
	// of $w names it three times (the values of $w, followed eight maps
	// deep, were read 12^8 times).
	const maps = "    map $p $m { default $p; ~(?<c>.*) $m$c; }\n" +
		"    map $k $n { default $k; /a $n; }\n" +
		"    map $n $k { default /$n; }\n" +
		"    map $q $w { default $w$w$w; ~a $w$w$w; ~b x$w$w$w; /c $w$w$w; }\n"
	uses := []string{
		`proxy_pass http://h$p;`,
		`proxy_pass http://$p;`,
		`proxy_pass http://h:$p;`,
		`proxy_pass $p;`,
		`proxy_pass $p$uri;`,
		`set $z $p; proxy_pass http://h$z;`,
		`add_header X $p;`,
		`return 302 $p;`,
		`return 200 $p;`,
		`rewrite ^ $p;`,
		`proxy_set_header Host $p;`,
		`proxy_redirect $p /;`,
		`root /x$p;`,
		`alias $p;`,
		`if ($p ~ (.*)) { proxy_pass http://h$1; }`,
		`try_files $p =404;`,
		`error_page 404 $p;`,
		`access_log /l$p;`,
		`fastcgi_param X $p;`,
		`proxy_cache_key $p;`,
		`valid_referers $p;`,
	}
	configs := fuzzcheck.AllRulesConfigs()
	for _, def := range defs {
		for _, use := range uses {
			src := fmt.Sprintf("events {}\nhttp {\n%s    server {\n        listen 80;\n        resolver 10.0.0.2;\n"+
				"        location / {\n            %s\n            %s\n        }\n    }\n}\n", maps, def, use)
			for _, cfg := range configs {
				a := analyzer.Parse("nginx.conf", "", []byte(src), analyzer.LoadOptions{})
				a.Config = cfg
				if err := fuzzcheck.CheckFindings(a, a.Check()); err != nil {
					t.Errorf("%s\n%s: %v", def, use, err)
				}
			}
		}
	}
}
