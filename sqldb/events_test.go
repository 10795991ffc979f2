package sqldb_test

import (
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

var now0 = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

func newEvent(t *testing.T, db *sqldb.DB, capacity int) *creatorclub.Event {
	t.Helper()
	staff := &creatorclub.User{Email: fmt.Sprintf("mod%d@club.example", time.Now().UnixNano()), Role: creatorclub.RoleModerator}
	if err := db.CreateUser(ctx, staff); err != nil {
		t.Fatal(err)
	}
	e := &creatorclub.Event{Kind: creatorclub.KindMeeting, Title: "Santé mentale des créateurs", StartsAt: now0.Add(48 * time.Hour),
		EndsAt: now0.Add(50 * time.Hour), TimeZone: "Europe/Paris", Audience: creatorclub.AudienceMembers, Capacity: capacity,
		Status: creatorclub.EventPublished, CreatedBy: staff.ID, RoomKind: creatorclub.RoomJitsi, Room: "sante-abc",
		Slots: []creatorclub.Slot{{SpeakerName: "Dr Marc Olivier", Topic: "Pression des marques", Minutes: 20}, {SpeakerName: "Nadia B.", Topic: "Harcèlement", Minutes: 25}}}
	if err := db.CreateEvent(ctx, e, nil); err != nil {
		t.Fatal(err)
	}
	return e
}

func members(t *testing.T, db *sqldb.DB, n int) []*creatorclub.User {
	t.Helper()
	var out []*creatorclub.User
	for i := 0; i < n; i++ {
		u := &creatorclub.User{Email: fmt.Sprintf("m%d-%d@example.fr", i, time.Now().UnixNano()), Role: creatorclub.RoleMember,
			FirstName: "Membre", LastName: fmt.Sprint(i),
			Cert: &creatorclub.Certification{Number: fmt.Sprintf("N%d-%d", i, time.Now().UnixNano()), Status: creatorclub.CertActive,
				CertifiedOn: now0.AddDate(-1, 0, 0), ExpiresOn: now0.AddDate(1, 0, 0)}}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		out = append(out, u)
	}
	return out
}

func TestEventCRUD(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		e := newEvent(t, db, 0)
		got, err := db.FindEvent(ctx, e.ID)
		if err != nil || got.Title != e.Title || len(got.Slots) != 2 || got.Slots[1].Topic != "Harcèlement" || !got.StartsAt.Equal(e.StartsAt) {
			t.Fatalf("find: %+v %v", got, err)
		}
		list, err := db.ListEvents(ctx, creatorclub.EventFilter{From: now0, Statuses: []creatorclub.EventStatus{creatorclub.EventPublished}})
		if err != nil || len(list) != 1 {
			t.Fatalf("list: %d %v", len(list), err)
		}
		// Moving the event bumps the sequence; changing the description does not.
		got.Description = "Nouveau texte"
		ch, err := db.UpdateEvent(ctx, got, nil)
		if err != nil || ch.Notify || got.Sequence != 0 {
			t.Fatalf("description change: %+v %v", ch, err)
		}
		got.StartsAt, got.EndsAt = got.StartsAt.Add(time.Hour), got.EndsAt.Add(time.Hour)
		ch, err = db.UpdateEvent(ctx, got, nil)
		if err != nil || !ch.Moved || !ch.Notify || got.Sequence != 1 {
			t.Fatalf("move: %+v %v", ch, err)
		}
	})
}

func TestEventBadInput(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		e := newEvent(t, db, 2)
		base := *e
		cases := map[string]func(e *creatorclub.Event){
			"event_end_before_start": func(e *creatorclub.Event) { e.EndsAt = e.StartsAt.Add(-time.Minute) },
			"event_timezone_invalid": func(e *creatorclub.Event) { e.TimeZone = "Mars/Olympus" },
			"event_title_invalid":    func(e *creatorclub.Event) { e.Title = "  " },
			"event_capacity_invalid": func(e *creatorclub.Event) { e.Capacity = -1 },
			"slot_invalid":           func(e *creatorclub.Event) { e.Slots = []creatorclub.Slot{{SpeakerName: "", Topic: "x"}} },
		}
		for want, mutate := range cases {
			bad := base
			bad.Slots = append([]creatorclub.Slot(nil), base.Slots...)
			mutate(&bad)
			_, err := db.UpdateEvent(ctx, &bad, nil)
			if creatorclub.ErrorCode(err) != creatorclub.EINVALID || creatorclub.ErrorMessage(err) != want {
				t.Errorf("%s: got %v", want, err)
			}
		}
		// Capacity below the registrations already taken.
		for _, m := range members(t, db, 2) {
			if _, err := db.RegisterForEvent(ctx, e.ID, m.ID, nil); err != nil {
				t.Fatal(err)
			}
		}
		shrink := base
		shrink.Capacity = 1
		if _, err := db.UpdateEvent(ctx, &shrink, nil); creatorclub.ErrorMessage(err) != "event_capacity_below_registered" {
			t.Fatalf("capacity below registered: %v", err)
		}
		// Nothing changed.
		got, _ := db.FindEvent(ctx, e.ID)
		if got.Capacity != 2 || got.TimeZone != "Europe/Paris" || got.Title != e.Title || len(got.Slots) != 2 {
			t.Fatalf("a rejected update changed the event: %+v", got)
		}
	})
}

func TestWaitlistPromotion(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		e := newEvent(t, db, 2)
		ms := members(t, db, 4)
		var statuses []creatorclub.RegistrationStatus
		for _, m := range ms {
			res, err := db.RegisterForEvent(ctx, e.ID, m.ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			statuses = append(statuses, res.Registration.Status)
		}
		if statuses[1] != creatorclub.RegRegistered || statuses[2] != creatorclub.RegWaitlisted || statuses[3] != creatorclub.RegWaitlisted {
			t.Fatalf("statuses %v", statuses)
		}
		if r, _ := db.FindRegistration(ctx, e.ID, ms[3].ID); r.WaitlistPosition != 2 {
			t.Fatalf("waitlist position %d, want 2", r.WaitlistPosition)
		}
		// Registering twice returns the same registration.
		again, err := db.RegisterForEvent(ctx, e.ID, ms[0].ID, nil)
		if err != nil || again.Registration.Status != creatorclub.RegRegistered {
			t.Fatalf("register twice: %+v %v", again, err)
		}
		// A seated member cancels: the first on the waitlist is promoted.
		res, err := db.CancelRegistration(ctx, e.ID, ms[0].ID, nil)
		if err != nil || res.Promoted == nil || res.Promoted.UserID != ms[2].ID {
			t.Fatalf("cancel: %+v %v", res, err)
		}
		// A waitlisted member cancels: nobody is promoted.
		res, err = db.CancelRegistration(ctx, e.ID, ms[3].ID, nil)
		if err != nil || res.Promoted != nil {
			t.Fatalf("cancel waitlisted: %+v %v", res, err)
		}
		if _, err := db.CancelRegistration(ctx, e.ID, ms[3].ID, nil); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Fatalf("cancel twice: %v", err)
		}
		// Growing the capacity promotes from the waitlist.
		ms2 := members(t, db, 1)
		if r, _ := db.RegisterForEvent(ctx, e.ID, ms2[0].ID, nil); r.Registration.Status != creatorclub.RegWaitlisted {
			t.Fatal("expected waitlist")
		}
		grow, _ := db.FindEvent(ctx, e.ID)
		grow.Capacity = 3
		ch, err := db.UpdateEvent(ctx, grow, nil)
		if err != nil || len(ch.Promoted) != 1 || ch.Promoted[0].UserID != ms2[0].ID {
			t.Fatalf("grow: %+v %v", ch, err)
		}
		// A hook error rolls the registration back.
		late := members(t, db, 1)[0]
		_, err = db.RegisterForEvent(ctx, e.ID, late.ID, func(*sql.Tx, *creatorclub.RegistrationResult) error { return fmt.Errorf("mail queue down") })
		if err == nil {
			t.Fatal("hook error ignored")
		}
		if _, err := db.FindRegistration(ctx, e.ID, late.ID); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Fatal("registration kept although the hook failed")
		}
	})
}

// TestConcurrentRegistrationsNeverOverbook registers many members at once
// for a few seats.
func TestConcurrentRegistrationsNeverOverbook(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		e := newEvent(t, db, 5)
		ms := members(t, db, 40)
		var wg sync.WaitGroup
		errs := make(chan error, len(ms))
		for _, m := range ms {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := db.RegisterForEvent(ctx, e.ID, m.ID, nil)
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		got, _ := db.FindEvent(ctx, e.ID)
		if got.Registered != 5 || got.Waitlisted != 35 {
			t.Fatalf("registered %d waitlisted %d, want 5 and 35", got.Registered, got.Waitlisted)
		}
		// Concurrent cancellations of seated members promote exactly as many.
		regs, _ := db.ListRegistrations(ctx, e.ID)
		var seated []int64
		for _, r := range regs {
			if r.Status == creatorclub.RegRegistered {
				seated = append(seated, r.UserID)
			}
		}
		for _, uid := range seated {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := db.CancelRegistration(ctx, e.ID, uid, nil); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		got, _ = db.FindEvent(ctx, e.ID)
		if got.Registered != 5 || got.Waitlisted != 30 {
			t.Fatalf("after cancellations: registered %d waitlisted %d, want 5 and 30", got.Registered, got.Waitlisted)
		}
	})
}

func TestRegistrationClosed(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		setNow := fixClock(db, now0)
		e := newEvent(t, db, 0)
		deadline := now0.Add(24 * time.Hour)
		e.RegistrationDeadline = &deadline
		if _, err := db.UpdateEvent(ctx, e, nil); err != nil {
			t.Fatal(err)
		}
		m := members(t, db, 1)[0]
		setNow(deadline.Add(time.Second))
		if _, err := db.RegisterForEvent(ctx, e.ID, m.ID, nil); creatorclub.ErrorMessage(err) != "registration_closed" {
			t.Fatalf("after deadline: %v", err)
		}
		setNow(now0)
		e.Status = creatorclub.EventCancelled
		if _, err := db.UpdateEvent(ctx, e, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RegisterForEvent(ctx, e.ID, m.ID, nil); creatorclub.ErrorMessage(err) != "registration_closed" {
			t.Fatalf("cancelled event: %v", err)
		}
	})
}
