package sqldb_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

var ctx = context.Background()

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// fixClock sets the store's clock to the given instant and returns a setter.
func fixClock(db *sqldb.DB, at time.Time) func(time.Time) {
	var mu sync.Mutex
	db.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return at }
	return func(t time.Time) { mu.Lock(); at = t; mu.Unlock() }
}

func entry(line int, number, first, last, email, status, expires string, handles ...creatorclub.Handle) creatorclub.RosterEntry {
	return creatorclub.RosterEntry{Line: line, Number: number, FirstName: first, LastName: last, Email: email,
		Status: creatorclub.CertStatus(status), CertifiedOn: day("2024-03-01"), ExpiresOn: day(expires), Handles: handles}
}

func TestMigrateTwice(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		n, err := db.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("second migrate applied %d migrations, want 0", n)
		}
	})
}

// TestMigrationsRevert reverts every migration and applies them again, on
// both engines: each Down undoes its Up.
func TestMigrationsRevert(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		down, err := db.MigrateDown(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		up, err := db.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if down == 0 || up != down {
			t.Fatalf("reverted %d migrations, applied %d again", down, up)
		}
	})
}

func TestUsers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
		u := &creatorclub.User{Email: " Admin@Club.Example ", FirstName: "Camille", LastName: "Roux", Role: creatorclub.RoleAdmin}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 || u.Email != "admin@club.example" {
			t.Fatalf("created %+v", u)
		}
		dup := &creatorclub.User{Email: "ADMIN@club.example", Role: creatorclub.RoleModerator}
		if err := db.CreateUser(ctx, dup); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Fatalf("duplicate email: got %v, want ECONFLICT", err)
		}
		if err := db.CreateUser(ctx, &creatorclub.User{Email: "x@y.z", Role: "king"}); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Fatalf("bad role: got %v", err)
		}
		got, err := db.FindUserByEmail(ctx, "admin@CLUB.example")
		if err != nil || got.ID != u.ID || got.Role != creatorclub.RoleAdmin {
			t.Fatalf("find by email: %+v %v", got, err)
		}
		if _, err := db.FindUserByID(ctx, 999); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Fatalf("missing user: %v", err)
		}
		upd, err := db.UpdateProfile(ctx, u.ID, creatorclub.ProfileUpdate{DisplayName: " Cam ", Bio: "Bonjour", Locale: "en", InDirectory: true})
		if err != nil || upd.DisplayName != "Cam" || upd.Locale != "en" || !upd.InDirectory {
			t.Fatalf("update profile: %+v %v", upd, err)
		}
		if _, err := db.UpdateProfile(ctx, u.ID, creatorclub.ProfileUpdate{Locale: "de"}); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Fatalf("bad locale: %v", err)
		}
		epoch := upd.SessionEpoch
		if err := db.EndSessions(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindUserByID(ctx, u.ID); got.SessionEpoch != epoch+1 {
			t.Fatalf("epoch %d, want %d", got.SessionEpoch, epoch+1)
		}
		if err := db.SetRole(ctx, u.ID, creatorclub.RoleModerator); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindUserByID(ctx, u.ID); got.Role != creatorclub.RoleModerator || got.SessionEpoch != epoch+2 {
			t.Fatalf("after set role: %+v", got)
		}
		if err := db.DeleteUser(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindUserByEmail(ctx, "admin@club.example"); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Fatalf("deleted user still found: %v", err)
		}
		// The address is free again.
		if err := db.CreateUser(ctx, &creatorclub.User{Email: "admin@club.example", Role: creatorclub.RoleAdmin}); err != nil {
			t.Fatalf("re-create after delete: %v", err)
		}
	})
}

func TestSignInTokens(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		start := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
		setNow := fixClock(db, start)
		u := &creatorclub.User{Email: "lea@example.fr", Role: creatorclub.RoleSpeaker}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		token, err := db.CreateSignInToken(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		var stored int
		db.Read.QueryRow(`SELECT COUNT(*) FROM signin_tokens WHERE token_hash = $1`, token).Scan(&stored)
		if stored != 0 {
			t.Fatal("the plain token is stored; only its hash may be")
		}
		if _, err := db.RedeemSignInToken(ctx, "not-a-token"); creatorclub.ErrorCode(err) != creatorclub.EUNAUTHORIZED {
			t.Fatalf("unknown token: %v", err)
		}
		got, err := db.RedeemSignInToken(ctx, token)
		if err != nil || got.ID != u.ID || got.LastSignInAt == nil {
			t.Fatalf("redeem: %+v %v", got, err)
		}
		if _, err := db.RedeemSignInToken(ctx, token); creatorclub.ErrorCode(err) != creatorclub.EUNAUTHORIZED {
			t.Fatalf("reused token: %v, want EUNAUTHORIZED", err)
		}
		expiring, _ := db.CreateSignInToken(ctx, u.ID)
		setNow(start.Add(creatorclub.SignInTokenTTL + time.Second))
		if _, err := db.RedeemSignInToken(ctx, expiring); creatorclub.ErrorCode(err) != creatorclub.EUNAUTHORIZED {
			t.Fatalf("expired token: %v, want EUNAUTHORIZED", err)
		}
		// Concurrent redemptions of one token: exactly one wins.
		setNow(start)
		race, _ := db.CreateSignInToken(ctx, u.ID)
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := db.RedeemSignInToken(ctx, race); err == nil {
					mu.Lock()
					wins++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if wins != 1 {
			t.Fatalf("%d concurrent redemptions succeeded, want 1", wins)
		}
	})
}

func TestAuditChain(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		for i, action := range []string{creatorclub.AuditSignIn, creatorclub.AuditRoleChange, creatorclub.AuditViewMember} {
			e := &creatorclub.AuditEntry{ActorID: 1, ActorEmail: "admin@club.example", Action: action, TargetType: "user", TargetID: "42", IP: "192.0.2.1", Detail: "n=" + string(rune('a'+i))}
			if err := db.Record(ctx, e); err != nil {
				t.Fatal(err)
			}
			if e.ID != int64(i+1) || e.Hash == "" {
				t.Fatalf("entry %d: %+v", i, e)
			}
		}
		n, problem, err := db.VerifyAudit(ctx)
		if err != nil || problem != nil || n != 3 {
			t.Fatalf("verify intact chain: n=%d problem=%+v err=%v", n, problem, err)
		}
		list, total, err := db.ListAudit(ctx, creatorclub.AuditFilter{Action: "user."})
		if err != nil || total != 1 || list[0].Action != creatorclub.AuditRoleChange {
			t.Fatalf("filter: %d %+v %v", total, list, err)
		}
		// The log refuses changes through SQL.
		if _, err := db.Write.Exec(`UPDATE audit_log SET detail = 'x' WHERE id = 2`); err == nil {
			t.Fatal("audit_log accepted an UPDATE")
		}
		if _, err := db.Write.Exec(`DELETE FROM audit_log WHERE id = 2`); err == nil {
			t.Fatal("audit_log accepted a DELETE")
		}
		// Someone with direct access drops the guard and edits an entry: verify finds it.
		tamper(t, db, `UPDATE audit_log SET detail = 'forged' WHERE id = 2`)
		_, problem, err = db.VerifyAudit(ctx)
		if err != nil || problem == nil || problem.EntryID != 2 {
			t.Fatalf("tampered entry not found: %+v %v", problem, err)
		}
	})
}

func TestAuditChainDetectsRemovedEntry(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		for i := 0; i < 3; i++ {
			if err := db.Record(ctx, &creatorclub.AuditEntry{Action: creatorclub.AuditSignIn}); err != nil {
				t.Fatal(err)
			}
		}
		tamper(t, db, `DELETE FROM audit_log WHERE id = 2`)
		_, problem, err := db.VerifyAudit(ctx)
		if err != nil || problem == nil || problem.EntryID != 3 {
			t.Fatalf("removed entry not found: %+v %v", problem, err)
		}
	})
}

// tamper runs stmt on the audit log with its append-only triggers removed.
func tamper(t *testing.T, db *sqldb.DB, stmt string) {
	t.Helper()
	drops := []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`}
	if db.Engine == sqldb.Postgres {
		drops = []string{`DROP TRIGGER audit_log_no_change ON audit_log`}
	}
	for _, d := range append(drops, stmt) {
		if _, err := db.Write.Exec(d); err != nil {
			t.Fatalf("%s: %v", d, err)
		}
	}
}

func TestAuditConcurrentAppends(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		var wg sync.WaitGroup
		errs := make(chan error, 20)
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- db.Record(ctx, &creatorclub.AuditEntry{Action: creatorclub.AuditViewMember})
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		n, problem, err := db.VerifyAudit(ctx)
		if err != nil || problem != nil || n != 20 {
			t.Fatalf("n=%d problem=%+v err=%v", n, problem, err)
		}
	})
}

func TestBackup(t *testing.T) {
	db := sqldbtest.Open(t, sqldb.SQLite)
	if err := db.CreateUser(ctx, &creatorclub.User{Email: "a@b.fr", Role: creatorclub.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := db.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	copyDB, err := sqldb.Open(ctx, filepath.Dir(path), "")
	if err != nil {
		t.Fatal(err)
	}
	copyDB.Close()
	// Open the copy under the name the store expects.
	dir := t.TempDir()
	data, _ := os.ReadFile(path)
	os.WriteFile(filepath.Join(dir, "creatorclub.db"), data, 0o600)
	c, err := sqldb.Open(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.FindUserByEmail(ctx, "a@b.fr"); err != nil {
		t.Fatalf("backup lacks the user: %v", err)
	}
	if err := db.Backup(ctx, path); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
		t.Fatalf("backup over an existing file: %v", err)
	}
}
