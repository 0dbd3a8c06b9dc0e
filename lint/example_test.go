package lint_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/lint"
)

// Lint an editor's unsaved buffer: the overlay stands in for the file.
func ExampleEngine_Lint() {
	e := lint.New(lint.Options{Config: &analyzer.Config{Only: []string{"localhost-upstream"}}})
	e.SetOverlay("/srv/site.conf", []byte("server {\n    location / { proxy_pass http://localhost:8080; }\n}\n"))
	res, err := e.Lint(context.Background(), "/srv/site.conf")
	if err != nil {
		panic(err)
	}
	for _, f := range res.Findings {
		fmt.Printf("%d:%d %s\n", f.Range.Start.Line, f.Range.Start.Column, f.Rule)
	}
	// Output:
	// 2:36 localhost-upstream
}

// Apply the safe fixes of a file without writing it.
func ExampleEngine_FixAll() {
	e := lint.New(lint.Options{Config: &analyzer.Config{Loopback: "ipv4", LoopbackSet: true}})
	e.SetOverlay("/srv/site.conf", []byte("server {\n    location / { proxy_pass http://localhost:8080; }\n}\n"))
	files, err := e.FixAll(context.Background(), "/srv/site.conf", false)
	if err != nil {
		panic(err)
	}
	fmt.Print(string(files[0].New))
	// Output:
	// server {
	//     location / { proxy_pass http://127.0.0.1:8080; }
	// }
}

// Lint a file on disk with everything it includes; findings in an
// included file name that file.
func ExampleEngine_Lint_file() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	_ = os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte("events {}\nhttp {\n    include site.conf;\n}\n"), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "site.conf"), []byte("server {\n    location / { proxy_pass http://localhost:8080; }\n}\n"), 0o644)

	e := lint.New(lint.Options{})
	res, err := e.Lint(context.Background(), filepath.Join(dir, "nginx.conf"))
	if err != nil {
		panic(err)
	}
	for _, f := range res.Findings {
		fmt.Printf("%s:%d: %s\n", filepath.Base(res.FileOf(&f)), f.Range.Start.Line, f.Rule)
	}
	// Output:
	// site.conf:2: localhost-upstream
}

// Lint text that has no file yet, such as an editor's buffer, in the
// context of a file it is meant for: the overlay of an included file
// counts too.
func ExampleEngine_LintText() {
	e := lint.New(lint.Options{Config: &analyzer.Config{Only: []string{"localhost-upstream"}}})
	e.SetOverlay("/srv/nginx/upstreams.conf", []byte("upstream app { server localhost:9000; }\n"))
	res, err := e.LintText(context.Background(), "/srv/nginx/nginx.conf",
		[]byte("events {}\nhttp {\n    include upstreams.conf;\n}\n"))
	if err != nil {
		panic(err)
	}
	for _, f := range res.Findings {
		fmt.Printf("%s:%d %s\n", f.Range.Start.File, f.Range.Start.Line, f.Rule)
	}
	// Output:
	// /srv/nginx/upstreams.conf:1 localhost-upstream
}

// Load the .nginx-lint.yaml that applies to a directory: the nearest one
// in it or above, up to the repository root.
func ExampleLoadConfig() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	_ = os.Mkdir(filepath.Join(dir, ".git"), 0o755)
	_ = os.MkdirAll(filepath.Join(dir, "deploy", "nginx"), 0o755)
	_ = os.WriteFile(filepath.Join(dir, lint.ConfigFileName), []byte("nginx-version: \"1.24.0\"\nrules:\n  localhost-upstream: error\n"), 0o644)

	pc, err := lint.LoadConfig("", filepath.Join(dir, "deploy", "nginx"), false)
	if err != nil {
		panic(err)
	}
	fmt.Println(filepath.Base(pc.Path), *pc.NginxVersion, pc.Rules)
	// Output:
	// .nginx-lint.yaml 1.24.0 [{localhost-upstream error}]
}

// Give each linted file the settings of its nearest .nginx-lint.yaml, as
// `nginx-lint check` and the language server do.
func ExampleFileConfigs() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	_ = os.Mkdir(filepath.Join(dir, ".git"), 0o755)
	_ = os.WriteFile(filepath.Join(dir, lint.ConfigFileName), []byte("rules:\n  localhost-upstream: error\n"), 0o644)

	configs := lint.NewFileConfigs(lint.DefaultSettings(), nil)
	e := lint.New(lint.Options{ConfigFor: configs.For, Excluded: configs.Excluded})
	res, err := e.LintText(context.Background(), filepath.Join(dir, "site.conf"),
		[]byte("server {\n    location / { proxy_pass http://localhost:8080; }\n}\n"))
	if err != nil {
		panic(err)
	}
	for _, f := range res.Findings {
		fmt.Println(f.Severity, f.Rule)
	}
	configs.Reload() // a configuration file changed: read them again on the next lint
	// Output:
	// error localhost-upstream
}

// Check paths as `nginx-lint check` does: directories are walked, each
// configuration is checked once with its includes, and each file gets the
// settings of its nearest .nginx-lint.yaml.
func ExampleNewCheck() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	_ = os.MkdirAll(filepath.Join(dir, "conf.d"), 0o755)
	_ = os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte("events {}\nhttp {\n    include conf.d/*.conf;\n}\n"), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "conf.d", "app.conf"), []byte("server {\n    location / { proxy_pass http://localhost:8080; }\n}\n"), 0o644)

	s := lint.DefaultSettings()
	s.Only = []string{"localhost-upstream"}
	check, err := lint.NewCheck([]string{dir}, s, lint.Env{})
	if err != nil {
		panic(err)
	}
	out, err := check.Lint()
	if err != nil {
		panic(err)
	}
	for _, f := range out.Report.Findings.All() {
		rel, _ := filepath.Rel(dir, f.Range.Start.File)
		fmt.Printf("%s:%d %s %s\n", rel, f.Range.Start.Line, f.Severity, f.Rule)
	}
	fmt.Println("fails:", slices.ContainsFunc(out.Report.Findings.Slice(), func(f analyzer.Finding) bool { return f.Severity >= check.FailOn }))
	// Output:
	// conf.d/app.conf:2 warning localhost-upstream
	// fails: true
}

// Fix the files of a check in place: only safe fixes, unless Unsafe is set
// (a localhost fix is safe once the address family is known: loopback).
func ExampleCheck_Fix() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	conf := filepath.Join(dir, "nginx.conf")
	_ = os.WriteFile(conf, []byte("events {}\nhttp {\n    server {\n        location / { proxy_pass http://localhost:8080; }\n    }\n}\n"), 0o644)

	s := lint.DefaultSettings()
	s.Loopback = "ipv4"
	check, err := lint.NewCheck([]string{conf}, s, lint.Env{})
	if err != nil {
		panic(err)
	}
	out, err := check.Fix(lint.FixOptions{})
	if err != nil {
		panic(err)
	}
	fixed, _ := os.ReadFile(conf)
	fmt.Println(out.Fix.Fixed, "fixed;", out.Report.Findings.Len(), "findings left")
	fmt.Print(string(fixed))
	// Output:
	// 1 fixed; 0 findings left
	// events {}
	// http {
	//     server {
	//         location / { proxy_pass http://127.0.0.1:8080; }
	//     }
	// }
}
