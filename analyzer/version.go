package analyzer

import (
	"strconv"
	"strings"
)

// CompareVersions compares two dotted nginx versions ("1.27.3"), returning
// -1, 0 or 1. Missing parts count as 0; non-numeric parts as 0.
func CompareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < max(len(pa), len(pb)); i++ {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(strings.TrimSpace(pa[i]))
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(strings.TrimSpace(pb[i]))
		}
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
	}
	return 0
}

// VersionBefore reports whether the targeted nginx version is older than v.
// An empty NginxVersion means the newest nginx, so it is never before.
func (c *Config) VersionBefore(v string) bool {
	if c == nil || c.NginxVersion == "" {
		return false
	}
	return CompareVersions(c.NginxVersion, v) < 0
}
