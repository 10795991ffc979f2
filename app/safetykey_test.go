package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
