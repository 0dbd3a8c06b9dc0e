package main

import (
	"errors"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/nginx-lint/nginx-lint/fixer"
	"github.com/nginx-lint/nginx-lint/lint"
)

// fixFlags are the options of `check` that apply fixes.
type fixFlags struct {
	fix     bool
	unsafe  bool
	diff    bool
	outside bool
}

// addFixFlags adds --fix, --unsafe-fixes and --diff to check, with examples.
func addFixFlags(cmd *cobra.Command, fl *fixFlags) {
	f := cmd.Flags()
	cmd.Example += `
  nginx-lint check --fix nginx.conf                  # apply safe fixes in place
  nginx-lint check --diff --unsafe-fixes nginx.conf > fix.patch; patch -p1 < fix.patch  # exit 1: findings
  nginx-lint check --fix --loopback ipv4 - < site.conf > site.fixed.conf`
	f.BoolVar(&fl.fix, "fix", false, "apply safe fixes: rewrite files in place (atomically), or print the fixed text when reading - (findings then go to stderr)")
	f.BoolVar(&fl.unsafe, "unsafe-fixes", false, "with --fix or --diff, apply unsafe fixes too (they may change behaviour for some deployments)")
	f.BoolVar(&fl.outside, "fix-outside", false, "with --fix, also rewrite files outside the checked directories (by default their fixes are shown on stderr and not written)")
	f.BoolVar(&fl.diff, "diff", false, "print the fixes as a unified diff (apply with patch -p1 or git apply) and write nothing; findings go to stderr")
}

// active reports whether check should fix rather than only report.
func (fl *fixFlags) active() (bool, error) {
	if fl.unsafe && !fl.fix && !fl.diff {
		return false, errors.New("--unsafe-fixes needs --fix or --diff")
	}
	if fl.outside && !fl.fix {
		return false, errors.New("--fix-outside needs --fix")
	}
	return fl.fix || fl.diff, nil
}

// catchSignals makes SIGINT and SIGTERM wait for a file being fixed to be
// whole and its temporary file gone (fixer.Abort), remove the temporary
// file of a report being written (lint.AbortWrites), then end the process
// with the usual status (128 + the signal). stop undoes it.
func catchSignals() (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			fixer.Abort()
			lint.AbortWrites()
			n := 1
			if s, ok := sig.(syscall.Signal); ok {
				n = 128 + int(s)
			}
			os.Exit(n)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}
