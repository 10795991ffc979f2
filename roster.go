package creatorclub

import (
	"context"
	"strconv"
	"time"
)

// RosterEntry is one creator of the certification system's export.
type RosterEntry struct {
	Line        int // line number in the file, 1 for the header
	Number      string
	FirstName   string
	LastName    string
	Email       string
	Handles     []Handle // normalised, sorted by Platforms order
	CertifiedOn time.Time
	ExpiresOn   time.Time
	Status      CertStatus
}

// RowError names one bad line of a roster file.
type RowError struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// RosterFileError is returned when a roster file cannot be imported; it lists
// every bad row. Nothing is changed when it is returned.
type RosterFileError struct {
	Rows []RowError
}

// Error implements the error interface.
func (e *RosterFileError) Error() string {
	if len(e.Rows) == 1 {
		return "roster: 1 invalid row: line " + strconv.Itoa(e.Rows[0].Line) + ": " + e.Rows[0].Reason
	}
	return "roster: " + strconv.Itoa(len(e.Rows)) + " invalid rows"
}

// RosterChange is one line of an import report.
type RosterChange struct {
	Number    string     `json:"number"`
	Name      string     `json:"name"`
	Kind      string     `json:"kind"` // added, updated, status_changed, removed, unchanged, skipped
	OldStatus CertStatus `json:"old_status,omitempty"`
	NewStatus CertStatus `json:"new_status,omitempty"`
	Fields    []string   `json:"fields,omitempty"` // names of changed fields for "updated"
}

// Kinds of roster changes.
const (
	RosterAdded         = "added"
	RosterUpdated       = "updated"
	RosterStatusChanged = "status_changed"
	RosterRemoved       = "removed"
	RosterUnchanged     = "unchanged"
	RosterSkipped       = "skipped" // the member deleted their club account
)

// RosterReport is the change report of an import, computed the same way for a
// dry run and for the real import.
type RosterReport struct {
	DryRun     bool           `json:"dry_run"`
	Total      int            `json:"total"`
	Added      int            `json:"added"`
	Updated    int            `json:"updated"`
	Status     int            `json:"status_changed"`
	Removed    int            `json:"removed"`
	Unchanged  int            `json:"unchanged"`
	Skipped    int            `json:"skipped"`
	LostAccess int            `json:"lost_access"`
	Changes    []RosterChange `json:"changes"` // all but unchanged
}

// RosterService applies a parsed roster.
type RosterService interface {
	// ImportRoster upserts the entries by certificate number in one
	// transaction and marks members absent from the list as removed. With
	// dryRun it computes the report and changes nothing. Members who lose
	// access have their sessions ended.
	ImportRoster(ctx context.Context, entries []RosterEntry, opts RosterImportOptions) (*RosterReport, error)
}

// RosterImportOptions tune an import.
type RosterImportOptions struct {
	DryRun bool
	// Audit, if set, is recorded in the same transaction as the import, with
	// the report's counts appended to its detail.
	Audit *AuditEntry
	// UploadID, if set, is the admin-page upload being applied; it is marked
	// applied in the same transaction, and an upload applied before is refused.
	UploadID int64
}
