package analyzer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// Fingerprints returns, for each finding, an identity that survives edits
// elsewhere in the file and any rewording of messages: a hash of the rule,
// the file name (cleaned, slash separated), the text of the directive the
// finding is about with its whitespace folded, and the number of earlier
// findings with the same three (so that two identical directives stay
// apart). A finding without a directive uses the flagged text instead, or
// the text of the flagged line when its range is empty. The message never
// counts: a new headline or note keeps every fingerprint. Baselines, SARIF
// partialFingerprints and GitLab's fingerprint all use this.
//
// Findings should be in report order (Normalize); sources maps file names
// to their text (a missing file hashes an empty text).
func Fingerprints(findings *FindingList, sources map[string]*File) []string {
	return fingerprints(findings, sources, false)
}

// MessageFingerprints are the fingerprints that baselines written before
// Fingerprints left messages out hold: the same for a finding about a
// directive; for one without a directive, a hash of its message and
// flagged text. Reading a baseline accepts them too, so that an older
// baseline keeps holding such findings while their message is unchanged.
func MessageFingerprints(findings *FindingList, sources map[string]*File) []string {
	return fingerprints(findings, sources, true)
}

func fingerprints(findings *FindingList, sources map[string]*File, message bool) []string {
	out := make([]string, findings.Len())
	fp := newFingerprinter(sources, message)
	for i, f := range findings.All() {
		out[i] = fp.Next(&f)
	}
	return out
}

// A Fingerprinter gives findings their fingerprints (see Fingerprints) one
// at a time, in report order, so that a report of millions of findings
// need not hold them all: it keeps a count per distinct identity only.
type Fingerprinter struct {
	sources map[string]*File
	message bool
	seen    map[[16]byte]uint32 // findings so far by a hash of their identity
}

// NewFingerprinter returns a Fingerprinter for findings of the files in
// sources; Next must be given every finding of the list, in order.
func NewFingerprinter(sources map[string]*File) *Fingerprinter {
	return newFingerprinter(sources, false)
}

func newFingerprinter(sources map[string]*File, message bool) *Fingerprinter {
	return &Fingerprinter{sources: sources, message: message, seen: map[[16]byte]uint32{}}
}

// Next returns the fingerprint of f, the finding after the last one given.
func (fp *Fingerprinter) Next(f *Finding) string {
	key := fingerprintKey(f, fp.sources, fp.message)
	id := sha256.Sum256([]byte(key))
	n := fp.seen[[16]byte(id[:16])]
	fp.seen[[16]byte(id[:16])] = n + 1
	sum := sha256.Sum256([]byte(key + "\x00" + strconv.FormatUint(uint64(n), 10)))
	return hex.EncodeToString(sum[:16])
}

func fingerprintKey(f *Finding, sources map[string]*File, message bool) string {
	file := f.Range.Start.File
	text := ""
	if src := sources[file]; src != nil {
		start, end := int(f.Directive.Start), int(f.Directive.End)
		if f.Directive.Empty() {
			start, end = f.Range.Start.Offset, f.Range.End.Offset
			switch {
			case message:
				text = f.Message + "\x00"
			case start >= end:
				text = "\x00line\x00"
				start, end = lineAround(src.Src, start)
			default:
				text = "\x00range\x00"
			}
		}
		if start >= 0 && end <= len(src.Src) && start <= end {
			text += strings.Join(strings.Fields(string(src.Src[start:end])), " ")
		}
	} else if message {
		text = f.Message
	}
	return f.Rule + "\x00" + path.Clean(filepath.ToSlash(file)) + "\x00" + text
}

// lineAround returns the offsets of the line that holds offset at (without
// its line break), or at, at when at is outside src.
func lineAround(src []byte, at int) (start, end int) {
	if at < 0 || at > len(src) {
		return at, at
	}
	start = bytes.LastIndexByte(src[:at], '\n') + 1
	end = len(src)
	if i := bytes.IndexByte(src[at:], '\n'); i >= 0 {
		end = at + i
	}
	return start, end
}
