package sources

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// tokenPos finds the n-th occurrence of tok in a config's text and maps it.
func tokenPos(t *testing.T, c *Config, tok string) string {
	t.Helper()
	i := strings.Index(string(c.Src), tok)
	if i < 0 {
		t.Fatalf("%s: %q not in %q", c.Path, tok, c.Src)
	}
	f := analyzer.NewFile(c.Path, c.Path, c.Src)
	r := c.Map.Range(f.Range(i, i+len(tok)))
	got := string(c.Map.Target.Src[r.Start.Offset:r.End.Offset])
	return fmt.Sprintf("%d:%d-%d:%d %s", r.Start.Line, r.Start.Column, r.End.Line, r.End.Column, got)
}

func TestManifestStyles(t *testing.T) {
	src, err := os.ReadFile("testdata/styles.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, crlf := range []bool{false, true} {
		b := src
		if crlf {
			b = bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))
		}
		s, err := ParseManifests("styles.yaml", b, nil)
		if err != nil {
			t.Fatal(err)
		}
		byKey := map[string]*Config{}
		var keys []string
		for _, c := range s.Configs {
			byKey[c.Path[strings.LastIndex(c.Path, "/")+1:]] = c
			keys = append(keys, c.Path)
		}
		want := "configmap/styles/literal.conf configmap/styles/strip.conf configmap/styles/keep.conf configmap/styles/indicator.conf configmap/styles/folded.conf configmap/styles/double.conf configmap/styles/single.conf configmap/styles/plain.conf configmap/styles/tabs.conf configmap/second/snippet"
		if got := strings.Join(keys, " "); got != want {
			t.Fatalf("crlf=%v configs:\n got %s\nwant %s", crlf, got, want)
		}
		for _, tc := range []struct {
			key, tok, want string
			exact          bool
		}{
			{"literal.conf", "localhost", "9:16-9:25 localhost", true},
			{"literal.conf", "}\n", "10:5-11:1 }\n", true},
			{"strip.conf", "localhost", "12:43-12:52 localhost", true},
			{"keep.conf", "off", "14:19-14:22 off", true},
			{"indicator.conf", "resolver", "17:9-17:17 resolver", true},
			{"indicator.conf", "events", "18:5-18:11 events", true},
			{"folded.conf", "localhost", "21:14-21:23 localhost", false},
			{"double.conf", "localhost", "23:40-23:49 localhost", false},
			{"single.conf", "localhost:5003", "24:39-24:53 localhost:5003", false},
			{"plain.conf", "localhost", "25:35-25:44 localhost", false},
			{"tabs.conf", "localhost", "28:13-28:22 localhost", true},
			{"snippet", "localhost", "41:27-41:36 localhost", true},
		} {
			c := byKey[tc.key]
			if c == nil {
				t.Errorf("no config %s", tc.key)
				continue
			}
			want := tc.want
			if crlf {
				want = strings.ReplaceAll(want, "\n", "\r\n")
			}
			if got := tokenPos(t, c, tc.tok); got != want {
				t.Errorf("crlf=%v %s %q: got %q, want %q", crlf, tc.key, tc.tok, got, want)
			}
			if c.Map.Exact != tc.exact {
				t.Errorf("crlf=%v %s: exact=%v, want %v", crlf, tc.key, c.Map.Exact, tc.exact)
			}
		}
	}
}

func TestLooksLikeNginx(t *testing.T) {
	for src, want := range map[string]bool{
		"server { listen 80; }":           true,
		"location / { proxy_pass x; }":    true,
		"hello world":                     false,
		"a=b\nc=d\n":                      false,
		`{"json": true}`:                  false,
		"echo hi; ls;":                    false,
		"":                                false,
		"worker_processes 1;\nfoo bar;\n": false,
		"events {}\nhttp { server { listen 80; } my_module_directive on; }": true,
		"more_set_headers 'X: y';": true,
		"name: value;":             false,
	} {
		if got := LooksLikeNginx([]byte(src)); got != want {
			t.Errorf("LooksLikeNginx(%q) = %v, want %v", src, got, want)
		}
	}
}

// A Helm chart's ConfigMap is read through its tags: the nginx text keeps
// them (it is linted as a Go template), its positions are the template's
// and its mapper stays exact.
func TestHelmTemplateManifest(t *testing.T) {
	src := []byte(`apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-nginx
  labels:
    {{- include "labels" . | nindent 4 }}
data:
{{- if .Values.enabled }}
  nginx.conf: |
    server {
      listen {{ .Values.port }};
      {{- with .Values.tls }}
      listen 443 ssl;
      {{- end }}
    }
{{- end }}
`)
	s, err := ParseManifests("chart/templates/cm.yaml", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Configs) != 1 {
		t.Fatalf("%d configs, want 1", len(s.Configs))
	}
	c := s.Configs[0]
	if c.Template != analyzer.TemplateGo || !c.Map.Exact || s.File.Text() != string(src) {
		t.Errorf("template %s, exact %t, file is the template: %t", c.Template, c.Map.Exact, s.File.Text() == string(src))
	}
	// The {{- end }} of the YAML's own {{- if }} is no part of it.
	if !bytes.Contains(c.Src, []byte("\n  {{- with .Values.tls }}\n")) || !bytes.HasSuffix(bytes.TrimRight(c.Src, " \n"), []byte("\n}")) {
		t.Errorf("the tags are not in the nginx text:\n%s", c.Src)
	}
	if got, want := tokenPos(t, c, "{{ .Values.port }}"), "11:14-11:32 {{ .Values.port }}"; got != want {
		t.Errorf("placeholder at %s, want %s", got, want)
	}
}
