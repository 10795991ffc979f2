package jobs_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // Registers the "pgx" database/sql driver.
	_ "modernc.org/sqlite"             // Registers the "sqlite" database/sql driver.

	"github.com/creatorclub/creatorclub/jobs"
)

// defaultPostgresURL is the local test server tried when
// CREATORCLUB_TEST_DATABASE_URL is not set.
const defaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// sqliteDSN is the application's DSN for the SQLite file at path.
func sqliteDSN(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_time_format=sqlite"
}

// openSQLite opens a new SQLite database in a temporary directory, limited to
// one connection as River's SQLite driver needs, and closes it when the test
// ends.
func openSQLite(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", sqliteDSN(filepath.Join(t.TempDir(), "creatorclub.db")))
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close sqlite: %v", err)
		}
	})
	if err := db.Ping(); err != nil {
		t.Fatalf("ping sqlite: %v", err)
	}
	return db
}

// openPostgres creates a database of its own on the test PostgreSQL server
// (CREATORCLUB_TEST_DATABASE_URL, or the local server when reachable), opens
// it with the pgx database/sql driver, and drops it when the test ends. It
// skips the test if no server is configured or reachable, or with
// CREATORCLUB_TEST_POSTGRES=off; with CREATORCLUB_TEST_POSTGRES=required
// (CI) an unreachable server fails it, as everywhere else.
func openPostgres(t testing.TB) *sql.DB {
	t.Helper()
	if os.Getenv("CREATORCLUB_TEST_POSTGRES") == "off" {
		t.Skip("PostgreSQL tests skipped: CREATORCLUB_TEST_POSTGRES=off")
	}
	baseURL, configured := os.LookupEnv("CREATORCLUB_TEST_DATABASE_URL")
	if !configured {
		baseURL = defaultPostgresURL
	}

	admin, err := sql.Open("pgx", baseURL)
	if err != nil {
		t.Fatalf("open postgres %s: %v", redact(baseURL), err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		_ = admin.Close()
		if configured || os.Getenv("CREATORCLUB_TEST_POSTGRES") == "required" {
			t.Fatalf("PostgreSQL is required (CREATORCLUB_TEST_DATABASE_URL or CREATORCLUB_TEST_POSTGRES=required) but unreachable at %s: %v", redact(baseURL), err)
		}
		t.Skipf("PostgreSQL tests skipped: no server at %s (%v); set CREATORCLUB_TEST_DATABASE_URL to run them", redact(baseURL), err)
	}

	var random [6]byte
	_, _ = rand.Read(random[:])
	name := "cc_jobs_" + hex.EncodeToString(random[:])
	if _, err := admin.ExecContext(context.Background(), "CREATE DATABASE "+name); err != nil {
		_ = admin.Close()
		t.Fatalf("create database %s: %v", name, err)
	}

	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("CREATORCLUB_TEST_DATABASE_URL must be a postgres:// URL, got %s", redact(baseURL))
	}
	u.Path = "/" + name
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatalf("open postgres database %s: %v", name, err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close postgres database %s: %v", name, err)
		}
		// FORCE ends sessions that a failed test may have left behind.
		if _, err := admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
		_ = admin.Close()
	})
	return db
}

// redact hides the password of a database URL in messages.
func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		return u.Redacted()
	}
	if strings.Contains(dsn, "password") {
		return "(database URL with password)"
	}
	return dsn
}

// forEachEngine runs test as a parallel subtest on a fresh, migrated SQLite
// database and on a fresh, migrated PostgreSQL database.
func forEachEngine(t *testing.T, test func(t *testing.T, db *sql.DB, engine string)) {
	t.Helper()
	for _, engine := range []string{jobs.EngineSQLite, jobs.EnginePostgres} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			var db *sql.DB
			if engine == jobs.EngineSQLite {
				db = openSQLite(t)
			} else {
				db = openPostgres(t)
			}
			if err := jobs.Migrate(context.Background(), db, engine); err != nil {
				t.Fatalf("Migrate: %v", err)
			}
			test(t, db, engine)
		})
	}
}
