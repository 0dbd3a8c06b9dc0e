package analyzer

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// Fingerprints returns, for each finding, an identity that survives edits
// elsewhere in the file: a hash of the rule, the file name (cleaned,
// slash separated), the text of the directive the finding is about with its
// whitespace folded, and the number of earlier findings with the same three
// (so that two identical directives stay apart). Findings without a
// directive use the flagged text and the message instead. Baselines, SARIF
// partialFingerprints and GitLab's fingerprint all use this.
//
// Findings should be in report order (Normalize); sources maps file names
// to their text (a missing file hashes an empty text).
func Fingerprints(findings []Finding, sources map[string]*File) []string {
	out := make([]string, len(findings))
	seen := map[string]int{}
	for i := range findings {
		key := fingerprintKey(&findings[i], sources)
		n := seen[key]
		seen[key] = n + 1
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(n)))
		out[i] = hex.EncodeToString(sum[:16])
	}
	return out
}

func fingerprintKey(f *Finding, sources map[string]*File) string {
	file := f.Range.Start.File
	text := ""
	if src := sources[file]; src != nil {
		start, end := int(f.Directive.Start), int(f.Directive.End)
		if f.Directive.Empty() {
			start, end = f.Range.Start.Offset, f.Range.End.Offset
			text = f.Message + "\x00"
		}
		if start >= 0 && end <= len(src.Src) && start <= end {
			text += strings.Join(strings.Fields(string(src.Src[start:end])), " ")
		}
	} else {
		text = f.Message
	}
	return f.Rule + "\x00" + path.Clean(filepath.ToSlash(file)) + "\x00" + text
}
