package sqldb_test

import (
	"bytes"
	"testing"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

func TestCheckSafetyKey(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		k1, k2 := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
		if err := db.CheckSafetyKey(ctx, k1); err != nil {
			t.Fatalf("first key: %v", err)
		}
		if err := db.CheckSafetyKey(ctx, k1); err != nil {
			t.Fatalf("same key again: %v", err)
		}
		err := db.CheckSafetyKey(ctx, k2)
		if creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Fatalf("another key: %v, want ECONFLICT", err)
		}
		// The first key still opens the desk: the refusal changed nothing.
		if err := db.CheckSafetyKey(ctx, k1); err != nil {
			t.Fatalf("first key after a refusal: %v", err)
		}
	})
}
