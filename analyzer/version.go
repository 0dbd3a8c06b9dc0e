package analyzer

import "strings"

// CompareVersions compares two dotted nginx versions ("1.27.3") numerically,
// component by component; a missing component counts as 0 and text after
// the digits of a component is ignored ("1.25.0-rc1" is 1.25.0). It returns
// -1, 0 or +1.
func CompareVersions(a, b string) int {
	for a != "" || b != "" {
		var x, y int
		x, a = versionPart(a)
		y, b = versionPart(b)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
	}
	return 0
}

func versionPart(s string) (int, string) {
	n, i := 0, 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		n = n*10 + int(s[i]-'0')
		i++
	}
	rest := s[i:]
	if j := strings.IndexByte(rest, '.'); j >= 0 {
		rest = rest[j+1:]
	} else {
		rest = ""
	}
	return n, rest
}

// VersionAtLeast reports whether the targeted nginx version target is v or
// newer. An empty target means the newest nginx, which has everything; an
// empty v (no version known) is always satisfied.
func VersionAtLeast(target, v string) bool {
	if target == "" || v == "" {
		return true
	}
	return CompareVersions(target, v) >= 0
}

// ValidVersion reports whether s looks like an nginx version: one to three
// dot-separated numbers.
func ValidVersion(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) < 1 || len(parts) > 3 {
		return false
	}
	for _, p := range parts {
		if p == "" {
			return false
		}
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return false
			}
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
	return p.Config != nil && strings.TrimSpace(p.Config.NginxVersion) != ""
}
