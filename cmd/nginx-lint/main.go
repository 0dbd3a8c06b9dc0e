// Command nginx-lint checks nginx configuration files.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"

	"github.com/nginx-lint/nginx-lint/reporter"
)

// exitError carries an exit code through cobra.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func main() {
	os.Exit(command(os.Args[1:]))
}

// command is the nginx-lint process: run with the memory budget on (see
// memory.go). Tests that call run in-process keep their own memory
// settings.
func command(args []string) int {
	budget.start()
	wholeProcess = true
	return run(args)
}

// wholeProcess is set when the command is the process (not a test running
// it in-process): it may then set process-wide settings such as the
// number of processors Go uses.
var wholeProcess bool

// capProcs makes --jobs N a cap on the cores the process uses, Go's
// collector included (it otherwise runs on idle cores, so that --jobs 1
// took up to one and a half), unless GOMAXPROCS is set: the user's.
func capProcs(jobs int) {
	if wholeProcess && jobs > 0 && jobs < runtime.GOMAXPROCS(0) && os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(jobs)
	}
}

// run executes the CLI and returns the exit code: 0 clean, 1 findings at or
// above --fail-on, 2 usage, I/O or internal error.
func run(args []string) int {
	root := newRootCmd()
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	fmt.Fprintf(os.Stderr, "nginx-lint: %s\n", reporter.Visible(usageMessage(cmd, err)))
	return 2
}
