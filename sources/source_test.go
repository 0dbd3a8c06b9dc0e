package sources

import (
	"os"
	"strings"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

func paths(s *Source) string {
	var out []string
	for _, c := range s.Configs {
		out = append(out, c.Path)
	}
	return strings.Join(out, " ")
}

func TestManifestMounts(t *testing.T) {
	src, err := os.ReadFile("testdata/deploy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseManifests("deploy.yaml", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := paths(s), "/etc/nginx/nginx.conf /etc/nginx/conf.d/default.conf"; got != want {
		t.Fatalf("paths = %s, want %s", got, want)
	}
	// The include among keys resolves through the virtual FS.
	c := s.Configs[0]
	a := analyzer.Parse(c.Path, c.Path, c.Src, analyzer.LoadOptions{FS: s.FS})
	if len(a.Units) != 2 || a.Units[1].File.Name != "/etc/nginx/conf.d/default.conf" {
		var names []string
		for _, u := range a.Units {
			names = append(names, u.File.Name)
		}
		t.Fatalf("units = %v", names)
	}

	// --mount places keys without a pod spec.
	cm := []byte(strings.SplitN(string(src), "---", 2)[0])
	for _, m := range []string{"nginx-conf=/etc/nginx/conf.d", "web/nginx-conf=/etc/nginx/conf.d"} {
		mt, err := ParseMount(m)
		if err != nil {
			t.Fatal(err)
		}
		s, err = ParseManifests("cm.yaml", cm, []Mount{mt})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := paths(s), "/etc/nginx/conf.d/nginx.conf /etc/nginx/conf.d/default.conf"; got != want {
			t.Errorf("--mount %s: paths = %s, want %s", m, got, want)
		}
	}
	s, _ = ParseManifests("cm.yaml", cm, nil)
	if got, want := paths(s), "configmap/web/nginx-conf/nginx.conf configmap/web/nginx-conf/default.conf"; got != want {
		t.Errorf("no mount: paths = %s, want %s", got, want)
	}
	if _, err := ParseMount("nodir"); err == nil {
		t.Error("ParseMount(nodir) succeeded")
	}
	if _, err := ParseManifests("bad.yaml", []byte("a: [\n"), nil); err == nil {
		t.Error("invalid YAML accepted")
	}
}

// deploy reads testdata/deploy.yaml with its line breaks written as nl.
func deploy(t *testing.T, nl string) ([]byte, *Source) {
	t.Helper()
	src, err := os.ReadFile("testdata/deploy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	y := []byte(strings.ReplaceAll(string(src), "\n", nl))
	s, err := ParseManifests("deploy.yaml", y, nil)
	if err != nil {
		t.Fatal(err)
	}
	return y, s
}

func TestMapEdits(t *testing.T) {
	for _, nl := range []string{"\n", "\r\n"} {
		y, s := deploy(t, nl)
		c := s.Configs[1]
		f := analyzer.NewFile(c.Path, c.Path, c.Src)
		i := strings.Index(string(c.Src), "localhost")
		j := strings.Index(string(c.Src), "    location")
		k := strings.Index(string(c.Src), "    }\n")
		edits := []analyzer.TextEdit{
			{Range: f.Range(i, i+len("localhost")), NewText: "127.0.0.1"},
			// insert a line before the location block
			{Range: f.Range(j, j), NewText: "    # proxied\n"},
			// delete the line closing the location, then put it back re-indented
			{Range: f.Range(k, k+len("    }\n")), NewText: "    }\n    # end\n"},
		}
		mapped, ok := MapEdits(edits, s.Mappers())
		if !ok {
			t.Fatal("edits not mapped")
		}
		out, errs := analyzer.ApplyEdits(y, mapped)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		s2, err := ParseManifests("deploy.yaml", out, nil)
		if err != nil {
			t.Fatalf("edited YAML does not parse: %v\n%s", err, out)
		}
		want, _ := analyzer.ApplyEdits(c.Src, edits)
		if got := s2.Configs[1].Src; string(got) != string(want) {
			t.Errorf("nl=%q: value after YAML edit:\n%s\nwant:\n%s", nl, got, want)
		}
		// Nothing outside the value changed.
		rest := strings.Replace(string(out), "127.0.0.1", "localhost", 1)
		rest = strings.Replace(rest, "        # proxied"+nl, "", 1)
		rest = strings.Replace(rest, "        # end"+nl, "", 1)
		if rest != string(y) {
			t.Errorf("nl=%q: YAML outside the edits changed:\n%s", nl, out)
		}
	}
	// Quoted scalars are not edited.
	s, _ := ParseManifests("x.yaml", []byte("kind: ConfigMap\nmetadata: {name: x}\ndata:\n  a.conf: \"server { listen 80; }\"\n"), nil)
	c := s.Configs[0]
	f := analyzer.NewFile(c.Path, c.Path, c.Src)
	if _, ok := MapEdits([]analyzer.TextEdit{{Range: f.Range(0, 1), NewText: "x"}}, s.Mappers()); ok {
		t.Error("edit of a quoted scalar was mapped")
	}
}

func TestSplitDump(t *testing.T) {
	src, err := os.ReadFile("testdata/dump.txt")
	if err != nil {
		t.Fatal(err)
	}
	if k := Detect("dump.txt", src); k != KindDump {
		t.Fatalf("Detect = %v", k)
	}
	s, err := SplitDump("dump.txt", src)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := paths(s), "/etc/nginx/nginx.conf /etc/nginx/conf.d/app.conf /etc/nginx/snippets/proxy.conf"; got != want {
		t.Fatalf("paths = %s, want %s", got, want)
	}
	if got := string(s.Configs[2].Src); got != "proxy_set_header Host $host;\nproxy_pass http://localhost:5000;\n" {
		t.Errorf("last section = %q", got)
	}
	a := analyzer.Parse(s.Configs[0].Path, s.Configs[0].Path, s.Configs[0].Src, analyzer.LoadOptions{FS: s.FS})
	if len(a.Units) != 3 {
		t.Errorf("units = %d, want 3", len(a.Units))
	}
	for _, bad := range []string{"server {}\n", "", "nginx: ok\nserver {}\n# configuration file /x:\n",
		"2026/12/05 13:53:49 [loud] 1#1: x\n# configuration file /x:\n"} {
		if _, err := SplitDump("x", []byte(bad)); err == nil {
			t.Errorf("SplitDump(%q) succeeded", bad)
		}
	}
}

// TestDumpVersion: `nginx -V -T` prints nginx's build lines before the
// dump; the version they name is kept, other builds' versions are not.
func TestDumpVersion(t *testing.T) {
	const body = "# configuration file /etc/nginx/nginx.conf:\nevents {}\n"
	for pre, want := range map[string]string{
		"nginx version: nginx/1.20.0\nbuilt with OpenSSL 3.0.2 15 Mar 2022\nTLS SNI support enabled\nconfigure arguments: --with-http_ssl_module\nnginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n": "1.20.0",
		"nginx version: nginx/1.22.1 (Debian)\n":  "1.22.1",
		"nginx version: openresty/1.21.4.1\n":     "",
		"nginx: the configuration file x is ok\n": "",
		// What Debian's nginx with nchan prints to stderr with `nginx -T 2>&1`.
		"2026/12/05 13:53:49 [info] 16367#16367: Using 116KiB of shared memory for nchan in /etc/nginx/nginx.conf:61\n" +
			"nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n": "",
	} {
		src := []byte(pre + body)
		if k := Detect("-", src); k != KindDump {
			t.Errorf("Detect(%q) = %v", pre, k)
		}
		s, err := SplitDump("-", src)
		if err != nil {
			t.Errorf("SplitDump(%q): %v", pre, err)
			continue
		}
		if s.Version != want {
			t.Errorf("SplitDump(%q).Version = %q, want %q", pre, s.Version, want)
		}
	}
}

func TestDetect(t *testing.T) {
	for src, want := range map[string]Kind{
		"---\napiVersion: v1\n":                           KindYAML,
		"# Source: chart/templates/cm.yaml\nkind: List\n": KindYAML,
		"apiVersion: v1\n":                                KindYAML,
		"nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n# configuration file /etc/nginx/nginx.conf:\n": KindDump,
		"# a comment\nserver { }\n": KindNginx,
		"":                          KindNginx,
	} {
		if got := Detect("-", []byte(src)); got != want {
			t.Errorf("Detect(%q) = %v, want %v", src, got, want)
		}
	}
	if Detect("x.yml", nil) != KindYAML {
		t.Error("x.yml not YAML")
	}
}

func TestMemFS(t *testing.T) {
	m := NewMemFS()
	m.Add("/etc/nginx/conf.d/a.conf", []byte("a"))
	m.Add("/etc/nginx/conf.d/b.conf", []byte("b"))
	m.Add("/etc/nginx/nginx.conf", []byte("n"))
	if m.Add("/etc/nginx/nginx.conf", nil) {
		t.Error("second Add succeeded")
	}
	got, _ := m.Glob("/etc/nginx/conf.d/*.conf", 10)
	if strings.Join(got, " ") != "/etc/nginx/conf.d/a.conf /etc/nginx/conf.d/b.conf" {
		t.Errorf("Glob = %v", got)
	}
	got, _ = m.Glob("/etc/nginx/*", 10)
	if strings.Join(got, " ") != "/etc/nginx/conf.d /etc/nginx/nginx.conf" {
		t.Errorf("Glob = %v", got)
	}
	if st, err := m.Stat("/etc/nginx/conf.d"); err != nil || !st.IsDir() {
		t.Errorf("Stat dir = %v, %v", st, err)
	}
	if _, err := m.ReadFile("/etc/nginx/conf.d", 0); err == nil {
		t.Error("ReadFile of a directory succeeded")
	}
	if _, err := m.ReadFile("/nope", 0); err == nil {
		t.Error("ReadFile of a missing file succeeded")
	}
	if _, err := m.Glob("[", 10); err == nil {
		t.Error("bad pattern accepted")
	}
}

func TestMapText(t *testing.T) {
	for _, nl := range []string{"\n", "\r\n"} {
		y, s := deploy(t, nl)
		for _, tc := range []struct{ from, to string }{
			{"localhost", "127.0.0.1"},
			{"        location / {\n", ""},                                // a whole line removed
			{"    listen 80;\n", "    listen 80;\n    listen [::]:80;\n"}, // a line added
			{"}\n", "}\n# end\n"},                                         // at the very end
			{"server {\n", "# head\nserver {\n"},                          // at the very start
		} {
			c := s.Configs[1]
			want := strings.Replace(string(c.Src), tc.from, tc.to, 1)
			e, ok := c.Map.MapText(c.Src, []byte(want))
			if !ok {
				t.Fatalf("%q: not mapped", tc.from)
			}
			out, errs := analyzer.ApplyEdits(y, []analyzer.TextEdit{e})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			s2, err := ParseManifests("deploy.yaml", out, nil)
			if err != nil {
				t.Fatalf("%q: %v\n%s", tc.from, err, out)
			}
			if got := string(s2.Configs[1].Src); got != want {
				t.Errorf("nl=%q %q: value\n%q\nwant\n%q", nl, tc.from, got, want)
			}
			if s2.Configs[1].Map == nil || !s2.Configs[1].Map.Exact {
				t.Errorf("%q: edited scalar is no longer exact", tc.from)
			}
		}
	}
}

func TestManifestKinds(t *testing.T) {
	// A List (kubectl get -o yaml), a CronJob mounting two keys through
	// items, an init container, and a ConfigMap nobody mounts.
	src := `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: a}
    data:
      main.conf: "http { include /srv/conf/*.inc; }"
      site.inc: "server { listen 80; }"
      ignored.conf: "server { listen 81; }"
  - kind: ConfigMap
    metadata: {name: lonely, namespace: ns}
    data: {x.conf: "events {}", n: 1, bin.conf: !!binary aGVsbG8=}
  - apiVersion: batch/v1
    kind: CronJob
    metadata: {name: c}
    spec:
      jobTemplate:
        spec:
          template:
            spec:
              initContainers:
                - name: i
                  volumeMounts: [{name: v, mountPath: /srv/conf}]
              containers:
                - name: m
                  volumeMounts: [{name: v, mountPath: /etc/nginx/nginx.conf, subPath: nginx.conf}]
              volumes:
                - name: v
                  configMap:
                    name: a
                    items:
                      - {key: main.conf, path: nginx.conf}
                      - {key: site.inc, path: site.inc}
`
	s, err := ParseManifests("list.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "/srv/conf/nginx.conf /srv/conf/site.inc configmap/a/ignored.conf configmap/ns/lonely/x.conf"
	if got := paths(s); got != want {
		t.Fatalf("paths = %s, want %s", got, want)
	}
	c := s.Configs[0]
	a := analyzer.Parse(c.Path, c.Path, c.Src, analyzer.LoadOptions{FS: s.FS})
	if len(a.Units) != 2 {
		t.Errorf("main.conf includes %d files, want 1", len(a.Units)-1)
	}
	if got := c.Origin; got != "ConfigMap a, key main.conf" {
		t.Errorf("origin = %q", got)
	}
}
