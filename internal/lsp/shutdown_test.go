package lsp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/nginx-lint/nginx-lint/lint"
)

// brokenPipe is an editor that sent some messages and went away: reads
// give the frames, then the end of the stream; every write fails.
type brokenPipe struct {
	in *bytes.Reader
}

func newBrokenPipe(frames ...string) *brokenPipe {
	return &brokenPipe{in: bytes.NewReader([]byte(strings.Join(frames, "")))}
}

func frame(body string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

func (p *brokenPipe) Read(b []byte) (int, error) { return p.in.Read(b) }

func (p *brokenPipe) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

// Close does not end the reads: the stream is read to its end (closed
// from any goroutine, any number of times).
func (p *brokenPipe) Close() error { return nil }

// A reply that cannot be written followed by a read that fails ends the
// session with an error, not a panic. The library keeps the first error
// of its read loop in an atomic.Value; a handler returning the failed
// write's error and the read failing with an error of another type
// stored two types in it and panicked (the $/cancelRequest here is sent
// as a request, so it is answered from the read loop, and the stream then
// ends in a header without Content-Length).
func TestFailedReplyThenFailedRead(t *testing.T) {
	for _, tail := range []string{"", "X-Junk: 1\r\n\r\n", "Content-Length: 5\r\n\r\n{}"} {
		pipe := newBrokenPipe(
			frame(`{"jsonrpc":"2.0","id":1,"method":"$/cancelRequest","params":{"id":7}}`),
			frame(`{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{}}`),
			tail)
		done := make(chan error, 1)
		go func() {
			done <- Serve(context.Background(), pipe, Options{Configs: lint.NewFileConfigs(lint.DefaultSettings(), nil)})
		}()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNoShutdown) {
				t.Errorf("stream ending in %q: Serve returned %v, want ErrNoShutdown", tail, err)
			}
		case <-time.After(time.Minute):
			t.Fatalf("stream ending in %q: the session did not end", tail)
		}
	}
}
