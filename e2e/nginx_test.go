package e2e

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// nginxProc is an nginx started by a test in the foreground.
type nginxProc struct {
	cmd     *exec.Cmd
	done    chan struct{}
	output  bytes.Buffer
	errLog  string
	stopped bool
}

// startNginx checks confPath with `nginx -t`, starts nginx on it in the
// foreground (prefix dir, error log errLog), optionally behind the argv
// prefix wrap (a command that execs the rest, such as unshare), and waits
// until it accepts connections on 127.0.0.1:port. It is stopped (QUIT, then
// KILL after 5 s) when the test ends, or earlier with stop.
func startNginx(t *testing.T, bin, dir, errLog, confPath string, port int, wrap ...string) *nginxProc {
	t.Helper()
	if out, err := exec.Command(bin, "-t", "-q", "-p", dir, "-e", errLog, "-c", confPath).CombinedOutput(); err != nil {
		conf, _ := os.ReadFile(confPath)
		t.Fatalf("nginx -t: %v\n%s\n%s", err, out, conf)
	}
	argv := append(append([]string{}, wrap...), bin, "-p", dir, "-e", errLog, "-c", confPath, "-g", "daemon off;")
	p := &nginxProc{cmd: exec.Command(argv[0], argv[1:]...), done: make(chan struct{}), errLog: errLog}
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	p.cmd.Stdout, p.cmd.Stderr = &p.output, &p.output
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("starting nginx: %v", err)
	}
	go func() { _ = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(p.stop)

	addr := fmt.Sprintf("127.0.0.1:%d", port)
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp4", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return p
		}
		select {
		case <-p.done:
			p.stopped = true
			log, _ := os.ReadFile(errLog)
			t.Fatalf("nginx exited before listening on %s: %v\n%s\n%s", addr, p.cmd.ProcessState, p.output.String(), log)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx did not listen on %s within 10s\n%s", addr, p.output.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop ends nginx gracefully (QUIT), killing it if it has not exited after
// five seconds. nginx exits by signal: its status tells nothing.
func (p *nginxProc) stop() {
	if p.stopped {
		return
	}
	p.stopped = true
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGQUIT)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.done
	}
}
