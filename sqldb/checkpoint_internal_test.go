package sqldb

import (
	"context"
	"os"
	"testing"
	"time"
)

// TestSQLiteWritesLeaveCheckpoints checks that a commit never copies the
// write-ahead log into the database file itself (which would make every
// other writer wait for the copy and its sync): the log grows past the
// 1,000 pages at which SQLite would, until the club's checkpointer copies
// it all.
func TestSQLiteWritesLeaveCheckpoints(t *testing.T) {
	defer func(d time.Duration) { checkpointInterval = d }(checkpointInterval)
	checkpointInterval = time.Hour // no background checkpoint during the test
	ctx := context.Background()
	db, err := Open(ctx, t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var auto int
	if err := db.Write.QueryRowContext(ctx, "PRAGMA wal_autocheckpoint").Scan(&auto); err != nil {
		t.Fatal(err)
	}
	if auto != 0 {
		t.Fatalf("the write connection checkpoints every %d pages", auto)
	}
	if _, err := db.Write.ExecContext(ctx, "CREATE TABLE t (b BLOB)"); err != nil {
		t.Fatal(err)
	}
	for range 1500 {
		if _, err := db.Write.ExecContext(ctx, "INSERT INTO t VALUES (randomblob(3000))"); err != nil {
			t.Fatal(err)
		}
	}
	st, err := os.Stat(db.Path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() < 1500*4096 {
		t.Fatalf("write-ahead log of %d bytes after 1,500 pages: a commit checkpointed it", st.Size())
	}
	res := db.checkpoint()
	if res.Err != nil || res.Log < 1500 || res.Checkpointed != res.Log {
		t.Fatalf("checkpoint: %+v, want every frame of at least 1,500 copied", res)
	}
	var n int
	if err := db.Read.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n); err != nil || n != 1500 {
		t.Fatalf("%d rows (%v) after the checkpoint, want 1500", n, err)
	}
}

// TestSQLiteCheckpointsInBackground checks that Open starts the
// checkpointer and Close stops it.
func TestSQLiteCheckpointsInBackground(t *testing.T) {
	defer func(d time.Duration) { checkpointInterval = d }(checkpointInterval)
	checkpointInterval = 10 * time.Millisecond
	ctx := context.Background()
	db, err := Open(ctx, t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Write.ExecContext(ctx, "CREATE TABLE t (b BLOB)"); err != nil {
		t.Fatal(err)
	}
	for range 50 {
		if _, err := db.Write.ExecContext(ctx, "INSERT INTO t VALUES (randomblob(3000))"); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		r := db.lastCheckpoint.Load()
		if r != nil && r.Err == nil && r.Log > 0 && r.Checkpointed == r.Log {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no complete background checkpoint in 5 s: %+v", r)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err == nil {
		t.Log("second Close: no error")
	}
	select {
	case <-db.checkpointDone:
	default:
		t.Fatal("the checkpointer still runs after Close")
	}
}
