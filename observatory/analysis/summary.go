package analysis

import (
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/creatorclub/creatorclub/observatory"
	"github.com/creatorclub/creatorclub/observatory/ingest"
	"github.com/creatorclub/creatorclub/observatory/stats"
)

// Summary is the result of a run: every table of the report, the tests and
// the posts behind each figure. It is written as summary.json.
type Summary struct {
	Corpus       string `json:"corpus"`
	Format       string `json:"format"`
	RulesVersion string `json:"rules_version"`
	// RulesEvaluation is how well the rules did out of sample, if measured.
	RulesEvaluation *observatory.RulesEvaluation `json:"rules_evaluation,omitempty"`
	Cutoff          string                       `json:"cutoff"` // YYYY-MM-DD; posts from this day are "after"
	GeneratedAt     time.Time                    `json:"generated_at"`
	Seconds         float64                      `json:"seconds"`
	Posts           int64                        `json:"posts"`
	BadRecords      int64                        `json:"bad_records"`
	// BadSamples lists the first bad records with their line or record number.
	BadSamples []string  `json:"bad_samples"`
	First      time.Time `json:"first"`
	Last       time.Time `json:"last"`
	Warnings   []Warning `json:"warnings"`

	// Overview has the rows all, before and after.
	Overview []GroupRow `json:"overview"`
	// Months has one row per month (period "all").
	Months []GroupRow `json:"months"`
	// Platforms and Certified have a row per platform or group and period
	// (all, before, after). Groups: certified, non_certified, unknown.
	Platforms []GroupRow `json:"platforms"`
	Certified []GroupRow `json:"certified"`
	// Labels and Sectors: the share of posts carrying each label or
	// promoting each restricted sector, before and after.
	Labels  []LabelRow `json:"labels"`
	Sectors []LabelRow `json:"sectors"`
	// Comparisons are the before/after tests.
	Comparisons []NamedComparison `json:"comparisons"`
	// DiD: did certified creators improve more than the others?
	DiD []NamedDiD `json:"did"`
	// Published sets each figure another study published beside this
	// corpus's estimate for the same months and group.
	Published []PublishedRow `json:"published"`
	// Samples are the posts behind each figure, keyed by figure
	// ("disclosure=non_compliant|period=after", "label=…", "sector=…").
	Samples map[string][]Sample `json:"samples"`
	// Review is a random sample of posts of each of the engine's verdicts,
	// for an analyst to label by hand; nil when none was asked for.
	Review *ReviewSample `json:"review,omitempty"`
	// ReviewResults are the engine measured against the analysts' verdicts
	// on the review sample, once staff added them to the report.
	ReviewResults *ReviewResults `json:"review_results,omitempty"`
}

// Warning is something an analyst must see before reading the figures.
// Message is in English; Code and the fields let a page say it in its own
// language.
type Warning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Count   int64  `json:"count,omitempty"`
	Cutoff  string `json:"cutoff,omitempty"`
	First   string `json:"first,omitempty"`
	Last    string `json:"last,omitempty"`
}

// Warning codes.
const (
	WarnNoPosts              = "no_posts"
	WarnCutoffBeforeCorpus   = "cutoff_before_corpus"
	WarnCutoffAfterCorpus    = "cutoff_after_corpus"
	WarnBadRecords           = "bad_records"
	WarnUnknownCertification = "unknown_certification"
)

// GroupRow is the tallies of a set of posts. Commercial and Restricted are
// shares of all posts; the three disclosure classes are shares of the
// commercial posts.
type GroupRow struct {
	Key          string     `json:"key"`
	Period       string     `json:"period"` // all, before, after
	Posts        int64      `json:"posts"`
	Commercial   stats.Rate `json:"commercial"`
	Compliant    stats.Rate `json:"compliant"`
	Improvable   stats.Rate `json:"improvable"`
	NonCompliant stats.Rate `json:"non_compliant"`
	Restricted   stats.Rate `json:"restricted"`
}

// LabelRow is the share of posts carrying a label.
type LabelRow struct {
	Label  string           `json:"label"`
	All    stats.Rate       `json:"all"`
	Before stats.Rate       `json:"before"`
	After  stats.Rate       `json:"after"`
	Test   stats.Comparison `json:"test"`
}

// NamedComparison is a before/after test of one metric in one group.
type NamedComparison struct {
	Metric string `json:"metric"`
	Group  string `json:"group"`
	stats.Comparison
}

// NamedDiD is a difference-in-differences of one metric, certified
// creators (treated) against non-certified ones (control).
type NamedDiD struct {
	Metric string `json:"metric"`
	stats.DiD
}

// PublishedRow is a figure another study published and this corpus's
// estimate of the same share, over the same whole months and group.
type PublishedRow struct {
	observatory.PublishedFigure
	From        string `json:"from"`  // YYYY-MM-DD
	Until       string `json:"until"` // YYYY-MM-DD
	SourceTitle string `json:"source_title"`
	SourceURL   string `json:"source_url"`
	// Corpus is the estimate (Corpus.Rate) tested against the published
	// share; Corpus.Rate.N is 0 when the corpus has no post to count in
	// those months and that group.
	Corpus stats.OneSample `json:"corpus"`
}

// Periods of the tables.
var periods = []string{"all", "before", "after"}

func inPeriod(k cellKey, period string) bool {
	return period == "all" || (period == "after") == k.after
}

func (a *aggregate) sum(pred func(cellKey) bool) counts {
	var c counts
	for k, v := range a.cells {
		if pred(k) {
			c.add(v)
		}
	}
	return c
}

func row(key, period string, c counts) GroupRow {
	return GroupRow{
		Key: key, Period: period, Posts: c.posts,
		Commercial:   stats.NewRate(int(c.commercial), int(c.posts)),
		Compliant:    stats.NewRate(int(c.compliant), int(c.commercial)),
		Improvable:   stats.NewRate(int(c.improvable), int(c.commercial)),
		NonCompliant: stats.NewRate(int(c.nonCompliant), int(c.commercial)),
		Restricted:   stats.NewRate(int(c.restricted), int(c.posts)),
	}
}

func monthName(m int32) string { return fmt.Sprintf("%04d-%02d", m/12, m%12+1) }

// metrics are the rates compared before/after and in the DiD.
var metrics = []struct {
	name string
	rate func(GroupRow) stats.Rate
}{
	{"commercial", func(r GroupRow) stats.Rate { return r.Commercial }},
	{"compliant", func(r GroupRow) stats.Rate { return r.Compliant }},
	{"improvable", func(r GroupRow) stats.Rate { return r.Improvable }},
	{"non_compliant", func(r GroupRow) stats.Rate { return r.NonCompliant }},
	{"restricted", func(r GroupRow) stats.Rate { return r.Restricted }},
}

func summarize(a *aggregate, opts Options, format ingest.Format) *Summary {
	s := &Summary{
		Corpus: opts.Name, Format: string(format), Cutoff: opts.Cutoff.Format(time.DateOnly),
		GeneratedAt: time.Now().UTC().Truncate(time.Second), Posts: a.posts, BadRecords: a.bad,
		First: a.first, Last: a.last, Samples: map[string][]Sample{},
		BadSamples: []string{}, Warnings: []Warning{},
	}
	for _, b := range a.badFirst {
		s.BadSamples = append(s.BadSamples, b.msg)
	}
	for _, p := range periods {
		s.Overview = append(s.Overview, row(p, p, a.sum(func(k cellKey) bool { return inPeriod(k, p) })))
	}

	months := map[int32]bool{}
	platforms := map[string]bool{}
	var groups [3]bool
	labels, sectors := map[string]bool{}, map[string]bool{}
	for k, c := range a.cells {
		months[k.month] = true
		platforms[k.platform] = true
		groups[k.group] = true
		for l := range c.labels {
			labels[l] = true
		}
		for l := range c.sectors {
			sectors[l] = true
		}
	}
	if len(months) > 0 {
		lo, hi := a.first.Year()*12+int(a.first.Month())-1, a.last.Year()*12+int(a.last.Month())-1
		if hi-lo < 1200 { // a continuous series, empty months included
			for m := lo; m <= hi; m++ {
				months[int32(m)] = true
			}
		}
	}
	for _, m := range sortedKeys(months) {
		s.Months = append(s.Months, row(monthName(m), "all", a.sum(func(k cellKey) bool { return k.month == m })))
	}
	for _, pl := range sortedKeys(platforms) {
		for _, p := range periods {
			s.Platforms = append(s.Platforms, row(pl, p, a.sum(func(k cellKey) bool { return k.platform == pl && inPeriod(k, p) })))
		}
	}
	for g, present := range groups {
		if !present {
			continue
		}
		for _, p := range periods {
			s.Certified = append(s.Certified, row(groupNames[g], p, a.sum(func(k cellKey) bool { return int(k.group) == g && inPeriod(k, p) })))
		}
	}
	before := a.sum(func(k cellKey) bool { return !k.after })
	after := a.sum(func(k cellKey) bool { return k.after })
	all := a.sum(func(cellKey) bool { return true })
	labelRow := func(name string, get func(counts) int64) LabelRow {
		r := LabelRow{
			Label: name, All: stats.NewRate(int(get(all)), int(all.posts)),
			Before: stats.NewRate(int(get(before)), int(before.posts)), After: stats.NewRate(int(get(after)), int(after.posts)),
		}
		r.Test = stats.Compare(r.Before.K, r.Before.N, r.After.K, r.After.N)
		return r
	}
	for _, l := range sortedKeys(labels) {
		s.Labels = append(s.Labels, labelRow(l, func(c counts) int64 { return c.labels[l] }))
	}
	for _, l := range sortedKeys(sectors) {
		s.Sectors = append(s.Sectors, labelRow(l, func(c counts) int64 { return c.sectors[l] }))
	}

	// Before/after tests, overall and per certified group.
	rows := map[string]map[string]GroupRow{"all": {}}
	for _, r := range s.Overview {
		rows["all"][r.Period] = r
	}
	for _, r := range s.Certified {
		if rows[r.Key] == nil {
			rows[r.Key] = map[string]GroupRow{}
		}
		rows[r.Key][r.Period] = r
	}
	for _, g := range []string{"all", "certified", "non_certified", "unknown"} {
		if rows[g] == nil {
			continue
		}
		for _, m := range metrics {
			b, af := m.rate(rows[g]["before"]), m.rate(rows[g]["after"])
			s.Comparisons = append(s.Comparisons, NamedComparison{Metric: m.name, Group: g, Comparison: stats.Compare(b.K, b.N, af.K, af.N)})
		}
	}
	if rows["certified"] != nil && rows["non_certified"] != nil {
		for _, m := range metrics {
			s.DiD = append(s.DiD, NamedDiD{Metric: m.name, DiD: stats.DifferenceInDifferences(
				m.rate(rows["certified"]["before"]), m.rate(rows["certified"]["after"]),
				m.rate(rows["non_certified"]["before"]), m.rate(rows["non_certified"]["after"]))})
		}
	}

	for _, f := range opts.Published {
		s.Published = append(s.Published, published(a, f, opts.Sources[f.Source]))
	}

	for k, r := range a.samples {
		s.Samples[k.String()] = r.sorted()
	}
	s.Review = a.reviewSample()

	// Warnings an analyst must see.
	first, last := a.first.Format(time.DateOnly), a.last.Format(time.DateOnly)
	switch {
	case a.posts == 0:
		s.Warnings = append(s.Warnings, Warning{Code: WarnNoPosts, Message: "No post could be read from the corpus: check its format."})
	case !a.first.Before(opts.Cutoff):
		s.Warnings = append(s.Warnings, Warning{Code: WarnCutoffBeforeCorpus, Cutoff: s.Cutoff, First: first, Last: last,
			Message: fmt.Sprintf("The cut-off %s is on or before the first post (%s): every post is \"after\", so nothing can be compared before/after. Choose a cut-off between %s and %s.", s.Cutoff, first, first, last)})
	case a.last.Before(opts.Cutoff):
		s.Warnings = append(s.Warnings, Warning{Code: WarnCutoffAfterCorpus, Cutoff: s.Cutoff, First: first, Last: last,
			Message: fmt.Sprintf("The cut-off %s is after the last post (%s): every post is \"before\", so nothing can be compared before/after. Choose a cut-off between %s and %s.", s.Cutoff, last, first, last)})
	}
	if a.bad > 0 {
		s.Warnings = append(s.Warnings, Warning{Code: WarnBadRecords, Count: a.bad,
			Message: fmt.Sprintf("%d records could not be read and were left out (the first are listed with their line numbers).", a.bad)})
	}
	if groups[groupUnknown] {
		n := a.sum(func(k cellKey) bool { return k.group == groupUnknown }).posts
		s.Warnings = append(s.Warnings, Warning{Code: WarnUnknownCertification, Count: n,
			Message: fmt.Sprintf("%d posts do not say whether their author is certified and no roster was joined: they are counted as \"unknown\", outside the certified vs non-certified comparison.", n)})
	}
	return s
}

// published estimates, from the corpus, the share a published figure
// gives: the months from f.From to f.Until, the figure's group of creators
// ("all" counts the posts of unknown certification too).
func published(a *aggregate, f observatory.PublishedFigure, src observatory.Source) PublishedRow {
	from := int32(f.From.Year()*12 + int(f.From.Month()) - 1)
	until := int32(f.Until.Year()*12 + int(f.Until.Month()) - 1)
	c := a.sum(func(k cellKey) bool {
		if k.month < from || k.month > until {
			return false
		}
		switch f.Group {
		case "certified":
			return k.group == groupCertified
		case "non_certified":
			return k.group == groupNotCertified
		}
		return true
	})
	k, n := c.compliant, c.commercial
	switch f.Metric {
	case "improvable":
		k = c.improvable
	case "non_compliant":
		k = c.nonCompliant
	case "commercial":
		k, n = c.commercial, c.posts
	}
	return PublishedRow{
		PublishedFigure: f,
		From:            f.From.Format(time.DateOnly), Until: f.Until.Format(time.DateOnly),
		SourceTitle: src.Title, SourceURL: src.URL,
		Corpus: stats.CompareWith(int(k), int(n), f.Value),
	}
}

// CutoffOutsideCorpus reports whether the summary's cut-off leaves every
// post on one side.
func (s *Summary) CutoffOutsideCorpus() bool {
	for _, r := range s.Overview {
		if r.Period != "all" && r.Posts == 0 && s.Posts > 0 {
			return true
		}
	}
	return false
}

func sortedKeys[K int32 | string](m map[K]bool) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// AppendFinding appends the JSON line of findings.jsonl for one post:
//
//	{"id":"…","line":12,"platform":"instagram","published_at":"2023-06-10",
//	 "certified":true|false|null,"commercial":true,"disclosure":"improvable",
//	 "sectors":["gambling"],"labels":["…"],
//	 "findings":[{"rule":"…","label":"…","spans":[{"field":"text","start":0,"end":3,"text":"#sp"}]}]}
func AppendFinding(b []byte, p *observatory.Post, r *observatory.Result, group int8) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, p.ID)
	b = append(b, `,"line":`...)
	b = strconv.AppendInt(b, int64(p.Line), 10)
	b = append(b, `,"platform":`...)
	b = appendString(b, p.Platform)
	b = append(b, `,"published_at":"`...)
	b = p.PublishedAt.AppendFormat(b, time.RFC3339)
	b = append(b, `","certified":`...)
	switch group {
	case groupCertified:
		b = append(b, "true"...)
	case groupNotCertified:
		b = append(b, "false"...)
	default:
		b = append(b, "null"...)
	}
	b = append(b, `,"commercial":`...)
	b = strconv.AppendBool(b, r.Commercial)
	b = append(b, `,"disclosure":`...)
	b = appendString(b, string(r.Disclosure))
	b = append(b, `,"sectors":`...)
	b = appendStrings(b, r.Sectors)
	b = append(b, `,"labels":`...)
	b = appendStrings(b, r.Labels)
	b = append(b, `,"findings":[`...)
	for i, f := range r.Findings {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"rule":`...)
		b = appendString(b, f.Rule)
		b = append(b, `,"label":`...)
		b = appendString(b, f.Label)
		b = append(b, `,"spans":[`...)
		for j, sp := range f.Spans {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"field":`...)
			b = appendString(b, sp.Field)
			b = append(b, `,"start":`...)
			b = strconv.AppendInt(b, int64(sp.Start), 10)
			b = append(b, `,"end":`...)
			b = strconv.AppendInt(b, int64(sp.End), 10)
			b = append(b, `,"text":`...)
			b = appendString(b, sp.Text)
			b = append(b, '}')
		}
		b = append(b, "]}"...)
	}
	return append(b, "]}\n"...)
}

func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string; invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, `\u202`...)
			b = append(b, hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
