//go:build !unix

package fixer

import (
	"errors"
	"io/fs"
	"os"
)

// On systems without flock, owners, hard-link counts or extended
// attributes (Windows), a fix is written through the same temporary file
// and rename, without the lock and without those attributes to keep.

// errLocked is never returned here: tryLock takes no lock.
var errLocked = errors.New("locked")

// writable: the rename fails on its own when the file cannot be written.
func writable(string) error { return nil }

func tryLock(*os.File) error { return nil }

func hardLinks(fs.FileInfo) uint64 { return 1 }

func owner(fs.FileInfo) (uid, gid int, ok bool) { return 0, 0, false }

func copyXattrs(string, *os.File) error { return nil }
