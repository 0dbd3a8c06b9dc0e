package directives

import (
	"math"
	"strconv"
	"strings"
	"sync"
)

// Kind is what one argument position holds, as far as nginx checks it
// while reading the configuration.
type Kind uint8

// Argument kinds.
const (
	KAny    Kind = iota
	KSize        // 512, 16k, 8m, 1g
	KTime        // 30, 30s, 1h30m, 500ms
	KNumber      // a non-negative integer
	KFlag        // on | off
)

// kinds caches ArgKinds per row.
var kinds = sync.OnceValue(func() map[*Spec][]Kind {
	m := map[*Spec][]Kind{}
	for i := range table {
		s := &table[i]
		if k := parseKinds(s); k != nil {
			m[s] = k
		}
	}
	return m
})

// ArgKinds returns the kind of each argument position of a row whose
// syntax has a single fixed form ("proxy_buffers number size;"), or nil
// when the positions are not fixed. Only open-source rows are described.
func ArgKinds(s *Spec) []Kind { return kinds()[s] }

// customNumbers have "number" in their syntax but a handler of their own
// that reads more than a plain non-negative integer.
var customNumbers = map[string]bool{
	"worker_priority": true, // a nice value: -20 … 20
}

func parseKinds(s *Spec) []Kind {
	if s.Family != "" || s.Args&Flag != 0 || customNumbers[s.Name] {
		return nil
	}
	syn := strings.TrimSpace(s.Syntax)
	if strings.Count(syn, ";") != 1 || !strings.HasSuffix(syn, ";") {
		return nil
	}
	f := strings.Fields(strings.TrimSuffix(syn, ";"))
	if len(f) < 2 || f[0] != s.Name {
		return nil
	}
	out := make([]Kind, 0, len(f)-1)
	checked := false
	for _, w := range f[1:] {
		if strings.ContainsAny(w, "[]|.={}") {
			return nil
		}
		switch w {
		case "size":
			out = append(out, KSize)
			checked = true
		case "time":
			out = append(out, KTime)
			checked = true
		case "number":
			out = append(out, KNumber)
			checked = true
		default:
			out = append(out, KAny)
		}
	}
	if !checked {
		return nil
	}
	return out
}

// ValidSize reports whether nginx reads v as a size or offset: digits
// with an optional k, m or g unit, whose bytes fit in nginx's signed
// 64-bit size (ngx_parse_size refuses an overflow).
func ValidSize(v string) bool {
	_, ok := ParseSize(v)
	return ok
}

// ParseSize returns the bytes of a size as nginx reads it (see ValidSize).
func ParseSize(v string) (int64, bool) {
	if v == "" {
		return 0, false
	}
	scale := int64(1)
	switch v[len(v)-1] {
	case 'k', 'K':
		scale = 1 << 10
	case 'm', 'M':
		scale = 1 << 20
	case 'g', 'G':
		scale = 1 << 30
	}
	if scale > 1 {
		v = v[:len(v)-1]
	}
	if !ValidNumber(v) {
		return 0, false
	}
	n, _ := strconv.ParseInt(v, 10, 64)
	if n > math.MaxInt64/scale {
		return 0, false
	}
	return n * scale, true
}

// ValidNumber reports whether v is a non-negative decimal integer that
// fits in nginx's signed 64-bit integer (ngx_atoi refuses an overflow:
// "invalid number").
func ValidNumber(v string) bool {
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	_, err := strconv.ParseInt(v, 10, 64)
	return err == nil
}

// ParseTime reads an nginx time ("90", "1m30s", "500ms") as milliseconds;
// ok is false when nginx would reject it. Units: y M w d h m s ms; a bare
// number is seconds; each unit at most once, largest first.
func ParseTime(v string) (ms int64, ok bool) {
	if v == "" {
		return 0, false
	}
	units := []struct {
		u  string
		ms int64
	}{{"y", 365 * 86400000}, {"M", 30 * 86400000}, {"w", 7 * 86400000}, {"d", 86400000},
		{"h", 3600000}, {"ms", 1}, {"m", 60000}, {"s", 1000}}
	last := -1
	i := 0
	for i < len(v) {
		j := i
		var n int64
		for j < len(v) && v[j] >= '0' && v[j] <= '9' {
			n = n*10 + int64(v[j]-'0')
			if n > 1<<40 {
				return 0, false
			}
			j++
		}
		if j == i {
			return 0, false
		}
		if j == len(v) {
			return ms + n*1000, true
		}
		found := -1
		for k, u := range units {
			if strings.HasPrefix(v[j:], u.u) {
				found = k
				break
			}
		}
		if found < 0 {
			return 0, false
		}
		// "ms" sorts before "m" above only to match it first; order of
		// magnitude: s (7) > ms (5) is handled by comparing scales.
		if last >= 0 && units[found].ms >= units[last].ms {
			return 0, false
		}
		ms += n * units[found].ms
		last = found
		i = j + len(units[found].u)
	}
	return ms, true
}
