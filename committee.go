package creatorclub

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Audit actions of the committee: staff decisions and views of applications.
const (
	AuditCommitteeCall     = "committee.call_save"
	AuditCommitteeView     = "committee.application_view"
	AuditCommitteeReview   = "committee.review"
	AuditCommitteeDecision = "committee.decision"
	AuditCommitteeTerm     = "committee.term"
	AuditRenewalProcedure  = "settings.renewal_procedure"
)

// CommitteeCall is a call for applications to the monitoring committee
// ("Comité de suivi"): certified members apply between OpensAt and ClosesAt
// for one of Seats seats, for terms of TermMonths months.
type CommitteeCall struct {
	ID          int64
	Title       string
	Description string // Markdown
	OpensAt     time.Time
	ClosesAt    time.Time
	Seats       int
	TermMonths  int
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time

	// Counts, filled by the store.
	Applications int
	Accepted     int
	Waitlisted   int
}

// OpenAt reports whether members may apply or change their application at now.
func (c *CommitteeCall) OpenAt(now time.Time) bool {
	return !now.Before(c.OpensAt) && now.Before(c.ClosesAt)
}

// SeatsLeft returns how many seats no accepted application holds.
func (c *CommitteeCall) SeatsLeft() int { return max(c.Seats-c.Accepted, 0) }

// Validate checks a call before it is saved and returns EINVALID with a
// message id naming the first problem.
func (c *CommitteeCall) Validate() error {
	c.Title = strings.TrimSpace(c.Title)
	switch {
	case c.Title == "" || utf8.RuneCountInString(c.Title) > 200:
		return Errorf(EINVALID, "committee_call_title_invalid")
	case len(c.Description) > 20000:
		return Errorf(EINVALID, "committee_call_description_too_long")
	case c.OpensAt.IsZero() || c.ClosesAt.IsZero() || !c.ClosesAt.After(c.OpensAt):
		return Errorf(EINVALID, "committee_call_dates_invalid")
	case c.Seats < 1 || c.Seats > 100:
		return Errorf(EINVALID, "committee_call_seats_invalid")
	case c.TermMonths < 1 || c.TermMonths > 72:
		return Errorf(EINVALID, "committee_call_term_invalid")
	}
	return nil
}

// Application statuses.
const (
	ApplicationSubmitted  = "submitted"  // under review
	ApplicationAccepted   = "accepted"   // holds a seat
	ApplicationWaitlisted = "waitlisted" // on the waiting list: promoted when a seat frees
	ApplicationDeclined   = "declined"
	// ApplicationTermEnded marks an accepted application whose term ended
	// early (resignation, end of certification): its seat is free again.
	ApplicationTermEnded = "term_ended"
)

// CommitteeApplication is a member's application to a call. Reviews are
// never shown to the applicant.
type CommitteeApplication struct {
	ID              int64
	CallID          int64
	UserID          int64
	Motivation      string
	Platforms       []string
	AudienceSize    int
	Conflicts       string // conflicts of interest declared ("" for none)
	Status          string
	DecisionMessage string
	DecidedBy       int64
	DecidedAt       *time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time

	// Filled by listings.
	User             *User
	Reviews          int
	AverageScore     float64
	WaitlistPosition int
}

// Length limits of an application.
const (
	MaxMotivationLength = 4000
	MaxConflictsLength  = 2000
)

// Validate checks the applicant's fields and returns EINVALID with a message id.
func (a *CommitteeApplication) Validate() error {
	a.Motivation = strings.TrimSpace(a.Motivation)
	a.Conflicts = strings.TrimSpace(a.Conflicts)
	switch {
	case utf8.RuneCountInString(a.Motivation) < 20:
		return Errorf(EINVALID, "committee_motivation_too_short")
	case utf8.RuneCountInString(a.Motivation) > MaxMotivationLength:
		return Errorf(EINVALID, "committee_motivation_too_long")
	case utf8.RuneCountInString(a.Conflicts) > MaxConflictsLength:
		return Errorf(EINVALID, "committee_conflicts_too_long")
	case a.AudienceSize < 0 || a.AudienceSize > 2_000_000_000:
		return Errorf(EINVALID, "committee_audience_invalid")
	case len(a.Platforms) == 0:
		return Errorf(EINVALID, "committee_platforms_required")
	}
	for _, p := range a.Platforms {
		if !IsPlatform(p) {
			return Errorf(EINVALID, "committee_platforms_required")
		}
	}
	return nil
}

// CommitteeReview is a staff member's score (1 to 5) and comment on an application.
type CommitteeReview struct {
	ID            int64
	ApplicationID int64
	ReviewerID    int64
	ReviewerName  string
	Score         int
	Comment       string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Validate checks the score and the comment's length.
func (r *CommitteeReview) Validate() error {
	r.Comment = strings.TrimSpace(r.Comment)
	if r.Score < 1 || r.Score > 5 {
		return Errorf(EINVALID, "committee_score_invalid")
	}
	if utf8.RuneCountInString(r.Comment) > 4000 {
		return Errorf(EINVALID, "committee_comment_too_long")
	}
	return nil
}

// Committee roles.
const (
	CommitteeChair  = "chair"
	CommitteeMember = "member"
)

// Reasons a term ends before its end date.
const (
	TermEndCertification = "certification" // the member's certification ended
	TermEndResigned      = "resigned"
	TermEndRemoved       = "removed" // ended by staff
)

// CommitteeTerm is a period of office on the committee. A renewal is a new
// term whose RenewalOf is the previous one.
type CommitteeTerm struct {
	ID            int64
	UserID        int64
	ApplicationID int64 // 0 for a renewal or a direct appointment
	RenewalOf     int64
	Role          string
	StartsOn      time.Time
	EndsOn        time.Time // the last day of office
	EndedAt       *time.Time
	EndReason     string
	CreatedAt     time.Time

	// Filled by listings.
	User     *User
	Renewals int // how many terms came before this one in its chain
}

// ActiveOn reports whether the term gives a seat on the day of now. Whether
// its holder may use it also depends on their certification: see
// User.Committee.
func (t *CommitteeTerm) ActiveOn(now time.Time) bool {
	if t == nil || t.EndedAt != nil {
		return false
	}
	y, m, d := now.UTC().Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return !today.Before(t.StartsOn) && !today.After(t.EndsOn)
}

// CommitteeDocument is a document of the committee space (agenda, minutes,
// draft); each upload is a new version, the latest is current.
type CommitteeDocument struct {
	ID          int64
	Title       string
	Description string
	MeetingID   int64 // the committee meeting it belongs to, 0 if none
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time

	// Filled by the store.
	Current  *DocumentVersion
	Versions int
	Posts    int
}

// Validate checks the document's title and description.
func (d *CommitteeDocument) Validate() error {
	d.Title = strings.TrimSpace(d.Title)
	d.Description = strings.TrimSpace(d.Description)
	if d.Title == "" || utf8.RuneCountInString(d.Title) > 200 {
		return Errorf(EINVALID, "committee_document_title_invalid")
	}
	if utf8.RuneCountInString(d.Description) > 2000 {
		return Errorf(EINVALID, "committee_document_description_too_long")
	}
	return nil
}

// DocumentVersion is one uploaded file of a committee document.
type DocumentVersion struct {
	ID           int64
	DocumentID   int64
	Number       int
	Name         string
	ContentType  string
	Size         int64
	Key          string // file store key
	SHA256       string
	Note         string
	UploadedBy   int64
	UploaderName string
	CreatedAt    time.Time
}

// Thread kinds of the committee's discussions.
const (
	ThreadMeeting  = "meeting"
	ThreadDocument = "document"
)

// MaxPostLength is the longest message of a committee thread, in characters.
const MaxPostLength = 5000

// CommitteePost is a message in the discussion thread of a committee meeting
// or document.
type CommitteePost struct {
	ID         int64
	ThreadKind string
	ThreadID   int64
	AuthorID   int64
	AuthorName string
	Body       string
	CreatedAt  time.Time
}

// ValidatePost checks a message and returns the trimmed text, or EINVALID.
func ValidatePost(body string) (string, error) {
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return "", Errorf(EINVALID, "committee_post_empty")
	case !utf8.ValidString(body) || utf8.RuneCountInString(body) > MaxPostLength:
		return "", Errorf(EINVALID, "committee_post_too_long")
	}
	return body, nil
}

// CertReminderDays are the days before a certification's expiry when its
// holder is reminded to renew, latest last.
var CertReminderDays = []int{60, 30, 7}

// CertReminderThreshold returns the reminder due for a certification
// expiring on expires, seen on the day of now: the smallest of
// CertReminderDays not below the days left, or 0 when none is due (more
// than 60 days left, or already expired).
func CertReminderThreshold(expires, now time.Time) int {
	y, m, d := now.UTC().Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	left := int(expires.Sub(today).Hours() / 24)
	if left < 0 {
		return 0
	}
	due := 0
	for _, t := range CertReminderDays {
		if left <= t {
			due = t
		}
	}
	return due
}
