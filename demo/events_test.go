package demo_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/demo"
	"github.com/creatorclub/creatorclub/ical"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

// The demo calendar, as documented in demo/events.go.
const (
	meetingTitle     = "Rendez-vous visio du club"
	meetingRule      = "FREQ=MONTHLY;INTERVAL=3;COUNT=4"
	masterclassTitle = "Écrire une mention « Publicité » claire et immédiate"
	workshopTitle    = "Atelier ouvert : découvrir le certificat de l'influence responsable"
	pastTitle        = "Santé mentale : tenir face aux commentaires"
	wantEvents       = 7 // 4 meetings, 2 masterclasses, 1 workshop
)

// allEvents returns every event from a year before now to two years after.
func allEvents(t *testing.T, db *sqldb.DB, now time.Time) []*creatorclub.Event {
	t.Helper()
	events, err := db.ListEvents(context.Background(), creatorclub.EventFilter{From: now.AddDate(-1, 0, 0), To: now.AddDate(2, 0, 0), Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return events
}

// eventCounts summarises the calendar: each event's id and title with its
// registered and waitlisted counts, so that any duplicate changes it.
func eventCounts(t *testing.T, db *sqldb.DB) string {
	t.Helper()
	var lines []string
	for _, e := range allEvents(t, db, db.Now()) {
		lines = append(lines, fmt.Sprintf("%d %q %d+%d", e.ID, e.Title, e.Registered, e.Waitlisted))
	}
	sort.Strings(lines)
	return fmt.Sprintf("%d events [%s]", len(lines), strings.Join(lines, "; "))
}

func user(t *testing.T, db *sqldb.DB, email string) *creatorclub.User {
	t.Helper()
	u, err := db.FindUserByEmail(context.Background(), email)
	if err != nil {
		t.Fatalf("find %s: %v", email, err)
	}
	return u
}

// wantRegistered checks that the user holds a seat for the event.
func wantRegistered(t *testing.T, db *sqldb.DB, e *creatorclub.Event, u *creatorclub.User) {
	t.Helper()
	r, err := db.FindRegistration(context.Background(), e.ID, u.ID)
	if err != nil {
		t.Errorf("%s for %q (%s): %v", u.Email, e.Title, e.StartsAt, err)
		return
	}
	if r.Status != creatorclub.RegRegistered || r.JoinToken == "" {
		t.Errorf("%s for %q: status %s, join token %q; want registered with a token", u.Email, e.Title, r.Status, r.JoinToken)
	}
}

// checkEvents checks the demo calendar seeded at now.
func checkEvents(t *testing.T, db *sqldb.DB, now time.Time) {
	t.Helper()
	ctx := context.Background()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	mod := user(t, db, "moderation@club-demo.fr")
	speaker := user(t, db, "intervenant@club-demo.fr")
	lea := user(t, db, "lea.martin@exemple-createurs.fr")

	events := allEvents(t, db, now)
	if len(events) < wantEvents {
		t.Errorf("%d events, want at least %d", len(events), wantEvents)
	}
	byTitle := map[string][]*creatorclub.Event{}
	for _, e := range events {
		byTitle[e.Title] = append(byTitle[e.Title], e)
		if e.CreatedBy != mod.ID {
			t.Errorf("%q created by user %d, want the moderator %d", e.Title, e.CreatedBy, mod.ID)
		}
		if e.TimeZone != "Europe/Paris" {
			t.Errorf("%q in zone %q, want Europe/Paris", e.Title, e.TimeZone)
		}
	}
	for title, want := range map[string]int{meetingTitle: 4, masterclassTitle: 1, workshopTitle: 1, pastTitle: 1} {
		if n := len(byTitle[title]); n != want {
			t.Fatalf("%d events titled %q, want %d", n, title, want)
		}
	}
	y, mo, d := now.In(paris).Date()
	today := time.Date(y, mo, d, 0, 0, 0, 0, paris)

	t.Run("meetings", func(t *testing.T) {
		meetings := byTitle[meetingTitle] // by start time
		first := meetings[0]
		if meetings[0].SeriesID == 0 {
			t.Errorf("meetings have no series")
		}
		for _, e := range meetings {
			if e.SeriesID != meetings[0].SeriesID {
				t.Errorf("meeting of %s in series %d, want %d", e.StartsAt, e.SeriesID, meetings[0].SeriesID)
			}
			if h, m, s := e.StartsAt.In(paris).Clock(); h != 18 || m != 30 || s != 0 {
				t.Errorf("meeting starts %s, want 18:30 in Paris", e.StartsAt.In(paris))
			}
			if got := e.EndsAt.Sub(e.StartsAt); got != 90*time.Minute {
				t.Errorf("meeting of %s lasts %s, want 90 minutes", e.StartsAt, got)
			}
			if e.Kind != creatorclub.KindMeeting || e.Audience != creatorclub.AudienceMembers || e.Status != creatorclub.EventPublished || e.Capacity != 0 {
				t.Errorf("meeting of %s: kind %s, audience %s, status %s, capacity %d", e.StartsAt, e.Kind, e.Audience, e.Status, e.Capacity)
			}
			if !e.CoOrganisedBy("UMICC") || e.RoomKind != creatorclub.RoomJitsi || !strings.HasPrefix(e.Room, "rendez-vous-visio-du-club-") {
				t.Errorf("meeting of %s: co-organisers %v, room %s %q", e.StartsAt, e.CoOrganisers, e.RoomKind, e.Room)
			}
			if !strings.Contains(e.Description, "\n- ") {
				t.Errorf("meeting description has no bullet list: %q", e.Description)
			}
			if len(e.Slots) != 3 {
				t.Errorf("meeting of %s has %d slots, want 3", e.StartsAt, len(e.Slots))
				continue
			}
			s := e.Slots[0]
			if s.SpeakerID != speaker.ID || s.SpeakerEmail != speaker.Email || s.Topic != "Santé mentale : tenir face à la pression" || s.Minutes != 25 {
				t.Errorf("first slot %+v, want the demo speaker on mental health for 25 minutes", s)
			}
			if topics := e.Slots[1].Topic + " / " + e.Slots[2].Topic; topics != "Règles de transparence des plateformes / Loi du 9 juin 2023 : ce qui change pour vous" {
				t.Errorf("other slots on %s", topics)
			}
		}
		start := first.StartsAt.In(paris)
		if start.Weekday() != time.Thursday || start.Before(today.AddDate(0, 0, 10)) || !start.Before(today.AddDate(0, 0, 17)) {
			t.Errorf("first meeting on %s, want the first Thursday at least 10 days after %s", start, today)
		}
		want, err := ical.Occurrences(meetingRule, first.StartsAt, "Europe/Paris")
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range meetings {
			if !e.StartsAt.Equal(want[i]) {
				t.Errorf("meeting %d starts %s, want %s", i+1, e.StartsAt.In(paris), want[i])
			}
		}
		wantRegistered(t, db, first, lea)
		if _, err := db.FindRegistration(ctx, meetings[1].ID, lea.ID); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Errorf("demo member and second meeting: err = %v, want ENOTFOUND", err)
		}
	})

	t.Run("masterclass", func(t *testing.T) {
		e := byTitle[masterclassTitle][0]
		if e.Kind != creatorclub.KindMasterclass || e.Status != creatorclub.EventPublished || e.Audience != creatorclub.AudienceMembers || len(e.Slots) != 1 {
			t.Errorf("masterclass: kind %s, status %s, audience %s, %d slots", e.Kind, e.Status, e.Audience, len(e.Slots))
		}
		if e.Capacity != 25 || e.Registered != 25 || e.Waitlisted != 2 {
			t.Errorf("masterclass: capacity %d, %d registered, %d waitlisted; want 25, 25, 2", e.Capacity, e.Registered, e.Waitlisted)
		}
		if day := today.AddDate(0, 0, 21); e.StartsAt.In(paris).Format(time.DateOnly) != day.Format(time.DateOnly) || e.EndsAt.Sub(e.StartsAt) != time.Hour {
			t.Errorf("masterclass from %s to %s, want one hour on %s", e.StartsAt, e.EndsAt, day.Format(time.DateOnly))
		}
		if _, err := db.FindRegistration(ctx, e.ID, lea.ID); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Errorf("demo member and masterclass: err = %v, want ENOTFOUND, so she can try the waitlist", err)
		}
	})

	t.Run("workshop", func(t *testing.T) {
		e := byTitle[workshopTitle][0]
		if e.Kind != creatorclub.KindWorkshop || e.Status != creatorclub.EventPublished || e.Audience != creatorclub.AudiencePublic {
			t.Errorf("workshop: kind %s, status %s, audience %s", e.Kind, e.Status, e.Audience)
		}
		if e.RoomKind != creatorclub.RoomExternal || e.Room != "https://exemple-visio.fr/atelier" {
			t.Errorf("workshop room %s %q", e.RoomKind, e.Room)
		}
		if day := today.AddDate(0, 0, 35); e.StartsAt.In(paris).Format(time.DateOnly) != day.Format(time.DateOnly) {
			t.Errorf("workshop on %s, want %s", e.StartsAt, day.Format(time.DateOnly))
		}
		public, err := db.ListEvents(ctx, creatorclub.EventFilter{Audiences: []creatorclub.Audience{creatorclub.AudiencePublic}})
		if err != nil {
			t.Fatal(err)
		}
		if len(public) != 1 || public[0].ID != e.ID {
			t.Errorf("%d public events, want the workshop alone", len(public))
		}
	})

	t.Run("past masterclass", func(t *testing.T) {
		e := byTitle[pastTitle][0]
		if e.Kind != creatorclub.KindMasterclass || e.Status != creatorclub.EventDone || e.ReplayURL != "https://exemple-replay.fr/masterclass-sante-mentale" {
			t.Errorf("past masterclass: kind %s, status %s, replay %q", e.Kind, e.Status, e.ReplayURL)
		}
		if !e.EndsAt.Before(now.AddDate(0, -1, 0)) || e.StartsAt.Before(now.AddDate(0, -3, 0)) {
			t.Errorf("past masterclass on %s, want about two months before %s", e.StartsAt, now)
		}
		wantRegistered(t, db, e, lea)
		if e.Registered != 1 {
			t.Errorf("past masterclass has %d registered, want the demo member alone", e.Registered)
		}
	})
}

// A fixed clock shortly before the spring DST change, late on Sunday in UTC
// but already Monday in Paris: the first meeting is ten days later, on the
// Thursday, in winter time, and the next ones in summer time, all at 18:30
// in Paris.
func TestSeedEventsAcrossDST(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		now := time.Date(2026, 3, 15, 23, 30, 0, 0, time.UTC) // Monday 16, 00:30 in Paris
		db.Now = func() time.Time { return now }
		if _, err := demo.Seed(context.Background(), db); err != nil {
			t.Fatalf("Seed: %v", err)
		}
		checkEvents(t, db, now)
		first, err := db.ListEvents(context.Background(), creatorclub.EventFilter{From: now, Limit: 1})
		if err != nil || len(first) != 1 {
			t.Fatalf("first event: %v, %v", first, err)
		}
		if want := time.Date(2026, 3, 26, 17, 30, 0, 0, time.UTC); first[0].Title != meetingTitle || !first[0].StartsAt.Equal(want) {
			t.Errorf("first event %q at %s, want the meeting at %s", first[0].Title, first[0].StartsAt, want)
		}
	})
}

// A seed interrupted after the calendar, before the admin, is completed
// without a second calendar.
func TestSeedCompletesInterruptedCalendar(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		if _, err := demo.Seed(ctx, db); err != nil {
			t.Fatalf("Seed: %v", err)
		}
		before := eventCounts(t, db)
		if _, err := db.Write.ExecContext(ctx, `DELETE FROM users WHERE email = 'admin@club-demo.fr'`); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Seed(ctx, db); err != nil {
			t.Fatalf("second Seed: %v", err)
		}
		if _, err := db.FindUserByEmail(ctx, "admin@club-demo.fr"); err != nil {
			t.Errorf("admin not created again: %v", err)
		}
		if after := eventCounts(t, db); after != before {
			t.Errorf("second Seed changed the calendar: %s; want %s", after, before)
		}
		checkEvents(t, db, db.Now())
	})
}
