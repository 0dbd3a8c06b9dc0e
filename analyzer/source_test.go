package analyzer

import "testing"

func TestLineEnding(t *testing.T) {
	for _, c := range []struct {
		src  string
		line int
		want string
	}{
		{"a\nb\n", 1, "\n"},
		{"a\r\nb\r\n", 2, "\r\n"},
		{"a\r\nb", 2, "\r\n"}, // last line without terminator: the one before
		{"a\nb\r\n", 1, "\n"},
		{"a", 1, "\n"},
		{"", 1, "\n"},
	} {
		if got := NewFile("x", "", []byte(c.src)).LineEnding(c.line); got != c.want {
			t.Errorf("LineEnding(%q, %d) = %q, want %q", c.src, c.line, got, c.want)
		}
	}
}
