package analyzer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func findBlock(a *Analysis, name, arg string) *Directive {
	var out *Directive
	Walk(a.Root.Children(), func(d *Directive) bool {
		if out == nil && d.Name() == name && d.Block != nil && (arg == "" || strings.Join(argValues(d), " ") == arg) {
			out = d
		}
		return true
	})
	return out
}

func argValues(d *Directive) []string {
	var s []string
	for _, a := range d.Args() {
		s = append(s, a.Value())
	}
	return s
}

func fields(ds []*Directive) string {
	var s []string
	for _, d := range ds {
		s = append(s, FieldName(d))
	}
	return strings.Join(s, ",")
}

const inheritSrc = `http {
    add_header X-A a;
    add_header X-B b;
    proxy_set_header Host $host;
    server {
        location /none { }
        location /own {
            add_header X-C c;
            proxy_set_header X-Real-IP $remote_addr;
            if ($x) { add_header X-D d; }
            location /own/inner { }
        }
        location /merge {
            add_header_inherit merge;
            add_header X-C c;
            location /merge/inner { add_header X-E e; }
        }
        location /off {
            add_header_inherit off;
            location /off/inner { }
        }
        location /on-again {
            add_header_inherit merge;
            location /on-again/inner {
                add_header_inherit on;
                add_header X-F f;
            }
        }
    }
}
`

func TestEffective(t *testing.T) {
	for _, c := range []struct {
		version, name, loc, want string
	}{
		{"", "add_header", "/none", "x-a,x-b"},
		{"", "add_header", "/own", "x-c"},
		{"", "add_header", "/own/inner", "x-c"},
		{"", "proxy_set_header", "/own", "x-real-ip"},
		{"", "proxy_set_header", "/none", "host"},
		{"", "add_header", "/merge", "x-a,x-b,x-c"},
		{"", "add_header", "/merge/inner", "x-a,x-b,x-c,x-e"},
		{"", "add_header", "/off", ""},
		{"", "add_header", "/off/inner", ""},
		{"", "add_header", "/on-again/inner", "x-f"},
		{"1.29.2", "add_header", "/merge", "x-c"},
		{"1.29.2", "add_header", "/off", "x-a,x-b"},
	} {
		a := Parse("t.conf", "", []byte(inheritSrc), LoadOptions{})
		a.Config = &Config{NginxVersion: c.version}
		loc := findBlock(a, "location", c.loc)
		if loc == nil {
			t.Fatalf("no location %s", c.loc)
		}
		if got := fields(a.Effective(loc, c.name)); got != c.want {
			t.Errorf("version %q: %s at %s = %q, want %q", c.version, c.name, c.loc, got, c.want)
		}
	}
	a := Parse("t.conf", "", []byte(inheritSrc), LoadOptions{})
	iff := findBlock(a, "if", "")
	if got := fields(a.Effective(iff, "add_header")); got != "x-d" {
		t.Errorf("if: %q", got)
	}
	if got := fields(a.Effective(nil, "add_header")); got != "" {
		t.Errorf("top: %q", got)
	}
	srv := findBlock(a, "server", "")
	if d := a.EffectiveField(srv, "proxy_set_header", "HOST"); d == nil || d.Arg(1) != "$host" {
		t.Errorf("EffectiveField: %v", d)
	}
}

// A fragment (a file with location blocks at the top) has no outer level.
func TestEffectiveFragment(t *testing.T) {
	a := Parse("t.conf", "", []byte("add_header X-A a;\nlocation / { }\n"), LoadOptions{})
	loc := findBlock(a, "location", "/")
	if got := fields(a.Effective(loc, "add_header")); got != "x-a" {
		t.Errorf("fragment: %q", got)
	}
}

// Lists set in an included file count at the level of the include.
func TestEffectiveAcrossIncludes(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "params.conf"), []byte("fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\nfastcgi_param QUERY_STRING $query_string;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := `http {
    proxy_hide_header X-Powered-By;
    server {
        include params.conf;
        location / { }
        location /php { fastcgi_param HTTPS on; }
        location /h { proxy_hide_header Server; }
    }
}
`
	main := filepath.Join(dir, "nginx.conf")
	a := Parse(main, main, []byte(src), LoadOptions{})
	for _, c := range []struct{ loc, name, want string }{
		{"/", "fastcgi_param", "script_filename,query_string"},
		{"/php", "fastcgi_param", "https"},
		{"/", "proxy_hide_header", "x-powered-by"},
		{"/h", "proxy_hide_header", "server"},
	} {
		loc := findBlock(a, "location", c.loc)
		if got := fields(a.Effective(loc, c.name)); got != c.want {
			t.Errorf("%s at %s = %q, want %q", c.name, c.loc, got, c.want)
		}
	}
	if !IsArrayDirective("proxy_set_header") || IsArrayDirective("root") {
		t.Error("IsArrayDirective")
	}
}
