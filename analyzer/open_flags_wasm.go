//go:build js || wasip1

package analyzer

// openNonblock is 0 where the system has no such flag (a browser has no
// FIFOs to hang on).
const openNonblock = 0
