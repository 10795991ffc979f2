package demo_test

import (
	"context"
	"testing"

	"github.com/creatorclub/creatorclub/demo"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

func TestSeedCommittee(t *testing.T) {
	db := sqldbtest.Open(t, sqldb.SQLite)
	ctx := context.Background()
	acc, err := demo.Seed(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	lea, _ := db.FindUserByEmail(ctx, acc.Member)
	if ok, _ := db.IsCommitteeMember(ctx, lea.ID); !ok {
		t.Fatal("the demo member is not on the committee")
	}
	terms, _ := db.ListTerms(ctx, true, false)
	if len(terms) != 3 || terms[0].UserID != lea.ID || terms[0].Role != "chair" {
		t.Fatalf("committee: %+v", terms)
	}
	if open, _ := db.ListCalls(ctx, true); len(open) != 1 || open[0].Applications != 2 {
		t.Fatalf("open calls: %+v", open)
	}
	if p, _ := db.RenewalProcedure(ctx); p == "" {
		t.Fatal("no renewal procedure")
	}
	// Seeding again changes nothing.
	if _, err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	if calls, _ := db.ListCalls(ctx, false); len(calls) != 2 {
		t.Fatalf("%d calls after a second seed", len(calls))
	}
}
