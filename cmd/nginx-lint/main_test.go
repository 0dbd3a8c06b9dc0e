package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary act as the nginx-lint command inside the
// scripts, so they run the real CLI (flag parsing, exit codes, stdout and
// stderr) end to end.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"nginx-lint": func() {
			code := command(os.Args[1:])
			writePeakRSS()
			os.Exit(code)
		},
	})
}

// writePeakRSS writes the process's peak resident memory (VmHWM, in kB) to
// the file $NGINX_LINT_TEST_PEAK names, for the tests that bound it. The
// kernel's rusage of a child is no use for that: it counts the peak of the
// test process that started it, which shares its memory until exec.
func writePeakRSS() {
	name := os.Getenv("NGINX_LINT_TEST_PEAK")
	if name == "" {
		return
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			_ = os.WriteFile(name, []byte(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB"))), 0o644)
		}
	}
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
			// The GitHub Action's scripts (testdata/script/action_*.txtar).
			action, err := filepath.Abs("../../action")
			if err != nil {
				return err
			}
			env.Setenv("ACTION", action)
			return nil
		},
	})
}
