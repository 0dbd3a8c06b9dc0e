package reporter

import (
	"encoding/xml"
	"io"
)

func init() { Register("checkstyle", Checkstyle) }

type checkstyleReport struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

// Checkstyle writes Checkstyle XML: a <file> per linted file (clean ones
// too) and per included file with findings, an <error> per finding with
// severity error, warning or info and source "nginx-lint.<rule>".
func Checkstyle(w io.Writer, r *Report, _ Options) error {
	out := checkstyleReport{Version: "4.3"}
	files, findings := byFile(r)
	for _, name := range files {
		cf := checkstyleFile{Name: name}
		for _, i := range findings[name] {
			f := r.Findings.At(i)
			cf.Errors = append(cf.Errors, checkstyleError{
				Line: f.Range.Start.Line, Column: f.Range.Start.Column,
				Severity: f.Severity.String(), Message: f.Message, Source: "nginx-lint." + f.Rule,
			})
		}
		out.Files = append(out.Files, cf)
	}
	return writeXML(w, out)
}

// writeXML writes v indented with the XML declaration and a final newline.
func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
