package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub/observatory"
	"github.com/creatorclub/creatorclub/observatory/analysis"
	"github.com/creatorclub/creatorclub/observatory/gen"
	"github.com/creatorclub/creatorclub/observatory/stats"
)

// tokenEngine calls a post commercial when it mentions a brand (@), compliant
// when it says "Publicité", improvable with "#sp", and gambling with "Paris sportifs".
type tokenEngine struct{}

func (tokenEngine) Analyze(p *observatory.Post) observatory.Result {
	r := observatory.Result{PostID: p.ID}
	if i := strings.Index(p.Text, "@"); i >= 0 && len(p.Mentions) > 0 {
		r.Commercial = true
		r.Labels = []string{"commercial.brand"}
		r.Findings = []observatory.Finding{{Rule: "brand", Label: "commercial.brand", Spans: []observatory.Span{{Field: "text", Start: i, End: i + 1, Text: "@<b>"}}}}
		switch {
		case strings.Contains(p.Text, "Publicité"):
			r.Disclosure = observatory.DisclosureCompliant
		case strings.Contains(p.Text, "#sp"):
			r.Disclosure = observatory.DisclosureImprovable
		default:
			r.Disclosure = observatory.DisclosureNonCompliant
		}
	}
	if strings.Contains(p.Text, "Paris sportifs") {
		r.Sectors = []string{"gambling"}
	}
	return r
}

func summary(t *testing.T) *analysis.Summary {
	t.Helper()
	var corpus bytes.Buffer
	if err := gen.Write(&corpus, gen.Options{N: 5000, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	opts := analysis.Options{Name: "gen-5000.jsonl", SampleSize: 3}
	opts.DescribeRules(observatory.DefaultRules())
	s, err := analysis.Run(context.Background(), &corpus, tokenEngine{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestWrite(t *testing.T) {
	s := summary(t)
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, s, "fr"); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, want := range []string{
		"Observatoire de l&#39;influence responsable", "gen-5000.jsonl", "Conforme", "Améliorable", "Non conforme",
		"Jeux d&#39;argent et paris sportifs", "Les publications derrière les chiffres", "différence de différences",
		"&lt;b&gt;", // spans are escaped
		"Comparaison avec les chiffres publiés", "Contenus commerciaux conformes, 1er semestre 2023, tous créateurs (ARPP)",
		`href="https://cbnews.fr/`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if n := strings.Count(html, "<svg"); n != 6 {
		t.Errorf("%d charts, want 6 (classes, months, certified, platforms, sectors, published figures)", n)
	}
	if strings.Contains(html, "@<b>") {
		t.Error("unescaped span in report.html")
	}
	for _, ext := range []string{"<script src", "<link ", "<img "} {
		if strings.Contains(html, ext) {
			t.Errorf("report.html is not self-contained: %s", ext)
		}
	}

	var back analysis.Summary
	data, _ := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err := json.Unmarshal(data, &back); err != nil || back.Posts != 5000 || len(back.Months) != len(s.Months) {
		t.Errorf("summary.json: %v, %d posts", err, back.Posts)
	}

	for _, name := range append(Tables, SamplesFile) {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := map[string]int{"overview.csv": 3, "months.csv": len(s.Months), "platforms.csv": len(s.Platforms), "did.csv": len(s.DiD), "bad_records.csv": 0,
			"published.csv": len(observatory.DefaultRules().Published())}
		if n, ok := want[name]; ok && len(rows)-1 != n {
			t.Errorf("%s has %d rows, want %d", name, len(rows)-1, n)
		}
		if name != "bad_records.csv" && len(rows) < 2 {
			t.Errorf("%s is empty", name)
		}
	}
	// The overview's "all" row carries the counts of the summary.
	f, _ := os.Open(filepath.Join(dir, "overview.csv"))
	rows, _ := csv.NewReader(f).ReadAll()
	f.Close()
	if rows[1][0] != "all" || rows[1][2] != "5000" || rows[1][3] != itoa(s.Overview[0].Commercial.K) {
		t.Errorf("overview row %v", rows[1])
	}
	// No temporary file is left behind.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left %s", e.Name())
		}
	}
}

func TestHTMLEnglishAndEmptyCorpus(t *testing.T) {
	s, err := analysis.Run(context.Background(), strings.NewReader(""), tokenEngine{}, analysis.Options{Format: "jsonl", Name: "empty"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := HTML(&buf, s, "en"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "No post could be read") || !strings.Contains(buf.String(), "Observatory of responsible influence") {
		t.Errorf("empty report:\n%.2000s", buf.String())
	}
}

func TestPublicHTMLLeavesOutThePosts(t *testing.T) {
	s := summary(t)
	var full, public bytes.Buffer
	if err := HTML(&full, s, "fr"); err != nil {
		t.Fatal(err)
	}
	if err := PublicHTML(&public, s, "fr"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(full.String(), "Les publications derrière les chiffres") || strings.Contains(public.String(), "Les publications derrière les chiffres") {
		t.Error("samples in the public report or missing from the full one")
	}
	for _, sample := range s.Samples {
		for _, p := range sample {
			if strings.Contains(public.String(), "@"+p.Author+"<") {
				t.Fatalf("public report names author %s", p.Author)
			}
		}
	}
	if strings.Count(public.String(), "<svg") != 6 {
		t.Error("public report lost its charts")
	}
}

// TestReportStatesRulesAccuracy: the method section states the accuracy
// the rule file records, in the report's language; without it, nothing.
func TestReportStatesRulesAccuracy(t *testing.T) {
	s := summary(t)
	s.RulesEvaluation = nil
	var without bytes.Buffer
	if err := HTML(&without, s, "fr"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(without.String(), `id="rules-evaluation"`) {
		t.Error("an accuracy is stated for rules that record none")
	}
	s.RulesVersion = "2026-11-28.4"
	s.RulesEvaluation = &observatory.RulesEvaluation{Set: "heldout4.jsonl", Posts: 320, CommercialF1: 0.988, DisclosureAccuracy: 0.975, Measured: "2026-11-28",
		SectorF1: map[string]float64{"nicotine": 0.889, "gambling": 0.786}, SectorPosts: map[string]int{"nicotine": 10, "gambling": 13}}
	for lang, want := range map[string][]string{
		"fr": {"Exactitude des règles 2026-11-28.4", "320 publications", "F1 de 0,988", "97,5",
			"Les secteurs sont reconnus moins sûrement", "Jeux d'argent et paris sportifs 0,786 (13 publications), Produits à la nicotine 0,889 (10 publications)"},
		"en": {"Accuracy of rules 2026-11-28.4", "320 hand-labelled posts", "F1 of 0.988", "97.5",
			"Sectors are recognised less surely", "Gambling and sports betting 0.786 (13 posts), Nicotine products 0.889 (10 posts)"},
	} {
		var out bytes.Buffer
		if err := HTML(&out, s, lang); err != nil {
			t.Fatal(err)
		}
		i := strings.Index(out.String(), `id="rules-evaluation"`)
		if i < 0 {
			t.Fatalf("%s: no accuracy stated", lang)
		}
		line := html.UnescapeString(out.String()[i:min(len(out.String()), i+1200)])
		for _, w := range want {
			if !strings.Contains(line, w) {
				t.Errorf("%s: %q lacks %q", lang, line, w)
			}
		}
	}
}

// TestPublishedFiguresReading: each published figure is read as consistent,
// higher or lower (exact test at 5 %), or as having nothing to count, in
// the report's language, in the full and the public report.
func TestPublishedFiguresReading(t *testing.T) {
	s := summary(t)
	s.Published = nil
	for _, c := range []struct {
		id   string
		k, n int
		p0   float64
	}{{"agrees", 59, 100, 0.6}, {"higher", 80, 100, 0.6}, {"lower", 40, 100, 0.6}, {"empty", 0, 0, 0.6}} {
		s.Published = append(s.Published, analysis.PublishedRow{
			PublishedFigure: observatory.PublishedFigure{ID: c.id, Metric: "compliant", Group: "all", Value: c.p0, Source: "src",
				TitleFR: "Chiffre " + c.id, TitleEN: "Figure " + c.id},
			From: "2023-01-01", Until: "2023-06-30", SourceURL: "https://example.org/" + c.id,
			Corpus: stats.CompareWith(c.k, c.n, c.p0),
		})
	}
	for lang, want := range map[string][]string{
		"fr": {"Chiffre agrees</td>", "janv.–juin 2023", "compatible avec le chiffre publié", ">example.org</a>", "Chiffre higher</td>", "plus élevé que le chiffre publié",
			"Chiffre lower</td>", "plus bas que le chiffre publié", "Chiffre empty</td>", "aucune publication à compter"},
		"en": {"Figure agrees</td>", "Jan–Jun 2023", "consistent with the published figure", ">example.org</a>", "Figure higher</td>", "higher than the published figure",
			"Figure lower</td>", "lower than the published figure", "Figure empty</td>", "no post to count"},
	} {
		for _, public := range []bool{false, true} {
			var out bytes.Buffer
			write := HTML
			if public {
				write = PublicHTML
			}
			if err := write(&out, s, lang); err != nil {
				t.Fatal(err)
			}
			page := html.UnescapeString(out.String())
			i := strings.Index(page, `id="h-published"`)
			if i < 0 {
				t.Fatalf("%s (public %v): no published figures section", lang, public)
			}
			section := page[i:]
			chart := section[:strings.Index(section, "<table>")]
			section = section[len(chart):]
			section = section[:strings.Index(section, "</table>")]
			// The chart draws each figure: a diamond for the published
			// share, a dot for the corpus's estimate where there is one.
			if n, m := strings.Count(chart, "<circle"), strings.Count(chart, "Z\" fill="); !strings.Contains(chart, "<svg") || n != 3 || m != 4 {
				t.Errorf("%s (public %v): chart with %d estimates and %d published shares, want 3 and 4", lang, public, n, m)
			}
			last := 0
			for _, w := range want {
				j := strings.Index(section, w)
				if j < last {
					t.Errorf("%s (public %v): %q missing or out of order", lang, public, w)
					continue
				}
				last = j
			}
			if n := strings.Count(section, `class="differs"`); n != 2 {
				t.Errorf("%s: %d rows marked as differing, want 2", lang, n)
			}
		}
	}
}

func TestMonthRange(t *testing.T) {
	for _, c := range []struct{ from, until, lang, want string }{
		{"2023-01-01", "2023-06-30", "fr", "janv.–juin 2023"},
		{"2023-01-01", "2023-06-30", "en", "Jan–Jun 2023"},
		{"2023-07-01", "2024-06-30", "fr", "juil. 2023 – juin 2024"},
		{"2023-05-01", "2023-05-31", "en", "May 2023"},
		{"2023-08-01", "2023-12-31", "fr", "août–déc. 2023"},
	} {
		if got := monthRange(c.from, c.until, c.lang); got != c.want {
			t.Errorf("monthRange(%s, %s, %s) = %q, want %q", c.from, c.until, c.lang, got, c.want)
		}
	}
}

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n        int64
		lang, ok string
	}{{0, "fr", "0"}, {999, "fr", "999"}, {25158, "fr", "25\u202f158"}, {1000000, "en", "1,000,000"}, {-1234, "en", "-1,234"}} {
		if got := (numFormat{c.lang}).count(c.n); got != c.ok {
			t.Errorf("count(%d, %s) = %q, want %q", c.n, c.lang, got, c.ok)
		}
	}
}

// TestReportShowsHumanReview: once staff added the review, the full and the
// public report show the corrected shares with their intervals and the
// agreement by verdict, in the report's language; without reviews, no
// section.
func TestReportShowsHumanReview(t *testing.T) {
	s := summary(t)
	render := func(public bool, lang string) string {
		var b bytes.Buffer
		write := HTML
		if public {
			write = PublicHTML
		}
		if err := write(&b, s, lang); err != nil {
			t.Fatal(err)
		}
		return html.UnescapeString(b.String())
	}
	if strings.Contains(render(false, "fr"), `id="h-review"`) {
		t.Fatal("a review section without a review")
	}
	// Ten posts of each verdict, all confirmed but one "compliant" post
	// that the analysts found improvable.
	verdicts := map[string]string{}
	for _, st := range s.Review.Strata {
		for i, p := range st.Sample[:10] {
			verdicts[p.ID] = st.Verdict
			if st.Verdict == "compliant" && i == 0 {
				verdicts[p.ID] = "improvable"
			}
		}
	}
	res := s.Review.Results(verdicts)
	res.At = time.Date(2026, 11, 28, 17, 0, 0, 0, time.UTC)
	res.Agreement = &analysis.Agreement{Posts: 12, Agreed: stats.NewRate(9, 12), Kappa: 0.612, KappaOK: true}
	s.ReviewResults = &res
	var compliant analysis.ReviewEstimate
	for _, e := range res.Estimates {
		if e.Name == "compliant" {
			compliant = e
		}
	}
	if !compliant.OK {
		t.Fatalf("estimates %+v", res.Estimates)
	}
	nf := numFormat{"fr"}
	want := fmt.Sprintf("%s [%s – %s]", nf.pct(compliant.Corrected.Value), nf.pct(compliant.Corrected.Low), nf.pct(compliant.Corrected.High))
	for _, public := range []bool{false, true} {
		fr, en := render(public, "fr"), render(public, "en")
		if !strings.Contains(fr, "Vérification humaine") || !strings.Contains(fr, "sur 40 publications tirées au hasard") || !strings.Contains(fr, "2026-11-28") || !strings.Contains(fr, want) {
			t.Errorf("public %v, French: no review section or no corrected share %q", public, want)
		}
		if !strings.Contains(fr, "<td>Conforme</td><td class=\"num\">"+nf.count(int64(res.Rows[1].Posts))+"</td><td class=\"num\">10</td><td class=\"num\">"+nf.pct(0.9)) {
			t.Errorf("public %v: the compliant stratum's agreement is missing", public)
		}
		if !strings.Contains(fr, "Un second analyste a relu 12 de ces publications") || !strings.Contains(fr, "même verdict dans "+nf.pct(0.75)) || !strings.Contains(fr, "Kappa de Cohen : 0,612") {
			t.Errorf("public %v: no agreement between analysts", public)
		}
		if !strings.Contains(en, "Human review") || !strings.Contains(en, "Corrected") || !strings.Contains(en, "Compliant, of commercial posts") || !strings.Contains(en, "Cohen's kappa: 0.612") {
			t.Errorf("public %v, English: no review section", public)
		}
		if strings.Contains(fr, `id="review-sectors"`) {
			t.Errorf("public %v: a sector table without sectors reviewed", public)
		}
	}
	// The reviewers ticked sectors: the section measures them too.
	res.Sectors = []analysis.SectorResult{
		{Sector: "gambling", Engine: 0.05, Corrected: stats.Estimate{Value: 0.0612, Low: 0.031, High: 0.117}, OK: true, Reviewed: 40, Both: 3, EngineOnly: 1, ReviewerOnly: 2},
		{Sector: "nicotine", Engine: 0.01, Reviewed: 40},
	}
	res.SectorsReviewed = 40
	for _, public := range []bool{false, true} {
		fr, en := render(public, "fr"), render(public, "en")
		if !strings.Contains(fr, `<tr data-sector="gambling"><td>Jeux d'argent et paris sportifs</td><td class="num">`+nf.pct(0.05)+`</td><td class="num">`+nf.pct(0.0612)+" ["+nf.pct(0.031)+" – "+nf.pct(0.117)+`]</td><td class="num">3</td><td class="num">1</td><td class="num">2</td></tr>`) ||
			!strings.Contains(fr, "cochés sur 40 publications vérifiées") {
			t.Errorf("public %v, French: no sector row", public)
		}
		if !strings.Contains(fr, `<tr data-sector="nicotine"><td>Produits à la nicotine</td><td class="num">`+nf.pct(0.01)+`</td><td class="num"><small>pas assez de vérifications</small>`) {
			t.Errorf("public %v: a sector without an estimate", public)
		}
		if !strings.Contains(en, "Gambling and sports betting") || !strings.Contains(en, "By the analyst only") {
			t.Errorf("public %v, English: no sector table", public)
		}
	}
}
