package observatory

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestAutomatonFindsEveryOccurrence compares the automaton with a naive
// search, overlapping and nested matches included, with 16- and 32-bit
// transition tables.
func TestAutomatonFindsEveryOccurrence(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	word := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteByte("abc #"[rng.IntN(5)])
		}
		return b.String()
	}
	for round := 0; round < 200; round++ {
		var pats []string
		for i := 0; i < 1+rng.IntN(12); i++ {
			pats = append(pats, word(1+rng.IntN(4)))
		}
		text := word(rng.IntN(300))
		var want []hit
		for end := 1; end <= len(text); end++ {
			for id, p := range pats {
				if strings.HasSuffix(text[:end], p) {
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
			got, _ := build(pats, wide).scan([]byte(text), nil, nil)
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
