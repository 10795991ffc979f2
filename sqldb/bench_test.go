package sqldb_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

func benchEntries(n int, status creatorclub.CertStatus) []creatorclub.RosterEntry {
	out := make([]creatorclub.RosterEntry, n)
	for i := range out {
		out[i] = creatorclub.RosterEntry{Line: i + 2, Number: fmt.Sprintf("CIR-%05d", i), FirstName: fmt.Sprintf("Prénom%d", i),
			LastName: "Nom", Email: fmt.Sprintf("c%d@exemple.fr", i), Status: status,
			CertifiedOn: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), ExpiresOn: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC),
			Handles: []creatorclub.Handle{{Platform: "instagram", Handle: fmt.Sprintf("insta%d", i)}, {Platform: "tiktok", Handle: fmt.Sprintf("tt%d", i)}}}
	}
	return out
}

// BenchmarkImportRoster measures a first import of the club's 1,300 creators
// into an empty database, and a re-import of the same list (the usual case:
// nothing or little changes).
func BenchmarkImportRoster(b *testing.B) {
	for _, engine := range sqldbtest.Engines(b) {
		b.Run(engine+"/first", func(b *testing.B) {
			entries := benchEntries(1300, creatorclub.CertActive)
			for b.Loop() {
				b.StopTimer()
				db := sqldbtest.Open(b, engine)
				b.StartTimer()
				if _, err := db.ImportRoster(ctx, entries, creatorclub.RosterImportOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(engine+"/reimport", func(b *testing.B) {
			db := sqldbtest.Open(b, engine)
			entries := benchEntries(1300, creatorclub.CertActive)
			if _, err := db.ImportRoster(ctx, entries, creatorclub.RosterImportOptions{}); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				rep, err := db.ImportRoster(ctx, entries, creatorclub.RosterImportOptions{})
				if err != nil || rep.Unchanged != 1300 {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDirectory measures one page of the directory search over 1,300 members.
func BenchmarkDirectory(b *testing.B) {
	for _, engine := range sqldbtest.Engines(b) {
		b.Run(engine, func(b *testing.B) {
			db := sqldbtest.Open(b, engine)
			if _, err := db.ImportRoster(ctx, benchEntries(1300, creatorclub.CertActive), creatorclub.RosterImportOptions{}); err != nil {
				b.Fatal(err)
			}
			if _, err := db.Write.Exec(`UPDATE users SET in_directory = $1`, true); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, n, err := db.ListDirectory(ctx, creatorclub.DirectoryFilter{Query: "prénom12", Limit: 24}); err != nil || n == 0 {
					b.Fatal(err, n)
				}
			}
		})
	}
}

// BenchmarkRegisterForEvent measures one registration, with the seat count
// under the event's lock, into an event that already has many registrations.
func BenchmarkRegisterForEvent(b *testing.B) {
	for _, engine := range sqldbtest.Engines(b) {
		b.Run(engine, func(b *testing.B) {
			db := sqldbtest.Open(b, engine)
			entries := benchEntries(1300, creatorclub.CertActive)
			if _, err := db.ImportRoster(ctx, entries, creatorclub.RosterImportOptions{}); err != nil {
				b.Fatal(err)
			}
			staff := &creatorclub.User{Email: "mod@bench.example", Role: creatorclub.RoleModerator}
			if err := db.CreateUser(ctx, staff); err != nil {
				b.Fatal(err)
			}
			users, _, err := db.ListUsers(ctx, "", creatorclub.RoleMember, 500, 0)
			if err != nil {
				b.Fatal(err)
			}
			start := time.Now().Add(30 * 24 * time.Hour)
			i := 0
			var ev *creatorclub.Event
			for b.Loop() {
				if i%len(users) == 0 {
					b.StopTimer()
					ev = &creatorclub.Event{Kind: creatorclub.KindMeeting, Title: "Bench", StartsAt: start, EndsAt: start.Add(time.Hour),
						TimeZone: "Europe/Paris", Audience: creatorclub.AudienceMembers, Capacity: 250, Status: creatorclub.EventPublished, CreatedBy: staff.ID}
					if err := db.CreateEvent(ctx, ev, nil); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				if _, err := db.RegisterForEvent(ctx, ev.ID, users[i%len(users)].ID, nil); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
