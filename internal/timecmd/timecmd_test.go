package timecmd

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The test binary run again as the command: it holds 64 MiB, spins for
// 200 ms of CPU and exits 3.
func TestMain(m *testing.M) {
	if os.Getenv("TIMECMD_CHILD") == "1" {
		b := make([]byte, 64<<20)
		for i := range b {
			b[i] = byte(i)
		}
		for end := time.Now().Add(200 * time.Millisecond); time.Now().Before(end); {
		}
		os.Exit(int(b[3]))
	}
	os.Exit(m.Run())
}

// Run gives the command's exit code, a wall and CPU time at least what it
// spent, and (on Linux) a peak memory at least what it held; Line writes
// them in /usr/bin/time's "%e %M %U %S" order and units.
func TestRun(t *testing.T) {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "TIMECMD_CHILD=1")
	u, code, err := Run(cmd)
	if err != nil {
		t.Fatal(err)
	}
	if code != 3 {
		t.Errorf("exit code %d, want 3", code)
	}
	if u.Wall < 200*time.Millisecond || u.User+u.System < 150*time.Millisecond {
		t.Errorf("wall %v, CPU %v: the child spun for 200 ms", u.Wall, u.User+u.System)
	}
	if runtime.GOOS == "linux" && u.MaxRSS < 64<<20 {
		t.Errorf("peak RSS %d bytes, the child held 64 MiB", u.MaxRSS)
	}
	f := strings.Fields(u.Line())
	if len(f) != 4 {
		t.Fatalf("Line() = %q, want four fields", u.Line())
	}
	if kib, _ := strconv.ParseInt(f[1], 10, 64); kib != u.MaxRSS/1024 {
		t.Errorf("Line() = %q: second field is not the peak in KiB (%d)", u.Line(), u.MaxRSS/1024)
	}
	if wall, _ := strconv.ParseFloat(f[0], 64); wall < 0.2 {
		t.Errorf("Line() = %q: first field is not the wall time in seconds", u.Line())
	}

	if _, _, err := Run(exec.Command("/nonexistent/command")); err == nil {
		t.Error("a command that does not exist ran")
	}
}
