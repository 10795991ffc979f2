package analysis

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/creatorclub/creatorclub/observatory"
	"github.com/creatorclub/creatorclub/observatory/gen"
)

// The end-to-end benchmark on a file on disk is "creatorclub observatory
// bench" (see BENCHMARKS.md); these measure the same pipeline on a corpus in
// memory, for profiling:
//
//	go test -run X -bench . -cpuprofile cpu.out ./observatory/analysis/

var (
	benchOnce   sync.Once
	benchCorpus []byte
)

const benchPosts = 200000

func corpusForBench(b *testing.B) []byte {
	benchOnce.Do(func() {
		var buf bytes.Buffer
		if err := gen.Write(&buf, gen.Options{N: benchPosts, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		benchCorpus = buf.Bytes()
	})
	return benchCorpus
}

func benchRun(b *testing.B, opts Options) {
	data := corpusForBench(b)
	eng := observatory.NewEngine(observatory.DefaultRules())
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		s, err := Run(context.Background(), bytes.NewReader(data), eng, opts)
		if err != nil || s.Posts != benchPosts {
			b.Fatalf("%v, %d posts", err, s.Posts)
		}
	}
	b.ReportMetric(float64(benchPosts*b.N)/b.Elapsed().Seconds(), "posts/s")
}

func BenchmarkRun(b *testing.B)        { benchRun(b, Options{}) }
func BenchmarkDecodeOnly(b *testing.B) { benchRun(b, Options{DecodeOnly: true}) }

// BenchmarkRunNoReview is BenchmarkRun without the review sample, to
// measure what drawing it costs.
func BenchmarkRunNoReview(b *testing.B) { benchRun(b, Options{ReviewSize: -1}) }
