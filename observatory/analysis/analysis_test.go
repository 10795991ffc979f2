package analysis

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub/observatory"
	"github.com/creatorclub/creatorclub/observatory/gen"
	"github.com/creatorclub/creatorclub/observatory/ingest"
	"github.com/creatorclub/creatorclub/observatory/stats"
)

// fakeEngine judges posts by tokens in their text, so that the expected
// tallies are known: "AD" commercial, then "C", "I" or nothing for the
// disclosure class; "BET" the gambling sector; "RETOUCH" an image label.
type fakeEngine struct{ calls atomic.Int64 }

func (f *fakeEngine) Analyze(p *observatory.Post) observatory.Result {
	f.calls.Add(1)
	r := observatory.Result{PostID: p.ID}
	words := strings.Fields(p.Text)
	has := func(w string) bool {
		for _, x := range words {
			if x == w {
				return true
			}
		}
		return false
	}
	if has("AD") {
		r.Commercial = true
		r.Labels = append(r.Labels, "commercial")
		i := strings.Index(p.Text, "AD")
		r.Findings = append(r.Findings, observatory.Finding{Rule: "ad", Label: "commercial", Spans: []observatory.Span{{Field: "text", Start: i, End: i + 2, Text: "AD"}}})
		switch {
		case has("C"):
			r.Disclosure = observatory.DisclosureCompliant
		case has("I"):
			r.Disclosure = observatory.DisclosureImprovable
		default:
			r.Disclosure = observatory.DisclosureNonCompliant
		}
	}
	if has("BET") {
		r.Sectors = append(r.Sectors, "gambling")
		r.Labels = append(r.Labels, "sector.gambling")
	}
	if has("RETOUCH") {
		r.Labels = append(r.Labels, "image.retouched")
	}
	return r
}

func line(id, platform, author, date, text string, certified *bool) string {
	m := map[string]any{"id": id, "platform": platform, "author": author, "published_at": date, "text": text}
	if certified != nil {
		m["certified"] = *certified
	}
	b, _ := json.Marshal(m)
	return string(b)
}

var yes, no = true, false

// corpus: 10 posts and 2 bad lines.
func corpus() string {
	return strings.Join([]string{
		line("1", "instagram", "lea", "2023-05-01", "AD C hello", &yes),
		line("2", "instagram", "lea", "2023-05-20", "AD I hello", &yes),
		line("3", "tiktok", "max", "2023-06-08T23:59:59Z", "AD hello", nil),
		line("4", "tiktok", "max", "2023-06-09", "AD C BET", nil), // the cut-off day is "after"
		line("5", "instagram", "Lea", "2023-07-01", "AD C", nil),  // roster join is case-insensitive
		line("6", "instagram", "zoe", "2023-07-02", "hello RETOUCH", &no),
		"[not an object]",
		line("7", "youtube", "zoe", "2023-08-01", "AD I", &no),
		line("8", "youtube", "zoe", "2023-08-02", "AD", &no),
		`{"id":"9","published_at":"01/08/2023"}`,
		line("10", "tiktok", "ines", "2023-09-01", "hello", nil),
		line("11", "tiktok", "ines", "2023-09-02", "AD C", nil),
	}, "\n")
}

func findRow(t *testing.T, rows []GroupRow, key, period string) GroupRow {
	t.Helper()
	for _, r := range rows {
		if r.Key == key && r.Period == period {
			return r
		}
	}
	t.Fatalf("no row %s/%s in %+v", key, period, rows)
	return GroupRow{}
}

func TestRun(t *testing.T) {
	var findings bytes.Buffer
	var progress []Progress
	eng := &fakeEngine{}
	s, err := Run(context.Background(), strings.NewReader(corpus()), eng, Options{
		Roster:   map[string]bool{"lea": true, "max": true},
		Findings: &findings, Workers: 3, Name: "test.jsonl", Size: int64(len(corpus())),
		Progress: func(p Progress) { progress = append(progress, p) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.Posts != 10 || s.BadRecords != 2 || eng.calls.Load() != 10 {
		t.Fatalf("posts %d bad %d calls %d", s.Posts, s.BadRecords, eng.calls.Load())
	}
	if len(s.BadSamples) != 2 || !strings.HasPrefix(s.BadSamples[0], "line 7:") || !strings.HasPrefix(s.BadSamples[1], "line 10:") {
		t.Errorf("bad samples %q", s.BadSamples)
	}
	if s.Cutoff != "2023-06-09" || s.Format != "jsonl" || s.Corpus != "test.jsonl" {
		t.Errorf("summary header %+v", s)
	}
	before := findRow(t, s.Overview, "before", "before")
	after := findRow(t, s.Overview, "after", "after")
	if before.Posts != 3 || before.Commercial.K != 3 || before.Compliant.K != 1 || before.Improvable.K != 1 || before.NonCompliant.K != 1 {
		t.Errorf("before = %+v", before)
	}
	// After: posts 4,5,6,7,8,10,11: commercial 4,5,7,8,11; compliant 4,5,11; improvable 7; non-compliant 8.
	if after.Posts != 7 || after.Commercial.K != 5 || after.Compliant.K != 3 || after.Compliant.N != 5 || after.Improvable.K != 1 || after.NonCompliant.K != 1 || after.Restricted.K != 1 {
		t.Errorf("after = %+v", after)
	}
	// Certified: explicit flag (1, 2 yes; 6, 7, 8 no), roster (3, 4 max; 5 Lea) and
	// not on the roster (10, 11 ines → non-certified since a roster was given).
	cert := findRow(t, s.Certified, "certified", "all")
	non := findRow(t, s.Certified, "non_certified", "all")
	if cert.Posts != 5 || non.Posts != 5 {
		t.Errorf("certified %+v non-certified %+v", cert, non)
	}
	for _, r := range s.Certified {
		if r.Key == "unknown" {
			t.Errorf("unknown group with a roster: %+v", r)
		}
	}
	if len(s.DiD) == 0 || s.DiD[1].Metric != "compliant" {
		t.Fatalf("did = %+v", s.DiD)
	}
	// Certified compliant: before 1/3 (posts 1, 2, 3), after 2/2 (4, 5);
	// others: before none, after 1/3 (7, 8, 11). The control's before cell is
	// empty, so the DiD cannot be tested.
	if d := s.DiD[1]; d.TreatedBefore.K != 1 || d.TreatedBefore.N != 3 || d.TreatedAfter.K != 2 || d.ControlAfter.K != 1 || d.ControlAfter.N != 3 || d.Testable {
		t.Errorf("did compliant = %+v", d)
	}
	// Months: May to September 2023, June split by the cut-off.
	var months []string
	for _, m := range s.Months {
		months = append(months, fmt.Sprintf("%s:%d", m.Key, m.Posts))
	}
	if got := strings.Join(months, " "); got != "2023-05:2 2023-06:2 2023-07:2 2023-08:2 2023-09:2" {
		t.Errorf("months %s", got)
	}
	if r := findRow(t, s.Platforms, "youtube", "after"); r.Posts != 2 || r.Commercial.K != 2 {
		t.Errorf("youtube after %+v", r)
	}
	if len(s.Sectors) != 1 || s.Sectors[0].Label != "gambling" || s.Sectors[0].After.K != 1 || s.Sectors[0].Before.K != 0 {
		t.Errorf("sectors %+v", s.Sectors)
	}
	var retouch *LabelRow
	for i := range s.Labels {
		if s.Labels[i].Label == "image.retouched" {
			retouch = &s.Labels[i]
		}
	}
	if retouch == nil || retouch.All.K != 1 || retouch.All.N != 10 {
		t.Errorf("labels %+v", s.Labels)
	}
	// The posts behind a figure.
	nc := s.Samples["disclosure=non_compliant|period=after"]
	if len(nc) != 1 || nc[0].ID != "8" || nc[0].Line != 9 || nc[0].Spans[0] != "AD" {
		t.Errorf("samples %+v", nc)
	}
	if got := s.Samples["sector=gambling"]; len(got) != 1 || got[0].ID != "4" {
		t.Errorf("gambling samples %+v", got)
	}
	// findings.jsonl: one valid JSON line per post.
	sc := bufio.NewScanner(&findings)
	n := 0
	for sc.Scan() {
		var f struct {
			ID         string
			Commercial bool
			Disclosure string
			Certified  *bool
			Sectors    []string
			Labels     []string
			Findings   []observatory.Finding
		}
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			t.Fatalf("findings line %q: %v", sc.Text(), err)
		}
		n++
		if f.ID == "4" && (!f.Commercial || f.Disclosure != "compliant" || f.Sectors[0] != "gambling" || f.Certified == nil || !*f.Certified || f.Findings[0].Spans[0].Text != "AD") {
			t.Errorf("findings of post 4: %+v", f)
		}
	}
	if n != 10 {
		t.Errorf("%d findings lines, want 10", n)
	}
	if len(progress) == 0 || !progress[len(progress)-1].Done || progress[len(progress)-1].Posts != 10 || progress[len(progress)-1].Fraction != 1 {
		t.Errorf("progress %+v", progress)
	}
	if len(s.Warnings) != 1 || s.Warnings[0].Code != WarnBadRecords || s.Warnings[0].Count != 2 || !strings.Contains(s.Warnings[0].Message, "2 records") {
		t.Errorf("warnings %+v", s.Warnings)
	}
}

func TestRunWithoutRosterLeavesUnknown(t *testing.T) {
	s, err := Run(context.Background(), strings.NewReader(corpus()), &fakeEngine{}, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if r := findRow(t, s.Certified, "unknown", "all"); r.Posts != 5 {
		t.Errorf("unknown %+v", r)
	}
	if w := s.Warnings[len(s.Warnings)-1]; w.Code != WarnUnknownCertification || w.Count != 5 || !strings.Contains(w.Message, "5 posts do not say") {
		t.Errorf("warnings %+v", s.Warnings)
	}
}

func TestCutoffOutsideCorpus(t *testing.T) {
	for _, c := range []struct {
		cutoff string
		want   string
	}{
		{"2030-01-01", "after the last post (2023-09-02)"},
		{"2020-01-01", "on or before the first post (2023-05-01)"},
	} {
		cut, _ := time.Parse(time.DateOnly, c.cutoff)
		s, err := Run(context.Background(), strings.NewReader(corpus()), &fakeEngine{}, Options{Cutoff: cut})
		if err != nil {
			t.Fatal(err)
		}
		if w := s.Warnings[0]; !s.CutoffOutsideCorpus() || !strings.Contains(w.Message, c.want) || !strings.Contains(w.Message, "between 2023-05-01 and 2023-09-02") ||
			w.First != "2023-05-01" || w.Last != "2023-09-02" || w.Cutoff != c.cutoff {
			t.Errorf("cut-off %s: warnings %+v", c.cutoff, s.Warnings)
		}
	}
}

func TestRunStopsOnTruncatedGzip(t *testing.T) {
	var raw bytes.Buffer
	if err := gen.Write(&raw, gen.Options{N: 20000, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	zw := newGzip(&z)
	zw.Write(raw.Bytes())
	zw.Close()
	_, err := Run(context.Background(), bytes.NewReader(z.Bytes()[:z.Len()/2]), &fakeEngine{}, Options{})
	if !errors.Is(err, ingest.ErrTruncatedGzip) {
		t.Fatalf("err = %v", err)
	}
}

// TestWorkersDoNotChangeResults runs the same generated corpus with 1 and 4
// workers and small batches: the tallies and samples must be identical.
func TestWorkersDoNotChangeResults(t *testing.T) {
	var raw bytes.Buffer
	if err := gen.Write(&raw, gen.Options{N: 30000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	run := func(workers int) *Summary {
		s, err := Run(context.Background(), bytes.NewReader(raw.Bytes()), &fakeEngine{}, Options{Workers: workers, SampleSize: 5})
		if err != nil {
			t.Fatal(err)
		}
		s.GeneratedAt, s.Seconds = time.Time{}, 0
		return s
	}
	a, b := run(1), run(4)
	if a.Posts != 30000 {
		t.Fatalf("posts %d", a.Posts)
	}
	if !reflect.DeepEqual(a, b) {
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		t.Errorf("1 worker and 4 workers differ:\n%.600s\n%.600s", ja, jb)
	}
	for k, v := range a.Samples {
		if len(v) > 5 {
			t.Errorf("sample %s has %d posts", k, len(v))
		}
	}
}

func TestRunCancelled(t *testing.T) {
	var raw bytes.Buffer
	gen.Write(&raw, gen.Options{N: 50000, Seed: 1})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, bytes.NewReader(raw.Bytes()), &fakeEngine{}, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
}

func TestAppendString(t *testing.T) {
	for _, s := range []string{"", "plain", "quote\" back\\ nl\n tab\t ctl\x01", "é 🎉 \u2028", "bad \xff utf8"} {
		b := appendString(nil, s)
		var got string
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("%q → %s: %v", s, b, err)
		}
		want := strings.ToValidUTF8(s, "\ufffd")
		if got != want {
			t.Errorf("%q → %q", s, got)
		}
	}
}

func newGzip(w *bytes.Buffer) *gzip.Writer { return gzip.NewWriter(w) }

// TestFindingsInCorpusOrder checks that findings.jsonl follows the corpus
// line by line whatever the number of workers, bad lines skipped, and that
// it is the same with 1 and 4 workers.
func TestFindingsInCorpusOrder(t *testing.T) {
	var raw bytes.Buffer
	if err := gen.Write(&raw, gen.Options{N: 20000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	// A few bad lines, so that some batches hold fewer posts.
	corpus := bytes.Replace(raw.Bytes(), []byte("\n"), []byte("\nnot json\n"), 3)
	eng := observatory.NewEngine(observatory.DefaultRules())
	run := func(workers int) []byte {
		var out bytes.Buffer
		s, err := Run(context.Background(), bytes.NewReader(corpus), eng, Options{Workers: workers, Findings: &out})
		if err != nil {
			t.Fatal(err)
		}
		if s.Posts != 20000 || s.BadRecords != 3 {
			t.Fatalf("%d posts, %d bad", s.Posts, s.BadRecords)
		}
		return out.Bytes()
	}
	four := run(4)
	sc := bufio.NewScanner(bytes.NewReader(four))
	sc.Buffer(nil, 1<<20)
	prev, n := 0, 0
	for sc.Scan() {
		var f struct{ Line int }
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			t.Fatal(err)
		}
		if f.Line <= prev {
			t.Fatalf("line %d after line %d", f.Line, prev)
		}
		prev = f.Line
		n++
	}
	if n != 20000 {
		t.Fatalf("%d findings lines, want 20000", n)
	}
	if one := run(1); !bytes.Equal(one, four) {
		t.Error("findings.jsonl differs between 1 and 4 workers")
	}
}

// TestPublishedFigures checks the estimate set beside each published
// figure: whole months, the figure's group, the metric's numerator and
// denominator, and the exact test of the stats package.
func TestPublishedFigures(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	figs := []observatory.PublishedFigure{
		{ID: "a", Metric: "compliant", Group: "all", From: day(2023, 5, 1), Until: day(2023, 6, 30), Value: 0.59, Source: "s"},
		{ID: "b", Metric: "compliant", Group: "certified", From: day(2023, 1, 1), Until: day(2023, 12, 31), Value: 0.85, Source: "s"},
		{ID: "c", Metric: "non_compliant", Group: "non_certified", From: day(2023, 7, 1), Until: day(2023, 12, 31), Value: 0.06, Source: "s"},
		{ID: "d", Metric: "commercial", Group: "all", From: day(2023, 7, 1), Until: day(2023, 7, 31), Value: 0.5, Source: "s"},
		{ID: "e", Metric: "improvable", Group: "all", From: day(2024, 1, 1), Until: day(2024, 6, 30), Value: 0.2, Source: "s"},
		{ID: "f", Metric: "compliant", Group: "all", From: day(2023, 6, 1), Until: day(2023, 6, 30), Value: 0.5, Source: "s"},
	}
	opts := Options{Workers: 2, Published: figs, Sources: map[string]observatory.Source{"s": {ID: "s", Title: "A study", URL: "https://example.org/study"}}}
	s, err := Run(context.Background(), strings.NewReader(corpus()), &fakeEngine{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]int{ // K, N
		"a": {2, 4}, // posts 1-4 are commercial in May-June, 1 and 4 compliant
		"b": {1, 2}, // certified commercial posts: 1 (compliant) and 2
		"c": {1, 2}, // non-certified commercial posts after June: 7 and 8 (no disclosure)
		"d": {1, 2}, // July: post 5 commercial, post 6 not
		"e": {0, 0}, // nothing in 2024
		"f": {1, 2}, // June 8 at 23:59 and June 9 are both in June
	}
	if len(s.Published) != len(figs) {
		t.Fatalf("%d published rows, want %d", len(s.Published), len(figs))
	}
	for i, r := range s.Published {
		if r.ID != figs[i].ID {
			t.Errorf("row %d is %q, want the rule file's order (%q)", i, r.ID, figs[i].ID)
		}
		w := want[r.ID]
		if r.Corpus.Rate.K != w[0] || r.Corpus.Rate.N != w[1] {
			t.Errorf("figure %s: %d/%d, want %d/%d", r.ID, r.Corpus.Rate.K, r.Corpus.Rate.N, w[0], w[1])
		}
		if exp := stats.CompareWith(w[0], w[1], r.Value); r.Corpus != exp {
			t.Errorf("figure %s: %+v, want %+v", r.ID, r.Corpus, exp)
		}
		if r.From != figs[i].From.Format(time.DateOnly) || r.SourceTitle != "A study" || r.SourceURL != "https://example.org/study" {
			t.Errorf("figure %s: from %s, source %q %q", r.ID, r.From, r.SourceTitle, r.SourceURL)
		}
	}
	if s.Published[4].Corpus.Testable {
		t.Error("a figure with no post to count is testable")
	}
}
