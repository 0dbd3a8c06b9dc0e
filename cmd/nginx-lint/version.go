package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// Set at build time by releases (see .goreleaser.yaml):
//
//	go build -ldflags "-X main.version=v1.2.3 -X main.commit=abc123 -X main.date=2026-01-02T03:04:05Z"
//
// Left empty, each is read from the build info the Go toolchain records:
// the module version (a tag for `go install …@v1.2.3`, a pseudo-version
// for a build from a git checkout) and the VCS revision and commit time.
var version, commit, date string

// buildInfo is what `nginx-lint version` prints.
type buildInfo struct {
	Version  string // module version, or "(devel)" when the toolchain recorded none
	Commit   string // VCS revision, "" when unknown
	Date     string // RFC 3339; the build date when stamped, else the commit time
	Stamped  bool   // Date is the build date set by ldflags (not the commit time)
	Modified bool   // built from a checkout with uncommitted changes
	Go       string // toolchain and platform
}

// readBuildInfo merges the ldflags values over the toolchain's build info.
func readBuildInfo() buildInfo {
	var bi *debug.BuildInfo
	if b, ok := debug.ReadBuildInfo(); ok {
		bi = b
	}
	return makeBuildInfo(bi, version, commit, date)
}

// makeBuildInfo is readBuildInfo with its inputs given (for tests).
func makeBuildInfo(bi *debug.BuildInfo, ldVersion, ldCommit, ldDate string) buildInfo {
	b := buildInfo{Version: "(devel)", Go: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH}
	if bi != nil {
		if v := bi.Main.Version; v != "" {
			b.Version = v
		}
		if bi.GoVersion != "" {
			b.Go = bi.GoVersion + " " + runtime.GOOS + "/" + runtime.GOARCH
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Commit = s.Value
			case "vcs.time":
				b.Date = s.Value
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
	}
	if ldVersion != "" {
		b.Version = ldVersion
	}
	if ldCommit != "" {
		b.Commit = ldCommit
	}
	if ldDate != "" {
		b.Date, b.Stamped = ldDate, true
	}
	return b
}

// versionString is the short version: SARIF's tool version and the first
// word after "nginx-lint" in `nginx-lint version`.
func versionString() string { return readBuildInfo().Version }

// String is the text of `nginx-lint version` and `nginx-lint --version`.
func (b buildInfo) String() string {
	var s strings.Builder
	fmt.Fprintf(&s, "nginx-lint %s\n", b.Version)
	if b.Commit != "" {
		c := b.Commit
		if b.Modified {
			c += " (with uncommitted changes)"
		}
		fmt.Fprintf(&s, "commit: %s\n", c)
	} else {
		// Go records no VCS information under -buildvcs=false, outside a
		// git checkout, and in a linked git worktree (Go issue 58218).
		s.WriteString("commit: unknown (built without version control information)\n")
	}
	if b.Date != "" {
		label := "committed"
		if b.Stamped {
			label = "built"
		}
		fmt.Fprintf(&s, "%s: %s\n", label, b.Date)
	}
	fmt.Fprintf(&s, "go: %s\n", b.Go)
	return s.String()
}

// commitTime is the commit time recorded in the build, for dates that
// should not change from one build of the same commit to the next (the
// man page's); zero when unknown.
func (b buildInfo) commitTime() time.Time {
	t, err := time.Parse(time.RFC3339, b.Date)
	if err != nil {
		return time.Time{}
	}
	return t
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and build date of nginx-lint",
		Long: `Print the version of nginx-lint, the commit it was built from and when.

A release prints its tag and build date; a build from a git checkout
(go build, go install ./cmd/nginx-lint) prints the module's pseudo-version,
the commit and its time, and says when the checkout had uncommitted changes.`,
		Example: "  nginx-lint version\n  nginx-lint --version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprint(cmd.OutOrStdout(), readBuildInfo())
			return nil
		},
	}
}
