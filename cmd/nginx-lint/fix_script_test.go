package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"
)

// fixConditions adds script conditions for the fix scripts:
//
//	[root]       the tests run as root (file modes do not stop writes)
//	[immutable]  `chattr +i` works in the temporary directory, so a file
//	             can be made unwritable even for root
func fixConditions(cond string) (bool, error) {
	switch cond {
	case "root":
		return os.Geteuid() == 0, nil
	case "immutable":
		return canImmutable(), nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}

var canImmutable = sync.OnceValue(func() bool {
	if _, err := exec.LookPath("chattr"); err != nil {
		return false
	}
	f, err := os.CreateTemp("", "nginx-lint-chattr-*")
	if err != nil {
		return false
	}
	f.Close()
	defer os.Remove(f.Name())
	if exec.Command("chattr", "+i", f.Name()).Run() != nil {
		return false
	}
	_ = exec.Command("chattr", "-i", f.Name()).Run()
	return true
})

// fixSetup makes sure a script that stops half-way does not leave an
// immutable file behind that the work directory cannot be removed with.
func fixSetup(env *testscript.Env) {
	if os.Geteuid() == 0 && canImmutable() {
		dir := env.WorkDir
		env.Defer(func() { _ = exec.Command("chattr", "-R", "-i", dir).Run() })
	}
}

// fixCmds adds script commands:
//
//	filemode FILE MODE   FILE's permission bits are MODE (octal)
//	symlinked LINK       LINK is a symbolic link
var fixCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"filemode": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: filemode FILE MODE")
		}
		want, err := strconv.ParseUint(args[1], 8, 32)
		ts.Check(err)
		st, err := os.Stat(ts.MkAbs(args[0]))
		ts.Check(err)
		got := uint64(st.Mode().Perm())
		if (got == want) == neg {
			ts.Fatalf("%s has mode %#o, want %s%#o", args[0], got, map[bool]string{true: "not ", false: ""}[neg], want)
		}
	},
	"symlinked": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 {
			ts.Fatalf("usage: symlinked LINK")
		}
		st, err := os.Lstat(ts.MkAbs(args[0]))
		ts.Check(err)
		if (st.Mode()&os.ModeSymlink != 0) == neg {
			ts.Fatalf("%s: symlink=%v", filepath.Base(args[0]), !neg)
		}
	},
}
