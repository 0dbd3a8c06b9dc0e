// Command timecmd runs a command and writes what it took to a file, as
// `/usr/bin/time -f "%e %M %U %S" -o FILE` does (wall seconds, peak
// resident KiB, user and system seconds), for scripts/bench-scale on a
// machine without /usr/bin/time (TIMER=path to this, built static). It
// exits with the command's exit code; see package internal/timecmd.
//
//	timecmd -o FILE COMMAND [ARG...]
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"

	"github.com/nginx-lint/nginx-lint/internal/timecmd"
)

func main() {
	out := flag.String("o", "", "write the figures to this file (default: standard error)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: timecmd [-o FILE] COMMAND [ARG...]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	u, code, err := timecmd.Run(cmd)
	if err != nil {
		fmt.Fprintln(os.Stderr, "timecmd:", err)
		os.Exit(127)
	}
	line := u.Line() + "\n"
	if *out == "" {
		fmt.Fprint(os.Stderr, line)
	} else if err := os.WriteFile(*out, []byte(line), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "timecmd:", err)
		os.Exit(127)
	}
	if code < 0 {
		code = 128
	}
	os.Exit(code)
}
