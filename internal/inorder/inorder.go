// Package inorder runs a function over the indexes 0 to n-1 on several
// goroutines and hands its results back in order of index, a bounded
// number ahead: the shape of work whose output has a fixed order but whose
// pieces cost what they cost (reading a run's findings back block by
// block, writing a report chunk by chunk).
package inorder

import "sync"

// Do calls work(w, i) for each i in [0, n) on up to workers goroutines (w
// is the goroutine's number, in [0, workers): state kept per goroutine is
// indexed by it) and use(i, v) with each result in order of i, on the
// calling goroutine. At most ahead results are being made or wait to be
// used; their places are granted in order of i, so the next result to use
// always has one. Once use returns an error, no more work is handed out;
// Do returns the error when the work under way is done.
func Do[T any](n, workers, ahead int, work func(w, i int) T, use func(i int, v T) error) error {
	workers = max(1, min(workers, n))
	ahead = max(1, ahead)
	done := make([]chan T, n)
	for i := range done {
		done[i] = make(chan T, 1)
	}
	places := make(chan struct{}, ahead)
	next := make(chan int)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(stop)
	wg.Go(func() {
		defer close(next)
		for i := range n {
			select {
			case places <- struct{}{}:
			case <-stop:
				return
			}
			select {
			case next <- i:
			case <-stop:
				return
			}
		}
	})
	for w := range workers {
		wg.Go(func() {
			for i := range next {
				done[i] <- work(w, i)
			}
		})
	}
	for i := range n {
		if err := use(i, <-done[i]); err != nil {
			return err
		}
		<-places
	}
	return nil
}
