package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/nginx-lint/nginx-lint/internal/benchgen"
)

// The budget follows the bytes read, is lifted when the live heap takes
// most of it, and is applied again after a collection.
func TestMemoryBudgetLimit(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	live := int64(0)
	defer func(f func() int64) { liveHeap = f }(liveHeap)
	liveHeap = func() int64 { return live }
	limit := func() int64 { return debug.SetMemoryLimit(-1) }

	var m memoryBudget
	m.add(1 << 20)
	if m.read != 0 || m.limit != 0 {
		t.Fatalf("counted before start: read %d, limit %d", m.read, m.limit)
	}
	m.start()
	defer func() { m.mu.Lock(); m.started = false; m.mu.Unlock() }()
	if want := int64(budgetFixed - budgetReserve); limit() != want {
		t.Errorf("limit %d before any file, want %d", limit(), want)
	}
	m.add(10e6)
	if want := int64(budgetFixed-budgetReserve) + 80e6; limit() != want {
		t.Errorf("limit %d after 10 MB, want %d", limit(), want)
	}
	// A live heap over 7 bytes per byte read lifts the limit once a
	// collection has measured it.
	live = 75e6
	runtime.GC()
	for deadline := time.Now().Add(5 * time.Second); limit() != math.MaxInt64 && time.Now().Before(deadline); {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if limit() != math.MaxInt64 {
		t.Errorf("limit %d with a live heap of 75 MB for 10 MB read, want none", limit())
	}
	// More text read raises the budget over the live heap again.
	m.add(10e6)
	if want := int64(budgetFixed-budgetReserve) + 160e6; limit() != want {
		t.Errorf("limit %d after 20 MB, want %d", limit(), want)
	}
}

// GOMEMLIMIT is the user's: the budget does not start.
func TestMemoryBudgetLeavesGOMEMLIMIT(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "1GiB")
	var m memoryBudget
	m.start()
	m.add(10e6)
	if m.started || m.limit != 0 {
		t.Errorf("budget started under GOMEMLIMIT: limit %d", m.limit)
	}
}

// The CLI's peak memory on large generated configurations (internal/benchgen,
// the same as the benchmarks') stays within 8 bytes per byte of input plus
// 30 MB, the target of docs/performance.md.
func TestMemoryBudget(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's shadow memory is not the program's; .ci/run runs this test without it")
	}
	t.Setenv("GOMEMLIMIT", "")
	for _, size := range []int{1 << 20, 10 << 20, 40 << 20} {
		t.Run(fmt.Sprintf("%dMiB", size>>20), func(t *testing.T) {
			dir := hostileDir(t, map[string]string{})
			src := benchgen.Config(size)
			if err := os.WriteFile(filepath.Join(dir, "big.conf"), src, 0o644); err != nil {
				t.Fatal(err)
			}
			r := lint(t, dir, nil, "check", "--max-file-size", "100MiB", "-f", "compact", "big.conf", "good.conf")
			r.check(t, 1, `^big.conf:\d+:\d+: warning: .*\[localhost-upstream\]$`)
			in := int64(len(src) + len(goodConf))
			if bound := 8*in + 30e6; r.maxRSS > bound {
				t.Errorf("peak RSS %.1f MB for %.1f MB of input, over the budget of %.1f MB", float64(r.maxRSS)/1e6, float64(in)/1e6, float64(bound)/1e6)
			}
		})
	}
}
