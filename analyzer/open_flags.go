//go:build !js && !wasip1

package analyzer

import "syscall"

// openNonblock opens a file without blocking, so that a FIFO swapped in for
// a checked file cannot hang the read.
const openNonblock = syscall.O_NONBLOCK
