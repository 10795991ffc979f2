package web_test

import (
	"bytes"
	"html/template"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ledongthuc/pdf"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/certpdf"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
	"github.com/creatorclub/creatorclub/web"
)

func init() {
	for k, v := range map[string]string{
		"GET /certificats":                                                "all",
		"GET /certificats/{code}":                                         "all",
		"GET /formations":                                                 "member moderator safety admin",
		"GET /formations/{course}":                                        "member moderator safety admin",
		"GET /formations/{course}/lecons/{lesson}":                        "member moderator safety admin",
		"POST /formations/{course}/lecons/{lesson}/terminee":              "member",
		"GET /formations/{course}/supports/{material}":                    "member moderator safety admin",
		"GET /formations/{course}/quiz":                                   "member",
		"POST /formations/{course}/quiz":                                  "member",
		"POST /formations/{course}/quiz/reponses":                         "member",
		"GET /formations/{course}/tentatives/{attempt}":                   "member", /* the attempt's owner only: others get 404, tested below */
		"GET /formations/{course}/attestation.pdf":                        "member",
		"GET /gestion/formations":                                         "moderator admin",
		"GET /gestion/formations/tableau.csv":                             "moderator admin",
		"GET /gestion/formations/nouvelle":                                "moderator admin",
		"POST /gestion/formations":                                        "moderator admin",
		"GET /gestion/formations/{course}":                                "moderator admin",
		"POST /gestion/formations/{course}":                               "moderator admin",
		"POST /gestion/formations/{course}/supprimer":                     "moderator admin",
		"GET /gestion/formations/{course}/lecons/nouvelle":                "moderator admin",
		"POST /gestion/formations/{course}/lecons":                        "moderator admin",
		"GET /gestion/formations/{course}/lecons/{lesson}":                "moderator admin",
		"POST /gestion/formations/{course}/lecons/{lesson}":               "moderator admin",
		"POST /gestion/formations/{course}/lecons/{lesson}/deplacer":      "moderator admin",
		"POST /gestion/formations/{course}/lecons/{lesson}/supprimer":     "moderator admin",
		"POST /gestion/formations/{course}/lecons/{lesson}/supports":      "moderator admin",
		"POST /gestion/formations/{course}/supports/{material}/supprimer": "moderator admin",
		"GET /gestion/formations/{course}/quiz":                           "moderator admin",
		"POST /gestion/formations/{course}/quiz":                          "moderator admin",
		"POST /gestion/formations/{course}/obligations":                   "moderator admin",
		"GET /gestion/obligations/{req}":                                  "moderator admin",
		"POST /gestion/obligations/{req}/relancer":                        "moderator admin",
		"POST /gestion/obligations/{req}/supprimer":                       "moderator admin",
		"POST /gestion/certificats/revoquer":                              "moderator admin",
	} {
		expectedAccess[k] = v
	}
	authzFixtures = append(authzFixtures, func(t *testing.T, e *env, db *sqldb.DB) []string {
		c := publishedCourse(t, db, 0)
		m := &creatorclub.LessonMaterial{LessonID: c.Lessons[0].ID, Name: "fiche.pdf", ContentType: "application/pdf", Key: "bbbbbbbbbbbbbbbbbbbbbbbbbb", SHA256: "x"}
		if err := db.AddLessonMaterial(ctx, m); err != nil {
			t.Fatal(err)
		}
		member := e.user(creatorclub.RoleMember)
		a, err := db.StartAttempt(ctx, member.ID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		req := &creatorclub.CourseRequirement{CourseID: c.ID, Segment: creatorclub.SegmentAll, DueAt: time.Now().Add(48 * time.Hour)}
		if err := db.AddRequirement(ctx, req); err != nil {
			t.Fatal(err)
		}
		id := func(n int64) string { return strconv.FormatInt(n, 10) }
		return []string{"{course}", id(c.ID), "{lesson}", id(c.Lessons[0].ID), "{material}", id(m.ID), "{attempt}", id(a.ID),
			"{req}", id(req.ID), "{code}", "AAAABBBBCCCCDDDD"}
	})
}

// publishedCourse creates a published course with two lessons (the first
// with a YouTube video) and a two-question quiz needing 75 %.
func publishedCourse(t *testing.T, db *sqldb.DB, maxAttempts int) *creatorclub.Course {
	t.Helper()
	c := &creatorclub.Course{Title: "Ce que la loi du 9 juin 2023 a changé pour vous", Summary: "Mise à **niveau**", Status: creatorclub.CourseDraft, RefresherMonths: 12}
	if err := db.CreateCourse(ctx, c); err != nil {
		t.Fatal(err)
	}
	for _, l := range []*creatorclub.Lesson{
		{CourseID: c.ID, Title: "Qui est influenceur ?", Body: "L'article 1 <script>alert(1)</script> **définit**.", VideoURL: "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
		{CourseID: c.ID, Title: "La mention", Body: "« Publicité » ou « Collaboration commerciale »."},
	} {
		if err := db.SaveLesson(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	q := &creatorclub.Quiz{PassingScore: 75, MaxAttempts: maxAttempts, Questions: []creatorclub.QuizQuestion{
		{Kind: creatorclub.QuestionTrueFalse, Text: "« #sp » suffit-il ?", Choices: []creatorclub.QuizChoice{
			{Text: "Vrai", Explanation: "Trop peu explicite."}, {Text: "Faux", Correct: true, Explanation: "Il faut une mention claire."}}},
		{Kind: creatorclub.QuestionMultiple, Text: "Mentions prévues en 2023 ?", Choices: []creatorclub.QuizChoice{
			{Text: "Publicité", Correct: true}, {Text: "#collab"}, {Text: "Collaboration commerciale", Correct: true}}},
	}}
	if err := db.SaveQuiz(ctx, c.ID, q); err != nil {
		t.Fatal(err)
	}
	c.Status = creatorclub.CoursePublished
	if err := db.UpdateCourse(ctx, c); err != nil {
		t.Fatal(err)
	}
	full, err := db.FindCourse(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return full
}

func wantStatus(t *testing.T, r resp, code int, contains ...string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("status %d, want %d (%s): %.600s", r.code, code, r.loc, r.body)
	}
	for _, s := range contains {
		if !strings.Contains(r.body, s) {
			t.Fatalf("body lacks %q: %.3000s", s, r.body)
		}
	}
}

var attemptField = regexp.MustCompile(`name="attempt" value="(\d+)"`)

// answerQuiz submits answers given by question text: right or wrong.
func answerQuiz(t *testing.T, e *env, c *http.Client, courseID int64, right bool) resp {
	t.Helper()
	path := "/formations/" + strconv.FormatInt(courseID, 10)
	r := e.post(c, path+"/quiz", url.Values{})
	wantStatus(t, r, http.StatusSeeOther)
	r = e.get(c, path+"/quiz")
	wantStatus(t, r, http.StatusOK, "Valider mes réponses")
	m := attemptField.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("no attempt id in %s", r.body)
	}
	form := url.Values{"attempt": {m[1]}}
	if right {
		form["q0"], form["q1"] = []string{"1"}, []string{"0", "2"}
	} else {
		form["q0"], form["q1"] = []string{"0"}, []string{"1"}
	}
	return e.post(c, path+"/quiz/reponses", form)
}

func readPDF(t *testing.T, data []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("read pdf: %v", err)
	}
	var b strings.Builder
	for i := 1; i <= r.NumPage(); i++ {
		rows, err := r.Page(i).GetTextByRow()
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			// Each text run on a line of its own: the reader gives no
			// positions for fpdf's output, so rows are not reliable.
			for _, w := range row.Content {
				b.WriteString(w.S + "\n")
			}
		}
	}
	return b.String()
}

func TestCourseMemberFlow(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		c := publishedCourse(t, db, 3)
		member := e.user(creatorclub.RoleMember)
		mc := e.signIn(member)
		base := "/formations/" + strconv.FormatInt(c.ID, 10)

		wantStatus(t, e.get(mc, "/formations"), http.StatusOK, c.Title, "0 leçon(s) terminée(s) sur 2")
		wantStatus(t, e.get(mc, base), http.StatusOK, "Commencer : Qui est influenceur ?")

		// The lesson frames YouTube's privacy-enhanced player, and only it.
		lesson := e.get(mc, base+"/lecons/"+strconv.FormatInt(c.Lessons[0].ID, 10))
		wantStatus(t, lesson, http.StatusOK, `src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"`, "<strong>définit</strong>")
		if strings.Contains(lesson.body, "<script>alert") {
			t.Error("lesson Markdown not sanitised")
		}
		if csp := lesson.hdr.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "; frame-src https://www.youtube-nocookie.com") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("lesson CSP %q", csp)
		}
		if csp := e.get(mc, base).hdr.Get("Content-Security-Policy"); strings.Contains(csp, "frame-src") {
			t.Errorf("course page allows frames: %q", csp)
		}
		// Marking the first lesson done leads to the next one; progress resumes there.
		r := e.post(mc, base+"/lecons/"+strconv.FormatInt(c.Lessons[0].ID, 10)+"/terminee", url.Values{})
		wantStatus(t, r, http.StatusSeeOther)
		if r.loc != base+"/lecons/"+strconv.FormatInt(c.Lessons[1].ID, 10) {
			t.Errorf("after lesson 1: %s", r.loc)
		}
		page := e.get(mc, base)
		wantStatus(t, page, http.StatusOK, "1 leçon(s) terminée(s) sur 2", "Reprendre : La mention")
		if n := strings.Count(page.body, `<span class="badge">Terminée</span>`); n != 1 {
			t.Errorf("%d lessons shown done, want 1", n)
		}
		wantStatus(t, e.post(mc, base+"/lecons/"+strconv.FormatInt(c.Lessons[1].ID, 10)+"/terminee", url.Values{}), http.StatusSeeOther)

		// Fail once: the result page explains each answer and offers a retry.
		r = answerQuiz(t, e, mc, c.ID, false)
		wantStatus(t, r, http.StatusSeeOther)
		first := r.loc
		wantStatus(t, e.get(mc, first), http.StatusOK, "0 %", "Pas encore", "Trop peu explicite.", "Nouvelle tentative")
		// The certificate is not there yet.
		wantStatus(t, e.get(mc, base+"/attestation.pdf"), http.StatusNotFound)
		// Another member cannot read the attempt.
		other := e.signIn(e.user(creatorclub.RoleMember))
		wantStatus(t, e.get(other, first), http.StatusNotFound)

		// Pass the second time.
		r = answerQuiz(t, e, mc, c.ID, true)
		wantStatus(t, r, http.StatusSeeOther)
		wantStatus(t, e.get(mc, r.loc), http.StatusOK, "100 %", "Réussi", "Télécharger l&#39;attestation")

		pdfResp := e.get(mc, base+"/attestation.pdf")
		wantStatus(t, pdfResp, http.StatusOK)
		if pdfResp.hdr.Get("Content-Type") != "application/pdf" {
			t.Fatalf("content type %s", pdfResp.hdr.Get("Content-Type"))
		}
		certs, err := db.ListCertificates(ctx, member.ID)
		if err != nil || len(certs) != 1 {
			t.Fatal(certs, err)
		}
		code := certs[0].Code
		text := readPDF(t, []byte(pdfResp.body))
		for _, want := range []string{member.Name(), creatorclub.FormatCertificateCode(code), e.ts.URL + "/certificats/" + code, "a changé pour vous"} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF lacks %q:\n%s", want, text)
			}
		}

		// Anyone can check the code; the page never names the holder.
		visitor := e.client()
		v := e.get(visitor, "/certificats/"+code)
		wantStatus(t, v, http.StatusOK, "Attestation valide", c.Title)
		if strings.Contains(v.body, member.LastName) || strings.Contains(v.body, member.FirstName) || strings.Contains(v.body, member.Email) {
			t.Error("verification page shows the holder")
		}
		wantStatus(t, e.get(visitor, "/certificats?code="+url.QueryEscape(strings.ToLower(creatorclub.FormatCertificateCode(code)))), http.StatusSeeOther)
		wantStatus(t, e.get(visitor, "/certificats/ZZZZZZZZZZZZZZZZ"), http.StatusNotFound, "Code inconnu")

		// Staff revoke it, with a reason, in the audit log.
		mod := e.signIn(e.user(creatorclub.RoleModerator))
		wantStatus(t, e.post(mod, "/gestion/certificats/revoquer", url.Values{"code": {code}}), http.StatusBadRequest, "motif")
		wantStatus(t, e.post(mod, "/gestion/certificats/revoquer", url.Values{"code": {code}, "reason": {"Tentatives partagées"}}), http.StatusSeeOther)
		wantStatus(t, e.get(visitor, "/certificats/"+code), http.StatusOK, "Attestation révoquée")
		entries, _, _ := db.ListAudit(ctx, creatorclub.AuditFilter{Limit: 5})
		if len(entries) == 0 || entries[0].Action != creatorclub.AuditCertificateRevoke {
			t.Errorf("audit: %+v", entries[0])
		}
		// The dashboard counts it.
		dash := e.get(mod, "/gestion/formations")
		wantStatus(t, dash, http.StatusOK, c.Title, "50 %")
		csv := e.get(mod, "/gestion/formations/tableau.csv")
		wantStatus(t, csv, http.StatusOK, "course_id;course;status", ";published;1;1;100;2;1;50;")
	})
}

func TestQuizBadInputOverTheWeb(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		mod := e.signIn(e.user(creatorclub.RoleModerator))
		r := e.post(mod, "/gestion/formations", url.Values{"title": {"Masterclass contrats"}, "status": {"draft"}, "refresher_months": {"0"}})
		wantStatus(t, r, http.StatusSeeOther)
		courseID := strings.TrimPrefix(r.loc, "/gestion/formations/")
		base := "/gestion/formations/" + courseID

		// A question with no right answer, a passing score above 100 %: clear
		// errors naming what to fix, the input kept, nothing recorded.
		noRight := "? unique | Quel seuil pour un contrat écrit ?\n- 500 €\n- 2 000 €\n"
		r = e.post(mod, base+"/quiz", url.Values{"passing_score": {"80"}, "max_attempts": {"2"}, "questions": {noRight}})
		wantStatus(t, r, http.StatusBadRequest, "Question 1 : aucune bonne réponse", "Quel seuil pour un contrat écrit ?")
		r = e.post(mod, base+"/quiz", url.Values{"passing_score": {"150"}, "max_attempts": {"2"}, "questions": {"? vrai-faux | Vrai ?\n+ Vrai\n- Faux\n"}})
		wantStatus(t, r, http.StatusBadRequest, "entre 1 et 100")
		r = e.post(mod, base+"/quiz", url.Values{"passing_score": {"80"}, "max_attempts": {"2"}, "questions": {"? unique | A\n+ a\nblabla\n"}})
		wantStatus(t, r, http.StatusBadRequest, "Ligne 3")
		id, _ := strconv.ParseInt(courseID, 10, 64)
		if c, _ := db.FindCourse(ctx, id); c.Quiz != nil {
			t.Fatal("a refused quiz was recorded")
		}
		// Publishing without lessons is refused.
		wantStatus(t, e.post(mod, base, url.Values{"title": {"Masterclass contrats"}, "status": {"published"}}), http.StatusBadRequest, "au moins une leçon")
		// A lesson with a video from elsewhere is refused; the preview does not save.
		r = e.post(mod, base+"/lecons", url.Values{"title": {"Vidéo"}, "video_url": {"https://evil.example/x"}, "body": {"texte"}})
		wantStatus(t, r, http.StatusBadRequest, "YouTube, Vimeo ou PeerTube", "evil.example")
		r = e.post(mod, base+"/lecons", url.Values{"title": {"Intro"}, "video_url": {"https://vimeo.com/76979871"}, "body": {"**Bonjour**"}, "action": {"preview"}})
		wantStatus(t, r, http.StatusOK, "<strong>Bonjour</strong>", `src="https://player.vimeo.com/video/76979871"`)
		if csp := r.hdr.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "frame-src https://player.vimeo.com") {
			t.Errorf("preview CSP %q", csp)
		}
		if c, _ := db.FindCourse(ctx, id); len(c.Lessons) != 0 {
			t.Fatal("the preview saved the lesson")
		}

		// Members: a forged attempt id and an answer after the last attempt.
		c := publishedCourse(t, db, 1)
		path := "/formations/" + strconv.FormatInt(c.ID, 10)
		victim := e.user(creatorclub.RoleMember)
		va, err := db.StartAttempt(ctx, victim.ID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		mc := e.signIn(e.user(creatorclub.RoleMember))
		r = e.post(mc, path+"/quiz/reponses", url.Values{"attempt": {strconv.FormatInt(va.ID, 10)}, "q0": {"1"}, "q1": {"0", "2"}})
		wantStatus(t, r, http.StatusNotFound, "rien n&#39;a été enregistré")
		r = e.post(mc, path+"/quiz/reponses", url.Values{"attempt": {"999999"}, "q0": {"1"}, "q1": {"0", "2"}})
		wantStatus(t, r, http.StatusNotFound)
		if a, _ := db.FindAttempt(ctx, victim.ID, va.ID); a.SubmittedAt != nil {
			t.Fatal("a forged submission answered someone else's attempt")
		}
		// An unanswered question re-renders the quiz with the answers kept.
		wantStatus(t, e.post(mc, path+"/quiz", url.Values{}), http.StatusSeeOther)
		m := attemptField.FindStringSubmatch(e.get(mc, path+"/quiz").body)
		r = e.post(mc, path+"/quiz/reponses", url.Values{"attempt": {m[1]}, "q0": {"1"}})
		// The message numbers the question as the member sees it, in the attempt's order.
		shown := 1
		if aid, _ := strconv.ParseInt(m[1], 10, 64); aid != 0 {
			var order string
			db.Read.QueryRowContext(ctx, `SELECT question_order FROM quiz_attempts WHERE id = $1`, aid).Scan(&order)
			if order == "[1,0]" {
				shown = 1
			} else {
				shown = 2
			}
		}
		wantStatus(t, r, http.StatusBadRequest, "Répondez à la question "+strconv.Itoa(shown)+" avant", `value="1" checked`)
		// The one allowed attempt, failed; then nothing more is accepted.
		wantStatus(t, e.post(mc, path+"/quiz/reponses", url.Values{"attempt": {m[1]}, "q0": {"0"}, "q1": {"1"}}), http.StatusSeeOther)
		wantStatus(t, e.post(mc, path+"/quiz/reponses", url.Values{"attempt": {m[1]}, "q0": {"1"}, "q1": {"0", "2"}}), http.StatusConflict, "déjà été validée")
		wantStatus(t, e.post(mc, path+"/quiz", url.Values{}), http.StatusConflict, "toutes vos tentatives")
		var certs int
		db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM course_certificates`).Scan(&certs)
		if certs != 0 {
			t.Fatalf("%d certificates after refused answers", certs)
		}
	})
}

func TestMandatoryCourseOverTheWeb(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		c := publishedCourse(t, db, 0)
		late := e.user(creatorclub.RoleMember)
		mod := e.signIn(e.user(creatorclub.RoleModerator))
		base := "/gestion/formations/" + strconv.FormatInt(c.ID, 10)
		wantStatus(t, e.post(mod, base+"/obligations", url.Values{"segment": {"all"}, "due_on": {"2001-01-01"}}), http.StatusBadRequest, "dans le futur")
		due := time.Now().In(web.Paris).AddDate(0, 0, 10).Format("2006-01-02")
		r := e.post(mod, base+"/obligations", url.Values{"segment": {"all"}, "due_on": {due}})
		wantStatus(t, r, http.StatusSeeOther)
		reqPath := r.loc
		wantStatus(t, e.get(mod, reqPath), http.StatusOK, late.Name(), "À faire")
		lc := e.signIn(late)
		wantStatus(t, e.get(lc, "/formations"), http.StatusOK, "Vous n&#39;êtes pas à jour", "à terminer avant le")
		// The home page and the profile show it too (the profile to the member and staff).
		wantStatus(t, e.get(lc, "/accueil"), http.StatusOK, "Vous n&#39;êtes pas à jour", c.Title)
		wantStatus(t, e.get(mod, "/membres/"+strconv.FormatInt(late.ID, 10)), http.StatusOK, "Pas à jour", c.Title)
		if other := e.get(e.signIn(e.user(creatorclub.RoleModerator)), "/accueil"); strings.Contains(other.body, "duties-summary") {
			t.Error("a moderator's home page shows mandatory courses")
		}

		// Past the due date the member is overdue; staff remind the late ones.
		// The course is now written in English: the French mail's HTML part
		// marks its title so.
		c.Language = creatorclub.LanguageEnglish
		if err := db.UpdateCourse(ctx, c); err != nil {
			t.Fatal(err)
		}
		db.Now = func() time.Time { return time.Now().UTC().AddDate(0, 0, 12) }
		defer func() { db.Now = func() time.Time { return time.Now().UTC() } }()
		page := e.get(mod, reqPath)
		wantStatus(t, page, http.StatusOK, "En retard", "Relancer les")
		before := len(e.box.all())
		wantStatus(t, e.post(mod, reqPath+"/relancer", url.Values{}), http.StatusSeeOther)
		var sent []string
		for _, m := range e.box.all()[before:] {
			sent = append(sent, m.To)
			if !strings.Contains(m.Subject, "en retard") || !strings.Contains(m.Text, c.Title) {
				t.Errorf("reminder: %s / %s", m.Subject, m.Text)
			}
			if want := `<span lang="en">` + template.HTMLEscapeString(c.Title) + `</span>`; !strings.Contains(m.HTML, want) {
				t.Errorf("the reminder's HTML part lacks %s:\n%s", want, m.HTML)
			}
		}
		found := false
		for _, to := range sent {
			found = found || to == late.Email
		}
		if !found {
			t.Errorf("late member not reminded: %v", sent)
		}
		duties, err := db.CourseDuties(ctx, late.ID)
		if err != nil || len(duties) != 1 || duties[0].Status != creatorclub.DutyOverdue {
			t.Errorf("duties: %+v %v", duties, err)
		}
	})
}

func TestQuizTextRoundTrip(t *testing.T) {
	qs, err := web.ParseQuizText("? multiple | Quelles mentions ?\n+ Publicité // art. 5\n- #sp // trop vague\n+ Collaboration commerciale\n= Les deux sont admises.\n\n? vrai-faux | Vrai ?\n+ Vrai\n- Faux\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 2 || qs[0].Kind != creatorclub.QuestionMultiple || len(qs[0].Choices) != 3 || !qs[0].Choices[2].Correct ||
		qs[0].Choices[1].Explanation != "trop vague" || qs[0].Explanation != "Les deux sont admises." || qs[1].Kind != creatorclub.QuestionTrueFalse {
		t.Fatalf("parsed: %+v", qs)
	}
	again, err := web.ParseQuizText(web.FormatQuizText(qs))
	if err != nil || web.FormatQuizText(again) != web.FormatQuizText(qs) {
		t.Fatalf("round trip: %v\n%s", err, web.FormatQuizText(again))
	}
	for _, bad := range []string{"+ orphan choice", "? essai | Texte", "? unique sans barre"} {
		if _, err := web.ParseQuizText(bad); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestLessonMaterials(t *testing.T) {
	e := newEnv(t, sqldbtest.Open(t, sqldb.SQLite))
	c := publishedCourse(t, e.db, 0)
	mod := e.signIn(e.user(creatorclub.RoleModerator))
	var doc bytes.Buffer
	if err := certpdf.Write(&doc, certpdf.Certificate{Member: "Fiche", Course: "Mentions", IssuedOn: time.Now(), Code: "AAAABBBBCCCCDDDD"}); err != nil {
		t.Fatal(err)
	}
	upload := func(name string, content []byte) resp {
		t.Helper()
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		fw, _ := w.CreateFormFile("file", name)
		fw.Write(content)
		w.Close()
		req, _ := http.NewRequest("POST", e.ts.URL+"/gestion/formations/"+strconv.FormatInt(c.ID, 10)+"/lecons/"+strconv.FormatInt(c.Lessons[1].ID, 10)+"/supports", &buf)
		req.Header.Set("Content-Type", w.FormDataContentType())
		res, err := mod.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return resp{code: res.StatusCode, body: string(b)}
	}
	// A program disguised as a PDF is refused; a real PDF is kept.
	if r := upload("fiche.pdf", []byte("MZ\x90\x00not a pdf")); r.code == http.StatusSeeOther {
		t.Fatal("a non-PDF was accepted")
	}
	wantStatus(t, upload("fiche-mentions.pdf", doc.Bytes()), http.StatusSeeOther)
	full, _ := e.db.FindCourse(ctx, c.ID)
	if len(full.Lessons[1].Materials) != 1 {
		t.Fatalf("materials: %+v", full.Lessons[1].Materials)
	}
	m := full.Lessons[1].Materials[0]
	member := e.signIn(e.user(creatorclub.RoleMember))
	lesson := e.get(member, "/formations/"+strconv.FormatInt(c.ID, 10)+"/lecons/"+strconv.FormatInt(c.Lessons[1].ID, 10))
	wantStatus(t, lesson, http.StatusOK, "fiche-mentions.pdf")
	dl := e.get(member, "/formations/"+strconv.FormatInt(c.ID, 10)+"/supports/"+strconv.FormatInt(m.ID, 10))
	wantStatus(t, dl, http.StatusOK)
	if dl.body != doc.String() || dl.hdr.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(dl.hdr.Get("Content-Disposition"), "attachment") {
		t.Fatalf("download: %v", dl.hdr)
	}
	// Through another course: not found.
	other := publishedCourse(t, e.db, 0)
	wantStatus(t, e.get(member, "/formations/"+strconv.FormatInt(other.ID, 10)+"/supports/"+strconv.FormatInt(m.ID, 10)), http.StatusNotFound)
	// Deleting it removes the record and the file.
	wantStatus(t, e.post(mod, "/gestion/formations/"+strconv.FormatInt(c.ID, 10)+"/supports/"+strconv.FormatInt(m.ID, 10)+"/supprimer", url.Values{}), http.StatusSeeOther)
	if _, err := e.srv.Files.Open(m.Key); err == nil {
		t.Error("the file is still stored")
	}
	wantStatus(t, e.get(member, "/formations/"+strconv.FormatInt(c.ID, 10)+"/supports/"+strconv.FormatInt(m.ID, 10)), http.StatusNotFound)
}

func TestDeleteDraftCourse(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		mod := e.signIn(e.user(creatorclub.RoleModerator))
		r := e.post(mod, "/gestion/formations", url.Values{"title": {"Brouillon"}, "status": {"draft"}})
		wantStatus(t, r, http.StatusSeeOther)
		draft := r.loc
		wantStatus(t, e.post(mod, draft+"/lecons", url.Values{"title": {"Une leçon"}}), http.StatusSeeOther)
		// Published, or started by a member: kept.
		c := publishedCourse(t, e.db, 0)
		pub := "/gestion/formations/" + strconv.FormatInt(c.ID, 10)
		wantStatus(t, e.post(mod, pub+"/supprimer", url.Values{}), http.StatusConflict, "repassez-la en brouillon")
		if _, err := e.db.MarkLessonDone(ctx, e.user(creatorclub.RoleMember).ID, c.ID, c.Lessons[0].ID); err != nil {
			t.Fatal(err)
		}
		c.Status = creatorclub.CourseDraft
		if err := e.db.UpdateCourse(ctx, c); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, e.post(mod, pub+"/supprimer", url.Values{}), http.StatusConflict, "ont commencé")
		// An unused draft goes, lessons and all.
		wantStatus(t, e.post(mod, draft+"/supprimer", url.Values{}), http.StatusSeeOther)
		wantStatus(t, e.get(mod, draft), http.StatusNotFound)
		var lessons int
		e.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM course_lessons WHERE course_id = $1`, strings.TrimPrefix(draft, "/gestion/formations/")).Scan(&lessons)
		if lessons != 0 {
			t.Errorf("%d lessons left", lessons)
		}
	})
}

// TestCourseLanguageOverTheWeb: staff choose a course's language in its
// form, a language the club does not speak is refused with a clear error
// and nothing saved, and an English course's own text carries lang="en" on
// French pages (members' and staff's) while a French course's does not;
// on an English page, a French course's text carries lang="fr".
func TestCourseLanguageOverTheWeb(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		mod := e.signIn(e.user(creatorclub.RoleModerator))
		form := e.get(mod, "/gestion/formations/nouvelle")
		wantStatus(t, form, http.StatusOK, `<label for="language">Langue de la formation</label>`,
			`<option value="fr" selected>Français</option><option value="en">Anglais</option>`)
		if strings.Contains(form.body, "ZgotmplZ") {
			t.Fatalf("a lang attribute was refused by the template escaper: %.3000s", form.body)
		}

		// A bad language: refused, the form shown again, no course stored.
		var before int
		db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM courses`).Scan(&before)
		r := e.post(mod, "/gestion/formations", url.Values{"title": {"Das Gesetz"}, "language": {"de"}, "status": {"draft"}})
		wantStatus(t, r, http.StatusBadRequest, "Cette langue n&#39;est pas proposée par le club", `value="Das Gesetz"`)
		var after int
		db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM courses`).Scan(&after)
		if after != before {
			t.Fatalf("a refused course was stored: %d courses, was %d", after, before)
		}

		const title = "What the June 2023 influencer law changed for you"
		r = e.post(mod, "/gestion/formations", url.Values{"title": {title}, "summary": {"Six short lessons."}, "language": {"en"}, "status": {"draft"}})
		wantStatus(t, r, http.StatusSeeOther)
		id, _ := strconv.ParseInt(strings.TrimPrefix(r.loc, "/gestion/formations/"), 10, 64)
		c, err := db.FindCourse(ctx, id)
		if err != nil || c.Language != creatorclub.LanguageEnglish {
			t.Fatalf("saved course: %+v %v", c, err)
		}
		// The edit form keeps the choice and marks the English fields.
		wantStatus(t, e.get(mod, r.loc), http.StatusOK, `<option value="en" selected>Anglais</option>`,
			`value="`+title+`" lang="en">`)
		// A bad value on update is refused too, and the course keeps its language.
		wantStatus(t, e.post(mod, r.loc, url.Values{"title": {title}, "language": {"xx"}, "status": {"draft"}}), http.StatusBadRequest, "proposée par le club")
		if c, _ := db.FindCourse(ctx, id); c.Language != creatorclub.LanguageEnglish {
			t.Fatalf("language after a refused update: %q", c.Language)
		}

		// Published, with a lesson and no quiz, and mandatory for all.
		if err := db.SaveLesson(ctx, &creatorclub.Lesson{CourseID: id, Title: "Who is a commercial influencer?", Body: "Article **1** of the law."}); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, e.post(mod, r.loc, url.Values{"title": {title}, "summary": {"Six short lessons."}, "language": {"en"}, "status": {"published"}}), http.StatusSeeOther)
		req := &creatorclub.CourseRequirement{CourseID: id, Segment: creatorclub.SegmentAll, DueAt: time.Now().Add(10 * 24 * time.Hour)}
		if err := db.AddRequirement(ctx, req); err != nil {
			t.Fatal(err)
		}
		frCourse := publishedCourse(t, db, 0)
		c, _ = db.FindCourse(ctx, id)
		base := "/formations/" + strconv.FormatInt(id, 10)
		lesson := base + "/lecons/" + strconv.FormatInt(c.Lessons[0].ID, 10)

		member := e.user(creatorclub.RoleMember)
		mc := e.signIn(member)
		list := e.get(mc, "/formations")
		wantStatus(t, list, http.StatusOK, `<html lang="fr"`, `<h2 lang="en"><a href="`+base+`">`+title+`</a></h2>`,
			`<a href="`+base+`" lang="en">`+title+`</a>`) // the duties list
		// The French course on the French page carries no lang of its own.
		if !strings.Contains(list.body, `<h2><a href="/formations/`+strconv.FormatInt(frCourse.ID, 10)+`">`) {
			t.Errorf("French course marked on a French page: %.3000s", list.body)
		}
		wantStatus(t, e.get(mc, base), http.StatusOK, `<h1 lang="en">`+title+`</h1>`, `<div lang="en"><p>Six short lessons.</p>`,
			`Commencer : <span lang="en">Who is a commercial influencer?</span>`, `lang="en">Who is a commercial influencer?</a>`)
		wantStatus(t, e.get(mc, lesson), http.StatusOK, `<h1 lang="en">Who is a commercial influencer?</h1>`,
			`<div id="lesson-body" lang="en"><p>Article <strong>1</strong> of the law.</p>`, `lang="en">`+title+`</a> · Leçon 1 sur 1`)
		wantStatus(t, e.get(mc, "/accueil"), http.StatusOK, `lang="en">`+title+`</a>`)

		// Staff pages: the dashboard, the requirement, the lesson form.
		wantStatus(t, e.get(mod, "/gestion/formations"), http.StatusOK, `<a href="/gestion/formations/`+strconv.FormatInt(id, 10)+`" lang="en">`+title+`</a>`)
		wantStatus(t, e.get(mod, "/gestion/obligations/"+strconv.FormatInt(req.ID, 10)), http.StatusOK, `— <span lang="en">`+title+`</span></h1>`)
		wantStatus(t, e.get(mod, "/gestion/formations/"+strconv.FormatInt(id, 10)+"/lecons/"+strconv.FormatInt(c.Lessons[0].ID, 10)), http.StatusOK,
			`value="Who is a commercial influencer?" lang="en">`)
		// The lesson's move buttons are named by their content, the title
		// in its own language; no aria-label mixes the page's words with it.
		edit := e.get(mod, r.loc)
		wantStatus(t, edit, http.StatusOK,
			`<span aria-hidden="true">↑</span><span class="sr-only">Monter la leçon : <span lang="en">Who is a commercial influencer?</span></span></button>`,
			`<span aria-hidden="true">↓</span><span class="sr-only">Descendre la leçon : <span lang="en">Who is a commercial influencer?</span></span></button>`)
		if strings.Contains(edit.body, "aria-label=\"Monter") || strings.Contains(edit.body, "aria-label=\"Descendre") {
			t.Errorf("a move button is still named by aria-label: %.3000s", edit.body)
		}

		// The certificate's public page names the course in English.
		cert, err := db.MarkLessonDone(ctx, member.ID, id, c.Lessons[0].ID)
		if err != nil || cert == nil {
			t.Fatalf("completion: %+v %v", cert, err)
		}
		wantStatus(t, e.get(e.client(), "/certificats/"+cert.Code), http.StatusOK, `<dd lang="en">`+title+`</dd>`)
		// The PDF, in French, marks the English title with its language.
		doc := e.get(mc, base+"/attestation.pdf")
		wantStatus(t, doc, http.StatusOK)
		if lang, content := pdfLanguages(t, []byte(doc.body)); lang != "fr" || !strings.Contains(content, "/Span <</Lang (en)>> BDC") {
			t.Errorf("the certificate's /Lang is %q and its page %q", lang, content)
		}

		// On an English page, the English course is the page's language and
		// the French one is marked.
		e.post(mc, "/langue", url.Values{"lang": {"en"}, "next": {"/formations"}})
		list = e.get(mc, "/formations")
		wantStatus(t, list, http.StatusOK, `<html lang="en"`, `<h2><a href="`+base+`">`+title+`</a></h2>`,
			`<h2 lang="fr"><a href="/formations/`+strconv.FormatInt(frCourse.ID, 10)+`">`)
		// In English, the English course's move buttons need no lang of their own.
		e.post(mod, "/langue", url.Values{"lang": {"en"}, "next": {"/gestion/formations"}})
		wantStatus(t, e.get(mod, r.loc), http.StatusOK,
			`<span class="sr-only">Move lesson up: Who is a commercial influencer?</span>`, `<span class="sr-only">Move lesson down: Who is a commercial influencer?</span>`)
	})
}

// pdfLanguages returns a PDF's document language (the catalog's /Lang) and
// the decompressed content of its first page, where a Span marks text in
// another language.
func pdfLanguages(t *testing.T, data []byte) (string, string) {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("read the PDF: %v", err)
	}
	rc := r.Page(1).V.Key("Contents").Reader()
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read the page's content: %v", err)
	}
	return r.Trailer().Key("Root").Key("Lang").Text(), string(b)
}
