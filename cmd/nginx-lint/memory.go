package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"

	"github.com/nginx-lint/nginx-lint/analyzer"
)

// The memory budget: a check aims to stay under 8 bytes of memory per byte
// of configuration read, plus 30 MB (docs/performance.md). The tree the
// rules read keeps about 6 times the text of a typical configuration alive,
// text included; Go's collector, left to its default pacing, lets the heap
// grow to twice what survived its last cycle, which on a large
// configuration passes that line. So the command sets Go's soft memory
// limit to the budget, raised as each file is read, and the collector runs
// before the heap crosses it.
//
// Some inputs keep far more than 8 times their size alive, and no limit
// can hold them to the budget: text of nothing but tiny statements
// (docs/limits.md), and many small files, whose trees the command holds
// together with a fixed cost each. A limit just above the live heap would
// only make the collector run without pause. So after every collection,
// when the heap that survived it is more than 7 bytes per byte read, the
// limit is lifted and the collector's default pacing applies.
//
// GOMEMLIMIT, when set, is the user's choice and is left alone.
const (
	budgetPerByte = 8
	budgetFixed   = 30e6
	// budgetReserve is kept back for what the process holds outside the
	// memory Go's limit counts (the executable's pages, 5 to 8 MB) and
	// for the limit being soft.
	budgetReserve = 20e6
	// budgetLift is the live heap per byte read past which the budget is
	// lifted.
	budgetLift = 7
)

// memoryBudget is the running budget; its zero value does nothing until
// started, so that tests running the command in-process keep their own
// memory settings.
type memoryBudget struct {
	mu      sync.Mutex
	started bool
	read    int64 // bytes of configuration read
	limit   int64 // the limit last set
}

var budget memoryBudget

// start turns the budget on, unless GOMEMLIMIT is set.
func (m *memoryBudget) start() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	m.mu.Lock()
	m.started = true
	m.apply()
	m.mu.Unlock()
	m.watchCollections()
}

// add counts n bytes of configuration read and raises the limit.
func (m *memoryBudget) add(n int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.started {
		return
	}
	m.read += int64(n)
	m.apply()
}

// apply sets the limit to the budget, or lifts it when the live heap is
// more than budgetLift bytes per byte read (see above). Called with m.mu
// held.
func (m *memoryBudget) apply() {
	limit := int64(budgetFixed-budgetReserve) + budgetPerByte*m.read
	if liveHeap() > budgetLift*m.read {
		limit = math.MaxInt64
	}
	if limit != m.limit {
		m.limit = limit
		debug.SetMemoryLimit(limit)
	}
}

// liveHeap is the heap that survived the last collection (a variable for
// the tests).
var liveHeap = func() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// watchCollections calls apply after every collection: an object nothing
// refers to is cleaned up once a collection has found it unreachable, and
// its cleanup allocates the next one.
func (m *memoryBudget) watchCollections() {
	sentinel := new(collectionSentinel)
	runtime.AddCleanup(sentinel, func(m *memoryBudget) {
		m.mu.Lock()
		on := m.started
		if on {
			m.apply()
		}
		m.mu.Unlock()
		if on {
			m.watchCollections()
		}
	}, m)
}

// collectionSentinel is large enough to get an allocation of its own (the
// runtime packs smaller pointer-free objects together, and such an object
// is only freed with its neighbours).
type collectionSentinel struct{ _ [64]byte }

// countedFS counts the included files read from disk into the budget.
type countedFS struct{ analyzer.FS }

func (c countedFS) ReadFile(name string, limit int64) ([]byte, error) {
	b, err := c.FS.ReadFile(name, limit)
	budget.add(len(b))
	return b, err
}
