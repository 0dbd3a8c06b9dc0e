// Package action tests the shell steps of the GitHub Action (action.yml):
// install.sh, which puts nginx-lint on the job's PATH, and run.sh, which
// runs it with the action's inputs. The scripts run under bash with the
// environment the action's steps give them.
package action

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// script runs an action script with env added to a minimal environment
// and returns its stdout, stderr and exit status.
func script(t *testing.T, name, dir string, env ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command("bash", filepath.Join(testutil.RepoRoot(t), "action", name))
	cmd.Dir = dir
	cmd.Env = append([]string{"HOME=" + os.Getenv("HOME"), "LANG=C.UTF-8"}, env...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("%s: %v", name, err)
		}
	}
	return out.String(), errOut.String(), cmd.ProcessState.ExitCode()
}

// systemPath is a PATH with bash, coreutils, xargs, curl and tar, and no Go.
const systemPath = "/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin"

// argvRecorder is a stand-in nginx-lint that prints each argument in
// brackets, one a line.
func argvRecorder(t *testing.T) string {
	dir := t.TempDir()
	src := "#!/bin/sh\nfor a; do printf '[%s]\\n' \"$a\"; done\n"
	if err := os.WriteFile(filepath.Join(dir, "nginx-lint"), []byte(src), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestRunArguments: multi-line paths and quoted args reach nginx-lint as
// the words a user wrote, nothing expanded.
func TestRunArguments(t *testing.T) {
	bin := argvRecorder(t)
	tests := []struct {
		name, paths, args, sarif string
		want                     []string // the check command's words after "check --format github"
		wantCode                 int
		wantErr                  string
	}{
		{
			name:  "defaults",
			paths: ".",
			want:  []string{"."},
		},
		{
			name:  "empty paths check the working directory",
			paths: "  \n",
			want:  []string{"."},
		},
		{
			name:  "multi-line paths, a quoted one with a space",
			paths: "deploy/nginx\n\"conf dir/site.conf\"  other.conf\n\n  'single quoted dir'\n",
			want:  []string{"deploy/nginx", "conf dir/site.conf", "other.conf", "single quoted dir"},
		},
		{
			name:  "quoted args stay whole; nothing is expanded",
			paths: "nginx.conf",
			args:  `--fail-on error --config "ci dir/nginx-lint.yaml" --exclude '*.bak' $HOME ` + "`id` $(id)",
			sarif: "reports/nginx lint.sarif",
			want: []string{"--output", "sarif=reports/nginx lint.sarif", "--fail-on", "error", "--config", "ci dir/nginx-lint.yaml",
				"--exclude", "*.bak", "$HOME", "`id`", "$(id)", "nginx.conf"},
		},
		{
			name:     "an unmatched quote is an error",
			paths:    ".",
			args:     `--config "ci/x.yaml`,
			wantCode: 2,
			wantErr:  "cannot read the words of args",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := script(t, "run.sh", t.TempDir(), "PATH="+bin+":"+systemPath,
				"NGINX_LINT_PATHS="+tt.paths, "NGINX_LINT_ARGS="+tt.args, "NGINX_LINT_SARIF="+tt.sarif)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, out, errOut)
			}
			if tt.wantErr != "" {
				if !strings.Contains(errOut, tt.wantErr) {
					t.Errorf("stderr %q does not say %q", errOut, tt.wantErr)
				}
				return
			}
			var check []string
			for _, l := range strings.Split(out, "\n") {
				if strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]") {
					check = append(check, l[1:len(l)-1])
				}
			}
			// The recorder prints `version` first, then the check.
			want := append([]string{"version", "check", "--format", "github"}, tt.want...)
			if strings.Join(check, "\x00") != strings.Join(want, "\x00") {
				t.Errorf("nginx-lint got\n  %q\nwant\n  %q", check, want)
			}
		})
	}
}

// release writes a stand-in release of version ver under dir/ver: a Linux
// amd64 archive holding an nginx-lint that prints its version, and
// checksums.txt. It returns the archive's name.
func release(t *testing.T, dir, ver string) string {
	t.Helper()
	asset := "nginx-lint_" + strings.TrimPrefix(ver, "v") + "_linux_amd64.tar.gz"
	var buf strings.Builder
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	exe := "#!/bin/sh\necho 'nginx-lint " + ver + " (from the release archive)'\n"
	for _, f := range []struct{ name, body string }{{"README.md", "readme\n"}, {"nginx-lint", exe}} {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o755, Size: int64(len(f.body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(f.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(buf.String()))
	mustWrite(t, filepath.Join(dir, ver, asset), buf.String())
	mustWrite(t, filepath.Join(dir, ver, "checksums.txt"),
		"0000000000000000000000000000000000000000000000000000000000000000  nginx-lint_other.zip\n"+hex.EncodeToString(sum[:])+"  "+asset+"\n")
	return asset
}

// installEnv is the environment of the action's install step.
func installEnv(t *testing.T, path, releases string, env ...string) (runnerTemp, githubPath string, all []string) {
	runnerTemp = t.TempDir()
	githubPath = filepath.Join(t.TempDir(), "github_path")
	mustWrite(t, githubPath, "")
	all = append([]string{"PATH=" + path, "RUNNER_TEMP=" + runnerTemp, "GITHUB_PATH=" + githubPath,
		"RUNNER_OS=Linux", "RUNNER_ARCH=X64", "ACTION_REPOSITORY=nginx-lint/nginx-lint",
		"ACTION_PATH=" + testutil.RepoRoot(t), "NGINX_LINT_RELEASES=file://" + releases}, env...)
	return runnerTemp, githubPath, all
}

// TestInstallRelease: a tagged ref or a version input downloads the
// release archive and uses it only when its checksum matches.
func TestInstallRelease(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the stand-in release is a Linux archive")
	}
	releases := t.TempDir()
	asset := release(t, releases, "v1.2.3")
	release(t, releases, "v0.9.0-rc.1")

	for _, tt := range []struct{ name, ref, version, want string }{
		{"the action's tag", "v1.2.3", "", "v1.2.3"},
		{"a version input over a branch ref", "main", "v1.2.3", "v1.2.3"},
		{"a version input over another tag", "v1.2.3", "v0.9.0-rc.1", "v0.9.0-rc.1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			temp, gp, env := installEnv(t, systemPath, releases, "ACTION_REF="+tt.ref, "NGINX_LINT_VERSION="+tt.version)
			out, errOut, code := script(t, "install.sh", t.TempDir(), env...)
			if code != 0 {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
			}
			if !strings.Contains(out, "SHA-256") || !strings.Contains(out, "matches checksums.txt") {
				t.Errorf("no checksum line in\n%s", out)
			}
			if !strings.Contains(out, "nginx-lint "+tt.want+" (from the release archive)") {
				t.Errorf("the installed nginx-lint is not %s's:\n%s", tt.want, out)
			}
			bindir := filepath.Join(temp, "nginx-lint-bin")
			if b, _ := os.ReadFile(gp); string(b) != bindir+"\n" {
				t.Errorf("GITHUB_PATH = %q, want %q alone", b, bindir+"\n")
			}
		})
	}

	t.Run("a checksum that does not match", func(t *testing.T) {
		p := filepath.Join(releases, "v1.2.3", asset)
		b, _ := os.ReadFile(p)
		bad := t.TempDir()
		release(t, bad, "v1.2.3")
		mustWrite(t, filepath.Join(bad, "v1.2.3", asset), string(b)+"tampered")
		temp, gp, env := installEnv(t, systemPath, bad, "ACTION_REF=v1.2.3")
		out, errOut, code := script(t, "install.sh", t.TempDir(), env...)
		if code == 0 {
			t.Fatalf("installed a tampered archive\nstdout:\n%s", out)
		}
		if !strings.Contains(errOut, "does not match checksums.txt") {
			t.Errorf("stderr does not name the checksum mismatch:\n%s", errOut)
		}
		if _, err := os.Stat(filepath.Join(temp, "nginx-lint-bin", "nginx-lint")); err == nil {
			t.Error("the tampered binary was installed")
		}
		if b, _ := os.ReadFile(gp); len(b) != 0 {
			t.Errorf("GITHUB_PATH written: %q", b)
		}
	})

	for _, tt := range []struct{ name, env, wantErr string }{
		{"no archive for the platform", "RUNNER_ARCH=ARM64", "cannot download nginx-lint_1.2.3_linux_arm64.tar.gz"},
		{"no such release", "NGINX_LINT_VERSION=v9.9.9", "cannot download checksums.txt of nginx-lint v9.9.9"},
		{"a version that is not a tag", "NGINX_LINT_VERSION=latest", `want a release tag such as v1.2.3, or "source"; got "latest"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, env := installEnv(t, systemPath, releases, "ACTION_REF=v1.2.3", tt.env)
			_, errOut, code := script(t, "install.sh", t.TempDir(), env...)
			if code == 0 || !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("exit %d, stderr:\n%s\nwant a failure saying %q", code, errOut, tt.wantErr)
			}
		})
	}
}

// fakeSource is a module standing in for the action's checkout: its
// ./cmd/nginx-lint prints a version line, so the build is quick.
func fakeSource(t *testing.T) string {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "go.mod"), "module example.com/fake\n\ngo 1.26\n")
	mustWrite(t, filepath.Join(dir, "cmd", "nginx-lint", "main.go"), `package main

import "fmt"

var commit = "unknown"

func main() { fmt.Println("nginx-lint (devel) built from source, commit " + commit) }
`)
	return dir
}

// TestInstallSource: an untagged ref builds from the action's checkout with
// the Go on PATH, and writes nothing but nginx-lint's directory to
// GITHUB_PATH (the job's Go stays as it was); without Go it says what to do.
func TestInstallSource(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	sha := "0123456789abcdef0123456789abcdef01234567"
	for _, tt := range []struct{ name, ref, version, want string }{
		{"a branch", "main", "", "commit unknown"},
		{"a commit", sha, "", "commit " + sha},
		{"version: source over a tag", "v1.2.3", "source", "commit unknown"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			githubEnv := filepath.Join(t.TempDir(), "github_env")
			mustWrite(t, githubEnv, "")
			temp, gp, env := installEnv(t, filepath.Dir(goBin)+":"+systemPath, t.TempDir(),
				"ACTION_REF="+tt.ref, "NGINX_LINT_VERSION="+tt.version, "ACTION_PATH="+fakeSource(t), "GITHUB_ENV="+githubEnv,
				"GOCACHE="+goEnv(t, "GOCACHE"), "GOPATH="+goEnv(t, "GOPATH"), "GOPROXY=off")
			out, errOut, code := script(t, "install.sh", t.TempDir(), env...)
			if code != 0 {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
			}
			if !strings.Contains(out, "building nginx-lint from ") || !strings.Contains(out, "nginx-lint (devel) built from source, "+tt.want+"\n") {
				t.Errorf("no build line, or not %q, in\n%s", tt.want, out)
			}
			bindir := filepath.Join(temp, "nginx-lint-bin")
			if b, _ := os.ReadFile(gp); string(b) != bindir+"\n" {
				t.Errorf("GITHUB_PATH = %q, want %q alone", b, bindir+"\n")
			}
			if b, _ := os.ReadFile(githubEnv); len(b) != 0 {
				t.Errorf("GITHUB_ENV written: %q", b)
			}
		})
	}

	t.Run("without Go", func(t *testing.T) {
		_, gp, env := installEnv(t, systemPath, t.TempDir(), "ACTION_REF=main")
		_, errOut, code := script(t, "install.sh", t.TempDir(), env...)
		if code == 0 || !strings.Contains(errOut, "no Go on PATH") || !strings.Contains(errOut, "uses: nginx-lint/nginx-lint@vX.Y.Z") {
			t.Errorf("exit %d, stderr:\n%s\nwant a failure naming the ways out", code, errOut)
		}
		if b, _ := os.ReadFile(gp); len(b) != 0 {
			t.Errorf("GITHUB_PATH written: %q", b)
		}
	})
}

func goEnv(t *testing.T, name string) string {
	b, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

func mustWrite(t *testing.T, name, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
