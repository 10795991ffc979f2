package app_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/app"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

var ctx = context.Background()

// cli runs a subcommand with --data-dir dir (or the PostgreSQL URL) and
// returns its output and error.
func cli(t *testing.T, store []string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	full := append([]string{args[0]}, args[1:]...)
	// Flags go after the subcommand words.
	words := 1
	if args[0] == "roster" || args[0] == "admin" || args[0] == "audit" || args[0] == "safety" {
		words = 2
	}
	full = append(append(append([]string{}, args[:words]...), store...), args[words:]...)
	err := app.Run(ctx, full, &out, &errOut)
	return out.String(), errOut.String(), err
}

const goodRoster = "numero_certificat;prenom;nom;email;instagram;certifie_le;expire_le;statut\n" +
	"C-1;Léa;Martin;lea@example.fr;@lea.cuisine;2024-01-10;2099-01-10;actif\n" +
	"C-2;Théo;Dubois;theo@example.fr;;2024-01-10;2099-01-10;suspendu\n"

func stores(t *testing.T) map[string][]string {
	out := map[string][]string{sqldb.SQLite: {"--data-dir", t.TempDir()}}
	for _, e := range sqldbtest.Engines(t) {
		if e == sqldb.Postgres {
			out[e] = []string{"--data-dir", t.TempDir(), "--database-url", sqldbtest.DatabaseURL(t)}
		}
	}
	return out
}

func TestCommands(t *testing.T) {
	for engine, store := range stores(t) {
		t.Run(engine, func(t *testing.T) {
			if out, _, err := cli(t, store, "migrate"); err != nil || !strings.Contains(out, "up to date") {
				t.Fatalf("migrate: %q %v", out, err)
			}
			file := filepath.Join(t.TempDir(), "registre.csv")
			os.WriteFile(file, []byte(goodRoster), 0o600)
			out, _, err := cli(t, store, "roster", "import", "--dry-run", file)
			if err != nil || !strings.Contains(out, "DRY RUN") || !strings.Contains(out, "2 added") {
				t.Fatalf("dry run: %q %v", out, err)
			}
			out, _, err = cli(t, store, "roster", "import", file)
			if err != nil || strings.Contains(out, "DRY RUN") || !strings.Contains(out, "2 added") {
				t.Fatalf("import: %q %v", out, err)
			}
			out, _, err = cli(t, store, "roster", "import", file)
			if err != nil || !strings.Contains(out, "0 added") || !strings.Contains(out, "2 unchanged") {
				t.Fatalf("re-import: %q %v", out, err)
			}
			bad := filepath.Join(t.TempDir(), "bad.csv")
			os.WriteFile(bad, []byte(goodRoster+"C-1;Inès;Moreau;ines@example.fr;;2024-01-10;2099-01-10;actif\n"), 0o600)
			_, errOut, err := cli(t, store, "roster", "import", bad)
			if err == nil || !strings.Contains(errOut, "bad.csv:4:") {
				t.Fatalf("bad file: %q %v", errOut, err)
			}
			if out, _, err := cli(t, store, "admin", "create", "--first-name", "Claire", "admin@example.fr"); err != nil || !strings.Contains(out, "created admin") {
				t.Fatalf("admin create: %q %v", out, err)
			}
			if _, _, err := cli(t, store, "admin", "create", "admin@example.fr"); err == nil {
				t.Fatal("duplicate admin accepted")
			}
			if _, _, err := cli(t, store, "admin", "create", "--role", "member", "x@example.fr"); err == nil {
				t.Fatal("member role accepted from the command line")
			}
			out, _, err = cli(t, store, "audit", "verify")
			if err != nil || !strings.Contains(out, "3 entries verified") {
				t.Fatalf("audit verify: %q %v", out, err)
			}
			backup := filepath.Join(t.TempDir(), "copie.db")
			out, _, err = cli(t, store, "backup", backup)
			if engine == sqldb.SQLite {
				if err != nil || !strings.Contains(out, "backup written") {
					t.Fatalf("backup: %q %v", out, err)
				}
				if st, err := os.Stat(backup); err != nil || st.Size() == 0 {
					t.Fatalf("backup file: %v", err)
				}
			} else if err == nil || !strings.Contains(err.Error(), "pg_dump") {
				t.Fatalf("postgres backup must point to pg_dump: %v", err)
			}
		})
	}
}

func TestBadUsage(t *testing.T) {
	// Wrong usage must fail before anything is created on disk.
	t.Chdir(t.TempDir())
	defer func() {
		if _, err := os.Stat("data"); err == nil {
			t.Error("a refused command created the data directory")
		}
	}()
	for _, args := range [][]string{{}, {"nope"}, {"roster"}, {"roster", "export"}, {"backup"}, {"serve", "--log-level", "loud"},
		{"serve", "--database-url", "mysql://x"}, {"serve", "--base-url", "club.example"},
		{"files"}, {"files", "migrate"}, {"files", "migrate", "--from", "disk", "--to", "disk"}, {"files", "migrate", "--from", "s3", "--to", "disk"},
		{"files", "migrate", "--from", "disk", "--to", "s3", "extra"}} {
		var out, errOut bytes.Buffer
		if err := app.Run(ctx, args, &out, &errOut); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

// TestRosterImportQueuesPromotionMail: a roster import from the command
// line that ends a committee member's certification queues the mail
// telling the next on the waiting list, for the server to send.
func TestRosterImportQueuesPromotionMail(t *testing.T) {
	for engine, store := range stores(t) {
		t.Run(engine, func(t *testing.T) {
			dir := t.TempDir()
			write := func(name, content string) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
					t.Fatal(err)
				}
				return p
			}
			const header = "numero_certificat;prenom;nom;email;certifie_le;expire_le;statut\n"
			both := write("both.csv", header+"C-1;Léa;Martin;lea@example.fr;2024-01-10;2099-01-10;actif\nC-2;Théo;Dubois;theo@example.fr;2024-01-10;2099-01-10;actif\n")
			onlyTheo := write("theo.csv", header+"C-2;Théo;Dubois;theo@example.fr;2024-01-10;2099-01-10;actif\n")
			if _, _, err := cli(t, store, "roster", "import", both); err != nil {
				t.Fatal(err)
			}
			db := openStore(t, store)
			staff := &creatorclub.User{Email: "staff@example.fr", Role: creatorclub.RoleModerator}
			if err := db.CreateUser(ctx, staff); err != nil {
				t.Fatal(err)
			}
			call := &creatorclub.CommitteeCall{Title: "Comité 2027", OpensAt: time.Now().Add(-time.Hour), ClosesAt: time.Now().AddDate(0, 0, 7),
				Seats: 1, TermMonths: 24, CreatedBy: staff.ID}
			if err := db.SaveCall(ctx, call, nil); err != nil {
				t.Fatal(err)
			}
			var apps []*creatorclub.CommitteeApplication
			for _, email := range []string{"lea@example.fr", "theo@example.fr"} {
				u, err := db.FindUserByEmail(ctx, email)
				if err != nil {
					t.Fatal(err)
				}
				a := &creatorclub.CommitteeApplication{CallID: call.ID, UserID: u.ID, Motivation: "Je veux contribuer à une influence responsable.",
					Platforms: []string{"instagram"}, AudienceSize: 1000}
				if err := db.Apply(ctx, a); err != nil {
					t.Fatal(err)
				}
				apps = append(apps, a)
			}
			if _, err := db.DecideApplication(ctx, apps[0].ID, creatorclub.ApplicationAccepted, "", staff.ID, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := db.DecideApplication(ctx, apps[1].ID, creatorclub.ApplicationWaitlisted, "", staff.ID, nil); err != nil {
				t.Fatal(err)
			}
			db.Close()

			if _, _, err := cli(t, store, "roster", "import", onlyTheo); err != nil {
				t.Fatal(err)
			}
			db = openStore(t, store)
			defer db.Close()
			var n int
			if err := db.Write.QueryRow(`SELECT count(*) FROM river_job WHERE kind = 'send_email' AND state = 'available'`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			var args string
			db.Write.QueryRow(`SELECT CAST(args AS TEXT) FROM river_job WHERE kind = 'send_email'`).Scan(&args)
			if n != 1 || !strings.Contains(args, "theo@example.fr") {
				t.Fatalf("%d mail jobs queued (%s), want one to Théo", n, args)
			}
		})
	}
}
