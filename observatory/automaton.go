package observatory

// automaton is an Aho-Corasick automaton compiled into a dense DFA over byte
// classes. It reports every occurrence of every pattern, overlapping ones
// included, in one pass and without allocating.
//
// It is written here rather than taken from github.com/coregx/ahocorasick
// because the engine needs all overlapping matches ("sponsorise" inside
// "pas sponsorise", "pub" inside "publicite") reported into a reused
// buffer; that library's overlapping search returns a fresh slice per call
// and its fast paths are for leftmost, non-overlapping matches.
type automaton struct {
	class  [256]uint8
	nclass int
	// delta[s+class] is the next state s', premultiplied: s' is the
	// state's number times nclass, so that the scan's chain of dependent
	// loads holds no multiplication. Its top bit says patterns end there.
	delta    []uint32
	wide     []uint32 // delta[state*nclass+class] is the next state's number (tests)
	outStart []uint32 // per state: range in out
	outEnd   []uint32
	out      []int32 // pattern ids
	patLen   []int32
	maxLen   int
	patterns []string
}

// hasOutput marks, in delta, a transition into a state where patterns end.
const hasOutput = 1 << 31

// hit is one occurrence of a pattern: its id and the normalised offset just
// after its last byte.
type hit struct {
	pat int32
	end int32
}

// buildAutomaton compiles patterns (already normalised byte strings).
func buildAutomaton(patterns []string) *automaton { return build(patterns, false) }

// build compiles patterns; wide forces 32-bit transitions (tests).
func build(patterns []string, wide bool) *automaton {
	a := &automaton{patLen: make([]int32, len(patterns)), patterns: patterns}
	// Byte classes: each byte used by a pattern has its own class; every
	// other byte shares class 0, which always leads back to the root.
	used := [256]bool{}
	for _, p := range patterns {
		for i := 0; i < len(p); i++ {
			used[p[i]] = true
		}
	}
	a.nclass = 1
	for c := 0; c < 256; c++ {
		if used[c] {
			a.class[c] = uint8(a.nclass)
			a.nclass++
		}
	}
	nc := a.nclass
	// Trie.
	type node struct {
		next []int32 // by class, -1 when absent
		fail int32
		outs []int32
	}
	newNode := func() node {
		n := node{next: make([]int32, nc)}
		for i := range n.next {
			n.next[i] = -1
		}
		return n
	}
	nodes := []node{newNode()}
	for id, p := range patterns {
		a.patLen[id] = int32(len(p))
		a.maxLen = max(a.maxLen, len(p))
		s := int32(0)
		for i := 0; i < len(p); i++ {
			c := a.class[p[i]]
			if nodes[s].next[c] < 0 {
				nodes = append(nodes, newNode())
				nodes[s].next[c] = int32(len(nodes) - 1)
			}
			s = nodes[s].next[c]
		}
		nodes[s].outs = append(nodes[s].outs, int32(id))
	}
	// The trie's own edges, before failure transitions fill the table.
	trieChild := make([][]int32, len(nodes))
	for s := range nodes {
		trieChild[s] = append([]int32(nil), nodes[s].next...)
	}
	// Failure links, breadth first, turning the trie into a DFA.
	queue := make([]int32, 0, len(nodes))
	for c := 0; c < nc; c++ {
		if n := nodes[0].next[c]; n >= 0 {
			nodes[n].fail = 0
			queue = append(queue, n)
		} else {
			nodes[0].next[c] = 0
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		f := nodes[s].fail
		nodes[s].outs = append(nodes[s].outs, nodes[f].outs...)
		for c := 0; c < nc; c++ {
			if n := nodes[s].next[c]; n >= 0 {
				nodes[n].fail = nodes[f].next[c]
				queue = append(queue, n)
			} else {
				nodes[s].next[c] = nodes[f].next[c]
			}
		}
	}
	// Number the states breadth first: the shallow states, where the scan
	// spends most of its time, then sit together in a few cache lines.
	order := make([]int32, 0, len(nodes))
	order = append(order, 0)
	for i := 0; i < len(order); i++ {
		for c := 0; c < nc; c++ {
			if n := trieChild[order[i]][c]; n >= 0 {
				order = append(order, n)
			}
		}
	}
	rank := make([]int32, len(nodes))
	for i, s := range order {
		rank[s] = int32(i)
	}
	narrow := len(nodes)*nc < 1<<31 && !wide
	if narrow {
		a.delta = make([]uint32, len(nodes)*nc)
	} else {
		a.wide = make([]uint32, len(nodes)*nc)
	}
	a.outStart = make([]uint32, len(nodes))
	a.outEnd = make([]uint32, len(nodes))
	for i, s := range order {
		for c := 0; c < nc; c++ {
			n := nodes[s].next[c]
			out := len(nodes[n].outs) > 0
			if narrow {
				v := uint32(rank[n]) * uint32(nc)
				if out {
					v |= hasOutput
				}
				a.delta[i*nc+c] = v
			} else {
				v := uint32(rank[n])
				if out {
					v |= hasOutput
				}
				a.wide[i*nc+c] = v
			}
		}
		a.outStart[i] = uint32(len(a.out))
		a.out = append(a.out, nodes[s].outs...)
		a.outEnd[i] = uint32(len(a.out))
	}
	return a
}

// scan appends to hits every occurrence of every pattern in text, in the
// order of their ends; more is a scratch buffer.
//
// Each byte's transition waits for the previous one, so the scan is bound
// by memory latency, not bandwidth. A text longer than twice the longest
// pattern (most captions) is therefore scanned as two halves at once, in one loop: two independent chains of loads overlap.
// The second half starts maxLen bytes early, so no match across the middle
// is lost, and keeps only the matches ending after the first half.
func (a *automaton) scan(text []byte, hits, more []hit) ([]hit, []hit) {
	n := len(text)
	if a.wide != nil || n < 2*a.maxLen+16 {
		return a.scanOne(text, hits), more
	}
	// Both halves have the same length l: [0, l) and [from, n).
	l := (n + a.maxLen) / 2
	from := n - l
	nc := uint32(a.nclass)
	class, delta := &a.class, a.delta
	s1, s2 := uint32(0), uint32(0)
	t1, t2 := text[:l], text[from:from+l]
	for i := range t1 {
		v1 := delta[s1+uint32(class[t1[i]])]
		v2 := delta[s2+uint32(class[t2[i]])]
		s1 = v1 &^ hasOutput
		s2 = v2 &^ hasOutput
		if v1&hasOutput != 0 {
			st := s1 / nc
			for _, p := range a.out[a.outStart[st]:a.outEnd[st]] {
				hits = append(hits, hit{pat: p, end: int32(i + 1)})
			}
		}
		if v2&hasOutput != 0 && from+i+1 > l {
			st := s2 / nc
			for _, p := range a.out[a.outStart[st]:a.outEnd[st]] {
				more = append(more, hit{pat: p, end: int32(from + i + 1)})
			}
		}
	}
	return append(hits, more...), more
}

// scanOne scans text in one pass.
func (a *automaton) scanOne(text []byte, hits []hit) []hit {
	nc := uint32(a.nclass)
	class := &a.class
	if a.wide != nil {
		delta := a.wide
		s := uint32(0)
		for i, c := range text {
			v := delta[s*nc+uint32(class[c])]
			s = v &^ hasOutput
			if v&hasOutput != 0 {
				for _, p := range a.out[a.outStart[s]:a.outEnd[s]] {
					hits = append(hits, hit{pat: p, end: int32(i + 1)})
				}
			}
		}
		return hits
	}
	delta := a.delta
	s := uint32(0)
	for i, c := range text {
		v := delta[s+uint32(class[c])]
		s = v &^ hasOutput
		if v&hasOutput != 0 {
			st := s / nc
			for _, p := range a.out[a.outStart[st]:a.outEnd[st]] {
				hits = append(hits, hit{pat: p, end: int32(i + 1)})
			}
		}
	}
	return hits
}
