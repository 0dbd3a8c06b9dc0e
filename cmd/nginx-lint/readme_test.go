package main

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeSidecarOutput: the output README.md shows for its sidecar
// example is what nginx-lint prints for it.
func TestReadmeSidecarOutput(t *testing.T) {
	const prompt = "$ nginx-lint check testdata/examples/sidecar.conf\n"
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i := strings.Index(readme, prompt)
	if i < 0 {
		t.Fatalf("README.md lacks %q", prompt)
	}
	shown, _, ok := strings.Cut(readme[i+len(prompt):], "```")
	if !ok {
		t.Fatal("README.md: the sidecar example's code block does not end")
	}
	r := runBinary(t, "../..", nil, "check", "testdata/examples/sidecar.conf")
	if r.code != 1 {
		t.Errorf("exit status %d, want 1", r.code)
	}
	if r.stdout != shown {
		t.Errorf("README.md shows:\n%s\nnginx-lint prints:\n%s", shown, r.stdout)
	}
}
