package demo_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/demo"
	"github.com/creatorclub/creatorclub/files"
	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

func TestSeedObservatory(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		store, err := files.NewStore(filepath.Join(t.TempDir(), "files"))
		if err != nil {
			t.Fatal(err)
		}
		o := &jobs.Observatory{DB: db, Store: store, Dir: t.TempDir()}
		for range 2 { // the second run adds nothing
			if err := demo.SeedObservatory(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
		pub, err := db.ListCorpusAnalyses(ctx, true)
		if err != nil || len(pub) != 1 || pub[0].Status != creatorclub.AnalysisDone || pub[0].Posts != 20000 {
			t.Fatalf("published: %+v %v", pub, err)
		}
		// A second, unpublished sample is there to try the comparison.
		all, err := db.ListCorpusAnalyses(ctx, false)
		if err != nil || len(all) != 2 {
			t.Fatalf("analyses: %d %v", len(all), err)
		}
		for _, a := range all {
			if a.Status != creatorclub.AnalysisDone || (a.ID != pub[0].ID && a.Posts != 5000) {
				t.Errorf("analysis %d: %s, %d posts", a.ID, a.Status, a.Posts)
			}
		}
		rf, err := db.FindReportFile(ctx, pub[0].ID, "report.public.html")
		if err != nil {
			t.Fatal(err)
		}
		f, err := store.Open(rf.Key)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		if refs, _ := db.ListFileReferences(ctx); len(refs) < 2 {
			t.Errorf("file references: %v", refs)
		}
		// The published analysis's review has demonstration verdicts: 24
		// read once, 8 of them twice, one to settle; the other none.
		firsts, err := db.ListPostReviews(ctx, pub[0].CorpusID)
		if err != nil || len(firsts) != 24 {
			t.Fatalf("first readings: %d %v", len(firsts), err)
		}
		seconds, _ := db.ListSecondReviews(ctx, pub[0].CorpusID)
		differ := 0
		for id, rv := range seconds {
			if rv.Verdict() != firsts[id].Verdict() {
				differ++
			}
		}
		if len(seconds) != 8 || differ != 1 {
			t.Errorf("second readings: %d, %d differ", len(seconds), differ)
		}
		for _, rv := range firsts {
			if !rv.SectorsReviewed || rv.ReviewerID != 0 || rv.Note == "" {
				t.Errorf("demonstration verdict %+v", rv)
				break
			}
		}
		for _, a := range all {
			if other, _ := db.ListPostReviews(ctx, a.CorpusID); a.ID != pub[0].ID && len(other) != 0 {
				t.Errorf("the second sample has %d verdicts", len(other))
			}
		}
	})
}
