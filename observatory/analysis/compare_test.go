package analysis

import (
	"context"
	"math"
	"strings"
	"testing"
)

func TestCompareCorpora(t *testing.T) {
	run := func(lines ...string) *Summary {
		t.Helper()
		s, err := Run(context.Background(), strings.NewReader(strings.Join(lines, "\n")), &fakeEngine{}, Options{Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// Last year: 4 posts, 3 commercial (1 compliant), 1 about betting;
	// certified creators only.
	a := run(
		line("1", "instagram", "lea", "2024-02-01", "AD C", &yes),
		line("2", "instagram", "lea", "2024-03-01", "AD I", &yes),
		line("3", "instagram", "lea", "2024-04-01", "AD BET", &yes),
		line("4", "instagram", "lea", "2024-05-01", "hello", &yes),
	)
	// This year: 5 posts, 4 commercial (3 compliant), none about betting;
	// certified and non-certified creators.
	b := run(
		line("1", "tiktok", "lea", "2025-02-01", "AD C", &yes),
		line("2", "tiktok", "lea", "2025-03-01", "AD C", &yes),
		line("3", "tiktok", "max", "2025-04-01", "AD C", &no),
		line("4", "tiktok", "max", "2025-05-01", "AD", &no),
		line("5", "tiktok", "max", "2025-06-01", "hello", &no),
	)
	c := CompareCorpora(a, b)
	if c.A.Posts != 4 || c.B.Posts != 5 || !c.SameRules {
		t.Errorf("sides: %+v %+v, same rules %v", c.A, c.B, c.SameRules)
	}
	find := func(metric, sector, group string) (CrossRow, bool) {
		for _, r := range c.Rows {
			if r.Metric == metric && r.Sector == sector && r.Group == group {
				return r, true
			}
		}
		return CrossRow{}, false
	}
	for _, tt := range []struct {
		metric, sector, group string
		ka, na, kb, nb        int
	}{
		{"commercial", "", "all", 3, 4, 4, 5},
		{"compliant", "", "all", 1, 3, 3, 4},
		{"non_compliant", "", "all", 1, 3, 1, 4},
		{"compliant", "", "certified", 1, 3, 2, 2},
		{"sector", "gambling", "all", 1, 4, 0, 5}, // no row in b's summary: none of its 5 posts
	} {
		r, ok := find(tt.metric, tt.sector, tt.group)
		if !ok {
			t.Errorf("no row %s %s %s", tt.metric, tt.sector, tt.group)
			continue
		}
		if r.Before.K != tt.ka || r.Before.N != tt.na || r.After.K != tt.kb || r.After.N != tt.nb {
			t.Errorf("%s %s %s: %d/%d → %d/%d, want %d/%d → %d/%d", tt.metric, tt.sector, tt.group,
				r.Before.K, r.Before.N, r.After.K, r.After.N, tt.ka, tt.na, tt.kb, tt.nb)
		}
	}
	// Corpus A has no non-certified creator: no row for them.
	if _, ok := find("commercial", "", "non_certified"); ok {
		t.Error("a group one corpus lacks should have no row")
	}
	// The test, by hand: compliant 1/3 against 3/4, pooled p = 4/7,
	// z = (3/4 − 1/3) / √(p(1−p)(1/3 + 1/4)).
	r, _ := find("compliant", "", "all")
	p := 4.0 / 7
	z := (0.75 - 1.0/3) / math.Sqrt(p*(1-p)*(1.0/3+1.0/4))
	if math.Abs(r.Diff-(0.75-1.0/3)) > 1e-12 || math.Abs(r.Z-z) > 1e-9 || !r.Testable {
		t.Errorf("compliant: diff %v z %v, want %v and %v", r.Diff, r.Z, 0.75-1.0/3, z)
	}

	// Different rule files are flagged.
	b.RulesVersion = "other"
	if CompareCorpora(a, b).SameRules {
		t.Error("different rule versions should be flagged")
	}
	// An empty corpus gives no row, rather than rates over nothing.
	empty := &Summary{Overview: []GroupRow{{Key: "all", Period: "all"}}}
	if rows := CompareCorpora(a, empty).Rows; len(rows) != 0 {
		t.Errorf("against an empty corpus: %d rows", len(rows))
	}
}
