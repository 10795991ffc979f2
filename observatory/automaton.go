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
	// midWord is the state (premultiplied) to start from after a word
	// byte; the start state 0 is for the beginning of the text or after
	// any other byte.
	midWord uint32
}

// size returns the bytes of the automaton's tables.
func (a *automaton) size() int {
	return 4 * (len(a.delta) + len(a.wide) + len(a.outStart) + len(a.outEnd) + len(a.out) + len(a.patLen))
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
// free[i] says that pattern i may start anywhere; the others start only at
// the beginning of a word (after a byte that is not a word byte, or at the
// start of the text): see build.
func buildAutomaton(patterns []string, free []bool) *automaton {
	return build(patterns, free, false)
}

// build compiles patterns; wide forces 32-bit state numbers (tests).
//
// Most patterns are words and phrases that only count where a word starts
// ("pub", not the "pub" of "république"): the engine would throw their
// other occurrences away. The automaton neither reports nor follows those:
// a pattern that is not free (and begins with a word byte) begins only
// after a byte that is not a word byte. The automaton's state is the
// longest suffix of the text read so far that may still grow into an
// occurrence the engine keeps, so inside a word that started no pattern it
// waits in a "mid-word" root instead of walking down the trie at every
// "par" of "comparer": fewer deep states and fewer hits, the same findings.
func build(patterns []string, free []bool, wide bool) *automaton {
	a := &automaton{patLen: make([]int32, len(patterns)), patterns: patterns}
	isFree := func(id int) bool { return free == nil || free[id] || !isWordByte(patterns[id][0]) }
	// Byte classes: each byte used by a pattern has its own class; every
	// other byte shares class 0 (not a word byte) or class 1 (a word byte).
	used := [256]bool{}
	for _, p := range patterns {
		for i := 0; i < len(p); i++ {
			used[p[i]] = true
		}
	}
	a.nclass = 2
	for c := 0; c < 256; c++ {
		switch {
		case used[c]:
			a.class[c] = uint8(a.nclass)
			a.nclass++
		case isWordByte(byte(c)):
			a.class[c] = 1
		}
	}
	nc := a.nclass
	wordClass := make([]bool, nc)
	wordClass[1] = true
	for c := 0; c < 256; c++ {
		if used[c] && isWordByte(byte(c)) {
			wordClass[a.class[c]] = true
		}
	}
	// Trie, each node knowing whether free patterns and patterns that
	// must start a word go through it.
	type node struct {
		next           []int32 // by class, -1 when absent
		outs           []int32 // patterns ending here
		free, anchored bool
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
		f := isFree(id)
		s := int32(0)
		for i := 0; i < len(p); i++ {
			c := a.class[p[i]]
			if nodes[s].next[c] < 0 {
				nodes = append(nodes, newNode())
				nodes[s].next[c] = int32(len(nodes) - 1)
			}
			s = nodes[s].next[c]
			if f {
				nodes[s].free = true
			} else {
				nodes[s].anchored = true
			}
		}
		nodes[s].outs = append(nodes[s].outs, int32(id))
	}
	// The states are pairs (trie node, whether the node's string began at
	// the start of a word). The flag matters only for nodes that both kinds
	// of pattern go through; elsewhere it is true. (root, true) is the
	// start state, where a word may begin; (root, false) the mid-word root.
	type key struct {
		node  int32
		start bool
	}
	canon := func(k key) key {
		if k.node != 0 && !nodes[k.node].anchored {
			k.start = true
		}
		return k
	}
	type state struct {
		key
		fail int32   // the longest proper suffix that is a state
		outs []int32 // patterns reported on entering the state
		next []int32 // by class, state numbers
	}
	var states []state
	index := map[key]int32{}
	add := func(k key, fail int32) int32 {
		id := int32(len(states))
		var outs []int32
		for _, p := range nodes[k.node].outs {
			if k.start || isFree(int(p)) {
				outs = append(outs, p)
			}
		}
		if fail >= 0 {
			outs = append(outs, states[fail].outs...)
		}
		states = append(states, state{key: k, fail: fail, outs: outs, next: make([]int32, nc)})
		index[k] = id
		return id
	}
	add(key{0, true}, -1)
	add(key{0, false}, -1)
	afterByte := func(c int) int32 { // the root after a byte of class c
		if wordClass[c] {
			return 1
		}
		return 0
	}
	// Breadth first: a state's failure is shallower, so its row is filled
	// before the row of any state that falls back on it. Numbering the
	// states in this order also keeps the shallow ones, where the scan
	// spends most of its time, together in a few cache lines.
	for i := int32(0); i < int32(len(states)); i++ {
		for c := 0; c < nc; c++ {
			st := states[i]
			child := nodes[st.node].next[c]
			var next int32
			switch {
			case child >= 0 && (st.start || nodes[child].free):
				k := canon(key{child, st.start})
				id, ok := index[k]
				if !ok {
					fail := afterByte(c)
					if st.node != 0 {
						fail = states[st.fail].next[c]
					}
					id = add(k, fail)
				}
				next = id
			case st.node == 0:
				next = afterByte(c)
			default:
				next = states[st.fail].next[c]
			}
			states[i].next[c] = next
		}
	}
	n := len(states)
	narrow := n*nc < 1<<31 && !wide
	if narrow {
		a.delta = make([]uint32, n*nc)
	} else {
		a.wide = make([]uint32, n*nc)
	}
	a.outStart = make([]uint32, n)
	a.outEnd = make([]uint32, n)
	for i := range states {
		for c := 0; c < nc; c++ {
			t := states[i].next[c]
			v := uint32(t)
			if narrow {
				v *= uint32(nc)
			}
			if len(states[t].outs) > 0 {
				v |= hasOutput
			}
			if narrow {
				a.delta[i*nc+c] = v
			} else {
				a.wide[i*nc+c] = v
			}
		}
		a.outStart[i] = uint32(len(a.out))
		a.out = append(a.out, states[i].outs...)
		a.outEnd[i] = uint32(len(a.out))
	}
	a.midWord = 1 // the mid-word root
	if narrow {
		a.midWord = uint32(nc)
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
	if isWordByte(text[from-1]) {
		s2 = a.midWord
	}
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
