// Package timecmd runs a command and says what it took: wall time, CPU
// time and peak resident memory, the figures scripts/bench-scale reads
// from /usr/bin/time, for machines that lack it (a lent benchmark machine
// with nothing but what is carried to it).
package timecmd

import (
	"errors"
	"fmt"
	"os/exec"
	"time"
)

// Usage is what one run of a command took.
type Usage struct {
	Wall, User, System time.Duration
	// MaxRSS is the peak resident set size in bytes (0 where the system
	// does not say).
	MaxRSS int64
}

// Line is u as `/usr/bin/time -f "%e %M %U %S"` writes it: wall seconds,
// peak resident KiB, user and system CPU seconds.
func (u Usage) Line() string {
	return fmt.Sprintf("%.2f %d %.2f %.2f", u.Wall.Seconds(), u.MaxRSS/1024, u.User.Seconds(), u.System.Seconds())
}

// Run runs cmd to its end and returns what it took and its exit code (-1
// where a signal ended it). An error means it could not be run at all.
func Run(cmd *exec.Cmd) (Usage, int, error) {
	start := time.Now()
	err := cmd.Run()
	u := Usage{Wall: time.Since(start)}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return u, 0, err
	}
	st := cmd.ProcessState
	u.User, u.System, u.MaxRSS = st.UserTime(), st.SystemTime(), maxRSS(st)
	return u, st.ExitCode(), nil
}
