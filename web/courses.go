package web

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/certpdf"
	"github.com/creatorclub/creatorclub/sqldb"
)

// Courses: members follow published courses (lessons, quiz, certificate);
// moderators and admins write them, make them mandatory and follow who is
// late. Anyone can check a certificate's code on /certificats/{code}.
func (s *Server) coursesRoutes() []route {
	return []route{
		{"GET", "/certificats", public, s.handleVerifyForm},
		{"GET", "/certificats/{code}", public, s.handleVerifyCertificate},

		{"GET", "/formations", community, s.handleCourses},
		{"GET", "/formations/{course}", community, s.handleCourse},
		{"GET", "/formations/{course}/lecons/{lesson}", community, s.handleLesson},
		{"POST", "/formations/{course}/lecons/{lesson}/terminee", certified, s.handleLessonDone},
		{"GET", "/formations/{course}/supports/{material}", community, s.handleLessonMaterial},
		{"GET", "/formations/{course}/quiz", certified, s.handleQuiz},
		{"POST", "/formations/{course}/quiz", certified, s.handleStartQuiz},
		{"POST", "/formations/{course}/quiz/reponses", certified, s.handleSubmitQuiz},
		{"GET", "/formations/{course}/tentatives/{attempt}", certified, s.handleAttemptResult},
		{"GET", "/formations/{course}/attestation.pdf", certified, s.handleCertificatePDF},

		{"GET", "/gestion/formations", eventStaff, s.handleManageCourses},
		{"GET", "/gestion/formations/tableau.csv", eventStaff, s.handleCoursesCSV},
		{"GET", "/gestion/formations/nouvelle", eventStaff, s.handleNewCourseForm},
		{"POST", "/gestion/formations", eventStaff, s.handleSaveCourse},
		{"GET", "/gestion/formations/{course}", eventStaff, s.handleEditCourse},
		{"POST", "/gestion/formations/{course}", eventStaff, s.handleSaveCourse},
		{"POST", "/gestion/formations/{course}/supprimer", eventStaff, s.handleDeleteCourse},
		{"GET", "/gestion/formations/{course}/lecons/nouvelle", eventStaff, s.handleLessonForm},
		{"POST", "/gestion/formations/{course}/lecons", eventStaff, s.handleSaveLesson},
		{"GET", "/gestion/formations/{course}/lecons/{lesson}", eventStaff, s.handleLessonForm},
		{"POST", "/gestion/formations/{course}/lecons/{lesson}", eventStaff, s.handleSaveLesson},
		{"POST", "/gestion/formations/{course}/lecons/{lesson}/deplacer", eventStaff, s.handleMoveLesson},
		{"POST", "/gestion/formations/{course}/lecons/{lesson}/supprimer", eventStaff, s.handleDeleteLesson},
		{"POST", "/gestion/formations/{course}/lecons/{lesson}/supports", eventStaff, s.handleUploadLessonMaterial},
		{"POST", "/gestion/formations/{course}/supports/{material}/supprimer", eventStaff, s.handleDeleteLessonMaterial},
		{"GET", "/gestion/formations/{course}/quiz", eventStaff, s.handleQuizForm},
		{"POST", "/gestion/formations/{course}/quiz", eventStaff, s.handleSaveQuiz},
		{"POST", "/gestion/formations/{course}/obligations", eventStaff, s.handleAddRequirement},
		{"GET", "/gestion/obligations/{req}", eventStaff, s.handleRequirement},
		{"POST", "/gestion/obligations/{req}/relancer", eventStaff, s.handleRemindOverdue},
		{"POST", "/gestion/obligations/{req}/supprimer", eventStaff, s.handleDeleteRequirement},
		{"POST", "/gestion/certificats/revoquer", eventStaff, s.handleRevokeCertificate},
	}
}

// isCourseStaff reports whether u writes courses and sees drafts.
func isCourseStaff(u *creatorclub.User) bool {
	return u != nil && (u.Role == creatorclub.RoleModerator || u.Role == creatorclub.RoleAdmin)
}

// courseMessage translates a course error; "id|N" messages name the
// question N to fix.
func (s *Server) courseMessage(r *http.Request, err error) string {
	msg := creatorclub.ErrorMessage(err)
	if id, n, ok := strings.Cut(msg, "|"); ok {
		return s.t(r, id, "N", n)
	}
	return s.message(r, msg)
}

func (s *Server) courseError(w http.ResponseWriter, r *http.Request, err error) {
	code := creatorclub.ErrorCode(err)
	if code == creatorclub.EINTERNAL {
		s.serverError(w, r, err)
		return
	}
	s.renderError(w, r, errorStatus(code), s.courseMessage(r, err))
}

func pathID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}

// courseFromPath returns the course of the path. Drafts exist only for
// course staff (who preview them); for anyone else they are not found.
func (s *Server) courseFromPath(w http.ResponseWriter, r *http.Request) *creatorclub.Course {
	id, ok := pathID(r, "course")
	if !ok {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return nil
	}
	c, err := s.DB.FindCourse(r.Context(), id)
	if creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND || (err == nil && c.Status != creatorclub.CoursePublished && !isCourseStaff(userFrom(r.Context()))) {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return nil
	} else if err != nil {
		s.serverError(w, r, err)
		return nil
	}
	return c
}

func lessonOf(c *creatorclub.Course, id int64) (*creatorclub.Lesson, int) {
	for i, l := range c.Lessons {
		if l.ID == id {
			return l, i
		}
	}
	return nil, -1
}

// --- Members ---

// addCourseDuties puts a user's mandatory courses and whether they are up
// to date in d, for the home page and the member's profile.
func (s *Server) addCourseDuties(r *http.Request, userID int64, d map[string]any) error {
	duties, err := s.DB.CourseDuties(r.Context(), userID)
	if err != nil {
		return err
	}
	d["Duties"], d["UpToDate"] = duties, creatorclub.UpToDate(duties)
	return nil
}

type courseCard struct {
	Course   *creatorclub.Course
	Progress *creatorclub.CourseProgress
	Done     int
	Duty     *creatorclub.CourseDuty
}

func (s *Server) handleCourses(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	courses, err := s.DB.ListCourses(r.Context(), true)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	duties, err := s.DB.CourseDuties(r.Context(), u.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var cards []courseCard
	for _, c := range courses {
		full, err := s.DB.FindCourse(r.Context(), c.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		p, err := s.DB.Progress(r.Context(), u.ID, full)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		card := courseCard{Course: full, Progress: p, Done: len(p.LessonsDone)}
		for i := range duties {
			if duties[i].CourseID == c.ID {
				card.Duty = &duties[i]
			}
		}
		cards = append(cards, card)
	}
	s.render(w, r, http.StatusOK, "courses", "courses_title", map[string]any{"Cards": cards, "Duties": duties,
		"UpToDate": creatorclub.UpToDate(duties), "Staff": isCourseStaff(u)})
}

func (s *Server) handleCourse(w http.ResponseWriter, r *http.Request) {
	c := s.courseFromPath(w, r)
	if c == nil {
		return
	}
	u := userFrom(r.Context())
	p, err := s.DB.Progress(r.Context(), u.ID, c)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	attempts, err := s.DB.ListAttempts(r.Context(), u.ID, c.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var next *creatorclub.Lesson
	for _, l := range c.Lessons {
		if _, done := p.LessonsDone[l.ID]; !done {
			next = l
			break
		}
	}
	now := s.DB.Now()
	certStatus := ""
	if p.Certificate != nil {
		certStatus = p.Certificate.StatusAt(now)
	}
	canRenew := p.Certificate == nil || (p.Certificate.ExpiresAt != nil && now.Add(sqldb.RenewalWindow).After(*p.Certificate.ExpiresAt))
	done := map[int64]bool{}
	for id := range p.LessonsDone {
		done[id] = true
	}
	s.render(w, r, http.StatusOK, "course", "courses_title", map[string]any{"Course": c, "Progress": p, "Next": next, "Done": done,
		"Attempts": attempts, "Summary": s.markdown.Render(c.Summary), "CertStatus": certStatus, "CanTakeQuiz": canRenew,
		"Member": u.Role == creatorclub.RoleMember, "Staff": isCourseStaff(u)})
}

// lessonVideo returns the lesson's video to embed, if any: its own link,
// or the replay of its event when that is an embeddable link. The second
// result is a replay link that cannot be embedded, to offer as a link.
func (s *Server) lessonVideo(r *http.Request, l *creatorclub.Lesson) (*creatorclub.Video, string) {
	if l.VideoURL != "" {
		v, err := creatorclub.EmbedVideo(l.VideoURL)
		if err == nil {
			return v, ""
		}
	}
	if l.EventID != 0 {
		ev, err := s.DB.FindEvent(r.Context(), l.EventID)
		if err != nil || ev.ReplayURL == "" {
			return nil, ""
		}
		if v, err := creatorclub.EmbedVideo(ev.ReplayURL); err == nil {
			return v, ""
		}
		return nil, ev.ReplayURL
	}
	return nil, ""
}

// allowFrame lets this response frame the video's origin, and nothing else:
// the Content-Security-Policy of every other page has no frame source but
// the club itself.
func allowFrame(w http.ResponseWriter, v *creatorclub.Video) {
	if v == nil {
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", h.Get("Content-Security-Policy")+"; frame-src "+v.Origin)
}

func (s *Server) renderLesson(w http.ResponseWriter, r *http.Request, c *creatorclub.Course, l *creatorclub.Lesson, i int, p *creatorclub.CourseProgress, preview bool) {
	video, replay := s.lessonVideo(r, l)
	allowFrame(w, video)
	d := map[string]any{"Course": c, "Lesson": l, "Body": s.markdown.Render(l.Body), "Video": video, "Replay": replay,
		"Number": i + 1, "Count": len(c.Lessons), "Progress": p, "Preview": preview, "Member": userFrom(r.Context()).Role == creatorclub.RoleMember}
	if i > 0 {
		d["Prev"] = c.Lessons[i-1]
	}
	if i >= 0 && i+1 < len(c.Lessons) {
		d["NextLesson"] = c.Lessons[i+1]
	}
	if p != nil {
		_, d["Done"] = p.LessonsDone[l.ID]
	}
	s.render(w, r, http.StatusOK, "course_lesson", "courses_title", d)
}

func (s *Server) handleLesson(w http.ResponseWriter, r *http.Request) {
	c := s.courseFromPath(w, r)
	if c == nil {
		return
	}
	id, _ := pathID(r, "lesson")
	l, i := lessonOf(c, id)
	if l == nil {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	// Reading changes nothing (state never changes on GET): the course
	// counts as started from the first lesson marked done or quiz attempt.
	u := userFrom(r.Context())
	p, err := s.DB.Progress(r.Context(), u.ID, c)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderLesson(w, r, c, l, i, p, false)
}

func (s *Server) handleLessonDone(w http.ResponseWriter, r *http.Request) {
	c := s.courseFromPath(w, r)
	if c == nil {
		return
	}
	id, _ := pathID(r, "lesson")
	l, i := lessonOf(c, id)
	if l == nil {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	cert, err := s.DB.MarkLessonDone(r.Context(), userFrom(r.Context()).ID, c.ID, l.ID)
	if err != nil {
		s.courseError(w, r, err)
		return
	}
	switch {
	case cert != nil:
		s.flash(r, "course_completed")
		http.Redirect(w, r, fmt.Sprintf("/formations/%d", c.ID), http.StatusSeeOther)
	case i+1 < len(c.Lessons):
		http.Redirect(w, r, fmt.Sprintf("/formations/%d/lecons/%d", c.ID, c.Lessons[i+1].ID), http.StatusSeeOther)
	default:
		http.Redirect(w, r, fmt.Sprintf("/formations/%d", c.ID), http.StatusSeeOther)
	}
}

func (s *Server) handleLessonMaterial(w http.ResponseWriter, r *http.Request) {
	c := s.courseFromPath(w, r)
	if c == nil {
		return
	}
	mid, ok := pathID(r, "material")
	if !ok {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	m, err := s.DB.FindLessonMaterial(r.Context(), c.ID, mid)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f, err := s.Files.Open(m.Key)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", m.ContentType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(m.Name))
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeContent(w, r, "", m.CreatedAt, f)
}

// quizItem is one question as shown in an attempt, in the attempt's order.
type quizItem struct {
	Index   int // the question's index in its quiz version (the form field q<Index>)
	Number  int // its place in this attempt, from 1
	Q       creatorclub.QuizQuestion
	Choices []quizChoiceView
	Credit  float64
	Full    bool
}

type quizChoiceView struct {
	Index  int
	C      creatorclub.QuizChoice
	Chosen bool
}

func attemptItems(q *creatorclub.Quiz, a *creatorclub.QuizAttempt, answers [][]int, credits []float64) []quizItem {
	var items []quizItem
	for n, qi := range a.Order {
		if qi < 0 || qi >= len(q.Questions) {
			continue
		}
		qq := q.Questions[qi]
		it := quizItem{Index: qi, Number: n + 1, Q: qq}
		order := a.ChoiceOrder[qi]
		for _, ci := range order {
			if ci < 0 || ci >= len(qq.Choices) {
				continue
			}
			chosen := qi < len(answers) && slices.Contains(answers[qi], ci)
			it.Choices = append(it.Choices, quizChoiceView{Index: ci, C: qq.Choices[ci], Chosen: chosen})
		}
		if credits != nil {
			it.Credit = credits[qi]
			it.Full = credits[qi] >= 1
		}
		items = append(items, it)
	}
	return items
}

func (s *Server) handleQuiz(w http.ResponseWriter, r *http.Request) {
	c := s.courseFromPath(w, r)
	if c == nil {
		return
	}
	if c.Quiz == nil {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	u := userFrom(r.Context())
	p, err := s.DB.Progress(r.Context(), u.ID, c)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if p.OpenAttempt == nil {
		// No attempt in progress: the page explains the quiz and offers to start.
		s.render(w, r, http.StatusOK, "course_quiz", "courses_quiz_title", map[string]any{"Course": c, "Quiz": c.Quiz, "Progress": p})
		return
	}
	s.renderQuiz(w, r, http.StatusOK, c, p, p.OpenAttempt, nil, "")
}

func (s *Server) renderQuiz(w http.ResponseWriter, r *http.Request, status int, c *creatorclub.Course, p *creatorclub.CourseProgress, a *creatorclub.QuizAttempt, answers [][]int, errMsg string) {
	q, err := s.DB.FindQuizVersion(r.Context(), a.QuizID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, status, "course_quiz", "courses_quiz_title", map[string]any{"Course": c, "Quiz": q, "Progress": p, "Attempt": a,
		"Items": attemptItems(q, a, answers, nil), "Error": errMsg})
}

func (s *Server) handleStartQuiz(w http.ResponseWriter, r *http.Request) {
	c := s.courseFromPath(w, r)
	if c == nil {
		return
	}
	if _, err := s.DB.StartAttempt(r.Context(), userFrom(r.Context()).ID, c.ID); err != nil {
		s.courseError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/formations/%d/quiz", c.ID), http.StatusSeeOther)
}

// parseAnswers reads the answers q<i> of a quiz version from a form.
func parseAnswers(r *http.Request, q *creatorclub.Quiz) [][]int {
	answers := make([][]int, len(q.Questions))
	for i := range q.Questions {
		for _, v := range r.Form[fmt.Sprintf("q%d", i)] {
			n, err := strconv.Atoi(v)
			if err != nil {
				n = -1 // refused by CheckAnswers
			}
			answers[i] = append(answers[i], n)
		}
	}
	return answers
}

func (s *Server) handleSubmitQuiz(w http.ResponseWriter, r *http.Request) {
	c := s.courseFromPath(w, r)
	if c == nil {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, s.t(r, "error_bad_form"))
		return
	}
	u := userFrom(r.Context())
	attemptID, _ := strconv.ParseInt(r.FormValue("attempt"), 10, 64)
	a, err := s.DB.FindAttempt(r.Context(), u.ID, attemptID)
	if err != nil || a.CourseID != c.ID {
		// Another member's attempt, or a made-up id: nothing to answer.
		s.renderError(w, r, http.StatusNotFound, s.t(r, "attempt_not_found"))
		return
	}
	q, err := s.DB.FindQuizVersion(r.Context(), a.QuizID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	answers := parseAnswers(r, q)
	done, cert, err := s.DB.SubmitAttempt(r.Context(), u.ID, a.ID, answers)
	if creatorclub.ErrorCode(err) == creatorclub.EINVALID {
		p, perr := s.DB.Progress(r.Context(), u.ID, c)
		if perr != nil {
			s.serverError(w, r, perr)
			return
		}
		s.renderQuiz(w, r, http.StatusBadRequest, c, p, a, answers, s.courseMessage(r, shownNumber(err, a)))
		return
	} else if err != nil {
		s.courseError(w, r, err)
		return
	}
	switch {
	case cert != nil:
		s.flash(r, "quiz_passed_flash")
	case done.Passed:
		s.flash(r, "quiz_passed_flash")
	default:
		s.flash(r, "quiz_failed_flash")
	}
	http.Redirect(w, r, fmt.Sprintf("/formations/%d/tentatives/%d", c.ID, done.ID), http.StatusSeeOther)
}

// shownNumber rewrites an error naming question N of the quiz version
// ("id|N") with the number the question has in the attempt's shuffled
// order, the one the member sees.
func shownNumber(err error, a *creatorclub.QuizAttempt) error {
	id, n, ok := strings.Cut(creatorclub.ErrorMessage(err), "|")
	qi, convErr := strconv.Atoi(n)
	if !ok || convErr != nil {
		return err
	}
	if pos := slices.Index(a.Order, qi-1); pos >= 0 {
		return &creatorclub.Error{Code: creatorclub.ErrorCode(err), Message: fmt.Sprintf("%s|%d", id, pos+1)}
	}
	return err
}

func (s *Server) handleAttemptResult(w http.ResponseWriter, r *http.Request) {
	c := s.courseFromPath(w, r)
	if c == nil {
		return
	}
	u := userFrom(r.Context())
	id, _ := pathID(r, "attempt")
	a, err := s.DB.FindAttempt(r.Context(), u.ID, id)
	if err != nil || a.CourseID != c.ID || a.SubmittedAt == nil {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	q, err := s.DB.FindQuizVersion(r.Context(), a.QuizID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	_, credits := q.Score(a.Answers)
	p, err := s.DB.Progress(r.Context(), u.ID, c)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "course_result", "courses_result_title", map[string]any{"Course": c, "Quiz": q, "Attempt": a,
		"Items": attemptItems(q, a, a.Answers, credits), "Progress": p})
}

func (s *Server) handleCertificatePDF(w http.ResponseWriter, r *http.Request) {
	c := s.courseFromPath(w, r)
	if c == nil {
		return
	}
	u := userFrom(r.Context())
	p, err := s.DB.Progress(r.Context(), u.ID, c)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	cert := p.Certificate
	if cert == nil || cert.StatusAt(s.DB.Now()) != creatorclub.CertificateValid {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "certificate_none"))
		return
	}
	var expires *time.Time
	if cert.ExpiresAt != nil {
		e := cert.ExpiresAt.In(Paris)
		expires = &e
	}
	var buf bytes.Buffer
	err = certpdf.Write(&buf, certpdf.Certificate{Lang: localeFrom(r.Context()), Org: s.Config.OrgName, Club: s.Config.ClubName,
		Member: u.Name(), Course: c.Title, CourseLang: c.Language, IssuedOn: cert.IssuedAt.In(Paris), ExpiresOn: expires, Code: cert.Code,
		VerifyURL: s.Config.BaseURL + "/certificats/" + cert.Code})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="attestation-%s.pdf"`, cert.Code))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(buf.Bytes())
}

// --- Public verification ---

func (s *Server) handleVerifyForm(w http.ResponseWriter, r *http.Request) {
	if code := creatorclub.NormalizeCertificateCode(r.URL.Query().Get("code")); code != "" {
		http.Redirect(w, r, "/certificats/"+url.PathEscape(code), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "course_verify", "verify_title", map[string]any{})
}

// handleVerifyCertificate tells whether a code belongs to a valid, expired
// or revoked certificate, or to none. It shows the course and the dates a
// checker needs, never who holds it: the holder shows their PDF.
func (s *Server) handleVerifyCertificate(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	cert, err := s.DB.FindCertificateByCode(r.Context(), code)
	status := creatorclub.CertificateUnknown
	if err == nil {
		status = cert.StatusAt(s.DB.Now())
	} else if creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
		s.serverError(w, r, err)
		return
	}
	d := map[string]any{"Status": status, "Code": creatorclub.FormatCertificateCode(creatorclub.NormalizeCertificateCode(code)), "Checked": true}
	if status != creatorclub.CertificateUnknown {
		d["Course"], d["CourseLanguage"], d["IssuedAt"], d["ExpiresAt"] = cert.CourseTitle, cert.CourseLanguage, cert.IssuedAt, cert.ExpiresAt
	}
	w.Header().Set("X-Robots-Tag", "noindex")
	code404 := http.StatusOK
	if status == creatorclub.CertificateUnknown {
		code404 = http.StatusNotFound
	}
	s.render(w, r, code404, "course_verify", "verify_title", d)
}

// --- Staff ---

func (s *Server) handleManageCourses(w http.ResponseWriter, r *http.Request) {
	courses, err := s.DB.ListCourses(r.Context(), false)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var stats []statsView
	for _, c := range courses {
		st, err := s.DB.CourseStats(r.Context(), c)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		stats = append(stats, statsView{st, formatDuration(localeFrom(r.Context()), st.MedianTime)})
	}
	reqs, err := s.DB.ListRequirements(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "course_manage", "courses_manage_title", map[string]any{"Stats": stats, "Requirements": reqs})
}

func formatDuration(lang string, d time.Duration) string {
	if d <= 0 {
		return "—"
	}
	if d < time.Hour {
		return fmt.Sprintf("%d min", int(d.Minutes()))
	}
	if d < 48*time.Hour {
		return fmt.Sprintf("%d h %02d", int(d.Hours()), int(d.Minutes())%60)
	}
	if lang == "en" {
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	}
	return fmt.Sprintf("%d jours", int(d.Hours()/24))
}

// handleCoursesCSV exports the dashboard: one row per course, then the
// hardest questions of each.
func (s *Server) handleCoursesCSV(w http.ResponseWriter, r *http.Request) {
	courses, err := s.DB.ListCourses(r.Context(), false)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff") // spreadsheet programs need the BOM to read UTF-8
	cw := csv.NewWriter(&buf)
	cw.Comma = ';'
	cw.Write([]string{"course_id", "course", "status", "started", "completed", "completion_rate_pct", "attempts", "passed_attempts",
		"pass_rate_pct", "median_hours_to_complete", "hardest_question", "hardest_question_correct_pct"})
	for _, c := range courses {
		st, err := s.DB.CourseStats(r.Context(), c)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		hardest, rate := "", ""
		if len(st.Hardest) > 0 {
			hardest, rate = st.Hardest[0].Text, strconv.Itoa(st.Hardest[0].Rate())
		}
		cw.Write([]string{strconv.FormatInt(c.ID, 10), csvSafe(c.Title), c.Status, strconv.Itoa(st.Started), strconv.Itoa(st.Completed),
			strconv.Itoa(st.CompletionRate()), strconv.Itoa(st.Attempts), strconv.Itoa(st.PassedAttempt), strconv.Itoa(st.PassRate()),
			strconv.FormatFloat(st.MedianTime.Hours(), 'f', 1, 64), csvSafe(hardest), rate})
	}
	cw.Flush()
	if err := s.audit(r, nil, "course.export", "courses", "all", "dashboard csv"); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="formations.csv"`)
	w.Write(buf.Bytes())
}

func (s *Server) handleNewCourseForm(w http.ResponseWriter, r *http.Request) {
	c := &creatorclub.Course{Status: creatorclub.CourseDraft, Language: creatorclub.LanguageFrench}
	s.render(w, r, http.StatusOK, "course_edit", "courses_new_title", map[string]any{"Course": c})
}

func (s *Server) handleSaveCourse(w http.ResponseWriter, r *http.Request) {
	c := &creatorclub.Course{CreatedBy: userFrom(r.Context()).ID}
	if r.PathValue("course") != "" {
		if c = s.courseFromPath(w, r); c == nil {
			return
		}
	}
	c.Title, c.Summary, c.Status = r.FormValue("title"), strings.ReplaceAll(r.FormValue("summary"), "\r\n", "\n"), r.FormValue("status")
	// A form without the field (one loaded before it existed) keeps the
	// course's language; Validate refuses a language the club does not speak.
	if v, ok := r.PostForm["language"]; ok {
		c.Language = strings.TrimSpace(v[0])
	}
	months, err := strconv.Atoi(strings.TrimSpace(r.FormValue("refresher_months")))
	if err != nil && strings.TrimSpace(r.FormValue("refresher_months")) != "" {
		months = -1
	}
	c.RefresherMonths = months
	if c.ID == 0 {
		err = s.DB.CreateCourse(r.Context(), c)
	} else {
		err = s.DB.UpdateCourse(r.Context(), c)
	}
	if creatorclub.ErrorCode(err) == creatorclub.EINVALID {
		s.renderCourseEditor(w, r, http.StatusBadRequest, c, s.courseMessage(r, err))
		return
	} else if err != nil {
		s.courseError(w, r, err)
		return
	}
	if err := s.audit(r, nil, creatorclub.AuditCourseSave, "course", c.ID, "status="+c.Status); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "course_saved")
	http.Redirect(w, r, fmt.Sprintf("/gestion/formations/%d", c.ID), http.StatusSeeOther)
}

func (s *Server) handleDeleteCourse(w http.ResponseWriter, r *http.Request) {
	c := s.courseFromPath(w, r)
	if c == nil {
		return
	}
	keys, err := s.DB.DeleteCourse(r.Context(), c.ID)
	if err != nil {
		s.courseError(w, r, err)
		return
	}
	for _, k := range keys {
		if err := s.Files.Delete(k); err != nil {
			s.Logger.Warn("delete lesson material file", "key", k, "err", err)
		}
	}
	if err := s.audit(r, nil, "course.delete", "course", c.ID, c.Title); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "course_deleted")
	http.Redirect(w, r, "/gestion/formations", http.StatusSeeOther)
}

func (s *Server) handleEditCourse(w http.ResponseWriter, r *http.Request) {
	c := s.courseFromPath(w, r)
	if c == nil {
		return
	}
	s.renderCourseEditor(w, r, http.StatusOK, c, "")
}

func (s *Server) renderCourseEditor(w http.ResponseWriter, r *http.Request, status int, c *creatorclub.Course, errMsg string) {
	d := map[string]any{"Course": c, "Error": errMsg, "Platforms": creatorclub.Platforms, "ReqError": r.URL.Query().Get("err")}
	if c.ID != 0 {
		full, err := s.DB.FindCourse(r.Context(), c.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		c.Lessons, c.Quiz = full.Lessons, full.Quiz
		st, err := s.DB.CourseStats(r.Context(), full)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		d["Stats"] = statsView{st, formatDuration(localeFrom(r.Context()), st.MedianTime)}
		reqs, err := s.DB.ListRequirements(r.Context())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		var mine []*creatorclub.CourseRequirement
		for _, q := range reqs {
			if q.CourseID == c.ID {
				mine = append(mine, q)
			}
		}
		d["Requirements"] = mine
	}
	title := "courses_edit_title"
	if c.ID == 0 {
		title = "courses_new_title"
	}
	s.render(w, r, status, "course_edit", title, d)
}

// courseAndLesson loads the course of the URL and its lesson, or a new
// lesson of the course when the URL names none; it answers 404 itself and
// returns nil when either is missing.
func (s *Server) courseAndLesson(w http.ResponseWriter, r *http.Request) (*creatorclub.Course, *creatorclub.Lesson) {
	c := s.courseFromPath(w, r)
	if c == nil {
		return nil, nil
	}
	l := &creatorclub.Lesson{CourseID: c.ID}
	if r.PathValue("lesson") != "" {
		id, _ := pathID(r, "lesson")
		if l, _ = lessonOf(c, id); l == nil {
			s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
			return nil, nil
		}
	}
	return c, l
}

func (s *Server) handleLessonForm(w http.ResponseWriter, r *http.Request) {
	c, l := s.courseAndLesson(w, r)
	if c == nil {
		return
	}
	s.renderLessonForm(w, r, http.StatusOK, c, l, "", false)
}

func (s *Server) renderLessonForm(w http.ResponseWriter, r *http.Request, status int, c *creatorclub.Course, l *creatorclub.Lesson, errMsg string, preview bool) {
	d := map[string]any{"Course": c, "Lesson": l, "Error": errMsg}
	if preview {
		video, replay := s.lessonVideo(r, l)
		allowFrame(w, video)
		d["Preview"], d["Video"], d["Replay"] = s.markdown.Render(l.Body), video, replay
	}
	title := "lesson_edit_title"
	if l.ID == 0 {
		title = "lesson_new_title"
	}
	s.render(w, r, status, "course_lesson_form", title, d)
}

func (s *Server) handleSaveLesson(w http.ResponseWriter, r *http.Request) {
	c, l := s.courseAndLesson(w, r)
	if c == nil {
		return
	}
	l.Title, l.Body, l.VideoURL = r.FormValue("title"), strings.ReplaceAll(r.FormValue("body"), "\r\n", "\n"), r.FormValue("video_url")
	l.EventID, _ = strconv.ParseInt(strings.TrimSpace(r.FormValue("event_id")), 10, 64)
	l.Minutes, _ = strconv.Atoi(strings.TrimSpace(r.FormValue("minutes")))
	if r.FormValue("action") == "preview" {
		if err := l.Validate(); err != nil {
			s.renderLessonForm(w, r, http.StatusBadRequest, c, l, s.courseMessage(r, err), false)
			return
		}
		s.renderLessonForm(w, r, http.StatusOK, c, l, "", true)
		return
	}
	if err := s.DB.SaveLesson(r.Context(), l); creatorclub.ErrorCode(err) == creatorclub.EINVALID {
		s.renderLessonForm(w, r, http.StatusBadRequest, c, l, s.courseMessage(r, err), false)
		return
	} else if err != nil {
		s.courseError(w, r, err)
		return
	}
	if err := s.audit(r, nil, creatorclub.AuditCourseSave, "course_lesson", l.ID, fmt.Sprintf("course=%d", c.ID)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "lesson_saved")
	http.Redirect(w, r, fmt.Sprintf("/gestion/formations/%d/lecons/%d", c.ID, l.ID), http.StatusSeeOther)
}

func (s *Server) handleMoveLesson(w http.ResponseWriter, r *http.Request) {
	c := s.courseFromPath(w, r)
	if c == nil {
		return
	}
	id, _ := pathID(r, "lesson")
	delta := 1
	if r.FormValue("dir") == "up" {
		delta = -1
	}
	if err := s.DB.MoveLesson(r.Context(), c.ID, id, delta); err != nil {
		s.courseError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/gestion/formations/%d#lessons", c.ID), http.StatusSeeOther)
}

func (s *Server) handleDeleteLesson(w http.ResponseWriter, r *http.Request) {
	c := s.courseFromPath(w, r)
	if c == nil {
		return
	}
	id, _ := pathID(r, "lesson")
	keys, err := s.DB.DeleteLesson(r.Context(), c.ID, id)
	if err != nil {
		s.courseError(w, r, err)
		return
	}
	for _, k := range keys {
		if err := s.Files.Delete(k); err != nil {
			s.Logger.Warn("delete lesson material file", "key", k, "err", err)
		}
	}
	if err := s.audit(r, nil, "course.lesson_delete", "course_lesson", id, fmt.Sprintf("course=%d", c.ID)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "lesson_deleted")
	http.Redirect(w, r, fmt.Sprintf("/gestion/formations/%d#lessons", c.ID), http.StatusSeeOther)
}

func (s *Server) handleUploadLessonMaterial(w http.ResponseWriter, r *http.Request) {
	c := s.courseFromPath(w, r)
	if c == nil {
		return
	}
	id, _ := pathID(r, "lesson")
	l, _ := lessonOf(c, id)
	if l == nil {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	stored := s.saveMaterial(w, r)
	if stored == nil {
		return
	}
	m := &creatorclub.LessonMaterial{LessonID: l.ID, Name: stored.Name, ContentType: stored.ContentType, Size: stored.Size, Key: stored.Key, SHA256: stored.SHA256}
	if err := s.DB.AddLessonMaterial(r.Context(), m); err != nil {
		s.Files.Delete(stored.Key)
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "material_added")
	http.Redirect(w, r, fmt.Sprintf("/gestion/formations/%d/lecons/%d", c.ID, l.ID), http.StatusSeeOther)
}

func (s *Server) handleDeleteLessonMaterial(w http.ResponseWriter, r *http.Request) {
	c := s.courseFromPath(w, r)
	if c == nil {
		return
	}
	mid, _ := pathID(r, "material")
	m, err := s.DB.FindLessonMaterial(r.Context(), c.ID, mid)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.DB.DeleteLessonMaterial(r.Context(), c.ID, mid); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.Files.Delete(m.Key); err != nil {
		s.Logger.Warn("delete lesson material file", "key", m.Key, "err", err)
	}
	http.Redirect(w, r, fmt.Sprintf("/gestion/formations/%d/lecons/%d", c.ID, m.LessonID), http.StatusSeeOther)
}

func (s *Server) handleQuizForm(w http.ResponseWriter, r *http.Request) {
	c := s.courseFromPath(w, r)
	if c == nil {
		return
	}
	d := map[string]any{"Course": c, "Passing": 80, "Attempts": 3, "Text": quizTemplateText}
	if c.Quiz != nil {
		d["Passing"], d["Attempts"], d["Text"] = c.Quiz.PassingScore, c.Quiz.MaxAttempts, FormatQuizText(c.Quiz.Questions)
	}
	s.render(w, r, http.StatusOK, "course_quiz_form", "quiz_edit_title", d)
}

func (s *Server) handleSaveQuiz(w http.ResponseWriter, r *http.Request) {
	c := s.courseFromPath(w, r)
	if c == nil {
		return
	}
	text := strings.ReplaceAll(r.FormValue("questions"), "\r\n", "\n")
	passing, perr := strconv.Atoi(strings.TrimSpace(r.FormValue("passing_score")))
	attempts, aerr := strconv.Atoi(strings.TrimSpace(r.FormValue("max_attempts")))
	d := map[string]any{"Course": c, "Passing": r.FormValue("passing_score"), "Attempts": r.FormValue("max_attempts"), "Text": text}
	var err error
	var questions []creatorclub.QuizQuestion
	switch {
	case perr != nil:
		err = creatorclub.Errorf(creatorclub.EINVALID, "quiz_passing_score_invalid")
	case aerr != nil:
		err = creatorclub.Errorf(creatorclub.EINVALID, "quiz_attempts_invalid")
	default:
		questions, err = ParseQuizText(text)
	}
	q := &creatorclub.Quiz{PassingScore: passing, MaxAttempts: attempts, Questions: questions}
	if err == nil {
		err = s.DB.SaveQuiz(r.Context(), c.ID, q)
	}
	if creatorclub.ErrorCode(err) == creatorclub.EINVALID {
		d["Error"] = s.courseMessage(r, err)
		s.render(w, r, http.StatusBadRequest, "course_quiz_form", "quiz_edit_title", d)
		return
	} else if err != nil {
		s.courseError(w, r, err)
		return
	}
	if err := s.audit(r, nil, "course.quiz_save", "course", c.ID, fmt.Sprintf("version=%d", q.Version)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "quiz_saved")
	http.Redirect(w, r, fmt.Sprintf("/gestion/formations/%d", c.ID), http.StatusSeeOther)
}

// parseDueDate reads a date field's value (parseDateInput) as the end of
// that day in Paris.
func parseDueDate(v string) (time.Time, error) {
	d, err := parseDateInput(v, Paris)
	if err != nil {
		return time.Time{}, creatorclub.Errorf(creatorclub.EINVALID, "requirement_due_invalid")
	}
	return d.AddDate(0, 0, 1).Add(-time.Second).UTC(), nil
}

func (s *Server) handleAddRequirement(w http.ResponseWriter, r *http.Request) {
	c := s.courseFromPath(w, r)
	if c == nil {
		return
	}
	due, err := parseDueDate(r.FormValue("due_on"))
	req := &creatorclub.CourseRequirement{CourseID: c.ID, Segment: r.FormValue("segment"), DueAt: due, CreatedBy: userFrom(r.Context()).ID}
	if err == nil {
		err = s.DB.AddRequirement(r.Context(), req)
	}
	if creatorclub.ErrorCode(err) == creatorclub.EINVALID {
		s.renderCourseEditor(w, r, http.StatusBadRequest, c, s.courseMessage(r, err))
		return
	} else if err != nil {
		s.courseError(w, r, err)
		return
	}
	if err := s.audit(r, nil, creatorclub.AuditCourseRequire, "course", c.ID, fmt.Sprintf("segment=%s due=%s", req.Segment, req.DueAt.Format(time.RFC3339))); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "requirement_added")
	http.Redirect(w, r, fmt.Sprintf("/gestion/obligations/%d", req.ID), http.StatusSeeOther)
}

func (s *Server) requirementFromPath(w http.ResponseWriter, r *http.Request) *creatorclub.CourseRequirement {
	id, _ := pathID(r, "req")
	req, err := s.DB.FindRequirement(r.Context(), id)
	if err != nil {
		s.courseError(w, r, err)
		return nil
	}
	return req
}

func (s *Server) handleRequirement(w http.ResponseWriter, r *http.Request) {
	req := s.requirementFromPath(w, r)
	if req == nil {
		return
	}
	all, err := s.DB.RequirementStatus(r.Context(), req.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	counts := map[string]int{}
	for _, md := range all {
		counts[md.Duty.Status]++
	}
	// The list names members with their status: staff access to member data.
	if err := s.audit(r, nil, "course.requirement_view", "course_requirement", req.ID, ""); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "course_requirement", "requirement_title", map[string]any{"Req": req, "Members": all, "Counts": counts,
		"Total": len(all), "Late": counts[creatorclub.DutyOverdue] + counts[creatorclub.DutyOutOfDate]})
}

// handleRemindOverdue mails every late member of a requirement now, in one
// transaction with the audit entry.
func (s *Server) handleRemindOverdue(w http.ResponseWriter, r *http.Request) {
	req := s.requirementFromPath(w, r)
	if req == nil {
		return
	}
	late, err := s.DB.OverdueMembers(r.Context(), req.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	err = s.DB.WithTx(r.Context(), func(tx *sql.Tx) error {
		for _, u := range late {
			msg, err := s.notify.CourseReminder(u, req.CourseID, req.CourseTitle, req.CourseLanguage, "overdue", req.DueAt)
			if err != nil {
				return err
			}
			if err := s.Mailer.EnqueueMail(r.Context(), tx, msg); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.audit(r, nil, creatorclub.AuditCourseRemind, "course_requirement", req.ID, fmt.Sprintf("members=%d", len(late))); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "requirement_reminded")
	http.Redirect(w, r, fmt.Sprintf("/gestion/obligations/%d", req.ID), http.StatusSeeOther)
}

func (s *Server) handleDeleteRequirement(w http.ResponseWriter, r *http.Request) {
	req := s.requirementFromPath(w, r)
	if req == nil {
		return
	}
	if err := s.DB.DeleteRequirement(r.Context(), req.ID); err != nil {
		s.courseError(w, r, err)
		return
	}
	if err := s.audit(r, nil, "course.requirement_delete", "course_requirement", req.ID, fmt.Sprintf("course=%d", req.CourseID)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "requirement_deleted")
	http.Redirect(w, r, fmt.Sprintf("/gestion/formations/%d", req.CourseID), http.StatusSeeOther)
}

func (s *Server) handleRevokeCertificate(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	code := r.FormValue("code")
	err := s.DB.RevokeCertificate(r.Context(), code, r.FormValue("reason"), &creatorclub.AuditEntry{ActorID: u.ID, ActorEmail: u.Email, IP: s.clientIP(r)})
	if err != nil {
		s.courseError(w, r, err)
		return
	}
	s.flash(r, "certificate_revoked")
	http.Redirect(w, r, "/certificats/"+url.PathEscape(creatorclub.NormalizeCertificateCode(code)), http.StatusSeeOther)
}

// --- The quiz as text ---

// quizTemplateText shows the format to a moderator starting a quiz.
const quizTemplateText = `? unique | Quelle mention signale un contenu sponsorisé en 2023 ?
+ « Publicité » // C'est l'une des deux mentions prévues par l'article 5.
- « #sp » // Trop peu explicite : c'est « améliorable », pas conforme.
= La mention doit être claire, lisible et identifiable.

? multiple | Quelles images doivent porter une mention ?
+ Un visage retouché // « Images retouchées ».
+ Un visage créé par IA // « Images virtuelles ».
- Une photo recadrée

? vrai-faux | Un contrat écrit est toujours obligatoire.
- Vrai
+ Faux // Au-dessus d'un seuil annuel par annonceur.
`

// Question kinds as written in the text format.
var quizKindWords = map[string]string{
	"unique": creatorclub.QuestionSingle, "single": creatorclub.QuestionSingle,
	"multiple":  creatorclub.QuestionMultiple,
	"vrai-faux": creatorclub.QuestionTrueFalse, "true-false": creatorclub.QuestionTrueFalse,
}

// ParseQuizText reads a quiz written as text, one line per element:
//
//	? unique | question        (or "multiple", "vrai-faux")
//	+ right choice // explanation
//	- wrong choice // explanation
//	= explanation of the whole question
//
// Blank lines are ignored. Errors are EINVALID and name the line.
func ParseQuizText(text string) ([]creatorclub.QuizQuestion, error) {
	var out []creatorclub.QuizQuestion
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		bad := &creatorclub.Error{Code: creatorclub.EINVALID, Message: fmt.Sprintf("quiz_text_line|%d", n+1)}
		mark, rest := line[0], strings.TrimSpace(line[1:])
		if mark != '?' && len(out) == 0 {
			return nil, bad
		}
		switch mark {
		case '?':
			kind, q, ok := strings.Cut(rest, "|")
			k, known := quizKindWords[strings.ToLower(strings.TrimSpace(kind))]
			if !ok || !known {
				return nil, bad
			}
			out = append(out, creatorclub.QuizQuestion{Kind: k, Text: strings.TrimSpace(q)})
		case '+', '-':
			choice, expl, _ := strings.Cut(rest, "//")
			q := &out[len(out)-1]
			q.Choices = append(q.Choices, creatorclub.QuizChoice{Text: strings.TrimSpace(choice), Correct: mark == '+', Explanation: strings.TrimSpace(expl)})
		case '=':
			q := &out[len(out)-1]
			q.Explanation = strings.TrimSpace(strings.TrimSpace(q.Explanation + " " + rest))
		default:
			return nil, bad
		}
	}
	return out, nil
}

// FormatQuizText writes questions in the format ParseQuizText reads.
func FormatQuizText(qs []creatorclub.QuizQuestion) string {
	words := map[string]string{creatorclub.QuestionSingle: "unique", creatorclub.QuestionMultiple: "multiple", creatorclub.QuestionTrueFalse: "vrai-faux"}
	var b strings.Builder
	for i, q := range qs {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "? %s | %s\n", words[q.Kind], q.Text)
		for _, c := range q.Choices {
			mark := "-"
			if c.Correct {
				mark = "+"
			}
			b.WriteString(mark + " " + c.Text)
			if c.Explanation != "" {
				b.WriteString(" // " + c.Explanation)
			}
			b.WriteString("\n")
		}
		if q.Explanation != "" {
			b.WriteString("= " + q.Explanation + "\n")
		}
	}
	return b.String()
}

// statsView is a course's figures with the median time written out.
type statsView struct {
	*creatorclub.CourseStats
	Median string
}
