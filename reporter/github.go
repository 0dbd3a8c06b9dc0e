package reporter

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() { Register("github", GitHub) }

// GitHub writes GitHub Actions workflow commands, one per finding:
//
//	::error file=F,line=L,endLine=L,col=C,endColumn=C,title=RULE::MESSAGE
//
// Actions turns them into annotations on the pull request. error and
// warning keep their names; info becomes notice. Columns are byte columns.
func GitHub(w io.Writer, r *Report, _ Options) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Findings.All() {
		s, e := f.Range.Start, f.Range.End
		if e.Line < s.Line || (e.Line == s.Line && e.Column <= s.Column) {
			e = s
			e.Column = s.Column + 1
		}
		fmt.Fprintf(bw, "::%s file=%s,line=%d,endLine=%d,col=%d,endColumn=%d,title=%s::%s\n",
			githubLevel(f.Severity), githubProperty(Visible(s.File)), s.Line, e.Line, s.Column, e.Column,
			githubProperty(f.Rule), githubData(visibleLines(f.Message)+" ["+f.Rule+"]"))
	}
	return bw.Flush()
}

func githubLevel(s analyzer.Severity) string {
	switch s {
	case analyzer.Error:
		return "error"
	case analyzer.Warning:
		return "warning"
	}
	return "notice"
}

// githubData escapes a command's message: %, CR and LF.
var githubDataEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")

func githubData(s string) string { return githubDataEscaper.Replace(s) }

// githubProperty escapes a command property value: the message escapes
// plus ':' and ',', which separate properties.
var githubPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")

func githubProperty(s string) string { return githubPropertyEscaper.Replace(s) }
