package sqldb_test

import (
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

func ig(h string) creatorclub.Handle { return creatorclub.Handle{Platform: "instagram", Handle: h} }
func tt(h string) creatorclub.Handle { return creatorclub.Handle{Platform: "tiktok", Handle: h} }

func TestImportRoster(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
		first := []creatorclub.RosterEntry{
			entry(2, "ARPP-0001", "Léa", "Martin", "lea@example.fr", "active", "2027-03-01", ig("@Lea.Martin"), tt("leamartin")),
			entry(3, "ARPP-0002", "Théo", "Dubois", "theo@example.fr", "active", "2027-03-01"),
			entry(4, "ARPP-0003", "Inès", "Moreau", "ines@example.fr", "active", "2027-03-01"),
			entry(5, "ARPP-0004", "Hugo", "Petit", "hugo@example.fr", "suspended", "2027-03-01"),
		}
		// A dry run reports and changes nothing.
		rep, err := db.ImportRoster(ctx, first, creatorclub.RosterImportOptions{DryRun: true})
		if err != nil || rep.Added != 4 || !rep.DryRun {
			t.Fatalf("dry run: %+v %v", rep, err)
		}
		if _, total, _ := db.ListUsers(ctx, "", "", 10, 0); total != 0 {
			t.Fatalf("dry run wrote %d users", total)
		}
		audit := &creatorclub.AuditEntry{ActorEmail: "cli", Action: creatorclub.AuditRosterImport}
		rep, err = db.ImportRoster(ctx, first, creatorclub.RosterImportOptions{Audit: audit})
		if err != nil || rep.Added != 4 || rep.Total != 4 {
			t.Fatalf("first import: %+v %v", rep, err)
		}
		if audit.ID == 0 || audit.Detail == "" {
			t.Fatalf("import not audited: %+v", audit)
		}
		lea, err := db.FindUserByEmail(ctx, "lea@example.fr")
		if err != nil || lea.Role != creatorclub.RoleMember || lea.Cert.Number != "ARPP-0001" || len(lea.Handles) != 2 || lea.Handles[0].Handle != "lea.martin" {
			t.Fatalf("imported member: %+v %v", lea, err)
		}
		// Re-importing the same file changes nothing.
		rep, err = db.ImportRoster(ctx, first, creatorclub.RosterImportOptions{})
		if err != nil || rep.Unchanged != 4 || len(rep.Changes) != 0 {
			t.Fatalf("idempotent re-import: %+v %v", rep, err)
		}
		// Second file: Léa revoked, Théo renamed with a new handle, Inès missing, a newcomer.
		second := []creatorclub.RosterEntry{
			entry(2, "ARPP-0001", "Léa", "Martin", "lea@example.fr", "revoked", "2027-03-01", ig("lea.martin"), tt("leamartin")),
			entry(3, "arpp-0002", "Théo", "Dubois-Lefèvre", "theo@example.fr", "active", "2027-03-01", ig("theo.dl")),
			entry(4, "ARPP-0004", "Hugo", "Petit", "hugo@example.fr", "suspended", "2027-03-01"),
			entry(5, "ARPP-0005", "Manon", "Leroy", "manon@example.fr", "active", "2027-06-30"),
		}
		rep, err = db.ImportRoster(ctx, second, creatorclub.RosterImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Added != 1 || rep.Updated != 1 || rep.Status != 1 || rep.Removed != 1 || rep.Unchanged != 1 || rep.LostAccess != 2 {
			t.Fatalf("second import report: %+v", rep)
		}
		lea2, _ := db.FindUserByEmail(ctx, "lea@example.fr")
		if lea2.CanSignIn(db.Now()) || lea2.SessionEpoch == lea.SessionEpoch {
			t.Fatalf("revoked member keeps access or sessions: %+v", lea2)
		}
		ines, _ := db.FindUserByEmail(ctx, "ines@example.fr")
		if ines.Cert.Status != creatorclub.CertRemoved || ines.CanSignIn(db.Now()) {
			t.Fatalf("removed member: %+v", ines.Cert)
		}
		theo, _ := db.FindUserByEmail(ctx, "theo@example.fr")
		if theo.LastName != "Dubois-Lefèvre" || len(theo.Handles) != 1 || !theo.CanSignIn(db.Now()) {
			t.Fatalf("updated member: %+v", theo)
		}
		// Public check: by handle and number, only for valid certificates.
		if c, _ := db.CheckCertification(ctx, "@Theo.DL"); !c.Found || !c.Certified || c.Name != "Théo Dubois-Lefèvre" {
			t.Fatalf("check by handle: %+v", c)
		}
		if c, _ := db.CheckCertification(ctx, "arpp-0005"); !c.Found {
			t.Fatalf("check by number: %+v", c)
		}
		if c, _ := db.CheckCertification(ctx, "lea.martin"); c.Found || c.Name != "" {
			t.Fatalf("revoked creator must look like an unknown one: %+v", c)
		}
	})
}

func TestImportRosterRejectsEmailConflicts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		if err := db.CreateUser(ctx, &creatorclub.User{Email: "staff@example.fr", Role: creatorclub.RoleModerator}); err != nil {
			t.Fatal(err)
		}
		entries := []creatorclub.RosterEntry{
			entry(2, "ARPP-0001", "Léa", "Martin", "lea@example.fr", "active", "2027-03-01"),
			entry(3, "ARPP-0002", "Théo", "Dubois", "staff@example.fr", "active", "2027-03-01"),
		}
		_, err := db.ImportRoster(ctx, entries, creatorclub.RosterImportOptions{})
		fe, ok := err.(*creatorclub.RosterFileError)
		if !ok || len(fe.Rows) != 1 || fe.Rows[0].Line != 3 {
			t.Fatalf("got %v, want a file error on line 3", err)
		}
		// Nothing was half-written.
		if _, total, _ := db.ListUsers(ctx, "", creatorclub.RoleMember, 10, 0); total != 0 {
			t.Fatalf("%d members written by a rejected import", total)
		}
	})
}

func TestImportRosterSkipsDeletedAccounts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		entries := []creatorclub.RosterEntry{entry(2, "ARPP-0001", "Léa", "Martin", "lea@example.fr", "active", "2099-03-01")}
		if _, err := db.ImportRoster(ctx, entries, creatorclub.RosterImportOptions{}); err != nil {
			t.Fatal(err)
		}
		lea, _ := db.FindUserByEmail(ctx, "lea@example.fr")
		if err := db.DeleteUser(ctx, lea.ID); err != nil {
			t.Fatal(err)
		}
		rep, err := db.ImportRoster(ctx, entries, creatorclub.RosterImportOptions{})
		if err != nil || rep.Skipped != 1 || rep.Added != 0 {
			t.Fatalf("re-import after deletion: %+v %v", rep, err)
		}
		if _, err := db.FindUserByEmail(ctx, "lea@example.fr"); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Fatal("deleted account was recreated")
		}
	})
}

func TestRosterUploadAppliedOnce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		admin := &creatorclub.User{Email: "admin@example.fr", Role: creatorclub.RoleAdmin}
		if err := db.CreateUser(ctx, admin); err != nil {
			t.Fatal(err)
		}
		up, err := db.SaveRosterUpload(ctx, admin.ID, "roster.csv", []byte("x"))
		if err != nil {
			t.Fatal(err)
		}
		entries := []creatorclub.RosterEntry{entry(2, "ARPP-0001", "Léa", "Martin", "lea@example.fr", "active", "2099-03-01")}
		if _, err := db.ImportRoster(ctx, entries, creatorclub.RosterImportOptions{UploadID: up.ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ImportRoster(ctx, entries, creatorclub.RosterImportOptions{UploadID: up.ID}); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Fatalf("second apply: %v, want ECONFLICT", err)
		}
	})
}

func TestDirectory(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
		entries := []creatorclub.RosterEntry{
			entry(2, "A1", "Éloïse", "Lefèvre", "eloise@example.fr", "active", "2027-03-01", ig("eloise")),
			entry(3, "A2", "Théo", "Dubois", "theo@example.fr", "active", "2027-03-01", tt("theo")),
			entry(4, "A3", "Inès", "Moreau", "ines@example.fr", "suspended", "2027-03-01", ig("ines")),
			entry(5, "A4", "Hugo", "Petit", "hugo@example.fr", "active", "2026-11-26", ig("hugo")),
		}
		if _, err := db.ImportRoster(ctx, entries, creatorclub.RosterImportOptions{}); err != nil {
			t.Fatal(err)
		}
		for _, email := range []string{"eloise@example.fr", "ines@example.fr", "hugo@example.fr"} {
			u, _ := db.FindUserByEmail(ctx, email)
			if _, err := db.UpdateProfile(ctx, u.ID, creatorclub.ProfileUpdate{Locale: "fr", InDirectory: true}); err != nil {
				t.Fatal(err)
			}
		}
		// Théo did not opt in, Inès is suspended, Hugo expired yesterday.
		users, total, err := db.ListDirectory(ctx, creatorclub.DirectoryFilter{})
		if err != nil || total != 1 || users[0].FirstName != "Éloïse" {
			t.Fatalf("directory: %d %v", total, err)
		}
		if _, total, _ := db.ListDirectory(ctx, creatorclub.DirectoryFilter{Query: "ELOISE lef"}); total != 1 {
			t.Fatal("accent-insensitive search failed")
		}
		if _, total, _ := db.ListDirectory(ctx, creatorclub.DirectoryFilter{Platform: "tiktok"}); total != 0 {
			t.Fatal("platform filter failed")
		}
		if _, total, _ := db.ListDirectory(ctx, creatorclub.DirectoryFilter{Query: "%"}); total != 0 {
			t.Fatal("LIKE wildcard not escaped")
		}
	})
}
