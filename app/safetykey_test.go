package app_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/app"
	"github.com/creatorclub/creatorclub/sqldb"
)

// TestSecondInstanceWithAnotherSafetyKeyRefused starts a second instance on
// the database of a first one with another key and no configured key — on
// PostgreSQL an instance with its own data directory, on SQLite the same
// directory after its key file was lost — which generates a new key: it must
// refuse to start rather than seal cases the first key cannot read.
func TestSecondInstanceWithAnotherSafetyKeyRefused(t *testing.T) {
	for engine, store := range stores(t) {
		t.Run(engine, func(t *testing.T) {
			t.Setenv("CREATORCLUB_SAFETY_KEY", "")
			shared := store[2:] // the database, without its data directory
			serve := func(dataDir string) (*app.Main, error) {
				m := app.NewMain()
				m.Stdout = io.Discard
				m.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
				var stderr bytes.Buffer
				args := append([]string{"--addr", "127.0.0.1:0", "--data-dir", dataDir}, shared...)
				if err := m.ParseFlags("serve", args, &stderr); err != nil {
					t.Fatalf("serve %v: %v %s", args, err, stderr.String())
				}
				err := m.Run(context.Background())
				t.Cleanup(func() { m.Close() })
				return m, err
			}
			firstDir := t.TempDir()
			first, err := serve(firstDir)
			if err != nil {
				t.Fatalf("first instance: %v", err)
			}
			secondDir := t.TempDir()
			if engine == sqldb.SQLite {
				first.Close()
				secondDir = firstDir
				if err := os.Remove(filepath.Join(firstDir, "safety.key")); err != nil {
					t.Fatal(err)
				}
			}
			m, err := serve(secondDir)
			if err == nil || !strings.Contains(err.Error(), "CREATORCLUB_SAFETY_KEY") {
				t.Fatalf("second instance with another key: %v, want a refusal naming CREATORCLUB_SAFETY_KEY", err)
			}
			if m.HTTP != nil {
				t.Error("the refused instance listens")
			}
		})
	}
}

// TestRotateSafetyKeyCommand rotates the key kept in DATA_DIR/safety.key:
// the desk's messages open with the new key only, the old key is kept
// apart, and the command refuses to run without --yes.
func TestRotateSafetyKeyCommand(t *testing.T) {
	for engine, store := range stores(t) {
		t.Run(engine, func(t *testing.T) {
			t.Setenv("CREATORCLUB_SAFETY_KEY", "")
			dataDir := store[1]
			old := bytes.Repeat([]byte{4}, 32)
			if err := os.WriteFile(filepath.Join(dataDir, "safety.key"), []byte(base64.StdEncoding.EncodeToString(old)+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			// A case sealed with the current key.
			db := openStore(t, store)
			if err := db.CheckSafetyKey(ctx, old); err != nil {
				t.Fatal(err)
			}
			member := &creatorclub.User{Email: "lea@example.fr", FirstName: "Léa", Role: creatorclub.RoleMember,
				Cert: &creatorclub.Certification{Number: "C-1", Status: creatorclub.CertActive, CertifiedOn: time.Now().AddDate(-1, 0, 0), ExpiresOn: time.Now().AddDate(1, 0, 0)}}
			if err := db.CreateUser(ctx, member); err != nil {
				t.Fatal(err)
			}
			oldSealer, _ := creatorclub.NewSealer(old)
			c, err := db.Safety(oldSealer).OpenCase(ctx, member, &creatorclub.NewCase{Kind: creatorclub.KindRequest, Category: creatorclub.CategoryHarassment,
				Description: "On me harcèle en message privé."}, nil)
			if err != nil {
				t.Fatal(err)
			}
			db.Close()

			if _, _, err := cli(t, store, "safety", "rotate-key"); err == nil || !strings.Contains(err.Error(), "--yes") {
				t.Fatalf("without --yes: %v", err)
			}
			newKey := rotateKey(t, store, dataDir)
			if bytes.Equal(newKey, old) {
				t.Fatal("the new key file holds the old key")
			}
			if kept, _ := os.ReadFile(filepath.Join(dataDir, "safety.key.old")); !bytes.Contains(kept, []byte(base64.StdEncoding.EncodeToString(old))) {
				t.Fatal("the old key was not kept in safety.key.old")
			}
			db = openStore(t, store)
			defer db.Close()
			if err := db.CheckSafetyKey(ctx, newKey); err != nil {
				t.Fatalf("the database does not take the new key: %v", err)
			}
			newSealer, _ := creatorclub.NewSealer(newKey)
			msgs, err := db.Safety(newSealer).Messages(ctx, c.ID, true)
			if err != nil || len(msgs) != 1 || msgs[0].Body != "On me harcèle en message privé." {
				t.Fatalf("messages with the new key: %+v %v", msgs, err)
			}
			if _, err := db.Safety(oldSealer).Messages(ctx, c.ID, true); err == nil {
				t.Fatal("the old key still opens the messages")
			}
		})
	}
}

// openStore opens the database of a store's flags.
func openStore(t *testing.T, store []string) *sqldb.DB {
	t.Helper()
	url := ""
	if len(store) > 3 {
		url = store[3]
	}
	db, err := sqldb.Open(ctx, store[1], url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestRotateSafetyKeyFromEnvironment: with the key in the environment, the
// command writes the new key to DATA_DIR/safety.key.new and says to install
// it; a key file given with --new-key-file is used as it is.
func TestRotateSafetyKeyFromEnvironment(t *testing.T) {
	store := stores(t)[sqldb.SQLite]
	dataDir := store[1]
	old := bytes.Repeat([]byte{5}, 32)
	t.Setenv("CREATORCLUB_SAFETY_KEY", base64.StdEncoding.EncodeToString(old))
	db := openStore(t, store)
	if err := db.CheckSafetyKey(ctx, old); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out, _, err := cli(t, store, "safety", "rotate-key", "--yes")
	if err != nil || !strings.Contains(out, "safety.key.new") || !strings.Contains(out, "CREATORCLUB_SAFETY_KEY") {
		t.Fatalf("rotate: %v %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dataDir, "safety.key.new"))
	if err != nil {
		t.Fatal(err)
	}
	generated, _ := app.DecodeSafetyKey(string(b))
	db = openStore(t, store)
	if err := db.CheckSafetyKey(ctx, generated); err != nil {
		t.Fatalf("the generated key is not the database's: %v", err)
	}
	db.Close()
	// Then to a key the operator brings, the generated one now current.
	t.Setenv("CREATORCLUB_SAFETY_KEY", base64.StdEncoding.EncodeToString(generated))
	mine := filepath.Join(t.TempDir(), "mine.key")
	chosen := bytes.Repeat([]byte{6}, 32)
	os.WriteFile(mine, []byte(base64.StdEncoding.EncodeToString(chosen)), 0o600)
	if out, _, err := cli(t, store, "safety", "rotate-key", "--new-key-file", mine, "--yes"); err != nil || !strings.Contains(out, mine) {
		t.Fatalf("rotate to a given key: %v %s", err, out)
	}
	db = openStore(t, store)
	defer db.Close()
	if err := db.CheckSafetyKey(ctx, chosen); err != nil {
		t.Fatalf("the given key is not the database's: %v", err)
	}
	// The same key again: refused.
	t.Setenv("CREATORCLUB_SAFETY_KEY", base64.StdEncoding.EncodeToString(chosen))
	if _, _, err := cli(t, store, "safety", "rotate-key", "--new-key-file", mine, "--yes"); err == nil || !strings.Contains(err.Error(), "is the current key") {
		t.Errorf("the current key as the new one: %v", err)
	}
}

// rotateKey runs "safety rotate-key --yes" on the stopped club, checks that
// it sealed one value again, and returns the new key it wrote to
// DATA_DIR/safety.key.
func rotateKey(t *testing.T, store []string, dataDir string) []byte {
	t.Helper()
	out, _, err := cli(t, store, "safety", "rotate-key", "--yes")
	if err != nil || !strings.Contains(out, "1 sealed values") {
		t.Fatalf("rotate: %v %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dataDir, "safety.key"))
	if err != nil {
		t.Fatal(err)
	}
	key, err := app.DecodeSafetyKey(string(b))
	if err != nil {
		t.Fatalf("new key file: %v", err)
	}
	return key
}
