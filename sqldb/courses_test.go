package sqldb_test

import (
	"database/sql"
	"sync"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

// testQuiz has a true/false question and a multiple choice one with two
// right answers (0 and 2); passing needs 75 %.
func testQuiz(maxAttempts int) *creatorclub.Quiz {
	return &creatorclub.Quiz{PassingScore: 75, MaxAttempts: maxAttempts, Questions: []creatorclub.QuizQuestion{
		{Kind: creatorclub.QuestionTrueFalse, Text: "« #sp » suffit-il ?", Choices: []creatorclub.QuizChoice{
			{Text: "Vrai", Explanation: "Non."}, {Text: "Faux", Correct: true, Explanation: "Il faut une mention claire."}}},
		{Kind: creatorclub.QuestionMultiple, Text: "Mentions admises en 2023 ?", Choices: []creatorclub.QuizChoice{
			{Text: "Publicité", Correct: true}, {Text: "#collab"}, {Text: "Collaboration commerciale", Correct: true}}},
	}}
}

// newCourse creates a published course with two lessons and the quiz (nil: none).
func newCourse(t *testing.T, db *sqldb.DB, quiz *creatorclub.Quiz, refresher int) *creatorclub.Course {
	t.Helper()
	c := &creatorclub.Course{Title: "Loi du 9 juin 2023", Summary: "Mise à niveau", Status: creatorclub.CourseDraft, RefresherMonths: refresher}
	if err := db.CreateCourse(ctx, c); err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Qui est influenceur ?", "La mention"} {
		if err := db.SaveLesson(ctx, &creatorclub.Lesson{CourseID: c.ID, Title: title, Body: "Texte **gras**"}); err != nil {
			t.Fatal(err)
		}
	}
	if quiz != nil {
		if err := db.SaveQuiz(ctx, c.ID, quiz); err != nil {
			t.Fatal(err)
		}
	}
	c.Status = creatorclub.CoursePublished
	if err := db.UpdateCourse(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindCourse(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func countRows(t *testing.T, db *sqldb.DB, table string) int {
	t.Helper()
	var n int
	if err := db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCourseAuthoring(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		c := &creatorclub.Course{Title: "  ", Status: creatorclub.CourseDraft}
		wantCode(t, db.CreateCourse(ctx, c), creatorclub.EINVALID, "course_title_required")
		c.Title = "Masterclass contrats"
		if err := db.CreateCourse(ctx, c); err != nil {
			t.Fatal(err)
		}
		c.Status = creatorclub.CoursePublished
		wantCode(t, db.UpdateCourse(ctx, c), creatorclub.EINVALID, "course_publish_no_lessons")
		wantCode(t, db.SaveLesson(ctx, &creatorclub.Lesson{CourseID: c.ID, Title: "Vidéo", VideoURL: "https://evil.example/x"}), creatorclub.EINVALID, "video_url_invalid")
		wantCode(t, db.SaveLesson(ctx, &creatorclub.Lesson{CourseID: c.ID, Title: "Replay", EventID: 9999}), creatorclub.EINVALID, "lesson_event_not_found")
		a := &creatorclub.Lesson{CourseID: c.ID, Title: "Un", VideoURL: "https://vimeo.com/76979871"}
		b := &creatorclub.Lesson{CourseID: c.ID, Title: "Deux"}
		for _, l := range []*creatorclub.Lesson{a, b} {
			if err := db.SaveLesson(ctx, l); err != nil {
				t.Fatal(err)
			}
		}
		if a.Position != 1 || b.Position != 2 {
			t.Fatalf("positions %d %d", a.Position, b.Position)
		}
		if err := db.MoveLesson(ctx, c.ID, b.ID, -1); err != nil {
			t.Fatal(err)
		}
		m := &creatorclub.LessonMaterial{LessonID: a.ID, Name: "fiche.pdf", ContentType: "application/pdf", Size: 3, Key: "k1", SHA256: "x"}
		if err := db.AddLessonMaterial(ctx, m); err != nil {
			t.Fatal(err)
		}
		if err := db.UpdateCourse(ctx, c); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindCourse(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != creatorclub.CoursePublished || got.PublishedAt == nil || len(got.Lessons) != 2 || got.Lessons[0].ID != b.ID ||
			len(got.Lessons[1].Materials) != 1 || got.Quiz != nil {
			t.Fatalf("course: %+v", got)
		}
		if _, err := db.FindLessonMaterial(ctx, c.ID+1, m.ID); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Errorf("material through another course: %v", err)
		}
		keys, err := db.DeleteLesson(ctx, c.ID, a.ID)
		if err != nil || len(keys) != 1 || keys[0] != "k1" {
			t.Fatalf("delete lesson: %v %v", keys, err)
		}
		pub, _ := db.ListCourses(ctx, true)
		if len(pub) != 1 {
			t.Errorf("published courses: %d", len(pub))
		}
	})
}

func TestQuizBadInputRecordsNothing(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := newCourse(t, db, nil, 0)
		noCorrect := testQuiz(0)
		noCorrect.Questions[0].Choices[1].Correct = false
		wantCode(t, db.SaveQuiz(ctx, c.ID, noCorrect), creatorclub.EINVALID, "quiz_question_no_correct|1")
		tooHigh := testQuiz(0)
		tooHigh.PassingScore = 120
		wantCode(t, db.SaveQuiz(ctx, c.ID, tooHigh), creatorclub.EINVALID, "quiz_passing_score_invalid")
		if n := countRows(t, db, "quiz_versions"); n != 0 {
			t.Errorf("%d quiz versions recorded", n)
		}
	})
}

func TestQuizVersioningKeepsPastAttempts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		// A draft's quiz is edited in place.
		draft := &creatorclub.Course{Title: "Brouillon", Status: creatorclub.CourseDraft}
		if err := db.CreateCourse(ctx, draft); err != nil {
			t.Fatal(err)
		}
		q1 := testQuiz(0)
		if err := db.SaveQuiz(ctx, draft.ID, q1); err != nil {
			t.Fatal(err)
		}
		q1b := testQuiz(0)
		q1b.PassingScore = 50
		if err := db.SaveQuiz(ctx, draft.ID, q1b); err != nil || q1b.ID != q1.ID || q1b.Version != 1 {
			t.Fatalf("draft edit: %v id %d→%d v%d", err, q1.ID, q1b.ID, q1b.Version)
		}

		c := newCourse(t, db, testQuiz(0), 0)
		u := members(t, db, 1)[0]
		a, err := db.StartAttempt(ctx, u.ID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Half right: question 1 wrong, question 2 fully right → 50 %.
		if _, _, err := db.SubmitAttempt(ctx, u.ID, a.ID, [][]int{{0}, {0, 2}}); err != nil {
			t.Fatal(err)
		}
		// Editing the published quiz: the right answer of question 1 flips.
		v2 := testQuiz(0)
		v2.Questions[0].Choices[0].Correct, v2.Questions[0].Choices[1].Correct = true, false
		if err := db.SaveQuiz(ctx, c.ID, v2); err != nil {
			t.Fatal(err)
		}
		if v2.Version != 2 || v2.ID == c.Quiz.ID {
			t.Fatalf("new version: %+v", v2)
		}
		got, _ := db.FindCourse(ctx, c.ID)
		if got.Quiz.ID != v2.ID {
			t.Errorf("current quiz is %d, want %d", got.Quiz.ID, v2.ID)
		}
		atts, err := db.ListAttempts(ctx, u.ID, c.ID)
		if err != nil || len(atts) != 1 {
			t.Fatal(atts, err)
		}
		if atts[0].QuizID != c.Quiz.ID || atts[0].Score != 50 || atts[0].Passed {
			t.Errorf("past attempt rewritten: %+v", atts[0])
		}
		old, _ := db.FindQuizVersion(ctx, atts[0].QuizID)
		if !old.Questions[0].Choices[1].Correct {
			t.Error("old version changed")
		}
		// The next attempt uses version 2.
		a2, err := db.StartAttempt(ctx, u.ID, c.ID)
		if err != nil || a2.QuizID != v2.ID || a2.Number != 2 {
			t.Fatalf("second attempt: %+v %v", a2, err)
		}
	})
}

func TestAttemptsLimitAndForgedAttempts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		c := newCourse(t, db, testQuiz(2), 0)
		ms := members(t, db, 2)
		u, other := ms[0], ms[1]
		a1, err := db.StartAttempt(ctx, u.ID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Starting again resumes the open attempt with the same order.
		again, err := db.StartAttempt(ctx, u.ID, c.ID)
		if err != nil || again.ID != a1.ID || len(again.Order) != 2 || len(again.ChoiceOrder[1]) != 3 {
			t.Fatalf("resume: %+v %v", again, err)
		}
		// Someone else's attempt, or an id that does not exist: not found, nothing recorded.
		_, _, err = db.SubmitAttempt(ctx, other.ID, a1.ID, [][]int{{1}, {0, 2}})
		wantCode(t, err, creatorclub.ENOTFOUND, "attempt_not_found")
		_, _, err = db.SubmitAttempt(ctx, u.ID, a1.ID+1000, [][]int{{1}, {0, 2}})
		wantCode(t, err, creatorclub.ENOTFOUND, "attempt_not_found")
		// Unanswered question: invalid, nothing recorded.
		_, _, err = db.SubmitAttempt(ctx, u.ID, a1.ID, [][]int{{1}, {}})
		wantCode(t, err, creatorclub.EINVALID, "quiz_question_unanswered|2")
		if f, _ := db.FindAttempt(ctx, u.ID, a1.ID); f.SubmittedAt != nil {
			t.Fatal("a refused submission was recorded")
		}
		// Fail once (0 + 0.5 of 2 = 25 %).
		a, cert, err := db.SubmitAttempt(ctx, u.ID, a1.ID, [][]int{{0}, {0}})
		if err != nil || a.Score != 25 || a.Passed || cert != nil {
			t.Fatalf("first: %+v %v %v", a, cert, err)
		}
		// The same attempt cannot be answered twice.
		_, _, err = db.SubmitAttempt(ctx, u.ID, a1.ID, [][]int{{1}, {0, 2}})
		wantCode(t, err, creatorclub.ECONFLICT, "attempt_already_submitted")
		// Fail the second and last.
		a2, err := db.StartAttempt(ctx, u.ID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.SubmitAttempt(ctx, u.ID, a2.ID, [][]int{{0}, {1}}); err != nil {
			t.Fatal(err)
		}
		_, err = db.StartAttempt(ctx, u.ID, c.ID)
		wantCode(t, err, creatorclub.ECONFLICT, "quiz_no_attempts_left")
		// An open attempt forged into the table after the last one is refused at submission.
		var forged int64
		if err := db.Write.QueryRowContext(ctx, `INSERT INTO quiz_attempts (user_id, course_id, quiz_id, number, question_order, choice_order, started_at)
			VALUES ($1, $2, $3, 3, '[0,1]', '[[0,1],[0,1,2]]', $4) RETURNING id`, u.ID, c.ID, c.Quiz.ID, now0.Add(time.Minute)).Scan(&forged); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.SubmitAttempt(ctx, u.ID, forged, [][]int{{1}, {0, 2}})
		wantCode(t, err, creatorclub.ECONFLICT, "quiz_no_attempts_left")
		if n := countRows(t, db, "course_certificates"); n != 0 {
			t.Errorf("%d certificates after refused answers", n)
		}
		p, err := db.Progress(ctx, u.ID, c)
		if err != nil || p.Attempts != 2 || p.AttemptsLeft != 0 || p.BestScore != 25 || p.CompletedAt != nil {
			t.Fatalf("progress: %+v %v", p, err)
		}
	})
}

func TestPassIssuesCertificateAndRevoke(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		c := newCourse(t, db, testQuiz(0), 12)
		u := members(t, db, 1)[0]
		if _, err := db.MarkLessonDone(ctx, u.ID, c.ID, c.Lessons[0].ID); err != nil {
			t.Fatal(err)
		}
		a, _ := db.StartAttempt(ctx, u.ID, c.ID)
		// True/false right, multiple half right: 1.5 of 2 = 75 %, exactly the passing score.
		got, cert, err := db.SubmitAttempt(ctx, u.ID, a.ID, [][]int{{1}, {2}})
		if err != nil || got.Score != 75 || !got.Passed || cert == nil {
			t.Fatalf("pass: %+v %+v %v", got, cert, err)
		}
		if len(cert.Code) != 16 || cert.ExpiresAt == nil || !cert.ExpiresAt.Equal(now0.AddDate(1, 0, 0)) {
			t.Errorf("certificate: %+v", cert)
		}
		_, err = db.StartAttempt(ctx, u.ID, c.ID)
		wantCode(t, err, creatorclub.ECONFLICT, "quiz_already_passed")

		found, err := db.FindCertificateByCode(ctx, " "+creatorclub.FormatCertificateCode(cert.Code)+" ")
		if err != nil || found.ID != cert.ID || found.StatusAt(now0) != creatorclub.CertificateValid || found.MemberName != "Membre 0" {
			t.Fatalf("find by code: %+v %v", found, err)
		}
		_, err = db.FindCertificateByCode(ctx, "AAAA-BBBB-CCCC-DDDD")
		wantCode(t, err, creatorclub.ENOTFOUND, "certificate_not_found")

		p, _ := db.Progress(ctx, u.ID, c)
		if p.CompletedAt == nil || p.Certificate == nil || p.BestScore != 75 || len(p.LessonsDone) != 1 {
			t.Errorf("progress: %+v", p)
		}
		admin := &creatorclub.User{Email: "admin@club.example", Role: creatorclub.RoleAdmin}
		if err := db.CreateUser(ctx, admin); err != nil {
			t.Fatal(err)
		}
		audit := &creatorclub.AuditEntry{ActorID: admin.ID, ActorEmail: admin.Email}
		wantCode(t, db.RevokeCertificate(ctx, cert.Code, " ", audit), creatorclub.EINVALID, "certificate_revoke_reason_required")
		if err := db.RevokeCertificate(ctx, cert.Code, "Fraude à l'examen", audit); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.RevokeCertificate(ctx, cert.Code, "encore", &creatorclub.AuditEntry{ActorID: admin.ID}), creatorclub.ECONFLICT, "certificate_already_revoked")
		found, _ = db.FindCertificateByCode(ctx, cert.Code)
		if found.StatusAt(now0) != creatorclub.CertificateRevoked {
			t.Errorf("revoked status: %s", found.StatusAt(now0))
		}
		entries, _, _ := db.ListAudit(ctx, creatorclub.AuditFilter{Limit: 10})
		if len(entries) == 0 || entries[0].Action != creatorclub.AuditCertificateRevoke {
			t.Errorf("audit: %+v", entries)
		}
		// Revoked: the member may take the course again.
		if _, err := db.StartAttempt(ctx, u.ID, c.ID); err != nil {
			t.Errorf("retake after revocation: %v", err)
		}
	})
}

func TestCourseWithoutQuizCompletesOnLastLesson(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := newCourse(t, db, nil, 0)
		u := members(t, db, 1)[0]
		cert, err := db.MarkLessonDone(ctx, u.ID, c.ID, c.Lessons[1].ID)
		if err != nil || cert != nil {
			t.Fatal(cert, err)
		}
		// Marking again is harmless.
		if _, err := db.MarkLessonDone(ctx, u.ID, c.ID, c.Lessons[1].ID); err != nil {
			t.Fatal(err)
		}
		cert, err = db.MarkLessonDone(ctx, u.ID, c.ID, c.Lessons[0].ID)
		if err != nil || cert == nil || cert.ExpiresAt != nil {
			t.Fatalf("completion: %+v %v", cert, err)
		}
		_, err = db.MarkLessonDone(ctx, u.ID, c.ID, 99999)
		wantCode(t, err, creatorclub.ENOTFOUND, "lesson_not_found")
	})
}

func TestMandatoryCoursesDutiesOverdueAndReminders(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		setClock := fixClock(db, now0)
		c := newCourse(t, db, testQuiz(0), 12)
		// An English course: each reminder carries the course's language,
		// with which the mail marks its title.
		c.Title, c.Language = "The June 2023 law", creatorclub.LanguageEnglish
		if err := db.UpdateCourse(ctx, c); err != nil {
			t.Fatal(err)
		}
		ms := members(t, db, 3)
		done, late, tiktok := ms[0], ms[1], ms[2]
		if _, err := db.Write.ExecContext(ctx, `INSERT INTO handles (user_id, platform, handle) VALUES ($1, 'tiktok', 'lea')`, tiktok.ID); err != nil {
			t.Fatal(err)
		}
		due := now0.Add(10 * 24 * time.Hour)
		wantCode(t, db.AddRequirement(ctx, &creatorclub.CourseRequirement{CourseID: c.ID, Segment: "platform:myspace", DueAt: due}), creatorclub.EINVALID, "requirement_segment_invalid")
		wantCode(t, db.AddRequirement(ctx, &creatorclub.CourseRequirement{CourseID: c.ID, Segment: "all", DueAt: now0.Add(-time.Hour)}), creatorclub.EINVALID, "requirement_due_past")
		req := &creatorclub.CourseRequirement{CourseID: c.ID, Segment: creatorclub.SegmentAll, DueAt: due}
		if err := db.AddRequirement(ctx, req); err != nil {
			t.Fatal(err)
		}
		tk := &creatorclub.CourseRequirement{CourseID: c.ID, Segment: "platform:tiktok", DueAt: due.Add(24 * time.Hour)}
		if err := db.AddRequirement(ctx, tk); err != nil {
			t.Fatal(err)
		}
		a, _ := db.StartAttempt(ctx, done.ID, c.ID)
		if _, _, err := db.SubmitAttempt(ctx, done.ID, a.ID, [][]int{{1}, {0, 2}}); err != nil {
			t.Fatal(err)
		}

		duties, err := db.CourseDuties(ctx, late.ID)
		if err != nil || len(duties) != 1 || duties[0].Status != creatorclub.DutyDue || !duties[0].DueAt.Equal(due) {
			t.Fatalf("duties of late: %+v %v", duties, err)
		}
		if d, _ := db.CourseDuties(ctx, done.ID); len(d) != 1 || d[0].Status != creatorclub.DutyDone || !creatorclub.UpToDate(d) {
			t.Errorf("duties of done: %+v", d)
		}

		reminders := func() []sqldb.CourseReminder {
			t.Helper()
			var out []sqldb.CourseReminder
			err := db.WithTx(ctx, func(tx *sql.Tx) error {
				rs, err := db.CourseReminders(ctx, tx)
				for _, r := range rs {
					if err := db.MarkCourseReminderSent(ctx, tx, r); err != nil {
						return err
					}
				}
				out = rs
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range out {
				if r.CourseTitle != c.Title || r.CourseLang != creatorclub.LanguageEnglish {
					t.Errorf("%s reminder names the course %q in %q, want %q in en", r.Kind, r.CourseTitle, r.CourseLang, c.Title)
				}
			}
			return out
		}
		if rs := reminders(); len(rs) != 0 {
			t.Fatalf("reminders 10 days before: %+v", rs)
		}
		// Six days before: a week's reminder to the two not done, once
		// (the TikTok requirement is due a day later: still 7 days out).
		setClock(due.Add(-6 * 24 * time.Hour))
		rs := reminders()
		if len(rs) != 2 || rs[0].Kind != sqldb.ReminderDue7 {
			t.Fatalf("week reminders: %+v", rs)
		}
		if again := reminders(); len(again) != 0 {
			t.Fatalf("sent twice: %+v", again)
		}
		// After the due date: overdue, listed for staff, one overdue reminder.
		setClock(due.Add(time.Hour))
		over, err := db.OverdueMembers(ctx, req.ID)
		if err != nil || len(over) != 2 {
			t.Fatalf("overdue: %v %v", over, err)
		}
		for _, u := range over {
			if u.ID == done.ID {
				t.Error("a member who completed is listed overdue")
			}
		}
		rs = reminders()
		kinds := map[string]int{}
		for _, r := range rs {
			kinds[r.Kind]++
		}
		if kinds[sqldb.ReminderOverdue] != 2 || kinds[sqldb.ReminderDue1] != 1 {
			t.Fatalf("after due: %v", kinds)
		}
		if d, _ := db.CourseDuties(ctx, late.ID); d[0].Status != creatorclub.DutyOverdue {
			t.Errorf("late duty: %+v", d)
		}
		// Refresher: 11 months and a half later the certificate expires within 30 days; after a year it is out of date.
		// (The TikTok requirement's overdue reminder, due since, goes out too.)
		setClock(now0.AddDate(0, 11, 15))
		rs = reminders()
		if len(rs) != 2 || rs[0].Kind != sqldb.ReminderOverdue || rs[0].User.ID != tiktok.ID {
			t.Fatalf("reminders: %+v", rs)
		}
		rs = rs[1:]
		if len(rs) != 1 || rs[0].Kind != sqldb.ReminderExpiry30 || rs[0].User.ID != done.ID {
			t.Fatalf("expiry reminders: %+v", rs)
		}
		setClock(now0.AddDate(1, 0, 0).Add(time.Hour)) // the members' own certification is valid through that day
		if d, _ := db.CourseDuties(ctx, done.ID); d[0].Status != creatorclub.DutyOutOfDate || creatorclub.UpToDate(d) {
			t.Errorf("expired duty: %+v", d)
		}
		rs = reminders()
		if len(rs) != 1 || rs[0].Kind != sqldb.ReminderExpired {
			t.Fatalf("expired reminders: %+v", rs)
		}
		// The member may take the refresher.
		if _, err := db.StartAttempt(ctx, done.ID, c.ID); err != nil {
			t.Errorf("refresher attempt: %v", err)
		}
	})
}

func TestCourseStats(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		setClock := fixClock(db, now0)
		c := newCourse(t, db, testQuiz(0), 0)
		ms := members(t, db, 3)
		for i, u := range ms {
			setClock(now0)
			if err := db.StartCourse(ctx, u.ID, c.ID); err != nil {
				t.Fatal(err)
			}
			a, _ := db.StartAttempt(ctx, u.ID, c.ID)
			setClock(now0.Add(time.Duration(i+1) * time.Hour))
			answers := [][]int{{1}, {0, 2}} // right
			if i == 2 {
				answers = [][]int{{0}, {0, 2}} // first question wrong
			}
			if _, _, err := db.SubmitAttempt(ctx, u.ID, a.ID, answers); err != nil {
				t.Fatal(err)
			}
		}
		st, err := db.CourseStats(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		if st.Started != 3 || st.Completed != 2 || st.Attempts != 3 || st.PassedAttempt != 2 || st.CompletionRate() != 66 || st.PassRate() != 66 {
			t.Errorf("stats: %+v", st)
		}
		if st.MedianTime != 90*time.Minute {
			t.Errorf("median %v, want 1h30", st.MedianTime)
		}
		if len(st.Hardest) != 2 || st.Hardest[0].Text != "« #sp » suffit-il ?" || st.Hardest[0].Rate() != 66 || st.Hardest[1].Rate() != 100 {
			t.Errorf("hardest: %+v", st.Hardest)
		}
	})
}

func TestConcurrentCompletionIssuesOneCertificate(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := newCourse(t, db, nil, 0)
		u := members(t, db, 1)[0]
		if _, err := db.MarkLessonDone(ctx, u.ID, c.ID, c.Lessons[0].ID); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := db.MarkLessonDone(ctx, u.ID, c.ID, c.Lessons[1].ID)
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		if n := countRows(t, db, "course_certificates"); n != 1 {
			t.Fatalf("%d certificates, want 1", n)
		}
	})
}

// TestCourseLanguage round-trips a course's language on both engines: a
// course without one is in French (so are rows from before the column,
// which the migration's default fills), an English course stays English in
// every listing that names it (duties, requirements, certificates, stats),
// and a language the club does not speak is refused without a trace.
func TestCourseLanguage(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fr := &creatorclub.Course{Title: "Loi influenceurs", Status: creatorclub.CourseDraft}
		if err := db.CreateCourse(ctx, fr); err != nil {
			t.Fatal(err)
		}
		if got, err := db.FindCourse(ctx, fr.ID); err != nil || got.Language != creatorclub.LanguageFrench {
			t.Fatalf("default language: %+v %v", got, err)
		}
		// A row written without the column, as before the migration.
		var oldID int64
		if err := db.Write.QueryRowContext(ctx, `INSERT INTO courses (title, summary, status, refresher_months, created_at, updated_at)
			VALUES ('Ancienne formation', '', 'draft', 0, $1, $1) RETURNING id`, time.Now().UTC()).Scan(&oldID); err != nil {
			t.Fatal(err)
		}
		if got, err := db.FindCourse(ctx, oldID); err != nil || got.Language != creatorclub.LanguageFrench {
			t.Fatalf("row without a language: %+v %v", got, err)
		}

		en := &creatorclub.Course{Title: "The influencer law", Summary: "In English", Language: creatorclub.LanguageEnglish, Status: creatorclub.CourseDraft}
		if err := db.CreateCourse(ctx, en); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveLesson(ctx, &creatorclub.Lesson{CourseID: en.ID, Title: "Who is an influencer?", Body: "Article 1."}); err != nil {
			t.Fatal(err)
		}
		en.Status = creatorclub.CoursePublished
		if err := db.UpdateCourse(ctx, en); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindCourse(ctx, en.ID)
		if err != nil || got.Language != creatorclub.LanguageEnglish {
			t.Fatalf("English course: %+v %v", got, err)
		}
		list, err := db.ListCourses(ctx, true)
		if err != nil || len(list) != 1 || list[0].Language != creatorclub.LanguageEnglish {
			t.Fatalf("published list: %+v %v", list, err)
		}

		req := &creatorclub.CourseRequirement{CourseID: en.ID, Segment: creatorclub.SegmentAll, DueAt: time.Now().Add(48 * time.Hour)}
		if err := db.AddRequirement(ctx, req); err != nil {
			t.Fatal(err)
		}
		if r, err := db.FindRequirement(ctx, req.ID); err != nil || r.CourseLanguage != creatorclub.LanguageEnglish {
			t.Fatalf("requirement: %+v %v", r, err)
		}
		u := members(t, db, 1)[0]
		duties, err := db.CourseDuties(ctx, u.ID)
		if err != nil || len(duties) != 1 || duties[0].CourseLanguage != creatorclub.LanguageEnglish {
			t.Fatalf("duties: %+v %v", duties, err)
		}
		cert, err := db.MarkLessonDone(ctx, u.ID, en.ID, got.Lessons[0].ID)
		if err != nil || cert == nil || cert.CourseLanguage != creatorclub.LanguageEnglish {
			t.Fatalf("certificate issued: %+v %v", cert, err)
		}
		if c, err := db.FindCertificateByCode(ctx, cert.Code); err != nil || c.CourseLanguage != creatorclub.LanguageEnglish {
			t.Fatalf("certificate found: %+v %v", c, err)
		}
		if st, err := db.CourseStats(ctx, got); err != nil || st.Language != creatorclub.LanguageEnglish {
			t.Fatalf("stats: %+v %v", st, err)
		}

		// Back to French, then a language the club does not speak: refused,
		// on creation and on update, and nothing changes.
		got.Language = creatorclub.LanguageFrench
		if err := db.UpdateCourse(ctx, got); err != nil {
			t.Fatal(err)
		}
		before := countRows(t, db, "courses")
		err = db.CreateCourse(ctx, &creatorclub.Course{Title: "Das Gesetz", Language: "de", Status: creatorclub.CourseDraft})
		wantCode(t, err, creatorclub.EINVALID, "course_language_invalid")
		if n := countRows(t, db, "courses"); n != before {
			t.Fatalf("a refused course was stored: %d rows, want %d", n, before)
		}
		got.Language, got.Title = "EN", "Changed"
		wantCode(t, db.UpdateCourse(ctx, got), creatorclub.EINVALID, "course_language_invalid")
		if again, err := db.FindCourse(ctx, en.ID); err != nil || again.Language != creatorclub.LanguageFrench || again.Title != "The influencer law" {
			t.Fatalf("after a refused update: %+v %v", again, err)
		}
	})
}
