package analysis

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/creatorclub/creatorclub/observatory"
	"github.com/creatorclub/creatorclub/observatory/stats"
)

// The review sample lets an analyst measure the engine on the corpus at
// hand rather than on the evaluation sets: for each of the engine's
// verdicts, a simple random sample of the posts it gave (a stratified
// sample, the strata being the verdicts), which a person then labels
// without seeing the verdict. Corrected shares for the whole corpus follow
// by weighting each stratum by its size (see stats.StratifiedProportion).
//
// A post is drawn by a hash of its id, so the same corpus gives the same
// sample whatever the number of workers, and a post keeps its place in the
// sample when the corpus is analysed again with other rules, unless its
// verdict changed.

// DefaultReviewSize is the number of posts drawn for each verdict.
const DefaultReviewSize = 100

// ReviewVerdicts are the engine's verdicts, the strata of the review
// sample: a post is either not commercial or commercial with one of the
// three disclosure classes.
var ReviewVerdicts = [4]string{"not_commercial",
	string(observatory.DisclosureCompliant), string(observatory.DisclosureImprovable), string(observatory.DisclosureNonCompliant)}

// Limits of a review post's text fields: long enough for a video's
// description, short enough that a summary stays small.
const (
	reviewTextMax  = 8000
	reviewImageMax = 4000
)

// ReviewSample is the review sample of an analysis.
type ReviewSample struct {
	Strata []ReviewStratum `json:"strata"`
}

// ReviewStratum is one verdict's posts in the corpus and its drawn posts,
// in the order they are to be reviewed.
type ReviewStratum struct {
	Verdict string       `json:"verdict"`
	Posts   int64        `json:"posts"`
	Sample  []ReviewPost `json:"sample"`
}

// ReviewPost is a post drawn for review: what a person needs to judge it,
// and what the engine found, to be shown only once they have.
type ReviewPost struct {
	ID              string    `json:"id"`
	Line            int       `json:"line"`
	Platform        string    `json:"platform"`
	Author          string    `json:"author"`
	Group           string    `json:"group"` // certified, non_certified, unknown
	PublishedAt     time.Time `json:"published_at"`
	URL             string    `json:"url,omitempty"`
	Text            string    `json:"text"`
	ImageText       string    `json:"image_text,omitempty"`
	Hashtags        []string  `json:"hashtags,omitempty"`
	Links           []string  `json:"links,omitempty"`
	PaidPartnership *bool     `json:"paid_partnership,omitempty"`
	// Truncated says that Text or ImageText was cut.
	Truncated bool `json:"truncated,omitempty"`
	// The engine's verdict (one of ReviewVerdicts), labels, sectors and
	// the spans behind its findings (those inside the kept text).
	Verdict string             `json:"verdict"`
	Labels  []string           `json:"labels,omitempty"`
	Sectors []string           `json:"sectors,omitempty"`
	Spans   []observatory.Span `json:"spans,omitempty"`
}

// Stratum returns the stratum of verdict v, or nil.
func (s *ReviewSample) Stratum(v string) *ReviewStratum {
	if s == nil {
		return nil
	}
	for i := range s.Strata {
		if s.Strata[i].Verdict == v {
			return &s.Strata[i]
		}
	}
	return nil
}

// Post returns the drawn post of id, or nil.
func (s *ReviewSample) Post(id string) *ReviewPost {
	if s == nil {
		return nil
	}
	for i := range s.Strata {
		for j := range s.Strata[i].Sample {
			if s.Strata[i].Sample[j].ID == id {
				return &s.Strata[i].Sample[j]
			}
		}
	}
	return nil
}

func newReviewPost(p *observatory.Post, r *observatory.Result, verdict int, group int8) ReviewPost {
	text, cutText := cut(p.Text, reviewTextMax)
	image, cutImage := cut(p.ImageText, reviewImageMax)
	rp := ReviewPost{
		ID: p.ID, Line: p.Line, Platform: p.Platform, Author: p.Author, Group: groupNames[group],
		PublishedAt: p.PublishedAt, URL: p.URL, Text: text, ImageText: image,
		Hashtags: cloneList(p.Hashtags), Links: cloneList(p.Links), Truncated: cutText || cutImage,
		Verdict: ReviewVerdicts[verdict], Labels: cloneList(r.Labels), Sectors: cloneList(r.Sectors),
	}
	if p.PaidPartnership != nil {
		v := *p.PaidPartnership
		rp.PaidPartnership = &v
	}
	for _, f := range r.Findings {
		for _, sp := range f.Spans {
			keep := true
			switch sp.Field {
			case observatory.FieldText:
				keep = sp.End <= len(text)
			case observatory.FieldImage:
				keep = sp.End <= len(image)
			}
			if keep && !slices.Contains(rp.Spans, sp) {
				sp.Text = excerpt(sp.Text, 200)
				rp.Spans = append(rp.Spans, sp)
			}
		}
	}
	return rp
}

// cloneList copies l, nil when empty: a result reused between posts holds
// empty lists that are not nil.
func cloneList(l []string) []string {
	if len(l) == 0 {
		return nil
	}
	return slices.Clone(l)
}

// cut returns s cut to at most n bytes on a rune boundary, copied, and
// whether it was cut.
func cut(s string, n int) (string, bool) {
	if len(s) <= n {
		return excerpt(s, n), false
	}
	out := excerpt(s, n)
	return out[:len(out)-len("…")], true
}

// reviewHash mixes a post's id hash (splitmix64's finaliser), so that the
// review sample is independent of the samples behind the figures and
// well spread even for ids that differ in one digit.
func reviewHash(h uint64) uint64 {
	z := h + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// reviewSample builds the summary's review sample; nil when none was drawn.
func (a *aggregate) reviewSample() *ReviewSample {
	if a.reviewSize <= 0 {
		return nil
	}
	out := &ReviewSample{}
	for v, name := range ReviewVerdicts {
		st := ReviewStratum{Verdict: name, Posts: a.reviewPosts[v], Sample: []ReviewPost{}}
		if a.review[v] != nil {
			st.Sample = a.review[v].sorted()
		}
		out.Strata = append(out.Strata, st)
	}
	return out
}

// ReviewRow is one of the engine's verdicts in the review's results: its
// posts in the corpus, those drawn and reviewed, and how often the
// reviewers agreed with the engine.
type ReviewRow struct {
	Verdict  string     `json:"verdict"`
	Posts    int64      `json:"posts"`
	Drawn    int        `json:"drawn"`
	Reviewed int        `json:"reviewed"`
	Agreed   stats.Rate `json:"agreed"` // reviewed posts the reviewer gave the same verdict
	// ByReviewer counts the reviewed posts by the reviewer's verdict, in the
	// order of ReviewVerdicts.
	ByReviewer [4]int `json:"by_reviewer"`
}

// ReviewEstimate is a share as the engine measured it on the whole corpus
// and as corrected by the reviews.
type ReviewEstimate struct {
	Name      string         `json:"name"` // commercial, compliant, improvable, non_compliant, accuracy
	Engine    float64        `json:"engine"`
	Corrected stats.Estimate `json:"corrected"`
	OK        bool           `json:"ok"` // false: not enough reviews yet
}

// ReviewResults are the engine measured against the reviewers' verdicts on
// the review sample of one corpus.
type ReviewResults struct {
	// At is when the results were added to the report.
	At        time.Time        `json:"at,omitzero"`
	Rows      []ReviewRow      `json:"rows"`
	Drawn     int              `json:"drawn"`
	Reviewed  int              `json:"reviewed"`
	Estimates []ReviewEstimate `json:"estimates"`
	// Agreement between analysts, on the posts read twice; nil when none
	// was.
	Agreement *Agreement `json:"agreement,omitempty"`
	// Sectors measures the engine's restricted sectors against the
	// reviewers' ticks, when some reviews asked about them; SectorsReviewed
	// counts those reviews.
	Sectors         []SectorResult `json:"sectors,omitempty"`
	SectorsReviewed int            `json:"sectors_reviewed,omitempty"`
}

// Agreement is how far two analysts agree on the drawn posts read twice
// (the second reader not seeing the first verdict).
type Agreement struct {
	Posts   int        `json:"posts"`  // read twice
	Agreed  stats.Rate `json:"agreed"` // the same verdict both times
	Kappa   float64    `json:"kappa"`  // Cohen's kappa over the four verdicts
	KappaOK bool       `json:"kappa_ok"`
	// Differ lists the posts whose two verdicts differ, in review order:
	// the ones to settle.
	Differ []string `json:"differ,omitempty"`
}

// Agreement measures the second readings against the first, on the drawn
// posts read twice; both maps hold verdicts by post id (one of
// ReviewVerdicts each). It returns nil when no drawn post was read twice.
func (s *ReviewSample) Agreement(first, second map[string]string) *Agreement {
	table := make([][]int, len(ReviewVerdicts))
	for i := range table {
		table[i] = make([]int, len(ReviewVerdicts))
	}
	var out Agreement
	agreed := 0
	for _, p := range s.Order() {
		a, b := slices.Index(ReviewVerdicts[:], first[p.ID]), slices.Index(ReviewVerdicts[:], second[p.ID])
		if a < 0 || b < 0 {
			continue
		}
		out.Posts++
		table[a][b]++
		if a == b {
			agreed++
		} else {
			out.Differ = append(out.Differ, p.ID)
		}
	}
	if out.Posts == 0 {
		return nil
	}
	out.Agreed = stats.NewRate(agreed, out.Posts)
	out.Kappa, _, out.KappaOK = stats.Kappa(table)
	return &out
}

// Results measures the engine against verdicts, the reviewers' verdicts by
// post id (one of ReviewVerdicts each; posts outside the sample are
// ignored, since only the sample is drawn at random). The shares are
// corrected by weighting each verdict's stratum by its posts in the corpus
// (stats.StratifiedProportion, stats.StratifiedRatio): the share of
// commercial posts among all, of each disclosure class among commercial
// posts, and the accuracy (the share of the corpus's posts whose verdict
// the reviewers would confirm).
func (s *ReviewSample) Results(verdicts map[string]string) ReviewResults {
	var out ReviewResults
	var commercial, accuracy []stats.StratumCount
	var classes [3][]stats.RatioCount
	var total int64
	var engine [4]int64
	for v, name := range ReviewVerdicts {
		row := ReviewRow{Verdict: name}
		if st := s.Stratum(name); st != nil {
			row.Posts, row.Drawn = st.Posts, len(st.Sample)
			for _, p := range st.Sample {
				rv, ok := verdicts[p.ID]
				k := slices.Index(ReviewVerdicts[:], rv)
				if !ok || k < 0 {
					continue
				}
				row.Reviewed++
				row.ByReviewer[k]++
			}
		}
		row.Agreed = stats.NewRate(row.ByReviewer[v], row.Reviewed)
		engine[v], total = row.Posts, total+row.Posts
		out.Drawn += row.Drawn
		out.Reviewed += row.Reviewed
		out.Rows = append(out.Rows, row)
		n := int(row.Posts)
		commercial = append(commercial, stats.StratumCount{Posts: n, Reviewed: row.Reviewed, Yes: row.Reviewed - row.ByReviewer[0]})
		accuracy = append(accuracy, stats.StratumCount{Posts: n, Reviewed: row.Reviewed, Yes: row.ByReviewer[v]})
		for c := range classes {
			classes[c] = append(classes[c], stats.RatioCount{Posts: n, Reviewed: row.Reviewed, Num: row.ByReviewer[c+1], Den: row.Reviewed - row.ByReviewer[0]})
		}
	}
	share := func(num, den int64) float64 {
		if den == 0 {
			return 0
		}
		return float64(num) / float64(den)
	}
	engCommercial := engine[1] + engine[2] + engine[3]
	est, ok := stats.StratifiedProportion(commercial)
	out.Estimates = append(out.Estimates, ReviewEstimate{Name: "commercial", Engine: share(engCommercial, total), Corrected: est, OK: ok})
	for c := range classes {
		est, ok := stats.StratifiedRatio(classes[c])
		out.Estimates = append(out.Estimates, ReviewEstimate{Name: ReviewVerdicts[c+1], Engine: share(engine[c+1], engCommercial), Corrected: est, OK: ok})
	}
	est, ok = stats.StratifiedProportion(accuracy)
	out.Estimates = append(out.Estimates, ReviewEstimate{Name: "accuracy", Engine: 1, Corrected: est, OK: ok})
	return out
}

// Order returns the drawn posts in the order they are to be reviewed: the
// first of each verdict, then the second of each, and so on, so that every
// stratum advances together and the reviewed posts of each are always the
// first of its random order (a simple random sample, whenever one stops).
func (s *ReviewSample) Order() []*ReviewPost {
	var out []*ReviewPost
	for i := 0; ; i++ {
		added := false
		for j := range s.Strata {
			if i < len(s.Strata[j].Sample) {
				out = append(out, &s.Strata[j].Sample[i])
				added = true
			}
		}
		if !added {
			return out
		}
	}
}

// ReviewLabel is a person's verdict on a drawn post (one of
// ReviewVerdicts), with their note and when they gave it.
type ReviewLabel struct {
	Verdict, Note string
	At            time.Time
	// Sectors are the sectors the reviewer ticked; nil when the review did
	// not label them (reviews made before the form asked).
	Sectors []string
}

// EvalSetCounts says how many reviewed posts an evaluation set holds and
// how many it leaves out.
type EvalSetCounts struct {
	Written int
	// Truncated posts were cut for the review: the engine would read
	// another text than the one reviewed.
	Truncated int
	// Unsettled posts have a second reading that differs from the first:
	// they wait until the analysts agree.
	Unsettled int
}

// WriteEvalSet writes the reviewed posts, in review order, as an
// evaluation set: JSON Lines in the schema of observatory.EvalPost, which
// `creatorclub observatory eval` scores any rule file on. Each line's
// expected verdict is the first reading (first, by post id), with the
// sectors the reviewer ticked when they were asked; image labels are left
// out, as the review does not label them, and so are sectors it did not
// label: they are not scored. A post cut for the review, or whose second reading
// (second, by post id: those of the posts not settled) differs from its
// label, is left out and counted.
// source names the analysis in each line's note.
//
// The posts were drawn for each engine verdict in proportions that are not
// the corpus's, so scores on such a set compare rule files on this
// corpus's hard cases; the corrected shares of Results, not these scores,
// measure the engine on the corpus.
func (s *ReviewSample) WriteEvalSet(w io.Writer, first map[string]ReviewLabel, second map[string]string, source string) (EvalSetCounts, error) {
	var n EvalSetCounts
	if s == nil {
		return n, nil
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, p := range s.Order() {
		l, ok := first[p.ID]
		if !ok {
			continue
		}
		switch v, read := second[p.ID]; {
		case p.Truncated:
			n.Truncated++
			continue
		case read && v != l.Verdict:
			n.Unsettled++
			continue
		}
		ep := observatory.EvalPost{ID: p.ID, Platform: p.Platform, Author: p.Author, Text: p.Text,
			Hashtags: p.Hashtags, Links: p.Links, PaidPartnership: p.PaidPartnership, URL: p.URL, ImageText: p.ImageText}
		if !p.PublishedAt.IsZero() {
			ep.PublishedAt = p.PublishedAt.Format(time.RFC3339)
		}
		switch p.Group {
		case "certified", "non_certified":
			c := p.Group == "certified"
			ep.Certified = &c
		}
		if l.Verdict != ReviewVerdicts[0] {
			ep.Expect.Commercial, ep.Expect.Disclosure = true, l.Verdict
		}
		if l.Sectors != nil {
			ep.Expect.Sectors = append([]string{}, l.Sectors...)
		}
		ep.Note = fmt.Sprintf("%s, reviewed %s; the engine said %s", source, l.At.UTC().Format(time.DateOnly), p.Verdict)
		if l.Note != "" {
			ep.Note += "; reviewer: " + l.Note
		}
		if err := enc.Encode(&ep); err != nil {
			return n, err
		}
		n.Written++
	}
	return n, nil
}

// SectorResult is a restricted sector measured against the reviewers,
// who tick the sectors a drawn post promotes as they give their verdict.
type SectorResult struct {
	Sector string  `json:"sector"`
	Engine float64 `json:"engine"` // the engine's share of the corpus's posts
	// Corrected is the share of the corpus's posts promoting the sector,
	// estimated from the reviewers' ticks by verdict stratum.
	Corrected stats.Estimate `json:"corrected"`
	OK        bool           `json:"ok"`
	// Reviewed counts the drawn posts whose sectors were reviewed; Both,
	// EngineOnly and ReviewerOnly split those where the engine, the
	// reviewer or both found the sector.
	Reviewed     int `json:"reviewed"`
	Both         int `json:"both"`
	EngineOnly   int `json:"engine_only"`
	ReviewerOnly int `json:"reviewer_only"`
}

// SectorResults measures the engine's sectors against the reviewers'.
// sectors names the rule set's sectors in order; engine gives the
// engine's share of each over the corpus (Summary.Sectors); labels holds,
// by post id, the sectors a reviewer ticked, for the posts whose sectors
// were reviewed (an empty list: none). The corrected share weights each
// verdict stratum by its posts in the corpus, as Results does: the sample
// was not drawn by sector, so a rare sector's interval stays wide.
func (s *ReviewSample) SectorResults(sectors []string, engine map[string]float64, labels map[string][]string) []SectorResult {
	out := make([]SectorResult, 0, len(sectors))
	for _, sector := range sectors {
		r := SectorResult{Sector: sector, Engine: engine[sector]}
		var strata []stats.StratumCount
		for _, name := range ReviewVerdicts {
			st := s.Stratum(name)
			if st == nil {
				continue
			}
			c := stats.StratumCount{Posts: int(st.Posts)}
			for _, p := range st.Sample {
				l, ok := labels[p.ID]
				if !ok {
					continue
				}
				c.Reviewed++
				byReviewer, byEngine := slices.Contains(l, sector), slices.Contains(p.Sectors, sector)
				if byReviewer {
					c.Yes++
				}
				switch {
				case byReviewer && byEngine:
					r.Both++
				case byEngine:
					r.EngineOnly++
				case byReviewer:
					r.ReviewerOnly++
				}
			}
			r.Reviewed += c.Reviewed
			strata = append(strata, c)
		}
		r.Corrected, r.OK = stats.StratifiedProportion(strata)
		out = append(out, r)
	}
	return out
}
