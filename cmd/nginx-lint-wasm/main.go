//go:build js && wasm

// Command nginx-lint-wasm is nginx-lint's engine for the browser playground
// (web/): built with GOOS=js GOARCH=wasm, it defines the global JavaScript
// function nginxLint(request string) string, which answers the playground's
// JSON requests (see internal/playground), and then waits for calls.
package main

import (
	"syscall/js"

	"github.com/nginx-lint/nginx-lint/internal/playground"
)

func main() {
	js.Global().Set("nginxLint", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeString {
			return `{"error":"nginxLint wants one JSON string"}`
		}
		return string(playground.HandleJSON([]byte(args[0].String())))
	}))
	if ready := js.Global().Get("nginxLintReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {} // keep serving calls
}
