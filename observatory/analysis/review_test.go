package analysis

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub/observatory"
	"github.com/creatorclub/creatorclub/observatory/gen"
	"github.com/creatorclub/creatorclub/observatory/ingest"
	"github.com/creatorclub/creatorclub/observatory/stats"
)

// TestReviewSample checks the review sample against a direct computation:
// each stratum's size is the number of posts the engine gave its verdict,
// and its drawn posts are exactly the ones with the smallest review hashes
// among them, in hash order; the same with 1 and 4 workers.
func TestReviewSample(t *testing.T) {
	var raw bytes.Buffer
	if err := gen.Write(&raw, gen.Options{N: 5000, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	eng := observatory.NewEngine(observatory.DefaultRules())
	const size = 7
	run := func(workers int) *Summary {
		s, err := Run(context.Background(), bytes.NewReader(raw.Bytes()), eng, Options{Workers: workers, ReviewSize: size})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := run(4)

	// The expected sample, post by post.
	type drawn struct {
		hash uint64
		id   string
	}
	var want [4][]drawn
	var counts [4]int64
	rd, err := ingest.NewReader(bytes.NewReader(raw.Bytes()), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b ingest.Batch
	for {
		err := rd.ReadBatch(&b)
		for i := range b.Records {
			rec := &b.Records[i]
			if !rec.Decode() {
				t.Fatal(rec.Err)
			}
			res := eng.Analyze(&rec.Post)
			v := 0
			if res.Commercial {
				v = slices.Index(ReviewVerdicts[:], string(res.Disclosure))
			}
			counts[v]++
			want[v] = append(want[v], drawn{reviewHash(hashID(rec.Post.ID)), rec.Post.ID})
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if s.Review == nil || len(s.Review.Strata) != 4 {
		t.Fatalf("review sample %+v", s.Review)
	}
	for v, name := range ReviewVerdicts {
		st := s.Review.Stratum(name)
		if st == nil {
			t.Fatalf("no stratum %s", name)
		}
		if st.Posts != counts[v] {
			t.Errorf("%s: %d posts, want %d", name, st.Posts, counts[v])
		}
		if counts[v] < size {
			t.Fatalf("%s: only %d posts in the generated corpus; the test needs %d", name, counts[v], size)
		}
		slices.SortFunc(want[v], func(a, b drawn) int {
			switch {
			case a.hash < b.hash:
				return -1
			case a.hash > b.hash:
				return 1
			}
			return 0
		})
		var got, exp []string
		for _, p := range st.Sample {
			got = append(got, p.ID)
			if p.Verdict != name {
				t.Errorf("%s: post %s has verdict %s", name, p.ID, p.Verdict)
			}
			if p.Text == "" {
				t.Errorf("%s: post %s has no text", name, p.ID)
			}
		}
		for _, d := range want[v][:size] {
			exp = append(exp, d.id)
		}
		if !reflect.DeepEqual(got, exp) {
			t.Errorf("%s: drew %v, want %v", name, got, exp)
		}
	}
	if total := counts[0] + counts[1] + counts[2] + counts[3]; total != s.Posts {
		t.Errorf("strata hold %d posts, the corpus %d", total, s.Posts)
	}
	if one := run(1); !reflect.DeepEqual(one.Review, s.Review) {
		for v := range one.Review.Strata {
			for i := range one.Review.Strata[v].Sample {
				if a, b := one.Review.Strata[v].Sample[i], s.Review.Strata[v].Sample[i]; !reflect.DeepEqual(a, b) {
					t.Errorf("1 worker: %+v\n4 workers: %+v", a, b)
				}
			}
		}
		t.Error("the review sample differs between 1 and 4 workers")
	}
	if none, err := Run(context.Background(), bytes.NewReader(raw.Bytes()), eng, Options{ReviewSize: -1}); err != nil || none.Review != nil {
		t.Errorf("ReviewSize -1: %v, %v", none.Review, err)
	}
}

// TestReviewPostCut checks that a long caption is cut on a rune boundary,
// marked, and keeps only the spans inside what is kept.
func TestReviewPostCut(t *testing.T) {
	text := strings.Repeat("é", reviewTextMax) + " AD"
	p := &observatory.Post{ID: "x", Text: text}
	r := &observatory.Result{Commercial: true, Disclosure: observatory.DisclosureNonCompliant, Findings: []observatory.Finding{
		{Rule: "a", Spans: []observatory.Span{{Field: "text", Start: 0, End: 4, Text: "éé"}, {Field: "text", Start: len(text) - 2, End: len(text), Text: "AD"}}},
	}}
	rp := newReviewPost(p, r, 3, 2)
	if !rp.Truncated || len(rp.Text) > reviewTextMax || !strings.HasPrefix(text, rp.Text) || strings.HasSuffix(rp.Text, "…") {
		t.Fatalf("cut text: %d bytes, truncated %v", len(rp.Text), rp.Truncated)
	}
	if len(rp.Spans) != 1 || rp.Spans[0].Text != "éé" {
		t.Errorf("spans %+v, want only the first", rp.Spans)
	}
	if rp.Verdict != "non_compliant" || rp.Group != "unknown" {
		t.Errorf("verdict %s, group %s", rp.Verdict, rp.Group)
	}
}

// TestReviewResults checks the results of a review worked out by hand.
// Corpus: 800 posts not commercial, 100 compliant, 60 improvable, 40
// non-compliant by the engine; ten of each reviewed:
//
//	not commercial: 9 confirmed, 1 improvable
//	compliant:      10 confirmed
//	improvable:     6 confirmed, 2 compliant, 2 not commercial
//	non-compliant:  7 confirmed, 3 improvable
//
// Commercial share: 0.8·0.1 + 0.1·1 + 0.06·0.8 + 0.04·1 = 0.268 (engine
// 0.2). Compliant among commercial: (0.1·1 + 0.06·0.2) / 0.268 = 0.41791…
// (engine 0.5). Accuracy: 0.8·0.9 + 0.1·1 + 0.06·0.6 + 0.04·0.7 = 0.884.
func TestReviewResults(t *testing.T) {
	given := map[string][]string{
		"not_commercial": append(slices.Repeat([]string{"not_commercial"}, 9), "improvable"),
		"compliant":      slices.Repeat([]string{"compliant"}, 10),
		"improvable":     append(slices.Repeat([]string{"improvable"}, 6), "compliant", "compliant", "not_commercial", "not_commercial"),
		"non_compliant":  append(slices.Repeat([]string{"non_compliant"}, 7), "improvable", "improvable", "improvable"),
	}
	posts := map[string]int64{"not_commercial": 800, "compliant": 100, "improvable": 60, "non_compliant": 40}
	s := &ReviewSample{}
	verdicts := map[string]string{"stray": "compliant"} // a post outside the sample: ignored
	for _, v := range ReviewVerdicts {
		st := ReviewStratum{Verdict: v, Posts: posts[v]}
		for i := range 12 { // twelve drawn, ten reviewed
			id := fmt.Sprintf("%s-%d", v, i)
			st.Sample = append(st.Sample, ReviewPost{ID: id, Verdict: v})
			if i < 10 {
				verdicts[id] = given[v][i]
			}
		}
		s.Strata = append(s.Strata, st)
	}
	verdicts["compliant-11"] = "nonsense" // not a verdict: ignored
	r := s.Results(verdicts)
	if r.Drawn != 48 || r.Reviewed != 40 {
		t.Errorf("drawn %d, reviewed %d", r.Drawn, r.Reviewed)
	}
	if row := r.Rows[2]; row.Verdict != "improvable" || row.Reviewed != 10 || row.ByReviewer != [4]int{2, 2, 6, 0} || row.Agreed.K != 6 || row.Agreed.N != 10 {
		t.Errorf("improvable row %+v", row)
	}
	want := map[string][2]float64{ // engine, corrected
		"commercial":    {0.2, 0.268},
		"compliant":     {0.5, 0.112 / 0.268},
		"improvable":    {0.3, (0.08 + 0.036 + 0.012) / 0.268},
		"non_compliant": {0.2, 0.028 / 0.268},
		"accuracy":      {1, 0.884},
	}
	for _, e := range r.Estimates {
		w, ok := want[e.Name]
		if !ok || !e.OK {
			t.Errorf("estimate %+v", e)
			continue
		}
		if math.Abs(e.Engine-w[0]) > 1e-12 || math.Abs(e.Corrected.Value-w[1]) > 1e-12 {
			t.Errorf("%s: engine %v, corrected %v; want %v", e.Name, e.Engine, e.Corrected.Value, w)
		}
		if !(e.Corrected.Low < e.Corrected.Value && e.Corrected.Value < e.Corrected.High) {
			t.Errorf("%s: interval %+v", e.Name, e.Corrected)
		}
		delete(want, e.Name)
	}
	if len(want) != 0 {
		t.Errorf("missing estimates %v", want)
	}
	// One stratum with a single review: no corrected share yet.
	delete(verdicts, "compliant-1")
	for i := 2; i < 10; i++ {
		delete(verdicts, fmt.Sprintf("compliant-%d", i))
	}
	for _, e := range s.Results(verdicts).Estimates {
		if e.OK {
			t.Errorf("%s estimated from one review of a stratum", e.Name)
		}
	}
}

// TestReviewOrder: the first post of each verdict, then the second…
func TestReviewOrder(t *testing.T) {
	s := &ReviewSample{Strata: []ReviewStratum{
		{Verdict: "a", Sample: []ReviewPost{{ID: "a0"}, {ID: "a1"}, {ID: "a2"}}},
		{Verdict: "b"},
		{Verdict: "c", Sample: []ReviewPost{{ID: "c0"}}},
	}}
	var got []string
	for _, p := range s.Order() {
		got = append(got, p.ID)
	}
	if !slices.Equal(got, []string{"a0", "c0", "a1", "a2"}) {
		t.Errorf("order %v", got)
	}
}

// TestReviewAgreement: only drawn posts read twice count; the posts whose
// readings differ are listed in review order; kappa is the stats
// package's over the four verdicts.
func TestReviewAgreement(t *testing.T) {
	s := &ReviewSample{Strata: []ReviewStratum{
		{Verdict: "not_commercial", Sample: []ReviewPost{{ID: "a"}, {ID: "b"}, {ID: "c"}}},
		{Verdict: "compliant", Sample: []ReviewPost{{ID: "d"}, {ID: "e"}}},
	}}
	if s.Agreement(map[string]string{"a": "compliant"}, map[string]string{"b": "compliant"}) != nil {
		t.Error("agreement without a post read twice")
	}
	first := map[string]string{"a": "not_commercial", "b": "not_commercial", "c": "improvable", "d": "compliant", "e": "compliant", "stray": "compliant"}
	second := map[string]string{"a": "not_commercial", "c": "non_compliant", "d": "compliant", "e": "improvable", "stray": "compliant"}
	ag := s.Agreement(first, second)
	// Read twice: a, c, d, e (review order a, d, b, e, c); agreed a and d.
	if ag == nil || ag.Posts != 4 || ag.Agreed.K != 2 || !slices.Equal(ag.Differ, []string{"e", "c"}) {
		t.Fatalf("agreement %+v", ag)
	}
	// Table (first × second): not_commercial→not_commercial 1,
	// compliant→compliant 1, compliant→improvable 1, improvable→non_compliant 1.
	want, _, _ := stats.Kappa([][]int{{1, 0, 0, 0}, {0, 1, 1, 0}, {0, 0, 0, 1}, {0, 0, 0, 0}})
	if !ag.KappaOK || math.Abs(ag.Kappa-want) > 1e-12 {
		t.Errorf("kappa %v (ok %v), want %v", ag.Kappa, ag.KappaOK, want)
	}
}

// TestWriteEvalSet checks that the reviewed posts come back as an
// evaluation set the engine reads as it read the corpus: labelled with the
// engine's own verdicts, the rules score every post right; a verdict
// changed by the reviewer is the one miss; posts not reviewed, cut for the
// review or read twice differently are left out.
func TestWriteEvalSet(t *testing.T) {
	var raw bytes.Buffer
	if err := gen.Write(&raw, gen.Options{N: 3000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	rs := observatory.DefaultRules()
	s, err := Run(context.Background(), bytes.NewReader(raw.Bytes()), observatory.NewEngine(rs), Options{ReviewSize: 6})
	if err != nil {
		t.Fatal(err)
	}
	order := s.Review.Order()
	if len(order) != 24 {
		t.Fatalf("%d posts drawn, want 24", len(order))
	}
	at := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	first := map[string]ReviewLabel{}
	for _, p := range order[:20] { // the last four are not reviewed
		first[p.ID] = ReviewLabel{Verdict: p.Verdict, At: at}
	}
	// One post the reviewer disagrees on, with a note.
	changed := order[0]
	other := "improvable"
	if changed.Verdict == other {
		other = "compliant"
	}
	first[changed.ID] = ReviewLabel{Verdict: other, Note: "merci @marque, \"offert\"", At: at}
	// One read again differently (unsettled), one read again the same.
	second := map[string]string{order[1].ID: ReviewVerdicts[(slices.Index(ReviewVerdicts[:], order[1].Verdict)+1)%4], order[2].ID: order[2].Verdict}
	// One cut for the review.
	cutPost := order[3]
	cutPost.Truncated = true

	var buf bytes.Buffer
	n, err := s.Review.WriteEvalSet(&buf, first, second, "analysis 7")
	if err != nil {
		t.Fatal(err)
	}
	if n != (EvalSetCounts{Written: 18, Truncated: 1, Unsettled: 1}) {
		t.Errorf("counts %+v, want 18 written, 1 truncated, 1 unsettled", n)
	}
	if lines := strings.Count(buf.String(), "\n"); lines != 18 {
		t.Errorf("%d lines, want 18", lines)
	}
	for _, id := range []string{order[1].ID, order[3].ID, order[20].ID} {
		if strings.Contains(buf.String(), `"id":"`+id+`"`) {
			t.Errorf("post %s is in the set", id)
		}
	}
	rep, err := observatory.Evaluate(rs, bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Posts != 18 || rep.SectorsLabelled != 0 || rep.ImagesLabelled != 0 {
		t.Errorf("evaluated %d posts, %d with sectors, %d with image labels; want 18, 0, 0", rep.Posts, rep.SectorsLabelled, rep.ImagesLabelled)
	}
	var missed []string
	for _, m := range rep.Misses {
		missed = append(missed, m.ID+" "+m.Field)
		if m.ID == changed.ID && !strings.Contains(m.Note, "analysis 7, reviewed 2026-11-28; the engine said "+changed.Verdict+"; reviewer: merci @marque") {
			t.Errorf("note %q", m.Note)
		}
	}
	slices.Sort(missed)
	missed = slices.Compact(missed)
	var want []string
	if (changed.Verdict == ReviewVerdicts[0]) != (other == ReviewVerdicts[0]) {
		want = append(want, changed.ID+" commercial")
	}
	want = append(want, changed.ID+" disclosure")
	slices.Sort(want)
	if !slices.Equal(missed, want) {
		t.Errorf("misses %v, want %v: the engine must read the exported posts as it read the corpus", missed, want)
	}
}

// TestWriteEvalSetFields checks that the evaluation set keeps every field
// the engine reads: on each of these posts the verdict rests on one field
// besides the text (the platform's flag, a link, a hashtag of the export,
// the image's text), so a field lost on the way would be a miss.
func TestWriteEvalSetFields(t *testing.T) {
	corpus := `{"id":"flag","published_at":"2024-03-01","text":"Ma routine du soir","paid_partnership":true}
{"id":"link","published_at":"2024-03-01","text":"Ma routine du soir","links":["https://amzn.to/3xYzQ"]}
{"id":"tag","published_at":"2024-03-01","text":"Ma routine du soir","hashtags":["sponsorise"]}
{"id":"image","published_at":"2024-03-01","text":"Ma routine du soir avec @marque, code LEA10","image_text":"Publicité","certified":true}
{"id":"plain","published_at":"2024-03-01","text":"Ma routine du soir"}
`
	rs := observatory.DefaultRules()
	s, err := Run(context.Background(), strings.NewReader(corpus), observatory.NewEngine(rs), Options{ReviewSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	first := map[string]ReviewLabel{}
	for _, p := range s.Review.Order() {
		first[p.ID] = ReviewLabel{Verdict: p.Verdict}
	}
	if len(first) != 5 || first["flag"].Verdict == first["plain"].Verdict || first["image"].Verdict != "compliant" {
		t.Fatalf("verdicts %v: each post's verdict should rest on its field", first)
	}
	var buf bytes.Buffer
	if _, err := s.Review.WriteEvalSet(&buf, first, nil, "analysis 1"); err != nil {
		t.Fatal(err)
	}
	rep, err := observatory.Evaluate(rs, bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Posts != 5 || len(rep.Misses) != 0 {
		t.Errorf("%d posts, misses %+v; want 5 posts read as in the corpus:\n%s", rep.Posts, rep.Misses, buf.String())
	}
	if !strings.Contains(buf.String(), `"id":"image"`) || !strings.Contains(buf.String(), `"certified":true`) {
		t.Errorf("the certified group is lost:\n%s", buf.String())
	}
}

// TestSectorResults checks the sectors measured against the reviewers on
// a sample worked by hand: 800 posts not commercial, 100 compliant, 60
// improvable and 40 non-compliant by the engine. Gambling, by the
// reviewers' ticks: 1 of 3 labelled posts not commercial, 1 of 2
// compliant, 0 of 2 improvable, 1 of 2 non-compliant, so the corrected
// share is 0.8·1/3 + 0.1·1/2 + 0.04·1/2 = 0.33667.
func TestSectorResults(t *testing.T) {
	post := func(id string, sectors ...string) ReviewPost { return ReviewPost{ID: id, Sectors: sectors} }
	s := &ReviewSample{Strata: []ReviewStratum{
		{Verdict: "not_commercial", Posts: 800, Sample: []ReviewPost{post("n1"), post("n2"), post("n3", "gambling"), post("n4", "gambling")}},
		{Verdict: "compliant", Posts: 100, Sample: []ReviewPost{post("c1", "gambling"), post("c2")}},
		{Verdict: "improvable", Posts: 60, Sample: []ReviewPost{post("i1"), post("i2", "nicotine")}},
		{Verdict: "non_compliant", Posts: 40, Sample: []ReviewPost{post("x1", "gambling"), post("x2")}},
	}}
	labels := map[string][]string{ // n4 not labelled
		"n1": {}, "n2": {"gambling"}, "n3": {},
		"c1": {"gambling"}, "c2": {},
		"i1": {}, "i2": {},
		"x1": {"gambling", "nicotine"}, "x2": {},
	}
	got := s.SectorResults([]string{"gambling", "nicotine"}, map[string]float64{"gambling": 0.25, "nicotine": 0.01}, labels)
	if len(got) != 2 {
		t.Fatalf("%d results", len(got))
	}
	g := got[0]
	if g.Sector != "gambling" || g.Engine != 0.25 || g.Reviewed != 9 || g.Both != 2 || g.EngineOnly != 1 || g.ReviewerOnly != 1 {
		t.Errorf("gambling %+v", g)
	}
	if want := 0.8/3 + 0.1/2 + 0.04/2; !g.OK || math.Abs(g.Corrected.Value-want) > 1e-12 || !(g.Corrected.Low < want && want < g.Corrected.High) {
		t.Errorf("gambling corrected %+v, want %.5f", g.Corrected, want)
	}
	direct, _ := stats.StratifiedProportion([]stats.StratumCount{{Posts: 800, Reviewed: 3, Yes: 1}, {Posts: 100, Reviewed: 2, Yes: 1}, {Posts: 60, Reviewed: 2}, {Posts: 40, Reviewed: 2, Yes: 1}})
	if g.Corrected != direct {
		t.Errorf("gambling corrected %+v, direct %+v", g.Corrected, direct)
	}
	n := got[1]
	if n.Sector != "nicotine" || n.Both != 0 || n.EngineOnly != 1 || n.ReviewerOnly != 1 || math.Abs(n.Corrected.Value-0.04/2) > 1e-12 {
		t.Errorf("nicotine %+v", n)
	}
	// A stratum with no labelled post: no corrected share.
	delete(labels, "x1")
	delete(labels, "x2")
	if r := s.SectorResults([]string{"gambling"}, nil, labels); r[0].OK {
		t.Errorf("a stratum without labels gave a share: %+v", r[0])
	}
}
