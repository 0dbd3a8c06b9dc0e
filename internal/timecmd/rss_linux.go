package timecmd

import (
	"os"
	"syscall"
)

// maxRSS is the child's peak resident set: Linux gives it in KiB.
func maxRSS(st *os.ProcessState) int64 {
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss * 1024
	}
	return 0
}
