package creatorclub

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Course states.
const (
	CourseDraft     = "draft"     // seen only by staff, who can preview it
	CoursePublished = "published" // open to members
)

// Course is an upgrade module or a masterclass replay: ordered lessons and an
// optional quiz. Passing the quiz (or finishing every lesson when there is no
// quiz) completes the course and issues a certificate.
type Course struct {
	ID      int64
	Title   string
	Summary string
	Status  string
	// Language is the language the course is written in (its title,
	// summary, lessons and quiz), one of Languages: pages mark its text with
	// it when it differs from the page's language (WCAG 2.1 SC 3.1.2).
	Language string
	// RefresherMonths, when above 0, makes a certificate expire that many
	// months after it was issued: the member must complete the course again.
	RefresherMonths int
	CreatedBy       int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
	PublishedAt     *time.Time

	// Filled by FindCourse.
	Lessons []*Lesson
	Quiz    *Quiz // the current version, nil when the course has no quiz
}

// MaxCourseTitle is the longest course or lesson title, in characters.
const MaxCourseTitle = 200

// Validate checks a course's own fields and trims them. A course without
// a language is in French.
func (c *Course) Validate() error {
	c.Title, c.Summary = strings.TrimSpace(c.Title), strings.TrimSpace(c.Summary)
	if c.Language == "" {
		c.Language = LanguageFrench
	}
	switch {
	case c.Title == "":
		return Errorf(EINVALID, "course_title_required")
	case utf8.RuneCountInString(c.Title) > MaxCourseTitle:
		return Errorf(EINVALID, "course_title_too_long")
	case c.Status != CourseDraft && c.Status != CoursePublished:
		return Errorf(EINVALID, "course_status_invalid")
	case !IsLanguage(c.Language):
		return Errorf(EINVALID, "course_language_invalid")
	case c.RefresherMonths < 0 || c.RefresherMonths > 120:
		return Errorf(EINVALID, "course_refresher_invalid")
	}
	return nil
}

// Lesson is one step of a course: Markdown text, an optional video (a
// YouTube, Vimeo or PeerTube link, or the replay of an event) and
// downloadable materials.
type Lesson struct {
	ID       int64
	CourseID int64
	Position int // 1, 2, … in the course
	Title    string
	Body     string // Markdown, sanitised when shown
	VideoURL string // a watch link; see EmbedVideo
	EventID  int64  // when not 0, the lesson shows this event's replay
	Minutes  int    // estimated reading time

	Materials []*LessonMaterial
}

// Validate checks a lesson and trims its fields.
func (l *Lesson) Validate() error {
	l.Title, l.Body, l.VideoURL = strings.TrimSpace(l.Title), strings.TrimSpace(l.Body), strings.TrimSpace(l.VideoURL)
	switch {
	case l.Title == "":
		return Errorf(EINVALID, "lesson_title_required")
	case utf8.RuneCountInString(l.Title) > MaxCourseTitle:
		return Errorf(EINVALID, "lesson_title_too_long")
	case len(l.Body) > 100_000:
		return Errorf(EINVALID, "lesson_body_too_long")
	case l.Minutes < 0 || l.Minutes > 600:
		return Errorf(EINVALID, "lesson_minutes_invalid")
	}
	if l.VideoURL != "" {
		if _, err := EmbedVideo(l.VideoURL); err != nil {
			return err
		}
	}
	return nil
}

// LessonMaterial is a file attached to a lesson, kept by the files package.
type LessonMaterial struct {
	ID          int64
	LessonID    int64
	Name        string
	ContentType string
	Size        int64
	Key         string
	SHA256      string
	CreatedAt   time.Time
}

// Video is an embeddable video: the player address for an iframe and the
// origin the Content-Security-Policy must allow as a frame source.
type Video struct {
	EmbedURL string
	Origin   string // scheme and host, e.g. https://www.youtube-nocookie.com
	Watch    string // the link as given, for those who prefer to open it
}

// EmbedVideo turns a YouTube, Vimeo or PeerTube watch link into a player
// address. Any other link is EINVALID: only these hosts may be framed.
// PeerTube instances are recognised by their /w/ or /videos/watch/ paths.
func EmbedVideo(raw string) (*Video, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil {
		return nil, Errorf(EINVALID, "video_url_invalid")
	}
	host := strings.ToLower(u.Hostname())
	if u.Port() != "" {
		host = strings.ToLower(u.Host)
	}
	id := ""
	seg := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	switch host {
	case "www.youtube.com", "youtube.com", "m.youtube.com", "www.youtube-nocookie.com":
		switch {
		case u.Path == "/watch":
			id = u.Query().Get("v")
		case len(seg) == 2 && (seg[0] == "embed" || seg[0] == "shorts" || seg[0] == "live"):
			id = seg[1]
		}
		if validVideoID(id) {
			return &Video{EmbedURL: "https://www.youtube-nocookie.com/embed/" + id, Origin: "https://www.youtube-nocookie.com", Watch: raw}, nil
		}
	case "youtu.be":
		if len(seg) == 1 && validVideoID(seg[0]) {
			id = seg[0]
			return &Video{EmbedURL: "https://www.youtube-nocookie.com/embed/" + id, Origin: "https://www.youtube-nocookie.com", Watch: raw}, nil
		}
	case "vimeo.com", "www.vimeo.com", "player.vimeo.com":
		if len(seg) >= 1 {
			id = seg[len(seg)-1]
		}
		if id != "" && strings.Trim(id, "0123456789") == "" {
			return &Video{EmbedURL: "https://player.vimeo.com/video/" + id, Origin: "https://player.vimeo.com", Watch: raw}, nil
		}
	default:
		// PeerTube: https://instance/w/{id} or /videos/watch/{id} or /videos/embed/{id}.
		switch {
		case len(seg) == 2 && seg[0] == "w":
			id = seg[1]
		case len(seg) == 3 && seg[0] == "videos" && (seg[1] == "watch" || seg[1] == "embed"):
			id = seg[2]
		}
		if validVideoID(id) && strings.Contains(host, ".") {
			origin := "https://" + host
			return &Video{EmbedURL: origin + "/videos/embed/" + id, Origin: origin, Watch: raw}, nil
		}
	}
	return nil, Errorf(EINVALID, "video_url_invalid")
}

func validVideoID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// Kinds of quiz question.
const (
	QuestionSingle    = "single"    // one correct choice among several
	QuestionMultiple  = "multiple"  // one or more correct choices
	QuestionTrueFalse = "truefalse" // two choices, "Vrai" and "Faux"
)

// QuizQuestion is a question of a quiz version. Its choices carry their own
// explanations, shown once the attempt is submitted.
type QuizQuestion struct {
	Kind        string       `json:"kind"`
	Text        string       `json:"text"`
	Explanation string       `json:"explanation,omitempty"`
	Choices     []QuizChoice `json:"choices"`
}

// QuizChoice is one possible answer.
type QuizChoice struct {
	Text        string `json:"text"`
	Correct     bool   `json:"correct"`
	Explanation string `json:"explanation,omitempty"`
}

// Quiz is one version of a course's quiz. Versions are never changed once a
// member has answered them: editing a published quiz saves a new version.
type Quiz struct {
	ID           int64 // the version's id
	CourseID     int64
	Version      int
	PassingScore int // percent, 1–100
	MaxAttempts  int // 0: unlimited
	Questions    []QuizQuestion
	CreatedAt    time.Time
}

// MaxQuizQuestions bounds the size of a quiz.
const MaxQuizQuestions = 100

// Validate checks a quiz version: a passing score between 1 and 100 %, a
// sensible number of attempts, and questions that can be answered right.
// Messages say which question to fix.
func (q *Quiz) Validate() error {
	switch {
	case q.PassingScore < 1 || q.PassingScore > 100:
		return Errorf(EINVALID, "quiz_passing_score_invalid")
	case q.MaxAttempts < 0 || q.MaxAttempts > 100:
		return Errorf(EINVALID, "quiz_attempts_invalid")
	case len(q.Questions) == 0:
		return Errorf(EINVALID, "quiz_no_questions")
	case len(q.Questions) > MaxQuizQuestions:
		return Errorf(EINVALID, "quiz_too_many_questions")
	}
	for i := range q.Questions {
		qq := &q.Questions[i]
		qq.Text, qq.Explanation = strings.TrimSpace(qq.Text), strings.TrimSpace(qq.Explanation)
		var kept []QuizChoice
		for _, c := range qq.Choices {
			c.Text, c.Explanation = strings.TrimSpace(c.Text), strings.TrimSpace(c.Explanation)
			if c.Text != "" {
				kept = append(kept, c)
			}
		}
		qq.Choices = kept
		correct := 0
		for _, c := range qq.Choices {
			if c.Correct {
				correct++
			}
		}
		n := i + 1
		switch {
		case qq.Text == "":
			return &Error{Code: EINVALID, Message: fmt.Sprintf("quiz_question_text_required|%d", n)}
		case qq.Kind != QuestionSingle && qq.Kind != QuestionMultiple && qq.Kind != QuestionTrueFalse:
			return &Error{Code: EINVALID, Message: fmt.Sprintf("quiz_question_kind_invalid|%d", n)}
		case qq.Kind == QuestionTrueFalse && len(qq.Choices) != 2:
			return &Error{Code: EINVALID, Message: fmt.Sprintf("quiz_truefalse_two_choices|%d", n)}
		case len(qq.Choices) < 2:
			return &Error{Code: EINVALID, Message: fmt.Sprintf("quiz_question_two_choices|%d", n)}
		case len(qq.Choices) > 10:
			return &Error{Code: EINVALID, Message: fmt.Sprintf("quiz_question_too_many_choices|%d", n)}
		case correct == 0:
			return &Error{Code: EINVALID, Message: fmt.Sprintf("quiz_question_no_correct|%d", n)}
		case qq.Kind != QuestionMultiple && correct != 1:
			return &Error{Code: EINVALID, Message: fmt.Sprintf("quiz_question_one_correct|%d", n)}
		}
	}
	return nil
}

// QuestionCredit returns the credit, between 0 and 1, earned by choosing
// the choices at the indexes in chosen.
//
// Single choice and true/false: 1 when exactly the correct choice is chosen,
// else 0. Multiple choice earns partial credit: (right choices ticked − wrong
// choices ticked) ÷ number of right choices, never below 0. So with 2 right
// answers out of 4, ticking both scores 1, one of them 0.5, one right and
// one wrong 0, and ticking everything 0: guessing does not pay.
func (qq *QuizQuestion) QuestionCredit(chosen []int) float64 {
	seen := map[int]bool{}
	right, wrong, correct := 0, 0, 0
	for _, c := range qq.Choices {
		if c.Correct {
			correct++
		}
	}
	for _, i := range chosen {
		if i < 0 || i >= len(qq.Choices) || seen[i] {
			continue
		}
		seen[i] = true
		if qq.Choices[i].Correct {
			right++
		} else {
			wrong++
		}
	}
	if correct == 0 {
		return 0
	}
	if qq.Kind != QuestionMultiple {
		if len(seen) == 1 && right == 1 {
			return 1
		}
		return 0
	}
	credit := float64(right-wrong) / float64(correct)
	return max(credit, 0)
}

// Score returns the attempt's score in whole percent, rounded down, for the
// answers given by question index (answers[i] holds the chosen choice
// indexes of question i), and the credit per question.
func (q *Quiz) Score(answers [][]int) (int, []float64) {
	if len(q.Questions) == 0 {
		return 0, nil
	}
	credits := make([]float64, len(q.Questions))
	total := 0.0
	for i := range q.Questions {
		if i < len(answers) {
			credits[i] = q.Questions[i].QuestionCredit(answers[i])
		}
		total += credits[i]
	}
	// A tiny epsilon keeps 3 × (1/3) from rounding down to 99 %.
	return int(total/float64(len(q.Questions))*100 + 1e-9), credits
}

// CheckAnswers verifies that answers answer every question of the quiz with
// existing choices (exactly one for single choice and true/false), or
// returns EINVALID naming the first question to fix.
func (q *Quiz) CheckAnswers(answers [][]int) error {
	if len(answers) != len(q.Questions) {
		return Errorf(EINVALID, "quiz_answers_mismatch")
	}
	for i, a := range answers {
		qq := q.Questions[i]
		if len(a) == 0 {
			return &Error{Code: EINVALID, Message: fmt.Sprintf("quiz_question_unanswered|%d", i+1)}
		}
		if qq.Kind != QuestionMultiple && len(a) != 1 {
			return &Error{Code: EINVALID, Message: fmt.Sprintf("quiz_answers_invalid|%d", i+1)}
		}
		seen := map[int]bool{}
		for _, c := range a {
			if c < 0 || c >= len(qq.Choices) || seen[c] {
				return &Error{Code: EINVALID, Message: fmt.Sprintf("quiz_answers_invalid|%d", i+1)}
			}
			seen[c] = true
		}
	}
	return nil
}

// ShuffleOrder returns a random order of the quiz's questions and, per
// question, of its choices (true/false keep "true" first). An attempt stores
// them so that a reload shows the same order.
func (q *Quiz) ShuffleOrder(r *rand.Rand) (questions []int, choices [][]int) {
	questions = r.Perm(len(q.Questions))
	choices = make([][]int, len(q.Questions))
	for i, qq := range q.Questions {
		if qq.Kind == QuestionTrueFalse {
			choices[i] = []int{0, 1}
		} else {
			choices[i] = r.Perm(len(qq.Choices))
		}
	}
	return questions, choices
}

// QuizAttempt is a member's attempt at a quiz version. Order and
// ChoiceOrder are the shuffled order it was shown in; Answers are by
// question index of the version, nil until submitted.
type QuizAttempt struct {
	ID          int64
	UserID      int64
	CourseID    int64
	QuizID      int64 // the quiz version answered
	Number      int   // 1 for the member's first attempt at the course, …
	Order       []int
	ChoiceOrder [][]int
	Answers     [][]int
	Score       int
	Passed      bool
	StartedAt   time.Time
	SubmittedAt *time.Time
}

// Certificate states as the public verification page shows them.
const (
	CertificateValid   = "valid"
	CertificateExpired = "expired"
	CertificateRevoked = "revoked"
	CertificateUnknown = "unknown"
)

// CourseCertificate is the proof that a member completed a course. Its Code
// is random and unguessable; anyone holding it can check the certificate's
// validity, and nothing else, on the public page.
type CourseCertificate struct {
	ID           int64
	Code         string
	UserID       int64
	CourseID     int64
	IssuedAt     time.Time
	ExpiresAt    *time.Time // nil: never expires
	RevokedAt    *time.Time
	RevokeReason string

	// Filled by lookups.
	CourseTitle    string
	CourseLanguage string // the course's Language
	MemberName     string
}

// StatusAt returns the certificate's validity at now.
func (c *CourseCertificate) StatusAt(now time.Time) string {
	switch {
	case c == nil:
		return CertificateUnknown
	case c.RevokedAt != nil:
		return CertificateRevoked
	case c.ExpiresAt != nil && !now.Before(*c.ExpiresAt):
		return CertificateExpired
	}
	return CertificateValid
}

// NormalizeCertificateCode uppercases a typed code and removes spaces and
// dashes, so "abcd-efgh…" and "ABCDEFGH…" find the same certificate.
func NormalizeCertificateCode(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	return strings.NewReplacer("-", "", " ", "").Replace(s)
}

// FormatCertificateCode groups a code by four characters for reading.
func FormatCertificateCode(code string) string {
	var b strings.Builder
	for i, r := range code {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// AddMonths returns t plus n calendar months, clamped to the month's last
// day (31 January + 1 month is 28 or 29 February).
func AddMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
}

// Segments a mandatory course can be required of.
const (
	SegmentAll = "all" // every active certified member
	// "platform:instagram" and so on: members with a handle on that platform.
	SegmentPlatformPrefix = "platform:"
)

// ValidSegment reports whether s names a segment.
func ValidSegment(s string) bool {
	if s == SegmentAll {
		return true
	}
	p, ok := strings.CutPrefix(s, SegmentPlatformPrefix)
	return ok && IsPlatform(p)
}

// CourseRequirement makes a published course mandatory for a segment of
// active certified members by a due date.
type CourseRequirement struct {
	ID        int64
	CourseID  int64
	Segment   string
	DueAt     time.Time
	CreatedBy int64
	CreatedAt time.Time

	CourseTitle    string // filled by listings
	CourseLanguage string // filled by listings: the course's Language
}

// Platform returns the platform of a "platform:" segment, "" for all members.
func (r *CourseRequirement) Platform() string {
	p, _ := strings.CutPrefix(r.Segment, SegmentPlatformPrefix)
	if p == r.Segment {
		return ""
	}
	return p
}

// Duty statuses, from the member's point of view.
const (
	DutyDone      = "done"        // completed, certificate valid
	DutyDue       = "due"         // to do, the due date has not passed
	DutyOverdue   = "overdue"     // to do, the due date has passed
	DutyOutOfDate = "out_of_date" // completed once, but the certificate expired
)

// CourseDuty is a mandatory course as it stands for one member.
type CourseDuty struct {
	RequirementID  int64
	CourseID       int64
	CourseTitle    string
	CourseLanguage string // the course's Language
	DueAt          time.Time
	Status         string
	CompletedAt    *time.Time
	ExpiresAt      *time.Time
}

// UpToDate reports whether every duty is done.
func UpToDate(duties []CourseDuty) bool {
	for _, d := range duties {
		if d.Status != DutyDone {
			return false
		}
	}
	return true
}

// CourseProgress is where a member stands in a course.
type CourseProgress struct {
	CourseID     int64
	UserID       int64
	StartedAt    *time.Time
	LessonsDone  map[int64]time.Time // by lesson id
	Attempts     int                 // submitted attempts counted against the limit
	BestScore    int
	CompletedAt  *time.Time
	Certificate  *CourseCertificate // the newest, if any
	OpenAttempt  *QuizAttempt       // started and not submitted
	AttemptsLeft int                // -1: unlimited
}

// CourseStats are a course's figures for the staff dashboard.
type CourseStats struct {
	CourseID      int64
	Title         string
	Language      string // the course's Language
	Status        string
	Started       int
	Completed     int
	Attempts      int
	PassedAttempt int
	MedianTime    time.Duration // from start to completion, 0 when nobody completed
	Hardest       []QuestionStat
}

// CompletionRate is the share of starters who completed, in percent.
func (s CourseStats) CompletionRate() int {
	if s.Started == 0 {
		return 0
	}
	return s.Completed * 100 / s.Started
}

// PassRate is the share of submitted attempts that passed, in percent.
func (s CourseStats) PassRate() int {
	if s.Attempts == 0 {
		return 0
	}
	return s.PassedAttempt * 100 / s.Attempts
}

// QuestionStat is how often a question was fully answered right.
type QuestionStat struct {
	Text    string
	Answers int
	Correct int
}

// Rate is the share of fully right answers, in percent.
func (q QuestionStat) Rate() int {
	if q.Answers == 0 {
		return 0
	}
	return q.Correct * 100 / q.Answers
}

// Audit actions of courses.
const (
	AuditCourseSave        = "course.save"
	AuditCourseRequire     = "course.require"
	AuditCertificateRevoke = "course.certificate_revoke"
	AuditCourseRemind      = "course.remind_overdue"
)
