package demo

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/observatory/gen"
)

// demoCorpusKey names the demo corpus, so that seeding twice adds nothing.
const demoCorpusKey = "demo-corpus"

// SeedObservatory adds a synthetic corpus of 20,000 posts, analyses it at
// once and publishes its report on /observatoire, so that a newcomer sees
// the observatory's pages filled. It does nothing if the demo corpus is
// already there.
func SeedObservatory(ctx context.Context, o *jobs.Observatory) error {
	list, err := o.DB.ListCorpusAnalyses(ctx, false)
	if err != nil {
		return fmt.Errorf("demo: observatory: %w", err)
	}
	for _, a := range list {
		if a.Corpus.Key == demoCorpusKey {
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
	path := o.CorpusPath(demoCorpusKey)
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("demo: observatory: %w", err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o640); err != nil {
		return fmt.Errorf("demo: observatory: %w", err)
	}
	sum := sha256.Sum256(buf.Bytes())
	c := &creatorclub.Corpus{Title: "Démonstration — corpus synthétique 2022-2025", FileName: "demo-20000.jsonl.gz", Key: demoCorpusKey,
		Size: int64(buf.Len()), SHA256: hex.EncodeToString(sum[:])}
	a := &creatorclub.CorpusAnalysis{Cutoff: time.Date(2023, 6, 9, 0, 0, 0, 0, time.UTC), ReportKey: "demo-report"}
	if err := o.DB.CreateCorpusAnalysis(ctx, c, a, nil, nil); err != nil {
		return fmt.Errorf("demo: observatory: %w", err)
	}
	if err := o.Analyze(ctx, a.ID); err != nil {
		return fmt.Errorf("demo: observatory: %w", err)
	}
	return o.DB.PublishAnalysis(ctx, a.ID, true, &creatorclub.AuditEntry{ActorEmail: "demo", Action: creatorclub.AuditReportPublish})
}
