package demo_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/demo"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

func TestSeedSafety(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		if _, err := demo.Seed(ctx, db); err != nil {
			t.Fatal(err)
		}
		sealer, _ := creatorclub.NewSealer(bytes.Repeat([]byte{3}, 32))
		for i := 0; i < 2; i++ { // idempotent
			if err := demo.SeedSafety(ctx, db, sealer); err != nil {
				t.Fatal(err)
			}
		}
		st := db.Safety(sealer)
		cs, err := st.ListCases(ctx, creatorclub.CaseFilter{Status: "all"})
		if err != nil || len(cs) != 3 {
			t.Fatalf("cases: %d %v", len(cs), err)
		}
		if cs[0].Category != creatorclub.CategoryDistress || !cs[0].Urgent {
			t.Fatalf("the urgent distress request is not first: %+v", cs[0])
		}
	})
}
