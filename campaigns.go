package creatorclub

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Campaign kinds.
const (
	// CampaignNewsletter goes to members who want the newsletter; they can
	// unsubscribe in one click.
	CampaignNewsletter = "newsletter"
	// CampaignNotice is a service notice every certified member must get (a
	// change to the charter, a legal obligation); nobody can unsubscribe,
	// and each delivery is recorded as proof.
	CampaignNotice = "notice"
)

// Campaign statuses.
const (
	CampaignDraft     = "draft"
	CampaignScheduled = "scheduled"
	CampaignSending   = "sending"
	CampaignPaused    = "paused"
	CampaignSent      = "sent"
	CampaignCancelled = "cancelled"
)

// Audience kinds of a campaign.
const (
	AudienceAllMembers = "all"       // every certified member (for a newsletter: those who want it)
	AudienceEvent      = "event"     // members registered for an event
	AudiencePlatform   = "platform"  // members with a handle on a platform
	AudienceCommitteeM = "committee" // the members sitting on the monitoring committee
)

// CampaignAudience says who receives a campaign.
type CampaignAudience struct {
	Kind     string `json:"kind"`
	EventID  int64  `json:"event_id,omitempty"`
	Platform string `json:"platform,omitempty"`
}

// Campaign is a newsletter or a service notice.
type Campaign struct {
	ID          int64
	Kind        string
	Subject     string
	Body        string // Markdown
	Audience    CampaignAudience
	Status      string
	ScheduledAt *time.Time
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	StartedAt   *time.Time
	FinishedAt  *time.Time
}

// Validate checks a campaign's content and returns EINVALID with a message id.
func (c *Campaign) Validate() error {
	c.Subject = strings.TrimSpace(c.Subject)
	switch {
	case c.Kind != CampaignNewsletter && c.Kind != CampaignNotice:
		return Errorf(EINVALID, "campaign_kind_invalid")
	case c.Subject == "" || utf8.RuneCountInString(c.Subject) > 200 || strings.ContainsAny(c.Subject, "\r\n"):
		return Errorf(EINVALID, "campaign_subject_invalid")
	case strings.TrimSpace(c.Body) == "" || len(c.Body) > 200000:
		return Errorf(EINVALID, "campaign_body_invalid")
	}
	switch c.Audience.Kind {
	case AudienceAllMembers:
	case AudienceEvent:
		if c.Audience.EventID == 0 {
			return Errorf(EINVALID, "campaign_audience_invalid")
		}
	case AudiencePlatform:
		if !IsPlatform(c.Audience.Platform) {
			return Errorf(EINVALID, "campaign_audience_invalid")
		}
	case AudienceCommitteeM:
	default:
		return Errorf(EINVALID, "campaign_audience_invalid")
	}
	return nil
}

// Delivery statuses of one recipient of a campaign.
const (
	DeliveryPending = "pending"
	DeliverySent    = "sent"
	DeliveryFailed  = "failed" // permanent failure (5xx) or too many temporary ones
)

// Delivery is the record of one recipient of a campaign.
type Delivery struct {
	CampaignID  int64
	UserID      int64
	Name        string // the member's name, filled by the listing for the staff
	Email       string
	Status      string
	Attempts    int
	LastError   string
	MessageID   string
	SentAt      *time.Time
	NextAttempt time.Time
}

// CampaignProgress counts a campaign's deliveries.
type CampaignProgress struct {
	Total, Sent, Failed, Pending int
	// RatePerSecond is the sending rate over the last minute; ETA the time
	// left at that rate (0 when unknown).
	RatePerSecond float64
	ETA           time.Duration
}
