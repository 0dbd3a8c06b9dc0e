package main

import (
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/reporter"
)

func TestParseOutputs(t *testing.T) {
	text, _ := reporter.Get("text")
	for _, tc := range []struct {
		args  []string
		files []string // "" = stdout
		err   string
	}{
		{nil, []string{"text:"}, ""},
		{[]string{"sarif=r.sarif"}, []string{"text:", "sarif:r.sarif"}, ""},
		{[]string{"out.txt"}, []string{"text:out.txt"}, ""},
		{[]string{"out.txt", "json=a.json"}, []string{"text:out.txt", "json:a.json"}, ""},
		{[]string{"a", "b"}, nil, "only one bare FILE"},
		{[]string{"json=a", "sarif=a"}, nil, "named twice"},
		{[]string{"json="}, nil, "want FORMAT=FILE"},
	} {
		got, err := parseOutputs("text", text, tc.args)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%v: error %v, want %q", tc.args, err, tc.err)
			}
			continue
		}
		var files []string
		for _, o := range got {
			files = append(files, o.name+":"+o.file)
		}
		if err != nil || strings.Join(files, ",") != strings.Join(tc.files, ",") {
			t.Errorf("%v: got %v (%v), want %v", tc.args, files, err, tc.files)
		}
	}
}
