package analyzer

import (
	"fmt"
	"strings"
	"testing"
)

// spans renders the markup of src as "kind:text" items.
func spans(lang TemplateLang, src string) string {
	var out []string
	ms, _, _ := templateMarkup(lang, []byte(src), 0)
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%s:%s", [...]string{"P", "S", "C", "#", "skip"}[m.kind], src[m.start:m.end]))
	}
	return strings.Join(out, " | ")
}

func TestTemplateMarkup(t *testing.T) {
	for _, c := range []struct {
		lang     TemplateLang
		src, out string
	}{
		{TemplateJinja, "listen {{ port }};", "P:{{ port }}"},
		{TemplateJinja, "return 200 {{ '}}' }};", "P:{{ '}}' }}"},
		{TemplateJinja, "{# c { #}\n{% if a %}x;{% else %}y;{% endif %}", "#:{# c { #} | C:{% if a %} | C:{% else %} | skip:y; | C:{% endif %}"},
		{TemplateJinja, "a {\n  {{ extra }}\n}", "S:{{ extra }}"},
		{TemplateJinja, "{% raw %}{{ x }}{% endraw %}", "C:{% raw %} | C:{% endraw %}"},
		{TemplateJinja, "{% macro m() %}server {{% endmacro %}", "C:{% macro m() %} | skip:server { | C:{% endmacro %}"},
		// Branches that open a block each: only the first is read.
		{TemplateJinja, "{% if a %}\nserver {\n{% else %}\nserver {\n{% endif %}\n}", "C:{% if a %} | C:{% else %} | skip:\nserver {\n | C:{% endif %}"},
		// Balanced branches are all read; a nested unbalanced if counts
		// as its first branch.
		{TemplateJinja, "{% for x in y %}{% if a %}b {\n{% else %}c {\n{% endif %}}{% endfor %}", "C:{% for x in y %} | C:{% if a %} | C:{% else %} | skip:c {\n | C:{% endif %} | C:{% endfor %}"},
		{TemplateGo, "{{- /* c */ -}}\nlisten {{ .Values.port }};{{ $x := 1 }}", "#:{{- /* c */ -}} | P:{{ .Values.port }} | C:{{ $x := 1 }}"},
		{TemplateGo, "{{- if .a }}\nlocation / {\n{{- else }}\nlocation /x {\n{{- end }}\n}", "C:{{- if .a }} | C:{{- else }} | skip:\nlocation /x {\n | C:{{- end }}"},
		{TemplateGo, "{{ define \"x\" }}a;{{ end }}", "C:{{ define \"x\" }} | skip:a; | C:{{ end }}"},
		{TemplateERB, "<%# c %>\nlisten <%= @port %>;\n<% if @a -%>\nx;\n<% end -%>\n<%% y", "#:<%# c %> | P:<%= @port %> | C:<% if @a -%> | C:<% end -%>"},
		{TemplateERB, "<% @s.each do |s| %>server <%= s %>;<% end %>", "C:<% @s.each do |s| %> | P:<%= s %> | C:<% end %>"},
		{TemplateEnvsubst, "listen ${PORT}; return 200 $host$URI ${lower} $Host;", "P:${PORT} | P:$URI"},
		{TemplateNone, "listen {{ port }} @@PORT@@;", ""},
		{TemplatePlaceholders, "listen @@PORT@@ %%X%% @@ @@a b@@;", "P:@@PORT@@ | P:%%X%%"},
		{TemplateJinja, "listen @@PORT@@ {{ '@@X@@' }};", "P:@@PORT@@ | P:{{ '@@X@@' }}"},
	} {
		if got := spans(c.lang, c.src); got != c.out {
			t.Errorf("%s %q:\n got %s\nwant %s", c.lang, c.src, got, c.out)
		}
	}
}

// TestTemplateVariants: the branches of an if/else that keep braces
// balanced are linted one rendering at a time.
func TestTemplateVariants(t *testing.T) {
	src := []byte("{% if a %}root /a;{% elif b %}root /b;{% else %}root /c;{% endif %}{% if d %}x;{% endif %}")
	var got []string
	for v := 0; v < 4; v++ {
		ms, _, n := templateMarkup(TemplateJinja, src, v)
		if n != 3 {
			t.Fatalf("%d variants, want 3", n)
		}
		var kept []string
		f := NewFile("t", "", src)
		f.markup = ms
		Walk(Scan(f, CtxLocation, 0).Items, func(d *Directive) bool {
			kept = append(kept, d.Name()+" "+d.Arg(0))
			return true
		})
		got = append(got, strings.Join(kept, ","))
	}
	if want := "root /a,x  | root /b,x  | root /c,x  | root /c,x "; strings.Join(got, " | ") != want {
		t.Errorf("variants read %q, want %q", strings.Join(got, " | "), want)
	}
	// Past maxVariants branches, the last variant reads the rest together.
	var b strings.Builder
	b.WriteString("{% if a %}r0;")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, "{%% elif a %%}r%d;", i)
	}
	b.WriteString("{% endif %}")
	ms, _, n := templateMarkup(TemplateJinja, []byte(b.String()), maxVariants-1)
	f := NewFile("t", "", []byte(b.String()))
	f.markup = ms
	if u := Scan(f, CtxLocation, 0); n != maxVariants || len(u.Items) != 3 {
		t.Errorf("%d variants (want %d), the last reads %d statements (want 3)", n, maxVariants, len(u.Items))
	}
}

func TestDetectTemplate(t *testing.T) {
	chart := func(dir string) bool { return strings.HasSuffix(dir, "chart") }
	for _, c := range []struct {
		name, src string
		want      TemplateLang
	}{
		{"roles/web/templates/nginx.conf.j2", "", TemplateJinja},
		{"x.jinja2", "", TemplateJinja},
		{"_helpers.tpl", "", TemplateGo},
		{"nginx.conf.gotmpl", "", TemplateGo},
		{"site.erb", "", TemplateERB},
		{"default.conf.template", "listen ${PORT};", TemplateEnvsubst},
		{"default.conf.template", "listen {{ port }};", TemplateJinja},
		{"chart/templates/nginx.conf", "listen 80;", TemplateGo},
		{"role/templates/nginx.conf", "listen 80;", TemplateNone},
		{"nginx.conf", "listen 80;\n", TemplateNone},
		{"nginx.conf", "{% if a %}listen 80;{% endif %}", TemplateJinja},
		{"nginx.conf", "listen {{ port }};", TemplateJinja},
		{"nginx.conf", "listen {{ .Values.port }};", TemplateGo},
		{"nginx.conf", "{{- if .a }}\n{{ end }}", TemplateGo},
		{"nginx.conf", "listen <%= @port %>;", TemplateERB},
		{"nginx.conf", "listen @@PORT@@;", TemplatePlaceholders},
		{"nginx.conf", "location ~ ^/a{2}$ { return 200 '{{1}}'; }", TemplateNone},
	} {
		if got := DetectTemplate(c.name, []byte(c.src), chart); got != c.want {
			t.Errorf("DetectTemplate(%q, %q) = %s, want %s", c.name, c.src, got, c.want)
		}
	}
	for _, s := range TemplateLangs() {
		if l, err := ParseTemplateLang(s); err != nil || l.String() != s {
			t.Errorf("ParseTemplateLang(%q) = %s, %v", s, l, err)
		}
	}
	if _, err := ParseTemplateLang("mustache"); err == nil {
		t.Error("ParseTemplateLang accepts an unknown language")
	}
}

// TestTemplateScan checks what the scanner makes of markup: words,
// statements and the syntax errors left.
func TestTemplateScan(t *testing.T) {
	for _, c := range []struct {
		lang      TemplateLang
		src, tree string
		errs      int
	}{
		{TemplateJinja, "listen {{ port }} default_server;", "listen[{{ port }} default_server]", 0},
		{TemplateJinja, "server_name {{ d }}{% if w %} www.{{ d }}{% endif %};", "server_name[{{ d }}{% if w %} www.{{ d }}{% endif %}]", 0},
		{TemplateJinja, "return 200 \"{{ a | join(\"; \") }}\";", `return[200 "{{ a | join("; ") }}"]`, 0},
		{TemplateJinja, "http {\n{{ extra }}\nroot /a;\n}", "http{root[/a]}", 0},
		{TemplateJinja, "log_format main\n    {{ fmt }};", "log_format[main {{ fmt }}]", 0},
		{TemplateJinja, "server {\nroot /a\n{{ extra }}\n}", "server{}", 1},
		{TemplateJinja, "# {% if a\n %} x\nlisten 80;", "listen[80]", 0},
		{TemplateJinja, "{% if a %}\nserver {\n{% else %}\nserver {\n{% endif %}\nlisten 80;\n}", "server{listen[80]}", 0},
		{TemplateNone, "{% if a %}\nserver {\n{% else %}\nserver {\n{% endif %}\nlisten 80;\n}", "", 2},
	} {
		f := NewFile("t", "", []byte(c.src))
		f.SetTemplate(c.lang, nil)
		u := Scan(f, CtxMain, 0)
		if got := dumpTree(u.Items); c.tree != "" && got != c.tree {
			t.Errorf("%s %q: tree %s, want %s", c.lang, c.src, got, c.tree)
		}
		if len(u.Errors) != c.errs {
			t.Errorf("%s %q: %d syntax errors, want %d: %v", c.lang, c.src, len(u.Errors), c.errs, u.Errors)
		}
	}
}

func dumpTree(items []*Directive) string {
	var b strings.Builder
	for _, d := range items {
		b.WriteString(d.Name())
		if len(d.Args()) > 0 {
			var as []string
			for _, a := range d.Args() {
				as = append(as, a.Raw())
			}
			b.WriteString("[" + strings.Join(as, " ") + "]")
		}
		if d.Block != nil {
			b.WriteString("{" + dumpTree(d.Block.Items) + "}")
		}
	}
	return b.String()
}

// FuzzTemplate reads arbitrary bytes as a template of every language: the
// pre-pass returns spans inside the text, sorted and disjoint, and the
// scanner reads them without a panic; a word of the tree never ends
// inside a span.
func FuzzTemplate(f *testing.F) {
	for _, s := range []string{
		"{% if a %}\nserver {\n{% else %}\nserver {\n{% endif %}\nlisten {{ port }};\n}",
		"{{- if .a }}{{ .b }}{{ else }}x;{{ end }}{{/* c */}}",
		"<% if @a %>listen <%= @p %>;<% end %><%# c %>",
		"listen ${PORT} $HOST @@A@@ %%B%%;",
		"{% raw %}{{ x }}{% endraw %}{% macro m() %}a{% endmacro %}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, lang := range []TemplateLang{TemplateAuto, TemplateJinja, TemplateGo, TemplateEnvsubst, TemplateERB, TemplatePlaceholders} {
			file := NewFile("t.conf", "", src)
			file.SetTemplate(lang, nil)
			prev := uint32(0)
			for _, m := range file.markup {
				if m.start < prev || m.end <= m.start || int(m.end) > len(src) {
					t.Fatalf("%s: span %d..%d after %d in %d bytes", lang, m.start, m.end, prev, len(src))
				}
				prev = m.end
			}
			u := Scan(file, CtxMain, 0)
			Walk(u.Items, func(d *Directive) bool {
				for _, a := range d.Args() {
					r := a.Range()
					lo, hi := file.markupSpans(r.End.Offset-1, r.End.Offset)
					for _, m := range file.markup[lo:hi] {
						if int(m.end) > r.End.Offset {
							t.Fatalf("%s: argument %q ends inside markup %d..%d", lang, a.Raw(), m.start, m.end)
						}
					}
				}
				return true
			})
		}
	})
}

// TestMarkupIn: an edit is judged by the bytes it really changes; an
// insertion next to a tag is fine, one inside it or a change of it is not,
// also in a branch this rendering leaves out.
func TestMarkupIn(t *testing.T) {
	src := "proxy_pass http://localhost:{{ port }};\n{% if a %}root /a;{% else %}root /b{{ x }};{% endif %}\n"
	f := NewFile("t", "", []byte(src))
	f.SetTemplate(TemplateJinja, nil)
	at := func(s string) int { return strings.Index(src, s) }
	for _, c := range []struct {
		start, end int
		text       string
		markup     string
	}{
		{at("http"), at(";"), "http://127.0.0.1:{{ port }}", ""},
		{at("http"), at(";"), "http://127.0.0.1:{{ host }}", "{{ port }}"},
		{at("{{ port }}"), at("{{ port }}"), "x", ""},
		{at("{{ port }}") + 2, at("{{ port }}") + 2, "x", "{{ port }}"},
		{at("root /a"), at("root /a") + 7, "root /c", ""},
		{at("root /b"), at("root /b") + 7, "root /c", ""},
		{at("root /b"), at("root /b") + 8, "root /c", "{{ x }}"},
		{at("{% else %}") - 1, at("{% else %}") + 1, ";x", "{% else %}"},
	} {
		r, ok := f.MarkupIn(c.start, c.end, c.text)
		got := ""
		if ok {
			got = src[r.Start.Offset:r.End.Offset]
		}
		if got != c.markup {
			t.Errorf("edit %d..%d %q: touches %q, want %q", c.start, c.end, c.text, got, c.markup)
		}
	}
}
