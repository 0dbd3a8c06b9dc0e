package reporter

import (
	"bufio"
	"encoding/xml"
	"io"
)

func init() { Register("checkstyle", Checkstyle) }

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
	x := newXMLStream(w)
	x.start("checkstyle", attr("version", "4.3"))
	files, findings := byFile(r)
	for _, name := range files {
		x.start("file", attr("name", name))
		for _, i := range findings[name] {
			f := r.Findings.At(int(i))
			x.element("error", checkstyleError{
				Line: f.Range.Start.Line, Column: f.Range.Start.Column,
				Severity: f.Severity.String(), Message: f.Message, Source: "nginx-lint." + f.Rule,
			})
		}
		x.end("file")
	}
	x.end("checkstyle")
	return x.close()
}

// xmlStream writes an indented XML document an element at a time, so that
// millions of findings are never held as a tree of values: the bytes are
// those of encoding the whole tree at once. The first error sticks.
type xmlStream struct {
	// w buffers the output: the encoder writes through at each element.
	w   *bufio.Writer
	enc *xml.Encoder
	err error
}

// newXMLStream starts a document on w with the XML declaration.
func newXMLStream(w io.Writer) *xmlStream {
	bw := bufio.NewWriter(w)
	x := &xmlStream{w: bw, enc: xml.NewEncoder(bw)}
	x.enc.Indent("", "  ")
	_, x.err = bw.WriteString(xml.Header)
	return x
}

func attr(name, value string) xml.Attr { return xml.Attr{Name: xml.Name{Local: name}, Value: value} }

// start opens an element.
func (x *xmlStream) start(name string, attrs ...xml.Attr) {
	if x.err == nil {
		x.err = x.enc.EncodeToken(xml.StartElement{Name: xml.Name{Local: name}, Attr: attrs})
	}
}

// end closes the element start opened.
func (x *xmlStream) end(name string) {
	if x.err == nil {
		x.err = x.enc.EncodeToken(xml.EndElement{Name: xml.Name{Local: name}})
	}
}

// element writes v as a whole element named name.
func (x *xmlStream) element(name string, v any) {
	if x.err == nil {
		x.err = x.enc.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: name}})
	}
}

// close ends the document with a final newline.
func (x *xmlStream) close() error {
	if x.err == nil {
		x.err = x.enc.Close()
	}
	if x.err == nil {
		_, x.err = x.w.WriteString("\n")
	}
	if x.err == nil {
		x.err = x.w.Flush()
	}
	return x.err
}
