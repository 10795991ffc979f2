package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

// TestSafetyRetention runs the worker on a real store: the case closed
// longer ago than the retention period goes, the recent one stays.
func TestSafetyRetention(t *testing.T) {
	for _, engine := range sqldbtest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := sqldbtest.Open(t, engine)
			sealer, _ := creatorclub.NewSealer(make([]byte, 32))
			st := db.Safety(sealer)
			u := &creatorclub.User{Email: "m@example.fr", Role: creatorclub.RoleMember}
			if err := db.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			off := &creatorclub.User{Email: "s@example.fr", Role: creatorclub.RoleSafety}
			db.CreateUser(ctx, off)
			t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
			var ids []int64
			for _, at := range []time.Time{t0, t0.AddDate(0, 11, 0)} {
				db.Now = func() time.Time { return at }
				c, err := st.OpenCase(ctx, u, &creatorclub.NewCase{Kind: creatorclub.KindRequest, Category: creatorclub.CategoryTechnical, Description: "bug"}, nil)
				if err != nil {
					t.Fatal(err)
				}
				done := creatorclub.StatusResolved
				if err := st.UpdateCase(ctx, c.ID, off, sqldbUpdate(done)); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, c.ID)
			}
			now := func() time.Time { return t0.AddDate(1, 0, 0) }
			w := jobs.NewSafetyRetentionWorker(db.PurgeClosedCases, 180*24*time.Hour, now, nil)
			if err := w.Work(ctx, &river.Job[jobs.SafetyRetentionArgs]{}); err != nil {
				t.Fatal(err)
			}
			if _, err := st.FindCase(ctx, ids[0]); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
				t.Fatalf("old case kept: %v", err)
			}
			if _, err := st.FindCase(ctx, ids[1]); err != nil {
				t.Fatalf("recent case deleted: %v", err)
			}
		})
	}
}

func sqldbUpdate(s creatorclub.CaseStatus) sqldb.CaseUpdate { return sqldb.CaseUpdate{Status: &s} }
