package sqldb_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/alexedwards/scs/postgresstore"
	"github.com/alexedwards/scs/sqlite3store"

	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

// countingWriter counts the writes that reach the table.
type countingWriter struct {
	sqldb.SessionWriter
	commits atomic.Int32
}

func (c *countingWriter) Commit(token string, b []byte, expiry time.Time) error {
	c.commits.Add(1)
	return c.SessionWriter.Commit(token, b, expiry)
}

// TestSessionStoreSkipsUnchangedWrites checks that a session read back
// unchanged is not written again until its expiry moves by the refresh
// interval, that a change is always written, and that the store reads what
// the engine's scs store wrote.
func TestSessionStoreSkipsUnchangedWrites(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		var w sqldb.SessionWriter
		if db.Engine == sqldb.Postgres {
			w = postgresstore.NewWithCleanupInterval(db.Write, 0)
		} else {
			w = sqlite3store.NewWithCleanupInterval(db.Write, 0)
		}
		cw := &countingWriter{SessionWriter: w}
		st := db.NewSessionStore(cw, time.Hour, nil)
		expiry := time.Now().Add(24 * time.Hour).UTC().Truncate(time.Millisecond)
		if err := st.CommitCtx(ctx, "tok-1", []byte("user=1"), expiry); err != nil {
			t.Fatal(err)
		}
		// Another instance (or a restart) reads what was written, expiry included.
		other := db.NewSessionStore(cw, time.Hour, nil)
		data, ok, err := other.FindCtx(ctx, "tok-1")
		if err != nil || !ok || string(data) != "user=1" {
			t.Fatalf("find: %q %v %v", data, ok, err)
		}
		steps := []struct {
			name   string
			data   string
			expiry time.Time
			writes int32
		}{
			{"same data, expiry a minute later", "user=1", expiry.Add(time.Minute), 1},
			{"same data, expiry 59 minutes later", "user=1", expiry.Add(59 * time.Minute), 1},
			{"same data, expiry two hours later", "user=1", expiry.Add(2 * time.Hour), 2},
			{"changed data", "user=1;flash=ok", expiry.Add(2 * time.Hour), 3},
			{"earlier expiry", "user=1;flash=ok", expiry, 4},
		}
		for _, s := range steps {
			if err := other.CommitCtx(ctx, "tok-1", []byte(s.data), s.expiry); err != nil {
				t.Fatal(err)
			}
			if got := cw.commits.Load(); got != s.writes {
				t.Fatalf("%s: %d writes, want %d", s.name, got, s.writes)
			}
			if data, _, _ := other.FindCtx(ctx, "tok-1"); string(data) != s.data {
				t.Fatalf("%s: read %q", s.name, data)
			}
		}
		// Expired and deleted sessions are not found.
		if err := st.CommitCtx(ctx, "tok-old", []byte("x"), time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := st.FindCtx(ctx, "tok-old"); ok || err != nil {
			t.Fatalf("expired session found: %v %v", ok, err)
		}
		if err := other.DeleteCtx(ctx, "tok-1"); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := st.FindCtx(ctx, "tok-1"); ok {
			t.Fatal("deleted session found")
		}
		// Once deleted, the same data is written again.
		before := cw.commits.Load()
		other.CommitCtx(ctx, "tok-1", []byte("user=1;flash=ok"), expiry)
		if cw.commits.Load() != before+1 {
			t.Fatal("a deleted session was not written again")
		}
	})
}
