// Package ical writes iCalendar files (RFC 5545) for the club's events: feeds
// that members subscribe to, and invitations or cancellations attached to mail
// (iTIP, RFC 5546). It also expands recurrence rules for series of meetings.
//
// Writing goes through github.com/arran4/golang-ical, which folds long lines
// without splitting UTF-8 sequences and escapes TEXT values. This package fills
// what that library leaves out: CRLF line endings (its default is a bare LF),
// VTIMEZONE components computed from Go's time zone data, local times with a
// TZID, and correctly quoted CN parameters.
package ical

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

// DefaultTimeZone is the IANA zone a Calendar shows its events in when its
// TimeZone is empty.
const DefaultTimeZone = "Europe/Paris"

// DefaultProdID is the PRODID of a Calendar whose ProdID is empty.
const DefaultProdID = "-//creatorclub//Club des createurs//FR"

// Methods of a Calendar sent by mail (RFC 5546). A feed has no method.
const (
	MethodRequest = "REQUEST"
	MethodCancel  = "CANCEL"
)

// ErrInvalid is wrapped by every error that Encode, Bytes and Occurrences
// return for bad input, so that callers can tell it from a failed write with
// errors.Is.
var ErrInvalid = errors.New("ical: invalid input")

// Organizer is the person or team that organises an event. Name may be empty;
// Email is required whenever a Name is given.
type Organizer struct {
	Name  string
	Email string
}

// Attendee is the one member an invitation is addressed to. The member is
// written as having accepted (PARTSTAT=ACCEPTED) with no reply expected
// (RSVP=FALSE): registering on the site is the answer.
type Attendee struct {
	Name  string
	Email string
}

// Event is what a calendar entry needs; times are absolute instants.
type Event struct {
	UID         string    // stable, e.g. "event-42@club.example.org"
	Sequence    int       // incremented on each significant change (RFC 5545 3.8.7.4)
	Title       string    // SUMMARY
	Description string    // plain text
	Location    string    // e.g. "Visio (lien sur le site du club)"
	URL         string    // the event page; absolute when set
	Start, End  time.Time // End must be after Start
	Cancelled   bool      // STATUS:CANCELLED rather than CONFIRMED
	Organizer   Organizer // may be empty in a feed; required with a Method
	Attendee    *Attendee // for an invitation to one member; nil otherwise
	Updated     time.Time // LAST-MODIFIED, omitted when zero; DTSTAMP is Calendar.Stamp
}

// Calendar is one iCalendar object: a feed of events, or an invitation or
// cancellation for one event when Method is set.
type Calendar struct {
	Name     string    // X-WR-CALNAME, omitted when empty
	ProdID   string    // DefaultProdID when empty
	Method   string    // "" for a feed, MethodRequest or MethodCancel for mail attachments
	TimeZone string    // IANA zone the events are shown in, DefaultTimeZone when empty
	Stamp    time.Time // DTSTAMP of every VEVENT, written in UTC; the current time when zero
	Events   []Event
}

// Bytes returns the calendar as text/calendar content, or an error wrapping
// ErrInvalid when the calendar or one of its events is invalid.
func (c *Calendar) Bytes() ([]byte, error) {
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Encode writes the calendar to w as text/calendar content: CRLF line endings,
// lines folded at 75 octets, one VTIMEZONE for the calendar's zone, and event
// times in that zone's local time. It validates everything before writing
// anything, and returns an error wrapping ErrInvalid for bad input, or the
// error of w.
func (c *Calendar) Encode(w io.Writer) error {
	cal, err := c.build()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	// The library's default line ending is a bare LF on every platform;
	// RFC 5545 section 3.1 requires CRLF.
	if err := cal.SerializeTo(&buf, ics.WithNewLineWindows, ics.WithLineLength(75)); err != nil {
		return fmt.Errorf("ical: serialize calendar: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("ical: write calendar: %w", err)
	}
	return nil
}

// build validates c and returns the library's calendar for it.
func (c *Calendar) build() (*ics.Calendar, error) {
	zone := c.TimeZone
	if zone == "" {
		zone = DefaultTimeZone
	}
	loc, err := loadZone(zone)
	if err != nil {
		return nil, err
	}
	switch c.Method {
	case "", MethodRequest, MethodCancel:
	default:
		return nil, fmt.Errorf("%w: method %q: want empty (a feed), %q or %q", ErrInvalid, c.Method, MethodRequest, MethodCancel)
	}
	if c.Method != "" && len(c.Events) != 1 {
		// RFC 5546 section 1.4: an iTIP message is about one calendar object;
		// we send one event per mail.
		return nil, fmt.Errorf("%w: method %s needs exactly one event, got %d", ErrInvalid, c.Method, len(c.Events))
	}
	for i := range c.Events {
		if err := c.Events[i].validate(c.Method); err != nil {
			return nil, fmt.Errorf("%w: event %d (uid %q): %w", ErrInvalid, i, c.Events[i].UID, err)
		}
	}

	stamp := c.Stamp
	if stamp.IsZero() {
		stamp = time.Now()
	}
	prodID := c.ProdID
	if prodID == "" {
		prodID = DefaultProdID
	}

	cal := ics.NewCalendarFor("creatorclub")
	cal.SetProductId(cleanText(prodID))
	cal.SetCalscale("GREGORIAN")
	if c.Method != "" {
		cal.SetMethod(ics.Method(c.Method))
	}
	if c.Name != "" {
		cal.SetXWRCalName(cleanText(c.Name))
	}
	cal.SetXWRTimezone(zone)

	firstYear, lastYear := c.yearSpan(loc, stamp)
	cal.AddVTimezone(vtimezone(zone, loc, firstYear, lastYear))
	for i := range c.Events {
		cal.AddVEvent(c.Events[i].vevent(c.Method, zone, loc, stamp))
	}
	return cal, nil
}

// yearSpan returns the first and last years, in loc, that the events touch,
// or the year of stamp when there are no events.
func (c *Calendar) yearSpan(loc *time.Location, stamp time.Time) (first, last int) {
	if len(c.Events) == 0 {
		y := stamp.In(loc).Year()
		return y, y
	}
	first, last = c.Events[0].Start.In(loc).Year(), c.Events[0].End.In(loc).Year()
	for _, ev := range c.Events[1:] {
		first = min(first, ev.Start.In(loc).Year())
		last = max(last, ev.End.In(loc).Year())
	}
	return first, last
}

// validate checks the event for a calendar with the given method and returns
// a description of the first problem found.
func (e *Event) validate(method string) error {
	switch {
	case strings.TrimSpace(e.UID) == "":
		return errors.New("empty UID")
	case hasControl(e.UID) || !utf8.ValidString(e.UID):
		return errors.New("UID has control characters or invalid UTF-8")
	case strings.TrimSpace(e.Title) == "":
		return errors.New("empty title")
	case e.Sequence < 0:
		return fmt.Errorf("negative sequence %d", e.Sequence)
	case e.Start.IsZero():
		return errors.New("no start time")
	case !e.End.After(e.Start):
		return fmt.Errorf("end %s is not after start %s", e.End.Format(time.RFC3339), e.Start.Format(time.RFC3339))
	}
	if e.URL != "" {
		u, err := url.Parse(e.URL)
		if err != nil {
			return fmt.Errorf("URL: %w", err)
		}
		if !u.IsAbs() || strings.ContainsAny(e.URL, " \t\r\n") {
			return fmt.Errorf("URL %q is not an absolute URL without spaces", e.URL)
		}
	}
	if err := checkPerson("organizer", e.Organizer.Name, e.Organizer.Email); err != nil {
		return err
	}
	if method != "" && e.Organizer.Email == "" {
		return fmt.Errorf("method %s needs an organizer email (RFC 5546)", method)
	}
	if e.Attendee != nil {
		if e.Attendee.Email == "" {
			return errors.New("attendee without email")
		}
		if err := checkPerson("attendee", e.Attendee.Name, e.Attendee.Email); err != nil {
			return err
		}
	}
	return nil
}

// checkPerson checks the name and email of an organizer or attendee: an email
// is required with a name, and must be a bare address usable in a mailto URI.
func checkPerson(role, name, email string) error {
	if email == "" {
		if name != "" {
			return fmt.Errorf("%s %q has no email", role, name)
		}
		return nil
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Name != "" || addr.Address != email || strings.ContainsAny(email, "\",;:\\ ") {
		return fmt.Errorf("%s email %q is not a plain address", role, email)
	}
	return nil
}

// vevent returns the VEVENT for e in a calendar with the given method, showing
// times in loc (whose IANA name is zone).
func (e *Event) vevent(method, zone string, loc *time.Location, stamp time.Time) *ics.VEvent {
	ev := ics.NewEvent(e.UID)
	ev.SetDtStampTime(stamp)
	ev.SetSequence(e.Sequence)
	setDateTime(ev, ics.ComponentPropertyDtStart, e.Start, zone, loc)
	setDateTime(ev, ics.ComponentPropertyDtEnd, e.End, zone, loc)
	ev.SetSummary(cleanText(e.Title))
	if e.Description != "" {
		ev.SetDescription(cleanText(e.Description))
	}
	if e.Location != "" {
		ev.SetLocation(cleanText(e.Location))
	}
	if e.URL != "" {
		ev.SetURL(e.URL)
	}
	status := ics.ObjectStatusConfirmed
	if e.Cancelled || method == MethodCancel {
		status = ics.ObjectStatusCancelled
	}
	ev.SetStatus(status)
	if !e.Updated.IsZero() {
		ev.SetLastModifiedAt(e.Updated)
	}
	if e.Organizer.Email != "" {
		ev.Properties = append(ev.Properties, calAddress(ics.ComponentPropertyOrganizer, e.Organizer.Name, e.Organizer.Email, nil))
	}
	if e.Attendee != nil {
		ev.Properties = append(ev.Properties, calAddress(ics.ComponentPropertyAttendee, e.Attendee.Name, e.Attendee.Email, map[string][]string{
			string(ics.ParameterParticipationStatus): {string(ics.ParticipationStatusAccepted)},
			string(ics.ParameterRsvp):                {"FALSE"},
		}))
	}
	return ev
}

// setDateTime sets a DATE-TIME property to t as local time in loc with a TZID
// parameter, or in UTC when that local time is ambiguous because it occurs
// twice as clocks go back. RFC 5545 section 3.3.5 says readers take the first
// occurrence, but not all do (Go's time.Date, and so readers built on it, may
// take the second), and UTC leaves no doubt.
func setDateTime(ev *ics.VEvent, prop ics.ComponentProperty, t time.Time, zone string, loc *time.Location) {
	local := t.In(loc)
	if isAmbiguous(local) {
		ev.SetProperty(prop, t.UTC().Format(utcFormat))
		return
	}
	ev.SetProperty(prop, local.Format(localFormat), ics.WithTZID(zone))
}

const (
	localFormat = "20060102T150405"
	utcFormat   = "20060102T150405Z"
)

// isAmbiguous reports whether another instant shows the same wall clock as t
// in t's location.
func isAmbiguous(t time.Time) bool {
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
	_, now := t.Zone()
	// Any other instant with the same wall clock is under the offset in
	// force shortly before or after a change.
	for _, probe := range []time.Duration{-48 * time.Hour, 48 * time.Hour} {
		_, off := t.Add(probe).Zone()
		if off == now {
			continue
		}
		other := wall.Add(-time.Duration(off) * time.Second).In(t.Location())
		if other.Format(localFormat) == t.Format(localFormat) {
			return true
		}
	}
	return false
}

// calAddress returns an ORGANIZER or ATTENDEE property for email with an
// optional common name and other parameters.
//
// The library writes parameter values with backslash escapes ("d\'Arc"),
// which RFC 5545 does not have, so the CN parameter goes into the property
// name, quoted as RFC 5545 section 3.2 requires and with RFC 6868 escapes;
// the library itself declares REFRESH-INTERVAL;VALUE=DURATION that way.
func calAddress(prop ics.ComponentProperty, name, email string, params map[string][]string) ics.IANAProperty {
	token := string(prop)
	if name = strings.TrimSpace(name); name != "" {
		token += ";CN=" + quoteParam(name)
	}
	return ics.IANAProperty{BaseProperty: ics.BaseProperty{
		IANAToken:      token,
		ICalParameters: params,
		Value:          "mailto:" + email,
	}}
}

// paramEscaper applies RFC 6868 to a parameter value.
var paramEscaper = strings.NewReplacer("^", "^^", "\n", "^n", `"`, "^'")

// quoteParam returns s as a quoted parameter value.
func quoteParam(s string) string {
	return `"` + paramEscaper.Replace(cleanText(s)) + `"`
}

// cleanText makes s fit a TEXT value: invalid UTF-8 becomes U+FFFD, line
// breaks become LF (which the library escapes as \n), and other control
// characters, which RFC 5545 forbids, are dropped.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	if !hasControl(strings.ReplaceAll(s, "\n", "")) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r != '\n' && isControl(r) {
			return -1
		}
		return r
	}, s)
}

// hasControl reports whether s has a control character other than HTAB.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, isControl)
}

// isControl reports whether r is a CONTROL character of RFC 5545 section 3.1
// other than HTAB.
func isControl(r rune) bool {
	return (r < 0x20 && r != '\t') || r == 0x7f
}

// loadZone returns the location named zone, or an error wrapping ErrInvalid.
// "Local" is refused: it is not a name other programs can resolve.
func loadZone(zone string) (*time.Location, error) {
	if zone == "Local" {
		return nil, fmt.Errorf("%w: time zone %q: want an IANA name such as %q", ErrInvalid, zone, DefaultTimeZone)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("%w: unknown time zone %q: %w", ErrInvalid, zone, err)
	}
	return loc, nil
}

// formatOffset formats an offset in seconds east of UTC as a UTC-OFFSET value
// (RFC 5545 section 3.3.14), such as "+0100" or "-0330".
func formatOffset(seconds int) string {
	sign := "+"
	if seconds < 0 {
		sign, seconds = "-", -seconds
	}
	s := sign + twoDigits(seconds/3600) + twoDigits(seconds/60%60)
	if seconds%60 != 0 {
		s += twoDigits(seconds % 60)
	}
	return s
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
