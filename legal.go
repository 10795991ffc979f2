package creatorclub

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// LegalTopics are the themes of the legal watch, in display order.
var LegalTopics = []string{"influence_law", "advertising_rules", "dsa", "health", "finance", "consumer", "platforms", "tax", "contracts"}

// IsLegalTopic reports whether t is one of LegalTopics.
func IsLegalTopic(t string) bool {
	for _, x := range LegalTopics {
		if x == t {
			return true
		}
	}
	return false
}

// Legal item statuses.
const (
	LegalDraft     = "draft"
	LegalPublished = "published"
)

// LegalItem is one entry of the legal watch: a law, decree, regulator
// decision or platform policy that changes the creator profession.
type LegalItem struct {
	ID          int64
	Title       string
	Summary     string // Markdown, rendered sanitised
	SourceURL   string
	PublishedOn time.Time  // when the text was published (a date)
	EffectiveOn *time.Time // when it takes effect, if known (a date)
	Topics      []string
	Important   bool // members are alerted by email when it is published
	Status      string
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	PublishedAt *time.Time
	AlertSentAt *time.Time
}

// Validate checks an item and returns EINVALID with a message id.
func (it *LegalItem) Validate() error {
	it.Title = strings.TrimSpace(it.Title)
	it.SourceURL = strings.TrimSpace(it.SourceURL)
	switch {
	case it.Title == "" || utf8.RuneCountInString(it.Title) > 300:
		return Errorf(EINVALID, "legal_title_invalid")
	case strings.TrimSpace(it.Summary) == "" || len(it.Summary) > 20000:
		return Errorf(EINVALID, "legal_summary_invalid")
	case it.PublishedOn.IsZero():
		return Errorf(EINVALID, "legal_date_required")
	case it.Status != LegalDraft && it.Status != LegalPublished:
		return Errorf(EINVALID, "legal_status_invalid")
	}
	if u, err := url.Parse(it.SourceURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return Errorf(EINVALID, "legal_source_invalid")
	}
	for _, t := range it.Topics {
		if !IsLegalTopic(t) {
			return Errorf(EINVALID, "legal_topic_invalid")
		}
	}
	if len(it.Topics) == 0 {
		return Errorf(EINVALID, "legal_topic_required")
	}
	return nil
}

// LegalFilter selects legal watch items.
type LegalFilter struct {
	Topic     string
	Important bool // only important items
	Query     string
	Statuses  []string
	Limit     int
	Offset    int
}

// Imported item review statuses.
const (
	ImportPending   = "pending"
	ImportAccepted  = "accepted"
	ImportDiscarded = "discarded"
)

// ImportedItem is an entry fetched from an external feed, waiting for a
// moderator: nothing reaches members unreviewed.
type ImportedItem struct {
	ID          int64
	FeedURL     string
	GUID        string
	Title       string
	Summary     string
	Link        string
	PublishedAt time.Time
	Status      string
	LegalItemID int64
	FetchedAt   time.Time
}

// Mailing lists a member can leave.
const (
	ListNewsletter  = "newsletter"
	ListLegalAlerts = "legal_alerts"
	ListReminders   = "reminders"
)

// Lists are the mailing lists, in display order.
var Lists = []string{ListNewsletter, ListLegalAlerts, ListReminders}
