package inorder

import (
	"errors"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Results come back in order of index whatever the time each takes; no
// more than ahead are made and unused at once; each goroutine number is
// used by one call at a time; an error from use stops the work handed out
// and Do returns only once the work under way is done.
func TestDo(t *testing.T) {
	for _, c := range []struct{ n, workers, ahead int }{
		{0, 4, 8}, {1, 4, 8}, {100, 1, 1}, {100, 3, 1}, {500, 4, 8}, {500, 16, 32},
	} {
		var made, inFlight, most atomic.Int64
		busy := make([]atomic.Bool, max(c.workers, 1))
		var got []int
		err := Do(c.n, c.workers, c.ahead, func(w, i int) int {
			if busy[w].Swap(true) {
				t.Errorf("%+v: goroutine %d given two pieces of work at once", c, w)
			}
			if k := inFlight.Add(1); k > most.Load() {
				most.Store(k)
			}
			time.Sleep(time.Duration(rand.IntN(50)) * time.Microsecond)
			made.Add(1)
			busy[w].Store(false)
			return i * i
		}, func(i, v int) error {
			if v != i*i {
				t.Errorf("%+v: result %d for index %d", c, v, i)
			}
			got = append(got, i)
			inFlight.Add(-1)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for k, i := range got {
			if i != k {
				t.Fatalf("%+v: index %d used in place %d", c, i, k)
			}
		}
		if len(got) != c.n || made.Load() != int64(c.n) {
			t.Errorf("%+v: %d used, %d made", c, len(got), made.Load())
		}
		if most.Load() > int64(max(c.ahead, 1)) {
			t.Errorf("%+v: %d results made and not used at once, want at most %d", c, most.Load(), c.ahead)
		}
	}

	stopped := errors.New("stop")
	var mu sync.Mutex
	calls, running := 0, 0
	err := Do(1000, 4, 8, func(_, i int) int {
		mu.Lock()
		calls++
		running++
		mu.Unlock()
		time.Sleep(100 * time.Microsecond)
		mu.Lock()
		running--
		mu.Unlock()
		return i
	}, func(i, _ int) error {
		if i == 10 {
			return stopped
		}
		return nil
	})
	mu.Lock()
	defer mu.Unlock()
	if !errors.Is(err, stopped) {
		t.Errorf("Do returned %v, want use's error", err)
	}
	if running != 0 {
		t.Errorf("Do returned with %d pieces of work still running", running)
	}
	if calls > 10+8+1 {
		t.Errorf("%d pieces of work after use failed at the 11th, want at most the %d ahead", calls, 8)
	}
}
