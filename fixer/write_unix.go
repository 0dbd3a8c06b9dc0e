//go:build unix

package fixer

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// errLocked is tryLock's answer when another process holds the lock.
var errLocked = unix.EWOULDBLOCK

// writable reports whether the file's own permission (and, for root, the
// immutable attribute) lets this process write it.
func writable(target string) error { return syscall.Access(target, unix.W_OK) }

// tryLock takes an exclusive flock on f without waiting.
func tryLock(f *os.File) error { return unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB) }

// hardLinks is the number of names the file has.
func hardLinks(st fs.FileInfo) uint64 {
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		return uint64(sys.Nlink) //nolint:unconvert // Nlink is uint16 on some systems
	}
	return 1
}

// owner is the file's owner and group.
func owner(st fs.FileInfo) (uid, gid int, ok bool) {
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		return int(sys.Uid), int(sys.Gid), true
	}
	return 0, 0, false
}

// copyXattrs gives tf the extended attributes of the file at src (ACLs,
// SELinux labels, user.* attributes). A file system without them is fine;
// an attribute that cannot be set is an error.
func copyXattrs(src string, tf *os.File) error {
	names, err := listXattrs(src)
	if err != nil || len(names) == 0 {
		return nil //nolint:nilerr // no attributes to keep where they are not supported
	}
	for _, name := range names {
		val, err := getXattr(src, name)
		if err != nil {
			return fmt.Errorf("cannot read extended attribute %s: %w", name, err)
		}
		if err := unix.Fsetxattr(int(tf.Fd()), name, val, 0); err != nil {
			if cur, gerr := fgetXattr(tf, name); gerr == nil && bytes.Equal(cur, val) {
				continue // already set (a label the system gave the new file)
			}
			return fmt.Errorf("extended attribute %s: %w", name, err)
		}
	}
	return nil
}

func listXattrs(p string) ([]string, error) {
	n, err := unix.Llistxattr(p, nil)
	if err != nil || n == 0 {
		return nil, err
	}
	buf := make([]byte, n)
	if n, err = unix.Llistxattr(p, buf); err != nil {
		return nil, err
	}
	var out []string
	for _, s := range strings.Split(string(buf[:n]), "\x00") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}

func getXattr(p, name string) ([]byte, error) {
	n, err := unix.Lgetxattr(p, name, nil)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, n)
	n, err = unix.Lgetxattr(p, name, buf)
	return buf[:n], err
}

func fgetXattr(f *os.File, name string) ([]byte, error) {
	n, err := unix.Fgetxattr(int(f.Fd()), name, nil)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, n)
	n, err = unix.Fgetxattr(int(f.Fd()), name, buf)
	return buf[:n], err
}
