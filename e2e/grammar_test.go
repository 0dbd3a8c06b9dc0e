package e2e

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/fuzzcheck"
	"github.com/nginx-lint/nginx-lint/internal/testutil"
)

// grammarConfigs is how many configurations TestGrammarAgainstNginx builds.
const grammarConfigs = 2000

// TestGrammarAgainstNginx is a differential against nginx -t on
// configurations that fuzzcheck.Grammar builds from seeded random bytes:
// variables defined from each other, maps, geo, split_clients, captures,
// addresses, includes, upstreams, a stream{} block (those with template
// markup are left out: nginx-lint reads them as templates). Most
// are broken in several ways at once, so this asks more of the rules that
// speak for nginx -t than the one-edit mutants do. Each configuration gets
// a directory of its own with the files it includes (snip.conf,
// conf.d/a.conf), an events{} block, and load_module for stream where it
// has one (a dynamic module on Debian). nginx-lint must report an error of
// a rule marked NginxT exactly when nginx -t fails; failures that depend on
// the machine (a missing file, DNS, …) are set apart, as in
// TestMutantsAgainstNginx. A disagreement fails the test with both
// verdicts and the configuration's directory.
func TestGrammarAgainstNginx(t *testing.T) {
	nginx := testutil.Nginx(t)
	version := nginxVersion(t, nginx)
	dir := mutantPrefix(t, installedModules(nginx))
	r := rand.New(rand.NewPCG(11, 12))
	var paths []string
	var texts [][]byte
	for i := range grammarConfigs {
		b := make([]byte, 64+r.IntN(600))
		for j := range b {
			b[j] = byte(r.Uint32())
		}
		text := fuzzcheck.Grammar(b)
		if fuzzcheck.GrammarMarkup(text) {
			continue // a template: nginx-lint reads it as one, nginx as it is
		}
		ar := txtar.Parse(text)
		main := string(ar.Comment)
		if !strings.Contains(main, "events {}") {
			main = "events {}\n" + main
		}
		if strings.Contains(main, "stream {") {
			main = "load_module modules/ngx_stream_module.so;\n" + main
		}
		sub := filepath.Join(dir, fmt.Sprintf("g%04d", i))
		files := map[string]string{"nginx.conf": main}
		for _, m := range ar.Files {
			files[m.Name] = string(m.Data)
		}
		testutil.WriteFiles(t, sub, files)
		paths = append(paths, filepath.Join(sub, "nginx.conf"))
		texts = append(texts, []byte(main))
	}
	res := nginxTestAll(nginx, dir, paths)
	lint := lintAll(paths, texts, &analyzer.Config{NginxVersion: version})
	total, apart := 0, 0
	for i := range paths {
		if machineDependent(res[i].msg) != "" && res[i].exit != 0 {
			apart++
			continue
		}
		total++
		nginxOK, lintOK := res[i].exit == 0, len(lint[i]) == 0
		if nginxOK == lintOK {
			continue
		}
		nginxSays, lintSays := "loads", "nothing"
		if !nginxOK {
			nginxSays = "fails: " + res[i].msg
		}
		if !lintOK {
			lintSays = strings.Join(lint[i], "; ")
		}
		t.Errorf("%s: nginx -t %s; nginx-lint reports %s", filepath.Dir(paths[i]), nginxSays, lintSays)
	}
	if total < grammarConfigs/3 {
		t.Errorf("only %d of %d configurations compared (%d need what this machine lacks)", total, grammarConfigs, apart)
	}
	testutil.Report(t, "grammar differential against nginx -t: %d configurations compared, %d set apart as machine-dependent", total, apart)
}
