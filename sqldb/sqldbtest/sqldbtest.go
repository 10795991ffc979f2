// Package sqldbtest opens throwaway databases for tests: a SQLite file in a
// temporary directory always, and a fresh PostgreSQL schema when a server is
// reachable. Each PostgreSQL test gets its own schema, dropped at the end,
// because the server keeps state between runs.
package sqldbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/creatorclub/creatorclub/sqldb"
)

// DefaultPostgresURL is the CI server; CREATORCLUB_TEST_DATABASE_URL overrides it.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

var (
	pgOnce sync.Once
	pgURL  string
	pgErr  error
)

// PostgresURL returns the URL of a reachable PostgreSQL test server, or "" and
// the reason it is not used. Setting CREATORCLUB_TEST_POSTGRES=off skips it;
// CREATORCLUB_TEST_POSTGRES=required makes an unreachable server an error.
func PostgresURL() (string, error) {
	pgOnce.Do(func() {
		if os.Getenv("CREATORCLUB_TEST_POSTGRES") == "off" {
			pgErr = fmt.Errorf("disabled by CREATORCLUB_TEST_POSTGRES=off")
			return
		}
		u := os.Getenv("CREATORCLUB_TEST_DATABASE_URL")
		if u == "" {
			u = DefaultPostgresURL
		}
		db, err := sql.Open("pgx", u)
		if err != nil {
			pgErr = err
			return
		}
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		if err := db.PingContext(ctx); err != nil {
			pgErr = fmt.Errorf("postgres not reachable at %s: %w", u, err)
			return
		}
		pgURL = u
	})
	return pgURL, pgErr
}

// Engines returns the engines to test on: always SQLite, and PostgreSQL when reachable.
func Engines(t testing.TB) []string {
	engines := []string{sqldb.SQLite}
	if _, err := PostgresURL(); err == nil {
		engines = append(engines, sqldb.Postgres)
	} else if os.Getenv("CREATORCLUB_TEST_POSTGRES") == "required" {
		t.Fatalf("PostgreSQL required: %v", err)
	}
	return engines
}

// DatabaseURL creates a fresh schema on the PostgreSQL test server and returns
// a URL whose connections use it; the schema is dropped when the test ends.
func DatabaseURL(t testing.TB) string {
	t.Helper()
	base, err := PostgresURL()
	if err != nil {
		t.Fatalf("sqldbtest: %v", err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "cctest_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("sqldbtest: create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("sqldbtest: drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open opens and migrates a fresh database of the engine, closed at the end of the test.
func Open(t testing.TB, engine string) *sqldb.DB {
	t.Helper()
	ctx := context.Background()
	var db *sqldb.DB
	var err error
	switch engine {
	case sqldb.SQLite:
		db, err = sqldb.Open(ctx, t.TempDir(), "")
	case sqldb.Postgres:
		db, err = sqldb.Open(ctx, "", DatabaseURL(t))
	default:
		t.Fatalf("unknown engine %q", engine)
	}
	if err != nil {
		t.Fatalf("sqldbtest: open %s: %v", engine, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("sqldbtest: migrate %s: %v", engine, err)
	}
	return db
}

// Each runs fn as a subtest on a fresh database of every available engine.
func Each(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	for _, engine := range Engines(t) {
		t.Run(engine, func(t *testing.T) {
			fn(t, Open(t, engine))
		})
	}
}
