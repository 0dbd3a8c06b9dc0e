package main

import (
	"errors"
	"maps"
	"os"
	"os/exec"
	"strconv"
	"syscall"

	"github.com/rogpeppe/go-internal/testscript"
)

// hostileCmds adds script commands for hostile inputs:
//
//	exits CODE PROG ARGS...   run PROG (as exec does) and require exit status CODE
//	bytes FILE TEXT           write TEXT to FILE after Go escapes (\x00, \r, \ufeff…)
//	mkfifo FILE               make a named pipe
var hostileCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"exits": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) < 2 || neg {
			ts.Fatalf("usage: exits CODE PROG ARGS...")
		}
		want, err := strconv.Atoi(args[0])
		ts.Check(err)
		got := 0
		if err := ts.Exec(args[1], args[2:]...); err != nil {
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				ts.Fatalf("%s: %v", args[1], err)
			}
			got = ee.ExitCode()
		}
		if got != want {
			ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
		}
	},
	"bytes": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 || neg {
			ts.Fatalf("usage: bytes FILE TEXT")
		}
		text, err := strconv.Unquote(`"` + args[1] + `"`)
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(text), 0o644))
	},
	"mkfifo": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 || neg {
			ts.Fatalf("usage: mkfifo FILE")
		}
		ts.Check(syscall.Mkfifo(ts.MkAbs(args[0]), 0o644))
	},
}

// scriptCmds are every custom script command.
func scriptCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	all := maps.Clone(fixCmds)
	maps.Copy(all, hostileCmds)
	return all
}
