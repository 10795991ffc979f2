package demo

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/observatory/analysis"
	"github.com/creatorclub/creatorclub/observatory/gen"
	"github.com/creatorclub/creatorclub/observatory/report"
)

// demoReportKey names the demo's analysis, so that seeding twice adds
// nothing; demoSecondKey names the second, smaller sample, there so that
// staff can try the comparison of two analyses.
const (
	demoReportKey = "demo-report"
	demoSecondKey = "demo-report-2"
)

// SeedObservatory adds a synthetic corpus of 20,000 posts, analyses it at
// once and publishes its report on /observatoire, so that a newcomer sees
// the observatory's pages filled, and a second sample of 5,000 posts, not
// published, to compare it with. The first gets a few demonstration
// verdicts of its human review (seedReviews). It adds nothing if the demo
// analysis is already there.
func SeedObservatory(ctx context.Context, o *jobs.Observatory) error {
	list, err := o.DB.ListCorpusAnalyses(ctx, false)
	if err != nil {
		return fmt.Errorf("demo: observatory: %w", err)
	}
	seeded := map[string]bool{}
	for _, a := range list {
		seeded[a.ReportKey] = true
	}
	if seeded[demoReportKey] {
		return nil
	}
	if !seeded[demoSecondKey] {
		if _, err := seedCorpus(ctx, o, "Démonstration — second échantillon synthétique", 5000, 2025, demoSecondKey); err != nil {
			return err
		}
	}
	first, err := seedCorpus(ctx, o, "Démonstration — corpus synthétique 2022-2025", 20000, 2023, demoReportKey)
	if err != nil {
		return err
	}
	if err := seedReviews(ctx, o, first); err != nil {
		return err
	}
	return o.DB.PublishAnalysis(ctx, first, true, &creatorclub.AuditEntry{ActorEmail: "demo", Action: creatorclub.AuditReportPublish})
}

// seedCorpus stores a synthetic corpus of n posts and analyses it at once;
// it returns the analysis's id.
func seedCorpus(ctx context.Context, o *jobs.Observatory, title string, n int, seed uint64, key string) (int64, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := gen.Write(zw, gen.Options{N: n, Seed: seed}); err != nil {
		return 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	name := fmt.Sprintf("demo-%d.jsonl.gz", n)
	st, err := o.Store.Put(ctx, "", name, jobs.CorpusTypeGzip, &buf)
	if err != nil {
		return 0, fmt.Errorf("demo: observatory: %w", err)
	}
	c := &creatorclub.Corpus{Title: title, FileName: name, Key: st.Key, ContentType: st.ContentType, Size: st.Size, SHA256: st.SHA256}
	a := &creatorclub.CorpusAnalysis{Cutoff: time.Date(2023, 6, 9, 0, 0, 0, 0, time.UTC), ReportKey: key}
	if err := o.DB.CreateCorpusAnalysis(ctx, c, a, nil, nil); err != nil {
		o.Store.Delete(st.Key)
		return 0, fmt.Errorf("demo: observatory: %w", err)
	}
	if err := o.Analyze(ctx, a.ID); err != nil {
		return 0, fmt.Errorf("demo: observatory: %w", err)
	}
	return a.ID, nil
}

// demoReviewNote marks the demonstration's verdicts.
const demoReviewNote = "Verdict de démonstration."

// seedReviews gives the first posts of the analysis's review sample, in
// review order, demonstration verdicts, so that the review page shows its
// results: the first 24 take the engine's verdict and sectors, but one
// reader disagrees on two of them; the first 8 are read twice, and the
// second reading differs on one, left for staff to settle. No user gave
// them: they carry no reviewer.
func seedReviews(ctx context.Context, o *jobs.Observatory, id int64) error {
	rf, err := o.DB.FindReportFile(ctx, id, report.SummaryFile)
	if err != nil {
		return fmt.Errorf("demo: observatory: %w", err)
	}
	f, err := o.Store.Open(rf.Key)
	if err != nil {
		return fmt.Errorf("demo: observatory: %w", err)
	}
	defer f.Close()
	sum, err := analysis.ReadSummary(f)
	if err != nil {
		return fmt.Errorf("demo: observatory: %w", err)
	}
	a, err := o.DB.FindCorpusAnalysis(ctx, id)
	if err != nil {
		return fmt.Errorf("demo: observatory: %w", err)
	}
	order := sum.Review.Order()
	// Another verdict than v, for the demonstration's disagreements.
	other := func(v string) string {
		if v == creatorclub.VerdictImprovable {
			return creatorclub.VerdictNonCompliant
		}
		return creatorclub.VerdictImprovable
	}
	for i, p := range order[:min(24, len(order))] {
		verdict := p.Verdict
		if i == 5 || i == 14 {
			verdict = other(verdict)
		}
		readings := []*creatorclub.PostReview{{CorpusID: a.CorpusID, PostID: p.ID, Note: demoReviewNote, Sectors: p.Sectors, SectorsReviewed: true}}
		if i < 8 {
			second := verdict
			if i == 3 {
				second = other(verdict)
			}
			readings = append(readings, &creatorclub.PostReview{CorpusID: a.CorpusID, PostID: p.ID, Note: demoReviewNote, Sectors: p.Sectors, SectorsReviewed: true, Second: true})
			if err := readings[1].SetVerdict(second); err != nil {
				return err
			}
		}
		if err := readings[0].SetVerdict(verdict); err != nil {
			return err
		}
		for _, rv := range readings {
			if err := o.DB.SavePostReview(ctx, rv, &creatorclub.AuditEntry{ActorEmail: "demo", Action: creatorclub.AuditPostReview,
				Detail: fmt.Sprintf("analysis %d, post %s, demonstration: %s", id, p.ID, rv.Verdict())}); err != nil {
				return fmt.Errorf("demo: observatory: %w", err)
			}
		}
	}
	return nil
}
