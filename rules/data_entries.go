package rules

import (
	"net"
	"strconv"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// checkDataEntries reports the entries of map, geo and split_clients
// blocks that nginx refuses while reading them: the wrong number of words,
// a geo network that is no address, a split_clients share that is no
// percentage (each in nginx's words).
func checkDataEntries(p *analyzer.Pass) {
	p.Each([]string{"map", "geo", "split_clients"}, func(b *analyzer.Directive) {
		if b.Block == nil || b.Block.Raw {
			return
		}
		ranges := false
		for _, e := range b.Block.Items {
			if templatedValue(e.Name()) || e.Block != nil {
				continue
			}
			n := 1 + len(e.Args()) // nginx counts the entry's first word too
			bad := func(at analyzer.Range, msg string) {
				p.Reportf(e, at, "%s", msg).Note("nginx refuses to start: %s in a %s block", msg, b.Name())
			}
			switch b.Name() {
			case "map":
				if n == 1 && (e.Name() == "hostnames" || e.Name() == "volatile") {
					continue
				}
				if n != 2 {
					bad(e.NameRange(), "invalid number of the map parameters")
				}
			case "geo":
				if n == 1 && (e.Name() == "ranges" || e.Name() == "proxy_recursive") {
					ranges = ranges || e.Name() == "ranges"
					continue
				}
				if n != 2 {
					bad(e.NameRange(), "invalid number of the geo parameters")
					continue
				}
				switch e.Name() {
				case "default", "include", "proxy":
					continue
				}
				network := e.Name()
				if e.Name() == "delete" {
					network = e.Args()[0].Value()
				}
				if !ranges && !isNetwork(network) {
					bad(e.NameRange(), "invalid network \""+analyzer.Snippet(network)+"\"")
				}
			case "split_clients":
				// nginx reads the share before it counts the words.
				if w := e.Name(); w != "*" && !isPercent(w) {
					bad(e.NameRange(), "invalid percent value \""+analyzer.Snippet(w)+"\"")
				}
			}
		}
	})
}

// isNetwork reports whether w is what geo takes as a network: an address
// or an address with a prefix length.
func isNetwork(w string) bool {
	if net.ParseIP(w) != nil {
		return true
	}
	_, _, err := net.ParseCIDR(w)
	return err == nil
}

// isPercent reports whether w is a split_clients share: a number with at
// most two decimals, then "%".
func isPercent(w string) bool {
	num, ok := strings.CutSuffix(w, "%")
	if !ok || num == "" {
		return false
	}
	whole, frac, _ := strings.Cut(num, ".")
	if len(frac) > 2 || whole == "" && frac == "" {
		return false
	}
	for _, part := range []string{whole, frac} {
		if part == "" {
			continue
		}
		if _, err := strconv.ParseUint(part, 10, 32); err != nil {
			return false
		}
	}
	return true
}
