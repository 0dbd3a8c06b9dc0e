package corpusrun

import (
	"bufio"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/sources"
)

// The precision run: every default-on rule's findings on the corpus, a
// seeded sample of up to -sample of them per rule, and the judgments a
// person made of each sampled finding (true: the finding is right about
// this configuration; false: it is not), kept in a TSV file. It writes the
// table of figures (docs/precision.md) and lists the sampled findings that
// have no judgment yet.

// sampleKey identifies a finding across runs: the rule and where it is.
type sampleKey struct {
	Rule, File string
	Line, Col  int
}

func (k sampleKey) String() string {
	return fmt.Sprintf("%s:%d:%d [%s]", k.File, k.Line, k.Col, k.Rule)
}

// judgment is one row of the judgments file.
type judgment struct {
	Key     sampleKey
	Verdict string // "true", "false", or "?" (not judged yet)
	Reason  string
	Message string // the headline when sampled, for the reader
}

const judgmentsHeader = "rule\tfile\tline\tcol\tverdict\treason\tmessage"

// readJudgments reads the judgments file; a missing file is empty.
func readJudgments(path string) (map[sampleKey]judgment, error) {
	out := map[sampleKey]judgment{}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if n == 1 || sc.Text() == "" {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) != 7 {
			return nil, fmt.Errorf("%s:%d: want 7 tab-separated columns, got %d", path, n, len(c))
		}
		line, err1 := strconv.Atoi(c[2])
		col, err2 := strconv.Atoi(c[3])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%s:%d: line and col must be numbers", path, n)
		}
		switch c[4] {
		case "true", "false", "?":
		default:
			return nil, fmt.Errorf("%s:%d: verdict must be true, false or ?, not %q", path, n, c[4])
		}
		if c[4] != "?" && strings.TrimSpace(c[5]) == "" {
			return nil, fmt.Errorf("%s:%d: a verdict needs its reason", path, n)
		}
		k := sampleKey{c[0], c[1], line, col}
		out[k] = judgment{Key: k, Verdict: c[4], Reason: c[5], Message: c[6]}
	}
	return out, sc.Err()
}

func writeJudgments(path string, js []judgment) error {
	var b strings.Builder
	b.WriteString(judgmentsHeader + "\n")
	for _, j := range js {
		fmt.Fprintf(&b, "%s\t%s\t%d\t%d\t%s\t%s\t%s\n", j.Key.Rule, j.Key.File, j.Key.Line, j.Key.Col, j.Verdict, clean(j.Reason), clean(j.Message))
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func clean(s string) string { return strings.NewReplacer("\t", " ", "\n", " ").Replace(s) }

// corpusFindings lints every file in its tree with the rules that are on
// by default and returns the findings in files under dir, once each, by
// rule, with their headlines.
func corpusFindings(dir string, files []string) map[string]map[sampleKey]string {
	cfg := &analyzer.Config{Enabled: map[string]bool{}}
	root := analyzer.RealPath(dir)
	out := map[string]map[sampleKey]string{}
	for _, rel := range files {
		path := filepath.Join(dir, rel)
		src, err := analyzer.ReadFile(path, 0)
		// Manifests and dumps go through their own readers in the CLI;
		// read as nginx text, they would give findings nobody sees.
		if err != nil || sources.Detect(rel, src) != sources.KindNginx {
			continue
		}
		for _, f := range analyzer.Run(rel, path, src, treeLoad(dir), cfg) {
			r := analyzer.Lookup(f.Rule)
			if r == nil || !r.Default {
				continue
			}
			name := f.Range.Start.File
			if filepath.IsAbs(name) {
				p, err := filepath.Rel(root, analyzer.RealPath(name))
				if err != nil || strings.HasPrefix(p, "..") {
					continue
				}
				name = p
			}
			k := sampleKey{f.Rule, filepath.ToSlash(name), f.Range.Start.Line, f.Range.Start.Column}
			if out[f.Rule] == nil {
				out[f.Rule] = map[sampleKey]string{}
			}
			out[f.Rule][k] = f.Message
		}
	}
	return out
}

// sample picks up to n keys, the same ones for the same findings and seed:
// sorted, then shuffled by a generator seeded with seed and the rule id.
func sample(rule string, keys []sampleKey, seed int64, n int) []sampleKey {
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	h := fnv.New64a()
	h.Write([]byte(rule))
	rng := rand.New(rand.NewSource(seed ^ int64(h.Sum64())))
	rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	if len(keys) > n {
		keys = keys[:n]
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	return keys
}

// ruleFigure is one row of the table.
type ruleFigure struct {
	Rule                        string
	Found, Sampled, True, False int
}

func (r ruleFigure) precision() string {
	if r.True+r.False == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f %%", 100*float64(r.True)/float64(r.True+r.False))
}

// precisionRun samples, merges the judgments, rewrites the judgments file
// (sampled findings only, new ones with verdict "?") and the table, and
// reports what is left to judge. With check set it writes nothing and
// fails when the sample and the judgments differ.
func precisionRun(dir string, files []string, judgPath, tablePath string, seed int64, n int, check bool, stdout, stderr io.Writer) int {
	old, err := readJudgments(judgPath)
	if err != nil {
		fmt.Fprintf(stderr, "corpusrun: %v\n", err)
		return 2
	}
	found := corpusFindings(dir, files)
	var js []judgment
	var figs []ruleFigure
	open, stale := 0, 0
	inSample := map[sampleKey]bool{}
	for _, r := range analyzer.Rules() {
		if !r.Default {
			continue
		}
		var keys []sampleKey
		for k := range found[r.ID] {
			keys = append(keys, k)
		}
		fig := ruleFigure{Rule: r.ID, Found: len(keys)}
		for _, k := range sample(r.ID, keys, seed, n) {
			inSample[k] = true
			j, ok := old[k]
			if !ok {
				j = judgment{Key: k, Verdict: "?"}
			}
			j.Message = found[r.ID][k]
			switch j.Verdict {
			case "true":
				fig.True++
			case "false":
				fig.False++
			default:
				open++
				fmt.Fprintf(stdout, "to judge: %s %s\n", k, j.Message)
			}
			fig.Sampled++
			js = append(js, j)
		}
		figs = append(figs, fig)
	}
	for k := range old {
		if !inSample[k] {
			stale++
			fmt.Fprintf(stdout, "no longer sampled: %s\n", k)
		}
	}
	fmt.Fprintf(stdout, "%d sampled findings, %d to judge, %d judgments no longer sampled\n", len(js), open, stale)
	if check {
		if open > 0 || stale > 0 {
			return 1
		}
		return 0
	}
	if err := writeJudgments(judgPath, js); err != nil {
		fmt.Fprintf(stderr, "corpusrun: %v\n", err)
		return 2
	}
	head := ""
	if b, err := os.ReadFile(tablePath); err == nil {
		if i := strings.Index(string(b), precisionMarker); i >= 0 {
			head = string(b[:i])
		}
	}
	if err := os.WriteFile(tablePath, []byte(head+precisionTable(figs, seed, n, len(files))), 0o644); err != nil {
		fmt.Fprintf(stderr, "corpusrun: %v\n", err)
		return 2
	}
	return 0
}

// precisionMarker starts the generated part of the table file.
const precisionMarker = "<!-- generated by corpusrun -precision: do not edit below -->"

func precisionTable(figs []ruleFigure, seed int64, n, files int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\nSeed %d, up to %d findings per rule, %d corpus files.\n\n", precisionMarker, seed, n, files)
	b.WriteString("| rule | findings on the corpus | sampled | true | false | precision |\n|---|---:|---:|---:|---:|---:|\n")
	for _, f := range figs {
		fmt.Fprintf(&b, "| [`%s`](../rules/%s.md) | %d | %d | %d | %d | %s |\n", f.Rule, strings.ReplaceAll(f.Rule, "-", "_"), f.Found, f.Sampled, f.True, f.False, f.precision())
	}
	return b.String()
}
