// Package sqldb stores the club's data in SQLite (the embedded default) or
// PostgreSQL. It is the only package that imports database drivers. Queries are
// written once in portable SQL with $N placeholders, which both drivers accept.
package sqldb

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/creatorclub/creatorclub"
)

// Engines.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

//go:embed migrations
var migrations embed.FS

// DB is an open database. On SQLite, Write has a single connection so that
// writers queue in Go rather than fail with SQLITE_BUSY, and Read is a pool of
// read-only connections; on PostgreSQL both are the same pool.
type DB struct {
	Engine string
	Write  *sql.DB
	Read   *sql.DB
	Path   string // SQLite file, empty on PostgreSQL
	url    string // PostgreSQL URL, for LISTEN connections
	// pool holds the PostgreSQL connections behind Write and Read: closing
	// a *sql.DB made from a pgx pool does not close the pool.
	pool *pgxpool.Pool

	// Now returns the current time; tests replace it.
	Now func() time.Time

	// On SQLite, the write-ahead log is copied into the database file by
	// checkpointer, on a connection of its own (see checkpoints).
	ckpt             *sql.DB
	stopCheckpoint   chan struct{}
	checkpointDone   chan struct{}
	lastCheckpoint   atomic.Pointer[checkpointResult]
	closeCheckpoints sync.Once
}

// checkpointResult is what the last background checkpoint reported: frames
// in the write-ahead log, and how many of them are in the database file.
type checkpointResult struct {
	Log, Checkpointed int
	Err               error
}

// checkpointInterval is how often the write-ahead log is checkpointed.
var checkpointInterval = time.Second

// SQLiteDSN returns the data source name for the SQLite file at path, with the
// pragmas the club relies on (busy timeout first so the others can wait).
func SQLiteDSN(path string, readOnly bool) string {
	v := url.Values{}
	v.Add("_pragma", "busy_timeout(10000)")
	v.Add("_pragma", "journal_mode(WAL)")
	v.Add("_pragma", "synchronous(NORMAL)")
	v.Add("_pragma", "foreign_keys(ON)")
	if readOnly {
		v.Add("_pragma", "query_only(ON)")
	} else {
		// A commit that fills the log past 1,000 pages would copy it into
		// the database file and sync it before returning, with every other
		// writer waiting behind it: the club's checkpointer does that on
		// a connection of its own (DB.checkpoints).
		v.Add("_pragma", "wal_autocheckpoint(0)")
	}
	v.Add("_time_format", "sqlite")
	return "file:" + path + "?" + v.Encode()
}

// Open opens the SQLite database in dataDir (creating the directory), or the
// PostgreSQL database at databaseURL when it is not empty. It does not migrate.
func Open(ctx context.Context, dataDir, databaseURL string) (*DB, error) {
	db := &DB{Now: func() time.Time { return time.Now().UTC() }}
	if databaseURL != "" {
		if !strings.HasPrefix(databaseURL, "postgres://") && !strings.HasPrefix(databaseURL, "postgresql://") {
			return nil, creatorclub.Errorf(creatorclub.EINVALID, "database URL must start with postgres://")
		}
		cfg, err := pgxpool.ParseConfig(databaseURL)
		if err != nil {
			return nil, fmt.Errorf("sqldb: parse database url: %w", err)
		}
		pool, err := pgxpool.NewWithConfig(ctx, cfg)
		if err != nil {
			return nil, fmt.Errorf("sqldb: connect postgres: %w", err)
		}
		sdb := stdlib.OpenDBFromPool(pool)
		if err := sdb.PingContext(ctx); err != nil {
			sdb.Close()
			pool.Close()
			return nil, fmt.Errorf("sqldb: ping postgres: %w", err)
		}
		db.Engine, db.Write, db.Read, db.url, db.pool = Postgres, sdb, sdb, databaseURL, pool
		return db, nil
	}
	if dataDir == "" {
		return nil, creatorclub.Errorf(creatorclub.EINVALID, "data directory required")
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("sqldb: create data dir: %w", err)
	}
	db.Engine = SQLite
	db.Path = filepath.Join(dataDir, "creatorclub.db")
	w, err := sql.Open("sqlite", SQLiteDSN(db.Path, false))
	if err != nil {
		return nil, fmt.Errorf("sqldb: open sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqldb: open sqlite %s: %w", db.Path, err)
	}
	r, err := sql.Open("sqlite", SQLiteDSN(db.Path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqldb: open sqlite reader: %w", err)
	}
	r.SetMaxOpenConns(4)
	ck, err := sql.Open("sqlite", SQLiteDSN(db.Path, false))
	if err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("sqldb: open sqlite checkpointer: %w", err)
	}
	ck.SetMaxOpenConns(1)
	db.Write, db.Read, db.ckpt = w, r, ck
	db.stopCheckpoint, db.checkpointDone = make(chan struct{}), make(chan struct{})
	go db.checkpoints(checkpointInterval)
	return db, nil
}

// checkpoints copies the write-ahead log into the database file every
// interval until Close, in PASSIVE mode: it takes no lock that writers or
// readers wait for, and the sync of the database file it ends with, which
// may take seconds on a busy disk, holds up nobody. The log is restarted by
// the next writer once every reader has left it.
func (db *DB) checkpoints(interval time.Duration) {
	defer close(db.checkpointDone)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-db.stopCheckpoint:
			return
		case <-t.C:
		}
		res := db.checkpoint()
		db.lastCheckpoint.Store(&res)
	}
}

// checkpoint runs one PASSIVE checkpoint.
func (db *DB) checkpoint() checkpointResult {
	var res checkpointResult
	var busy int
	res.Err = db.ckpt.QueryRow("PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &res.Log, &res.Checkpointed)
	return res
}

// Close closes the connections.
func (db *DB) Close() error {
	if db.ckpt != nil {
		db.closeCheckpoints.Do(func() {
			close(db.stopCheckpoint)
			<-db.checkpointDone
			db.ckpt.Close()
		})
	}
	forgetStatements(db.Write)
	forgetStatements(db.Read)
	err := db.Write.Close()
	if db.Read != db.Write {
		if err2 := db.Read.Close(); err == nil {
			err = err2
		}
	}
	if db.pool != nil {
		db.pool.Close()
	}
	return err
}

// Migrate applies the embedded migrations of the engine that are not yet
// applied, and returns how many were.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	p, err := db.migrations()
	if err != nil {
		return 0, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return 0, fmt.Errorf("sqldb: migrate: %w", err)
	}
	return len(res), nil
}

// migrations returns the goose provider of the engine's embedded migrations.
func (db *DB) migrations() (*goose.Provider, error) {
	dialect, dir := goose.DialectSQLite3, "migrations/sqlite"
	if db.Engine == Postgres {
		dialect, dir = goose.DialectPostgres, "migrations/postgres"
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return nil, fmt.Errorf("sqldb: migrations: %w", err)
	}
	p, err := goose.NewProvider(dialect, db.Write, sub)
	if err != nil {
		return nil, fmt.Errorf("sqldb: migrations: %w", err)
	}
	return p, nil
}

// MigrateDown reverts the migrations applied after version (0: all of
// them), for an operator rolling back a release, and returns how many it
// reverted.
func (db *DB) MigrateDown(ctx context.Context, version int64) (int, error) {
	p, err := db.migrations()
	if err != nil {
		return 0, err
	}
	res, err := p.DownTo(ctx, version)
	if err != nil {
		return 0, fmt.Errorf("sqldb: migrate down to %d: %w", version, err)
	}
	return len(res), nil
}

// Backup writes a consistent copy of a live SQLite database to path with
// VACUUM INTO. On PostgreSQL it returns EINVALID: use pg_dump there.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.Engine != SQLite {
		return creatorclub.Errorf(creatorclub.EINVALID, "backup of a PostgreSQL database: use pg_dump (for example: pg_dump --format=custom --file=club.dump \"$CREATORCLUB_DATABASE_URL\")")
	}
	if _, err := os.Stat(path); err == nil {
		return creatorclub.Errorf(creatorclub.ECONFLICT, "%s already exists", path)
	}
	if _, err := db.Write.ExecContext(ctx, "VACUUM INTO $1", path); err != nil {
		return fmt.Errorf("sqldb: backup to %s: %w", path, err)
	}
	return nil
}

// now returns the store's clock truncated to microseconds, the precision
// PostgreSQL keeps, so that values read back compare equal.
func (db *DB) now() time.Time {
	return db.Now().UTC().Truncate(time.Microsecond)
}

// withTx runs fn in a write transaction, committing if it returns nil.
func (db *DB) withTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.Write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqldb: begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqldb: commit: %w", err)
	}
	return nil
}

// WithTx runs fn in a write transaction for callers outside the package (for
// example to enqueue a job atomically with a change).
func (db *DB) WithTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.withTx(ctx, fn)
}

// queryer is what both *sql.DB and *sql.Tx offer.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// isUniqueViolation reports whether err is a unique-constraint failure on either engine.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// nullTime converts a nullable time column.
func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// dateOnly truncates t to midnight UTC of its day.
func dateOnly(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
