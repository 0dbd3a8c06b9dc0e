package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// Writes of --fix under concurrency, signals, special modes and links
// (docs/robustness.md). Each runs the real CLI in child processes.

const twoFixes = "http {\n    resolver 10.0.0.2; ssl_stapling on;\n    upstream app { server localhost:5000; }\n}\n"

// Two --fix runs on one file at once, each applying a different fix: a run
// that reports its fix applied must find it in the file afterwards; the
// other either waited and applied its own fix on top or refused clearly.
func TestConcurrentFixes(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "nginx.conf")
	runs := [][]string{
		{"check", "--fix", "--only", "resolver-ipv6", "nginx.conf"},
		{"check", "--fix", "--only", "localhost-upstream", "--loopback", "ipv4", "nginx.conf"},
	}
	marks := []string{"ipv6=off", "server 127.0.0.1:5000"}
	rounds := 100
	if testing.Short() {
		rounds = 10
	}
	for round := range rounds {
		if err := os.WriteFile(conf, []byte(twoFixes), 0o644); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		res := make([]lintRun, len(runs))
		for i := range runs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res[i] = runBinary(t, dir, nil, runs[i]...)
			}()
		}
		wg.Wait()
		got, _ := os.ReadFile(conf)
		for i, r := range res {
			applied := strings.Contains(r.stderr, "fixed 1 finding in 1 file")
			switch {
			case applied && !strings.Contains(string(got), marks[i]):
				t.Fatalf("round %d: run %d reported its fix applied, but the file lacks %q (lost update):\n%s\nstderr: %s", round, i, marks[i], got, r.stderr)
			case !applied && !strings.Contains(r.stderr, "the file changed while it was being checked; run again"):
				t.Fatalf("round %d: run %d neither applied its fix nor said why (exit %d):\n%s", round, i, r.code, r.stderr)
			case !applied && r.code != 2:
				t.Fatalf("round %d: run %d refused its fix with exit %d, want 2", round, i, r.code)
			}
		}
		assertNoTemp(t, dir)
	}
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			t.Fatalf("a temporary file is left in %s: %s", dir, e.Name())
		}
	}
}

// signalWhen sends sig to the started cmd as soon as ready is true and
// waits for it to end; it reports whether the signal was sent (false: the
// command ended first).
func signalWhen(cmd *exec.Cmd, sig syscall.Signal, ready func() bool) bool {
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	for {
		select {
		case <-done:
			return false
		default:
		}
		if ready() {
			_ = cmd.Process.Signal(sig)
			<-done
			return true
		}
		time.Sleep(200 * time.Microsecond)
	}
}

// SIGTERM or SIGINT while a file is being written: the process ends
// without leaving its temporary file, and the file is whole, old or new.
func TestSignalDuringFixLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "big.conf")
	// 11 MB, nearly all comments: quick to check, long enough to write
	// that the write can be caught in progress.
	old := []byte("http {\n    resolver 10.0.0.2; ssl_stapling on;\n" + strings.Repeat("# "+strings.Repeat("x", 70)+"\n", 150_000) + "}\n")
	fixed := bytes.Replace(old, []byte("10.0.0.2;"), []byte("10.0.0.2 ipv6=off;"), 1)
	caught := 0
	for attempt := 0; attempt < 8 && caught < 2; attempt++ {
		if err := os.WriteFile(conf, old, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("nginx-lint", "check", "--fix", "--only", "resolver-ipv6", "--max-file-size", "64MiB", "big.conf")
		cmd.Dir = dir
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sig := syscall.SIGTERM
		if attempt%2 == 1 {
			sig = syscall.SIGINT
		}
		if signalWhen(cmd, sig, func() bool { ents, _ := os.ReadDir(dir); return len(ents) > 1 }) {
			caught++
		}
		assertNoTemp(t, dir)
		if got, _ := os.ReadFile(conf); !bytes.Equal(got, old) && !bytes.Equal(got, fixed) {
			t.Fatalf("attempt %d: the file is neither the old nor the fixed text (%d bytes)", attempt, len(got))
		}
	}
	if caught == 0 {
		t.Skip("no write was caught in progress on this machine")
	}
}

// SIGTERM or SIGINT while an --output report is written: a large report
// is written for seconds, its temporary file beside the report all that
// time; the process ends without leaving it, and an earlier report is
// untouched.
func TestSignalDuringOutputLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	// 128 Ki findings: a SARIF report of about 0.1 GB.
	if err := os.WriteFile(filepath.Join(dir, "a.conf"), bytes.Repeat([]byte("a;"), 1<<17), 0o644); err != nil {
		t.Fatal(err)
	}
	old := []byte("the report of an earlier run\n")
	report := filepath.Join(dir, "out", "r.sarif")
	if os.Mkdir(filepath.Dir(report), 0o755) != nil || os.WriteFile(report, old, 0o644) != nil {
		t.Fatal("cannot write the earlier report")
	}
	for i, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		cmd := exec.Command("nginx-lint", "check", "-f", "compact", "-o", "sarif=out/r.sarif", "a.conf")
		cmd.Dir = dir
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if !signalWhen(cmd, sig, func() bool { ents, _ := os.ReadDir(filepath.Dir(report)); return len(ents) > 1 }) {
			t.Fatalf("run %d: the report was written before a signal could be sent", i+1)
		}
		if code := cmd.ProcessState.ExitCode(); code != 128+int(sig) {
			t.Errorf("run %d: exit status %d after %v, want %d", i+1, code, sig, 128+int(sig))
		}
		assertNoTemp(t, filepath.Dir(report))
		if got, _ := os.ReadFile(report); !bytes.Equal(got, old) {
			t.Fatalf("run %d: the earlier report was replaced (%d bytes)", i+1, len(got))
		}
	}
}

// A temporary file a killed run left behind is not linted by a walk and is
// removed by the next fix of its file.
func TestStaleTempIgnoredAndCleaned(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "site.conf")
	stale := filepath.Join(dir, ".site.conf.nginx-lint-0123456789ab.tmp")
	if os.WriteFile(conf, []byte("http { resolver 10.0.0.2; ssl_stapling on; }\n"), 0o644) != nil || os.WriteFile(stale, []byte("http { broken\n"), 0o600) != nil {
		t.Fatal("cannot write the test files")
	}
	if r := runBinary(t, dir, nil, "check", "-f", "compact", "."); strings.Contains(r.stdout, "nginx-lint-") || strings.Contains(r.stdout, "syntax-error") {
		t.Fatalf("a walk read the temporary file:\n%s", r.stdout)
	}
	r := runBinary(t, dir, nil, "check", "--fix", "site.conf")
	if !strings.Contains(r.stderr, "fixed 1 finding") {
		t.Fatalf("fix: %s", r.stderr)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatalf("the stale temporary file is still there (%v)", err)
	}
}

// A file with two hard links is rewritten in place: both names see the fix.
func TestFixKeepsHardLinks(t *testing.T) {
	dir := t.TempDir()
	conf, other := filepath.Join(dir, "a.conf"), filepath.Join(dir, "b.conf")
	if err := os.WriteFile(conf, []byte("http { resolver 10.0.0.2; ssl_stapling on; }\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(conf, other); err != nil {
		t.Skip("no hard links here:", err)
	}
	before, _ := os.Stat(conf)
	runBinary(t, dir, nil, "check", "--fix", "a.conf")
	for _, p := range []string{conf, other} {
		if b, _ := os.ReadFile(p); string(b) != "http { resolver 10.0.0.2 ipv6=off; ssl_stapling on; }\n" {
			t.Errorf("%s = %q", filepath.Base(p), b)
		}
	}
	after, _ := os.Stat(conf)
	if !os.SameFile(before, after) {
		t.Error("the file was replaced: the links are split")
	}
	assertNoTemp(t, dir)
}

// As root: setuid, setgid and sticky bits, the owner and group of another
// user, and extended attributes survive a fix.
func TestFixKeepsModeOwnerXattrs(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give a file to another user and set special bits")
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "a.conf")
	if err := os.WriteFile(conf, []byte("http { resolver 10.0.0.2; ssl_stapling on; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(conf, 1234, 5678); err != nil {
		t.Fatal(err)
	}
	mode := os.FileMode(0o750) | os.ModeSetuid | os.ModeSetgid | os.ModeSticky
	if err := os.Chmod(conf, mode); err != nil {
		t.Fatal(err)
	}
	xattr := unix.Setxattr(conf, "user.nginx-lint-test", []byte("kept"), 0) == nil
	runBinary(t, dir, nil, "check", "--fix", "a.conf")
	if b, _ := os.ReadFile(conf); string(b) != "http { resolver 10.0.0.2 ipv6=off; ssl_stapling on; }\n" {
		t.Fatalf("not fixed: %q", b)
	}
	st, err := os.Stat(conf)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode() != mode {
		t.Errorf("mode %v, want %v", st.Mode(), mode)
	}
	if sys := st.Sys().(*syscall.Stat_t); sys.Uid != 1234 || sys.Gid != 5678 {
		t.Errorf("owner %d:%d, want 1234:5678", sys.Uid, sys.Gid)
	}
	if xattr {
		buf := make([]byte, 16)
		n, err := unix.Getxattr(conf, "user.nginx-lint-test", buf)
		if err != nil || string(buf[:n]) != "kept" {
			t.Errorf("extended attribute lost: %q %v", buf[:max(n, 0)], err)
		}
	} else {
		t.Log("this file system takes no user.* extended attributes: not checked")
	}
	assertNoTemp(t, dir)
}
