package demo

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/observatory/gen"
)

// demoReportKey names the demo's analysis, so that seeding twice adds
// nothing.
const demoReportKey = "demo-report"

// SeedObservatory adds a synthetic corpus of 20,000 posts, analyses it at
// once and publishes its report on /observatoire, so that a newcomer sees
// the observatory's pages filled. It does nothing if the demo analysis is
// already there.
func SeedObservatory(ctx context.Context, o *jobs.Observatory) error {
	list, err := o.DB.ListCorpusAnalyses(ctx, false)
	if err != nil {
		return fmt.Errorf("demo: observatory: %w", err)
	}
	for _, a := range list {
		if a.ReportKey == demoReportKey {
			return nil
		}
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := gen.Write(zw, gen.Options{N: 20000, Seed: 2023}); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	const name = "demo-20000.jsonl.gz"
	st, err := o.Store.Put(ctx, "", name, jobs.CorpusTypeGzip, &buf)
	if err != nil {
		return fmt.Errorf("demo: observatory: %w", err)
	}
	c := &creatorclub.Corpus{Title: "Démonstration — corpus synthétique 2022-2025", FileName: name, Key: st.Key, ContentType: st.ContentType,
		Size: st.Size, SHA256: st.SHA256}
	a := &creatorclub.CorpusAnalysis{Cutoff: time.Date(2023, 6, 9, 0, 0, 0, 0, time.UTC), ReportKey: demoReportKey}
	if err := o.DB.CreateCorpusAnalysis(ctx, c, a, nil, nil); err != nil {
		o.Store.Delete(st.Key)
		return fmt.Errorf("demo: observatory: %w", err)
	}
	if err := o.Analyze(ctx, a.ID); err != nil {
		return fmt.Errorf("demo: observatory: %w", err)
	}
	return o.DB.PublishAnalysis(ctx, a.ID, true, &creatorclub.AuditEntry{ActorEmail: "demo", Action: creatorclub.AuditReportPublish})
}
