package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
	"time"

	"github.com/nginx-lint/nginx-lint/internal/benchgen"
)

// The budget follows the bytes read, and is lifted while it would leave
// the collector less than an eighth of the live heap, as found after a
// collection.
func TestMemoryBudgetLimit(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	var mu sync.Mutex
	live, other := int64(0), int64(5e6)
	heap := func(l, o int64) { mu.Lock(); live, other = l, o; mu.Unlock() }
	defer func(f func() (int64, int64)) { heapStats = f }(heapStats)
	heapStats = func() (int64, int64) { mu.Lock(); defer mu.Unlock(); return live, other }
	limit := func() int64 { return debug.SetMemoryLimit(-1) }
	// afterGC waits for the check that follows a collection to set want.
	afterGC := func(want int64) {
		for deadline := time.Now().Add(5 * time.Second); limit() != want && time.Now().Before(deadline); {
			runtime.GC()
			time.Sleep(10 * time.Millisecond)
		}
	}

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
	want := int64(budgetFixed-budgetReserve) + 80e6
	if limit() != want {
		t.Errorf("limit %d after 10 MB, want %d", limit(), want)
	}
	// 60 MB live and 5 MB besides leave 25 MB to allocate: it holds.
	heap(60e6, 5e6)
	runtime.GC()
	afterGC(want)
	if limit() != want {
		t.Errorf("limit %d with room to spare, want %d", limit(), want)
	}
	// 78 MB live and 5 MB besides leave 7 MB: lifted.
	heap(78e6, 5e6)
	afterGC(math.MaxInt64)
	if limit() != math.MaxInt64 {
		t.Errorf("limit %d with 7 MB of room for 78 MB live, want none", limit())
	}
	// 10 MB more read: room again.
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
			r := runBinary(t, dir, nil, "check", "--max-file-size", "100MiB", "-f", "compact", "big.conf", "good.conf")
			r.check(t, 1, `^big.conf:\d+:\d+: warning: .*\[localhost-upstream\]$`)
			in := int64(len(src) + len(goodConf))
			if bound := 8*in + 30e6; r.maxRSS > bound {
				t.Errorf("peak RSS %.1f MB for %.1f MB of input, over the budget of %.1f MB", float64(r.maxRSS)/1e6, float64(in)/1e6, float64(bound)/1e6)
			}
		})
	}
}
