package sqldb

import (
	"context"
	"database/sql"
	"testing"
	"time"
)

// TestTxPreparedOnTheOnlyConnection prepares a statement first inside a
// transaction on SQLite's one-connection write pool (preparing it on the
// pool from there would wait for that connection forever), then again in
// the next transactions, which reuse the pool's statement; closing the
// database forgets it.
func TestTxPreparedOnTheOnlyConnection(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db, err := Open(ctx, t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	const q = `SELECT $1 + 1`
	for i := range 3 {
		err := db.withTx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := db.txQueryRow(ctx, tx, q, i).Scan(&n); err != nil || n != i+1 {
				t.Fatalf("round %d: %d %v", i, n, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// The pool's statement is prepared once the first transaction ends.
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			if _, ok := stmts.Load(stmtKey{db.Write, q}); ok {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("statement never prepared on the pool")
			}
		}
	}
	db.Close()
	if _, ok := stmts.Load(stmtKey{db.Write, q}); ok {
		t.Fatal("statement kept after Close")
	}
}
