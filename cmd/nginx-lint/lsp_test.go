package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// lspSession is `nginx-lint lsp` started as an editor starts it, its
// standard input and output on pipes the test holds.
type lspSession struct {
	t      *testing.T
	cmd    *exec.Cmd
	in     *os.File // the server's standard input, our end
	out    *os.File // its standard output, our end
	r      *bufio.Reader
	stderr bytes.Buffer
	exited chan struct{} // closed once the server has exited
	err    error         // Wait's error, once exited
}

func startLSP(t *testing.T) *lspSession {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "nginx-lint") // TestMain runs the CLI under this name
	if err := os.Symlink(self, bin); err != nil {
		t.Fatal(err)
	}
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &lspSession{t: t, in: inW, out: outR, r: bufio.NewReader(outR), exited: make(chan struct{})}
	s.cmd = exec.Command(bin, "lsp")
	s.cmd.Dir = t.TempDir()
	s.cmd.Stdin, s.cmd.Stdout, s.cmd.Stderr = inR, outW, &s.stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	_ = inR.Close()
	_ = outW.Close()
	go func() { s.err = s.cmd.Wait(); close(s.exited) }()
	t.Cleanup(func() {
		_ = s.in.Close()
		_ = s.out.Close()
		select {
		case <-s.exited:
		case <-time.After(time.Minute):
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
	})
	return s
}

// send writes one message; a write the server no longer reads is not
// the test's failure.
func (s *lspSession) send(body string) {
	_, _ = fmt.Fprintf(s.in, "Content-Length: %d\r\n\r\n%s", len(body), body)
}

// receive reads messages until the answer to request id.
func (s *lspSession) receive(id int) string {
	s.t.Helper()
	for {
		n := -1
		for {
			line, err := s.r.ReadString('\n')
			if err != nil {
				s.t.Fatalf("reading the server's output: %v\nstderr: %s", err, s.stderr.String())
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				n, _ = strconv.Atoi(v)
			}
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(s.r, body); err != nil {
			s.t.Fatal(err)
		}
		if strings.Contains(string(body), fmt.Sprintf(`"id":%d,`, id)) || strings.Contains(string(body), fmt.Sprintf(`"id":%d}`, id)) {
			return string(body)
		}
	}
}

// wait returns the exit code once the server has exited.
func (s *lspSession) wait() int {
	s.t.Helper()
	select {
	case <-s.exited:
		if s.err == nil {
			return 0
		}
		var ee *exec.ExitError
		if !errors.As(s.err, &ee) || ee.ExitCode() < 0 {
			s.t.Fatalf("nginx-lint lsp: %v (killed by a signal?)\nstderr: %s", s.err, s.stderr.String())
		}
		return ee.ExitCode()
	case <-time.After(time.Minute):
		s.t.Fatalf("nginx-lint lsp did not exit\nstderr: %s", s.stderr.String())
	}
	return -1
}

const (
	lspInitialize  = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`
	lspInitialized = `{"jsonrpc":"2.0","method":"initialized","params":{}}`
	lspOpen        = `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/site.conf","languageId":"nginx","version":1,"text":"server {\n location / {\n  proxy_pass http://localhost:5000;\n }\n}\n"}}}`
	lspSymbols     = `{"jsonrpc":"2.0","id":%d,"method":"textDocument/documentSymbol","params":{"textDocument":{"uri":"file:///tmp/site.conf"}}}`
)

// An editor that goes away, whichever way and at whatever point, leaves a
// server that exits (code 1: no shutdown was asked) with no panic on its
// standard error; shutdown and exit end it with 0, exit alone with 1.
func TestLSPClientGoesAway(t *testing.T) {
	cases := []struct {
		name string
		code int
		run  func(s *lspSession)
	}{
		{"shutdown then exit", 0, func(s *lspSession) {
			s.send(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`)
			s.receive(2)
			s.send(`{"jsonrpc":"2.0","method":"exit"}`)
		}},
		{"exit without shutdown", 1, func(s *lspSession) {
			s.send(`{"jsonrpc":"2.0","method":"exit"}`)
		}},
		{"shutdown then the pipes close", 0, func(s *lspSession) {
			s.send(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`)
			s.receive(2)
			_ = s.in.Close()
			_ = s.out.Close()
		}},
		{"input closes", 1, func(s *lspSession) {
			s.send(fmt.Sprintf(lspSymbols, 2))
			_ = s.in.Close()
		}},
		// The output closes before the answers are written: the next
		// answer cannot be written, whatever came before.
		{"output closes, requests go on", 1, func(s *lspSession) {
			_ = s.out.Close()
			for id := 2; id < 5; id++ {
				s.send(fmt.Sprintf(lspSymbols, id))
			}
		}},
		// Half of an answer read, then both ends closed.
		{"both close mid-answer", 1, func(s *lspSession) {
			s.send(fmt.Sprintf(lspSymbols, 2))
			s.send(fmt.Sprintf(lspSymbols, 3))
			if _, err := s.r.Peek(8); err != nil {
				s.t.Fatal(err)
			}
			_ = s.out.Close()
			_ = s.in.Close()
		}},
		// A $/cancelRequest sent as a request is answered by the read
		// loop; that answer fails, then the input ends in a bad header.
		{"failed reply then failed read", 1, func(s *lspSession) {
			_ = s.out.Close()
			s.send(`{"jsonrpc":"2.0","id":2,"method":"$/cancelRequest","params":{"id":9}}`)
			_, _ = io.WriteString(s.in, "X-Junk: 1\r\n\r\n")
			_ = s.in.Close()
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := startLSP(t)
			s.send(lspInitialize)
			if a := s.receive(1); !strings.Contains(a, `"capabilities"`) {
				t.Fatalf("answer to initialize: %s", a)
			}
			s.send(lspInitialized)
			s.send(lspOpen)
			c.run(s)
			if code := s.wait(); code != c.code {
				t.Errorf("exit code %d, want %d\nstderr: %s", code, c.code, s.stderr.String())
			}
			if e := s.stderr.String(); strings.Contains(e, "panic") || strings.Contains(e, "goroutine ") {
				t.Errorf("standard error shows a panic:\n%s", e)
			}
		})
	}
}
