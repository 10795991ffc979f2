package demo_test

import (
	"context"
	"regexp"
	"strconv"
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the machine's zoneinfo

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/demo"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

// The shape of the demo roster, as documented in demo.go.
const (
	wantMembers   = 40
	wantDirectory = 24
	wantExpired   = 2
	wantSuspended = 1
	wantRevoked   = 1
	wantSoon      = 4 // active, ending within 60 days
)

// counts returns the number of accounts and of audit entries.
func counts(t *testing.T, db *sqldb.DB) (users, audit int) {
	t.Helper()
	ctx := context.Background()
	_, users, err := db.ListUsers(ctx, "", "", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, audit, err = db.ListAudit(ctx, creatorclub.AuditFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return users, audit
}

func TestSeed(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := db.Now()
		acc, err := demo.Seed(ctx, db)
		if err != nil {
			t.Fatalf("Seed: %v", err)
		}
		want := demo.Accounts{
			Admin: "admin@club-demo.fr", Moderator: "moderation@club-demo.fr", Safety: "securite@club-demo.fr",
			Partner: "partenaire@umicc-demo.fr", Speaker: "intervenant@club-demo.fr", Member: "lea.martin@exemple-createurs.fr",
		}
		if *acc != want {
			t.Fatalf("accounts = %+v, want %+v", *acc, want)
		}
		users, audit := counts(t, db)
		if users != wantMembers+5 {
			t.Errorf("%d users, want %d members and 5 staff", users, wantMembers)
		}

		t.Run("staff", func(t *testing.T) {
			for _, tt := range []struct {
				email string
				role  creatorclub.Role
				name  string
				org   string
			}{
				{acc.Admin, creatorclub.RoleAdmin, "Claire Vasseur", ""},
				{acc.Moderator, creatorclub.RoleModerator, "Julien Marchand", ""},
				{acc.Safety, creatorclub.RoleSafety, "Nadia Benali", ""},
				{acc.Partner, creatorclub.RolePartner, "Sophie Garnier", "UMICC"},
				{acc.Speaker, creatorclub.RoleSpeaker, "Dr Marc Olivier", "psychologue"},
			} {
				u, err := db.FindUserByEmail(ctx, tt.email)
				if err != nil {
					t.Errorf("find %s: %v", tt.email, err)
					continue
				}
				if u.Role != tt.role || u.Name() != tt.name || u.Organisation != tt.org {
					t.Errorf("%s: role %s, name %q, organisation %q; want %s, %q, %q", tt.email, u.Role, u.Name(), u.Organisation, tt.role, tt.name, tt.org)
				}
				if !u.CanSignIn(now) {
					t.Errorf("%s cannot sign in", tt.email)
				}
			}
			if u, err := db.FindUserByEmail(ctx, acc.Speaker); err == nil && u.Bio == "" {
				t.Errorf("speaker has no bio")
			}
		})

		t.Run("members", func(t *testing.T) {
			members, total, err := db.ListUsers(ctx, "", creatorclub.RoleMember, 500, 0)
			if err != nil {
				t.Fatal(err)
			}
			if total < 30 || total != wantMembers || len(members) != total {
				t.Fatalf("%d members (%d listed), want %d", total, len(members), wantMembers)
			}
			email := regexp.MustCompile(`^[a-z-]+\.[a-z-]+@exemple-createurs\.fr$`)
			number := regexp.MustCompile(`^CIR-([0-9]{4})-[0-9]{5}$`)
			years := map[int]bool{}
			status := map[creatorclub.CertStatus]int{}
			soon, optedInHidden := 0, 0
			seenNumber := map[string]bool{}
			for _, m := range members {
				if !email.MatchString(m.Email) {
					t.Errorf("email %q is not prenom.nom@exemple-createurs.fr in lowercase ASCII", m.Email)
				}
				if m.Cert == nil {
					t.Errorf("%s has no certificate", m.Email)
					continue
				}
				if sub := number.FindStringSubmatch(m.Cert.Number); sub == nil || sub[1] != strconv.Itoa(m.Cert.CertifiedOn.Year()) || seenNumber[m.Cert.Number] {
					t.Errorf("%s: certificate number %q malformed, repeated or not of the year of %s", m.Email, m.Cert.Number, m.Cert.CertifiedOn)
				}
				years[m.Cert.CertifiedOn.Year()] = true
				seenNumber[m.Cert.Number] = true
				if !m.Cert.ExpiresOn.Equal(m.Cert.CertifiedOn.AddDate(2, 0, 0)) {
					t.Errorf("%s: certified %s, expires %s, want two years", m.Email, m.Cert.CertifiedOn, m.Cert.ExpiresOn)
				}
				if n := len(m.Handles); n < 1 || n > 3 {
					t.Errorf("%s has %d handles, want 1 to 3", m.Email, n)
				}
				for _, h := range m.Handles {
					if !creatorclub.IsPlatform(h.Platform) || h.Handle == "" {
						t.Errorf("%s: bad handle %+v", m.Email, h)
					}
				}
				status[m.Cert.Status]++
				if m.Cert.ValidOn(now) && !m.Cert.ValidOn(now.AddDate(0, 0, 60)) {
					soon++
				}
				if m.InDirectory && !m.Cert.ValidOn(now) {
					optedInHidden++
				}
			}
			if status[creatorclub.CertExpired] != wantExpired || status[creatorclub.CertSuspended] != wantSuspended || status[creatorclub.CertRevoked] != wantRevoked {
				t.Errorf("statuses %v, want %d expired, %d suspended, %d revoked", status, wantExpired, wantSuspended, wantRevoked)
			}
			if len(years) < 3 {
				t.Errorf("certified in %d different years, want certifications spread over at least 3", len(years))
			}
			if soon != wantSoon {
				t.Errorf("%d certificates end within 60 days, want %d", soon, wantSoon)
			}
			// Without an opted-in member who is not certified, the directory
			// test below could not tell a filtering directory from one that is not.
			if optedInHidden == 0 {
				t.Errorf("no opted-in member without a valid certificate")
			}
		})

		t.Run("directory", func(t *testing.T) {
			dir, total, err := db.ListDirectory(ctx, creatorclub.DirectoryFilter{Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			if total == 0 || total != wantDirectory || len(dir) != total {
				t.Fatalf("directory has %d members (%d listed), want %d", total, len(dir), wantDirectory)
			}
			for _, u := range dir {
				if u.Role != creatorclub.RoleMember || !u.Cert.ValidOn(now) || !u.InDirectory {
					t.Errorf("directory lists %s: role %s, certificate %+v, in directory %v", u.Email, u.Role, u.Cert, u.InDirectory)
				}
				if u.Bio == "" || u.Locale != "fr" {
					t.Errorf("directory member %s has bio %q, locale %q", u.Email, u.Bio, u.Locale)
				}
			}
		})

		t.Run("member account", func(t *testing.T) {
			u, err := db.FindUserByEmail(ctx, acc.Member)
			if err != nil {
				t.Fatal(err)
			}
			if u.Role != creatorclub.RoleMember || !u.CanSignIn(now) {
				t.Errorf("member %s: role %s, can sign in %v", u.Email, u.Role, u.CanSignIn(now))
			}
			if !u.Cert.ValidOn(now.AddDate(1, 0, 0)) {
				t.Errorf("member certificate ends %s, want more than a year ahead", u.Cert.ExpiresOn)
			}
			if u.Name() != "Léa Martin" || !u.InDirectory {
				t.Errorf("member is %q, in directory %v", u.Name(), u.InDirectory)
			}
		})

		t.Run("events", func(t *testing.T) {
			checkEvents(t, db, now)
		})

		before := eventCounts(t, db)
		t.Run("again", func(t *testing.T) {
			again, err := demo.Seed(ctx, db)
			if err != nil {
				t.Fatalf("second Seed: %v", err)
			}
			if *again != *acc {
				t.Errorf("second Seed returned %+v, want %+v", *again, *acc)
			}
			if u, a := counts(t, db); u != users || a != audit {
				t.Errorf("second Seed changed counts: %d users, %d audit entries; want %d, %d", u, a, users, audit)
			}
			if after := eventCounts(t, db); after != before {
				t.Errorf("second Seed changed the calendar: %s; want %s", after, before)
			}
		})
	})
}

func TestSeedRefusesClubWithMembers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		today := db.Now().Truncate(24 * time.Hour)
		real := []creatorclub.RosterEntry{{
			Line: 2, Number: "CIR-2025-00001", FirstName: "Vraie", LastName: "Créatrice", Email: "vraie@example.org",
			Handles: []creatorclub.Handle{{Platform: "instagram", Handle: "vraie"}}, CertifiedOn: today, ExpiresOn: today.AddDate(2, 0, 0),
			Status: creatorclub.CertActive,
		}}
		if _, err := db.ImportRoster(ctx, real, creatorclub.RosterImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Seed(ctx, db); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Fatalf("Seed on a club with members: err = %v, want ECONFLICT", err)
		}
		if _, err := db.FindUserByEmail(ctx, "admin@club-demo.fr"); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Errorf("demo admin after refused Seed: err = %v, want ENOTFOUND", err)
		}
		u, err := db.FindUserByEmail(ctx, "vraie@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if u.Cert.Status != creatorclub.CertActive {
			t.Errorf("existing member is %s after refused Seed, want active", u.Cert.Status)
		}
	})
}

func TestSeedCompletesInterruptedSeed(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		// As if a first run had stopped after creating the moderator.
		mod := &creatorclub.User{Email: "moderation@club-demo.fr", FirstName: "Julien", LastName: "Marchand", Role: creatorclub.RoleModerator}
		if err := db.CreateUser(ctx, mod); err != nil {
			t.Fatal(err)
		}
		acc, err := demo.Seed(ctx, db)
		if err != nil {
			t.Fatalf("Seed: %v", err)
		}
		if _, err := db.FindUserByEmail(ctx, acc.Admin); err != nil {
			t.Errorf("admin not created: %v", err)
		}
		if _, total, err := db.ListUsers(ctx, "", creatorclub.RoleModerator, 10, 0); err != nil || total != 1 {
			t.Errorf("%d moderators (err %v), want 1", total, err)
		}
	})
}
