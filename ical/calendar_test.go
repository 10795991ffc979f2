package ical_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the machine's zoneinfo
	"unicode/utf8"

	goical "github.com/emersion/go-ical"

	"github.com/creatorclub/creatorclub/ical"
)

var (
	paris = mustLoad("Europe/Paris")
	stamp = time.Date(2026, 1, 2, 9, 15, 0, 0, time.UTC)
)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// encode returns c's encoding, failing the test on error.
func encode(t *testing.T, c *ical.Calendar) []byte {
	t.Helper()
	b, err := c.Bytes()
	if err != nil {
		t.Fatalf("Bytes: %v", err)
	}
	return b
}

// decode parses b with an independent parser, then has that library's
// encoder check the structure (required and single properties).
func decode(t *testing.T, b []byte) *goical.Calendar {
	t.Helper()
	cal, err := goical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatalf("decode: %v\n%s", err, b)
	}
	if err := goical.NewEncoder(io.Discard).Encode(cal); err != nil {
		t.Fatalf("structure check: %v\n%s", err, b)
	}
	return cal
}

// children returns the sub-components of c named name.
func children(c *goical.Component, name string) []*goical.Component {
	var out []*goical.Component
	for _, child := range c.Children {
		if child.Name == name {
			out = append(out, child)
		}
	}
	return out
}

// text returns the TEXT value of c's property name, or fails the test.
func text(t *testing.T, c *goical.Component, name string) string {
	t.Helper()
	p := c.Props.Get(name)
	if p == nil {
		t.Fatalf("%s has no %s", c.Name, name)
	}
	s, err := p.Text()
	if err != nil {
		t.Fatalf("%s %s: %v", c.Name, name, err)
	}
	return s
}

// meeting returns a valid event starting at start (Paris time) for an hour
// and a half.
func meeting(uid, title string, start time.Time) ical.Event {
	return ical.Event{
		UID:         uid,
		Title:       title,
		Description: "Ordre du jour sur le site.",
		Location:    "Visio (lien sur le site du club)",
		URL:         "https://club.example.org/evenements/42",
		Start:       start,
		End:         start.Add(90 * time.Minute),
	}
}

func TestEncodeRoundTripsThroughAnotherParser(t *testing.T) {
	t.Parallel()
	organizer := ical.Organizer{Name: "Jeanne d'Arc, équipe du club", Email: "club@club.example.org"}
	events := []ical.Event{
		{
			UID: "event-42@club.example.org", Sequence: 3,
			Title:       "Santé mentale : où en est-on ?",
			Description: "Questions, réponses; et un \\ antislash.\nDeuxième ligne.",
			Location:    "Visio (lien sur le site du club)",
			URL:         "https://club.example.org/evenements/42",
			Start:       time.Date(2026, 2, 12, 18, 30, 0, 0, paris),
			End:         time.Date(2026, 2, 12, 20, 0, 0, 0, paris),
			Organizer:   organizer,
			Updated:     time.Date(2026, 1, 20, 8, 0, 0, 0, time.UTC),
		},
		{
			UID:   "event-43@club.example.org",
			Title: `a,b;c\d` + "\n" + `e\,f`,
			Start: time.Date(2026, 7, 2, 9, 0, 0, 0, time.UTC), // given in UTC, shown in Paris
			End:   time.Date(2026, 7, 2, 11, 0, 0, 0, time.UTC),
		},
		{
			UID: "event-44@club.example.org", Sequence: 1, Cancelled: true,
			Title:     "Masterclass « Réglementation » — annulée",
			Start:     time.Date(2026, 12, 3, 14, 0, 0, 0, paris),
			End:       time.Date(2026, 12, 3, 16, 0, 0, 0, paris),
			Organizer: organizer,
			Attendee:  &ical.Attendee{Name: "Zoé Lefèvre", Email: "zoe@example.org"},
		},
	}
	c := &ical.Calendar{Name: "Club des créateurs", Stamp: stamp, Events: events}
	cal := decode(t, encode(t, c))

	if p := cal.Props.Get(goical.PropMethod); p != nil {
		t.Errorf("feed has METHOD:%s, want none", p.Value)
	}
	if got := text(t, cal.Component, "X-WR-CALNAME"); got != c.Name {
		t.Errorf("X-WR-CALNAME = %q, want %q", got, c.Name)
	}
	if got := text(t, cal.Component, goical.PropProductID); got != ical.DefaultProdID {
		t.Errorf("PRODID = %q, want %q", got, ical.DefaultProdID)
	}
	tzs := children(cal.Component, goical.CompTimezone)
	if len(tzs) != 1 {
		t.Fatalf("got %d VTIMEZONE, want 1", len(tzs))
	}
	if got := text(t, tzs[0], goical.PropTimezoneID); got != "Europe/Paris" {
		t.Errorf("TZID = %q, want Europe/Paris", got)
	}

	got := children(cal.Component, goical.CompEvent)
	if len(got) != len(events) {
		t.Fatalf("got %d VEVENT, want %d", len(got), len(events))
	}
	for i, want := range events {
		ev := got[i]
		t.Run(want.UID, func(t *testing.T) {
			if s := text(t, ev, goical.PropUID); s != want.UID {
				t.Errorf("UID = %q, want %q", s, want.UID)
			}
			if s := text(t, ev, goical.PropSummary); s != want.Title {
				t.Errorf("SUMMARY = %q, want %q", s, want.Title)
			}
			seq, err := ev.Props.Get(goical.PropSequence).Int()
			if err != nil || seq != want.Sequence {
				t.Errorf("SEQUENCE = %d (%v), want %d", seq, err, want.Sequence)
			}
			for _, tc := range []struct {
				prop string
				want time.Time
			}{{goical.PropDateTimeStart, want.Start}, {goical.PropDateTimeEnd, want.End}} {
				p := ev.Props.Get(tc.prop)
				if p == nil {
					t.Fatalf("no %s", tc.prop)
				}
				if tzid := p.Params.Get(goical.PropTimezoneID); tzid != "Europe/Paris" {
					t.Errorf("%s TZID = %q, want Europe/Paris", tc.prop, tzid)
				}
				if wantLocal := tc.want.In(paris).Format("20060102T150405"); p.Value != wantLocal {
					t.Errorf("%s = %q, want local time %q", tc.prop, p.Value, wantLocal)
				}
				at, err := p.DateTime(paris)
				if err != nil || !at.Equal(tc.want) {
					t.Errorf("%s = %v (%v), want %v", tc.prop, at, err, tc.want)
				}
			}
			if p := ev.Props.Get(goical.PropDateTimeStamp); p == nil || p.Value != "20260102T091500Z" {
				t.Errorf("DTSTAMP = %+v, want 20260102T091500Z", p)
			}
			wantStatus := "CONFIRMED"
			if want.Cancelled {
				wantStatus = "CANCELLED"
			}
			if s := text(t, ev, goical.PropStatus); s != wantStatus {
				t.Errorf("STATUS = %q, want %q", s, wantStatus)
			}
			for _, tc := range []struct{ prop, want string }{
				{goical.PropDescription, want.Description},
				{goical.PropLocation, want.Location},
			} {
				if tc.want == "" {
					if p := ev.Props.Get(tc.prop); p != nil {
						t.Errorf("%s = %q, want none", tc.prop, p.Value)
					}
				} else if s := text(t, ev, tc.prop); s != tc.want {
					t.Errorf("%s = %q, want %q", tc.prop, s, tc.want)
				}
			}
			if want.URL != "" {
				u, err := ev.Props.URI(goical.PropURL)
				if err != nil || u.String() != want.URL {
					t.Errorf("URL = %v (%v), want %q", u, err, want.URL)
				}
			}
			if !want.Updated.IsZero() {
				at, err := ev.Props.DateTime(goical.PropLastModified, nil)
				if err != nil || !at.Equal(want.Updated) {
					t.Errorf("LAST-MODIFIED = %v (%v), want %v", at, err, want.Updated)
				}
			}
			checkAddress(t, ev, goical.PropOrganizer, want.Organizer.Name, want.Organizer.Email)
			if want.Attendee == nil {
				checkAddress(t, ev, goical.PropAttendee, "", "")
			} else {
				p := checkAddress(t, ev, goical.PropAttendee, want.Attendee.Name, want.Attendee.Email)
				if got := p.Params.Get(goical.ParamParticipationStatus); got != "ACCEPTED" {
					t.Errorf("ATTENDEE PARTSTAT = %q, want ACCEPTED", got)
				}
				if got := p.Params.Get(goical.ParamRSVP); got != "FALSE" {
					t.Errorf("ATTENDEE RSVP = %q, want FALSE", got)
				}
			}
		})
	}
}

// checkAddress checks that ev has the ORGANIZER or ATTENDEE property prop
// for email with common name name, or none when email is empty.
func checkAddress(t *testing.T, ev *goical.Component, prop, name, email string) *goical.Prop {
	t.Helper()
	ps := ev.Props.Values(prop)
	if email == "" {
		if len(ps) != 0 {
			t.Errorf("%s = %+v, want none", prop, ps)
		}
		return nil
	}
	if len(ps) != 1 {
		t.Fatalf("got %d %s, want 1", len(ps), prop)
	}
	if ps[0].Value != "mailto:"+email {
		t.Errorf("%s = %q, want mailto:%s", prop, ps[0].Value, email)
	}
	if cn := ps[0].Params.Get(goical.ParamCommonName); cn != name {
		t.Errorf("%s CN = %q, want %q", prop, cn, name)
	}
	return &ps[0]
}

func TestEncodeMethodAndStatus(t *testing.T) {
	t.Parallel()
	organizer := ical.Organizer{Name: "Club des créateurs", Email: "club@club.example.org"}
	start := time.Date(2026, 4, 16, 18, 30, 0, 0, paris)
	tests := []struct {
		name       string
		method     string
		cancelled  bool
		wantMethod string // "" for no METHOD property
		wantStatus string
	}{
		{"feed", "", false, "", "CONFIRMED"},
		{"feed with a cancelled event", "", true, "", "CANCELLED"},
		{"invitation", ical.MethodRequest, false, "REQUEST", "CONFIRMED"},
		{"cancellation", ical.MethodCancel, false, "CANCEL", "CANCELLED"},
		{"cancellation of a cancelled event", ical.MethodCancel, true, "CANCEL", "CANCELLED"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ev := meeting("event-7@club.example.org", "Réunion trimestrielle", start)
			ev.Cancelled = tc.cancelled
			ev.Organizer = organizer
			ev.Attendee = &ical.Attendee{Email: "membre@example.org"}
			cal := decode(t, encode(t, &ical.Calendar{Method: tc.method, Stamp: stamp, Events: []ical.Event{ev}}))
			p := cal.Props.Get(goical.PropMethod)
			switch {
			case tc.wantMethod == "" && p != nil:
				t.Errorf("METHOD = %q, want none", p.Value)
			case tc.wantMethod != "" && (p == nil || p.Value != tc.wantMethod):
				t.Errorf("METHOD = %+v, want %q", p, tc.wantMethod)
			}
			evs := children(cal.Component, goical.CompEvent)
			if len(evs) != 1 {
				t.Fatalf("got %d VEVENT, want 1", len(evs))
			}
			if got := text(t, evs[0], goical.PropStatus); got != tc.wantStatus {
				t.Errorf("STATUS = %q, want %q", got, tc.wantStatus)
			}
			checkAddress(t, evs[0], goical.PropAttendee, "", "membre@example.org")
		})
	}
}

// frenchText is 300 characters of French with accents, a few of them
// multi-byte, and escapable characters.
const frenchText = "Nous échangerons sur la santé mentale des créateurs : fatigue, " +
	"exposition permanente, cyberharcèlement ; puis sur les règles de l'ARPP " +
	"concernant les contenus sponsorisés, les mentions « collaboration commerciale » " +
	"et la déontologie. Apportez vos questions — même les plus délicates. À très bientôt !"

func TestEncodeFoldsLongLines(t *testing.T) {
	t.Parallel()
	if n := utf8.RuneCountInString(frenchText); n != 300 {
		t.Fatalf("frenchText has %d characters, want 300", n)
	}
	tests := []struct {
		name string
		text string
	}{
		{"French prose", frenchText},
		// Without spaces the library cannot fold at a word boundary and
		// must cut between characters of two bytes.
		{"no spaces", strings.Repeat("é", 150)},
		{"three-byte characters", strings.Repeat("€", 100) + "x" + strings.Repeat("€", 100)},
		{"escapes at fold points", strings.Repeat(`\,;`, 80)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ev := meeting("event-9@club.example.org", tc.text, time.Date(2026, 5, 5, 18, 30, 0, 0, paris))
			ev.Description = tc.text
			b := encode(t, &ical.Calendar{Stamp: stamp, Events: []ical.Event{ev}})

			lines := strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n")
			folded := 0
			for i, line := range lines {
				if len(line) > 75 {
					t.Errorf("line %d has %d octets, want at most 75: %q", i+1, len(line), line)
				}
				if !utf8.ValidString(line) {
					t.Errorf("line %d splits a UTF-8 sequence: %q", i+1, line)
				}
				if strings.HasPrefix(line, " ") {
					folded++
				}
			}
			if folded < 2 {
				t.Errorf("found %d continuation lines, want the long values folded", folded)
			}

			// Unfolding by hand gives back the escaped value...
			unfolded := strings.ReplaceAll(string(b), "\r\n ", "")
			escaped := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`).Replace(tc.text)
			if !strings.Contains(unfolded, "\r\nDESCRIPTION:"+escaped+"\r\n") {
				t.Errorf("unfolded output has no DESCRIPTION:%s\n%s", escaped, unfolded)
			}
			// ...and the other parser gives back the text itself.
			evs := children(decode(t, b).Component, goical.CompEvent)
			if got := text(t, evs[0], goical.PropDescription); got != tc.text {
				t.Errorf("DESCRIPTION = %q, want %q", got, tc.text)
			}
			if got := text(t, evs[0], goical.PropSummary); got != tc.text {
				t.Errorf("SUMMARY = %q, want %q", got, tc.text)
			}
		})
	}
}

func TestEncodeUsesCRLF(t *testing.T) {
	t.Parallel()
	ev := meeting("event-1@club.example.org", "Réunion", time.Date(2026, 9, 17, 18, 30, 0, 0, paris))
	// Line breaks from a Windows textarea or an old Mac are normalised.
	ev.Description = "ligne 1\r\nligne 2\rligne 3\n" + frenchText
	ev.Organizer = ical.Organizer{Name: "Club", Email: "club@club.example.org"}
	b := encode(t, &ical.Calendar{Name: "Club", Method: ical.MethodRequest, Stamp: stamp, Events: []ical.Event{ev}})

	if !bytes.HasSuffix(b, []byte("END:VCALENDAR\r\n")) {
		t.Errorf("output does not end with END:VCALENDAR CRLF: %q", b[max(0, len(b)-20):])
	}
	if n, crlf := bytes.Count(b, []byte("\n")), bytes.Count(b, []byte("\r\n")); n != crlf || n < 20 {
		t.Errorf("%d LF but %d CRLF, want every line ended by CRLF", n, crlf)
	}
	if n, crlf := bytes.Count(b, []byte("\r")), bytes.Count(b, []byte("\r\n")); n != crlf {
		t.Errorf("%d CR but %d CRLF, want no bare CR", n, crlf)
	}
	evs := children(decode(t, b).Component, goical.CompEvent)
	if got, want := text(t, evs[0], goical.PropDescription), "ligne 1\nligne 2\nligne 3\n"+frenchText; got != want {
		t.Errorf("DESCRIPTION = %q, want %q", got, want)
	}
}

func TestEncodeAcrossDaylightSavingChanges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		start     time.Time
		wantUTC   string // the instant, for readability
		wantValue string // DTSTART as written
		wantTZID  string
	}{
		// 29 March 2026: Paris goes from +0100 to +0200 at 02:00.
		{"morning after the spring change", time.Date(2026, 3, 29, 10, 0, 0, 0, paris), "2026-03-29T08:00:00Z", "20260329T100000", "Europe/Paris"},
		{"just before the spring change", time.Date(2026, 3, 29, 0, 59, 0, 0, time.UTC), "2026-03-29T00:59:00Z", "20260329T015900", "Europe/Paris"},
		{"just after the spring change", time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC), "2026-03-29T01:00:00Z", "20260329T030000", "Europe/Paris"},
		// 25 October 2026: from +0200 to +0100 at 03:00, so 02:00-03:00 happens twice.
		{"morning after the autumn change", time.Date(2026, 10, 25, 10, 0, 0, 0, paris), "2026-10-25T09:00:00Z", "20261025T100000", "Europe/Paris"},
		{"just before the autumn change", time.Date(2026, 10, 25, 0, 59, 59, 0, time.UTC), "2026-10-25T00:59:59Z", "20261025T005959Z", ""},
		// 02:30 happens twice; readers differ on which one a local time
		// means, so both are written in UTC.
		{"first 02:30 of the autumn change", time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), "2026-10-25T00:30:00Z", "20261025T003000Z", ""},
		{"second 02:30 of the autumn change", time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC), "2026-10-25T01:30:00Z", "20261025T013000Z", ""},
		{"just after the autumn change", time.Date(2026, 10, 25, 2, 0, 0, 0, time.UTC), "2026-10-25T02:00:00Z", "20261025T030000", "Europe/Paris"},
		{"01:59 before the autumn change", time.Date(2026, 10, 24, 23, 59, 0, 0, time.UTC), "2026-10-24T23:59:00Z", "20261025T015900", "Europe/Paris"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.start.UTC().Format(time.RFC3339); got != tc.wantUTC {
				t.Fatalf("test case start is %s, want %s", got, tc.wantUTC)
			}
			ev := meeting("event-dst@club.example.org", "Réunion", tc.start)
			cal := decode(t, encode(t, &ical.Calendar{Stamp: stamp, Events: []ical.Event{ev}}))
			p := children(cal.Component, goical.CompEvent)[0].Props.Get(goical.PropDateTimeStart)
			if p.Value != tc.wantValue || p.Params.Get(goical.PropTimezoneID) != tc.wantTZID {
				t.Errorf("DTSTART = %q TZID %q, want %q TZID %q", p.Value, p.Params.Get(goical.PropTimezoneID), tc.wantValue, tc.wantTZID)
			}
			at, err := p.DateTime(paris)
			if err != nil || !at.Equal(tc.start) {
				t.Errorf("DTSTART reads as %v (%v), want %s", at, err, tc.wantUTC)
			}
			checkParisTimezone(t, cal)
		})
	}
}

// checkParisTimezone checks the VTIMEZONE of a calendar of 2026 events in
// Paris: the European Union's rules since 1996.
func checkParisTimezone(t *testing.T, cal *goical.Calendar) {
	t.Helper()
	tz := children(cal.Component, goical.CompTimezone)[0]
	want := map[string]map[string]string{
		goical.CompTimezoneDaylight: {
			"DTSTART": "20250330T020000", "TZOFFSETFROM": "+0100", "TZOFFSETTO": "+0200",
			"TZNAME": "CEST", "RRULE": "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
		},
		goical.CompTimezoneStandard: {
			"DTSTART": "20251026T030000", "TZOFFSETFROM": "+0200", "TZOFFSETTO": "+0100",
			"TZNAME": "CET", "RRULE": "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
		},
	}
	if len(tz.Children) != 2 {
		t.Fatalf("VTIMEZONE has %d sub-components, want STANDARD and DAYLIGHT", len(tz.Children))
	}
	for name, props := range want {
		subs := children(tz, name)
		if len(subs) != 1 {
			t.Errorf("got %d %s, want 1", len(subs), name)
			continue
		}
		for prop, value := range props {
			if p := subs[0].Props.Get(prop); p == nil || p.Value != value {
				t.Errorf("%s %s = %+v, want %q", name, prop, p, value)
			}
		}
	}
}

func TestEncodeRejectsBadInput(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 6, 11, 18, 30, 0, 0, paris)
	organizer := ical.Organizer{Email: "club@club.example.org"}
	tests := []struct {
		name   string
		change func(c *ical.Calendar)
		want   string // part of the message
	}{
		{"empty UID", func(c *ical.Calendar) { c.Events[0].UID = "" }, "empty UID"},
		{"blank UID", func(c *ical.Calendar) { c.Events[0].UID = " \t" }, "empty UID"},
		{"UID with a line break", func(c *ical.Calendar) { c.Events[0].UID = "a\nb" }, "UID has control characters"},
		{"empty title", func(c *ical.Calendar) { c.Events[0].Title = "" }, "empty title"},
		{"end before start", func(c *ical.Calendar) { c.Events[0].End = start.Add(-time.Hour) }, "end 2026-06-11T17:30:00+02:00 is not after start 2026-06-11T18:30:00+02:00"},
		{"end at start", func(c *ical.Calendar) { c.Events[0].End = start }, "is not after start"},
		{"no start", func(c *ical.Calendar) { c.Events[0].Start = time.Time{} }, "no start time"},
		{"negative sequence", func(c *ical.Calendar) { c.Events[0].Sequence = -1 }, "negative sequence"},
		{"unknown zone", func(c *ical.Calendar) { c.TimeZone = "Europe/Pariss" }, `unknown time zone "Europe/Pariss"`},
		{"Local zone", func(c *ical.Calendar) { c.TimeZone = "Local" }, `time zone "Local"`},
		{"unknown method", func(c *ical.Calendar) { c.Method = "PUBLISH" }, `method "PUBLISH"`},
		{"lower-case method", func(c *ical.Calendar) { c.Method = "request" }, `method "request"`},
		{"invitation without organizer", func(c *ical.Calendar) {
			c.Method = ical.MethodRequest
			c.Events[0].Organizer = ical.Organizer{}
		}, "needs an organizer email"},
		{"invitation for two events", func(c *ical.Calendar) {
			c.Method = ical.MethodCancel
			c.Events = append(c.Events, c.Events[0])
		}, "needs exactly one event, got 2"},
		{"organizer name without email", func(c *ical.Calendar) { c.Events[0].Organizer = ical.Organizer{Name: "Club"} }, `organizer "Club" has no email`},
		{"organizer email with a name in it", func(c *ical.Calendar) {
			c.Events[0].Organizer.Email = "Club <club@club.example.org>"
		}, "is not a plain address"},
		{"attendee without email", func(c *ical.Calendar) { c.Events[0].Attendee = &ical.Attendee{Name: "Zoé"} }, "attendee without email"},
		{"attendee email with a comma", func(c *ical.Calendar) { c.Events[0].Attendee = &ical.Attendee{Email: "a,b@example.org"} }, "is not a plain address"},
		{"relative URL", func(c *ical.Calendar) { c.Events[0].URL = "/evenements/42" }, "not an absolute URL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ev := meeting("event-5@club.example.org", "Réunion", start)
			ev.Organizer = organizer
			c := &ical.Calendar{Stamp: stamp, Events: []ical.Event{ev}}
			if _, err := c.Bytes(); err != nil {
				t.Fatalf("valid calendar rejected: %v", err)
			}
			tc.change(c)
			var buf bytes.Buffer
			err := c.Encode(&buf)
			if err == nil {
				t.Fatalf("Encode succeeded, want an error containing %q", tc.want)
			}
			if !errors.Is(err, ical.ErrInvalid) {
				t.Errorf("error %q does not wrap ErrInvalid", err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "ical: ") || !strings.Contains(msg, tc.want) {
				t.Errorf("error %q, want the prefix \"ical: \" and %q", msg, tc.want)
			}
			if buf.Len() != 0 {
				t.Errorf("Encode wrote %d bytes before failing", buf.Len())
			}
		})
	}
}

// failingWriter fails every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestEncodeReportsWriteErrors(t *testing.T) {
	t.Parallel()
	c := &ical.Calendar{Stamp: stamp, Events: []ical.Event{meeting("e@x", "R", time.Date(2026, 1, 8, 18, 0, 0, 0, paris))}}
	err := c.Encode(failingWriter{})
	if err == nil || errors.Is(err, ical.ErrInvalid) || !strings.Contains(err.Error(), "ical: write calendar: disk full") {
		t.Errorf("Encode to a failing writer = %v, want a wrapped write error", err)
	}
}

func TestEncodeEmptyFeedIsValid(t *testing.T) {
	t.Parallel()
	// RFC 5545 wants at least one component; the VTIMEZONE is one.
	cal := decode(t, encode(t, &ical.Calendar{Stamp: stamp}))
	if n := len(children(cal.Component, goical.CompTimezone)); n != 1 {
		t.Errorf("empty feed has %d VTIMEZONE, want 1", n)
	}
	if n := len(children(cal.Component, goical.CompEvent)); n != 0 {
		t.Errorf("empty feed has %d VEVENT, want 0", n)
	}
}
