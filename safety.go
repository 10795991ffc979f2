package creatorclub

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"net/url"
	"sort"
	"strings"
	"time"
)

// The safety desk ("J'ai besoin d'aide"): help requests and notices about
// content, handled in confidential cases by the safety officers, with
// decisions, statements of reasons and appeals shaped after the Digital
// Services Act (arts. 16, 17, 20 and 23).

// CaseKind says how a case came in.
type CaseKind string

// Case kinds.
const (
	KindRequest CaseKind = "request" // a member asked for help from the help page
	KindNotice  CaseKind = "notice"  // a member reported content or a profile on the club (DSA art. 16)
)

// CaseCategory is what is happening, as chosen by the member.
type CaseCategory string

// Case categories, in the order the help page offers them.
const (
	CategoryHarassment CaseCategory = "harassment" // online harassment
	CategoryThreat     CaseCategory = "threat"     // threat or pressure from another creator
	CategoryIllicit    CaseCategory = "illicit"    // illicit content, on the club or elsewhere
	CategoryDistress   CaseCategory = "distress"   // personal distress
	CategoryTechnical  CaseCategory = "technical"  // a technical problem
	CategoryOther      CaseCategory = "other"
)

// CaseCategories lists the categories in display order.
var CaseCategories = []CaseCategory{CategoryHarassment, CategoryThreat, CategoryIllicit, CategoryDistress, CategoryTechnical, CategoryOther}

// ParseCaseCategory returns the category named s, or EINVALID.
func ParseCaseCategory(s string) (CaseCategory, error) {
	for _, c := range CaseCategories {
		if string(c) == s {
			return c, nil
		}
	}
	return "", Errorf(EINVALID, "safety_category_invalid")
}

// DueWithin is how long the safety team has to give a first answer to a case
// of the category; urgent cases get a quarter of it, and never more than 4 h.
func (c CaseCategory) DueWithin(urgent bool) time.Duration {
	d := map[CaseCategory]time.Duration{
		CategoryDistress:   8 * time.Hour,
		CategoryThreat:     24 * time.Hour,
		CategoryHarassment: 48 * time.Hour,
		CategoryIllicit:    48 * time.Hour,
		CategoryTechnical:  5 * 24 * time.Hour,
		CategoryOther:      5 * 24 * time.Hour,
	}[c]
	if d == 0 {
		d = 5 * 24 * time.Hour
	}
	if urgent {
		d = min(d/4, 4*time.Hour)
	}
	return d
}

// IsReport reports whether the category accuses someone or something, so
// that a suspension of reporting for misuse applies to it. Personal distress
// and technical problems can always be sent.
func (c CaseCategory) IsReport() bool {
	return c == CategoryHarassment || c == CategoryThreat || c == CategoryIllicit || c == CategoryOther
}

// CaseStatus is where a case stands.
type CaseStatus string

// Case statuses.
const (
	StatusNew        CaseStatus = "new"
	StatusTriaged    CaseStatus = "triaged"
	StatusInProgress CaseStatus = "in_progress"
	StatusWaiting    CaseStatus = "waiting" // waiting for the member
	StatusResolved   CaseStatus = "resolved"
	StatusRejected   CaseStatus = "rejected"
)

// CaseStatuses lists the statuses in workflow order.
var CaseStatuses = []CaseStatus{StatusNew, StatusTriaged, StatusInProgress, StatusWaiting, StatusResolved, StatusRejected}

// ParseCaseStatus returns the status named s, or EINVALID.
func ParseCaseStatus(s string) (CaseStatus, error) {
	for _, c := range CaseStatuses {
		if string(c) == s {
			return c, nil
		}
	}
	return "", Errorf(EINVALID, "safety_status_invalid")
}

// Closed reports whether the status ends the case.
func (s CaseStatus) Closed() bool { return s == StatusResolved || s == StatusRejected }

// Case priorities, from lowest.
const (
	PriorityLow    = 1
	PriorityNormal = 2
	PriorityHigh   = 3
	PriorityUrgent = 4
)

// Targets of a notice: what on the club is reported.
const (
	TargetQuestion = "question"
	TargetMember   = "member"
)

// Case is a help request or a notice. The reporter's identity is shown only
// to the reporter and the safety officers.
type Case struct {
	ID         int64
	Kind       CaseKind
	Category   CaseCategory
	Status     CaseStatus
	Priority   int
	Urgent     bool
	ReporterID int64 // 0 when the system opened it
	// What is reported on the club: TargetType "question" or "member" and its
	// id; TargetUserID is the member concerned (the question's author).
	TargetType   string
	TargetID     int64
	TargetUserID int64
	// Content on other platforms: the address and the account handle.
	ExternalURL      string
	ExternalHandle   string
	ExternalPlatform string
	AssigneeID       int64
	MergedInto       int64
	Unfounded        bool // closed as manifestly unfounded (misuse)
	CreatedAt        time.Time
	UpdatedAt        time.Time
	DueAt            time.Time
	FirstResponseAt  *time.Time
	ClosedAt         *time.Time
	// Filled by listings for the queue.
	ReporterName string
	AssigneeName string
	Notices      int // open cases about the same object, this one included
}

// Overdue reports whether the case waits for a first answer past its due time.
func (c *Case) Overdue(now time.Time) bool {
	return !c.Status.Closed() && c.FirstResponseAt == nil && now.After(c.DueAt)
}

// Limits of what a member may send.
const (
	MaxCaseText        = 10000
	MaxCaseAttachments = 5
	MaxAttachmentBytes = 10 << 20
	MaxURLLength       = 2000
	MaxHandleLength    = 100
	AppealWindow       = 183 * 24 * time.Hour // six months
)

// NewCase is what a member fills in to ask for help or report something.
type NewCase struct {
	Kind             CaseKind
	Category         CaseCategory
	Urgent           bool
	Description      string
	ExternalURL      string
	ExternalHandle   string
	ExternalPlatform string
	TargetType       string
	TargetID         int64
	Attachments      []*NewAttachment
}

// Validate trims and checks the request, returning EINVALID with a message id.
func (n *NewCase) Validate() error {
	n.Description = strings.TrimSpace(n.Description)
	n.ExternalURL = strings.TrimSpace(n.ExternalURL)
	n.ExternalHandle = strings.TrimSpace(n.ExternalHandle)
	n.ExternalPlatform = strings.TrimSpace(n.ExternalPlatform)
	if n.Kind != KindRequest && n.Kind != KindNotice {
		return Errorf(EINVALID, "safety_kind_invalid")
	}
	if _, err := ParseCaseCategory(string(n.Category)); err != nil {
		return err
	}
	if n.Description == "" {
		return Errorf(EINVALID, "safety_description_required")
	}
	if len([]rune(n.Description)) > MaxCaseText {
		return Errorf(EINVALID, "safety_description_too_long")
	}
	if n.ExternalURL != "" {
		u, err := url.Parse(n.ExternalURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(n.ExternalURL) > MaxURLLength {
			return Errorf(EINVALID, "safety_url_invalid")
		}
	}
	if len([]rune(n.ExternalHandle)) > MaxHandleLength {
		return Errorf(EINVALID, "safety_handle_invalid")
	}
	if n.ExternalPlatform != "" && !IsPlatform(n.ExternalPlatform) {
		return Errorf(EINVALID, "safety_platform_invalid")
	}
	if n.Kind == KindNotice && (n.TargetType != TargetQuestion && n.TargetType != TargetMember || n.TargetID <= 0) {
		return Errorf(EINVALID, "safety_target_invalid")
	}
	if len(n.Attachments) > MaxCaseAttachments {
		return Errorf(EINVALID, "safety_too_many_attachments")
	}
	return nil
}

// NewAttachment is an evidence file as received, already checked for type
// and size by the web layer.
type NewAttachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// Attachment describes a stored evidence file: its SHA-256 and the time it
// was received let it serve later as evidence.
type Attachment struct {
	ID          int64
	CaseID      int64
	MessageID   int64
	UploadedBy  int64
	Name        string
	ContentType string
	Size        int64
	SHA256      string
	ReceivedAt  time.Time
}

// CaseMessage is one message of a case's private thread, or an internal note
// of the safety team (Internal), never shown to the member.
type CaseMessage struct {
	ID          int64
	CaseID      int64
	AuthorID    int64
	FromStaff   bool
	Internal    bool
	Body        string
	CreatedAt   time.Time
	Attachments []*Attachment
	AuthorName  string // filled for staff views only
}

// CaseEvent is one line of a case's history.
type CaseEvent struct {
	ID        int64
	CaseID    int64
	ActorID   int64
	Kind      string
	Detail    string
	CreatedAt time.Time
	ActorName string
}

// CaseFilter selects cases for the officers' queue.
type CaseFilter struct {
	Status     string // a CaseStatus, "open" (default), "closed" or "all"
	Category   CaseCategory
	Kind       CaseKind
	AssigneeID int64 // -1: unassigned
	Overdue    bool
	Limit      int
}

// Action is what a decision does.
type Action string

// Actions of a decision.
const (
	ActionRemoveContent Action = "remove_content" // remove the reported content
	ActionWarn          Action = "warn"
	ActionSuspend       Action = "suspend"  // suspend member access for a period
	ActionWithdraw      Action = "withdraw" // withdraw certification-based access
	ActionBan           Action = "ban"
	ActionRestore       Action = "restore" // lift a restriction or put content back
)

// Actions lists the actions in the order the officer's form offers them.
var Actions = []Action{ActionRemoveContent, ActionWarn, ActionSuspend, ActionWithdraw, ActionBan, ActionRestore}

// ParseAction returns the action named s, or EINVALID.
func ParseAction(s string) (Action, error) {
	for _, a := range Actions {
		if string(a) == s {
			return a, nil
		}
	}
	return "", Errorf(EINVALID, "safety_action_invalid")
}

// Restricts reports whether the action restricts the member's access.
func (a Action) Restricts() bool { return a == ActionSuspend || a == ActionWithdraw || a == ActionBan }

// Grounds a decision can rest on: a rule of the club's charter or the law.
var Grounds = []string{
	"charter_respect",       // Charte, art. 2: respect des autres membres
	"charter_no_threats",    // Charte, art. 3: ni menace ni pression
	"charter_confidential",  // Charte, art. 4: confidentialité des échanges
	"charter_certification", // Charte, art. 6: usage loyal de la certification
	"law_harassment",        // Code pénal, art. 222-33-2-2 (harcèlement moral en ligne)
	"law_threats",           // Code pénal, art. 222-17 et 222-18 (menaces)
	"law_influence",         // Loi n° 2023-451 du 9 juin 2023 (influence commerciale)
	"law_illicit",           // Contenu illicite au sens du DSA, art. 3 h)
}

// IsGround reports whether g is one of Grounds.
func IsGround(g string) bool {
	for _, x := range Grounds {
		if x == g {
			return true
		}
	}
	return false
}

// Decision is an action taken on a case against a member, with its statement
// of reasons (DSA art. 17): what, the facts and circumstances, the ground,
// whether automated means were used (never here), and how to appeal.
type Decision struct {
	ID           int64
	CaseID       int64
	TargetUserID int64
	Action       Action
	Ground       string
	Facts        string     // facts and circumstances, shown to the member
	Content      string     // what was removed, as the member wrote it
	Until        *time.Time // end of a suspension
	Automated    bool
	DecidedBy    int64
	DecidedAt    time.Time
	ReversedAt   *time.Time
}

// AppealDeadline is the last moment the member may contest the decision.
func (d *Decision) AppealDeadline() time.Time { return d.DecidedAt.Add(AppealWindow) }

// NewDecision is what a safety officer submits.
type NewDecision struct {
	Action Action
	Ground string
	Facts  string
	Until  *time.Time
}

// Validate checks the decision, returning EINVALID with a message id.
func (n *NewDecision) Validate(now time.Time) error {
	n.Facts = strings.TrimSpace(n.Facts)
	if _, err := ParseAction(string(n.Action)); err != nil {
		return err
	}
	if n.Action != ActionRestore && !IsGround(n.Ground) {
		return Errorf(EINVALID, "safety_ground_required")
	}
	if n.Action != ActionRestore && n.Facts == "" {
		return Errorf(EINVALID, "safety_facts_required")
	}
	if len([]rune(n.Facts)) > MaxCaseText {
		return Errorf(EINVALID, "safety_description_too_long")
	}
	if n.Action == ActionSuspend && (n.Until == nil || !n.Until.After(now)) {
		return Errorf(EINVALID, "safety_until_required")
	}
	return nil
}

// Appeal statuses.
const (
	AppealPending  = "pending"
	AppealUpheld   = "upheld"   // the decision stands
	AppealReversed = "reversed" // the decision is undone
)

// Appeal is a member's complaint against a decision (DSA art. 20), reviewed
// by a safety officer other than the one who decided.
type Appeal struct {
	ID         int64
	DecisionID int64
	UserID     int64
	Text       string
	Status     string
	ReviewerID int64
	Outcome    string
	CreatedAt  time.Time
	ReviewedAt *time.Time
}

// Access restrictions a decision puts on a member.
const (
	RestrictionSuspended = "suspended"
	RestrictionWithdrawn = "withdrawn"
	RestrictionBanned    = "banned"
)

// Restriction is a member's current access restriction.
type Restriction struct {
	UserID     int64
	Kind       string
	Until      *time.Time
	DecisionID int64
	CreatedAt  time.Time
}

// ActiveAt reports whether the restriction applies at now.
func (r *Restriction) ActiveAt(now time.Time) bool {
	return r != nil && (r.Until == nil || now.Before(*r.Until))
}

// Misuse (DSA art. 23): after MisuseWarnAfter manifestly unfounded notices a
// member is warned; after one more, reporting is suspended for
// MisuseSuspension.
const (
	MisuseWarnAfter  = 2
	MisuseSuspension = 30 * 24 * time.Hour
)

// Misuse outcomes.
const (
	MisuseNone      = ""
	MisuseWarning   = "warning"
	MisuseSuspended = "suspended"
)

// TransparencyReport sums up the desk's activity over a period.
type TransparencyReport struct {
	From, Until       time.Time
	Requests          map[CaseCategory]int
	Notices           map[CaseCategory]int
	Actions           map[Action]int
	MedianFirstAnswer time.Duration
	MedianResolution  time.Duration
	Appeals           int
	Reversals         int
	Unfounded         int
}

// Median returns the median of ds, 0 for none.
func Median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// Sealer encrypts the desk's confidential data at rest (message bodies,
// attachments, statements) with AES-256-GCM, so that a copy of the database
// alone reveals none of it. A sealed value is a version byte, the 12-byte
// nonce and the ciphertext with its tag.
type Sealer struct {
	aead cipher.AEAD
}

const sealVersion = 1

// ErrSealedData is returned when sealed data cannot be opened: wrong key,
// tampering, or not sealed data at all.
var ErrSealedData = errors.New("safety: sealed data cannot be opened (wrong key or altered data)")

// NewSealer returns a Sealer for a 32-byte key.
func NewSealer(key []byte) (*Sealer, error) {
	if len(key) != 32 {
		return nil, errors.New("safety: the key must be 32 bytes (AES-256)")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead}, nil
}

// Seal encrypts plain; purpose is bound to the result as additional data so
// that a sealed value cannot be moved to another column unnoticed.
func (s *Sealer) Seal(plain []byte, purpose string) []byte {
	out := make([]byte, 1+s.aead.NonceSize(), 1+s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	out[0] = sealVersion
	rand.Read(out[1:]) // never fails (Go 1.24+)
	return s.aead.Seal(out, out[1:1+s.aead.NonceSize()], plain, []byte(purpose))
}

// Open decrypts a value made by Seal with the same purpose.
func (s *Sealer) Open(sealed []byte, purpose string) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < 1+n+s.aead.Overhead() || sealed[0] != sealVersion {
		return nil, ErrSealedData
	}
	plain, err := s.aead.Open(nil, sealed[1:1+n], sealed[1+n:], []byte(purpose))
	if err != nil {
		return nil, ErrSealedData
	}
	return plain, nil
}
