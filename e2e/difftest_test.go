package e2e

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// TestDirectivesAgainstNginx is the differential test of the directive
// table and the rules built on it: it places a sample of directives in
// contexts where they are allowed and where they are not, with the right
// and a wrong number of arguments, runs `nginx -t` on each small config and
// compares nginx's verdict (accepted or not) with whether nginx-lint
// reports any error. Every disagreement must be listed, with its reason, in
// testdata/difftest/disagreements.tsv, and agreement must be at least 99%.
//
// Run it with: go test ./e2e/ -run TestDirectivesAgainstNginx -v
func TestDirectivesAgainstNginx(t *testing.T) {
	nginx := testutil.Nginx(t)
	shared := testutil.Shared(t)
	version := nginxVersion(t, nginx)
	mods := installedModules(nginx)
	defaults := readDefaults(t, filepath.Join(shared, "data", "nginx-directives.tsv"))

	var families []string
	for f := range mods.families {
		families = append(families, f)
	}
	sort.Strings(families)
	cfg := &analyzer.Config{NginxVersion: version, Modules: families}
	env := directives.EnvOf(cfg)

	cases := buildCases(env, mods, defaults)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "logs"), 0o755); err != nil {
		t.Fatal(err)
	}
	runCases(nginx, dir, cases)

	// Directives of open-source modules this nginx was built without: nginx
	// calls them unknown in every context, so they say nothing about the
	// table; they leave the sample.
	notBuilt := map[string]bool{}
	for _, c := range cases {
		if c.kind == "allowed" && !alwaysBuilt[c.module] && strings.Contains(c.nginxOut, "unknown directive \""+c.name+"\"") {
			notBuilt[c.name] = true
		}
	}
	if dump := os.Getenv("NGINX_LINT_DIFFTEST_DUMP"); dump != "" {
		var b strings.Builder
		for _, c := range cases {
			msg := strings.TrimSpace(c.nginxOut)
			if i := strings.Index(msg, "[emerg]"); i >= 0 {
				msg = msg[i:]
			}
			msg, _, _ = strings.Cut(msg, "\n")
			fmt.Fprintf(&b, "%s\t%d\t%s\n", c.id(), c.nginxExit, msg)
		}
		if err := os.WriteFile(dump, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	listed := readDisagreements(t, filepath.Join("testdata", "difftest", "disagreements.tsv"))
	total, agree := 0, 0
	names := map[string]bool{}
	seen := map[string]bool{}
	for i := range cases {
		c := &cases[i]
		if notBuilt[c.name] {
			continue
		}
		c.lintErr = lintErrors(c.conf, cfg)
		total++
		names[c.name] = true
		nginxOK := c.nginxOut != "" && c.nginxExit == 0
		lintOK := len(c.lintErr) == 0
		if nginxOK == lintOK {
			agree++
			continue
		}
		seen[c.id()] = true
		if _, ok := listed[c.id()]; !ok {
			t.Errorf("unlisted disagreement %s: nginx %s, nginx-lint %s\n--- config\n%s--- nginx\n%s",
				c.id(), verdict(nginxOK), strings.Join(c.lintErr, "; "), c.conf, c.nginxOut)
		}
	}
	for id := range listed {
		if !seen[id] {
			t.Logf("disagreements.tsv lists %s, which now agrees", id)
		}
	}
	if total == 0 {
		t.Fatal("no cases ran")
	}
	rate := float64(agree) / float64(total) * 100
	testutil.Report(t, "directive differential test vs nginx %s: %d/%d cases agree (%.2f%%), %d directives, %d modules loaded (%s); %d directives of modules this nginx lacks left out",
		version, agree, total, rate, len(names), len(mods.families), strings.Join(families, ","), len(notBuilt))
	fmt.Fprintf(os.Stdout, "difftest: nginx %s, %d/%d cases agree (%.2f%%) over %d directives\n", version, agree, total, rate, len(names))
	var missingCore []string
	for _, sp := range directives.All() {
		if sp.Module == "ngx_http_core_module" && !sp.BlockParam && !names[sp.Name] && env.Status(&sp) == directives.Available {
			missingCore = append(missingCore, sp.Name)
		}
	}
	if len(missingCore) > 0 {
		t.Errorf("core http directives not sampled: %s (give them arguments in craftedArgs)", strings.Join(missingCore, ", "))
	}
	var lacking []string
	for n := range notBuilt {
		lacking = append(lacking, n)
	}
	sort.Strings(lacking)
	t.Logf("left out, unknown to this nginx although nginx-lint knows their module (a module newer than the installed one, or one not compiled in): %s", strings.Join(lacking, ", "))
	if len(names) < 300 {
		t.Errorf("only %d directives sampled, want at least 300", len(names))
	}
	if rate < 99 {
		t.Errorf("agreement %.2f%% is below 99%%", rate)
	}
}

func verdict(ok bool) string {
	if ok {
		return "accepts"
	}
	return "rejects"
}

// dtCase is one generated config.
type dtCase struct {
	name, module string
	kind         string // allowed | context | args
	ctx          analyzer.Context
	loads        []string
	conf         string
	nginxOut     string
	nginxExit    int
	lintErr      []string
}

func (c *dtCase) id() string {
	return c.name + "/" + c.module + "/" + c.kind + "/" + c.ctx.String()
}

var versionRe = regexp.MustCompile(`nginx/(\d+\.\d+\.\d+)`)

func nginxVersion(t *testing.T, nginx string) string {
	out, _ := exec.Command(nginx, "-v").CombinedOutput()
	m := versionRe.FindSubmatch(out)
	if m == nil {
		t.Fatalf("cannot read the version from nginx -v: %s", out)
	}
	return string(m[1])
}

// modules is what this nginx can load.
type modules struct {
	so       map[string]string // ngx_module_t name → .so path
	families map[string]bool   // module families for Config.Modules
	stream   string            // ngx_stream_module.so, when dynamic
	mail     string
	ndk      string
	// streamOK and mailOK say whether stream{} and mail{} can be used:
	// built in, or loadable.
	streamOK, mailOK bool
}

var modulesPathRe = regexp.MustCompile(`--modules-path=(\S+)`)

// installedModules lists the dynamic modules of this nginx.
func installedModules(nginx string) modules {
	m := modules{so: map[string]string{}, families: map[string]bool{}}
	out, _ := exec.Command(nginx, "-V").CombinedOutput()
	dirs := []string{"/usr/share/nginx/modules", "/usr/lib/nginx/modules"}
	if mm := modulesPathRe.FindSubmatch(out); mm != nil {
		dirs = append([]string{string(mm[1])}, dirs...)
	}
	byModule := map[string]string{}
	for _, s := range directives.All() {
		if f := s.ModuleFamily(); f != "" {
			byModule[s.Module] = f
		}
	}
	if os.Getenv("NGINX_LINT_DIFFTEST_NO_MODULES") != "" {
		dirs = nil // as on a host with the nginx package alone
	}
	for _, d := range dirs {
		files, _ := filepath.Glob(filepath.Join(d, "*.so"))
		for _, f := range files {
			mod := strings.TrimSuffix(filepath.Base(f), ".so")
			if _, dup := m.so[mod]; dup {
				continue
			}
			m.so[mod] = f
			switch {
			case mod == "ngx_stream_module":
				m.stream = f
			case mod == "ngx_mail_module":
				m.mail = f
			case strings.HasPrefix(mod, "ndk_"):
				m.ndk = f
			}
			if fam := byModule[mod]; fam != "" {
				m.families[fam] = true
			}
		}
	}
	// ndk is loaded whenever a module needs it; the families that need it
	// are only usable with it.
	if m.ndk != "" {
		m.families["ndk"] = true
	}
	v := string(out)
	m.streamOK = m.stream != "" || (strings.Contains(v, "--with-stream ") && !strings.Contains(v, "--with-stream=dynamic"))
	m.mailOK = m.mail != "" || (strings.Contains(v, "--with-mail ") && !strings.Contains(v, "--with-mail=dynamic"))
	return m
}

// loadsFor returns the load_module paths a config testing row s needs, in
// dependency order.
func (m modules) loadsFor(s *directives.Spec) []string {
	var out []string
	if m.ndk != "" && (s.Family == "lua" || s.Family == "ndk" || s.Family == "set-misc") {
		out = append(out, m.ndk)
	}
	if m.stream != "" {
		out = append(out, m.stream)
	}
	if m.mail != "" {
		out = append(out, m.mail)
	}
	if f, ok := m.so[s.Module]; ok && f != m.stream && f != m.mail && f != m.ndk {
		out = append(out, f)
	}
	return out
}

// usable reports whether the row's module can be in this nginx: open-source
// rows are assumed built in (those that are not are found by nginx's
// "unknown directive" and left out); others need their .so.
func (m modules) usable(s *directives.Spec) bool {
	if s.ModuleFamily() == "" {
		return true
	}
	_, ok := m.so[s.Module]
	return ok
}

// readDefaults reads the default column of the directive TSV: name and
// module → the documented default arguments.
func readDefaults(t *testing.T, path string) map[string]string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	first := true
	for sc.Scan() {
		if first {
			first = false
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 6 {
			continue
		}
		out[c[0]+"\t"+c[1]] = c[5]
	}
	return out
}

// skeleton builds a config with body placed in ctx.
func skeleton(ctx analyzer.Context, name, body string, loads []string) string {
	var b strings.Builder
	for _, l := range loads {
		fmt.Fprintf(&b, "load_module %s;\n", l)
	}
	streamHandler := "return x;"
	if name == "return" {
		streamHandler = "proxy_pass 127.0.0.1:1;"
	}
	mailAuth := "auth_http 127.0.0.1:1;"
	if name == "auth_http" {
		mailAuth = ""
	}
	mailProto := "protocol smtp;"
	if name == "protocol" {
		mailProto = ""
	}
	put := func(c analyzer.Context) string {
		if c == ctx {
			return body + "\n"
		}
		return ""
	}
	fmt.Fprintf(&b, "%sevents {\n%s}\n", put(analyzer.CtxMain), put(analyzer.CtxEvents))
	fmt.Fprintf(&b, "http {\n%s", put(analyzer.CtxHTTP))
	fmt.Fprintf(&b, "upstream u {\nserver 127.0.0.1:1;\n%s}\n", put(analyzer.CtxUpstream))
	fmt.Fprintf(&b, "server {\nlisten 127.0.0.1:8080;\n%s", put(analyzer.CtxServer))
	if ctx == analyzer.CtxIfInServer {
		fmt.Fprintf(&b, "if ($uri) {\n%s}\n", body)
	}
	fmt.Fprintf(&b, "location / {\n%s", put(analyzer.CtxLocation))
	if ctx == analyzer.CtxIfInLocation {
		fmt.Fprintf(&b, "if ($uri) {\n%s}\n", body)
	}
	if ctx == analyzer.CtxLimitExcept {
		fmt.Fprintf(&b, "limit_except GET {\n%s}\n", body)
	}
	b.WriteString("}\n}\n}\n")
	if ctx.IsStream() {
		fmt.Fprintf(&b, "stream {\n%s", put(analyzer.CtxStream))
		fmt.Fprintf(&b, "upstream su {\nserver 127.0.0.1:1;\n%s}\n", put(analyzer.CtxStreamUpstrm))
		fmt.Fprintf(&b, "server {\nlisten 127.0.0.1:9000;\n%s\n%s}\n}\n", streamHandler, put(analyzer.CtxStreamServer))
	}
	if ctx == analyzer.CtxMail || ctx == analyzer.CtxMailServer {
		fmt.Fprintf(&b, "mail {\n%s\n%s", mailAuth, put(analyzer.CtxMail))
		fmt.Fprintf(&b, "server {\nlisten 127.0.0.1:2525;\n%s\n%s}\n}\n", mailProto, put(analyzer.CtxMailServer))
	}
	return b.String()
}

// placeable are the contexts the skeleton can put a directive in, in the
// order an allowed one is chosen.
var placeable = []analyzer.Context{
	analyzer.CtxHTTP, analyzer.CtxServer, analyzer.CtxLocation, analyzer.CtxMain, analyzer.CtxEvents,
	analyzer.CtxUpstream, analyzer.CtxStream, analyzer.CtxStreamServer, analyzer.CtxStreamUpstrm,
	analyzer.CtxMail, analyzer.CtxMailServer, analyzer.CtxIfInLocation, analyzer.CtxIfInServer,
	analyzer.CtxLimitExcept,
}

// disallowedOrder are the contexts tried for the wrong-context case.
var disallowedOrder = []analyzer.Context{
	analyzer.CtxMain, analyzer.CtxHTTP, analyzer.CtxServer, analyzer.CtxLocation,
	analyzer.CtxUpstream, analyzer.CtxEvents,
}

// buildCases chooses the sample and writes one config per case.
func buildCases(env *directives.Env, mods modules, defaults map[string]string) []dtCase {
	var out []dtCase
	done := map[string]bool{}
	all := directives.All()
	for i := range all {
		s := &all[i]
		if s.BlockParam || done[s.Name] || env.Status(s) != directives.Available || !mods.usable(s) {
			continue
		}
		if skipDirective[s.Name] {
			continue
		}
		args, ok := rightArgs(s, defaults)
		if !ok {
			continue
		}
		var allowed analyzer.Context
		for _, c := range placeable {
			if s.Ctx.Has(c) {
				allowed = c
				break
			}
		}
		if allowed == 0 || (allowed.IsStream() && !mods.streamOK) ||
			((allowed == analyzer.CtxMail || allowed == analyzer.CtxMailServer) && !mods.mailOK) {
			continue
		}
		done[s.Name] = true
		loads := mods.loadsFor(s)
		stmt := func(a string) string {
			st := s.Name
			if a != "" {
				st += " " + a
			}
			if s.IsBlock() {
				return st + " {\n" + blockBody[s.Name] + "}"
			}
			return st + ";"
		}
		add := func(kind string, ctx analyzer.Context, a string) {
			out = append(out, dtCase{name: s.Name, module: s.Module, kind: kind, ctx: ctx, loads: loads,
				conf: skeleton(ctx, s.Name, stmt(a), loads)})
		}
		add("allowed", allowed, args)
		// The wrong context: the first the name allows in no row.
		for _, c := range disallowedOrder {
			known, ok := directives.KnownIn(s.Name, c, s.IsBlock())
			if known && !ok && !anyRowAllows(s.Name, c) {
				add("context", c, args)
				break
			}
		}
		if wrong, ok := wrongArgs(s); ok && !s.IsBlock() {
			add("args", allowed, wrong)
		}
		// Its ";" missing, so that it runs on into the next line: nginx
		// refuses the joined line or takes the words as more values
		// (missing-semicolon's error or warning).
		if !s.IsBlock() && s.Name != "default_type" && (allowed == analyzer.CtxHTTP || allowed == analyzer.CtxServer || allowed == analyzer.CtxLocation) {
			out = append(out, dtCase{name: s.Name, module: s.Module, kind: "runon", ctx: allowed, loads: loads,
				conf: skeleton(allowed, s.Name, strings.TrimSuffix(stmt(args), ";")+"\ndefault_type text/plain;", loads)})
		}
		// Twice in one block: nginx refuses directives it stores once.
		if !s.IsBlock() && !noRepeat[s.Name] {
			out = append(out, dtCase{name: s.Name, module: s.Module, kind: "twice", ctx: allowed, loads: loads,
				conf: skeleton(allowed, s.Name, stmt(args)+"\n"+stmt(args), loads)})
		}
	}
	return out
}

// anyRowAllows reports whether some row of name allows c, block or not.
func anyRowAllows(name string, c analyzer.Context) bool {
	for _, s := range directives.Lookup(name) {
		if s.Ctx.Has(c) {
			return true
		}
	}
	return false
}

// alwaysBuilt are modules every nginx has: an unknown directive of theirs
// is a version or table problem, never a missing module.
var alwaysBuilt = map[string]bool{
	"ngx_core_module": true, "ngx_http_core_module": true, "ngx_events_module": true,
	"ngx_event_core_module": true, "ngx_http_module": true,
}

// skipDirective are left out of the sample: they need files, other
// servers or run-time state that a small config cannot give, so nginx
// rejects them for reasons no static check can know (see docs).
var skipDirective = map[string]bool{
	// The skeleton has these blocks already; a second one is a different test.
	"http": true, "events": true, "stream": true, "mail": true,
	// They read other files.
	"include": true, "load_module": true,
	// Lua SSL phases need a server with ssl_certificate and its files:
	// nginx says "no ssl configured for the server".
	"ssl_certificate_by_lua_block": true, "ssl_client_hello_by_lua_block": true,
	"ssl_session_fetch_by_lua_block": true, "ssl_session_store_by_lua_block": true,
	"ssl_certificate_by_lua_file": true, "ssl_client_hello_by_lua_file": true,
	"ssl_session_fetch_by_lua_file": true, "ssl_session_store_by_lua_file": true,
}

// noRepeat are left out of the "twice" cases: a second identical line is
// an error for reasons other than repetition (a second listen on the same
// address, a log_format name defined twice).
var noRepeat = map[string]bool{}

// blockBody is the body a block directive gets in its allowed case.
var blockBody = map[string]string{
	"server": "listen 127.0.0.1:8082;\n", "upstream": "server 127.0.0.1:2;\n",
}

// wrongArgs returns a number of arguments the row does not accept.
func wrongArgs(s *directives.Spec) (string, bool) {
	for _, n := range []int{0, 8, 1, 2, 3} {
		if !directives.ArgsOK(s, n) {
			return strings.TrimSpace(strings.Repeat("x ", n)), true
		}
	}
	return "", false
}

// rightArgs returns arguments nginx accepts for the row: a crafted value,
// or the documented default.
func rightArgs(s *directives.Spec, defaults map[string]string) (string, bool) {
	if v, ok := craftedArgs[s.Name]; ok {
		return v, v != "-"
	}
	d := strings.TrimSpace(defaults[s.Name+"\t"+s.Module])
	if d == "" || strings.ContainsAny(d, "—|;") {
		if directives.ArgsOK(s, 0) {
			return "", true
		}
		if s.Args&directives.Flag != 0 {
			return "off", true
		}
		return "", false
	}
	if !directives.ArgsOK(s, len(strings.Fields(d))) {
		return "", false
	}
	return d, true
}

// craftedArgs are valid arguments for directives without a usable
// documented default ("-" leaves a directive out).
var craftedArgs = map[string]string{
	"proxy_pass": "http://127.0.0.1:1", "root": "/tmp", "alias": "/tmp/",
	"listen": "127.0.0.1:8081", "server_name": "example.com", "return": "204",
	"rewrite": "^ /x", "try_files": "$uri =404", "error_page": "404 /404.html",
	"add_header": "X-A b", "set": "$a b", "location": "/x", "limit_except": "GET",
	"if": "($uri)", "types": "", "allow": "all", "deny": "all", "index": "index.html",
	"server": "", "upstream": "u2", "resolver": "127.0.0.1",
	// Defaults that name a variable newer than 1.22 ($is_request_port).
	"fastcgi_param": "X_A b", "scgi_param": "X_A b", "uwsgi_param": "X_A b",
	// "combined" is predefined: a second definition is a duplicate name.
	"log_format": "custom '$remote_addr'",
	// Documented as a platform-dependent pair ("4k/8k").
	"lua_socket_buffer_size": "4k",
	// "proxy_redirect default" must follow proxy_pass in the same block.
	"proxy_redirect": "off",
	// The default group "nobody" does not exist on Debian.
	"user": "root",
	// Core http directives whose documented default is platform-dependent
	// ("8k|16k") or absent.
	"client_body_buffer_size": "16k", "connection_pool_size": "512", "gzip_disable": "msie6",
	"max_ranges": "1", "post_action": "off", "server_names_hash_bucket_size": "64",
	"subrequest_output_buffer_size": "8k", "client_body_early_read": "on",
}

// runCases runs nginx -t on every case, a few at once.
func runCases(nginx, dir string, cases []dtCase) {
	parallel(len(cases), max(2, runtime.NumCPU()), func(i int) {
		c := &cases[i]
		path := filepath.Join(dir, fmt.Sprintf("case%04d.conf", i))
		if err := os.WriteFile(path, []byte(c.conf), 0o644); err != nil {
			c.nginxOut = err.Error()
			c.nginxExit = -1
			return
		}
		c.nginxOut, c.nginxExit = nginxTest(nginx, dir, path)
		if c.nginxOut == "" {
			c.nginxOut = "ok"
		}
	})
}

// nginxTest runs `nginx -t -q` on path with prefix dir and returns what it
// printed and its exit status. A verdict is remembered for the rest of the
// process (see nginxMemoKey), so that `go test -count=N` asks nginx once
// for each text: nginx is the oracle here, and its verdict on the same
// text in the same prefix does not change between runs; nginx-lint's side
// is run every time.
func nginxTest(nginx, dir, path string) (string, int) {
	key := nginxMemoKey(nginx, dir, path)
	if v, ok := nginxMemo.Load(key); ok && key != "" {
		m := v.(nginxVerdict)
		return strings.ReplaceAll(m.out, nginxDirMark, dir), m.code
	}
	out, code := runNginxTest(nginx, dir, path)
	if key != "" {
		nginxMemo.Store(key, nginxVerdict{strings.ReplaceAll(out, dir, nginxDirMark), code})
	}
	return out, code
}

func runNginxTest(nginx, dir, path string) (string, int) {
	out, err := exec.Command(nginx, "-t", "-q", "-p", dir, "-c", path, "-g", "error_log stderr;").CombinedOutput()
	if err == nil {
		return string(out), 0
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(out), ee.ExitCode()
	}
	return string(out) + err.Error(), 1
}

var nginxMemo sync.Map // nginxMemoKey → nginxVerdict

type nginxVerdict struct {
	out  string // with the prefix written as nginxDirMark
	code int
}

const nginxDirMark = "\x00PREFIX\x00"

// tempTestDir matches t.TempDir's directories: /tmp/TestName123/001.
var tempTestDir = regexp.MustCompile(`/(Test[A-Za-z0-9_]*?)\d+/\d+$`)

// nginxMemoKey identifies a verdict: the binary, the test whose temporary
// prefix it is (each test lays out its prefix the same way every run),
// the file's path in the prefix and its text. "" (never remembered) for a
// prefix that is not a test's temporary directory.
func nginxMemoKey(nginx, dir, path string) string {
	m := tempTestDir.FindStringSubmatch(dir)
	rel, err := filepath.Rel(dir, path)
	if m == nil || err != nil {
		return ""
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.Join([]string{nginx, m[1], rel, string(text)}, "\x00")
}

// lintErrors returns nginx-lint's error findings for a config.
func lintErrors(conf string, cfg *analyzer.Config) []string {
	fs := analyzer.Run("case.conf", "", []byte(conf), analyzer.LoadOptions{NoIncludes: true}, cfg)
	var out []string
	for _, f := range fs {
		if f.Severity == analyzer.Error {
			out = append(out, f.Rule+": "+f.Message)
		}
	}
	return out
}

// readDisagreements reads the listed disagreements: id → reason.
func readDisagreements(t *testing.T, path string) map[string]string {
	out := map[string]string{}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v", err)
	}
	for i, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, reason, ok := strings.Cut(line, "\t")
		if !ok || strings.TrimSpace(reason) == "" {
			t.Errorf("%s:%d: want \"id<TAB>reason\"", path, i+1)
			continue
		}
		out[id] = reason
	}
	return out
}
