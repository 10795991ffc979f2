package report

import (
	"bytes"
	"html"
	"strings"
	"testing"

	"github.com/creatorclub/creatorclub/observatory/analysis"
	"github.com/creatorclub/creatorclub/observatory/stats"
)

func TestCompareHTML(t *testing.T) {
	rate := func(k, n int) stats.Rate { return stats.NewRate(k, n) }
	row := func(posts, commercial, compliant int) analysis.GroupRow {
		return analysis.GroupRow{Key: "all", Period: "all", Posts: int64(posts), Commercial: rate(commercial, posts),
			Compliant: rate(compliant, commercial), Improvable: rate(0, commercial), NonCompliant: rate(commercial-compliant, commercial), Restricted: rate(0, posts)}
	}
	a := &analysis.Summary{Corpus: "Instagram 2024", RulesVersion: "r1", Posts: 2000, Overview: []analysis.GroupRow{row(2000, 1000, 500)},
		Sectors: []analysis.LabelRow{{Label: "gambling", All: rate(40, 2000)}}}
	b := &analysis.Summary{Corpus: "Instagram 2025", RulesVersion: "r1", Posts: 2000, Overview: []analysis.GroupRow{row(2000, 1000, 650)}}
	c := analysis.CompareCorpora(a, b)

	var out bytes.Buffer
	if err := CompareHTML(&out, c, "fr"); err != nil {
		t.Fatal(err)
	}
	// Numbers keep their non-breaking spaces; the test reads the text.
	text := func() string {
		return strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(html.UnescapeString(out.String()))
	}
	page := text()
	for _, want := range []string{
		"Comparaison de deux corpus", "Instagram 2024", "Instagram 2025",
		// Compliant: 50 % → 65 % of 1,000 commercial posts each, p < 0.001.
		"50,0 %", "65,0 %", "+15,0 pts", "plus élevé dans B",
		// Non-compliant falls by as much.
		"plus bas dans B",
		// Commercial: 1,000 of 2,000 in both.
		"pas d'écart établi",
		// Gambling: 40 of 2,000 in A, none of B's 2,000 posts.
		"Jeux d'argent",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("French page lacks %q", want)
		}
	}
	if strings.Contains(page, `id="rules-differ"`) {
		t.Error("same rules flagged as different")
	}
	// Two charts, each a bar per corpus for every share it shows.
	if n := strings.Count(page, "<svg"); n != 2 {
		t.Errorf("%d charts, want 2 (shares and sectors)", n)
	}
	if !strings.Contains(page, "Conforme — A — Instagram 2024: 50,0 %") || !strings.Contains(page, "Conforme — B — Instagram 2025: 65,0 %") {
		t.Error("the chart's bars should name their share and corpus")
	}

	b.RulesVersion = "r2"
	out.Reset()
	if err := CompareHTML(&out, analysis.CompareCorpora(a, b), "en"); err != nil {
		t.Fatal(err)
	}
	page = text()
	for _, want := range []string{"Two corpora compared", `id="rules-differ"`, "higher in B", "lower in B", "+15.0 pp"} {
		if !strings.Contains(page, want) {
			t.Errorf("English page lacks %q", want)
		}
	}

	// With an empty corpus, the page says there is nothing to compare.
	out.Reset()
	empty := &analysis.Summary{Corpus: "vide", Overview: []analysis.GroupRow{{Key: "all", Period: "all"}}}
	if err := CompareHTML(&out, analysis.CompareCorpora(a, empty), "fr"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Rien à comparer") {
		t.Error("an empty corpus should leave nothing to compare")
	}
}
