package analysis

import (
	"encoding/json"
	"errors"
	"io"
	"slices"
	"time"

	"github.com/creatorclub/creatorclub/observatory/stats"
)

// Comparing two corpora: each year the organisation studies a new corpus,
// and an analyst wants to know whether this year's posts are better
// disclosed than last year's, not only whether each year's are better
// than before the law. CompareCorpora sets the shares of two summaries
// side by side, over each corpus's whole period, with a two-proportion
// test of every difference.

// ComparedCorpus says which corpus a side of a comparison is.
type ComparedCorpus struct {
	Corpus       string    `json:"corpus"`
	RulesVersion string    `json:"rules_version"`
	First        time.Time `json:"first"`
	Last         time.Time `json:"last"`
	Posts        int64     `json:"posts"`
}

// CrossRow is one share in both corpora. Before is corpus A's rate, After
// corpus B's, and the test is B − A.
type CrossRow struct {
	// Metric is commercial, compliant, improvable, non_compliant or
	// restricted (as in the before/after tests), or "sector" with Sector
	// set.
	Metric string `json:"metric"`
	Sector string `json:"sector,omitempty"`
	// Group is all, certified or non_certified.
	Group string `json:"group"`
	stats.Comparison
}

// CorpusComparison is corpus B set against corpus A.
type CorpusComparison struct {
	A ComparedCorpus `json:"a"`
	B ComparedCorpus `json:"b"`
	// SameRules is false when the two were analysed with different rule
	// files: a difference may then come from the rules rather than from
	// the posts, and the older corpus should be analysed again.
	SameRules bool       `json:"same_rules"`
	Rows      []CrossRow `json:"rows"`
}

// CompareCorpora compares the summaries of two analyses over their whole
// periods: the overview's shares, the same for certified and non-certified
// creators when both corpora have some, and each restricted sector.
func CompareCorpora(a, b *Summary) *CorpusComparison {
	side := func(s *Summary) ComparedCorpus {
		return ComparedCorpus{Corpus: s.Corpus, RulesVersion: s.RulesVersion, First: s.First, Last: s.Last, Posts: s.Posts}
	}
	c := &CorpusComparison{A: side(a), B: side(b), SameRules: a.RulesVersion == b.RulesVersion, Rows: []CrossRow{}}
	compare := func(metric, sector, group string, ra, rb stats.Rate) {
		c.Rows = append(c.Rows, CrossRow{Metric: metric, Sector: sector, Group: group, Comparison: stats.Compare(ra.K, ra.N, rb.K, rb.N)})
	}
	for _, group := range []string{"all", "certified", "non_certified"} {
		ra, oka := wholePeriod(a, group)
		rb, okb := wholePeriod(b, group)
		if !oka || !okb || ra.Posts == 0 || rb.Posts == 0 {
			continue
		}
		for _, m := range metrics {
			compare(m.name, "", group, m.rate(ra), m.rate(rb))
		}
	}
	// A sector no post of a corpus promotes has no row in its summary:
	// none of its posts, then.
	var sectors []string
	for _, s := range [][]LabelRow{a.Sectors, b.Sectors} {
		for _, r := range s {
			if !slices.Contains(sectors, r.Label) {
				sectors = append(sectors, r.Label)
			}
		}
	}
	slices.Sort(sectors)
	share := func(s *Summary, sector string) stats.Rate {
		for _, r := range s.Sectors {
			if r.Label == sector {
				return r.All
			}
		}
		return stats.NewRate(0, int(s.Posts))
	}
	if a.Posts > 0 && b.Posts > 0 {
		for _, sector := range sectors {
			compare("sector", sector, "all", share(a, sector), share(b, sector))
		}
	}
	return c
}

// wholePeriod returns the row of a group over the corpus's whole period.
func wholePeriod(s *Summary, group string) (GroupRow, bool) {
	rows := s.Certified
	if group == "all" {
		rows = s.Overview
	}
	for _, r := range rows {
		if r.Key == group && r.Period == "all" {
			return r, true
		}
	}
	return GroupRow{}, false
}

// ReadSummary reads a summary.json written by an analysis, and says so
// when the JSON is something else.
func ReadSummary(r io.Reader) (*Summary, error) {
	var s Summary
	if err := json.NewDecoder(r).Decode(&s); err != nil {
		return nil, err
	}
	if len(s.Overview) == 0 {
		return nil, errors.New("not a report summary (no overview)")
	}
	return &s, nil
}
