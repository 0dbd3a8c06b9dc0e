package lint

import (
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/internal/inorder"
)

// gathered holds the findings of every check of a run until the roots are
// known (lintInputs), out of the heap: a run over many files cannot report
// any file before its walk ends (a file found last may include one found
// first), and held as lists, the findings of 56,000 files kept about 30 MB
// live and as much again in memory they pinned among the garbage of each
// file's tree (docs/performance.md). The first check's list is kept as it
// is, so that the findings of a run of one file (millions, at worst) are
// neither copied nor written. Every other check's findings are encoded
// (analyzer.AppendEncoded), gatheredChunk at a time, into blocks of
// gatheredBlockSize bytes, and each full block is written to a temporary file
// (removed as soon as it is made, where the system allows, so that no run
// leaves one behind); where no temporary file can be written, the blocks
// stay in memory. list reads them back, in the order taken, into one list.
type gathered struct {
	mu  sync.Mutex
	all *analyzer.FindingList
	// encoded counts the findings of each encoded check, in the order
	// taken; once listed, spans are where they are in all.
	encoded []int
	spans   [][2]int
	cur     []byte // the block being filled
	blocks  []gatheredBlock
	file    *os.File
	name    string // the file's name, while it could not be removed
	size    int64  // what was written to file
	inHeap  bool   // no temporary file could be made or written
}

// gatheredBlock is a block of encoded findings: written to the temporary
// file at off, or held (data) where it could not be.
type gatheredBlock struct {
	off, n int64
	data   []byte
}

// The size from which a block is written, the findings encoded at once
// (the strings of one encoding are written once), and the most findings of
// a check encoded before the lock is taken (see take).
var (
	gatheredBlockSize = 1 << 20
	gatheredChunk     = 1024
	gatheredApart     = 64 * 1024
)

// take moves part's findings into g and returns part, its span set (see
// spanOf). A check's findings are written whole, in the order of
// g.encoded. Those of a check of up to gatheredApart findings (all but
// pathological files: the largest configuration of the shared corpus has
// 7,515) are encoded before g is locked, so that workers do not wait on
// each other's encoding (over the corpus × 40, three quarters of the
// findings are in 40 such lists); a larger list is encoded a chunk at a
// time straight into the block being filled, with g locked, so that no
// encoding of it is held at once (a list of half a million findings,
// taken after another, had its encoding of 12 MB held next to the list).
func (g *gathered) take(part *lintResult) *lintResult {
	l := part.findings
	n := l.Len()
	part.findings = nil
	var enc *[]byte
	if n <= gatheredApart {
		enc = encodeBuffers.Get().(*[]byte)
		b := (*enc)[:0]
		for from := 0; from < n; from += gatheredChunk {
			b = analyzer.AppendEncoded(b, l, from, min(n, from+gatheredChunk))
		}
		*enc = b
		defer func() {
			if cap(*enc) <= gatheredBlockSize {
				encodeBuffers.Put(enc)
			}
		}()
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.all == nil {
		g.all = l
		part.span = [2]int{0, n}
		return part
	}
	if enc != nil {
		g.cur = append(g.cur, *enc...)
		if len(g.cur) >= gatheredBlockSize {
			g.flush()
		}
	} else {
		for from := 0; from < n; from += gatheredChunk {
			g.cur = analyzer.AppendEncoded(g.cur, l, from, min(n, from+gatheredChunk))
			if len(g.cur) >= gatheredBlockSize {
				g.flush()
			}
		}
	}
	// Until list places them, an encoded check's findings are a span of
	// their number that starts at -1 - the check's number.
	k := -1 - len(g.encoded)
	part.span = [2]int{k, k + n}
	g.encoded = append(g.encoded, n)
	return part
}

// encodeBuffers hold the encodings that take makes before it locks (those
// of up to a block are kept for the next).
var encodeBuffers = sync.Pool{New: func() any { return new([]byte) }}

// flush writes the block being filled to the temporary file, or keeps it
// where that fails. Called with g.mu held.
func (g *gathered) flush() {
	b := gatheredBlock{off: g.size, n: int64(len(g.cur))}
	if g.file == nil && !g.inHeap {
		f, err := os.CreateTemp("", "nginx-lint-findings-*")
		if err != nil {
			g.inHeap = true
		} else if g.file = f; os.Remove(f.Name()) != nil {
			g.name = f.Name() // removed once closed (Windows)
		}
	}
	if !g.inHeap {
		if _, err := g.file.WriteAt(g.cur, g.size); err == nil {
			g.blocks = append(g.blocks, b)
			g.size += b.n
			g.cur = g.cur[:0]
			return
		}
	}
	b.data, g.cur = g.cur, nil
	g.blocks = append(g.blocks, b)
}

// list returns every finding taken: the first check's list, then the
// encoded checks' findings in the order taken (spanOf says where each
// check's are), decoded by up to workers goroutines (see decode); it
// closes the temporary file. An error reading the file back leaves
// findings out and says so.
func (g *gathered) list(workers int) (*analyzer.FindingList, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.all == nil {
		g.all = analyzer.NewFindingList(0)
	}
	if len(g.cur) > 0 {
		g.flush()
	}
	err := g.decode(workers)
	g.blocks, g.cur = nil, nil
	if g.file != nil {
		g.file.Close()
		if g.name != "" {
			os.Remove(g.name)
		}
		g.file = nil
	}
	if err != nil {
		return g.all, fmt.Errorf("the findings kept in a temporary file could not be read back: %w", err)
	}
	return g.all, nil
}

// errGathered is a block of encoded findings that does not hold what was
// written.
var errGathered = errors.New("findings cut short or corrupt")

// decode reads the blocks into g.all and sets g.spans: each check's
// findings follow the previous one's, as they were written. With one
// worker, one decoder reads the blocks in turn, so that the text many
// files' findings repeat is held once. With more, decoding is most of the
// work, and the report waits for it: workers read and decode the blocks,
// at most two each ahead of the list, each into a list of its own (its
// text shared within the worker's blocks), and the caller appends those
// lists in the order written (FindingList.AppendList moves records).
func (g *gathered) decode(workers int) error {
	from := g.all.Len()
	if err := g.decodeBlocks(min(workers, len(g.blocks))); err != nil {
		return err
	}
	for _, n := range g.encoded {
		g.spans = append(g.spans, [2]int{from, from + n})
		from += n
	}
	if from != g.all.Len() {
		return errGathered
	}
	return nil
}

// decodeBlocks adds the findings of g.blocks to g.all, with workers
// decoding at once (see decode).
func (g *gathered) decodeBlocks(workers int) error {
	if workers <= 1 {
		var d analyzer.FindingDecoder
		for i := range g.blocks {
			b, err := g.block(i)
			for err == nil && len(b) > 0 {
				b, err = d.Decode(g.all, b)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	type decoded struct {
		l   *analyzer.FindingList
		err error
	}
	decoders := make([]analyzer.FindingDecoder, workers)
	return inorder.Do(len(g.blocks), workers, 2*workers, func(w, i int) decoded {
		b, err := g.block(i)
		l := analyzer.NewFindingList(0)
		for err == nil && len(b) > 0 {
			b, err = decoders[w].Decode(l, b)
		}
		return decoded{l, err}
	}, func(_ int, r decoded) error {
		if r.err == nil {
			g.all.AppendList(r.l)
		}
		return r.err
	})
}

// block returns the bytes of block i.
func (g *gathered) block(i int) ([]byte, error) {
	bl := g.blocks[i]
	if bl.data != nil {
		return bl.data, nil
	}
	b := make([]byte, bl.n)
	if _, err := g.file.ReadAt(b, bl.off); err != nil {
		return nil, err
	}
	return b, nil
}

// spanOf returns where the findings of a check taken (its part's span) are
// in the list list returned.
func (g *gathered) spanOf(span [2]int) [2]int {
	if span[0] < 0 {
		if k := -1 - span[0]; k < len(g.spans) {
			return g.spans[k]
		}
		return [2]int{0, 0} // not read back (list's error)
	}
	return span
}
