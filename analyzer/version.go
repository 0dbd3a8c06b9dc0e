package analyzer

import (
	"strconv"
	"strings"
)

// VersionAtLeast reports whether the nginx version a config targets is v or
// later. An empty cfgVersion means the newest nginx, so it is at least every
// version. Versions are dotted numbers ("1.29.3"); missing parts count as 0
// and anything after the numbers ("1.25.0-plus", "1.24.0 (Ubuntu)") is
// ignored. An unreadable cfgVersion also counts as the newest.
func VersionAtLeast(cfgVersion, v string) bool {
	have, ok := parseVersion(cfgVersion)
	if !ok {
		return true
	}
	want, _ := parseVersion(v)
	for i := 0; i < 3; i++ {
		if have[i] != want[i] {
			return have[i] > want[i]
		}
	}
	return true
}

// TargetsAtLeast reports whether the analysed config targets nginx v or later
// (true when no version is configured).
func (p *Pass) TargetsAtLeast(v string) bool {
	if p.Config == nil {
		return true
	}
	return VersionAtLeast(p.Config.NginxVersion, v)
}

// VersionSet reports whether the configuration names an nginx version.
func (p *Pass) VersionSet() bool {
	if p.Config == nil {
		return false
	}
	_, ok := parseVersion(p.Config.NginxVersion)
	return ok
}

func parseVersion(s string) ([3]int, bool) {
	var out [3]int
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "nginx/"), "v")
	if s == "" {
		return out, false
	}
	parts := strings.SplitN(s, ".", 4)
	for i := 0; i < len(parts) && i < 3; i++ {
		p := parts[i]
		end := 0
		for end < len(p) && p[end] >= '0' && p[end] <= '9' {
			end++
		}
		if end == 0 {
			return out, i > 0
		}
		n, err := strconv.Atoi(p[:end])
		if err != nil {
			return out, false
		}
		out[i] = n
		if end < len(p) {
			break
		}
	}
	return out, true
}
