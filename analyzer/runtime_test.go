package analyzer

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// addrsOf parses src and describes every address as
// "line: kind [targets]" with targets "kind:host".
func addrsOf(t *testing.T, src string) map[int]string {
	t.Helper()
	an := Parse("t.conf", "", []byte(src), LoadOptions{NoIncludes: true})
	out := map[int]string{}
	Walk(an.Root.Children(), func(d *Directive) bool {
		if a := an.ParseAddress(d); a != nil {
			var ts []string
			for _, tg := range a.Targets {
				ts = append(ts, fmt.Sprintf("%s:%s", tg.Kind, tg.Host))
			}
			sort.Strings(ts)
			s := a.Kind.String()
			if a.Runtime {
				s += " [" + strings.Join(ts, " ") + "]"
			}
			if a.NeedsResolver() {
				s += " needs-resolver"
			}
			out[d.NameRange().Start.Line] = s
		}
		return !d.Ctx.IsData()
	})
	return out
}

func TestRuntimeAddresses(t *testing.T) {
	src := `http {
    upstream app { server 127.0.0.1:5000; }
    upstream app2 { server 127.0.0.1:5001; }
    map $host $pool { default app; api.example.com app2; }
    map $host $mixed { default app; ~^v6 [::1]:80; }
    map $host $nodefault { a.example app; }
    server {
        set $srv "backend.internal:8080";
        location /a { set $b "localhost:5000"; proxy_pass http://$b; }
        location /b { proxy_pass http://app$request_uri; }
        location /c { proxy_pass http://app:80$request_uri; }
        location /d { proxy_pass http://static.example:8000/x; }
        location /e { proxy_pass http://static.example:8000$request_uri; }
        location /f { proxy_pass http://other.example$request_uri; }
        location /g { proxy_pass http://$pool; }
        location /h { proxy_pass http://$mixed; }
        location /i { proxy_pass http://$srv; }
        location /j { set $b 127.0.0.1:5000; if ($arg_x) { set $b "alt.svc:80"; } proxy_pass http://$b; }
        location /k { proxy_pass http://$host$request_uri; }
        location /l { set $h localhost; set $u "http://${h}:5000"; proxy_pass $u; }
        location /m { proxy_pass $scheme://app; }
        location /n { proxy_pass http://$nodefault; }
        location /o { set $b "unix:/run/app.sock:"; proxy_pass http://$b; }
        location /p { return 200; set $b foo.local; proxy_pass http://$b; }
        location /q { set $b x.local; break; set $b y.local; proxy_pass http://$b; }
        location /r { location /r/nested { proxy_pass http://$srv; } }
    }
    upstream dyn { zone dyn 64k; server db.internal:5432 resolve;
        server 10.0.0.1 resolve; }
}
stream {
    upstream sdb { server 127.0.0.1:5432; }
    map $ssl_preread_server_name $sup { default sdb; }
    server { listen 1; proxy_pass $sup; }
    server { listen 2; set $t "localhost:6379"; proxy_pass $t; }
}
`
	got := addrsOf(t, src)
	want := map[int]string{
		9:  "dynamic name [dynamic name:localhost] needs-resolver",
		10: "upstream group [upstream group:app]",
		11: "dynamic name [dynamic name:app] needs-resolver",
		12: "static name",
		13: "static name [static name:static.example]",
		14: "dynamic name [dynamic name:other.example] needs-resolver",
		15: "upstream group [upstream group:app upstream group:app2]",
		16: "mixed [IP literal:[::1] upstream group:app]",
		17: "dynamic name [dynamic name:backend.internal] needs-resolver",
		18: "dynamic name [IP literal:127.0.0.1 dynamic name:alt.svc] needs-resolver",
		19: "dynamic name [unknown:…] needs-resolver",
		20: "dynamic name [dynamic name:localhost] needs-resolver",
		21: "upstream group [upstream group:app]",
		22: "upstream group [upstream group:app]",
		23: "unix socket [unix socket:unix:/run/app.sock:]",
		24: "unknown [unknown:…]",
		25: "dynamic name [dynamic name:x.local] needs-resolver",
		26: "dynamic name [dynamic name:backend.internal] needs-resolver",
		28: "dynamic name [dynamic name:db.internal] needs-resolver",
		29: "IP literal",
		34: "upstream group [upstream group:sdb]",
		35: "dynamic name [dynamic name:localhost] needs-resolver",
	}
	for line, w := range want {
		if got[line] != w {
			t.Errorf("line %d: got %q, want %q", line, got[line], w)
		}
	}
}

func TestTargetHostRange(t *testing.T) {
	src := "server {\n    set $b \"localhost:5000\";\n    location / { proxy_pass http://$b/x; }\n}\n"
	an := Parse("t.conf", "", []byte(src), LoadOptions{NoIncludes: true})
	var a *Address
	Walk(an.Root.Children(), func(d *Directive) bool {
		if x := an.ParseAddress(d); x != nil {
			a = x
		}
		return true
	})
	if a == nil || len(a.Targets) != 1 {
		t.Fatalf("got %+v", a)
	}
	r, ok := a.Targets[0].HostRange()
	if !ok {
		t.Fatal("no host range")
	}
	if got := src[r.Start.Offset:r.End.Offset]; got != "localhost" || r.Start.Line != 2 {
		t.Errorf("host range %q at line %d", got, r.Start.Line)
	}
	if a.Targets[0].Var != "b" {
		t.Errorf("var %q", a.Targets[0].Var)
	}
}

func TestPublicDNSService(t *testing.T) {
	for addr, want := range map[string]bool{
		"8.8.8.8": true, "8.8.8.8:53": true, "[2001:4860:4860::8888]": true, "2001:4860:4860:0::8888": true,
		"[2606:4700:4700::1111]:53": true, "9.9.9.9": true, "149.112.112.112": true, "208.67.220.220": true,
		"9.9.9.11": true, "[2a02:6b8::feed:0ff]:53": true, "4.2.2.6": true,
		"10.96.0.10": false, "127.0.0.11": false, "kube-dns.kube-system.svc.cluster.local": false,
		"203.0.113.53": false, "81.2.69.142": false,
	} {
		if got := IsPublicDNSService(addr); got != want {
			t.Errorf("IsPublicDNSService(%q) = %v", addr, got)
		}
	}
	for name, want := range map[string]bool{
		"backend": true, "api.default.svc": true, "api.default.svc.cluster.local": true, "db.internal": true,
		"printer.lan": true, "nas.home.arpa": true, "x.local.": true, "example.com": false, "localhost": false,
		"127.0.0.1": false, "[::1]": false,
	} {
		if got := IsInternalName(name); got != want {
			t.Errorf("IsInternalName(%q) = %v", name, got)
		}
	}
}

// TestRuntimeWorkBounded: values of variables defined from themselves are
// built up to a bound, past which they are unknown, and the address is
// still classified from the pieces kept. A dozen set $a "$a$a" made
// values of 4,096 pieces, and a map naming itself three times in each
// value was read 12^8 times.
func TestRuntimeWorkBounded(t *testing.T) {
	sets := strings.Repeat(`set $a "$a$a"; `, 12)
	src := `http {
    map $q $w { default $w$w$w; ~a $w$w$w; ~b x$w$w$w; /c $w$w$w; }
    server {
        set $h "10.0.0.1:80/";
        location /a { ` + sets + `proxy_pass http://$h$a; }
        location /b { ` + sets + `proxy_pass http://$a; }
        location /c { proxy_pass http://$w; }
        location /d { set $p "$h$w"; proxy_pass http://$p; }
    }
}
`
	an := Parse("t.conf", "", []byte(src), LoadOptions{NoIncludes: true})
	want := map[string]string{"/a": "IP literal [IP literal:10.0.0.1]", "/b": "unknown", "/c": "unknown", "/d": "IP literal [IP literal:10.0.0.1]"}
	Walk(an.Root.Children(), func(d *Directive) bool {
		if d.Name() != "proxy_pass" {
			return true
		}
		loc := d.Enclosing("location").Arg(0)
		e := &evaluator{an: an, ix: an.runtimeIdx(), vars: map[string][]value{}}
		srv, l := rewriteLists(d)
		e.runRewrite(srv, false)
		e.runRewrite(l, false)
		vals := e.expand(d.Args()[0], d)
		// Past the bound, each evaluation under way (a map's, eight deep
		// at most; the address's; a set's) still joins its values, each
		// of at most maxTargets values of maxPieces and an unknown.
		if e.work > maxEvalWork+(maxVarDepth+12+1)*maxTargets*(maxPieces+1) {
			t.Errorf("%s: %d pieces built for one address", loc, e.work)
		}
		for _, v := range vals {
			if len(v) > maxPieces+1 {
				t.Errorf("%s: a value of %d pieces", loc, len(v))
			}
		}
		a := an.ParseAddress(d)
		got := a.Kind.String()
		if a.Kind != AddrUnknown {
			var ts []string
			for _, tg := range a.Targets {
				ts = append(ts, fmt.Sprintf("%s:%s", tg.Kind, tg.Host))
			}
			got += " [" + strings.Join(ts, " ") + "]"
		}
		if got != want[loc] {
			t.Errorf("%s: %s, want %s", loc, got, want[loc])
		}
		return true
	})
}
