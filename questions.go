package creatorclub

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Moderation modes of a question box.
const (
	// ModerationPost shows questions at once; moderators can hide them.
	ModerationPost = "post"
	// ModerationPre shows questions only once a moderator approves them.
	ModerationPre = "pre"
)

// Box is a question box: one for a whole event (SlotID 0) and one per
// speaker slot.
type Box struct {
	ID         int64
	EventID    int64
	SlotID     int64 // 0: the whole event
	Moderation string
	OpensAt    *time.Time // nil: open from the event's publication
	ClosesAt   *time.Time // nil: until a day after the event ends
	CreatedAt  time.Time

	// Filled by lookups.
	Title string // the slot's topic, or the event's title
}

// BoxClosesAfterEnd is how long after an event's end its boxes stay open by default.
const BoxClosesAfterEnd = 24 * time.Hour

// OpenAt reports whether the box takes questions at now, for an event ending at end.
func (b *Box) OpenAt(now, end time.Time) bool {
	if b.OpensAt != nil && now.Before(*b.OpensAt) {
		return false
	}
	closes := end.Add(BoxClosesAfterEnd)
	if b.ClosesAt != nil {
		closes = *b.ClosesAt
	}
	return now.Before(closes)
}

// Question visibilities.
const (
	VisibilityNamed     = "named"     // shown with the author's name
	VisibilityAnonymous = "anonymous" // shown without any trace of the author
	VisibilityPrivate   = "private"   // seen only by the speakers, moderators and the author
)

// Question statuses.
const (
	QuestionPending   = "pending"   // awaiting approval (pre-moderated box, or flagged)
	QuestionVisible   = "visible"   // shown
	QuestionHidden    = "hidden"    // hidden by a moderator
	QuestionWithdrawn = "withdrawn" // withdrawn by its author
	QuestionMerged    = "merged"    // merged into another question
)

// MaxQuestionLength is the longest question, in characters.
const MaxQuestionLength = 500

// Question is a question asked in a box. AuthorID is never shown for an
// anonymous question to anyone but a safety officer who reveals it.
type Question struct {
	ID           int64
	BoxID        int64
	EventID      int64
	AuthorID     int64
	AuthorName   string // filled only for named and private questions, never for anonymous ones
	Visibility   string
	Text         string
	OriginalText string // set when a moderator edited the text
	Status       string
	Answered     bool
	Pinned       bool
	MergedInto   int64
	Votes        int
	Flagged      bool // matched the word list: sent to moderation
	CreatedAt    time.Time
	UpdatedAt    time.Time

	// Per viewer, filled by listings.
	Voted bool
	Mine  bool
}

// ValidateQuestion checks a new question's text and visibility and returns
// the trimmed text, or EINVALID with a message id.
func ValidateQuestion(text, visibility string) (string, error) {
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return "", Errorf(EINVALID, "question_empty")
	case !utf8.ValidString(text):
		return "", Errorf(EINVALID, "question_invalid")
	case utf8.RuneCountInString(text) > MaxQuestionLength:
		return "", Errorf(EINVALID, "question_too_long")
	}
	switch visibility {
	case VisibilityNamed, VisibilityAnonymous, VisibilityPrivate:
	default:
		return "", Errorf(EINVALID, "question_visibility_invalid")
	}
	return text, nil
}

// QuestionLogEntry is one change in an event's question boxes, in order; its
// ID is the Server-Sent Events id clients resume from.
type QuestionLogEntry struct {
	ID         int64
	EventID    int64
	QuestionID int64
	Kind       string // "question" (new or changed) or "votes"
	CreatedAt  time.Time
}
