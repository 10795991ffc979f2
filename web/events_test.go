package web_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/files"
	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

// clock is a settable clock safe for the server's goroutines.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time    { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time)   { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func useClock(db *sqldb.DB) *clock { c := &clock{t: time.Now().UTC()}; db.Now = c.Now; return c }

// parseICS parses an attachment with an independent iCalendar parser.
func parseICS(t *testing.T, data []byte) *goical.Calendar {
	t.Helper()
	cal, err := goical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatalf("calendar does not parse: %v\n%s", err, data)
	}
	return cal
}

func mailTo(msgs []mail.Message, to string) []mail.Message {
	var out []mail.Message
	for _, m := range msgs {
		if m.To == to {
			out = append(out, m)
		}
	}
	return out
}

func TestRegisterWaitlistPromote(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ev := e.event(creatorclub.AudienceMembers)
		ev.Capacity = 1
		if _, err := db.UpdateEvent(ctx, ev, nil); err != nil {
			t.Fatal(err)
		}
		a, b := e.user(creatorclub.RoleMember), e.user(creatorclub.RoleMember)
		ac, bc := e.signIn(a), e.signIn(b)
		path := fmt.Sprintf("/evenements/%d", ev.ID)
		if r := e.get(ac, path); r.code != 200 || !strings.Contains(r.body, `id="register"`) || !strings.Contains(r.body, "Tenir face à la pression") {
			t.Fatalf("event page: %d", r.code)
		}
		if r := e.post(ac, path+"/inscription", nil); r.code != 303 {
			t.Fatalf("register: %d %s", r.code, r.body)
		}
		if r := e.get(ac, path); !strings.Contains(r.body, "Vous êtes inscrit") {
			t.Fatal("registered member does not see it")
		}
		confirm := mailTo(e.box.all(), a.Email)
		if len(confirm) != 1 || len(confirm[0].Attachments) != 1 || !strings.Contains(confirm[0].Attachments[0].ContentType, "method=REQUEST") {
			t.Fatalf("confirmation: %+v", confirm)
		}
		cal := parseICS(t, confirm[0].Attachments[0].Data)
		if cal.Props.Get(goical.PropMethod).Value != "REQUEST" {
			t.Fatal("METHOD is not REQUEST")
		}
		vevents := cal.Events()
		if len(vevents) != 1 {
			t.Fatalf("%d events in the invitation", len(vevents))
		}
		start, err := vevents[0].DateTimeStart(time.UTC)
		if err != nil || !start.Equal(ev.StartsAt) || vevents[0].Props.Get(goical.PropSummary).Value != ev.Title {
			t.Fatalf("invitation start %v (%v), want %v", start, err, ev.StartsAt)
		}
		if att := vevents[0].Props.Get(goical.PropAttendee); att == nil || !strings.Contains(strings.ToLower(att.Value), a.Email) {
			t.Fatal("invitation lacks the attendee")
		}
		// B finds the event full and goes on the waitlist.
		if r := e.post(bc, path+"/inscription", nil); r.code != 303 {
			t.Fatalf("register B: %d", r.code)
		}
		if r := e.get(bc, path); !strings.Contains(r.body, "n° 1 sur la liste d&#39;attente") {
			t.Fatal("B does not see the waitlist position")
		}
		if w := mailTo(e.box.all(), b.Email); len(w) != 1 || !strings.Contains(w[0].Subject, "Liste d'attente") || len(w[0].Attachments) != 0 {
			t.Fatalf("waitlist mail: %+v", w)
		}
		// A cancels: B gets the seat and a mail with the invitation.
		if r := e.post(ac, path+"/annulation", nil); r.code != 303 {
			t.Fatalf("cancel: %d", r.code)
		}
		if r := e.get(bc, path); !strings.Contains(r.body, "Vous êtes inscrit") {
			t.Fatal("B was not promoted")
		}
		promoted := mailTo(e.box.all(), b.Email)
		if len(promoted) != 2 || !strings.Contains(promoted[1].Subject, "place s'est libérée") || len(promoted[1].Attachments) != 1 {
			t.Fatalf("promotion mail: %+v", promoted)
		}
		// Staff are not members: they cannot register.
		if r := e.post(e.signIn(e.user(creatorclub.RoleModerator)), path+"/inscription", nil); r.code != 403 {
			t.Fatalf("staff registration: %d", r.code)
		}
	})
}

func TestEventVisibility(t *testing.T) {
	e := newEnv(t, sqldbtest.Open(t, sqldb.SQLite))
	members := e.event(creatorclub.AudienceMembers)
	public := e.event(creatorclub.AudiencePublic)
	draft := e.event(creatorclub.AudienceMembers)
	draft.Status = creatorclub.EventDraft
	if _, err := e.db.UpdateEvent(ctx, draft, nil); err != nil {
		t.Fatal(err)
	}
	visitor, member := e.client(), e.signIn(e.user(creatorclub.RoleMember))
	speaker, mod := e.signIn(e.user(creatorclub.RoleSpeaker)), e.signIn(e.user(creatorclub.RoleModerator))
	cases := []struct {
		c    *http.Client
		ev   *creatorclub.Event
		code int
	}{
		{visitor, public, 200}, {visitor, members, 404}, {visitor, draft, 404},
		{member, members, 200}, {member, draft, 404}, {speaker, members, 404},
		{mod, draft, 200},
	}
	for i, c := range cases {
		if r := e.get(c.c, fmt.Sprintf("/evenements/%d", c.ev.ID)); r.code != c.code {
			t.Errorf("case %d: %d, want %d", i, r.code, c.code)
		}
	}
	// The agenda lists what each may see.
	if r := e.get(visitor, "/agenda"); strings.Count(r.body, `class="event-item`) != 1 {
		t.Fatal("a visitor's agenda must show only public announcements")
	}
	if r := e.get(member, "/agenda"); strings.Count(r.body, `class="event-item`) != 2 {
		t.Fatal("a member's agenda must show members' and public events, not drafts")
	}
	if r := e.get(member, "/agenda/mois?m="+members.StartsAt.In(parisLoc()).Format("2006-01")); r.code != 200 || !strings.Contains(r.body, members.Title) {
		t.Fatalf("month view: %d", r.code)
	}
	if r := e.get(member, "/agenda/mois?m=2026-13"); r.code != 400 {
		t.Fatalf("bad month: %d", r.code)
	}
}

func parisLoc() *time.Location {
	loc, _ := time.LoadLocation("Europe/Paris")
	return loc
}

func TestJoinButtonTiming(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clk := useClock(db)
		e := newEnv(t, db)
		ev := e.event(creatorclub.AudienceMembers)
		ev.Capacity = 1
		if _, err := db.UpdateEvent(ctx, ev, nil); err != nil {
			t.Fatal(err)
		}
		a, b := e.user(creatorclub.RoleMember), e.user(creatorclub.RoleMember)
		ac, bc := e.signIn(a), e.signIn(b)
		path := fmt.Sprintf("/evenements/%d", ev.ID)
		e.post(ac, path+"/inscription", nil)
		e.post(bc, path+"/inscription", nil)
		if r := e.get(ac, path); strings.Contains(r.body, `id="join"`) || !strings.Contains(r.body, `id="join-later"`) {
			t.Fatal("the join button shows a week before")
		}
		if r := e.post(ac, path+"/rejoindre", nil); r.code != 409 {
			t.Fatalf("join too early: %d", r.code)
		}
		clk.Set(ev.StartsAt.Add(-10 * time.Minute))
		r := e.get(ac, path)
		if !strings.Contains(r.body, `id="join"`) {
			t.Fatal("no join button 10 minutes before")
		}
		if r := e.get(bc, path); strings.Contains(r.body, `id="join"`) {
			t.Fatal("a waitlisted member sees the join button")
		}
		join := e.post(ac, path+"/rejoindre", nil)
		if join.code != 303 || !strings.HasPrefix(join.loc, "https://visio.club.test/"+ev.Room) {
			t.Fatalf("join: %d %s", join.code, join.loc)
		}
		if reg, _ := db.FindRegistration(ctx, ev.ID, a.ID); reg.AttendedAt == nil {
			t.Fatal("attendance not recorded")
		}
		if r := e.post(bc, path+"/rejoindre", nil); r.code != 403 {
			t.Fatalf("waitlisted join: %d", r.code)
		}
		// The personal link works at click time, and stops with the registration.
		reg, _ := db.FindRegistration(ctx, ev.ID, a.ID)
		visitor := e.client()
		if r := e.get(visitor, "/rejoindre/"+reg.JoinToken); r.code != 200 || !strings.Contains(r.body, `id="join"`) {
			t.Fatalf("personal link page: %d", r.code)
		}
		if r := e.post(visitor, "/rejoindre/"+reg.JoinToken, nil); r.code != 303 || !strings.Contains(r.loc, ev.Room) {
			t.Fatalf("personal join: %d %s", r.code, r.loc)
		}
		e.post(ac, path+"/annulation", nil)
		if r := e.post(visitor, "/rejoindre/"+reg.JoinToken, nil); r.code != 403 {
			t.Fatalf("personal link after cancelling: %d", r.code)
		}
		if r := e.post(visitor, "/rejoindre/not-a-token", nil); r.code != 404 {
			t.Fatalf("unknown token: %d", r.code)
		}
		// After the end the room is closed.
		clk.Set(ev.EndsAt.Add(time.Minute))
		if r := e.post(bc, path+"/rejoindre", nil); r.code != 409 {
			t.Fatalf("join after the end: %d", r.code)
		}
	})
}

func eventForm(start time.Time, extra map[string]string) url.Values {
	loc := parisLoc()
	v := url.Values{
		"kind": {"meeting"}, "title": {"Rendez-vous visio de printemps"}, "description": {"Ordre du jour *à venir*."},
		"starts_at": {start.In(loc).Format("2006-01-02T15:04")}, "ends_at": {start.Add(90 * time.Minute).In(loc).Format("2006-01-02T15:04")},
		"time_zone": {"Europe/Paris"}, "audience": {"members"}, "capacity": {"50"}, "status": {"published"}, "room_kind": {"jitsi"},
		"slot_name": {"Dr Marc Olivier", "Maître Inès Haddad", ""}, "slot_topic": {"Santé mentale", "Loi du 9 juin 2023", ""},
		"slot_email": {"marc@exemple.fr", "", ""}, "slot_minutes": {"20", "15", ""}, "slot_role": {"psychologue", "avocate", ""},
		"slot_org": {"", "", ""}, "co_organisers": {"UMICC"},
	}
	for k, x := range extra {
		v.Set(k, x)
	}
	return v
}

func TestCreateEventAndBadInput(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		mod := e.signIn(e.user(creatorclub.RoleModerator))
		start := time.Now().Add(30 * 24 * time.Hour).Truncate(time.Hour)
		bad := map[string]map[string]string{
			"La fin doit être après le début": {"ends_at": start.Add(-time.Hour).In(parisLoc()).Format("2006-01-02T15:04")},
			"Fuseau horaire inconnu":          {"time_zone": "Mars/Olympus"},
			"elle doit finir":                 {"rrule": "FREQ=WEEKLY"},
			"Jauge invalide":                  {"capacity": "beaucoup"},
			"adresse https complète":          {"room_kind": "external", "room_url": "http://zoom.example/j/1"},
			"Indiquez un titre":               {"title": "  "},
			"Chaque intervention a besoin":    {"slot_topic": ""},
		}
		for want, extra := range bad {
			r := e.post(mod, "/gestion/evenements", eventForm(start, extra))
			if r.code != 400 || !strings.Contains(r.body, want) {
				t.Errorf("%v: %d, want 400 with %q", extra, r.code, want)
			}
		}
		if evs, _ := db.ListEvents(ctx, creatorclub.EventFilter{}); len(evs) != 0 {
			t.Fatalf("%d events created by refused forms", len(evs))
		}
		// A good form creates the event, invites the speaker with an email,
		// and schedules reminders.
		r := e.post(mod, "/gestion/evenements", eventForm(start, nil))
		if r.code != 303 {
			t.Fatalf("create: %d %s", r.code, r.body)
		}
		evs, _ := db.ListEvents(ctx, creatorclub.EventFilter{})
		if len(evs) != 1 || len(evs[0].Slots) != 2 || evs[0].Slots[0].SpeakerID == 0 || evs[0].Slots[1].SpeakerID != 0 || evs[0].RoomKind != "jitsi" || len(evs[0].Room) < 20 {
			t.Fatalf("created: %+v", evs)
		}
		if !evs[0].StartsAt.Equal(start.UTC()) {
			t.Fatalf("start %v, want %v", evs[0].StartsAt, start.UTC())
		}
		if m := mailTo(e.box.all(), "marc@exemple.fr"); len(m) != 1 || !strings.Contains(m[0].Text, "/connexion/lien?token=") {
			t.Fatalf("speaker invitation: %+v", m)
		}
		if u, err := db.FindUserByEmail(ctx, "marc@exemple.fr"); err != nil || u.Role != creatorclub.RoleSpeaker {
			t.Fatalf("speaker account: %+v %v", u, err)
		}
		if len(e.box.reminders) != 1 {
			t.Fatalf("reminders scheduled for %v", e.box.reminders)
		}
		// A quarterly series: four events at 18:30 Paris, summer or winter.
		first := time.Date(2027, 1, 14, 18, 30, 0, 0, parisLoc())
		r = e.post(mod, "/gestion/evenements", eventForm(first, map[string]string{"rrule": "FREQ=MONTHLY;INTERVAL=3;COUNT=4", "title": "Rendez-vous trimestriel"}))
		if r.code != 303 {
			t.Fatalf("series: %d %s", r.code, r.body)
		}
		series, _ := db.ListEvents(ctx, creatorclub.EventFilter{From: first.Add(-time.Hour)})
		var n int
		for _, s := range series {
			if s.Title == "Rendez-vous trimestriel" {
				n++
				if s.StartsAt.In(parisLoc()).Format("15:04") != "18:30" || s.SeriesID == 0 {
					t.Errorf("occurrence %v", s.StartsAt.In(parisLoc()))
				}
			}
		}
		if n != 4 {
			t.Fatalf("%d occurrences, want 4", n)
		}
	})
}

func TestUpdateAndCancelNotifyMembers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ev := e.event(creatorclub.AudienceMembers, "UMICC")
		m := e.user(creatorclub.RoleMember)
		e.post(e.signIn(m), fmt.Sprintf("/evenements/%d/inscription", ev.ID), nil)
		mod := e.signIn(e.user(creatorclub.RoleModerator))
		// Capacity below registrations is refused and changes nothing.
		path := fmt.Sprintf("/gestion/evenements/%d", ev.ID)
		form := eventForm(ev.StartsAt, map[string]string{"title": ev.Title, "room_kind": "jitsi"})
		form.Set("capacity", "0")
		r := e.post(mod, path, withCapacity(form, "-3"))
		if r.code != 400 {
			t.Fatalf("negative capacity: %d", r.code)
		}
		// Moving the event tells the member (SEQUENCE 1) and reschedules reminders.
		before := len(e.box.reminders)
		moved := eventForm(ev.StartsAt.Add(24*time.Hour), map[string]string{"title": ev.Title})
		if r := e.post(mod, path, moved); r.code != 303 {
			t.Fatalf("move: %d %s", r.code, r.body)
		}
		upd := mailTo(e.box.all(), m.Email)
		last := upd[len(upd)-1]
		if !strings.Contains(last.Subject, "Changement") || len(last.Attachments) != 1 {
			t.Fatalf("update mail: %+v", last)
		}
		cal := parseICS(t, last.Attachments[0].Data)
		if seq := cal.Events()[0].Props.Get(goical.PropSequence); seq == nil || seq.Value != "1" {
			t.Fatalf("SEQUENCE %v, want 1", seq)
		}
		if len(e.box.reminders) != before+1 {
			t.Fatal("reminders not rescheduled after the move")
		}
		// Cancelling sends METHOD:CANCEL.
		if r := e.post(mod, path+"/annuler", nil); r.code != 303 {
			t.Fatalf("cancel: %d", r.code)
		}
		msgs := mailTo(e.box.all(), m.Email)
		cancel := msgs[len(msgs)-1]
		if !strings.Contains(cancel.Subject, "Annulé") || !strings.Contains(cancel.Attachments[0].ContentType, "method=CANCEL") {
			t.Fatalf("cancel mail: %+v", cancel)
		}
		cal = parseICS(t, cancel.Attachments[0].Data)
		if cal.Props.Get(goical.PropMethod).Value != "CANCEL" || cal.Events()[0].Props.Get(goical.PropStatus).Value != "CANCELLED" {
			t.Fatal("cancellation is not METHOD:CANCEL with STATUS:CANCELLED")
		}
		if r := e.post(mod, path+"/annuler", nil); r.code != 409 {
			t.Fatalf("cancel twice: %d", r.code)
		}
	})
}

func withCapacity(v url.Values, c string) url.Values {
	v.Set("capacity", c)
	return v
}

func TestPartnersEditOnlyTheirEvents(t *testing.T) {
	e := newEnv(t, sqldbtest.Open(t, sqldb.SQLite))
	ours := e.event(creatorclub.AudienceMembers, "UMICC")
	theirs := e.event(creatorclub.AudienceMembers, "Autre syndicat")
	partner := e.signIn(e.user(creatorclub.RolePartner)) // organisation UMICC
	if r := e.get(partner, fmt.Sprintf("/gestion/evenements/%d", ours.ID)); r.code != 200 {
		t.Fatalf("own event: %d", r.code)
	}
	if r := e.get(partner, fmt.Sprintf("/gestion/evenements/%d", theirs.ID)); r.code != 403 {
		t.Fatalf("other organisation's event: %d", r.code)
	}
	if r := e.post(partner, fmt.Sprintf("/gestion/evenements/%d", theirs.ID), eventForm(theirs.StartsAt, map[string]string{"title": "Piraté"})); r.code != 403 {
		t.Fatalf("edit other organisation's event: %d", r.code)
	}
	if got, _ := e.db.FindEvent(ctx, theirs.ID); got.Title == "Piraté" {
		t.Fatal("a partner changed another organisation's event")
	}
	if r := e.get(partner, "/gestion/evenements"); !strings.Contains(r.body, fmt.Sprintf("/gestion/evenements/%d", ours.ID)) || strings.Contains(r.body, fmt.Sprintf("/gestion/evenements/%d\"", theirs.ID)) {
		t.Fatal("the partner's list must show only co-organised events")
	}
}

func TestCalendarFeeds(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		members, public := e.event(creatorclub.AudienceMembers), e.event(creatorclub.AudiencePublic)
		m := e.user(creatorclub.RoleMember)
		mc := e.signIn(m)
		e.post(mc, fmt.Sprintf("/evenements/%d/inscription", members.ID), nil)
		acct := e.get(mc, "/compte")
		feedURL := regexp.MustCompile(`/calendrier/[A-Za-z0-9_-]+\.ics`).FindString(acct.body)
		if feedURL == "" {
			t.Fatal("no feed URL on the account page")
		}
		r := e.get(e.client(), feedURL)
		if r.code != 200 || !strings.HasPrefix(r.hdr.Get("Content-Type"), "text/calendar") {
			t.Fatalf("feed: %d", r.code)
		}
		cal := parseICS(t, []byte(r.body))
		if evs := cal.Events(); len(evs) != 1 || evs[0].Props.Get(goical.PropSummary).Value != members.Title {
			t.Fatalf("private feed has %d events", len(cal.Events()))
		}
		if len(cal.Children) == 0 || cal.Children[0].Name != goical.CompTimezone {
			t.Fatal("no VTIMEZONE first in the feed")
		}
		// Reset revokes the old address.
		e.post(mc, "/compte/calendrier", nil)
		if r := e.get(e.client(), feedURL); r.code != 404 {
			t.Fatalf("old feed after reset: %d", r.code)
		}
		pub := parseICS(t, []byte(e.get(e.client(), "/agenda.ics").body))
		if evs := pub.Events(); len(evs) != 1 || evs[0].Props.Get(goical.PropSummary).Value != public.Title {
			t.Fatalf("public feed has %d events", len(pub.Events()))
		}
	})
}

func TestAttendeesExportAndMaterials(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clk := useClock(db)
		e := newEnv(t, db)
		ev := e.event(creatorclub.AudienceMembers)
		m := e.user(creatorclub.RoleMember)
		mc := e.signIn(m)
		e.post(mc, fmt.Sprintf("/evenements/%d/inscription", ev.ID), nil)
		mod := e.user(creatorclub.RoleModerator)
		modc := e.signIn(mod)
		r := e.get(modc, fmt.Sprintf("/gestion/evenements/%d/inscrits.csv", ev.ID))
		if r.code != 200 || !strings.Contains(r.body, m.Email) || !strings.HasPrefix(r.hdr.Get("Content-Type"), "text/csv") {
			t.Fatalf("csv: %d %s", r.code, r.body)
		}
		if entries, _, _ := db.ListAudit(ctx, creatorclub.AuditFilter{Action: "event.attendees_export"}); len(entries) != 1 || entries[0].ActorID != mod.ID {
			t.Fatal("export not audited")
		}
		// A PDF of slides, uploaded by staff.
		pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		fw, _ := w.CreateFormFile("file", "supports-masterclass.pdf")
		fw.Write(pdf)
		w.Close()
		req, _ := http.NewRequest("POST", e.ts.URL+fmt.Sprintf("/gestion/evenements/%d/supports", ev.ID), &buf)
		req.Header.Set("Content-Type", w.FormDataContentType())
		res, err := modc.Do(req)
		if err != nil || res.StatusCode != 303 {
			t.Fatalf("upload: %v %v", res.StatusCode, err)
		}
		res.Body.Close()
		mats, _ := db.ListMaterials(ctx, ev.ID)
		if len(mats) != 1 {
			t.Fatalf("%d materials", len(mats))
		}
		link := fmt.Sprintf("/evenements/%d/supports/%d", ev.ID, mats[0].ID)
		if r := e.get(mc, link); r.code != 404 {
			t.Fatalf("member download before the event: %d", r.code)
		}
		clk.Set(ev.StartsAt.Add(time.Minute))
		r = e.get(mc, link)
		if r.code != 200 || r.body != string(pdf) || r.hdr.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(r.hdr.Get("Content-Disposition"), "attachment") {
			t.Fatalf("member download: %d", r.code)
		}
		// An HTML page disguised as a PDF is refused.
		buf.Reset()
		w = multipart.NewWriter(&buf)
		fw, _ = w.CreateFormFile("file", "slides.pdf")
		fw.Write([]byte("<html><script>alert(1)</script></html>"))
		w.Close()
		req, _ = http.NewRequest("POST", e.ts.URL+fmt.Sprintf("/gestion/evenements/%d/supports", ev.ID), &buf)
		req.Header.Set("Content-Type", w.FormDataContentType())
		res, _ = modc.Do(req)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 400 || !strings.Contains(string(body), "Type de fichier") {
			t.Fatalf("disguised upload: %d", res.StatusCode)
		}
	})
}

// TestMaterialTooLarge: a material over the limit is refused with a message
// that names the limit, whether the request's size stops it or the store's
// count does, and nothing is saved.
func TestMaterialTooLarge(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ev := e.event(creatorclub.AudienceMembers)
		modc := e.signIn(e.user(creatorclub.RoleModerator))
		pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
		limit := int(files.DefaultMaterialLimits.MaxBytes)
		for _, size := range []int{limit + 512<<10, limit + 2<<20} {
			big := append(append([]byte{}, pdf...), bytes.Repeat([]byte("0"), size-len(pdf))...)
			r := uploadFile(t, e, modc, fmt.Sprintf("/gestion/evenements/%d/supports", ev.ID), "enorme.pdf", big)
			if r.code != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "dépasse 50 Mo") {
				t.Errorf("%d bytes: %d %.300s", size, r.code, r.body)
			}
		}
		if mats, _ := db.ListMaterials(ctx, ev.ID); len(mats) != 0 {
			t.Errorf("%d materials saved", len(mats))
		}
		r := uploadFile(t, e, modc, fmt.Sprintf("/gestion/evenements/%d/supports", ev.ID), "", nil)
		if r.code != http.StatusBadRequest || !strings.Contains(r.body, "Choisissez un fichier") {
			t.Errorf("no file: %d", r.code)
		}
	})
}
