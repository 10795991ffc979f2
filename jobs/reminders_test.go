package jobs_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/notify"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

func reminderFixture(t *testing.T, db *sqldb.DB, startsAt time.Time) (*creatorclub.Event, []*creatorclub.User) {
	t.Helper()
	ctx := context.Background()
	staff := &creatorclub.User{Email: "mod@club.example", Role: creatorclub.RoleModerator}
	if err := db.CreateUser(ctx, staff); err != nil {
		t.Fatal(err)
	}
	ev := &creatorclub.Event{Kind: creatorclub.KindMeeting, Title: "Rendez-vous visio", StartsAt: startsAt, EndsAt: startsAt.Add(time.Hour),
		TimeZone: "Europe/Paris", Audience: creatorclub.AudienceMembers, Status: creatorclub.EventPublished, CreatedBy: staff.ID}
	if err := db.CreateEvent(ctx, ev, nil); err != nil {
		t.Fatal(err)
	}
	var users []*creatorclub.User
	for i, name := range []string{"wants", "optout", "cancelled"} {
		u := &creatorclub.User{Email: name + "@example.fr", FirstName: name, Role: creatorclub.RoleMember,
			Cert: &creatorclub.Certification{Number: fmt.Sprint("R", i), Status: creatorclub.CertActive, CertifiedOn: startsAt.AddDate(-1, 0, 0), ExpiresOn: startsAt.AddDate(1, 0, 0)}}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RegisterForEvent(ctx, ev.ID, u.ID, nil); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	if _, err := db.UpdateProfile(ctx, users[1].ID, creatorclub.ProfileUpdate{Locale: "fr", Reminders: false}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CancelRegistration(ctx, ev.ID, users[2].ID, nil); err != nil {
		t.Fatal(err)
	}
	return ev, users
}

// TestEventReminders checks that reminders go only to seated members who
// want them, once, at the time of the event as it stands: a job scheduled
// for a start that has since moved, or for a cancelled event, sends nothing.
func TestEventReminders(t *testing.T) {
	for _, engine := range sqldbtest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := sqldbtest.Open(t, engine)
			if err := jobs.Migrate(ctx, db.Write, db.Engine); err != nil {
				t.Fatal(err)
			}
			composer, err := notify.New("Club des créateurs", "ARPP", "http://club.test")
			if err != nil {
				t.Fatal(err)
			}
			// The event starts in 30 minutes: the 1-hour reminder is due now.
			realNow := time.Now().UTC()
			ev, users := reminderFixture(t, db, realNow.Add(30*time.Minute).Truncate(time.Second))
			var rec mail.Recorder
			q := newQueue(t, db.Write, db.Engine, &rec, jobs.WithEventReminders(db, composer), withFastRetry)
			schedule := func(e *creatorclub.Event, now time.Time) {
				t.Helper()
				if err := db.WithTx(ctx, func(tx *sql.Tx) error { return q.ScheduleReminders(ctx, tx, e, now) }); err != nil {
					t.Fatal(err)
				}
			}
			// Scheduled as if it were three hours ago, so the 1-hour
			// reminder's time has come; the 24-hour one had passed already.
			schedule(ev, realNow.Add(-3*time.Hour))
			// The same reminder scheduled twice (a retry, a double click).
			schedule(ev, realNow.Add(-3*time.Hour))

			// A second event, moved after its reminders were scheduled.
			moved, _ := reminderFixtureMore(t, db, ev.CreatedBy, users[0], realNow.Add(40*time.Minute).Truncate(time.Second))
			schedule(moved, realNow.Add(-3*time.Hour))
			moved.StartsAt, moved.EndsAt = moved.StartsAt.Add(72*time.Hour), moved.EndsAt.Add(72*time.Hour)
			if _, err := db.UpdateEvent(ctx, moved, nil); err != nil {
				t.Fatal(err)
			}
			// A third event, cancelled after its reminders were scheduled.
			cancelled, _ := reminderFixtureMore(t, db, ev.CreatedBy, users[0], realNow.Add(50*time.Minute).Truncate(time.Second))
			schedule(cancelled, realNow.Add(-3*time.Hour))
			cancelled.Status = creatorclub.EventCancelled
			if _, err := db.UpdateEvent(ctx, cancelled, nil); err != nil {
				t.Fatal(err)
			}

			startQueue(t, q)
			waitFor(t, 15*time.Second, "the reminder", func() bool { return len(rec.Messages()) >= 1 })
			// Give duplicates and the other events' jobs time to run.
			time.Sleep(2 * time.Second)
			msgs := rec.Messages()
			if len(msgs) != 1 {
				var subjects []string
				for _, m := range msgs {
					subjects = append(subjects, m.To+": "+m.Subject)
				}
				t.Fatalf("%d reminders sent, want 1: %v", len(msgs), subjects)
			}
			if msgs[0].To != users[0].Email || !strings.Contains(msgs[0].Subject, "Dans une heure") || !strings.Contains(msgs[0].Text, ev.Title) {
				t.Fatalf("reminder %+v", msgs[0])
			}
		})
	}
}

// reminderFixtureMore creates another published event starting at startsAt
// with u registered.
func reminderFixtureMore(t *testing.T, db *sqldb.DB, createdBy int64, u *creatorclub.User, startsAt time.Time) (*creatorclub.Event, error) {
	t.Helper()
	ctx := context.Background()
	ev := &creatorclub.Event{Kind: creatorclub.KindMasterclass, Title: "Masterclass " + startsAt.Format("15:04"), StartsAt: startsAt, EndsAt: startsAt.Add(time.Hour),
		TimeZone: "Europe/Paris", Audience: creatorclub.AudienceMembers, Status: creatorclub.EventPublished, CreatedBy: createdBy}
	if err := db.CreateEvent(ctx, ev, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RegisterForEvent(ctx, ev.ID, u.ID, nil); err != nil {
		t.Fatal(err)
	}
	return ev, nil
}
