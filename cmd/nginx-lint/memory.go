package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// The memory budget: a check aims to stay under 8 bytes of memory per byte
// of configuration text in flight, plus 30 MB (docs/performance.md). The
// tree the rules read keeps about 6 times the text of a typical
// configuration alive, text included; Go's collector, left to its default
// pacing, lets the heap grow to twice what survived its last cycle, which
// on a large configuration passes that line. So the command sets Go's soft
// memory limit to the budget, raised as each file is read and lowered as
// each file's tree is let go (lint.Env.TextHeld), and the collector runs
// before the heap crosses it. Over a tree of many files the text in flight
// is that of the few files being checked, and the budget is mostly the
// fixed part.
//
// Some inputs keep far more than 8 times their size alive, and no limit
// can hold them to the budget: text of nothing but tiny statements
// (docs/limits.md), and the findings of many files, which are held until
// the report is written. A limit just above the live heap would
// only make the collector run again and again for little gain; no limit at
// all lets the heap grow to twice the live heap (Go's default pacing),
// which on a file of 8 million statements is a gigabyte more than it
// needs. So the limit is never below the live heap and a quarter, as
// found after the last collection (plus what the runtime holds besides),
// and where more is live than the budget, the heap may grow by as much as
// is live up to budgetRoom: the collector runs each time the heap has
// grown by that much, and its work stays proportional to what is
// allocated. There GOGC paces the collector to that heap and the limit is
// set a little above it (budgetSlack). This is checked after every
// collection and as each file is read or let go.
//
// A tree of many files (lint.Env.ManyFiles: more text than the check keeps
// trees of) is checked one file at a time by each worker, and holds a
// record of each file and the findings of all of them besides. There the
// budget is that of a configuration per worker and budgetTree for the run
// (docs/performance.md's bound: the largest configuration's budget times
// the workers, and 64 MB), and the collector runs when the heap reaches
// it, not each time the heap has grown by as much as is live: over the
// shared corpus copied 40 times, pacing by GOGC ran the collector every
// 30 to 40 MB and left the room between its goal and the limit unused,
// for 25% more wall time at the same peak. The limit is still never below
// the live heap and a quarter.
//
// GOMEMLIMIT, when set, is the user's choice and is left alone. GOGC, when
// set, is kept, and bounds the pacing the budget sets; GOGC=off stays off.
const (
	budgetPerByte = 8
	budgetFixed   = 30e6
	// budgetReserve is kept back for what the process holds outside the
	// memory Go's limit counts (the executable's pages, 5 to 8 MB) and
	// for the limit being soft.
	budgetReserve = 20e6
)

// memoryBudget is the running budget; its zero value does nothing until
// started, so that tests running the command in-process keep their own
// memory settings.
type memoryBudget struct {
	mu      sync.Mutex
	started bool
	held    int64 // bytes of configuration text in flight
	limit   int64 // the limit last set
	// percent is the GOGC last set; userPercent the one the process
	// started with (100 unless GOGC says otherwise; negative: off);
	// userGOGC is set when GOGC says so.
	percent, userPercent int
	userGOGC             bool
	// workers is set once a check is found to be over a tree of many
	// files (manyFiles): its workers. collections counts the collections
	// since.
	workers, collections int
}

var budget memoryBudget

// start turns the budget on, unless GOMEMLIMIT is set.
func (m *memoryBudget) start() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	m.mu.Lock()
	m.started = true
	m.userGOGC = os.Getenv("GOGC") != ""
	m.userPercent = debug.SetGCPercent(100)
	debug.SetGCPercent(m.userPercent)
	m.percent = m.userPercent
	m.apply()
	m.mu.Unlock()
	m.watchCollections()
}

// add counts n bytes of configuration text taken hold of (let go, when
// negative) and moves the limit.
func (m *memoryBudget) add(n int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.started {
		return
	}
	m.held = max(0, m.held+int64(n))
	m.apply()
}

// manyFiles is told that the check is over a tree of many files, checked
// by workers workers (lint.Env.ManyFiles).
func (m *memoryBudget) manyFiles(workers int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.started {
		return
	}
	m.workers = max(1, workers)
	m.apply()
}

// apply sets the limit to the budget, or to the live heap and room to grow
// where the budget is less (see above). Called with m.mu held.
func (m *memoryBudget) apply() {
	if m.workers > 0 {
		m.applyTree()
		return
	}
	limit := int64(budgetFixed-budgetReserve) + budgetPerByte*m.held
	// Under the limit, the heap may grow to the limit less what the
	// runtime holds besides objects and free pages (it returns free pages
	// to the system to stay under the limit): partly used spans, stacks,
	// metadata.
	live, other := heapStats()
	percent := m.userPercent
	if other+live > limit {
		// More is live than the budget: the findings of many files, or a
		// file of tiny statements. The collector's own pacing (GOGC) holds
		// the heap to the live heap and room; the limit is set above that
		// (see budgetSlack).
		room := max(live/budgetGrowth, min(live, budgetRoom))
		limit = other + live + room
		limit += limit / budgetSlack
		if percent > 0 && live > 0 {
			percent = int(min(int64(percent), max(1, 100*room/live)))
		}
	}
	m.set(max(limit, other+live+live/budgetGrowth), percent)
}

// set sets the limit and GOGC where they change. Called with m.mu held.
func (m *memoryBudget) set(limit int64, percent int) {
	if percent != m.percent {
		m.percent = percent
		debug.SetGCPercent(percent)
	}
	if limit != m.limit {
		m.limit = limit
		debug.SetMemoryLimit(limit)
	}
}

// applyTree sets the limit of a tree of many files: a configuration's
// budget per worker and budgetTree, or, where that is less, the live heap
// and as much again, at least budgetTreeRoom per worker; never less than
// the live heap and a quarter. The limit paces the collector (GOGC off,
// unless the user set it). Called with m.mu held.
func (m *memoryBudget) applyTree() {
	live, other := heapStats()
	limit := int64(budgetFixed*m.workers) + budgetTree - budgetReserve + budgetPerByte*m.held
	room := budgetTreeRoom * int64(min(m.workers, 1+m.collections/budgetTreeRamp))
	limit = min(limit, other+live+max(live, room))
	percent := -1
	if m.userGOGC {
		percent = m.userPercent
	}
	m.set(max(limit, other+live+live/budgetGrowth), percent)
}

// budgetTree is what a run over a tree of many files may hold besides a
// configuration's budget per worker: the records of its files and the
// findings, read back for the report.
const budgetTree = 64e6

// budgetTreeRoom is the least room to grow a tree of many files is given
// per worker under its allowance (once the run has gone on a while:
// budgetTreeRamp). Each worker allocates as it checks (the trees of its
// files are garbage once checked) and the collector runs once per so much
// allocated: with one worker's room for two, --jobs 2 ran it 53 times
// over the corpus copied 5 times instead of 39, and over the corpus copied
// 40 times took 10.2 s instead of 9.0-9.4 s, with 6-8% more CPU than
// --jobs 1 instead of less (docs/performance.md). Less than the whole
// allowance, which a run over many small files does not need: the shared
// corpus once, --jobs 2, took 64 MiB with 32 MB, 80 MiB with 48 MB and 114
// MiB with the whole allowance in the same wall time.
const budgetTreeRoom = 32e6

// budgetTreeRamp: the room grows to budgetTreeRoom per worker by one
// worker's room each budgetTreeRamp collections. The heap a run grows into
// is memory the system must hand it (page faults, costly on a virtual
// machine), which pays for itself only over a long run: the shared corpus
// once, --jobs 2, took 85 MiB at once with room for two workers, 61 MiB
// with this ramp (it ends before the ramp starts), the same wall time
// within the machine's noise; over the corpus copied 40 times the ramp
// costs nothing measurable.
const budgetTreeRamp = 16

// budgetGrowth and budgetRoom: where the budget is too small for the live
// heap, the heap may grow by 1/budgetGrowth of it between collections; once
// the live heap is over the budget, by as much as is live (Go's default
// pacing) up to budgetRoom, if that is more. A run over many files holds
// a record of each (tens of MB, live) while it reads and drops trees at
// hundreds of MB a second, with little text in flight at any moment: a
// quarter of the live heap alone had the collector run every 15 MB there,
// at nearly twice the wall time. Over the shared corpus copied 40 times,
// once the findings waited outside the heap, 64 MB peaked at 194–197 MiB,
// 48 MB at 171–178 MiB for 2–5% more time, 40 MB at 161–170 MiB for 5–8%
// and 32 MB at 153–156 MiB for 15% (docs/performance.md). A configuration
// whose tree the budget covers is left as it was.
const (
	budgetGrowth = 4
	budgetRoom   = 48e6
)

// budgetSlack: where the heap may grow by room, the collector is paced by
// GOGC to the live heap and room, and the limit is an eighth above that.
// A limit right at the heap's goal has the runtime give memory back to the
// system as the heap grows toward it and fault it in again: over the
// corpus copied 40 times, 216,000 page faults and 3 seconds of system time
// more at --jobs 2 (docs/performance.md).
const budgetSlack = 8

// heapStats returns the heap that survived the last collection and the
// memory the runtime holds from the system for anything but heap objects
// and free heap pages (a variable for the tests).
var heapStats = func() (live, other int64) {
	s := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
	}
	metrics.Read(s)
	for _, x := range s {
		if x.Value.Kind() != metrics.KindUint64 {
			return 0, 0
		}
	}
	v := func(i int) int64 { return int64(s[i].Value.Uint64()) }
	return v(0), v(1) - v(2) - v(3) - v(4)
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
			if m.workers > 0 {
				m.collections++
			}
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
