package lint_test

import (
	"context"
	"fmt"

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
