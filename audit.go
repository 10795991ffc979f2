package creatorclub

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// AuditEntry is one line of the append-only audit log. Each entry carries the
// hash of the previous one, so that a changed or deleted entry breaks the chain.
type AuditEntry struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id"` // 0 for the system or the command line
	ActorEmail string    `json:"actor_email"`
	Action     string    `json:"action"`
	TargetType string    `json:"target_type"`
	TargetID   string    `json:"target_id"`
	Detail     string    `json:"detail"`
	IP         string    `json:"ip"`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// ComputeHash returns the hex SHA-256 over the entry's previous hash and all
// its fields. The time is hashed in UTC at microsecond precision, which both
// database engines store exactly.
func (e *AuditEntry) ComputeHash() string {
	fields := []string{
		e.PrevHash,
		strconv.FormatInt(e.ID, 10),
		e.At.UTC().Truncate(time.Microsecond).Format("2006-01-02T15:04:05.000000Z"),
		strconv.FormatInt(e.ActorID, 10),
		e.ActorEmail, e.Action, e.TargetType, e.TargetID, e.Detail, e.IP,
	}
	h := sha256.New()
	for _, f := range fields {
		// Length-prefix each field so that moving text between fields changes the hash.
		h.Write([]byte(strconv.Itoa(len(f))))
		h.Write([]byte{':'})
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Audit actions written by the foundation.
const (
	AuditSignIn         = "auth.sign_in"
	AuditSignOutAll     = "auth.sign_out_everywhere"
	AuditRosterImport   = "roster.import"
	AuditRoleChange     = "user.role_change"
	AuditUserCreate     = "user.create"
	AuditUserDelete     = "user.delete"
	AuditViewMember     = "member.view"
	AuditViewAudit      = "audit.view"
	AuditExportData     = "user.export"
	AuditSessionsEnded  = "user.sessions_ended"
	AuditRosterPreview  = "roster.preview"
	AuditDirectoryView  = "directory.view"
	AuditAdminUsersView = "admin.users_view"
	AuditProfileUpdate  = "profile.update"
)

// AuditFilter selects audit entries for the admin page.
type AuditFilter struct {
	Action  string // prefix match, e.g. "roster."
	ActorID int64
	Target  string // target id, exact
	Since   time.Time
	Until   time.Time
	Limit   int
	Offset  int
}

// AuditProblem describes the first broken link found by VerifyAudit.
type AuditProblem struct {
	EntryID int64
	Reason  string
}

// AuditService appends to and reads the audit log.
type AuditService interface {
	// Record appends an entry; ID, At, PrevHash and Hash are set by the store.
	Record(ctx context.Context, e *AuditEntry) error
	// ListAudit returns entries newest first and the total count.
	ListAudit(ctx context.Context, f AuditFilter) ([]*AuditEntry, int, error)
	// VerifyAudit walks the whole chain and returns the number of entries
	// checked and the first problem found, or nil if the chain is intact.
	VerifyAudit(ctx context.Context) (int, *AuditProblem, error)
}

// NormalizeEmail trims and lowercases an address for lookups.
func NormalizeEmail(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}
