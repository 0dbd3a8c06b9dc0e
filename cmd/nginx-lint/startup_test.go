package main

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Start-up limits on the work nginx-lint's own packages do before main
// runs (docs/performance.md, "Start-up"): tables, rule documentation and
// regular expressions are built when first used, not at init. Counted in
// allocations and bytes, which do not depend on the machine's speed.
const (
	initAllocsPerPackage = 500
	initBytesPerPackage  = 64 << 10
	initAllocsTotal      = 1000
	initBytesTotal       = 160 << 10
)

var initLine = regexp.MustCompile(`^init (\S+) @[0-9.]+ ms, [0-9.]+ ms clock, (\d+) bytes, (\d+) allocs$`)

// TestStartupInit runs the command with GODEBUG=inittrace=1, which makes
// the Go runtime print one line per package init, and holds nginx-lint's
// packages to the limits above.
func TestStartupInit(t *testing.T) {
	const module = "github.com/nginx-lint/nginx-lint/"
	for _, args := range [][]string{{"version"}, {"check", "-"}} {
		cmd := exec.Command("nginx-lint", args...)
		cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
		cmd.Stdin = strings.NewReader("events {}\n")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("nginx-lint %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
		}
		var allocs, bytes, seen int
		for _, line := range strings.Split(stderr.String(), "\n") {
			m := initLine.FindStringSubmatch(line)
			// This package's init, in the test binary, holds the tests'
			// own variables; in nginx-lint it is main's, and small.
			if len(m) != 4 || !strings.HasPrefix(m[1], module) || m[1] == module+"cmd/nginx-lint" {
				continue
			}
			seen++
			b, _ := strconv.Atoi(m[2])
			a, _ := strconv.Atoi(m[3])
			if a > initAllocsPerPackage || b > initBytesPerPackage {
				t.Errorf("%s: init of %s: %d allocations, %d bytes; want at most %d and %d (build tables when first used)", strings.Join(args, " "), m[1], a, b, initAllocsPerPackage, initBytesPerPackage)
			}
			allocs += a
			bytes += b
		}
		// The rules and the directive table always have an init of their own.
		if seen < 2 {
			t.Fatalf("%s: %d init lines of %s* in GODEBUG=inittrace=1 output:\n%s", strings.Join(args, " "), seen, module, stderr.Bytes())
		}
		if allocs > initAllocsTotal || bytes > initBytesTotal {
			t.Errorf("%s: nginx-lint's packages allocate %d times, %d bytes at init; want at most %d and %d", strings.Join(args, " "), allocs, bytes, initAllocsTotal, initBytesTotal)
		}
		t.Logf("%s: %d packages of nginx-lint, %d allocations, %d bytes at init", strings.Join(args, " "), seen, allocs, bytes)
	}
}
