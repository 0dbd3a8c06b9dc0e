package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary act as the nginx-lint command inside the
// scripts, so they run the real CLI (flag parsing, exit codes, stdout and
// stderr) end to end.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"nginx-lint": func() { os.Exit(run(os.Args[1:])) },
	})
}

// TestScripts runs testdata/script/*.txtar at the repository root.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "../../testdata/script",
		RequireExplicitExec: true,
		Condition:           fixConditions,
		Cmds:                scriptCmds(),
		Setup: func(env *testscript.Env) error {
			fixSetup(env)
			env.Setenv("NO_COLOR", "")
			return nil
		},
	})
}
