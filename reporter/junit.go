package reporter

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

func init() { Register("junit", JUnit) }

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

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
	out := junitSuites{Name: "nginx-lint"}
	files, findings := byFile(r)
	for _, name := range files {
		s := junitSuite{Name: name}
		for _, i := range findings[name] {
			f := r.Findings.At(i)
			s.Cases = append(s.Cases, junitCase{
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
			s.Failures++
		}
		if len(s.Cases) == 0 {
			s.Cases = append(s.Cases, junitCase{Name: "nginx-lint " + strings.TrimSpace(name), Classname: name, File: name})
		}
		s.Tests = len(s.Cases)
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Suites = append(out.Suites, s)
	}
	return writeXML(w, out)
}
