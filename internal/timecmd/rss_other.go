//go:build !linux

package timecmd

import "os"

// maxRSS is not read where the units of the system's figure differ
// (bytes on macOS, KiB on Linux) or it has none.
func maxRSS(*os.ProcessState) int64 { return 0 }
