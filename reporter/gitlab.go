package reporter

import (
	"bufio"
	"io"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func init() { Register("gitlab", GitLab) }

type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
	End   int `json:"end,omitempty"`
}

// GitLab writes a GitLab Code Quality report: a JSON array with one issue
// per finding. Paths are relative to the working directory (the project
// root in a GitLab job); the fingerprint is analyzer.Fingerprints', so an
// issue keeps its identity when lines move. Severity: info → info,
// warning → minor, error → critical, and syntax-error → blocker (nginx
// refuses to start).
func GitLab(w io.Writer, r *Report, opt Options) error {
	opt = opt.withBase()
	n := r.Findings.Len()
	if n == 0 {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	// One issue at a time: the bytes of encoding the whole list at once,
	// without holding millions of issues.
	fps := analyzer.NewFingerprinter(r.Sources)
	bw := bufio.NewWriter(w)
	_, _ = bw.WriteString("[\n")
	err := writeElements(bw, "", n, func(i int) gitlabIssue {
		f := r.Findings.At(i)
		return gitlabIssue{
			Description: f.Message,
			CheckName:   f.Rule,
			Fingerprint: fps.Next(&f),
			Severity:    gitlabSeverity(f),
			Location: gitlabLocation{
				Path:  relPath(f.Range.Start.File, opt),
				Lines: gitlabLines{Begin: f.Range.Start.Line, End: f.Range.End.Line},
			},
		}
	})
	if err != nil {
		return err
	}
	_, _ = bw.WriteString("]\n")
	return bw.Flush()
}

func gitlabSeverity(f analyzer.Finding) string {
	switch {
	case f.Rule == analyzer.RuleSyntaxError && f.Severity == analyzer.Error:
		return "blocker"
	case f.Severity == analyzer.Error:
		return "critical"
	case f.Severity == analyzer.Warning:
		return "minor"
	}
	return "info"
}
