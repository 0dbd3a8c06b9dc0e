package fixer

import (
	"fmt"
	"path/filepath"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
)

// Diff returns a unified diff from f.Old to f.New headed `--- a/NAME` and
// `+++ b/NAME`, NAME being the file's display name (relative to the working
// directory when the file is below it). `patch -p1` and `git apply` run in
// that directory apply it. A name with control characters, quotes,
// backslashes or bytes outside ASCII is quoted the way git quotes it
// (gitQuote), which both read back. It returns "" when the texts are equal.
func Diff(f *File) string {
	name := filepath.ToSlash(f.Name)
	return udiff.Unified(gitQuote("a/"+name), gitQuote("b/"+name), string(f.Old), string(f.New))
}

// gitQuote returns name as git writes a path in a diff header: as it is
// when every byte is printable ASCII other than '"' and '\' (followed by a
// tab when it holds a space), else in
// double quotes with C escapes (\n, \t, \", \\, …) and every other byte
// below 0x20 or from 0x7f up in octal (\033, \303\251). A name can then
// neither break the header line nor make patch read another file's name.
func gitQuote(name string) string {
	quote := false
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			quote = true
			break
		}
	}
	if !quote {
		if strings.Contains(name, " ") {
			// A tab ends a name with spaces, as git writes it: patch
			// would otherwise stop at the first space.
			return name + "\t"
		}
		return name
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(name); i++ {
		switch c := name[i]; c {
		case '\a':
			b.WriteString(`\a`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\v':
			b.WriteString(`\v`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		default:
			if c < 0x20 || c >= 0x7f {
				fmt.Fprintf(&b, `\%03o`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
