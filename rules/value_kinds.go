package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

// valueCheckers read the values of directives whose syntax has more than
// one form, so that the table's argument kinds do not describe them: each
// returns nginx's message for the first value it refuses, with that
// value's index, or "" when nginx takes them all.
var valueCheckers = map[string]func(d *analyzer.Directive) (int, string){
	"limit_rate":        sizeValue,
	"limit_rate_after":  sizeValue,
	"keepalive_timeout": timeValues,
	"worker_processes":  workerProcesses,
	"limit_req_status":  statusValue,
	"limit_conn_status": statusValue,
	"expires":           expiresValue,
	"keepalive":         keepaliveValue,
	"protocol":          mailProtocol,
	"zone":              upstreamZone,
}

// checkValueForms reports a value nginx refuses (see valueCheckers).
func checkValueForms(p *analyzer.Pass, d *analyzer.Directive) {
	check, ok := valueCheckers[d.Name()]
	if !ok || len(d.Args()) == 0 {
		return
	}
	for _, a := range d.Args() {
		if templatedValue(a.Value()) {
			return
		}
	}
	if i, msg := check(d); msg != "" {
		p.Reportf(d, d.Args()[i].Range(), "invalid value %q", analyzer.Snippet(d.Args()[i].Value())).
			Note("nginx refuses to start: %s", msg)
	}
}

func invalidValue(d *analyzer.Directive) string {
	return fmt.Sprintf("%q directive invalid value", d.Name())
}

// sizeValue: a size; a value with variables is nginx 1.27's (limit_rate).
func sizeValue(d *analyzer.Directive) (int, string) {
	if a := d.Args()[0]; !a.HasVar() && !directives.ValidSize(a.Value()) {
		return 0, invalidValue(d)
	}
	return 0, ""
}

// timeValues: every argument a time, without variables.
func timeValues(d *analyzer.Directive) (int, string) {
	for i, a := range d.Args() {
		if _, ok := directives.ParseTime(a.Value()); !ok {
			return i, invalidValue(d)
		}
	}
	return 0, ""
}

// workerProcesses: a number or auto.
func workerProcesses(d *analyzer.Directive) (int, string) {
	if v := d.Args()[0].Value(); v != "auto" && !directives.ValidNumber(v) {
		return 0, invalidValue(d)
	}
	return 0, ""
}

// statusValue: a status code from 400 to 599.
func statusValue(d *analyzer.Directive) (int, string) {
	v := d.Args()[0].Value()
	if !directives.ValidNumber(v) {
		return 0, fmt.Sprintf("%q directive invalid number", d.Name())
	}
	if n, _ := strconv.Atoi(v); n < 400 || n > 599 {
		return 0, "value must be between 400 and 599"
	}
	return 0, ""
}

// expiresValue: epoch, max or off alone, or [modified] a time that may
// start with "@" (a time of day) or "-" (in the past); variables are
// taken as they come (nginx 1.7.9).
func expiresValue(d *analyzer.Directive) (int, string) {
	i := 0
	if len(d.Args()) == 2 {
		if d.Args()[0].Value() != "modified" {
			return 0, invalidValue(d)
		}
		i = 1
	}
	a := d.Args()[i]
	v := a.Value()
	if a.HasVar() || i == 0 && (v == "epoch" || v == "max" || v == "off") {
		return 0, ""
	}
	v = strings.TrimPrefix(strings.TrimPrefix(v, "@"), "-")
	if _, ok := directives.ParseTime(v); !ok {
		return i, invalidValue(d)
	}
	return 0, ""
}

// keepaliveValue: upstream keepalive takes a number of connections above
// zero (a later "local" is the count's business, checked elsewhere).
func keepaliveValue(d *analyzer.Directive) (int, string) {
	if d.Ctx != analyzer.CtxUpstream {
		return 0, ""
	}
	if v := d.Args()[0].Value(); !directives.ValidNumber(v) || v == "0" || strings.Trim(v, "0") == "" {
		return 0, fmt.Sprintf("invalid value %q in %q directive", v, d.Name())
	}
	return 0, ""
}

// mailProtocol: a mail server speaks imap, pop3 or smtp.
func mailProtocol(d *analyzer.Directive) (int, string) {
	if d.Ctx != analyzer.CtxMailServer {
		return 0, ""
	}
	switch v := d.Args()[0].Value(); v {
	case "imap", "pop3", "smtp":
		return 0, ""
	default:
		return 0, fmt.Sprintf("unknown protocol %q", v)
	}
}

// minZone is the smallest shared memory zone nginx takes for an upstream:
// eight memory pages of 4 KiB, the page size of the usual Linux machine.
const minZone = 8 * 4096

// upstreamZone: an upstream's zone size is a size of at least eight
// memory pages.
func upstreamZone(d *analyzer.Directive) (int, string) {
	if len(d.Args()) != 2 || d.Ctx != analyzer.CtxUpstream && d.Ctx != analyzer.CtxStreamUpstrm {
		return 0, ""
	}
	v := d.Args()[1].Value()
	n, ok := directives.ParseSize(v)
	switch {
	case !ok:
		return 1, fmt.Sprintf("invalid zone size %q", v)
	case n < minZone:
		return 1, fmt.Sprintf("zone %q is too small", d.Args()[0].Value())
	}
	return 0, ""
}
