package rules_test

import (
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/rules"
)

// piece is part of a generated configuration: text written once, or
// text written for each of the n parts (each(i)).
type piece struct {
	text string
	each func(i int) string
}

// build writes the pieces, each repeated ones n times.
func build(n int, pieces []piece) string {
	var b strings.Builder
	for _, p := range pieces {
		if p.each == nil {
			b.WriteString(p.text)
			continue
		}
		for i := range n {
			b.WriteString(p.each(i))
		}
	}
	return b.String()
}

// scaleShapes are configurations of n repeated parts of one shape:
// the shapes of real configurations that grow large (servers, locations,
// statements of one location, upstreams, map and geo entries), with the
// directives the rules look at around each part.
var scaleShapes = map[string][]piece{
	"statements": {
		{text: "events {}\nhttp {\n server { listen 80; location / {\n"},
		{each: func(i int) string {
			return fmt.Sprintf("set $v%d \"$v%d\"; add_header X-%d $v%d; if ($v%d ~ ^(a)(b)$) { set $w $2; } rewrite ^/a%d/(.*)$ /b/$1;\n", i, max(i-1, 0), i, i, i, i)
		}},
		{text: "proxy_pass http://127.0.0.1:8080; }\n }\n}\n"},
	},
	"locations": {
		{text: "events {}\nhttp {\n upstream app { server localhost:8080; }\n server { listen 80; server_name x; allow 10.0.0.0/8; deny all; add_header X-A a; set $foo bar;\n"},
		{each: func(i int) string {
			return fmt.Sprintf("location /p%d/ { proxy_pass http://app/; add_header X-B b; if ($foo) { return 200 \"$1 $foo\"; } try_files $uri $uri/ =404; rewrite ^/p%d/(.*)$ /q/$1 break; expires 1h; }\n location = /e%d { return 301 https://$host$request_uri; }\n location ~* ^/r%d(.*)$ { return 200 $1; }\n", i, i, i, i)
		}},
		{text: "}\n}\n"},
	},
	"upstreams": {
		{text: "events {}\nhttp {\n resolver 127.0.0.1;\n"},
		{each: func(i int) string {
			return fmt.Sprintf("upstream u%d { server localhost:%d; server 10.0.0.%d:80 backup; keepalive 2; }\n", i, 1000+i%60000, i%250)
		}},
		{text: "server { listen 80;\n"},
		{each: func(i int) string {
			return fmt.Sprintf("location /u%d { proxy_pass http://u%d; proxy_http_version 1.0; }\n", i, i)
		}},
		{text: "}\n}\n"},
	},
	"ifs": {
		{text: "events {}\nhttp {\n server { listen 80; location / {\n"},
		{each: func(i int) string { return fmt.Sprintf("if ($arg_a%d) { set $x%d 1; return 403; }\n", i, i) }},
		{text: "proxy_pass http://127.0.0.1:8080; }\n }\n}\n"},
	},
	"mapentries": {
		{text: "events {}\nhttp {\n map $uri $m { default 0;\n"},
		{each: func(i int) string { return fmt.Sprintf("  /a%d 1; ~^/b%d(?<x>.*)$ $x;\n", i, i) }},
		{text: " }\n geo $g { default 0;\n"},
		{each: func(i int) string { return fmt.Sprintf("  10.%d.%d.0/24 %d;\n", i/250%250, i%250, i) }},
		{text: " }\n server { listen 80; location / { return 200 \"$m$g\"; } }\n}\n"},
	},
	"servers": {
		{text: "events {}\nhttp {\n"},
		{each: func(i int) string {
			return fmt.Sprintf("server { listen 10.0.%d.%d:80; listen 443 ssl; server_name a%d *.c%d; ssl_certificate c; ssl_certificate_key k; location / { proxy_pass http://127.0.0.1:%d; } }\n", i/250%250, i%250, i, i, 1000+i%60000)
		}},
		{text: "}\n"},
	},
}

// BenchmarkRuleScaling runs each rule alone on every shape at 2,000 and
// 8,000 parts and logs the rules whose time grows more than 6 times for 4
// times the input (linear is 4) and take 50 ms or more: a rule that looks at every sibling of
// each statement is quadratic, and a generated configuration of 200,000
// locations then takes minutes (docs/robustness.md). The metric is the
// largest ratio seen. Times are the best of two runs, both sizes measured
// in the same run.
//
//	go test -run '^$' -bench RuleScaling -benchtime 1x ./rules
func BenchmarkRuleScaling(b *testing.B) {
	_ = rules.All()
	shapes := slices.Sorted(maps.Keys(scaleShapes))
	for b.Loop() {
		worst := 0.0
		for _, shape := range shapes {
			small, large := build(2000, scaleShapes[shape]), build(8000, scaleShapes[shape])
			for _, r := range analyzer.Rules() {
				if r.Run == nil {
					continue
				}
				ts, tl := timeRule(r.ID, small), timeRule(r.ID, large)
				ratio := float64(tl) / float64(max(ts, time.Microsecond))
				if tl < 50*time.Millisecond {
					continue // too short to tell
				}
				worst = max(worst, ratio)
				if ratio > 6 {
					b.Logf("%s on %s: %v at 2,000, %v at 8,000 (%.1f×)", r.ID, shape, ts.Round(time.Millisecond), tl.Round(time.Millisecond), ratio)
				}
			}
		}
		b.ReportMetric(worst, "worst-ratio")
	}
}

// timeRule is the best of two checks of src with only rule id on.
func timeRule(id, src string) time.Duration {
	a := analyzer.Parse("nginx.conf", "", []byte(src), analyzer.LoadOptions{})
	a.Config = &analyzer.Config{Only: []string{id}, Enabled: map[string]bool{id: true}}
	best := time.Duration(1<<63 - 1)
	for range 2 {
		runtime.GC() // not the collection of what came before
		start := time.Now()
		a.Check()
		best = min(best, time.Since(start))
	}
	return best
}
