package sqldb

import (
	"context"
	"database/sql"
	"sync"
)

// Prepared statements for the hot paths (a vote, a session's load): SQLite
// parses a query again at every call otherwise, which cost the question box
// a seventh of the server's CPU under load. database/sql prepares a
// statement once per connection that runs it, and inside a transaction
// reuses the connection's.
var stmts sync.Map // stmtKey → *sql.Stmt

type stmtKey struct {
	pool  *sql.DB
	query string
}

// prepared returns query prepared on pool, preparing it on first use.
func prepared(ctx context.Context, pool *sql.DB, query string) (*sql.Stmt, error) {
	k := stmtKey{pool, query}
	if st, ok := stmts.Load(k); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := pool.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if prev, loaded := stmts.LoadOrStore(k, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

// queryRowPrepared is pool.QueryRowContext through a prepared statement.
func queryRowPrepared(ctx context.Context, pool *sql.DB, query string, args ...any) *sql.Row {
	st, err := prepared(ctx, pool, query)
	if err != nil {
		return pool.QueryRowContext(ctx, query, args...) // reports the error
	}
	return st.QueryRowContext(ctx, args...)
}

// queryRowOn is q.QueryRowContext, through a statement prepared once when q
// is a pool; in a transaction the query runs as it is. For the queries every
// request runs (its user, the event of a page), whether from a pool or a
// transaction.
func queryRowOn(ctx context.Context, q queryer, query string, args ...any) *sql.Row {
	if pool, ok := q.(*sql.DB); ok {
		return queryRowPrepared(ctx, pool, query, args...)
	}
	return q.QueryRowContext(ctx, query, args...)
}

// queryOn is q.QueryContext, through a statement prepared once when q is a
// pool. query must be one of a few fixed texts: each is kept prepared for
// the life of the pool.
func queryOn(ctx context.Context, q queryer, query string, args ...any) (*sql.Rows, error) {
	if pool, ok := q.(*sql.DB); ok {
		st, err := prepared(ctx, pool, query)
		if err != nil {
			return nil, err
		}
		return st.QueryContext(ctx, args...)
	}
	return q.QueryContext(ctx, query, args...)
}

// txPrepared returns query prepared for use in tx (pool is the pool tx
// belongs to). The first time, the pool's statement cannot be prepared from
// inside the transaction (SQLite's write pool has one connection, which tx
// holds): the statement is prepared for tx alone, and for the pool once tx
// is done.
func txPrepared(ctx context.Context, tx *sql.Tx, pool *sql.DB, query string) (*sql.Stmt, error) {
	if st, ok := stmts.Load(stmtKey{pool, query}); ok {
		return tx.StmtContext(ctx, st.(*sql.Stmt)), nil
	}
	go prepared(context.Background(), pool, query)
	return tx.PrepareContext(ctx, query)
}

// forgetStatements closes the statements prepared on pool, when it closes.
func forgetStatements(pool *sql.DB) {
	stmts.Range(func(k, v any) bool {
		if k.(stmtKey).pool == pool {
			v.(*sql.Stmt).Close()
			stmts.Delete(k)
		}
		return true
	})
}

// txExec is tx.ExecContext through a statement prepared on the write pool.
func (db *DB) txExec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	st, err := txPrepared(ctx, tx, db.Write, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// txQueryRow is tx.QueryRowContext through a statement prepared on the
// write pool.
func (db *DB) txQueryRow(ctx context.Context, tx *sql.Tx, query string, args ...any) *sql.Row {
	st, err := txPrepared(ctx, tx, db.Write, query)
	if err != nil {
		return tx.QueryRowContext(ctx, query, args...) // reports the error
	}
	return st.QueryRowContext(ctx, args...)
}
