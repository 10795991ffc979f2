package creatorclub

import (
	"context"
	"strings"
	"time"
)

// Role is what a user may do on the club. Each user has exactly one role.
type Role string

// The roles, from DESIGN.md.
const (
	RoleMember    Role = "member"
	RoleSpeaker   Role = "speaker"
	RolePartner   Role = "partner"
	RoleModerator Role = "moderator"
	RoleSafety    Role = "safety"
	RoleAdmin     Role = "admin"
)

// Roles lists every role, members first and admin last.
var Roles = []Role{RoleMember, RoleSpeaker, RolePartner, RoleModerator, RoleSafety, RoleAdmin}

// ParseRole returns the role named s, or EINVALID.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", Errorf(EINVALID, "Unknown role %q.", s)
}

// IsStaff reports whether the role belongs to the organisation's staff
// (moderator, safety officer, admin).
func (r Role) IsStaff() bool {
	return r == RoleModerator || r == RoleSafety || r == RoleAdmin
}

// CertStatus is the status of a creator's certificate as given by the
// certification system.
type CertStatus string

// Certificate statuses. CertRemoved marks a creator who is no longer in the
// imported roster.
const (
	CertActive    CertStatus = "active"
	CertSuspended CertStatus = "suspended"
	CertRevoked   CertStatus = "revoked"
	CertExpired   CertStatus = "expired"
	CertRemoved   CertStatus = "removed"
)

// Platforms lists the social platforms a certified handle can belong to, in
// display order.
var Platforms = []string{"instagram", "tiktok", "youtube", "snapchat", "x", "twitch", "linkedin", "facebook", "pinterest", "threads", "bluesky"}

// IsPlatform reports whether p is one of Platforms.
func IsPlatform(p string) bool {
	for _, q := range Platforms {
		if q == p {
			return true
		}
	}
	return false
}

// Handle is an account of a creator on one platform.
type Handle struct {
	Platform string `json:"platform"`
	Handle   string `json:"handle"`
}

// NormalizeHandle lowercases a handle and strips a leading "@" and spaces, so
// that "@Lea.Martin " and "lea.martin" compare equal.
func NormalizeHandle(h string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "@"))
}

// Certification is a creator's certificate as last imported from the roster.
type Certification struct {
	Number      string     `json:"number"`
	Status      CertStatus `json:"status"`
	CertifiedOn time.Time  `json:"certified_on"`
	ExpiresOn   time.Time  `json:"expires_on"`
}

// ValidOn reports whether the certificate is active and not yet expired on the
// day of now: a certificate expiring on a day is valid through that day.
func (c *Certification) ValidOn(now time.Time) bool {
	if c == nil || c.Status != CertActive {
		return false
	}
	y, m, d := now.UTC().Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return !c.ExpiresOn.Before(today)
}

// User is a person who can sign in: a certified creator (role member) or a
// speaker, partner or staff account.
type User struct {
	ID           int64          `json:"id"`
	Email        string         `json:"email"`
	FirstName    string         `json:"first_name"`
	LastName     string         `json:"last_name"`
	DisplayName  string         `json:"display_name"`
	Bio          string         `json:"bio"`
	Locale       string         `json:"locale"`
	TimeZone     string         `json:"time_zone,omitempty"` // "" means the default zone
	Reminders    bool           `json:"event_reminders"`
	Newsletter   bool           `json:"newsletter"`
	LegalAlerts  bool           `json:"legal_alerts"`
	Role         Role           `json:"role"`
	Organisation string         `json:"organisation,omitempty"`
	InDirectory  bool           `json:"in_directory"`
	Cert         *Certification `json:"certification,omitempty"`
	Handles      []Handle       `json:"handles"`
	SessionEpoch int64          `json:"-"`
	CreatedAt    time.Time      `json:"created_at"`
	UpdatedAt    time.Time      `json:"updated_at"`
	LastSignInAt *time.Time     `json:"last_sign_in_at,omitempty"`
	// Committee is true while the user sits on the monitoring committee:
	// a member with a valid certification and a term in office today. The
	// web layer fills it on each request, so it ends at once with either.
	Committee bool `json:"-"`
}

// Name returns the name to show: the display name if set, else first and last name.
func (u *User) Name() string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return strings.TrimSpace(u.FirstName + " " + u.LastName)
}

// Zone returns the time zone to show times in for the user.
func (u *User) Zone() string {
	if u == nil || u.TimeZone == "" {
		return DefaultTimeZone
	}
	return u.TimeZone
}

// CanSignIn reports whether the user may use the club now. A member needs a
// certificate that is valid today; other roles do not depend on certification.
func (u *User) CanSignIn(now time.Time) bool {
	if u.Role == RoleMember {
		return u.Cert.ValidOn(now)
	}
	return true
}

// ProfileUpdate holds the fields a user may change on their own profile.
type ProfileUpdate struct {
	DisplayName string
	Bio         string
	Locale      string
	InDirectory bool
	TimeZone    string // "" for the default zone
	Reminders   bool
	Newsletter  bool
	LegalAlerts bool
}

// Validate checks the lengths and the locale of a profile update.
func (p *ProfileUpdate) Validate() error {
	p.DisplayName = strings.TrimSpace(p.DisplayName)
	p.Bio = strings.TrimSpace(p.Bio)
	if len([]rune(p.DisplayName)) > 80 {
		return Errorf(EINVALID, "display_name_too_long")
	}
	if len([]rune(p.Bio)) > 1000 {
		return Errorf(EINVALID, "bio_too_long")
	}
	if !IsLanguage(p.Locale) {
		return Errorf(EINVALID, "locale_invalid")
	}
	if p.TimeZone != "" {
		ok := false
		for _, z := range TimeZones {
			ok = ok || z == p.TimeZone
		}
		if !ok {
			return Errorf(EINVALID, "timezone_invalid")
		}
	}
	return nil
}

// DirectoryFilter selects members in the directory.
type DirectoryFilter struct {
	Query    string // part of a name, case-insensitive
	Platform string // only members with a handle on this platform
	Limit    int
	Offset   int
}

// CertificationCheck is what the public verification page shows: nothing but
// whether the creator is certified now, and since when.
type CertificationCheck struct {
	Found       bool
	Name        string
	Certified   bool
	CertifiedOn time.Time
}

// UserService manages users, profiles and the directory.
type UserService interface {
	// FindUserByID returns the user, or ENOTFOUND.
	FindUserByID(ctx context.Context, id int64) (*User, error)
	// FindUserByEmail returns the user with that address (case-insensitive), or ENOTFOUND.
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	// CreateStaffUser creates a non-member account with the given role, or
	// returns ECONFLICT if the address is taken.
	CreateUser(ctx context.Context, u *User) error
	// UpdateProfile changes the user's own profile fields.
	UpdateProfile(ctx context.Context, id int64, upd ProfileUpdate) (*User, error)
	// SetRole changes a user's role and ends their sessions.
	SetRole(ctx context.Context, id int64, role Role) error
	// EndSessions signs the user out everywhere.
	EndSessions(ctx context.Context, id int64) error
	// DeleteUser erases the user's personal data; a member's certificate
	// number is kept as a tombstone so a re-import does not recreate them.
	DeleteUser(ctx context.Context, id int64) error
	// ListDirectory returns the members who opted in and are certified now.
	ListDirectory(ctx context.Context, f DirectoryFilter) ([]*User, int, error)
	// ListUsers returns all users for the admin pages, optionally filtered by a
	// name or email fragment and role.
	ListUsers(ctx context.Context, query string, role Role, limit, offset int) ([]*User, int, error)
	// CheckCertification looks up a certificate number or a handle.
	CheckCertification(ctx context.Context, q string) (*CertificationCheck, error)
}
