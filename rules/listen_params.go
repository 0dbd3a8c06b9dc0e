package rules

import (
	"strconv"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

// listenParams are the parameters nginx's listen reads after the address,
// per module, with the version that added each ("" = always there). A name
// ending in '=' takes a value. setfib= and accept_filter= exist on FreeBSD
// only; they are taken as known, since the target system is not.
var listenParams = map[string]map[string]string{
	"http": {
		"default_server": "", "default": "", "bind": "", "setfib=": "", "fastopen=": "1.5.8",
		"backlog=": "", "rcvbuf=": "", "sndbuf=": "", "accept_filter=": "", "deferred": "",
		"ipv6only=": "", "reuseport": "1.9.1", "ssl": "", "http2": "1.9.5",
		"quic": "1.25.0", "so_keepalive=": "1.1.11", "proxy_protocol": "1.5.12", "multipath": "1.29.7",
	},
	"stream": {
		"udp": "", "bind": "", "fastopen=": "", "backlog=": "", "rcvbuf=": "", "sndbuf=": "",
		"ipv6only=": "", "reuseport": "", "ssl": "", "so_keepalive=": "", "proxy_protocol": "1.11.4",
		"default_server": "1.25.5", "setfib=": "1.25.5", "accept_filter=": "1.25.5", "deferred": "1.25.5",
		"multipath": "1.29.7",
	},
	"mail": {
		"bind": "", "backlog=": "", "rcvbuf=": "", "sndbuf=": "", "ipv6only=": "", "ssl": "",
		"so_keepalive=": "", "proxy_protocol": "1.19.8", "multipath": "1.29.7",
	},
}

// checkListen reports a listen address or parameter nginx refuses, in
// nginx's words: an unknown parameter (often the next directive's name
// after a missing ';'), a parameter newer than the target nginx, or a
// value nginx cannot read.
func checkListen(p *analyzer.Pass, d *analyzer.Directive, env *directives.Env) {
	family := "http"
	switch d.Ctx {
	case analyzer.CtxServer:
	case analyzer.CtxStreamServer:
		family = "stream"
	case analyzer.CtxMailServer:
		family = "mail"
	default:
		return
	}
	if len(d.Args()) == 0 {
		return
	}
	if a := d.Args()[0]; !a.HasVar() && !templatedValue(a.Value()) {
		if msg := listenAddrError(a.Value()); msg != "" {
			p.Reportf(d, a.Range(), "%s in %q of the \"listen\" directive", msg, analyzer.Snippet(a.Value())).
				Note("nginx refuses to start: it cannot read %q as an address and port to listen on", a.Value())
			return
		}
	}
	params := listenParams[family]
	for _, a := range d.Args()[1:] {
		key, val, ok := paramKey(a)
		if !ok {
			continue
		}
		v := a.Value()
		since, known := params[key]
		if !known {
			unknownListenParam(p, d, a, family)
			return
		}
		if since != "" && !analyzer.VersionAtLeast(env.Version, since) {
			p.Reportf(d, a.Range(), "%s in the target nginx %s", invalidListenParam(family, v), env.Version).
				Note("nginx refuses to start: the %q parameter of a %s listen appeared in nginx %s", strings.TrimSuffix(key, "="), family, since)
			return
		}
		if msg := listenValueError(key, val); msg != "" {
			p.Reportf(d, a.Range(), "%s", msg).
				Note("nginx refuses to start: it cannot read the value of %q", strings.TrimSuffix(key, "="))
			return
		}
	}
}

// paramKey splits a parameter into its name ("backlog=" with its '=', or
// "ssl") and value; ok is false for a word with a variable or a template
// placeholder, which is not judged.
func paramKey(a *analyzer.Arg) (key, val string, ok bool) {
	v := a.Value()
	if a.HasVar() || templatedValue(v) {
		return "", "", false
	}
	key, val, hasVal := strings.Cut(v, "=")
	if hasVal {
		key += "="
	}
	return key, val, true
}

// invalidListenParam is nginx's message for a parameter its listen does not
// know: the http module and the stream and mail ones word it differently.
func invalidListenParam(family, v string) string {
	if family == "http" {
		return "invalid parameter " + strconv.Quote(v)
	}
	return "the invalid " + strconv.Quote(v) + " parameter"
}

func unknownListenParam(p *analyzer.Pass, d *analyzer.Directive, a *analyzer.Arg, family string) {
	v := a.Value()
	f := p.Reportf(d, a.Range(), "%s", invalidListenParam(family, analyzer.Snippet(v))).
		Note("nginx refuses to start: a %s listen takes the address, then parameters such as %s", family, listenParamList(family))
	switch {
	case v == "spdy":
		f.Note("nginx 1.9.5 replaced SPDY with HTTP/2: write http2")
	case directives.Lookup(v) != nil && len(d.Args()) > 1 && a == d.Args()[1]:
		f.Note("%q is a directive: is the \";\" after the address missing?", v)
	case directives.Lookup(v) != nil:
		f.Note("%q is a directive: is a \";\" missing before it?", v)
	default:
		best, dist := "", 3
		for k := range listenParams[family] {
			k = strings.TrimSuffix(k, "=")
			if e := analyzer.EditDistance(strings.ToLower(strings.SplitN(v, "=", 2)[0]), k); e < dist {
				best, dist = k, e
			}
		}
		if best != "" {
			f.Note("did you mean %q?", best)
		}
	}
}

// listenParamList names the common parameters of a family's listen.
func listenParamList(family string) string {
	switch family {
	case "stream":
		return "udp, ssl, proxy_protocol, reuseport, backlog="
	case "mail":
		return "ssl, proxy_protocol, backlog="
	}
	return "default_server, ssl, http2, proxy_protocol, reuseport, backlog="
}

// listenAddrError is nginx's error for a listen address it cannot read
// (ngx_parse_url with listen set), or "".
func listenAddrError(s string) string {
	if len(s) >= 5 && strings.EqualFold(s[:5], "unix:") {
		if len(s) == 5 {
			return "no path in the unix domain socket"
		}
		return ""
	}
	var port string
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return "invalid host"
		}
		rest := s[end+1:]
		if rest == "" {
			return ""
		}
		if rest[0] != ':' {
			return "invalid host"
		}
		port = rest[1:]
	} else if i := strings.IndexByte(s, ':'); i >= 0 {
		if i == 0 {
			return "no host"
		}
		port = s[i+1:]
	} else if _, err := strconv.Atoi(beforeByte(s, '-')); err == nil {
		port = s
	} else {
		return ""
	}
	lo, hi, isRange := strings.Cut(port, "-")
	if !validPort(lo) || isRange && (!validPort(hi) || atoi(hi) < atoi(lo)) {
		return "invalid port"
	}
	return ""
}

func beforeByte(s string, sep byte) string {
	if i := strings.IndexByte(s, sep); i >= 0 {
		return s[:i]
	}
	return s
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// listenValueError is nginx's error for the value of a listen parameter
// it cannot read, or "".
func listenValueError(key, val string) string {
	name := strings.TrimSuffix(key, "=")
	bad := false
	switch key {
	case "backlog=":
		n, err := strconv.Atoi(val)
		bad = err != nil || n == 0 || val[0] == '+'
	case "fastopen=":
		n, err := strconv.Atoi(val)
		bad = err != nil || n < 0 || val[0] == '+' || val[0] == '-'
	case "rcvbuf=", "sndbuf=":
		bad = !directives.ValidSize(val)
	case "ipv6only=":
		if val != "on" && val != "off" {
			return "invalid parameter " + strconv.Quote(key+val)
		}
	case "so_keepalive=":
		if val == "on" || val == "off" {
			return ""
		}
		parts := strings.Split(val, ":")
		bad = len(parts) != 3 || parts[0] == "" && parts[1] == "" && parts[2] == ""
		for i, part := range parts {
			if part == "" || bad {
				continue
			}
			if i < 2 {
				_, ok := directives.ParseTime(part)
				bad = !ok
			} else {
				bad = !directives.ValidNumber(part)
			}
		}
		if bad {
			return "invalid so_keepalive value: " + strconv.Quote(val)
		}
		return ""
	}
	if bad {
		return "invalid " + name + " " + strconv.Quote(key+val)
	}
	return ""
}
