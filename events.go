package creatorclub

import (
	"strings"
	"time"
)

// EventKind is the format of an event.
type EventKind string

// Event kinds.
const (
	KindMeeting     EventKind = "meeting" // rendez-vous visio
	KindMasterclass EventKind = "masterclass"
	KindWorkshop    EventKind = "workshop"
)

// EventKinds lists the kinds in display order.
var EventKinds = []EventKind{KindMeeting, KindMasterclass, KindWorkshop}

// Audience says who may see and join an event.
type Audience string

// Audiences.
const (
	AudienceMembers   Audience = "members"   // certified members (and staff, speakers of the event)
	AudienceCommittee Audience = "committee" // monitoring committee only
	AudiencePublic    Audience = "public"    // announced publicly; registration still for members
)

// Audiences lists the audiences in display order.
var Audiences = []Audience{AudienceMembers, AudienceCommittee, AudiencePublic}

// EventStatus is where an event is in its life.
type EventStatus string

// Event statuses.
const (
	EventDraft     EventStatus = "draft"
	EventPublished EventStatus = "published"
	EventCancelled EventStatus = "cancelled"
	EventDone      EventStatus = "done"
)

// Room kinds.
const (
	RoomNone     = ""
	RoomJitsi    = "jitsi"
	RoomExternal = "external"
)

// DefaultTimeZone is the zone events are shown in unless a member chose another.
const DefaultTimeZone = "Europe/Paris"

// Event is a video meeting, masterclass or workshop. Times are stored in UTC;
// TimeZone is the zone the organisers think in (for recurrence and display).
type Event struct {
	ID          int64
	SeriesID    int64 // events expanded from one recurring series share it; 0 otherwise
	Kind        EventKind
	Title       string
	Description string // Markdown, rendered sanitised
	StartsAt    time.Time
	EndsAt      time.Time
	TimeZone    string
	Audience    Audience
	Capacity    int // 0: unlimited
	Status      EventStatus
	// RegistrationDeadline, if set, closes registration.
	RegistrationDeadline *time.Time
	RoomKind             string // RoomNone, RoomJitsi or RoomExternal
	Room                 string // Jitsi room name or external URL
	ReplayURL            string
	// Sequence is incremented on each change members are told about
	// (RFC 5545 SEQUENCE).
	Sequence     int
	CoOrganisers []string // names of partner organisations
	CreatedBy    int64
	CreatedAt    time.Time
	UpdatedAt    time.Time

	Slots []Slot

	// Counts, filled by list and find queries.
	Registered int
	Waitlisted int
}

// Slot is one speaker's turn in an event's agenda.
type Slot struct {
	ID           int64
	EventID      int64
	Position     int
	SpeakerName  string
	SpeakerRole  string // e.g. "psychologue"
	SpeakerOrg   string
	SpeakerEmail string // invites the speaker; never shown to members
	SpeakerID    int64  // the speaker's account, once invited
	Topic        string
	Minutes      int
}

// IsFull reports whether every seat is taken.
func (e *Event) IsFull() bool { return e.Capacity > 0 && e.Registered >= e.Capacity }

// RegistrationOpen reports whether members may register at now.
func (e *Event) RegistrationOpen(now time.Time) bool {
	if e.Status != EventPublished || !now.Before(e.StartsAt) {
		return false
	}
	return e.RegistrationDeadline == nil || now.Before(*e.RegistrationDeadline)
}

// JoinOpensBefore is how long before the start the room link is shown.
const JoinOpensBefore = 15 * time.Minute

// JoinOpen reports whether the video room may be entered at now: from 15
// minutes before the start until the end.
func (e *Event) JoinOpen(now time.Time) bool {
	return e.Status == EventPublished && e.RoomKind != RoomNone && !now.Before(e.StartsAt.Add(-JoinOpensBefore)) && now.Before(e.EndsAt)
}

// CoOrganisedBy reports whether org is one of the event's co-organisers.
func (e *Event) CoOrganisedBy(org string) bool {
	if org == "" {
		return false
	}
	for _, o := range e.CoOrganisers {
		if strings.EqualFold(o, org) {
			return true
		}
	}
	return false
}

// Validate checks an event before it is saved and returns EINVALID with a
// message id naming the first problem.
func (e *Event) Validate() error {
	e.Title = strings.TrimSpace(e.Title)
	switch {
	case e.Title == "" || len([]rune(e.Title)) > 200:
		return Errorf(EINVALID, "event_title_invalid")
	case len(e.Description) > 20000:
		return Errorf(EINVALID, "event_description_too_long")
	case !validKind(e.Kind):
		return Errorf(EINVALID, "event_kind_invalid")
	case !validAudience(e.Audience):
		return Errorf(EINVALID, "event_audience_invalid")
	case e.StartsAt.IsZero() || e.EndsAt.IsZero():
		return Errorf(EINVALID, "event_times_required")
	case !e.EndsAt.After(e.StartsAt):
		return Errorf(EINVALID, "event_end_before_start")
	case e.EndsAt.Sub(e.StartsAt) > 7*24*time.Hour:
		return Errorf(EINVALID, "event_too_long")
	case e.Capacity < 0 || e.Capacity > 100000:
		return Errorf(EINVALID, "event_capacity_invalid")
	case e.RegistrationDeadline != nil && e.RegistrationDeadline.After(e.StartsAt):
		return Errorf(EINVALID, "event_deadline_after_start")
	case e.RoomKind != RoomNone && e.RoomKind != RoomJitsi && e.RoomKind != RoomExternal:
		return Errorf(EINVALID, "event_room_invalid")
	}
	if _, err := time.LoadLocation(e.TimeZone); err != nil || e.TimeZone == "" || e.TimeZone == "Local" {
		return Errorf(EINVALID, "event_timezone_invalid")
	}
	switch e.Status {
	case EventDraft, EventPublished, EventCancelled, EventDone:
	default:
		return Errorf(EINVALID, "event_status_invalid")
	}
	for i := range e.Slots {
		s := &e.Slots[i]
		s.SpeakerName, s.Topic = strings.TrimSpace(s.SpeakerName), strings.TrimSpace(s.Topic)
		if s.SpeakerName == "" || s.Topic == "" || s.Minutes < 0 || s.Minutes > 600 {
			return Errorf(EINVALID, "slot_invalid")
		}
		s.Position = i + 1
	}
	return nil
}

func validKind(k EventKind) bool {
	for _, x := range EventKinds {
		if x == k {
			return true
		}
	}
	return false
}

func validAudience(a Audience) bool {
	for _, x := range Audiences {
		if x == a {
			return true
		}
	}
	return false
}

// RegistrationStatus is where a member stands for an event.
type RegistrationStatus string

// Registration statuses.
const (
	RegRegistered RegistrationStatus = "registered"
	RegWaitlisted RegistrationStatus = "waitlisted"
	RegCancelled  RegistrationStatus = "cancelled"
)

// Registration is a member's registration for an event.
type Registration struct {
	ID         int64
	EventID    int64
	UserID     int64
	Status     RegistrationStatus
	CreatedAt  time.Time
	UpdatedAt  time.Time
	AttendedAt *time.Time
	JoinToken  string // personal join link token
	// WaitlistPosition is 1 for the first on the waitlist; 0 otherwise.
	WaitlistPosition int

	// Filled by attendee lists.
	User *User
}

// RegistrationResult tells what a registration or cancellation changed.
type RegistrationResult struct {
	Registration *Registration
	// Promoted is the registration moved from the waitlist to a seat by a
	// cancellation, if any.
	Promoted *Registration
}

// Material is a file attached to an event (slides, handouts), shown to
// members after the event.
type Material struct {
	ID          int64
	EventID     int64
	Name        string
	ContentType string
	Size        int64
	Key         string // file store key
	SHA256      string
	UploadedBy  int64
	CreatedAt   time.Time
}

// EventFilter selects events.
type EventFilter struct {
	From, To  time.Time // StartsAt in [From, To); zero: unbounded
	Statuses  []EventStatus
	Audiences []Audience
	// RegisteredUserID, if set, keeps the events this user is registered or
	// waitlisted for.
	RegisteredUserID int64
	// SpeakerID, if set, keeps the events where this user has a slot.
	SpeakerID int64
	Limit     int
	Offset    int
	Desc      bool
}

// TimeZones lists the zones a member may choose for display: France and its
// overseas departments and territories first, then nearby French-speaking zones.
var TimeZones = []string{
	"Europe/Paris", "America/Guadeloupe", "America/Martinique", "America/Cayenne", "Indian/Reunion", "Indian/Mayotte",
	"Pacific/Noumea", "Pacific/Tahiti", "America/Miquelon", "Europe/Brussels", "Europe/Zurich", "Europe/Luxembourg",
	"America/Montreal", "Africa/Casablanca", "Africa/Dakar", "Africa/Abidjan", "Europe/London", "UTC",
}
