package reporter

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

func init() { Register("junit", JUnit) }

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitFailure `xml:"failure"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// JUnit writes JUnit XML for CI test tabs: a <testsuite> per file, a
// failing <testcase> per finding, and one passing <testcase> for a file
// without findings. Every finding is a failure, whatever its severity (the
// exit status, not this file, applies --fail-on).
func JUnit(w io.Writer, r *Report, _ Options) error {
	files, findings := byFile(r)
	// The totals head the document: a file without findings is one
	// passing case.
	tests := 0
	for _, name := range files {
		tests += max(len(findings[name]), 1)
	}
	x := newXMLStream(w)
	x.start("testsuites", attr("name", "nginx-lint"), attr("tests", strconv.Itoa(tests)), attr("failures", strconv.Itoa(r.Findings.Len())))
	for _, name := range files {
		n := len(findings[name])
		x.start("testsuite", attr("name", name), attr("tests", strconv.Itoa(max(n, 1))), attr("failures", strconv.Itoa(n)), attr("errors", "0"))
		for _, i := range findings[name] {
			f := r.Findings.At(int(i))
			x.element("testcase", junitCase{
				Name:      fmt.Sprintf("%s %s", f.Rule, f.Range.Start),
				Classname: name,
				File:      name,
				Line:      f.Range.Start.Line,
				Failure: &junitFailure{
					Message: f.Message,
					Type:    f.Rule,
					Text:    fmt.Sprintf("%s: %s: %s [%s]", f.Range.Start, f.Severity, f.Message, f.Rule),
				},
			})
		}
		if n == 0 {
			x.element("testcase", junitCase{Name: "nginx-lint " + strings.TrimSpace(name), Classname: name, File: name})
		}
		x.end("testsuite")
	}
	x.end("testsuites")
	return x.close()
}
