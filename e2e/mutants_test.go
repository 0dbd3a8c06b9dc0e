package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/mutate"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
	_ "github.com/nginx-lint/nginx-lint/rules"
)

// The mutation differential: nginx is the oracle.
const (
	mutantSeed    = 15 // the generator's seed; a new seed makes new mutants
	mutantPerKind = 5  // mutants of each kind per base configuration
	// minMutants and minAgreement are the bar: at least this many
	// mutants judged, agreeing at least this often (percent).
	minMutants   = 2000
	minAgreement = 99.5
)

// TestMutantsAgainstNginx takes the base configurations of
// testdata/mutants/bases (realistic ones that `nginx -t` loads on the CI
// machine, dynamic modules loaded with load_module), makes seeded mutants
// of them with the edits people make by mistake (internal/mutate), labels
// each with real `nginx -t`, and compares: nginx-lint agrees when it
// reports an error from a rule that speaks for nginx -t (Rule.NginxT)
// exactly when nginx -t fails. Failures that depend on the machine
// (missing files, DNS, permissions, what the nginx build includes) are set
// apart. Every disagreement must be listed with its reason in
// testdata/mutants/disagreements.tsv.
//
// NGINX_LINT_MUTANTS_WRITE=FILE writes the current disagreements there, in
// the table's format, with the nginx and nginx-lint verdicts as reasons.
func TestMutantsAgainstNginx(t *testing.T) {
	nginx := testutil.Nginx(t)
	version := nginxVersion(t, nginx)
	mods := installedModules(nginx)
	dir := mutantPrefix(t, mods)

	bases, _ := filepath.Glob(filepath.Join("testdata", "mutants", "bases", "*.conf"))
	if len(bases) == 0 {
		t.Fatal("no base configurations in testdata/mutants/bases")
	}
	cfg := &analyzer.Config{NginxVersion: version}
	var ms []mutate.Mutant
	var paths []string
	var baseTexts [][]byte
	for _, b := range bases {
		src, err := os.ReadFile(b)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(b), ".conf")
		baseTexts = append(baseTexts, src)
		ms = append(ms, mutate.Generate(name, src, mutantSeed, mutantPerKind)...)
	}
	// The bases first: each must load, and nginx-lint must agree.
	texts := append(append([][]byte{}, baseTexts...), func() [][]byte {
		out := make([][]byte, len(ms))
		for i := range ms {
			out[i] = ms[i].Text
		}
		return out
	}()...)
	for i, text := range texts {
		p := filepath.Join(dir, fmt.Sprintf("m%05d.conf", i))
		if err := os.WriteFile(p, text, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	res := nginxTestAll(nginx, dir, paths)
	lint := lintAll(paths, texts, cfg)
	for i, b := range bases {
		if res[i].exit != 0 {
			t.Fatalf("base %s does not load: %s", b, res[i].msg)
		}
		if len(lint[i]) > 0 {
			t.Errorf("base %s loads, but nginx-lint reports %s", b, strings.Join(lint[i], "; "))
		}
	}
	res, lint = res[len(bases):], lint[len(bases):]

	listed := readDisagreements(t, filepath.Join("testdata", "mutants", "disagreements.tsv"))
	total, agree := 0, 0
	apart := map[string]int{}
	byKind := map[string][2]int{}
	var missing []string
	var write strings.Builder
	seen := map[string]bool{}
	for i := range ms {
		m, r := &ms[i], res[i]
		if why := machineDependent(r.msg); r.exit != 0 && why != "" {
			apart[why]++
			continue
		}
		total++
		nginxOK, lintOK := r.exit == 0, len(lint[i]) == 0
		k := byKind[m.Kind]
		k[0]++
		if nginxOK == lintOK {
			agree++
			k[1]++
			byKind[m.Kind] = k
			continue
		}
		byKind[m.Kind] = k
		id := m.ID()
		seen[id] = true
		lintSays := "nothing"
		if !lintOK {
			lintSays = strings.Join(lint[i], "; ")
		}
		nginxSays := "loads"
		if !nginxOK {
			nginxSays = "fails: " + r.msg
		}
		if nginxOK {
			fmt.Fprintf(&write, "%s\tfalse alarm: nginx loads it, nginx-lint reports %s (edit: %s)\n", id, lintSays, m.What)
		} else {
			fmt.Fprintf(&write, "%s\tmiss: nginx -t %s, and no rule that speaks for nginx -t reports it (edit: %s)\n", id, nginxSays, m.What)
		}
		if _, ok := listed[id]; !ok {
			missing = append(missing, fmt.Sprintf("%s (%s): nginx %s; nginx-lint %s", id, m.What, nginxSays, lintSays))
		}
	}
	if p := os.Getenv("NGINX_LINT_MUTANTS_WRITE"); p != "" {
		if err := os.WriteFile(p, []byte(write.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(missing)
	for _, s := range missing {
		t.Errorf("unlisted disagreement %s", s)
	}
	for id := range listed {
		if !seen[id] {
			t.Errorf("disagreements.tsv lists %s, which is no disagreement now: remove it", id)
		}
	}
	rate := 100 * float64(agree) / float64(max(total, 1))
	var kinds []string
	for _, k := range mutate.Kinds() {
		c := byKind[k]
		kinds = append(kinds, fmt.Sprintf("%s %d/%d", k, c[1], c[0]))
	}
	var aparts []string
	for why, n := range apart {
		aparts = append(aparts, fmt.Sprintf("%s %d", why, n))
	}
	sort.Strings(aparts)
	testutil.Report(t, "mutation differential vs nginx %s: %d/%d mutants agree (%.2f%%) from %d bases; set apart as machine-dependent: %s",
		version, agree, total, rate, len(bases), strings.Join(aparts, ", "))
	t.Logf("by kind: %s", strings.Join(kinds, ", "))
	if total < minMutants {
		t.Errorf("only %d mutants judged, want at least %d", total, minMutants)
	}
	if rate < minAgreement {
		t.Errorf("agreement %.2f%% is below %.2f%%", rate, minAgreement)
	}
}

// machineFailures are nginx -t failures that depend on the machine, not
// on the text: a file, a name in DNS, a user, a permission, or a module
// that the nginx build has built in or not. nginx-lint cannot know them.
var machineFailures = []struct {
	re  *regexp.Regexp
	why string
}{
	{regexp.MustCompile(`No such file or directory|BIO_new_file|cannot load certificate|PEM_read_bio`), "file"},
	{regexp.MustCompile(`Permission denied`), "permission"},
	{regexp.MustCompile(`host not found|could not be resolved`), "dns"},
	{regexp.MustCompile(`getpwnam|getgrnam`), "user"},
	{regexp.MustCompile(`bind\(\) to .* failed`), "address"},
	// Parameters of other operating systems (FreeBSD): nginx on Linux
	// does not know them; nginx-lint does not know the target system.
	{regexp.MustCompile(`invalid parameter "(setfib|accept_filter)=`), "platform"},
	// What the OpenSSL build accepts (cipher strings).
	{regexp.MustCompile(`SSL_CTX_set_cipher_list|no cipher match`), "library"},
	// Debian builds stream and mail as dynamic modules: without their
	// load_module nginx does not know the block; nginx.org's build does.
	{regexp.MustCompile(`unknown directive "(stream|mail)"`), "build"},
}

func machineDependent(msg string) string {
	for _, m := range machineFailures {
		if m.re.MatchString(msg) {
			return m.why
		}
	}
	return ""
}

// mutantPrefix makes nginx's prefix for the mutants: logs/, cache/, a
// modules link to the directory of the installed dynamic modules (the
// bases load them as "modules/….so", as Debian's modules-enabled does) and
// a generated test certificate in certs/.
func mutantPrefix(t *testing.T, mods modules) string {
	dir := t.TempDir()
	for _, d := range []string{"logs", "cache", "tmp", "certs"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	modDir := ""
	for _, f := range mods.so {
		modDir = filepath.Dir(f)
		break
	}
	if mods.stream != "" {
		modDir = filepath.Dir(mods.stream)
	}
	testutil.Require(t, modDir != "" && mods.stream != "" && mods.mail != "",
		"Debian's dynamic modules (libnginx-mod-*, nginx-extras) are not installed")
	if err := os.Symlink(modDir, filepath.Join(dir, "modules")); err != nil {
		t.Fatal(err)
	}
	writeTestCert(t, filepath.Join(dir, "certs"))
	return dir
}

// writeTestCert writes a throw-away certificate and its key as test.crt
// and test.key.
func writeTestCert(t *testing.T, dir string) {
	cert, key := selfSigned(t)
	if err := os.WriteFile(filepath.Join(dir, "test.crt"), cert, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "test.key"), key, 0o600); err != nil {
		t.Fatal(err)
	}
}

// nginxResult is what `nginx -t` said of one file.
type nginxResult struct {
	exit int
	out  string
	msg  string // the first [emerg] line, without the time stamp
}

var emergRe = regexp.MustCompile(`\[emerg\] \d+#\d+: ([^\n]*)`)

// nginxTestAll runs `nginx -t -q` on every path with prefix dir, many at
// once.
func nginxTestAll(nginx, dir string, paths []string) []nginxResult {
	out := make([]nginxResult, len(paths))
	parallel(len(paths), 4*runtime.NumCPU(), func(i int) {
		o, code := nginxTest(nginx, dir, paths[i])
		r := nginxResult{exit: code, out: o}
		if m := emergRe.FindStringSubmatch(o); m != nil {
			r.msg = strings.Replace(m[1], paths[i], "FILE", 1)
		} else if code != 0 {
			r.msg = strings.TrimSpace(o)
		}
		out[i] = r
	})
	return out
}

// lintAll returns, for each file, nginx-lint's errors from rules that
// speak for nginx -t.
func lintAll(paths []string, texts [][]byte, cfg *analyzer.Config) [][]string {
	out := make([][]string, len(paths))
	parallel(len(paths), runtime.NumCPU(), func(i int) {
		for _, f := range analyzer.Run(paths[i], paths[i], texts[i], analyzer.LoadOptions{}, cfg) {
			if r := analyzer.Lookup(f.Rule); f.Severity == analyzer.Error && r != nil && r.NginxT {
				out[i] = append(out[i], fmt.Sprintf("%s %d: %s", f.Rule, f.Range.Start.Line, f.Message))
			}
		}
	})
	return out
}

// parallel calls fn(0 … n-1) on workers goroutines.
func parallel(n, workers int, fn func(i int)) {
	ch := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range ch {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		ch <- i
	}
	close(ch)
	wg.Wait()
}
