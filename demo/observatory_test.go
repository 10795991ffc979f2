package demo_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/demo"
	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

func TestSeedObservatory(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		o := &jobs.Observatory{DB: db, Dir: t.TempDir()}
		for range 2 { // the second run adds nothing
			if err := demo.SeedObservatory(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
		pub, err := db.ListCorpusAnalyses(ctx, true)
		if err != nil || len(pub) != 1 || pub[0].Status != creatorclub.AnalysisDone || pub[0].Posts != 20000 {
			t.Fatalf("published: %+v %v", pub, err)
		}
		if _, err := os.Stat(filepath.Join(o.ReportDir(pub[0].ReportKey), "report.public.html")); err != nil {
			t.Error(err)
		}
	})
}
