package observatory

import (
	"bytes"
	"testing"

	"github.com/creatorclub/creatorclub/observatory/gen"
)

func zzPosts(b *testing.B) []*Post {
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{N: 20000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	return readPosts(b, &buf)
}

func BenchmarkZZNorm(b *testing.B) {
	posts := zzPosts(b)
	var nt normText
	for i := 0; b.Loop(); i++ {
		normalizeInto(&nt, posts[i%len(posts)].Text)
	}
}

func BenchmarkZZNormScan(b *testing.B) {
	posts := zzPosts(b)
	e := NewEngine(DefaultRules())
	var nt normText
	nt.ac = e.ac
	for i := 0; b.Loop(); i++ {
		normalizeInto(&nt, posts[i%len(posts)].Text)
	}
}

func BenchmarkZZScanOnly(b *testing.B) {
	posts := zzPosts(b)
	e := NewEngine(DefaultRules())
	var texts [][]byte
	for _, p := range posts {
		var nt normText
		normalizeInto(&nt, p.Text)
		texts = append(texts, nt.b)
	}
	var hits []hit
	for i := 0; b.Loop(); i++ {
		hits = e.ac.scanOne(texts[i%len(texts)], hits[:0])
	}
}

func BenchmarkZZAnalyze(b *testing.B) {
	posts := zzPosts(b)
	e := NewEngine(DefaultRules())
	for i := 0; b.Loop(); i++ {
		e.Analyze(posts[i%len(posts)])
	}
}
