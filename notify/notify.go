// Package notify composes the club's mail in the member's language: sign-in
// links, event confirmations with calendar invitations, waitlist promotions,
// updates, cancellations and reminders. It only composes; the jobs package
// sends.
package notify

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"strings"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/mail"
)

//go:embed locales templates
var assets embed.FS

// Composer builds mail messages.
type Composer struct {
	Club    string
	Org     string
	BaseURL string

	loc  map[string]*i18n.Localizer
	tmpl *template.Template
}

// New returns a Composer for the club; baseURL prefixes every link.
func New(club, org, baseURL string) (*Composer, error) {
	b := i18n.NewBundle(language.French)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	c := &Composer{Club: club, Org: org, BaseURL: strings.TrimRight(baseURL, "/"), loc: map[string]*i18n.Localizer{}}
	for _, l := range []string{"fr", "en"} {
		data, err := fs.ReadFile(assets, "locales/"+l+".json")
		if err != nil {
			return nil, fmt.Errorf("notify: read locale %s: %w", l, err)
		}
		if _, err := b.ParseMessageFileBytes(data, l+".json"); err != nil {
			return nil, fmt.Errorf("notify: parse locale %s: %w", l, err)
		}
		c.loc[l] = i18n.NewLocalizer(b, l)
	}
	t, err := template.ParseFS(assets, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("notify: parse templates: %w", err)
	}
	c.tmpl = t
	return c, nil
}

// T translates id into lang with pairs of arguments ("Name", value, …).
func (c *Composer) T(lang, id string, args ...any) string {
	loc, ok := c.loc[lang]
	if !ok {
		loc = c.loc["fr"]
	}
	data := map[string]any{"Club": c.Club, "Org": c.Org}
	for i := 0; i+1 < len(args); i += 2 {
		data[fmt.Sprint(args[i])] = args[i+1]
	}
	s, err := loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil {
		return id
	}
	return s
}

var frMonths = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
var frDays = []string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

// FormatDateTime writes t in zone for lang, with the zone's abbreviation:
// "jeudi 15 janvier 2026 à 18:30 (CET)".
func FormatDateTime(lang string, t time.Time, zone string) string {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		loc, _ = time.LoadLocation(creatorclub.DefaultTimeZone)
	}
	t = t.In(loc)
	abbr, _ := t.Zone()
	if lang == "en" {
		return t.Format("Monday 2 January 2006, 15:04") + " (" + abbr + ")"
	}
	return fmt.Sprintf("%s %d %s %d à %s (%s)", frDays[t.Weekday()], t.Day(), frMonths[t.Month()-1], t.Year(), t.Format("15:04"), abbr)
}

// body is one mail: paragraphs, an optional button, then more paragraphs.
type body struct {
	Lang     string
	Greeting string
	Before   []string
	// BeforeHTML, when set, are the HTML part's paragraphs in place of
	// Before: the same text with markup the text part cannot carry, such as
	// a course title marked with its language.
	BeforeHTML []template.HTML
	Button     string
	Link       string
	After      []string
	Footer     string
}

func (c *Composer) compose(u *creatorclub.User, subject string, b body, atts ...mail.Attachment) (mail.Message, error) {
	b.Footer = c.T(b.Lang, "footer")
	var text strings.Builder
	text.WriteString(b.Greeting + "\n\n")
	for _, p := range b.Before {
		text.WriteString(p + "\n\n")
	}
	if b.Link != "" {
		text.WriteString(b.Button + " : " + b.Link + "\n\n")
	}
	for _, p := range b.After {
		text.WriteString(p + "\n\n")
	}
	text.WriteString("-- \n" + b.Footer + "\n")
	var html bytes.Buffer
	if err := c.tmpl.ExecuteTemplate(&html, "message.html", b); err != nil {
		return mail.Message{}, fmt.Errorf("notify: render: %w", err)
	}
	return mail.Message{To: u.Email, ToName: u.Name(), Subject: subject, Text: text.String(), HTML: html.String(), Attachments: atts}, nil
}

func lang(u *creatorclub.User) string {
	if u.Locale == "en" {
		return "en"
	}
	return "fr"
}

// SignIn is the mail with a sign-in link.
func (c *Composer) SignIn(u *creatorclub.User, link string, minutes int) (mail.Message, error) {
	l := lang(u)
	return c.compose(u, c.T(l, "signin_subject"), body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()),
		Before: []string{c.T(l, "signin_intro")}, Button: c.T(l, "signin_button"), Link: link,
		After: []string{c.T(l, "signin_validity", "Minutes", minutes), c.T(l, "signin_ignore")}})
}

func (c *Composer) eventLink(ev *creatorclub.Event) string {
	return fmt.Sprintf("%s/evenements/%d", c.BaseURL, ev.ID)
}

func (c *Composer) when(u *creatorclub.User, ev *creatorclub.Event) string {
	return FormatDateTime(lang(u), ev.StartsAt, u.Zone())
}

// ICSAttachment wraps calendar bytes as an attachment for the method.
func ICSAttachment(data []byte, method string) mail.Attachment {
	return mail.Attachment{Filename: "invitation.ics", ContentType: "text/calendar; charset=utf-8; method=" + method, Data: data}
}

// Registered confirms a seat (with the invitation attached) or a place on
// the waitlist (without).
func (c *Composer) Registered(u *creatorclub.User, ev *creatorclub.Event, reg *creatorclub.Registration, ics []byte) (mail.Message, error) {
	l := lang(u)
	if reg.Status == creatorclub.RegWaitlisted {
		return c.compose(u, c.T(l, "waitlist_subject", "Title", ev.Title), body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()),
			Before: []string{c.T(l, "waitlist_intro", "Title", ev.Title, "When", c.when(u, ev), "Position", reg.WaitlistPosition)},
			Button: c.T(l, "event_button"), Link: c.eventLink(ev), After: []string{c.T(l, "waitlist_after")}})
	}
	return c.compose(u, c.T(l, "registered_subject", "Title", ev.Title), body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()),
		Before: []string{c.T(l, "registered_intro", "Title", ev.Title, "When", c.when(u, ev))},
		Button: c.T(l, "event_button"), Link: c.eventLink(ev), After: []string{c.T(l, "registered_after")}},
		ICSAttachment(ics, "REQUEST"))
}

// Promoted tells a member they moved from the waitlist to a seat.
func (c *Composer) Promoted(u *creatorclub.User, ev *creatorclub.Event, ics []byte) (mail.Message, error) {
	l := lang(u)
	return c.compose(u, c.T(l, "promoted_subject", "Title", ev.Title), body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()),
		Before: []string{c.T(l, "promoted_intro", "Title", ev.Title, "When", c.when(u, ev))},
		Button: c.T(l, "event_button"), Link: c.eventLink(ev), After: []string{c.T(l, "registered_after")}},
		ICSAttachment(ics, "REQUEST"))
}

// Updated tells a registered member the event changed (time or room).
func (c *Composer) Updated(u *creatorclub.User, ev *creatorclub.Event, ics []byte) (mail.Message, error) {
	l := lang(u)
	return c.compose(u, c.T(l, "updated_subject", "Title", ev.Title), body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()),
		Before: []string{c.T(l, "updated_intro", "Title", ev.Title, "When", c.when(u, ev))},
		Button: c.T(l, "event_button"), Link: c.eventLink(ev)},
		ICSAttachment(ics, "REQUEST"))
}

// Cancelled tells a registered member the event is cancelled.
func (c *Composer) Cancelled(u *creatorclub.User, ev *creatorclub.Event, ics []byte) (mail.Message, error) {
	l := lang(u)
	return c.compose(u, c.T(l, "cancelled_subject", "Title", ev.Title), body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()),
		Before: []string{c.T(l, "cancelled_intro", "Title", ev.Title, "When", c.when(u, ev))}},
		ICSAttachment(ics, "CANCEL"))
}

// Reminder reminds a registered member of an event; kind is "24h" or "1h".
func (c *Composer) Reminder(u *creatorclub.User, ev *creatorclub.Event, kind string) (mail.Message, error) {
	l := lang(u)
	return c.compose(u, c.T(l, "reminder_subject_"+kind, "Title", ev.Title), body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()),
		Before: []string{c.T(l, "reminder_intro", "Title", ev.Title, "When", c.when(u, ev))},
		Button: c.T(l, "event_button"), Link: c.eventLink(ev), After: []string{c.T(l, "reminder_after"), c.T(l, "reminder_optout")}})
}

// SpeakerInvited invites a speaker to their talk, with a sign-in link.
func (c *Composer) SpeakerInvited(u *creatorclub.User, ev *creatorclub.Event, topic, link string) (mail.Message, error) {
	l := lang(u)
	return c.compose(u, c.T(l, "speaker_subject", "Title", ev.Title), body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()),
		Before: []string{c.T(l, "speaker_intro", "Title", ev.Title, "Topic", topic, "When", c.when(u, ev))},
		Button: c.T(l, "speaker_button"), Link: link, After: []string{c.T(l, "speaker_after")}})
}

// LegalAlert tells a member that an important legal watch item was
// published. unsubscribe is the member's signed one-click link for legal
// alerts, also sent as List-Unsubscribe (RFC 8058).
func (c *Composer) LegalAlert(u *creatorclub.User, it *creatorclub.LegalItem, unsubscribe string) (mail.Message, error) {
	l := lang(u)
	before := []string{c.T(l, "legal_alert_intro", "Title", it.Title)}
	if it.EffectiveOn != nil {
		before = append(before, c.T(l, "legal_alert_effective", "Date", FormatDate(l, *it.EffectiveOn)))
	}
	m, err := c.compose(u, c.T(l, "legal_alert_subject", "Title", it.Title), body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()),
		Before: before, Button: c.T(l, "legal_alert_button"), Link: fmt.Sprintf("%s/veille/%d", c.BaseURL, it.ID),
		After: []string{c.T(l, "legal_alert_unsubscribe", "Link", unsubscribe)}})
	if err != nil {
		return m, err
	}
	m.Headers = map[string]string{
		"List-Unsubscribe":      "<" + unsubscribe + ">",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"List-Id":               c.T(l, "legal_list_name") + " <legal-alerts." + listHost(c.BaseURL) + ">",
	}
	return m, nil
}

// FormatDate writes a date for lang: "6 novembre 2024", "6 November 2024".
func FormatDate(lang string, t time.Time) string {
	if lang == "en" {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("%d %s %d", t.Day(), frMonths[t.Month()-1], t.Year())
}

func listHost(base string) string {
	h := strings.TrimPrefix(strings.TrimPrefix(base, "https://"), "http://")
	if i := strings.IndexAny(h, "/:"); i >= 0 {
		h = h[:i]
	}
	return h
}
