package observatory

import (
	"bytes"
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Engine applies a rule set to posts: each field is normalised once and
// scanned once by one multi-pattern automaton holding every pattern of every
// rule; the rules then only look at the few matches. An Engine is safe for
// concurrent use by any number of goroutines.
type Engine struct {
	rules *RuleSet
	rs    []*Rule
	ac    *automaton
	pats  []patRef
	// Per rule, normalised: words near the match, negations before it,
	// cues anywhere in the field, words right before it. They are looked
	// for around the rare matches, not by the automaton: short frequent
	// words ("la", "pas", "@") would flood it with hits.
	near   []wordList
	unless []wordList
	cues   []wordList
	just   [][]string
	after  [][]string
	// Per rule: labels of the rules it cancels (not_sponsored).
	cancels [][]int32
	// Dates each rule applies from and until, as day numbers (20241107).
	fromDay, untilDay []int
	// The days split into periods in which the same rules are in force,
	// in order; the last ends on math.MaxInt.
	periods []period
	// Precomputed label strings, so results share them.
	ruleLabel    []string
	sectorLabel  []string         // "sector.gambling", "image.retouched": the label of the sector or image rules
	verdict      map[string]int32 // verdict id → rule index
	flagRules    []int32
	threshold    float64
	visibleRunes int
	buriedAfter  int
	unlessWindow int
	pool         sync.Pool
}

// Pattern kinds.
const (
	patPhrase uint8 = iota
	patHashtag
	patDomain
	patParam
	patCode
	patHashSuffix
	patHandle
)

type patRef struct {
	rule int32 // index in Engine.rs
	kind uint8
}

// Fields of a post, in Span.Field.
const (
	FieldText     = "text"
	FieldImage    = "image_text"
	FieldHashtags = "hashtags" // hashtags absent from the text, "#a #b"
	FieldLinks    = "links"    // links, one a line
	FieldPaidFlag = "paid_partnership"
)

// Explanation is what a member or an analyst reads about one finding: the
// law behind it, why it matters and how to fix the post.
type Explanation struct {
	Rule    string   `json:"rule"`
	Label   string   `json:"label"`
	Title   string   `json:"title"`
	Law     string   `json:"law"`
	LawURL  string   `json:"law_url,omitempty"`
	Text    string   `json:"explanation"`
	Fix     string   `json:"fix,omitempty"`
	Sources []Source `json:"sources,omitempty"`
	// Severity is "info", "warning" or "error" for the self-check page.
	Severity string `json:"severity"`
}

// NewEngine compiles rs into an engine.
func NewEngine(rs *RuleSet) *Engine {
	f := &rs.file
	e := &Engine{
		rules:        rs,
		verdict:      map[string]int32{},
		threshold:    f.CommercialThreshold,
		visibleRunes: f.VisibleRunes,
		buriedAfter:  *f.BuriedAfter,
		unlessWindow: f.UnlessWindow,
	}
	var patterns []string
	add := func(p string, ref patRef) {
		if p == "" {
			return
		}
		patterns = append(patterns, p)
		e.pats = append(e.pats, ref)
	}
	words := func(ws []string) []string {
		var out []string
		for _, w := range ws {
			out = append(out, Normalize(w))
		}
		return out
	}
	for i := range f.Rules {
		r := &f.Rules[i]
		ri := int32(len(e.rs))
		e.rs = append(e.rs, r)
		e.ruleLabel = append(e.ruleLabel, r.Label)
		label := ""
		switch r.Kind {
		case KindSector:
			label = "sector." + r.Sector
		case KindImageLabel:
			label = "image." + r.Image
		}
		e.sectorLabel = append(e.sectorLabel, label)
		if r.Kind == KindVerdict {
			e.verdict[r.ID] = ri
		}
		from, until := 0, 99999999
		if !r.From.IsZero() {
			from = dayNumber(r.From.Year(), int(r.From.Month()), r.From.Day())
		}
		if !r.Until.IsZero() {
			until = dayNumber(r.Until.Year(), int(r.Until.Month()), r.Until.Day())
		}
		e.fromDay = append(e.fromDay, from)
		e.untilDay = append(e.untilDay, until)
		if r.PlatformFlag {
			e.flagRules = append(e.flagRules, ri)
		}
		for _, p := range r.Phrases {
			n := Normalize(p)
			add(n, patRef{ri, patPhrase})
			// Mentions and labels are also written as run-together
			// hashtags (#collaborationcommerciale); other phrases are not.
			if j := strings.ReplaceAll(n, " ", ""); j != n && (r.Kind == KindDisclosure || r.Kind == KindImageLabel) {
				add(j, patRef{ri, patPhrase})
			}
		}
		for _, h := range r.Hashtags {
			n := Normalize("#" + strings.TrimPrefix(h, "#"))
			add(n, patRef{ri, patHashtag})
			if j := strings.ReplaceAll(n, " ", ""); j != n {
				add(j, patRef{ri, patHashtag})
			}
		}
		for _, d := range r.Domains {
			add(Normalize(d), patRef{ri, patDomain})
		}
		for _, q := range r.URLParams {
			add(Normalize(q), patRef{ri, patParam})
		}
		for _, c := range r.CodeAfter {
			add(Normalize(c), patRef{ri, patCode})
		}
		for _, h := range r.HashtagSuffixes {
			add(Normalize(h), patRef{ri, patHashSuffix})
		}
		for _, h := range r.HandleParts {
			add(Normalize(h), patRef{ri, patHandle})
		}
		e.near = append(e.near, newWordList(words(r.Near)))
		e.unless = append(e.unless, newWordList(words(r.UnlessBefore)))
		e.cues = append(e.cues, newWordList(words(r.Cues)))
		e.just = append(e.just, words(r.UnlessJustBefore))
		e.after = append(e.after, words(r.UnlessJustAfter))
	}
	// Cancelled rules, by label.
	for _, r := range e.rs {
		var c []int32
		for _, l := range r.Cancels {
			for j, x := range e.rs {
				if x.Label == l || x.ID == l {
					c = append(c, int32(j))
				}
			}
		}
		e.cancels = append(e.cancels, c)
	}
	e.periods = periods(e.fromDay, e.untilDay)
	// Words, phrases, promo-code prefixes and domains count only where a
	// word starts (see wordBoundaries and the domain check of scanField):
	// the automaton need not look for them anywhere else.
	free := make([]bool, len(e.pats))
	for i, ref := range e.pats {
		free[i] = ref.kind != patPhrase && ref.kind != patCode && ref.kind != patDomain
	}
	e.ac = buildAutomaton(patterns, free)
	e.pool.New = func() any { return new(scratch) }
	return e
}

// period is a stretch of days, up to until, with the rules in force then.
type period struct {
	until  int
	active []bool
}

// periods splits the days at the rules' dates.
func periods(from, until []int) []period {
	var ends []int // the last days of the periods
	for i := range from {
		ends = append(ends, from[i]-1, until[i])
	}
	ends = append(ends, 99999999, math.MaxInt)
	slices.Sort(ends)
	ends = slices.Compact(ends)
	var ps []period
	for _, end := range ends {
		// Every day of the period is in force for the same rules as its
		// last day: no rule starts or stops inside it.
		p := period{until: end, active: make([]bool, len(from))}
		for i := range from {
			p.active[i] = end >= from[i] && end <= until[i]
		}
		ps = append(ps, p)
	}
	return ps
}

// Rules returns the rule set the engine was compiled from.
func (e *Engine) Rules() *RuleSet { return e.rules }

// scratch holds the buffers of one Analyze call, reused through a pool.
type scratch struct {
	nt     normText
	hits   []hit
	more   []hit // the automaton's scratch
	ms     []match
	active []bool // the rules in force on the post's day, shared: read only
	cue    []int8 // per rule, in the current field: 0 unknown, 1 a cue, 2 none
	seen   []bool
	cancel []bool
	buf    []byte
	// judge's findings, their spans (by finding) and labels.
	fs       []Finding
	spanBufs [][]Span
	labels   []string
	// Results are cut from these, a few posts' worth at a time: fewer,
	// larger allocations.
	findingSlab slab[Finding]
	spanSlab    slab[Span]
	labelSlab   slab[string]
	hashAt      []int32 // offsets of the "#" of the text
	tags        string  // the hashtags field of the post, if scanned
	links       string  // the links field of the post, if scanned
}

// slab hands out slices cut from a larger allocation. Each slice is capped
// at its length, so appending to it never touches its neighbours.
type slab[T any] struct{ free []T }

// slabSize is the number of elements a slab allocates at a time: small
// enough that a result kept for long keeps little else alive.
const slabSize = 64

// take returns a slice of n zero elements, not nil even when n is 0.
func (s *slab[T]) take(n int) []T {
	if n > len(s.free) || s.free == nil {
		if n > slabSize/2 {
			return make([]T, n)
		}
		s.free = make([]T, slabSize)
	}
	out := s.free[:n:n]
	s.free = s.free[n:]
	return out
}

// match is one accepted occurrence of a rule.
type match struct {
	rule       int32
	field      string
	ns, ne     int32 // normalised offsets in the field
	os, oe     int32 // original offsets in the field
	visible    bool  // disclosures: seen without "more"
	buried     bool  // disclosures: buried in the closing hashtags
	negated    bool
	cue        bool // sectors: a cue of promotion in the same field
	obfuscated bool // disclosures: spelt with spaces, digits or emojis
	hashtagIdx int32
}

// dayNumber turns a date into a comparable number: 20241107.
func dayNumber(y int, m int, d int) int { return y*10000 + m*100 + d }

// Analyze applies every rule in force on p's date to p. A post without a
// date is judged by the latest reading of the law.
func (e *Engine) Analyze(p *Post) Result {
	var res Result
	e.analyze(p, &res, false)
	return res
}

// AnalyzeInto is Analyze writing the result into *res, whose slices it
// reuses: the previous result held there, and every slice taken from it,
// must no longer be in use. A corpus analysis, which is done with each
// result before the next post, allocates nothing for its results so.
func (e *Engine) AnalyzeInto(p *Post, res *Result) {
	e.analyze(p, res, true)
}

func (e *Engine) analyze(p *Post, res *Result, reuse bool) {
	if reuse {
		*res = Result{Sectors: res.Sectors[:0], Labels: res.Labels[:0], Findings: res.Findings[:0], spans: res.spans[:0]}
	} else {
		*res = Result{}
	}
	sc := e.pool.Get().(*scratch)
	defer func() {
		// A huge caption must not keep its buffers alive in the pool.
		if cap(sc.nt.b) <= 64<<10 && cap(sc.hits) <= 16<<10 {
			e.pool.Put(sc)
		}
	}()
	sc.ms = sc.ms[:0]
	sc.tags, sc.links = "", ""
	// Rules in force on the post's date.
	day := 99991231
	if !p.PublishedAt.IsZero() {
		y, m, d := p.PublishedAt.Date()
		day = dayNumber(y, int(m), d)
	}
	for i := range e.periods {
		if day <= e.periods[i].until {
			sc.active = e.periods[i].active
			break
		}
	}

	e.scanField(sc, FieldText, p.Text, true)
	if p.ImageText != "" {
		e.scanField(sc, FieldImage, p.ImageText, true)
	}
	// Hashtags of the export that the text does not show.
	if len(p.Hashtags) > 0 {
		sc.buf = sc.buf[:0]
		// The text's "#", found once for all the hashtags.
		sc.hashAt = sc.hashAt[:0]
		for i := 0; ; i++ {
			j := strings.IndexByte(p.Text[i:], '#')
			if j < 0 {
				break
			}
			i += j
			sc.hashAt = append(sc.hashAt, int32(i))
		}
		for _, h := range p.Hashtags {
			if h == "" || hashtagAt(p.Text, sc.hashAt, h) {
				continue
			}
			if len(sc.buf) > 0 {
				sc.buf = append(sc.buf, ' ')
			}
			sc.buf = append(sc.buf, '#')
			sc.buf = append(sc.buf, h...)
		}
		if len(sc.buf) > 0 {
			sc.tags = string(sc.buf)
			e.scanField(sc, FieldHashtags, sc.tags, false)
		}
	}
	switch len(p.Links) {
	case 0:
	case 1:
		sc.links = p.Links[0]
		e.scanField(sc, FieldLinks, sc.links, false)
	default:
		sc.links = strings.Join(p.Links, "\n")
		e.scanField(sc, FieldLinks, sc.links, false)
	}
	if p.PaidPartnership != nil && *p.PaidPartnership {
		for _, ri := range e.flagRules {
			if sc.active[ri] {
				sc.ms = append(sc.ms, match{rule: ri, field: FieldPaidFlag, os: 0, oe: 4, visible: true})
			}
		}
	}
	e.judge(sc, p, res, reuse)
}

// containsHashtag reports whether text holds "#"+tag, ignoring case.
func containsHashtag(text, tag string) bool {
	for i := 0; i+len(tag) < len(text); {
		j := strings.IndexByte(text[i:], '#')
		if j < 0 {
			return false
		}
		i += j
		if i+len(tag) >= len(text) {
			return false
		}
		// Usually the export copies the text's own spelling.
		if t := text[i+1 : i+1+len(tag)]; t == tag || strings.EqualFold(t, tag) {
			return true
		}
		i++
	}
	return false
}

// hashtagAt reports whether text holds "#"+tag at one of the offsets at,
// in increasing order, ignoring case: containsHashtag(text, tag).
func hashtagAt(text string, at []int32, tag string) bool {
	for _, i := range at {
		i := int(i)
		if i+len(tag) >= len(text) {
			return false
		}
		t := text[i+1 : i+1+len(tag)]
		// Most "#" start another hashtag: its first letter tells.
		if c, d := t[0], tag[0]; c != d && c < utf8.RuneSelf && d < utf8.RuneSelf && lowerASCII(c) != lowerASCII(d) {
			continue
		}
		if t == tag || strings.EqualFold(t, tag) {
			return true
		}
	}
	return false
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// scanField normalises one field, runs the automaton and keeps the matches
// whose conditions hold.
func (e *Engine) scanField(sc *scratch, field, s string, prose bool) {
	nt := &sc.nt
	nt.ac = e.ac
	normalizeInto(nt, s)
	if cap(sc.cue) < len(e.rs) {
		sc.cue = make([]int8, len(e.rs))
	}
	sc.cue = sc.cue[:len(e.rs)]
	clear(sc.cue)
	b := nt.b
	quotes := 0 // 1: no sign in the field can open a quotation, 2: one may
	for _, h := range nt.hits {
		ref := e.pats[h.pat]
		if !sc.active[ref.rule] {
			continue
		}
		r := e.rs[ref.rule]
		start, end := int(h.end-e.ac.patLen[h.pat]), int(h.end)
		if !prose && ref.kind != patDomain && ref.kind != patParam && field == FieldLinks {
			continue
		}
		tagIdx := int32(-1)
		switch ref.kind {
		case patPhrase, patCode:
			if !wordBoundaries(b, start, end) {
				continue
			}
			if r.Standalone && !standalone(b, start, end) && !setApart(s, int(nt.start[start]), nt.origEnd(s, end-1)) {
				continue
			}
		case patHashSuffix:
			if end < len(b) && isWordByte(b[end]) {
				continue
			}
			found := false
			for i, t := range nt.tags {
				if t.end == end && start > t.start+1 {
					tagIdx, found = int32(i), true
					break
				}
			}
			if !found {
				continue
			}
		case patHashtag:
			tagIdx = -1
			for i, t := range nt.tags {
				if t.start == start && t.end == end {
					tagIdx = int32(i)
					break
				}
			}
			if tagIdx < 0 {
				continue
			}
		case patDomain:
			if start > 0 && isAlnum(b[start-1]) || end < len(b) && isAlnum(b[end]) {
				continue
			}
		case patHandle:
			if !inHandle(b, start) {
				continue
			}
		case patParam:
		}
		if ref.kind != patHashtag && ref.kind != patHashSuffix {
			for i, t := range nt.tags {
				if start >= t.start && end <= t.end {
					tagIdx = int32(i)
					break
				}
			}
		}
		os, oe := int(nt.start[start]), nt.origEnd(s, end-1)
		if ref.kind == patCode {
			ce, ok := promoCodeAfter(s, oe, r.CodeNeedsDigit)
			if !ok {
				continue
			}
			oe = ce
		}
		if r.Mention == "before" {
			if !handleBefore(s, int(nt.start[start])) {
				continue
			}
		} else if r.Mention != "" && !mentionNear(b, start, end, r.Mention, r.NearWindow) {
			continue
		}
		if !e.near[ref.rule].empty() && !wordNear(b, e.near[ref.rule], start, end, r.NearWindow) {
			continue
		}
		m := match{rule: ref.rule, field: field, ns: int32(start), ne: int32(end), os: int32(os), oe: int32(oe), hashtagIdx: tagIdx}
		if !e.unless[ref.rule].empty() && negated(b, e.unless[ref.rule], start, sentenceWindow(nt, s, start, e.unlessWindow)) ||
			len(e.just[ref.rule]) > 0 && justBefore(b, e.just[ref.rule], start) ||
			len(e.after[ref.rule]) > 0 && justAfter(b, e.after[ref.rule], end) {
			m.negated = true
		}
		if r.Kind == KindDisclosure {
			if quotes == 0 {
				quotes = 1
				if mayQuote(b) {
					quotes = 2
				}
			}
			if quotes == 2 && quoted(b, start, end) {
				continue // « #sp » ne suffit pas: talking about the mention
			}
			m.visible, m.buried = e.position(nt, field, s, os, tagIdx)
			m.obfuscated = obfuscated(s[os:oe], b[start:end])
		}
		if !e.cues[ref.rule].empty() {
			// Once per rule and field: a sector's words often recur.
			if c := sc.cue[ref.rule]; c != 0 {
				m.cue = c == 1
			} else {
				m.cue = e.cueIn(nt, s, ref.rule)
				sc.cue[ref.rule] = 2
				if m.cue {
					sc.cue[ref.rule] = 1
				}
			}
		}
		sc.ms = append(sc.ms, m)
	}
}

// inHandle reports whether b[start] lies in an @handle: only letters and
// digits (or "_") between it and the "@" that begins the handle (@goalbet.fr,
// @tipsterking), not an e-mail address's "@".
func inHandle(b []byte, start int) bool {
	i := start
	// A dot between letters belongs to the handle too (@lockking.picks,
	// @coilcraft.vapor): Instagram and TikTok handles hold dots.
	for i > 0 && (isWordByte(b[i-1]) || b[i-1] == '_' || b[i-1] == '.' && i >= 2 && isWordByte(b[i-2]) && isWordByte(b[i])) {
		i--
	}
	return i > 0 && b[i-1] == '@' && (i == 1 || !isWordByte(b[i-2]))
}

// wordBoundaries reports whether b[start:end] is a whole word or phrase.
func wordBoundaries(b []byte, start, end int) bool {
	if start > 0 && isWordByte(b[start-1]) && isWordByte(b[start]) {
		return false
	}
	if end < len(b) && isWordByte(b[end]) && isWordByte(b[end-1]) {
		return false
	}
	return true
}

// standalone reports whether the short word b[start:end] stands as a
// label: the first word of the field, followed by ":", "|", "-", "/", or in
// brackets.
func standalone(b []byte, start, end int) bool {
	// Inside a link ("blog.example/ad/2025"), a path, not a label.
	for i := start - 1; i >= 0 && b[i] != ' '; i-- {
		if b[i] == '/' || b[i] == '.' {
			return false
		}
	}
	first := true
	for i := 0; i < start; i++ {
		if isLowerASCII(b[i]) || isDigitASCII(b[i]) {
			first = false
			break
		}
	}
	if first {
		return true
	}
	i := end
	for i < len(b) && b[i] == ' ' {
		i++
	}
	if i < len(b) {
		switch b[i] {
		case ':', '|', '-', '/', ')', ']':
			return true
		}
	}
	j := start - 1
	for j >= 0 && b[j] == ' ' {
		j--
	}
	return j >= 0 && (b[j] == '(' || b[j] == '[' || b[j] == '|')
}

// setApart reports whether s[os:oe] stands between separators people
// use around a label ("Retouched photo · Ad · night glam", "• Pub •"),
// which normalisation drops or folds, or closes its line or the text after
// an emoji ("code LOLA -30% ce soir 💎 pub").
func setApart(s string, os, oe int) bool {
	sep := func(r rune) bool {
		switch r {
		case '·', '•', '|', '/', '–', '—', '-', ':', '⋅', '∙':
			return true
		}
		return false
	}
	// With white space between: "x.com/ad/12" is a link, not a label. A
	// line of its own is set apart too ("…transats @marque\nPub\n#deco").
	before := strings.TrimRight(s[:os], " \u00a0")
	after := strings.TrimLeft(s[oe:], " \u00a0")
	rb, _ := utf8.DecodeLastRuneInString(before)
	ra, _ := utf8.DecodeRuneInString(after)
	lineBefore, lineAfter := rb == '\n' || rb == '\r', ra == '\n' || ra == '\r' || after == ""
	if lineBefore && lineAfter {
		return true
	}
	if lineAfter && len(before) < os {
		// "❤️" ends with a variation selector.
		eb := rb
		if eb == 0xFE0F {
			eb, _ = utf8.DecodeLastRuneInString(strings.TrimSuffix(before, "\uFE0F"))
		}
		if isEmoji(eb) {
			return true
		}
	}
	if len(before) == os || len(after) == len(s)-oe && after != "" {
		return false
	}
	return before != "" && sep(rb) && (after == "" || sep(ra))
}

// quoted reports whether b[start:end] stands between quotation marks, the
// quoted stretch being at most quoteSpan bytes on either side within one
// sentence: « #sp » ne suffit pas, the 'Paid partnership' banner. An
// apostrophe after a letter (l'offre) opens nothing, one before a letter
// (l'été') closes nothing.
func quoted(b []byte, start, end int) bool {
	opened := false
	for j := start - 1; j >= 0 && j >= start-quoteSpan; j-- {
		c := b[j]
		if c == '"' || c == '\'' && (j == 0 || !isWordByte(b[j-1])) {
			opened = true
			break
		}
		if sentenceEnd(c) {
			return false
		}
	}
	if !opened {
		return false
	}
	for i := end; i < len(b) && i < end+quoteSpan; i++ {
		c := b[i]
		if c == '"' || c == '\'' && (i+1 == len(b) || !isWordByte(b[i+1])) {
			return true
		}
		if sentenceEnd(c) {
			return false
		}
	}
	return false
}

// mayQuote reports whether b holds a sign that quoted would take for an
// opening quotation mark: a double quote, or an apostrophe that does not
// follow a letter (the one of "l'offre" opens nothing). Most captions have
// none, and then no mention in them is quoted.
func mayQuote(b []byte) bool {
	if bytes.IndexByte(b, '"') >= 0 {
		return true
	}
	for i := 0; ; i++ {
		j := bytes.IndexByte(b[i:], '\'')
		if j < 0 {
			return false
		}
		i += j
		if i == 0 || !isWordByte(b[i-1]) {
			return true
		}
	}
}

// sentenceEnd reports whether c, in normalised text, ends a sentence or a
// clause: no negation nor quotation reaches across it.
func sentenceEnd(c byte) bool { return c == '.' || c == '!' || c == '?' || c == ';' || c == '|' }

// quoteSpan bounds a quotation around a mention.
const quoteSpan = 40

// findWord reports whether w occurs as a whole word in b starting at an
// offset in [from, to] and ok accepts the occurrence (start, end).
func findWord(b []byte, w string, from, to int, ok func(start, end int) bool) bool {
	from = max(from, 0)
	for from <= to && from < len(b) {
		i := bytes.Index(b[from:], []byte(w))
		if i < 0 {
			return false
		}
		s := from + i
		if s > to {
			return false
		}
		if wordBoundaries(b, s, s+len(w)) && ok(s, s+len(w)) {
			return true
		}
		from = s + 1
	}
	return false
}

// justBefore reports whether one of words ends right before start, with
// only spaces or quotes between.
func justBefore(b []byte, words []string, start int) bool {
	j := start
	for j > 0 && (b[j-1] == ' ' || b[j-1] == '\'' || b[j-1] == '"') {
		j--
	}
	for _, w := range words {
		if j >= len(w) && string(b[j-len(w):j]) == w && wordBoundaries(b, j-len(w), j) {
			return true
		}
	}
	return false
}

// justAfter reports whether one of words begins right after end, with
// only spaces, quotes or a hyphen between ("puff-sleeve", "poker face").
func justAfter(b []byte, words []string, end int) bool {
	j := end
	for j < len(b) && (b[j] == ' ' || b[j] == '\'' || b[j] == '"' || b[j] == '-') {
		j++
	}
	for _, w := range words {
		if j+len(w) <= len(b) && string(b[j:j+len(w)]) == w && wordBoundaries(b, j, j+len(w)) {
			return true
		}
	}
	return false
}

// obfuscated reports whether a mention was spelt so as to dodge readers
// or filters: letters spaced out ("P U B"), digits for letters
// ("c0llab0ration"), emojis between letters. Look-alike letters of other
// scripts and zero-width characters read the same and do not count.
func obfuscated(orig string, norm []byte) bool {
	normSpaces := bytes.Count(norm, []byte{' '})
	seps := 0
	for i := 0; i < len(orig); {
		if c := orig[i]; c < utf8.RuneSelf {
			switch obfuscation[c] {
			case obfSign:
				return true
			case obfSep:
				seps++
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(orig[i:])
		if r == 0xA0 {
			seps++
		} else if isEmoji(r) {
			return true
		}
		i += n
	}
	return seps > normSpaces
}

// obfuscation classes the ASCII bytes of a mention as obfuscated reads
// them: a digit or sign standing for a letter, a separator between
// letters, or neither.
var obfuscation = func() (t [utf8.RuneSelf]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = obfSign
	}
	for _, c := range "@$!|" {
		t[c] = obfSign
	}
	for _, c := range " .-*_/\t" {
		t[c] = obfSep
	}
	return t
}()

const (
	obfSign = 1 + iota
	obfSep
)

// wordNear reports whether one of words occurs within window bytes of
// b[start:end], the match itself aside.
func wordNear(b []byte, words wordList, start, end, window int) bool {
	lo, hi := max(0, start-window), min(len(b), end+window)
	return wordsIn(b, words, lo, hi, start, end, nil)
}

// sentenceWindow returns how far before normalised offset start, up to
// window bytes, a negation may stand: not beyond the end of the previous
// sentence (".", "!", "?", ";", "|", an emoji or a line break of the
// original text), so that "no fridge.\nGear (affiliate links)" is not a
// denial of the links.
func sentenceWindow(nt *normText, s string, start, window int) int {
	b := nt.b
	for i := start - 1; i >= 0 && i >= start-window; i-- {
		switch c := b[i]; {
		case sentenceEnd(c):
			return start - i - 1
		case c >= 0xE2 && c < 0xF8: // the first byte of a symbol or emoji
			return start - i - 1
		case c == ' ':
			if o := int(nt.start[i]); o < len(s) && (s[o] == '\n' || s[o] == '\r') {
				return start - i - 1
			}
		}
	}
	return window
}

// negated reports whether one of words ends within window bytes before
// start.
func negated(b []byte, words wordList, start, window int) bool {
	return wordsIn(b, words, max(0, start-window), start, start, start, nil)
}

// cueIn reports whether one of rule ri's cues occurs in the field, not
// negated by one of its unless_before words: "aucun abonnement", "never a
// paid group" are no subscription.
func (e *Engine) cueIn(nt *normText, s string, ri int32) bool {
	b, unless := nt.b, e.unless[ri]
	if unless.empty() {
		return wordsIn(b, e.cues[ri], 0, len(b), -1, -1, nil)
	}
	return wordsIn(b, e.cues[ri], 0, len(b), -1, -1, func(start int) bool {
		return !negated(b, unless, start, sentenceWindow(nt, s, start, e.unlessWindow))
	})
}

// wordsIn reports whether one of words occurs as a whole word ending in
// b[lo:hi] (hi included) and not inside b[skipStart:skipEnd], and ok, if
// not nil, accepts the occurrence's start. Single words are compared with
// the tokens of the stretch, which costs less than searching for each;
// phrases are searched for.
func wordsIn(b []byte, words wordList, lo, hi, skipStart, skipEnd int, ok func(start int) bool) bool {
	for i := max(0, lo-1); i < hi; {
		if !isWordByte(b[i]) {
			i++
			continue
		}
		ts := i
		for ts > 0 && isWordByte(b[ts-1]) {
			ts--
		}
		te := i
		for te < len(b) && isWordByte(b[te]) {
			te++
		}
		i = te
		if te < lo || te > hi || ts >= skipStart && te <= skipEnd {
			continue
		}
		if n := te - ts; n < len(words.byLen) && len(words.byLen[n]) > 0 {
			k := tokenKey(b, ts, te)
			for _, w := range words.byLen[n] {
				if w.key == k && (n <= 8 || string(b[ts+8:te]) == w.s[8:]) && (ok == nil || ok(ts)) {
					return true
				}
			}
		}
	}
	for _, w := range words.phrases {
		if findWord(b, w, lo-len(w), hi-len(w), func(s, e int) bool {
			return e >= lo && e <= hi && !(s >= skipStart && e <= skipEnd) && (ok == nil || ok(s))
		}) {
			return true
		}
	}
	return false
}

// wordList is a list of normalised words and phrases, the words grouped
// by length so that a token is compared only with words as long.
type wordList struct {
	byLen   [][]listWord
	phrases []string
}

// listWord is a word of a wordList with its key (see tokenKey), which
// settles the comparison of words of up to eight bytes.
type listWord struct {
	key uint64
	s   string
}

// tokenKey packs the first eight bytes of b[ts:te] (all of them, with
// zeros after, when it is shorter) into a number.
func tokenKey(b []byte, ts, te int) uint64 {
	n := te - ts
	if ts+8 <= len(b) {
		k := binary.LittleEndian.Uint64(b[ts:])
		if n < 8 {
			k &= 1<<(8*n) - 1
		}
		return k
	}
	var k uint64
	for i := min(te, ts+8) - 1; i >= ts; i-- {
		k = k<<8 | uint64(b[i])
	}
	return k
}

func newWordList(ws []string) wordList {
	var l wordList
	for _, w := range ws {
		if !isSingleToken(w) {
			l.phrases = append(l.phrases, w)
			continue
		}
		for len(l.byLen) <= len(w) {
			l.byLen = append(l.byLen, nil)
		}
		l.byLen[len(w)] = append(l.byLen[len(w)], listWord{key: tokenKey([]byte(w), 0, len(w)), s: w})
	}
	return l
}

func (l wordList) empty() bool { return len(l.byLen) == 0 && len(l.phrases) == 0 }

// isSingleToken reports whether w is one word of letters and digits, which
// wordsIn compares with tokens.
func isSingleToken(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isWordByte(w[i]) {
			return false
		}
	}
	return w != ""
}

// mentionNear reports whether an @handle follows the match (how "after")
// or is within window bytes of it (how "near"); how "before" is
// handleBefore's.
func mentionNear(b []byte, start, end int, how string, window int) bool {
	i := end
	for i < len(b) && (b[i] == ' ' || b[i] == ':' || b[i] == '\n') {
		i++
	}
	if i+1 < len(b) && b[i] == '@' && isWordByte(b[i+1]) {
		return true
	}
	if how == "after" {
		return false
	}
	lo, hi := max(0, start-window), min(len(b)-1, end+window)
	for j := lo; j < hi; j++ {
		if b[j] == '@' && isWordByte(b[j+1]) && (j == 0 || !isWordByte(b[j-1])) {
			return true
		}
	}
	return false
}

// handleBefore reports whether an @handle ends right before byte offset
// os of the original text s, with only spaces between: "montre @marque
// offerte", "sac @maison_lune offert", not "offert à @amie". It reads the
// original text, where a handle's "_" and "." are still part of it.
func handleBefore(s string, os int) bool {
	j := os
	for j > 0 && (s[j-1] == ' ' || s[j-1] == '\t') {
		j--
	}
	if j == os {
		return false
	}
	i := j
	for i > 0 && (isHandleByte(s[i-1]) || s[i-1] == '.') {
		i--
	}
	return i > 0 && i < j && s[i-1] == '@' && (i == 1 || !isHandleByte(s[i-2]))
}

// isHandleByte reports whether c may be part of an @handle.
func isHandleByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// promoCodeAfter looks for a promo code in s after byte offset at: a token
// of 3 to 24 letters and digits, in capitals (or holding a digit), possibly
// quoted. It returns the offset after the code.
func promoCodeAfter(s string, at int, needDigit bool) (int, bool) {
	i := at
	for i < len(s) {
		c := s[i]
		if c == ' ' || c == ':' || c == '"' || c == '\'' || c == '*' || c == '(' || c == '\t' {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == '«' || r == '“' || r == '‘' || r == 0xA0 || r == 0x202F || r == '’' || r == '➡' || r == '👉' || r == '→' {
				i += n
				continue
			}
		}
		break
	}
	j := i
	upper, lower, digit := 0, 0, 0
	for j < len(s) {
		c := s[j]
		switch {
		case c >= 'A' && c <= 'Z':
			upper++
		case c >= 'a' && c <= 'z':
			lower++
		case c >= '0' && c <= '9':
			digit++
		case c == '-' || c == '_':
		default:
			goto done
		}
		j++
	}
done:
	n := j - i
	if n < 3 || n > 24 || upper+lower == 0 {
		return 0, false
	}
	if needDigit && digit == 0 {
		return 0, false
	}
	if lower > 0 && (digit == 0 || upper > 0 && lower > upper) {
		return 0, false // an ordinary word
	}
	return j, true
}

// position says whether a disclosure found at original offset os of a field
// is visible without "more", and whether it is buried in the closing block
// of hashtags.
func (e *Engine) position(nt *normText, field, s string, os int, tagIdx int32) (visible, buried bool) {
	switch field {
	case FieldImage, FieldPaidFlag:
		return true, false
	case FieldHashtags:
		return false, tagIdx >= int32(e.buriedAfter)
	}
	// A rune takes at least one byte: most matches are near enough the
	// start not to count.
	visible = os < e.visibleRunes || utf8.RuneCountInString(s[:os]) < e.visibleRunes
	if tagIdx < 0 {
		return visible, false
	}
	// The closing block: hashtags separated only by spaces and
	// punctuation, up to the end of the text.
	b := nt.b
	first := len(nt.tags)
	end := len(b)
	for i := len(nt.tags) - 1; i >= 0; i-- {
		t := nt.tags[i]
		if !onlyFiller(b[t.end:end]) {
			break
		}
		first, end = i, t.start
	}
	if int(tagIdx) < first {
		return visible, false
	}
	return visible, int(tagIdx)-first >= e.buriedAfter
}

// onlyFiller reports whether b holds nothing but spaces, punctuation and
// emojis.
func onlyFiller(b []byte) bool {
	for _, c := range b {
		if isLowerASCII(c) || isDigitASCII(c) {
			return false
		}
	}
	return true
}

// judge turns the matches into a result.
func (e *Engine) judge(sc *scratch, p *Post, res *Result, reuse bool) {
	res.PostID = p.ID
	if len(sc.ms) == 0 {
		return
	}
	// Statements that the post is not sponsored, or self-promotion,
	// cancel the signals they name.
	if cap(sc.cancel) < len(e.rs) {
		sc.cancel = make([]bool, len(e.rs))
		sc.seen = make([]bool, len(e.rs))
	}
	sc.cancel, sc.seen = sc.cancel[:len(e.rs)], sc.seen[:len(e.rs)]
	clear(sc.cancel)
	clear(sc.seen)
	for _, m := range sc.ms {
		if !m.negated && e.rs[m.rule].Kind == KindNotSponsored {
			for _, c := range e.cancels[m.rule] {
				sc.cancel[c] = true
			}
		}
	}
	// Commercial weight: each rule counts once, negated matches not at all;
	// the sectors together count as much as the weightiest of them, so
	// that commentary naming several sectors is not commercial for that.
	var weight, sectorWeight float64
	for _, m := range sc.ms {
		r := e.rs[m.rule]
		if m.negated || sc.cancel[m.rule] || r.Weight <= 0 || sc.seen[m.rule] {
			continue
		}
		switch r.Kind {
		case KindSignal, KindDisclosure, KindSector:
		default:
			continue
		}
		sc.seen[m.rule] = true
		if r.Kind == KindSector {
			sectorWeight = max(sectorWeight, r.Weight)
			continue
		}
		weight += r.Weight
	}
	res.Commercial = weight+sectorWeight >= e.threshold

	// Findings, one per rule, in the order of the rule file.
	// Findings, their spans and the labels are gathered in the scratch,
	// then copied out in three allocations of the exact size.
	findings := sc.fs[:0]
	addSpan := func(ri int32, m match, text string) {
		sp := Span{Field: m.field, Start: int(m.os), End: int(m.oe), Text: spanText(text, m)}
		for i := range findings {
			if findings[i].Rule == e.rs[ri].ID {
				for j, old := range findings[i].Spans {
					if old.Field != sp.Field || sp.End <= old.Start || sp.Start >= old.End {
						continue
					}
					// Overlapping matches ("#collab" and "collab", "mon code
					// X" and "code X"): keep the longer.
					if sp.End-sp.Start > old.End-old.Start {
						findings[i].Spans[j] = sp
					}
					return
				}
				findings[i].Spans = append(findings[i].Spans, sp)
				return
			}
		}
		var spans []Span
		if k := len(findings); k < len(sc.spanBufs) {
			spans = sc.spanBufs[k][:0]
		}
		findings = append(findings, Finding{Rule: e.rs[ri].ID, Label: e.ruleLabel[ri], Spans: append(spans, sp)})
	}
	fieldText := func(m match) string {
		switch m.field {
		case FieldText:
			return p.Text
		case FieldImage:
			return p.ImageText
		case FieldLinks:
			return sc.links
		case FieldHashtags:
			return sc.tags
		case FieldPaidFlag:
			return "true"
		}
		return ""
	}
	best := DisclosureNonCompliant
	labels := sc.labels[:0]
	addLabel := func(l string) {
		for _, x := range labels {
			if x == l {
				return
			}
		}
		labels = append(labels, l)
	}
	var notVisible, buried, obfuscatedMs []match
	for _, m := range sc.ms {
		if m.negated || sc.cancel[m.rule] {
			continue
		}
		r := e.rs[m.rule]
		switch r.Kind {
		case KindSector:
			if r.NeedsCommercial && !res.Commercial || len(r.Cues) > 0 && !m.cue && (!res.Commercial || r.CuesRequired) {
				continue
			}
			if !containsString(res.Sectors, r.Sector) {
				res.Sectors = append(res.Sectors, r.Sector)
			}
			addLabel(e.sectorLabel[m.rule])
		case KindImageLabel:
			if r.NeedsCommercial && !res.Commercial {
				continue
			}
			addLabel(e.sectorLabel[m.rule])
		case KindDisclosure:
			if !res.Commercial {
				continue
			}
			class := Disclosure(r.Class)
			if class == DisclosureCompliant && m.obfuscated {
				class = DisclosureImprovable
				obfuscatedMs = append(obfuscatedMs, m)
			}
			if class == DisclosureCompliant && (!m.visible || m.buried) {
				class = DisclosureImprovable
				if m.buried {
					buried = append(buried, m)
				} else {
					notVisible = append(notVisible, m)
				}
			}
			if class == DisclosureCompliant || best == DisclosureNonCompliant {
				best = class
			}
		}
		addLabel(e.ruleLabel[m.rule])
		addSpan(m.rule, m, fieldText(m))
	}
	if res.Commercial {
		addLabel("commercial")
		res.Disclosure = best
		addLabel(disclosureLabel[best])
		switch best {
		case DisclosureNonCompliant:
			if vi, ok := e.verdict[VerdictNonCompliant]; ok {
				for _, m := range sc.ms {
					if k := e.rs[m.rule].Kind; !m.negated && !sc.cancel[m.rule] && (k == KindSignal || k == KindSector && e.rs[m.rule].Weight > 0) {
						addSpan(vi, m, fieldText(m))
					}
				}
				if !hasFinding(findings, VerdictNonCompliant) {
					findings = append(findings, Finding{Rule: VerdictNonCompliant, Label: e.ruleLabel[vi]})
				}
			}
		case DisclosureImprovable:
			for _, m := range buried {
				addSpan(e.verdict[VerdictBuried], m, fieldText(m))
			}
			for _, m := range notVisible {
				addSpan(e.verdict[VerdictNotVisible], m, fieldText(m))
			}
			for _, m := range obfuscatedMs {
				addSpan(e.verdict[VerdictObfuscated], m, fieldText(m))
			}
		}
	}
	for _, f := range findings {
		addLabel(f.Label)
	}
	total := 0
	for _, f := range findings {
		total += len(f.Spans)
	}
	var spans []Span
	if reuse {
		res.Labels = append(res.Labels[:0], labels...)
		res.spans = slices.Grow(res.spans[:0], total)[:total]
		spans = res.spans
		res.Findings = slices.Grow(res.Findings[:0], len(findings))[:len(findings)]
	} else {
		res.Labels = sc.labelSlab.take(len(labels))
		copy(res.Labels, labels)
		if total > 0 {
			spans = sc.spanSlab.take(total)
		}
		res.Findings = sc.findingSlab.take(len(findings))
	}
	clear(labels)
	sc.labels = labels[:0]
	pos := 0
	for i, f := range findings {
		res.Findings[i] = f
		if f.Spans != nil {
			n := copy(spans[pos:], f.Spans)
			res.Findings[i].Spans = spans[pos : pos+n : pos+n]
			pos += n
			clear(f.Spans)
		}
		if i == len(sc.spanBufs) {
			sc.spanBufs = append(sc.spanBufs, f.Spans)
		} else if cap(f.Spans) > cap(sc.spanBufs[i]) {
			sc.spanBufs[i] = f.Spans
		}
	}
	clear(findings)
	sc.fs = findings[:0]
	return
}

// disclosureLabel is the label of each class, written once.
var disclosureLabel = map[Disclosure]string{
	DisclosureCompliant:    "disclosure.compliant",
	DisclosureImprovable:   "disclosure.improvable",
	DisclosureNonCompliant: "disclosure.non_compliant",
}

func spanText(text string, m match) string {
	if int(m.oe) <= len(text) && m.os <= m.oe {
		return text[m.os:m.oe]
	}
	return ""
}

func hasFinding(fs []Finding, id string) bool {
	for _, f := range fs {
		if f.Rule == id {
			return true
		}
	}
	return false
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ImageLabels returns the image labels ("retouched", "virtual") of a result.
func (r *Result) ImageLabels() []string {
	var out []string
	for _, l := range r.Labels {
		if v, ok := strings.CutPrefix(l, "image."); ok {
			out = append(out, v)
		}
	}
	return out
}

// Explain returns the law reference, explanation and suggested fix for f in
// lang ("fr" or "en"; anything else falls back to French).
func (e *Engine) Explain(f Finding, lang string) Explanation {
	x := Explanation{Rule: f.Rule, Label: f.Label}
	r := e.rules.byID[f.Rule]
	if r == nil {
		return x
	}
	x.Law, x.LawURL, x.Severity = r.Law, r.LawURL, r.Severity
	if lang == "en" {
		x.Title, x.Text, x.Fix = r.TitleEN, r.ExplainEN, r.FixEN
	} else {
		x.Title, x.Text, x.Fix = r.TitleFR, r.ExplainFR, r.FixFR
	}
	if x.Title == "" {
		x.Title = r.Label
	}
	for _, id := range r.Sources {
		for _, s := range e.rules.file.Sources {
			if s.ID == id {
				x.Sources = append(x.Sources, s)
			}
		}
	}
	return x
}
