package web_test

import (
	"bytes"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

func init() {
	for k, v := range map[string]string{
		"GET /aide":                                "all",
		"POST /aide/demandes":                      "signed-in",
		"GET /aide/demandes":                       "signed-in",
		"GET /aide/demandes/{case}":                "safety", /* and the reporter: TestSafetyCaseAuthorization */
		"POST /aide/demandes/{case}/messages":      "none",   /* the reporter only */
		"GET /aide/demandes/{case}/pieces/{file}":  "safety", /* and the reporter */
		"GET /aide/signaler":                       "signed-in",
		"POST /aide/signaler":                      "signed-in",
		"POST /questions/{qid}/signaler":           "member",
		"GET /aide/decisions/{decision}":           "none", /* the member concerned only */
		"POST /aide/decisions/{decision}/recours":  "none", /* the member concerned only */
		"GET /transparence":                        "all",
		"GET /transparence.csv":                    "all",
		"GET /securite":                            "safety",
		"GET /securite/dossiers/{case}":            "safety",
		"POST /securite/dossiers/{case}/messages":  "safety",
		"POST /securite/dossiers/{case}/suivi":     "safety",
		"POST /securite/dossiers/{case}/fusion":    "safety",
		"POST /securite/dossiers/{case}/decisions": "safety",
		"POST /securite/dossiers/{case}/infonde":   "safety",
		"GET /securite/recours":                    "safety",
		"POST /securite/recours/{appeal}":          "safety",
	} {
		expectedAccess[k] = v
	}
	authzFixtures = append(authzFixtures, func(t *testing.T, e *env, db *sqldb.DB) []string {
		f := newSafetyFixture(t, e)
		return []string{"{case}", itoa64(f.caseID), "{file}", itoa64(f.fileID), "{decision}", itoa64(f.decisionID), "{appeal}", itoa64(f.appealID)}
	})
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

var testKey = bytes.Repeat([]byte{42}, 32)

func safetyDB(t *testing.T, db *sqldb.DB) *sqldb.SafetyStore {
	t.Helper()
	s, err := creatorclub.NewSealer(testKey)
	if err != nil {
		t.Fatal(err)
	}
	return db.Safety(s)
}

// safetyFixture is a reporter's notice about another member's question,
// with an attachment, a decision against the author and their appeal.
type safetyFixture struct {
	reporter, author, officer *creatorclub.User
	ev                        *creatorclub.Event
	question                  *creatorclub.Question
	caseID, fileID            int64
	decisionID, appealID      int64
	secret                    string
}

var screenshot = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), []byte("pixels-of-the-threat-0123456789")...)

func newSafetyFixture(t *testing.T, e *env) *safetyFixture {
	t.Helper()
	st := safetyDB(t, e.db)
	f := &safetyFixture{reporter: e.user(creatorclub.RoleMember), author: e.user(creatorclub.RoleMember), officer: e.user(creatorclub.RoleSafety),
		secret: "Il m'a écrit en privé qu'il savait où j'habite"}
	f.ev = e.event(creatorclub.AudienceMembers)
	boxes, err := e.db.ListBoxes(ctx, f.ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	if f.question, err = e.db.AskQuestion(ctx, boxes[0].ID, f.author.ID, "Toi je sais où tu habites", creatorclub.VisibilityNamed, false); err != nil {
		t.Fatal(err)
	}
	c, err := st.OpenCase(ctx, f.reporter, &creatorclub.NewCase{Kind: creatorclub.KindNotice, Category: creatorclub.CategoryThreat, Description: f.secret,
		TargetType: creatorclub.TargetQuestion, TargetID: f.question.ID,
		Attachments: []*creatorclub.NewAttachment{{Name: "capture.png", ContentType: "image/png", Data: screenshot}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.caseID = c.ID
	atts, _ := st.Attachments(ctx, c.ID)
	f.fileID = atts[0].ID
	d, err := st.Decide(ctx, c.ID, f.officer, creatorclub.NewDecision{Action: creatorclub.ActionWarn, Ground: "charter_no_threats", Facts: "Question menaçante."}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.decisionID = d.ID
	a, err := st.Appeal(ctx, d.ID, f.author, "Je conteste.", nil)
	if err != nil {
		t.Fatal(err)
	}
	f.appealID = a.ID
	return f
}

// postFiles posts a multipart form with files (name → bytes).
func (e *env) postFiles(c *http.Client, path string, fields url.Values, fileList ...any) resp {
	e.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	for i := 0; i+1 < len(fileList); i += 2 {
		fw, _ := w.CreateFormFile("files", fileList[i].(string))
		fw.Write(fileList[i+1].([]byte))
	}
	w.Close()
	req, _ := http.NewRequest("POST", e.ts.URL+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{code: res.StatusCode, body: string(b), loc: res.Header.Get("Location"), hdr: res.Header}
}

// expectAllSealed fails the test if a mail was queued in clear: every mail of
// the safety desk waits in the job queue sealed with the safety key.
func (e *env) expectAllSealed() {
	e.t.Helper()
	if len(e.box.all()) == 0 {
		e.t.Error("no mail queued")
	}
	for _, m := range e.box.unsealed() {
		e.t.Errorf("mail %q to %s queued in clear", m.Subject, m.To)
	}
}

func mailsTo(msgs []mail.Message, to string) []mail.Message {
	var out []mail.Message
	for _, m := range msgs {
		if m.To == to {
			out = append(out, m)
		}
	}
	return out
}

// TestSafetyCaseAuthorization tries every case URL, attachment URL and
// action as the reporter, the reported member, another member, a moderator,
// a speaker, a partner and a safety officer: only the allowed succeed.
func TestSafetyCaseAuthorization(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		f := newSafetyFixture(t, e)
		actors := map[string]*creatorclub.User{
			"reporter": f.reporter, "reported": f.author, "member": e.user(creatorclub.RoleMember), "moderator": e.user(creatorclub.RoleModerator),
			"speaker": e.user(creatorclub.RoleSpeaker), "partner": e.user(creatorclub.RolePartner), "safety": e.user(creatorclub.RoleSafety),
			"admin": e.user(creatorclub.RoleAdmin),
		}
		cs, fl, dc, ap := itoa64(f.caseID), itoa64(f.fileID), itoa64(f.decisionID), itoa64(f.appealID)
		// Forms that the allowed actor's request fails on validation (400),
		// so that the walk changes nothing.
		reqs := []struct {
			method, path string
			form         url.Values
			allowed      string
		}{
			{"GET", "/aide/demandes/" + cs, nil, "reporter safety"},
			{"POST", "/aide/demandes/" + cs + "/messages", url.Values{"body": {""}}, "reporter"},
			{"GET", "/aide/demandes/" + cs + "/pieces/" + fl, nil, "reporter safety"},
			{"GET", "/securite/dossiers/" + cs, nil, "safety"},
			{"POST", "/securite/dossiers/" + cs + "/messages", url.Values{"body": {""}}, "safety"},
			{"POST", "/securite/dossiers/" + cs + "/suivi", url.Values{"status": {"bogus"}}, "safety"},
			{"POST", "/securite/dossiers/" + cs + "/fusion", url.Values{"into": {"x"}}, "safety"},
			{"POST", "/securite/dossiers/" + cs + "/decisions", url.Values{"action": {"ban"}}, "safety"},
			{"POST", "/securite/dossiers/" + cs + "/infonde", url.Values{}, "safety"},
			{"GET", "/aide/decisions/" + dc, nil, "reported"},
			{"POST", "/aide/decisions/" + dc + "/recours", url.Values{"text": {""}}, "reported"},
			{"POST", "/securite/recours/" + ap, url.Values{"reasons": {""}}, "safety"},
			{"GET", "/securite", nil, "safety"},
			{"GET", "/securite/recours", nil, "safety"},
		}
		for _, rq := range reqs {
			for name, u := range actors {
				c := e.signIn(u)
				var r resp
				if rq.method == "GET" {
					r = e.get(c, rq.path)
				} else {
					r = e.post(c, rq.path, rq.form)
				}
				want := strings.Contains(" "+rq.allowed+" ", " "+name+" ")
				refused := r.code == http.StatusForbidden || r.code == http.StatusNotFound || (r.code == http.StatusSeeOther && strings.HasPrefix(r.loc, "/connexion"))
				if want == refused {
					t.Errorf("%s %s as %s: %d %s, want allowed=%v", rq.method, rq.path, name, r.code, r.loc, want)
				}
				if refused && (strings.Contains(r.body, f.secret) || strings.Contains(r.body, "pixels-of-the-threat")) {
					t.Errorf("%s %s as %s: the refusal shows the case", rq.method, rq.path, name)
				}
			}
		}
		// The infonde try above was refused for everyone but safety, whose
		// request closed the case: actions on the closed case are refused.
		sc := e.signIn(actors["safety"])
		r := e.post(sc, "/securite/dossiers/"+cs+"/decisions", url.Values{"action": {"ban"}, "ground": {"law_threats"}, "facts": {"x"}})
		if r.code != http.StatusConflict || !strings.Contains(r.body, "Ce dossier est clos") {
			t.Fatalf("action on a closed case: %d", r.code)
		}
		if rst, _ := db.AccessRestriction(ctx, f.author.ID); rst.Kind != "" {
			t.Fatalf("refused action applied: %+v", rst)
		}
		// Every staff view of a case is in the audit log.
		entries, _, err := db.ListAudit(ctx, creatorclub.AuditFilter{Action: "safety.case_view", Target: cs})
		if err != nil || len(entries) == 0 || entries[0].ActorID != actors["safety"].ID {
			t.Fatalf("audit of case views: %+v %v", entries, err)
		}
		if files, _, _ := db.ListAudit(ctx, creatorclub.AuditFilter{Action: "safety.attachment_view", Target: cs}); len(files) != 1 {
			t.Fatalf("audit of attachment views: %d", len(files))
		}
	})
}

func TestSafetyHelpRequestFlow(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		member := e.user(creatorclub.RoleMember)
		officer := e.user(creatorclub.RoleSafety)
		// The help lines come first, for everyone.
		r := e.get(e.client(), "/aide")
		i3018, iForm := strings.Index(r.body, "3018"), strings.Index(r.body, "/connexion?next=/aide")
		if r.code != 200 || i3018 < 0 || strings.Index(r.body, "3114") < 0 || strings.Index(r.body, ">112<") < 0 || iForm < i3018 {
			t.Fatalf("help page for a visitor: %d", r.code)
		}
		mc := e.signIn(member)
		r = e.get(mc, "/aide")
		if !strings.Contains(r.body, `id="help-form"`) || strings.Index(r.body, "3114") > strings.Index(r.body, `id="help-form"`) {
			t.Fatal("the form is missing or comes before the help lines")
		}
		// The fields for content on another platform stack in one column
		// (style.css, fieldset.fields), and a question mark or colon never
		// starts a line of its own: French puts a no-break space before them.
		wantStatus(t, r, http.StatusOK, `<fieldset class="fields"><legend>Contenu sur une autre plateforme`, `placeholder="@compte"`,
			"Que se passe-t-il\u00a0?", "appelez tout de suite\u00a0:")
		e.post(mc, "/langue", url.Values{"lang": {"en"}, "next": {"/aide"}})
		wantStatus(t, e.get(mc, "/aide"), http.StatusOK, `<html lang="en"`, `placeholder="@account"`)
		e.post(mc, "/langue", url.Values{"lang": {"fr"}, "next": {"/aide"}})
		// Bad input keeps what the member wrote.
		const story = "Un autre créateur m'envoie des messages menaçants depuis une semaine."
		exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), make([]byte, 100)...)
		form := url.Values{"category": {"threat"}, "description": {story}, "url": {"https://www.instagram.com/p/abc"}, "handle": {"@menace"}, "platform": {"instagram"}}
		r = e.postFiles(mc, "/aide/demandes", form, "capture.png", exe)
		if r.code != 400 || !strings.Contains(r.body, "form-error") || !strings.Contains(r.body, html.EscapeString(story)) || !strings.Contains(r.body, "@menace") {
			t.Fatalf("disguised executable: %d", r.code)
		}
		r = e.postFiles(mc, "/aide/demandes", form, "enorme.png", append(screenshot, make([]byte, 10<<20)...))
		if r.code != 400 || !strings.Contains(r.body, "form-error") {
			t.Fatalf("oversized file: %d", r.code)
		}
		r = e.postFiles(mc, "/aide/demandes", url.Values{"category": {"threat"}, "description": {"  "}})
		if r.code != 400 || !strings.Contains(r.body, "Décrivez ce qui se passe : le message est vide.") {
			t.Fatalf("empty request: %d", r.code)
		}
		st := safetyDB(t, db)
		if cs, _ := st.ListCasesByReporter(ctx, member.ID); len(cs) != 0 {
			t.Fatalf("bad input stored %d cases", len(cs))
		}
		if n := len(e.box.all()); n != 0 {
			t.Fatalf("bad input sent %d mails", n)
		}
		// A good request with a screenshot.
		r = e.postFiles(mc, "/aide/demandes", form, "capture.png", screenshot)
		if r.code != http.StatusSeeOther || !strings.HasPrefix(r.loc, "/aide/demandes/") {
			t.Fatalf("request: %d %s %s", r.code, r.loc, r.body)
		}
		caseURL := r.loc
		caseID := strings.TrimPrefix(caseURL, "/aide/demandes/")
		ack := mailsTo(e.box.all(), member.Email)
		alert := mailsTo(e.box.all(), officer.Email)
		if len(ack) != 1 || len(alert) != 1 || !strings.Contains(ack[0].Text, "3018") {
			t.Fatalf("mails: %d to member, %d to officer", len(ack), len(alert))
		}
		for _, m := range append(ack, alert...) {
			if strings.Contains(m.Text+m.HTML+m.Subject, "menaçants") || strings.Contains(m.Text+m.HTML, "@menace") || strings.Contains(m.Text+m.HTML, member.FirstName) && m.To == officer.Email {
				t.Fatalf("mail to %s carries the request: %s", m.To, m.Text)
			}
		}
		r = e.get(mc, caseURL)
		if r.code != 200 || !strings.Contains(r.body, html.EscapeString(story)) || !strings.Contains(r.body, "capture.png") {
			t.Fatalf("member's case page: %d", r.code)
		}
		// The officer replies and writes an internal note.
		oc := e.signIn(officer)
		r = e.get(oc, "/securite?retard=")
		if !strings.Contains(r.body, "/securite/dossiers/"+caseID) {
			t.Fatal("case not in the queue")
		}
		r = e.get(oc, "/securite/dossiers/"+caseID)
		if r.code != 200 || !strings.Contains(r.body, html.EscapeString(story)) || !strings.Contains(r.body, member.Email) {
			t.Fatalf("officer's view: %d", r.code)
		}
		const reply = "Nous avons bien noté. Gardez les captures ; pouvez-vous préciser les dates ?"
		const note = "Vérifier les antécédents du compte signalé"
		if r = e.postFiles(oc, "/securite/dossiers/"+caseID+"/messages", url.Values{"body": {reply}}); r.code != http.StatusSeeOther {
			t.Fatalf("reply: %d %s", r.code, r.body)
		}
		if r = e.post(oc, "/securite/dossiers/"+caseID+"/messages", url.Values{"body": {note}, "internal": {"on"}}); r.code != http.StatusSeeOther {
			t.Fatalf("note: %d", r.code)
		}
		replies := mailsTo(e.box.all(), member.Email)
		if len(replies) != 2 {
			t.Fatalf("reply mails: %d", len(replies))
		}
		if m := replies[1]; strings.Contains(m.Text+m.HTML, "captures") || !strings.Contains(m.Text, caseURL) {
			t.Fatalf("reply mail carries the message or no link: %s", m.Text)
		}
		r = e.get(mc, caseURL)
		if !strings.Contains(r.body, "pouvez-vous préciser") || strings.Contains(r.body, note) {
			t.Fatal("member sees no reply, or sees the internal note")
		}
		// The member answers with another screenshot.
		if r = e.postFiles(mc, caseURL+"/messages", url.Values{"body": {"Le 3 et le 5 novembre."}}, "second.png", screenshot); r.code != http.StatusSeeOther {
			t.Fatalf("member message: %d %s", r.code, r.body)
		}
		// Handling: assignment, status, priority, recorded in the history.
		if r = e.post(oc, "/securite/dossiers/"+caseID+"/suivi", url.Values{"status": {"waiting"}, "priority": {"4"}, "assignee": {itoa64(officer.ID)}}); r.code != http.StatusSeeOther {
			t.Fatalf("handling: %d", r.code)
		}
		r = e.get(oc, "/securite?assigne=moi&statut=waiting")
		if !strings.Contains(r.body, "/securite/dossiers/"+caseID) {
			t.Fatal("filtered queue misses the case")
		}
		r = e.get(oc, "/securite/dossiers/"+caseID)
		for _, want := range []string{"attribution", "priorité", "réponse", "note interne", "second.png"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("staff case page lacks %q", want)
			}
		}
		// Acknowledgement, alert and reply were queued sealed.
		e.expectAllSealed()
	})
}

// TestSafetySanctionAppealAndConfidentiality follows a report to a
// withdrawal of access, the statement of reasons and an appeal reversed by
// another officer, checking that the reported member never learns who
// reported.
func TestSafetySanctionAppealAndConfidentiality(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		reporter, author := e.user(creatorclub.RoleMember), e.user(creatorclub.RoleMember)
		first, second := e.user(creatorclub.RoleSafety), e.user(creatorclub.RoleSafety)
		admin := e.user(creatorclub.RoleAdmin)
		ev := e.event(creatorclub.AudienceMembers)
		boxes, _ := db.ListBoxes(ctx, ev.ID)
		q, err := db.AskQuestion(ctx, boxes[0].ID, author.ID, "Fais attention à toi ce soir", creatorclub.VisibilityNamed, false)
		if err != nil {
			t.Fatal(err)
		}
		rc := e.signIn(reporter)
		ac := e.signIn(author)
		// Reporting through the question box opens a notice.
		r := e.post(rc, "/questions/"+itoa64(q.ID)+"/signaler", url.Values{"category": {"threat"}, "reason": {"Menace à peine voilée envers moi"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("report: %d %s", r.code, r.body)
		}
		r = e.post(rc, "/questions/"+itoa64(q.ID)+"/signaler", url.Values{"category": {"threat"}, "reason": {"encore"}})
		if r.code != http.StatusConflict {
			t.Fatalf("second report: %d", r.code)
		}
		st := safetyDB(t, db)
		cases, _ := st.ListCasesByReporter(ctx, reporter.ID)
		if len(cases) != 1 || cases[0].Kind != creatorclub.KindNotice || cases[0].TargetUserID != author.ID {
			t.Fatalf("notice: %+v", cases)
		}
		cs := itoa64(cases[0].ID)
		// A profile can be reported too.
		r = e.get(rc, "/aide/signaler?type=member&id="+itoa64(author.ID))
		if r.code != 200 || !strings.Contains(r.body, author.Name()) {
			t.Fatalf("report form: %d", r.code)
		}
		if r = e.post(rc, "/aide/signaler", url.Values{"type": {"member"}, "id": {itoa64(author.ID)}, "description": {""}}); r.code != 400 {
			t.Fatalf("empty report: %d", r.code)
		}

		oc := e.signIn(first)
		// Missing ground: a clear error, nothing applied.
		r = e.post(oc, "/securite/dossiers/"+cs+"/decisions", url.Values{"action": {"remove_content"}, "facts": {"x"}})
		if r.code != 400 || !strings.Contains(r.body, "fondement") {
			t.Fatalf("decision without ground: %d", r.code)
		}
		r = e.post(oc, "/securite/dossiers/"+cs+"/decisions", url.Values{"action": {"remove_content"}, "ground": {"law_threats"},
			"facts": {"Question menaçante publiée pendant la rencontre du 27 novembre."}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("remove: %d %s", r.code, r.body)
		}
		if got, _ := db.FindQuestion(ctx, q.ID); got.Status != creatorclub.QuestionHidden {
			t.Fatalf("question still %s", got.Status)
		}
		r = e.post(oc, "/securite/dossiers/"+cs+"/decisions", url.Values{"action": {"withdraw"}, "ground": {"charter_no_threats"},
			"facts": {"Menace envers une autre créatrice."}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("withdraw: %d %s", r.code, r.body)
		}
		// The author's session ended at once.
		if r = e.get(ac, "/accueil"); r.code != http.StatusSeeOther || !strings.HasPrefix(r.loc, "/connexion") {
			t.Fatalf("old session still works: %d %s", r.code, r.loc)
		}
		// The admin's list of users shows it.
		if r = e.get(e.signIn(admin), "/admin/utilisateurs?q="+url.QueryEscape(author.Email)); !strings.Contains(r.body, "accès lié à la certification est retiré") {
			t.Fatal("the users list does not show the withdrawal")
		}
		// The statements of reasons: what, facts, ground, no automation, appeal; never the reporter.
		statements := mailsTo(e.box.all(), author.Email)
		if len(statements) != 2 {
			t.Fatalf("statements: %d", len(statements))
		}
		st1 := statements[0].Text
		for _, want := range []string{"retrait du contenu", "Fais attention à toi ce soir", "Question menaçante publiée", "Code pénal, art. 222-17", "Aucun moyen automatisé", "contester"} {
			if !strings.Contains(st1, want) {
				t.Errorf("statement lacks %q:\n%s", want, st1)
			}
		}
		// Signed in again, the author has lost member access but reads the
		// decision and appeals.
		ac = e.signIn(author)
		for _, p := range []string{"/annuaire", "/evenements/" + itoa64(ev.ID) + "/questions", "/lettres"} {
			if r = e.get(ac, p); r.code != http.StatusForbidden || !strings.Contains(r.body, "restreint") {
				t.Fatalf("%s after withdrawal: %d", p, r.code)
			}
		}
		if r = e.get(ac, "/profil"); r.code != 200 {
			t.Fatalf("own profile after withdrawal: %d", r.code)
		}
		views := []string{}
		for _, p := range []string{"/aide/demandes", "/aide", "/compte", "/compte/export"} {
			r = e.get(ac, p)
			if r.code != 200 {
				t.Fatalf("%s: %d", p, r.code)
			}
			views = append(views, r.body)
		}
		decisions, _ := st.DecisionsForUser(ctx, author.ID)
		withdraw := decisions[0]
		r = e.get(ac, "/aide/decisions/"+itoa64(withdraw.ID))
		if r.code != 200 || !strings.Contains(r.body, "appeal-form") {
			t.Fatalf("decision page: %d", r.code)
		}
		views = append(views, r.body)
		// The reporter cannot see the decision page either.
		if r = e.get(rc, "/aide/decisions/"+itoa64(withdraw.ID)); r.code != http.StatusForbidden {
			t.Fatalf("reporter on the decision: %d", r.code)
		}
		if r = e.post(ac, "/aide/decisions/"+itoa64(withdraw.ID)+"/recours", url.Values{"text": {"Je regrette, c'était maladroit."}}); r.code != http.StatusSeeOther {
			t.Fatalf("appeal: %d %s", r.code, r.body)
		}
		appeals, _ := st.ListAppeals(ctx, true)
		if len(appeals) != 1 {
			t.Fatalf("appeals: %d", len(appeals))
		}
		hasAppealMail := func(u *creatorclub.User) bool {
			for _, m := range mailsTo(e.box.all(), u.Email) {
				if strings.HasPrefix(m.Subject, "Recours n°") {
					return true
				}
			}
			return false
		}
		if !hasAppealMail(second) || hasAppealMail(first) {
			t.Fatal("the appeal alert must go to the other officers only")
		}
		ap := itoa64(appeals[0].ID)
		// The officer who decided may not review.
		if r = e.post(oc, "/securite/recours/"+ap, url.Values{"outcome": {"reverse"}, "reasons": {"ok"}}); r.code != http.StatusForbidden {
			t.Fatalf("same officer: %d", r.code)
		}
		r = e.post(e.signIn(second), "/securite/recours/"+ap, url.Values{"outcome": {"reverse"}, "reasons": {"Maladresse reconnue, accès rétabli."}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("review: %d %s", r.code, r.body)
		}
		if r = e.get(ac, "/annuaire"); r.code != 200 {
			t.Fatalf("directory after reversal: %d", r.code)
		}
		outcome := mailsTo(e.box.all(), author.Email)
		if len(outcome) != 3 || !strings.Contains(outcome[2].Text, "annulée") {
			t.Fatalf("outcome mail: %+v", outcome)
		}
		// Statements, appeal alert and outcome were queued sealed.
		e.expectAllSealed()
		// Appealing after six months is refused with a clear message.
		db.Now = func() time.Time { return time.Now().Add(creatorclub.AppealWindow + 24*time.Hour) }
		remove := decisions[1]
		r = e.post(ac, "/aide/decisions/"+itoa64(remove.ID)+"/recours", url.Values{"text": {"trop tard"}})
		if r.code != 400 || !strings.Contains(r.body, "six mois") {
			t.Fatalf("late appeal: %d", r.code)
		}
		db.Now = time.Now
		// Nowhere the reported member looks, nor in the mails they got, nor
		// in the public exports, is the reporter named.
		views = append(views, e.get(ac, "/aide/decisions/"+itoa64(withdraw.ID)).body, e.get(e.client(), "/transparence.csv").body, e.get(e.client(), "/transparence").body)
		for _, m := range mailsTo(e.box.all(), author.Email) {
			views = append(views, m.Subject+m.Text+m.HTML)
		}
		for i, v := range views {
			for _, id := range []string{reporter.Email, reporter.FirstName, reporter.Cert.Number, "Menace à peine voilée"} {
				if strings.Contains(v, id) {
					t.Errorf("view %d of the reported member contains %q", i, id)
				}
			}
		}
		// The reporter's own export holds their report.
		if r = e.get(rc, "/compte/export"); !strings.Contains(r.body, "Menace à peine voilée") {
			t.Fatal("the reporter's export misses their report")
		}
		// The transparency report counts it.
		r = e.get(e.client(), "/transparence.csv")
		if !strings.Contains(r.body, "notices,threat,1") || !strings.Contains(r.body, "actions,withdraw,1") || !strings.Contains(r.body, "appeals,reversed,1") {
			t.Fatalf("transparency CSV:\n%s", r.body)
		}
		if r = e.get(e.client(), "/transparence?du=2026-13-01"); r.code != 400 {
			t.Fatalf("bad period: %d", r.code)
		}
		// Every page of the desk is translated, in both languages.
		sc := e.signIn(second)
		for _, lang := range []string{"fr", "en"} {
			for _, u := range []*creatorclub.User{reporter, author, second} {
				if _, err := db.UpdateProfile(ctx, u.ID, creatorclub.ProfileUpdate{Locale: lang, DisplayName: u.DisplayName}); err != nil {
					t.Fatal(err)
				}
			}
			for _, pc := range []struct {
				c    *http.Client
				path string
			}{{rc, "/aide"}, {rc, "/aide/demandes"}, {rc, "/aide/demandes/" + cs}, {rc, "/aide/signaler?type=member&id=" + itoa64(author.ID)},
				{ac, "/aide/decisions/" + itoa64(withdraw.ID)}, {ac, "/aide/demandes"}, {sc, "/securite"}, {sc, "/securite/dossiers/" + cs},
				{sc, "/securite/recours?tous=1"}, {sc, "/transparence"}} {
				r := e.get(pc.c, pc.path, "Cookie", "lang="+lang)
				if r.code != 200 {
					t.Fatalf("%s (%s): %d", pc.path, lang, r.code)
				}
				if !strings.Contains(r.body, `<html lang="`+lang+`"`) {
					t.Errorf("%s: not in %s", pc.path, lang)
				}
				if i := strings.Index(r.body, "safety_"); i >= 0 {
					t.Errorf("%s (%s) shows an untranslated id: %s", pc.path, lang, r.body[i:min(len(r.body), i+60)])
				}
			}
		}
	})
}

func TestSafetyMisuseAndBan(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		reporter := e.user(creatorclub.RoleMember)
		officer := e.user(creatorclub.RoleSafety)
		rc, oc := e.signIn(reporter), e.signIn(officer)
		var targets []*creatorclub.User
		for i := 0; i < 4; i++ {
			targets = append(targets, e.user(creatorclub.RoleMember))
		}
		st := safetyDB(t, db)
		for i := 0; i < 3; i++ {
			r := e.post(rc, "/aide/signaler", url.Values{"type": {"member"}, "id": {itoa64(targets[i].ID)}, "category": {"harassment"}, "description": {"il me regarde"}})
			if r.code != http.StatusSeeOther {
				t.Fatalf("report %d: %d", i, r.code)
			}
			cs, _ := st.ListCasesByReporter(ctx, reporter.ID)
			if r = e.post(oc, "/securite/dossiers/"+itoa64(cs[0].ID)+"/infonde", url.Values{}); r.code != http.StatusSeeOther {
				t.Fatalf("unfounded: %d", r.code)
			}
		}
		mails := mailsTo(e.box.all(), reporter.Email)
		var misuse []string
		for _, m := range mails {
			if m.Subject == "Vos signalements" {
				misuse = append(misuse, m.Text)
			}
		}
		if len(misuse) != 2 || !strings.Contains(misuse[0], "pourra être suspendue") || !strings.Contains(misuse[1], "suspendue jusqu'au") {
			t.Fatalf("misuse mails: %q", misuse)
		}
		r := e.post(rc, "/aide/signaler", url.Values{"type": {"member"}, "id": {itoa64(targets[3].ID)}, "category": {"harassment"}, "description": {"x"}})
		if r.code != http.StatusForbidden || !strings.Contains(r.body, "suspendus") {
			t.Fatalf("report while suspended: %d", r.code)
		}
		// Asking for help still works.
		if r = e.postFiles(rc, "/aide/demandes", url.Values{"category": {"distress"}, "description": {"ça ne va pas"}}); r.code != http.StatusSeeOther {
			t.Fatalf("help while suspended: %d %s", r.code, r.body)
		}
		// A ban leaves only the help desk and the account.
		bad := targets[3]
		oc2 := e.signIn(e.user(creatorclub.RoleMember))
		e.post(oc2, "/aide/signaler", url.Values{"type": {"member"}, "id": {itoa64(bad.ID)}, "category": {"threat"}, "description": {"menaces répétées"}})
		cs, _ := st.ListCases(ctx, creatorclub.CaseFilter{Category: creatorclub.CategoryThreat})
		if r = e.post(oc, "/securite/dossiers/"+itoa64(cs[0].ID)+"/decisions", url.Values{"action": {"ban"}, "ground": {"law_threats"}, "facts": {"Menaces répétées."}}); r.code != http.StatusSeeOther {
			t.Fatalf("ban: %d %s", r.code, r.body)
		}
		bc := e.signIn(bad)
		if r = e.get(bc, "/agenda"); r.code != 200 {
			t.Fatalf("public page after ban: %d", r.code)
		}
		if r = e.get(bc, "/profil"); r.code != http.StatusForbidden {
			t.Fatalf("profile after ban: %d", r.code)
		}
		if r = e.get(bc, "/aide/demandes"); r.code != 200 || !strings.Contains(r.body, "exclu") {
			t.Fatalf("own decisions after ban: %d", r.code)
		}
		// Misuse warnings and the statement of the ban were queued sealed.
		e.expectAllSealed()
	})
}
