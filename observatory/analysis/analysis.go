// Package analysis runs the observatory's rules engine over a corpus and
// aggregates the results: the reader streams batches of records to N
// workers, which decode them, run Engine.Analyze, write findings and count
// per cell (month, before/after the cut-off, platform, certified group).
// Memory stays constant whatever the corpus size: a fixed number of batches
// is in flight, the tallies are bounded by months × platforms × groups, and
// the posts behind each figure are a bounded bottom-k sample.
package analysis

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/creatorclub/creatorclub/observatory"
	"github.com/creatorclub/creatorclub/observatory/ingest"
)

// DefaultCutoff is the date of the French influencer law (loi n° 2023-451
// du 9 juin 2023): posts published from this day (UTC) are "after".
var DefaultCutoff = time.Date(2023, 6, 9, 0, 0, 0, 0, time.UTC)

// Options configure a run.
type Options struct {
	Format ingest.Format // empty: detected
	CSV    ingest.CSVMapping
	// Cutoff splits the corpus into before and after; zero means DefaultCutoff.
	Cutoff time.Time
	// Workers is the number of analysing goroutines; 0 means GOMAXPROCS.
	Workers int
	// Roster is the set of certified creators' handles, lower case without
	// "@", joined with the authors of posts that do not say whether they are
	// certified. Nil leaves those posts in the "unknown" group.
	Roster map[string]bool
	// SampleSize is the number of posts kept behind each figure (default 20).
	SampleSize int
	// ReviewSize is the number of posts of each of the engine's verdicts
	// drawn at random for an analyst to review by hand (see ReviewSample):
	// 0 means DefaultReviewSize, a negative number none.
	ReviewSize int
	// Findings, when not nil, receives one JSON line per post (see
	// AppendFinding), in the corpus's order.
	Findings io.Writer
	// Progress, when not nil, is called about every 200 ms and at the end.
	Progress func(Progress)
	// Size is the corpus size in bytes, if known, for Progress.Fraction.
	Size int64
	// Name names the corpus in the summary.
	Name string
	// RulesVersion is the rule set's version, for the summary.
	RulesVersion string
	// RulesEvaluation is the rule set's measured accuracy, for the summary.
	RulesEvaluation *observatory.RulesEvaluation
	// Published are figures other studies published (the rule set's
	// Published), set beside the corpus's estimates in the summary.
	Published []observatory.PublishedFigure
	// Sources names the sources the published figures cite, by id.
	Sources map[string]observatory.Source
	// DecodeOnly reads and decodes the posts without analysing them: the
	// baseline the benchmark compares the analysis with.
	DecodeOnly bool
}

// DescribeRules fills the options that describe the rule set in the
// summary: its version, its measured accuracy and the published figures it
// carries, with their sources.
func (o *Options) DescribeRules(rs *observatory.RuleSet) {
	o.RulesVersion, o.RulesEvaluation, o.Published = rs.Version(), rs.Evaluation(), rs.Published()
	o.Sources = map[string]observatory.Source{}
	for _, f := range o.Published {
		if src := rs.Source(f.Source); src != nil {
			o.Sources[f.Source] = *src
		}
	}
}

// Progress reports how far a run is.
type Progress struct {
	Posts     int64   // posts analysed
	Bad       int64   // bad records so far
	BytesRead int64   // bytes of the file read
	Fraction  float64 // BytesRead/Size, 0 when the size is unknown
	Done      bool
}

// maxBadReported bounds the bad records listed by line in the summary.
const maxBadReported = 100

// Analyzer judges one post; *observatory.Engine is one. Analyze is called
// from several goroutines at once.
type Analyzer interface {
	Analyze(p *observatory.Post) observatory.Result
}

// intoAnalyzer is an Analyzer that can write a result over the previous
// one, reusing its memory (Engine.AnalyzeInto): each worker is done with a
// result before it analyses the next post.
type intoAnalyzer interface {
	AnalyzeInto(p *observatory.Post, res *observatory.Result)
}

// Run reads the corpus from r, analyses every post with eng and returns the
// summary. Bad records are counted and listed, they do not stop the run; an
// error that makes the rest of the file unreadable (a truncated gzip
// stream…) stops it with that error. A cut-off outside the corpus's dates is
// a warning in the summary, not an error.
func Run(ctx context.Context, r io.Reader, eng Analyzer, opts Options) (*Summary, error) {
	start := time.Now()
	if opts.Cutoff.IsZero() {
		opts.Cutoff = DefaultCutoff
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.ReviewSize == 0 {
		opts.ReviewSize = DefaultReviewSize
	}
	if opts.SampleSize <= 0 {
		opts.SampleSize = 20
	}
	cr := &countingReader{r: r}
	rd, err := ingest.NewReader(cr, ingest.Options{Format: opts.Format, CSV: opts.CSV})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	nb := opts.Workers*2 + 2
	free := make(chan *ingest.Batch, nb)
	for range nb {
		free <- &ingest.Batch{}
	}
	// Each batch carries its number, so that findings are written in the
	// corpus's order whichever worker finishes first.
	type job struct {
		b   *ingest.Batch
		seq int
	}
	work := make(chan job, nb)
	var (
		posts, bad atomic.Int64
		fw         *findingsWriter
		workerErr  error
		errOnce    sync.Once
	)
	if opts.Findings != nil {
		fw = newFindingsWriter(bufio.NewWriterSize(opts.Findings, 1<<20), 4*opts.Workers)
	}
	fail := func(err error) {
		errOnce.Do(func() { workerErr = err; cancel() })
	}

	aggs := make([]*aggregate, opts.Workers)
	var wg sync.WaitGroup
	for i := range aggs {
		a := newAggregate(opts.SampleSize, opts.ReviewSize)
		aggs[i] = a
		wg.Go(func() {
			var buf []byte
			into, _ := eng.(intoAnalyzer)
			var res observatory.Result
			for j := range work {
				b := j.b
				buf = buf[:0]
				var nposts, nbad int64
				for j := range b.Records {
					rec := &b.Records[j]
					if !rec.Decode() {
						nbad++
						a.bad++
						if len(a.badFirst) < maxBadReported {
							a.badFirst = append(a.badFirst, badRecord{line: rec.Err.Line, msg: rec.Err.Error()})
						}
						continue
					}
					p := &rec.Post
					if opts.DecodeOnly {
						a.posts++
						nposts++
						continue
					}
					if into != nil {
						into.AnalyzeInto(p, &res)
					} else {
						res = eng.Analyze(p)
					}
					group := int8(groupUnknown)
					if p.Certified != nil {
						if *p.Certified {
							group = groupCertified
						} else {
							group = groupNotCertified
						}
					} else if opts.Roster != nil {
						group = groupNotCertified
						if opts.Roster[strings.ToLower(p.Author)] {
							group = groupCertified
						}
					}
					a.add(p, &res, !p.PublishedAt.Before(opts.Cutoff), group)
					nposts++
					if fw != nil {
						buf = AppendFinding(buf, p, &res, group)
					}
				}
				if fw != nil {
					if err := fw.write(j.seq, buf); err != nil {
						fail(fmt.Errorf("write findings: %w", err))
					}
				}
				posts.Add(nposts)
				bad.Add(nbad)
				free <- b
			}
		})
	}

	report := func(done bool) {
		if opts.Progress == nil {
			return
		}
		p := Progress{Posts: posts.Load(), Bad: bad.Load(), BytesRead: cr.n.Load(), Done: done}
		if opts.Size > 0 {
			p.Fraction = min(1, float64(p.BytesRead)/float64(opts.Size))
		}
		opts.Progress(p)
	}
	var readErr error
	last := time.Now()
	seq := 0
read:
	for {
		var b *ingest.Batch
		select {
		case b = <-free:
		case <-ctx.Done():
			readErr = ctx.Err()
			break read
		}
		err := rd.ReadBatch(b)
		work <- job{b, seq}
		seq++
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			readErr = err
			break
		}
		if opts.Progress != nil && time.Since(last) > 200*time.Millisecond {
			last = time.Now()
			report(false)
		}
	}
	close(work)
	wg.Wait()
	if workerErr != nil {
		return nil, workerErr
	}
	if readErr != nil {
		return nil, readErr
	}
	if fw != nil {
		if err := fw.w.Flush(); err != nil {
			return nil, fmt.Errorf("write findings: %w", err)
		}
	}
	for _, a := range aggs {
		a.finish()
	}
	total := aggs[0]
	for _, a := range aggs[1:] {
		total.merge(a)
	}
	slices.SortFunc(total.badFirst, func(a, b badRecord) int { return a.line - b.line })
	if len(total.badFirst) > maxBadReported {
		total.badFirst = total.badFirst[:maxBadReported]
	}
	report(true)
	s := summarize(total, opts, rd.Format())
	s.Seconds = time.Since(start).Seconds()
	s.RulesVersion = opts.RulesVersion
	s.RulesEvaluation = opts.RulesEvaluation
	return s, nil
}

// countingReader counts the bytes read, for progress.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// findingsWriter writes the workers' batches of findings in the order of
// the batches: one that comes early waits in pending until those before
// it are written. A worker that is more than maxPending batches ahead
// waits: the batch everyone waits for is always in the hands of a worker
// that is not waiting (the work channel hands batches out in order).
type findingsWriter struct {
	mu         sync.Mutex
	ahead      *sync.Cond
	w          *bufio.Writer
	next       int // the number of the next batch to write
	pending    map[int][]byte
	maxPending int
	err        error
}

func newFindingsWriter(w *bufio.Writer, maxPending int) *findingsWriter {
	f := &findingsWriter{w: w, pending: map[int][]byte{}, maxPending: maxPending}
	f.ahead = sync.NewCond(&f.mu)
	return f
}

// write writes batch seq's lines, b, once the batches before it are
// written; b may be reused when it returns.
func (f *findingsWriter) write(seq int, b []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for seq != f.next && len(f.pending) >= f.maxPending {
		f.ahead.Wait()
	}
	if seq != f.next {
		f.pending[seq] = bytes.Clone(b)
		return f.err
	}
	f.put(b)
	f.next++
	for {
		p, ok := f.pending[f.next]
		if !ok {
			break
		}
		delete(f.pending, f.next)
		f.put(p)
		f.next++
	}
	f.ahead.Broadcast()
	return f.err
}

func (f *findingsWriter) put(b []byte) {
	if f.err == nil && len(b) > 0 {
		_, f.err = f.w.Write(b)
	}
}
