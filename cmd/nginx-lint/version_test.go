package main

import (
	"os"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

func TestBuildInfo(t *testing.T) {
	vcs := &debug.BuildInfo{
		GoVersion: "go1.26.0",
		Main:      debug.Module{Path: "github.com/nginx-lint/nginx-lint", Version: "v0.0.0-20261204175419-d8bf25a4376c"},
		Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "d8bf25a4376cf65777ad26f71c14cfe681f626df"},
			{Key: "vcs.time", Value: "2026-12-04T17:54:19Z"},
			{Key: "vcs.modified", Value: "false"},
		},
	}
	dirty := *vcs
	dirty.Settings = append(append([]debug.BuildSetting(nil), vcs.Settings[:3]...), debug.BuildSetting{Key: "vcs.modified", Value: "true"})
	tagged := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.2.3"}}
	none := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}}

	tests := []struct {
		name                string
		bi                  *debug.BuildInfo
		ldVersion, ldCommit string
		ldDate              string
		want                []string // lines, in order (the go line is checked by prefix)
	}{
		{"git checkout", vcs, "", "", "", []string{
			"nginx-lint v0.0.0-20261204175419-d8bf25a4376c",
			"commit: d8bf25a4376cf65777ad26f71c14cfe681f626df",
			"committed: 2026-12-04T17:54:19Z",
		}},
		{"uncommitted changes", &dirty, "", "", "", []string{
			"nginx-lint v0.0.0-20261204175419-d8bf25a4376c",
			"commit: d8bf25a4376cf65777ad26f71c14cfe681f626df (with uncommitted changes)",
			"committed: 2026-12-04T17:54:19Z",
		}},
		{"go install module@tag", tagged, "", "", "", []string{
			"nginx-lint v1.2.3",
			"commit: unknown (built without version control information)",
		}},
		{"release ldflags win", vcs, "v1.2.3", "abc123", "2026-12-05T00:00:00Z", []string{
			"nginx-lint v1.2.3",
			"commit: abc123",
			"built: 2026-12-05T00:00:00Z",
		}},
		{"no build info at all", nil, "", "", "", []string{
			"nginx-lint (devel)",
			"commit: unknown (built without version control information)",
		}},
		{"no VCS", none, "", "", "", []string{
			"nginx-lint (devel)",
			"commit: unknown (built without version control information)",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Split(strings.TrimSuffix(makeBuildInfo(tt.bi, tt.ldVersion, tt.ldCommit, tt.ldDate).String(), "\n"), "\n")
			if len(got) != len(tt.want)+1 {
				t.Fatalf("got %d lines %q, want %q and a go line", len(got), got, tt.want)
			}
			for i, w := range tt.want {
				if got[i] != w {
					t.Errorf("line %d = %q, want %q", i+1, got[i], w)
				}
			}
			if last := got[len(got)-1]; !strings.HasPrefix(last, "go: go1.") {
				t.Errorf("last line = %q, want the Go version", last)
			}
		})
	}
}

func TestBuildInfoCommitTime(t *testing.T) {
	b := makeBuildInfo(&debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.time", Value: "2026-12-04T17:54:19Z"}}}, "", "", "")
	if got := b.commitTime().Format("2006-01-02"); got != "2026-12-04" {
		t.Errorf("commitTime = %s, want 2026-12-04", got)
	}
	if !makeBuildInfo(nil, "", "", "").commitTime().IsZero() {
		t.Error("commitTime without a recorded time is not zero")
	}
}

// A patch-level go line (go 1.26.8) makes a Go 1.26.0 toolchain try to
// download a newer one, which fails offline; the module needs only the
// language version.
func TestGoModDeclaresLanguageVersion(t *testing.T) {
	src, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(src)
	if m == nil {
		t.Fatal("go.mod has no go line")
	}
	if !regexp.MustCompile(`^1\.\d+$`).Match(m[1]) {
		t.Errorf("go.mod declares go %s; want a language version such as 1.26, without a patch level", m[1])
	}
	if regexp.MustCompile(`(?m)^toolchain `).Match(src) {
		t.Error("go.mod has a toolchain line; it makes older toolchains download that one")
	}
}
