package observatory

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestAutomatonFindsEveryOccurrence compares the automaton with a naive
// search, overlapping and nested matches included, with premultiplied and
// plain transition tables: every occurrence of a free pattern, and every
// occurrence of the others that starts a word.
func TestAutomatonFindsEveryOccurrence(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	word := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteByte("abc #"[rng.IntN(5)])
		}
		return b.String()
	}
	for round := 0; round < 2000; round++ {
		var pats []string
		var free []bool
		for i := 0; i < 1+rng.IntN(12); i++ {
			pats = append(pats, word(1+rng.IntN(4)))
			free = append(free, rng.IntN(3) == 0)
		}
		text := word(rng.IntN(300))
		var want []hit
		for end := 1; end <= len(text); end++ {
			for id, p := range pats {
				if !strings.HasSuffix(text[:end], p) {
					continue
				}
				start := end - len(p)
				if free[id] || start == 0 || !isWordByte(text[start-1]) || !isWordByte(p[0]) {
					want = append(want, hit{int32(id), int32(end)})
				}
			}
		}
		sortHits := func(h []hit) {
			slices.SortFunc(h, func(a, b hit) int {
				if a.end != b.end {
					return int(a.end - b.end)
				}
				return int(a.pat - b.pat)
			})
		}
		sortHits(want)
		for _, wide := range []bool{false, true} {
			got, _ := build(pats, free, wide).scan([]byte(text), nil, nil)
			if !slices.IsSortedFunc(got, func(a, b hit) int { return int(a.end - b.end) }) {
				t.Fatalf("hits not in the order of their ends: %v", got)
			}
			sortHits(got)
			if !slices.Equal(got, want) {
				t.Fatalf("patterns %q in %q (wide %v): got %v, want %v", pats, text, wide, got, want)
			}
		}
	}
}
