package main

import (
	"sync"
	"time"
)

const (
	bucketWidth = 100 * time.Microsecond
	bucketCount = 300_000 // 30 s; longer delays land in the last bucket
)

// histogram counts durations in 100 µs buckets, so that tens of millions of
// deliveries cost a few megabytes. Quantiles are read at the bucket's upper
// edge: they overstate by at most 100 µs.
type histogram struct {
	counts []uint64
	n      uint64
	sum    time.Duration
	max    time.Duration
}

func newHistogram() *histogram { return &histogram{counts: make([]uint64, bucketCount)} }

func (h *histogram) add(d time.Duration) {
	d = max(d, 0)
	h.counts[min(int(d/bucketWidth), bucketCount-1)]++
	h.n++
	h.sum += d
	h.max = max(h.max, d)
}

// quantile returns the smallest bucket edge at or below which a fraction q of
// the durations fall, or the maximum when it is smaller.
func (h *histogram) quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := uint64(q*float64(h.n) + 0.5)
	rank = min(max(rank, 1), h.n)
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			return min(time.Duration(i+1)*bucketWidth, h.max)
		}
	}
	return h.max
}

func (h *histogram) mean() time.Duration {
	if h.n == 0 {
		return 0
	}
	return h.sum / time.Duration(h.n)
}

// recorder is a histogram shared by many goroutines. Viewers hand it samples
// in batches (see sampleBuffer) so that thousands of them do not queue on its
// lock for every delivery.
type recorder struct {
	mu sync.Mutex
	h  *histogram
}

func newRecorder() *recorder { return &recorder{h: newHistogram()} }

func (r *recorder) add(ds ...time.Duration) {
	r.mu.Lock()
	for _, d := range ds {
		r.h.add(d)
	}
	r.mu.Unlock()
}

// snapshot returns a copy of the histogram.
func (r *recorder) snapshot() *histogram {
	r.mu.Lock()
	defer r.mu.Unlock()
	h := *r.h
	h.counts = append([]uint64(nil), r.h.counts...)
	return &h
}

// sampleBuffer collects one goroutine's samples for a recorder.
type sampleBuffer struct {
	to  *recorder
	buf []time.Duration
}

func (b *sampleBuffer) add(d time.Duration) {
	if b.buf == nil {
		b.buf = make([]time.Duration, 0, 128)
	}
	b.buf = append(b.buf, d)
	if len(b.buf) == cap(b.buf) {
		b.flush()
	}
}

func (b *sampleBuffer) flush() {
	if len(b.buf) > 0 {
		b.to.add(b.buf...)
		b.buf = b.buf[:0]
	}
}
