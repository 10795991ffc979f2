package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	goical "github.com/emersion/go-ical"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/app"
	"github.com/creatorclub/creatorclub/room"
)

// testClock is the club's clock in a test: the wall clock moved by an offset
// that the test sets. It runs on, so that two things done one after the other
// get different times, and is safe for concurrent use.
type testClock struct {
	mu     sync.Mutex
	offset time.Duration
}

// Now is the clock's time, in UTC like the database's default clock.
func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset).UTC()
}

// Set moves the clock so that it shows t now.
func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = time.Until(t)
}

// paris is the club's default time zone, in which the editor reads times.
var paris = mustLoadLocation("Europe/Paris")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// wantAbsent fails the test if the page has an element sel.
func wantAbsent(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	js := fmt.Sprintf(`document.querySelector(%q) === null`, sel)
	if !get(t, ctx, "look for "+sel, chromedp.Evaluate[bool](js)) {
		t.Fatalf("the page has %s, want none\n%s", sel, pageState(ctx))
	}
}

// reload reloads the page the browser shows.
func reload(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, "reload", chromedp.Reload())
}

// wantCalendar checks that msg carries one invitation: a text/calendar part
// with method=REQUEST whose calendar has METHOD:REQUEST and one event titled
// title that starts at start.
func wantCalendar(t *testing.T, msg *sentMail, title string, start time.Time) {
	t.Helper()
	parts := msg.partsOf("text/calendar")
	if len(parts) != 1 {
		t.Fatalf("mail %s (%q) has %d text/calendar parts, want 1; parts: %v", msg.Path, msg.Subject, len(parts), partTypes(msg))
	}
	p := parts[0]
	if !strings.EqualFold(p.Params["method"], "REQUEST") {
		t.Errorf("calendar part Content-Type = %q, want method=REQUEST", p.ContentType)
	}
	body := string(p.Body)
	for _, want := range []string{"BEGIN:VCALENDAR", "METHOD:REQUEST", "BEGIN:VEVENT"} {
		if !strings.Contains(body, want) {
			t.Errorf("calendar part lacks %s:\n%s", want, body)
		}
	}
	cal, err := goical.NewDecoder(bytes.NewReader(p.Body)).Decode()
	if err != nil {
		t.Fatalf("parse the invitation: %v\n%s", err, body)
	}
	if prop := cal.Props.Get(goical.PropMethod); prop == nil || prop.Value != "REQUEST" {
		t.Errorf("calendar METHOD = %v, want REQUEST", prop)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("invitation holds %d events, want 1:\n%s", len(events), body)
	}
	summary, err := events[0].Props.Text(goical.PropSummary)
	if err != nil || summary != title {
		t.Errorf("invitation SUMMARY = %q (%v), want %q", summary, err, title)
	}
	got, err := events[0].DateTimeStart(time.UTC)
	if err != nil || !got.Equal(start) {
		t.Errorf("invitation DTSTART = %v (%v), want %v", got, err, start)
	}
}

func partTypes(msg *sentMail) []string {
	var out []string
	for _, p := range msg.Parts {
		out = append(out, p.ContentType)
	}
	return out
}

// postWithBrowserCookies posts an empty form to target with the cookies the
// browser of ctx has for it, as the browser would, without following the
// redirect that answers, and returns the response.
func postWithBrowserCookies(t *testing.T, ctx context.Context, m *app.Main, target string) *http.Response {
	t.Helper()
	stepCtx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.Call(stepCtx, network.GetCookies, network.GetCookiesParams{URLs: []string{target}})
	if err != nil {
		t.Fatalf("read the browser's cookies: %v", err)
	}
	if len(res.Cookies) == 0 {
		t.Fatalf("the browser has no cookie for %s", target)
	}
	req, err := http.NewRequestWithContext(stepCtx, http.MethodPost, target, strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", m.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", target, err)
	}
	resp.Body.Close()
	return resp
}

// TestEventMeetingRegistrationWaitlistJoin runs a video meeting from end to
// end: a moderator creates it in the editor, a member registers and gets the
// invitation, a second member lands on the waitlist of the one seat, the
// room opens 15 minutes before the start (the server's clock is moved), the
// first member joins and is marked present, then cancels, and the second
// member gets the seat.
func TestEventMeetingRegistrationWaitlistJoin(t *testing.T) {
	t.Parallel()
	clock := &testClock{}
	m := MustRunMainWith(t, func(m *app.Main) {
		m.Clock = clock.Now
		// Whatever the environment says: public Jitsi, no token.
		m.Config.Rooms = room.Config{JitsiBaseURL: room.DefaultJitsiBaseURL}
	})
	bg := context.Background()
	moderator := &creatorclub.User{Email: "modo@exemple.fr", FirstName: "Camille", LastName: "Roux", Role: creatorclub.RoleModerator}
	if err := m.DB.CreateUser(bg, moderator); err != nil {
		t.Fatalf("create the moderator: %v", err)
	}
	mustImport(t, m,
		member(2, "CC-2026-0101", "Léa", "Martin", "lea.martin@exemple.fr"),
		member(3, "CC-2026-0102", "Hugo", "Bernard", "hugo.bernard@exemple.fr"))
	memberA := mustFindUser(t, m, "lea.martin@exemple.fr")
	memberB := mustFindUser(t, m, "hugo.bernard@exemple.fr")

	const title = "Santé mentale : tenir face à la pression"
	day := clock.Now().In(paris).AddDate(0, 0, 2)
	start := time.Date(day.Year(), day.Month(), day.Day(), 18, 30, 0, 0, paris)
	end := time.Date(day.Year(), day.Month(), day.Day(), 20, 0, 0, 0, paris)
	const local = "2006-01-02T15:04"

	// 1. The moderator creates a published video meeting in the editor.
	modCtx := newBrowser(t)
	signIn(t, modCtx, m, moderator.Email)
	if status := open(t, modCtx, m, "/gestion/evenements/nouveau"); status != 200 {
		t.Fatalf("the new event form answered %d\n%s", status, pageState(modCtx))
	}
	if tz := get(t, modCtx, "read the time zone", chromedp.Value(css("#time_zone"))); tz != "Europe/Paris" {
		t.Errorf("the editor's time zone is %q, want Europe/Paris by default", tz)
	}
	before := outboxFiles(t, m)
	do(t, modCtx, "fill in the event",
		chromedp.SendKeys(css("#title"), title),
		chromedp.SetValue(css("#starts_at"), start.Format(local)),
		chromedp.SetValue(css("#ends_at"), end.Format(local)),
		chromedp.SendKeys(css("#capacity"), "1"),
		chromedp.Click(css("#room-jitsi")),
		chromedp.SetValue(css("#status"), "published"),
		chromedp.SendKeys(css("#slot_name_0"), "Dr Marc Olivier"),
		chromedp.SendKeys(css("#slot_topic_0"), "Pression des marques"),
		chromedp.SendKeys(css("#slot_email_0"), "marc.olivier@exemple.fr"),
		chromedp.SendKeys(css("#slot_minutes_0"), "20"),
		chromedp.SendKeys(css("#slot_name_1"), "Nadia Benali"),
		chromedp.SendKeys(css("#slot_topic_1"), "Harcèlement en ligne"),
		chromedp.SendKeys(css("#slot_minutes_1"), "25"),
	)
	if got := get(t, modCtx, "read the title", chromedp.Value(css("#title"))); got != title {
		t.Fatalf("the title field holds %q after typing, want %q", got, title)
	}
	if status := click(t, modCtx, "#save-event"); status != 200 {
		t.Fatalf("saving the event answered %d\n%s", status, pageState(modCtx))
	}
	match := regexp.MustCompile(`^/gestion/evenements/(\d+)$`).FindStringSubmatch(pagePath(t, modCtx))
	if match == nil {
		t.Fatalf("after saving, the browser is on %s, want /gestion/evenements/{id}\n%s", pagePath(t, modCtx), pageState(modCtx))
	}
	id, _ := strconv.ParseInt(match[1], 10, 64)
	eventPath := fmt.Sprintf("/evenements/%d", id)
	wantText(t, modCtx, ".flash", "Événement enregistré.")
	if got := get(t, modCtx, "read the start", chromedp.Value(css("#starts_at"))); got != start.Format(local) {
		t.Errorf("the editor shows the start %q, want %q", got, start.Format(local))
	}
	if got := get(t, modCtx, "read the status", chromedp.Value(css("#status"))); got != "published" {
		t.Errorf("the editor shows the status %q, want published", got)
	}

	ev, err := m.DB.FindEvent(bg, id)
	if err != nil {
		t.Fatalf("find event %d: %v", id, err)
	}
	if ev.Title != title || !ev.StartsAt.Equal(start) || !ev.EndsAt.Equal(end) || ev.Capacity != 1 ||
		ev.Status != creatorclub.EventPublished || ev.RoomKind != creatorclub.RoomJitsi || ev.TimeZone != "Europe/Paris" {
		t.Errorf("stored event: title %q, %v → %v, capacity %d, status %s, room %s, zone %s; want %q, %v → %v, 1, published, jitsi, Europe/Paris",
			ev.Title, ev.StartsAt, ev.EndsAt, ev.Capacity, ev.Status, ev.RoomKind, ev.TimeZone, title, start, end)
	}
	if !strings.HasPrefix(ev.Room, "sante-mentale-") {
		t.Errorf("Jitsi room %q, want a name made from the title", ev.Room)
	}
	if len(ev.Slots) != 2 || ev.Slots[0].SpeakerName != "Dr Marc Olivier" || ev.Slots[0].Minutes != 20 ||
		ev.Slots[1].SpeakerName != "Nadia Benali" || ev.Slots[1].Minutes != 25 || ev.Slots[1].SpeakerEmail != "" {
		t.Errorf("stored agenda = %+v, want Dr Marc Olivier (20 min) then Nadia Benali (25 min, no email)", ev.Slots)
	}
	speaker := mustFindUser(t, m, "marc.olivier@exemple.fr")
	if speaker.Role != creatorclub.RoleSpeaker || len(ev.Slots) == 0 || ev.Slots[0].SpeakerID != speaker.ID {
		t.Errorf("speaker account: role %s, id %d; want a speaker linked to the first slot", speaker.Role, speaker.ID)
	}
	invite := waitForMail(t, m, "marc.olivier@exemple.fr", before)
	if !strings.Contains(invite.Subject, "Votre intervention") || !strings.Contains(invite.Subject, title) {
		t.Errorf("speaker mail subject = %q, want the invitation to speak at %q", invite.Subject, title)
	}
	if !strings.Contains(invite.Text, "Pression des marques") || !strings.Contains(invite.Text, "/connexion/lien?token=") {
		t.Errorf("speaker mail does not give the topic and a sign-in link:\n%s", invite.Text)
	}

	// 2. Member A finds the event on the agenda and registers.
	aCtx := newSession(t, modCtx)
	signIn(t, aCtx, m, memberA.Email)
	open(t, aCtx, m, "/agenda")
	wantText(t, aCtx, "ul.events", title)
	wantText(t, aCtx, "ul.events", "Dr Marc Olivier, Nadia Benali")
	if status := click(t, aCtx, fmt.Sprintf(`ul.events a[href="%s"]`, eventPath)); status != 200 {
		t.Fatalf("the event page answered %d\n%s", status, pageState(aCtx))
	}
	wantPath(t, aCtx, eventPath)
	wantText(t, aCtx, "h1", title)
	wantText(t, aCtx, "#event-when", "à 18:30")
	wantText(t, aCtx, "#event-when", "→ 20:00")
	slots := get(t, aCtx, "read the agenda", chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll("ol.slots li"), li => li.innerText.trim())`))
	if len(slots) != 2 || !strings.Contains(slots[0], "Dr Marc Olivier") || !strings.Contains(slots[0], "Pression des marques") ||
		!strings.Contains(slots[0], "20 min") || !strings.Contains(slots[1], "Nadia Benali") ||
		!strings.Contains(slots[1], "Harcèlement en ligne") || !strings.Contains(slots[1], "25 min") {
		t.Errorf("the agenda shows %q, want Dr Marc Olivier's then Nadia Benali's slot", slots)
	}
	wantText(t, aCtx, "#register", "M'inscrire")
	before = outboxFiles(t, m)
	if status := click(t, aCtx, "#register"); status != 200 {
		t.Fatalf("registering answered %d\n%s", status, pageState(aCtx))
	}
	wantPath(t, aCtx, eventPath)
	wantText(t, aCtx, ".flash", "Vous êtes inscrit")
	wantText(t, aCtx, "#registration-status", "Vous êtes inscrit")
	wantAbsent(t, aCtx, "#register")
	confirmation := waitForMail(t, m, memberA.Email, before)
	if !strings.Contains(confirmation.Subject, "Inscription confirmée") || !strings.Contains(confirmation.Subject, title) {
		t.Errorf("confirmation subject = %q", confirmation.Subject)
	}
	wantCalendar(t, confirmation, title, start)

	// 3. Member B gets the waitlist: the one seat is taken.
	bCtx := newSession(t, modCtx)
	signIn(t, bCtx, m, memberB.Email)
	open(t, bCtx, m, eventPath)
	wantText(t, bCtx, "#register", "liste d'attente")
	before = outboxFiles(t, m)
	if status := click(t, bCtx, "#register"); status != 200 {
		t.Fatalf("joining the waitlist answered %d\n%s", status, pageState(bCtx))
	}
	wantText(t, bCtx, ".flash", "liste d'attente")
	wantText(t, bCtx, "#registration-status", "n° 1 sur la liste d'attente")
	waitlisted := waitForMail(t, m, memberB.Email, before)
	if !strings.Contains(waitlisted.Subject, "Liste d'attente") || !strings.Contains(waitlisted.Text, "n° 1") {
		t.Errorf("waitlist mail: subject %q, text:\n%s", waitlisted.Subject, waitlisted.Text)
	}
	if parts := waitlisted.partsOf("text/calendar"); len(parts) != 0 {
		t.Errorf("the waitlist mail carries an invitation, want none before a seat: %v", partTypes(waitlisted))
	}

	// The organiser sees one seated and one waiting.
	open(t, modCtx, m, fmt.Sprintf("/gestion/evenements/%d/inscrits", id))
	wantText(t, modCtx, "#stat-registered", "1")
	wantText(t, modCtx, "#stat-waitlisted", "1")
	// Nobody has joined yet: the column says so rather than staying empty.
	if n := get(t, modCtx, "count the rows not checked in", chromedp.Evaluate[int](
		`[...document.querySelectorAll("table tbody tr td:last-child")].filter(td => td.textContent.trim() === "Non pointé").length`)); n != 2 {
		t.Errorf("%d registrations read « Non pointé », want 2 (nobody has joined)\n%s", n, pageState(modCtx))
	}

	// 4. Two days before, the room is not open yet.
	open(t, aCtx, m, eventPath)
	wantText(t, aCtx, "#join-later", "15 minutes avant")
	wantAbsent(t, aCtx, "#join")
	screenshot(t, aCtx, "event.png")

	// Ten minutes before the start, it is: for A, who has a seat, not for B.
	clock.Set(start.Add(-10 * time.Minute))
	reload(t, aCtx)
	do(t, aCtx, "see the join button", chromedp.WaitVisible(css("#join")))
	wantAbsent(t, aCtx, "#join-later")
	reload(t, bCtx)
	wantText(t, bCtx, "#registration-status", "liste d'attente")
	wantAbsent(t, bCtx, "#join")

	// Joining sends A to the Jitsi room and records A as present. The
	// browser would load meet.jit.si: the form is posted from here instead,
	// with A's cookies, and the redirect is read, not followed.
	action := get(t, aCtx, "read the join form", chromedp.Evaluate[string](`document.querySelector("#join").form.action`))
	if want := m.URL + eventPath + "/rejoindre"; action != want {
		t.Fatalf("the join form posts to %s, want %s", action, want)
	}
	resp := postWithBrowserCookies(t, aCtx, m, action)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "https://meet.jit.si/") || !strings.Contains(loc, ev.Room) {
		t.Fatalf("joining answered %d to %q, want 303 to https://meet.jit.si/%s", resp.StatusCode, loc, ev.Room)
	}
	if u, err := url.Parse(loc); err != nil || u.Path != "/"+ev.Room {
		t.Errorf("room URL %q, want the path /%s (%v)", loc, ev.Room, err)
	}
	reg, err := m.DB.FindRegistration(bg, id, memberA.ID)
	if err != nil {
		t.Fatalf("find A's registration: %v", err)
	}
	if reg.AttendedAt == nil {
		t.Errorf("A joined but the registration has no attendance time")
	} else if d := reg.AttendedAt.Sub(start); d < -11*time.Minute || d > -9*time.Minute {
		t.Errorf("A's attendance is recorded at %v, want about %v (the club's clock)", reg.AttendedAt, start.Add(-10*time.Minute))
	}
	// B, waitlisted, may not enter.
	if resp := postWithBrowserCookies(t, bCtx, m, action); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a waitlisted member joining answered %d to %q, want 403", resp.StatusCode, resp.Header.Get("Location"))
	}

	// 5. A cancels: B gets the seat, and a mail that says so.
	before = outboxFiles(t, m)
	if status := click(t, aCtx, "#cancel-registration"); status != 200 {
		t.Fatalf("cancelling answered %d\n%s", status, pageState(aCtx))
	}
	wantPath(t, aCtx, eventPath)
	wantText(t, aCtx, ".flash", "Inscription annulée")
	wantAbsent(t, aCtx, "#registration-status")
	wantAbsent(t, aCtx, "#join")
	promoted := waitForMail(t, m, memberB.Email, before)
	if !strings.Contains(promoted.Subject, "Une place s'est libérée") || !strings.Contains(promoted.Subject, title) {
		t.Errorf("promotion mail subject = %q, want « Une place s'est libérée : %s »", promoted.Subject, title)
	}
	wantCalendar(t, promoted, title, start)
	reload(t, bCtx)
	wantText(t, bCtx, "#registration-status", "Vous êtes inscrit")
	do(t, bCtx, "see the join button", chromedp.WaitVisible(css("#join")))
	if reg, err := m.DB.FindRegistration(bg, id, memberB.ID); err != nil || reg.Status != creatorclub.RegRegistered {
		t.Errorf("B's registration: %+v (%v), want registered", reg, err)
	}
}
