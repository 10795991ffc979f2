package analysis

import (
	"container/heap"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/creatorclub/creatorclub/observatory"
)

// maxPlatforms bounds the platforms counted apart; the others are counted
// as "other", so that a corpus with junk platform names stays small.
const maxPlatforms = 32

// Certified groups.
const (
	groupCertified    = 0
	groupNotCertified = 1
	groupUnknown      = 2
)

var groupNames = [3]string{"certified", "non_certified", "unknown"}

// cellKey is the finest aggregation: a month, which side of the cut-off,
// a platform and a certified group. Every table sums cells.
type cellKey struct {
	month    int32 // year*12 + month-1
	after    bool
	platform string
	group    int8
}

// counts are the tallies of one cell.
type counts struct {
	posts        int64
	commercial   int64
	compliant    int64
	improvable   int64
	nonCompliant int64
	restricted   int64 // posts promoting at least one restricted sector
	labels       map[string]int64
	sectors      map[string]int64
	lab, sec     []int64 // by interned index, while adding
}

func (c *counts) add(o *counts) {
	c.posts += o.posts
	c.commercial += o.commercial
	c.compliant += o.compliant
	c.improvable += o.improvable
	c.nonCompliant += o.nonCompliant
	c.restricted += o.restricted
	for k, v := range o.labels {
		if c.labels == nil {
			c.labels = map[string]int64{}
		}
		c.labels[k] += v
	}
	for k, v := range o.sectors {
		if c.sectors == nil {
			c.sectors = map[string]int64{}
		}
		c.sectors[k] += v
	}
}

// aggregate is one worker's tallies; workers merge theirs at the end.
// While posts are added, labels, sectors and platforms are interned to small
// indexes (one map lookup per label instead of a map update per cell and a
// lookup per figure); finish turns them back into names before merging.
type aggregate struct {
	cells      map[cellKey]*counts
	platforms  map[string]bool
	samples    map[sampleKey]*reservoir
	sampleSize int
	first      time.Time
	last       time.Time
	posts      int64
	bad        int64
	badFirst   []badRecord

	fast map[fastKey]*counts
	// byMonth finds the cells of fast without hashing: by month from
	// monthBase, then period, platform and group. Months out of its range
	// (dates decades away) are looked up in fast only.
	byMonth   []*monthCells
	monthBase int32
	baseSet   bool
	plat      map[string]uint8
	platSeen  []platSlot // the first platforms met, and their index
	platName  []string
	lab       interner
	sec       interner
	// Samples of the disclosure figures, by class (compliant, improvable,
	// non-compliant) and period, certified group or platform index.
	disc      [3][2]*reservoir
	discGroup [3][3]*reservoir
	discPlat  [][3]*reservoir
	comm      [2]*reservoir
	// The review sample: for each of the engine's verdicts (ReviewVerdicts),
	// the posts with the smallest review hashes, and how many posts had it.
	review      [4]*reservoirOf[ReviewPost]
	reviewPosts [4]int64
	reviewSize  int
}

// fastKey is cellKey with the platform interned.
type fastKey struct {
	month int32
	after bool
	plat  uint8
	group int8
}

// monthCells are the cells of one month.
type monthCells [2][maxPlatforms + 1][3]*counts

// maxMonths is the range of months byMonth covers, from twenty years
// before the first post's month.
const maxMonths = 100 * 12

// cell returns the tallies of k, creating them.
func (a *aggregate) cell(k fastKey) *counts {
	if !a.baseSet {
		a.monthBase, a.baseSet = k.month-20*12, true
	}
	i := int(k.month - a.monthBase)
	if i < 0 || i >= maxMonths || int(k.plat) > maxPlatforms || k.group < 0 || k.group > 2 {
		c := a.fast[k]
		if c == nil {
			c = &counts{}
			a.fast[k] = c
		}
		return c
	}
	for len(a.byMonth) <= i {
		a.byMonth = append(a.byMonth, nil)
	}
	m := a.byMonth[i]
	if m == nil {
		m = new(monthCells)
		a.byMonth[i] = m
	}
	period := 0
	if k.after {
		period = 1
	}
	c := m[period][k.plat][k.group]
	if c == nil {
		c = &counts{}
		m[period][k.plat][k.group] = c
		a.fast[k] = c
	}
	return c
}

// interner numbers the names of labels or sectors and keeps each one's
// sample of posts.
type interner struct {
	idx   map[string]int
	names []string
	res   []*reservoir
	// recent remembers names by a cheap hash of their length and a few
	// bytes: a post's labels are the engine's own strings, a few dozen in
	// all, so most lookups end with one comparison (of two identical
	// pointers) instead of hashing the whole name for the map.
	recent [64]internSlot
}

type platSlot struct {
	name string
	i    uint8
}

type internSlot struct {
	name string
	i    int
}

func (in *interner) get(name string) int {
	var slot *internSlot
	if n := len(name); n > 0 {
		slot = &in.recent[(n*7+int(name[n-1])*3+int(name[n/2]))&63]
		if slot.name == name {
			return slot.i
		}
	}
	i := in.lookup(name)
	if slot != nil {
		*slot = internSlot{name: name, i: i}
	}
	return i
}

func (in *interner) lookup(name string) int {
	i, ok := in.idx[name]
	if !ok {
		if in.idx == nil {
			in.idx = map[string]int{}
		}
		i = len(in.names)
		in.idx[name] = i
		in.names = append(in.names, name)
		in.res = append(in.res, nil)
	}
	return i
}

type badRecord struct {
	line int
	msg  string
}

func newAggregate(sampleSize, reviewSize int) *aggregate {
	return &aggregate{cells: map[cellKey]*counts{}, platforms: map[string]bool{}, samples: map[sampleKey]*reservoir{}, sampleSize: sampleSize,
		fast: map[fastKey]*counts{}, plat: map[string]uint8{}, reviewSize: reviewSize}
}

var classNames = [3]string{string(observatory.DisclosureCompliant), string(observatory.DisclosureImprovable), string(observatory.DisclosureNonCompliant)}
var periodNames = [2]string{"before", "after"}

// add counts one analysed post.
func (a *aggregate) add(p *observatory.Post, r *observatory.Result, after bool, group int8) {
	a.posts++
	if a.first.IsZero() || p.PublishedAt.Before(a.first) {
		a.first = p.PublishedAt
	}
	if p.PublishedAt.After(a.last) {
		a.last = p.PublishedAt
	}
	pi, ok := uint8(0), false
	// The few platforms of a corpus, compared in turn: cheaper than
	// hashing the name for the map at every post.
	for j := range a.platSeen {
		if a.platSeen[j].name == p.Platform {
			pi, ok = a.platSeen[j].i, true
			break
		}
	}
	if !ok {
		pi, ok = a.plat[p.Platform]
		if ok && len(a.platSeen) < 8 {
			a.platSeen = append(a.platSeen, platSlot{strings.Clone(p.Platform), pi})
		}
	}
	if !ok {
		if len(a.platName) >= maxPlatforms {
			pi, ok = a.plat["other"]
		}
		if !ok {
			name := p.Platform
			if len(a.platName) >= maxPlatforms {
				name = "other"
			}
			pi = uint8(len(a.platName))
			a.platName = append(a.platName, name)
			a.discPlat = append(a.discPlat, [3]*reservoir{})
			a.plat[name] = pi
		}
		if len(a.platName) <= maxPlatforms {
			a.plat[p.Platform] = pi
		}
	}
	y, m, _ := p.PublishedAt.Date()
	k := fastKey{month: int32(y*12 + int(m) - 1), after: after, plat: pi, group: group}
	c := a.cell(k)
	c.posts++
	period := 0
	if after {
		period = 1
	}
	h := hashID(p.ID)
	verdict := 0 // not commercial
	if r.Commercial {
		c.commercial++
		class := 2
		switch r.Disclosure {
		case observatory.DisclosureCompliant:
			c.compliant++
			class = 0
		case observatory.DisclosureImprovable:
			c.improvable++
			class = 1
		default:
			c.nonCompliant++
		}
		verdict = class + 1
		a.offer(&a.disc[class][period], h, p, r)
		a.offer(&a.discGroup[class][group], h, p, r)
		a.offer(&a.discPlat[pi][class], h, p, r)
		a.offer(&a.comm[period], h, p, r)
	}
	if len(r.Sectors) > 0 {
		c.restricted++
		for _, s := range r.Sectors {
			i := a.sec.get(s)
			for len(c.sec) <= i {
				c.sec = append(c.sec, 0)
			}
			c.sec[i]++
			a.offer(&a.sec.res[i], h, p, r)
		}
	}
	for _, l := range r.Labels {
		i := a.lab.get(l)
		for len(c.lab) <= i {
			c.lab = append(c.lab, 0)
		}
		c.lab[i]++
		a.offer(&a.lab.res[i], h, p, r)
	}
	a.reviewPosts[verdict]++
	if a.reviewSize > 0 {
		rh := reviewHash(h)
		res := a.review[verdict]
		if res == nil {
			res = &reservoirOf[ReviewPost]{size: a.reviewSize}
			a.review[verdict] = res
		}
		if res.wants(rh) {
			res.insert(itemOf[ReviewPost]{hash: rh, sample: newReviewPost(p, r, verdict, group)})
		}
	}
}

// offer adds p to the sample *res if its hash is among the smallest.
func (a *aggregate) offer(res **reservoir, h uint64, p *observatory.Post, r *observatory.Result) {
	if *res == nil {
		*res = &reservoir{size: a.sampleSize}
	}
	if (*res).wants(h) {
		(*res).insert(sampleItem{hash: h, sample: newSample(p, r)})
	}
}

// finish turns the interned tallies and samples into named ones.
func (a *aggregate) finish() {
	for k, c := range a.fast {
		ck := cellKey{month: k.month, after: k.after, platform: a.platName[k.plat], group: k.group}
		a.platforms[ck.platform] = true
		for i, v := range c.lab {
			if v != 0 {
				if c.labels == nil {
					c.labels = map[string]int64{}
				}
				c.labels[a.lab.names[i]] += v
			}
		}
		for i, v := range c.sec {
			if v != 0 {
				if c.sectors == nil {
					c.sectors = map[string]int64{}
				}
				c.sectors[a.sec.names[i]] += v
			}
		}
		c.lab, c.sec = nil, nil
		if mine := a.cells[ck]; mine != nil {
			mine.add(c)
		} else {
			a.cells[ck] = c
		}
	}
	a.fast = map[fastKey]*counts{}
	put := func(key sampleKey, r *reservoir) {
		if r == nil {
			return
		}
		if mine := a.samples[key]; mine != nil {
			for _, it := range r.items {
				if mine.wants(it.hash) {
					mine.insert(it)
				}
			}
			return
		}
		a.samples[key] = r
	}
	for c := range 3 {
		for per := range 2 {
			put(sampleKey{"disclosure", classNames[c], "period", periodNames[per]}, a.disc[c][per])
		}
		for g := range 3 {
			put(sampleKey{"disclosure", classNames[c], "group", groupNames[g]}, a.discGroup[c][g])
		}
		for pi, res := range a.discPlat {
			put(sampleKey{"disclosure", classNames[c], "platform", a.platName[pi]}, res[c])
		}
	}
	for per := range 2 {
		put(sampleKey{"commercial", "yes", "period", periodNames[per]}, a.comm[per])
	}
	for i, name := range a.lab.names {
		put(sampleKey{"label", name, "", ""}, a.lab.res[i])
	}
	for i, name := range a.sec.names {
		put(sampleKey{"sector", name, "", ""}, a.sec.res[i])
	}
}

// merge adds o's tallies to a.
func (a *aggregate) merge(o *aggregate) {
	for v := range a.review {
		a.reviewPosts[v] += o.reviewPosts[v]
		switch {
		case o.review[v] == nil:
		case a.review[v] == nil:
			a.review[v] = o.review[v]
		default:
			a.review[v].mergeFrom(o.review[v])
		}
	}
	a.posts += o.posts
	a.bad += o.bad
	a.badFirst = append(a.badFirst, o.badFirst...)
	if !o.first.IsZero() && (a.first.IsZero() || o.first.Before(a.first)) {
		a.first = o.first
	}
	if o.last.After(a.last) {
		a.last = o.last
	}
	for k, c := range o.cells {
		if len(a.platforms) >= maxPlatforms && !a.platforms[k.platform] {
			k.platform = "other"
		} else {
			a.platforms[k.platform] = true
		}
		mine := a.cells[k]
		if mine == nil {
			mine = &counts{}
			a.cells[k] = mine
		}
		mine.add(c)
	}
	for k, r := range o.samples {
		mine := a.samples[k]
		if mine == nil {
			a.samples[k] = r
			continue
		}
		for _, it := range r.items {
			if mine.wants(it.hash) {
				mine.insert(it)
			}
		}
	}
}

// Sample is a post behind a figure, for an analyst to check.
type Sample struct {
	ID          string    `json:"id"`
	Line        int       `json:"line"`
	Platform    string    `json:"platform"`
	Author      string    `json:"author"`
	PublishedAt time.Time `json:"published_at"`
	URL         string    `json:"url,omitempty"`
	Excerpt     string    `json:"excerpt"`
	Disclosure  string    `json:"disclosure,omitempty"`
	Labels      []string  `json:"labels,omitempty"`
	// Spans are the stretches of text that triggered the findings.
	Spans []string `json:"spans,omitempty"`
}

// sampleKey names a figure: a dimension and its value, optionally crossed
// with a second one ("disclosure" "improvable" "period" "after").
type sampleKey struct{ dim, value, by, byValue string }

// String is the key of the figure's samples in the summary.
func (k sampleKey) String() string {
	s := k.dim + "=" + k.value
	if k.by != "" {
		s += "|" + k.by + "=" + k.byValue
	}
	return s
}

func newSample(p *observatory.Post, r *observatory.Result) Sample {
	s := Sample{
		ID: p.ID, Line: p.Line, Platform: p.Platform, Author: p.Author, PublishedAt: p.PublishedAt,
		URL: p.URL, Excerpt: excerpt(p.Text, 280), Disclosure: string(r.Disclosure), Labels: slices.Clone(r.Labels),
	}
	for _, f := range r.Findings {
		for _, sp := range f.Spans {
			if len(s.Spans) < 12 && !slices.Contains(s.Spans, sp.Text) {
				s.Spans = append(s.Spans, excerpt(sp.Text, 80))
			}
		}
	}
	return s
}

// excerpt cuts s to at most n bytes on a rune boundary, copying it so the
// sample does not keep the whole post alive.
func excerpt(s string, n int) string {
	if len(s) <= n {
		return strings.Clone(s)
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return strings.Clone(s[:n]) + "…"
}

// hashID is FNV-1a: a sample is the posts with the smallest hashes, so it
// is the same whatever the number of workers and the order of the posts.
func hashID(id string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(id); i++ {
		h ^= uint64(id[i])
		h *= 1099511628211
	}
	return h
}

// reservoirOf keeps the size items with the smallest hashes (a bottom-k
// sample), in a max-heap on the hash.
type reservoirOf[T any] struct {
	size  int
	items []itemOf[T]
}

type itemOf[T any] struct {
	hash   uint64
	sample T
}

// reservoir and sampleItem hold the posts behind the figures.
type (
	reservoir  = reservoirOf[Sample]
	sampleItem = itemOf[Sample]
)

func (r *reservoirOf[T]) Len() int           { return len(r.items) }
func (r *reservoirOf[T]) Less(i, j int) bool { return r.items[i].hash > r.items[j].hash }
func (r *reservoirOf[T]) Swap(i, j int)      { r.items[i], r.items[j] = r.items[j], r.items[i] }
func (r *reservoirOf[T]) Push(x any)         { r.items = append(r.items, x.(itemOf[T])) }
func (r *reservoirOf[T]) Pop() any {
	it := r.items[len(r.items)-1]
	r.items = r.items[:len(r.items)-1]
	return it
}

// wants reports whether an item of hash h is among the size smallest.
func (r *reservoirOf[T]) wants(h uint64) bool {
	return len(r.items) < r.size || (r.size > 0 && h < r.items[0].hash)
}

// insert adds it, dropping the largest hash when full; call wants first.
func (r *reservoirOf[T]) insert(it itemOf[T]) {
	if len(r.items) < r.size {
		heap.Push(r, it)
		return
	}
	r.items[0] = it
	heap.Fix(r, 0)
}

// mergeFrom adds o's items to r, keeping the smallest hashes.
func (r *reservoirOf[T]) mergeFrom(o *reservoirOf[T]) {
	for _, it := range o.items {
		if r.wants(it.hash) {
			r.insert(it)
		}
	}
}

// sorted returns the samples by hash (a stable, random-looking order).
func (r *reservoirOf[T]) sorted() []T {
	items := slices.Clone(r.items)
	slices.SortFunc(items, func(a, b itemOf[T]) int {
		switch {
		case a.hash < b.hash:
			return -1
		case a.hash > b.hash:
			return 1
		}
		return 0
	})
	out := make([]T, len(items))
	for i, it := range items {
		out[i] = it.sample
	}
	return out
}
