package analysis

import (
	"slices"
	"time"

	"github.com/creatorclub/creatorclub/observatory"
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
