package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/fixer"
	"github.com/nginx-lint/nginx-lint/internal/corpus"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
	"github.com/nginx-lint/nginx-lint/rules"
)

// TestFixesAcceptedByNginx lets nginx judge the fixer: every rule fixture
// and every corpus file that `nginx -t` accepts in the harness below is
// fixed with every rule on and unsafe fixes included (--fix --unsafe-fixes),
// and nginx must accept the fixed text too; then again with --loopback ipv6. Files nginx does not accept as
// they are (third-party modules, paths outside the harness, ...) are skipped
// and counted.
//
// The harness gives each file a prefix directory with the file under conf/,
// wrapped by a main file that supplies what a fragment lacks (events{},
// http{}, server{}, location{} or stream{}, from the context nginx-lint
// infers). It then runs nginx -t repeatedly, each time supplying what nginx
// reported missing: an empty file for an include or log path inside the
// prefix, a self-signed certificate or key for an ssl_* file inside the
// prefix, and, where unshare(1) can give nginx a private /etc/hosts, a hosts
// entry 127.0.0.1 for an upstream name that does not resolve (DNS itself
// points at 127.0.0.1 there, so no lookup leaves the machine) and users or
// groups the config names in a private /etc/passwd and /etc/group. Absolute
// paths (/etc/..., /var/..., ...) in the file are moved under the prefix
// first, so that their stubs can be supplied there too; the fixer then works
// on that text.
func TestFixesAcceptedByNginx(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	nginx := testutil.Nginx(t)
	shared := testutil.Shared(t)
	root := testutil.RepoRoot(t)

	var jobs []judgeJob
	// Under the race detector the fixer runs about ten times slower, and
	// the judge looks for concurrency bugs there, not for fixes nginx
	// refuses: one fixture in raceStride/5 and one corpus file in
	// raceStride are judged, so that `go test -race -count=3 ./e2e` stays
	// within go test's default timeout. CI judges everything without the
	// race detector too (.ci/run).
	fixtureStride, corpusStride := 1, 1
	if raceEnabled {
		fixtureStride, corpusStride = raceStride/5, raceStride
	}
	fixtures, _ := filepath.Glob(filepath.Join(root, "rules", "testdata", "*", "*.conf"))
	for i, f := range fixtures {
		if i%fixtureStride == 0 {
			jobs = append(jobs, judgeJob{name: "fixture " + strings.TrimPrefix(f, root+"/"), path: f, tree: filepath.Dir(f)})
		}
	}
	dir := filepath.Join(shared, "corpus")
	files, err := corpus.Files(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, rel := range files {
		if i%corpusStride == 0 {
			jobs = append(jobs, judgeJob{name: "corpus " + rel, path: filepath.Join(dir, rel)})
		}
	}
	testutil.Require(t, len(files) > 0, "no corpus files under "+dir)

	h := &harness{nginx: nginx, base: t.TempDir(), unshare: canUnshare()}
	if !h.unshare {
		if testutil.InCI() {
			t.Fatal("under CI=true the judge needs unshare(1) and root for its private /etc/hosts")
		}
		t.Log("unshare is not usable: upstream names that do not resolve make files skipped")
	}
	h.certPEM, h.keyPEM = selfSigned(t)

	// Fixes are judged by this nginx, so they target its version: a fix
	// meant for a newer nginx (listen-http2-deprecated's http2 on;) is
	// not one this nginx can accept.
	cfg := &analyzer.Config{Enabled: map[string]bool{}, Loopback: "ipv4", NginxVersion: nginxVersion(t, nginx)}
	for _, r := range rules.All() {
		cfg.Enabled[r.ID] = true
	}
	cfg6 := *cfg
	cfg6.Loopback, cfg6.LoopbackSet = "ipv6", true
	cfgs := []*analyzer.Config{cfg, &cfg6}

	start := time.Now()
	results := make([]judgeResult, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	workers := 2 * runtime.NumCPU()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = h.judge(i, jobs[i], cfgs)
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()

	var accepted, changed, skipped, failed int
	skipWhy := map[string]int{}
	for i, r := range results {
		switch {
		case r.failed != "":
			failed++
			if failed <= 20 {
				t.Errorf("%s: nginx accepts the file but not its fixed text:\n%s", jobs[i].name, r.failed)
			}
		case r.skipped != "":
			skipped++
			skipWhy[r.skipped]++
		default:
			accepted++
			if r.changed {
				changed++
			}
		}
	}
	fmt.Printf("nginx judge: %d files: %d accepted by nginx -t before and after fixing (%d changed by fixes), %d skipped, %d failed (%s)\n",
		len(jobs), accepted, changed, skipped, failed, time.Since(start).Round(time.Second))
	var why []string
	for k, n := range skipWhy {
		why = append(why, fmt.Sprintf("%5d %s", n, k))
	}
	sort.Sort(sort.Reverse(sort.StringSlice(why)))
	if len(why) > 8 {
		why = why[:8]
	}
	fmt.Printf("nginx judge: most common reasons nginx rejected a file as it is:\n%s\n", strings.Join(why, "\n"))
	testutil.Report(t, "nginx judge: %d accepted (%d changed by fixes), %d skipped, %d failed", accepted, changed, skipped, failed)
	if accepted == 0 {
		t.Error("nginx accepted no file: the harness is broken")
	}
}

// raceStride is the share of the corpus judged under the race detector:
// one file in raceStride (and one fixture in raceStride/5).
const raceStride = 20

type judgeJob struct {
	name string
	path string
	tree string // a directory copied beside the file (fixture include targets)
}

type judgeResult struct {
	skipped string // why nginx rejects the file as it is
	failed  string // nginx's complaint about the fixed text
	changed bool
}

type harness struct {
	nginx           string
	base            string
	unshare         bool
	certPEM, keyPEM []byte
}

var (
	reHost    = regexp.MustCompile(`host not found in (?:upstream |resolver )?"([^"]+)"`)
	reOpen    = regexp.MustCompile(`open\(\) "([^"]+)" failed \(2: No such file or directory\)`)
	reCert    = regexp.MustCompile(`cannot load certificate "([^"]+)"`)
	reKey     = regexp.MustCompile(`cannot load certificate key "([^"]+)"`)
	reVerify  = regexp.MustCompile(`SSL_CTX_load_verify_locations\("([^"]+)"\)`)
	reUser    = regexp.MustCompile(`get(pw|gr)nam\("([^"]+)"\) failed`)
	rePath    = regexp.MustCompile(`(^|[\s"'=:])/((?:etc|var|usr|opt|srv|run|home|data|app|config|certs?|ssl|www|mnt|root|tmp|static|public)/)`)
	reEmerg   = regexp.MustCompile(`\[emerg\] [0-9#]+: (.*?)(?: in /[^ ]*:\d+)?$`)
	reQuoted  = regexp.MustCompile(`"[^"]*"`)
	reNumbers = regexp.MustCompile(`\d+`)
)

// judge runs one file through the harness.
func (h *harness) judge(i int, job judgeJob, cfgs []*analyzer.Config) judgeResult {
	src, err := os.ReadFile(job.path)
	if err != nil {
		return judgeResult{skipped: "unreadable"}
	}
	dir := filepath.Join(h.base, fmt.Sprint(i))
	conf := filepath.Join(dir, "conf")
	for _, d := range []string{conf, filepath.Join(dir, "logs")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return judgeResult{skipped: "harness: " + err.Error()}
		}
	}
	defer os.RemoveAll(dir)
	if job.tree != "" {
		if err := os.CopyFS(conf, os.DirFS(job.tree)); err != nil {
			return judgeResult{skipped: "harness: " + err.Error()}
		}
	}
	site := filepath.Join(conf, filepath.Base(job.path))
	if job.tree == "" {
		site = filepath.Join(conf, "site.conf")
	}
	// Absolute paths move under the prefix, where the harness may supply
	// them; the fixer then works on that text and nginx judges both.
	src = rePath.ReplaceAll(src, []byte("${1}"+dir+"/root/${2}"))
	main := filepath.Join(conf, "judge-main.conf")
	hosts := filepath.Join(dir, "hosts")
	passwd, _ := os.ReadFile("/etc/passwd")
	group, _ := os.ReadFile("/etc/group")
	for _, w := range []struct {
		path string
		data []byte
	}{
		{site, src},
		// Fragments often rely on a certificate set at http level elsewhere.
		{filepath.Join(conf, "judge-stub.pem"), append(append([]byte(nil), h.certPEM...), h.keyPEM...)},
		{main, wrapper(src, filepath.Base(site))},
		{hosts, []byte("127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n")},
		{filepath.Join(dir, "passwd"), passwd},
		{filepath.Join(dir, "group"), group},
		{filepath.Join(dir, "resolv.conf"), []byte("nameserver 127.0.0.1\noptions timeout:1 attempts:1\n")},
	} {
		if err := os.WriteFile(w.path, w.data, 0o644); err != nil {
			return judgeResult{skipped: "harness: " + err.Error()}
		}
	}

	if out, ok := h.settle(dir, main, hosts); !ok {
		return judgeResult{skipped: reason(out)}
	}
	// Once with the defaults (localhost becomes 127.0.0.1), once with
	// --loopback ipv6 (it becomes [::1]); the files are restored between.
	changed := false
	inside := analyzer.RealPath(dir) + string(filepath.Separator)
	for _, c := range cfgs {
		res := fixer.Fix(fixer.Input{Name: site, Path: site, Src: src}, analyzer.LoadOptions{Prefix: conf}, c, fixer.Options{Unsafe: true})
		var written []*fixer.File
		for _, f := range res.Files {
			if !strings.HasPrefix(analyzer.RealPath(f.Path), inside) {
				continue // a system file the config includes (/etc/nginx/...): never written
			}
			if err := fixer.Write(f); err != nil {
				return judgeResult{failed: "writing the fix: " + err.Error()}
			}
			written = append(written, f)
		}
		if len(written) == 0 {
			continue
		}
		changed = true
		// A fix may make text effective that nginx skipped before (an
		// include swallowed by a missing ';' becomes a real include), so
		// the environment is supplied again for the fixed text.
		if out, ok := h.settle(dir, main, hosts); !ok {
			var fixed strings.Builder
			for _, f := range written {
				fmt.Fprintf(&fixed, "--- %s (loopback %s):\n%s", f.Name, c.Loopback, f.New)
			}
			return judgeResult{failed: fmt.Sprintf("%s\n%s", out, fixed.String())}
		}
		for _, f := range written {
			if err := os.WriteFile(f.Path, f.Old, 0o644); err != nil {
				return judgeResult{failed: "restoring: " + err.Error()}
			}
		}
	}
	return judgeResult{changed: changed}
}

// wrapper returns a main file that includes site where nginx expects it.
func wrapper(src []byte, site string) []byte {
	u := analyzer.Scan(analyzer.NewFile(site, "", src), analyzer.CtxMain, 0)
	inc := "include " + site + ";"
	const certs = "ssl_certificate judge-stub.pem;\n    ssl_certificate_key judge-stub.pem;\n    "
	var s string
	switch analyzer.InferContext(u.Items) {
	case analyzer.CtxMain:
		events := false
		for _, d := range u.Items {
			events = events || d.Name() == "events"
		}
		if events {
			s = inc
		} else {
			s = "events {}\n" + inc
		}
	case analyzer.CtxServer:
		s = "events {}\nhttp {\n    " + certs + "server {\n        " + inc + "\n    }\n}"
	case analyzer.CtxLocation:
		s = "events {}\nhttp {\n    " + certs + "server {\n        location /judge/ {\n            " + inc + "\n        }\n    }\n}"
	case analyzer.CtxStream:
		s = "events {}\nstream {\n    " + inc + "\n}"
	default:
		s = "events {}\nhttp {\n    " + certs + inc + "\n}"
	}
	return []byte(s + "\n")
}

// settle runs nginx -t, supplying what it reports missing, until it
// accepts the configuration or reports something the harness cannot
// supply.
func (h *harness) settle(dir, main, hosts string) (string, bool) {
	var out string
	for try := 0; try < 12; try++ {
		var ok bool
		if out, ok = h.run(dir, main); ok {
			return out, true
		}
		if !h.supply(dir, hosts, out) {
			return out, false
		}
	}
	return out, false
}

// supply creates what nginx's complaint names, if the harness may.
func (h *harness) supply(dir, hosts, out string) bool {
	inside := func(p string) bool { return strings.HasPrefix(filepath.Clean(p), dir+string(filepath.Separator)) }
	write := func(p string, b []byte) bool {
		if !inside(p) {
			return false
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return false
		}
		return os.WriteFile(p, b, 0o644) == nil
	}
	if m := reHost.FindStringSubmatch(out); m != nil && h.unshare {
		host := m[1]
		if i := strings.LastIndex(host, ":"); i > 0 && !strings.Contains(host[:i], ":") {
			host = host[:i]
		}
		host = strings.TrimPrefix(strings.TrimPrefix(host, "http://"), "https://")
		if host == "" || strings.ContainsAny(host, " \t$/") {
			return false
		}
		b, _ := os.ReadFile(hosts)
		if strings.Contains(string(b), " "+host+"\n") {
			return false
		}
		f, err := os.OpenFile(hosts, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return false
		}
		defer f.Close()
		_, err = fmt.Fprintf(f, "127.0.0.1 %s\n", host)
		return err == nil
	}
	if m := reUser.FindStringSubmatch(out); m != nil && h.unshare {
		// A user or group the config runs as: add it to the private
		// passwd/group files.
		line := m[2] + ":x:4242:4242::/nonexistent:/usr/sbin/nologin\n"
		file := filepath.Join(dir, "passwd")
		if m[1] == "gr" {
			line, file = m[2]+":x:4242:\n", filepath.Join(dir, "group")
		}
		b, _ := os.ReadFile(file)
		if strings.Contains(string(b), "\n"+m[2]+":") {
			return false
		}
		return os.WriteFile(file, append(b, line...), 0o644) == nil
	}
	// One stub holding both a certificate and its key serves every ssl_*
	// file: each loader takes the first PEM block of the type it wants.
	pair := append(append([]byte(nil), h.certPEM...), h.keyPEM...)
	for _, re := range []*regexp.Regexp{reKey, reCert, reVerify} {
		if m := re.FindStringSubmatch(out); m != nil {
			return write(m[1], pair)
		}
	}
	if m := reOpen.FindStringSubmatch(out); m != nil {
		for _, ext := range []string{".pem", ".crt", ".key", ".cer"} {
			if strings.HasSuffix(m[1], ext) {
				return write(m[1], pair)
			}
		}
		return write(m[1], nil)
	}
	return false
}

// run is nginx -t on the harness, with a private /etc/hosts when possible.
func (h *harness) run(dir, main string) (string, bool) {
	args := []string{h.nginx, "-t", "-q", "-p", dir + "/", "-c", main}
	var cmd *exec.Cmd
	if h.unshare {
		script := `for f in hosts resolv.conf passwd group; do mount --bind "$1/$f" /etc/$f || exit 99; done; shift; exec "$@"`
		cmd = exec.Command("unshare", append([]string{"--mount", "--propagation", "private", "--", "sh", "-c", script, "judge", dir}, args...)...)
	} else {
		cmd = exec.Command(args[0], args[1:]...)
	}
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

// reason condenses nginx's complaint into a category for the skip counts.
func reason(out string) string {
	for _, l := range strings.Split(out, "\n") {
		if m := reEmerg.FindStringSubmatch(l); m != nil {
			r := reQuoted.ReplaceAllString(m[1], `"…"`)
			return reNumbers.ReplaceAllString(r, "N")
		}
	}
	if out == "" {
		return "rejected without a message"
	}
	return strings.SplitN(strings.TrimSpace(out), "\n", 2)[0]
}

// canUnshare reports whether nginx can be given a private /etc/hosts.
func canUnshare() bool {
	if os.Geteuid() != 0 {
		return false
	}
	_, err := exec.LookPath("unshare")
	if err != nil {
		return false
	}
	return exec.Command("unshare", "--mount", "--propagation", "private", "--", "sh", "-c", "mount --bind /etc/hosts /etc/hosts").Run() == nil
}

// selfSigned makes a throw-away certificate and key for ssl_* stubs.
func selfSigned(t *testing.T) (certPEM, keyPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "nginx-lint judge"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		DNSNames:     []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder})
}
