package web_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

func init() {
	for k, v := range map[string]string{
		"GET /comite":                "all",
		"GET /comite/appels/{call}":  "member",
		"POST /comite/appels/{call}": "member",
		// Sitting committee members only: tested in TestCommitteePrefs.
		"POST /comite/preferences": "none",
		// Sitting committee members and staff: members are checked by the
		// handler (a fresh member is refused); tested in TestCommitteeSpaceAccess.
		"GET /comite/espace":                                 "moderator safety admin",
		"POST /comite/documents":                             "moderator safety admin",
		"GET /comite/documents/{doc}":                        "moderator safety admin",
		"POST /comite/documents/{doc}/versions":              "moderator safety admin",
		"GET /comite/documents/{doc}/versions/{ver}":         "moderator safety admin",
		"POST /comite/documents/{doc}/messages":              "moderator safety admin",
		"GET /comite/reunions/{meeting}":                     "moderator safety admin",
		"POST /comite/reunions/{meeting}/messages":           "moderator safety admin",
		"GET /gestion/comite":                                "moderator safety admin",
		"GET /gestion/comite/appels/nouveau":                 "moderator safety admin",
		"POST /gestion/comite/appels":                        "moderator safety admin",
		"GET /gestion/comite/appels/{call}":                  "moderator safety admin",
		"POST /gestion/comite/appels/{call}":                 "moderator safety admin",
		"GET /gestion/comite/candidatures/{app}":             "moderator safety admin",
		"POST /gestion/comite/candidatures/{app}/evaluation": "moderator safety admin",
		"POST /gestion/comite/candidatures/{app}/decision":   "moderator safety admin",
		"POST /gestion/comite/mandats/{term}/fin":            "moderator safety admin",
		"POST /gestion/comite/mandats/{term}/renouveler":     "moderator safety admin",
		"POST /gestion/comite/mandats/{term}/role":           "moderator safety admin",
		"GET /admin/renouvellement":                          "admin",
		"POST /admin/renouvellement":                         "admin",
		"GET /notifications":                                 "signed-in",
		"POST /notifications/tout-lire":                      "signed-in",
		// Another user's notification is not found (404), never opened.
		"POST /notifications/{notif}/ouvrir": "signed-in",
		"POST /accueil/veille-vue":           "signed-in",
	} {
		expectedAccess[k] = v
	}
	authzFixtures = append(authzFixtures, func(t *testing.T, e *env, db *sqldb.DB) []string {
		f := newCommitteeFixture(t, e, db)
		var notif int64
		err := db.WithTx(ctx, func(tx *sql.Tx) error {
			if err := db.Notify(ctx, tx, f.member.ID, "committee", "x", "/comite"); err != nil {
				return err
			}
			return tx.QueryRow(`SELECT MAX(id) FROM notifications`).Scan(&notif)
		})
		if err != nil {
			t.Fatal(err)
		}
		return []string{"{call}", id(f.call.ID), "{doc}", id(f.doc.ID), "{ver}", id(f.doc.Current.ID), "{meeting}", id(f.meeting.ID),
			"{app}", id(f.app.ID), "{term}", id(f.term.ID), "{notif}", id(notif)}
	})
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// committeeFixture is an open call with one accepted member sitting on the
// committee, a committee meeting and a document.
type committeeFixture struct {
	staff   *creatorclub.User
	member  *creatorclub.User // sits on the committee
	call    *creatorclub.CommitteeCall
	app     *creatorclub.CommitteeApplication
	term    *creatorclub.CommitteeTerm
	meeting *creatorclub.Event
	doc     *creatorclub.CommitteeDocument
}

func newCommitteeFixture(t *testing.T, e *env, db *sqldb.DB) *committeeFixture {
	t.Helper()
	f := &committeeFixture{staff: e.user(creatorclub.RoleModerator), member: e.user(creatorclub.RoleMember)}
	f.call = &creatorclub.CommitteeCall{Title: "Comité de suivi 2027", OpensAt: time.Now().Add(-time.Hour), ClosesAt: time.Now().AddDate(0, 0, 14),
		Seats: 3, TermMonths: 24, CreatedBy: f.staff.ID}
	if err := db.SaveCall(ctx, f.call, nil); err != nil {
		t.Fatal(err)
	}
	f.app = &creatorclub.CommitteeApplication{CallID: f.call.ID, UserID: f.member.ID, Motivation: "Je veux représenter les créateurs culinaires.",
		Platforms: []string{"instagram"}, AudienceSize: 50000}
	if err := db.Apply(ctx, f.app); err != nil {
		t.Fatal(err)
	}
	ch, err := db.DecideApplication(ctx, f.app.ID, creatorclub.ApplicationAccepted, "Bienvenue", f.staff.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.term = ch.Term
	f.meeting = e.event(creatorclub.AudienceCommittee)
	f.meeting.Title = "Réunion du comité de décembre"
	if _, err := db.UpdateEvent(ctx, f.meeting, nil); err != nil {
		t.Fatal(err)
	}
	f.doc = &creatorclub.CommitteeDocument{Title: "Ordre du jour", MeetingID: f.meeting.ID, CreatedBy: f.staff.ID}
	v := &creatorclub.DocumentVersion{Name: "odj.pdf", ContentType: "application/pdf", Size: 4, Key: "aaaaaaaaaaaaaaaaaaaaaaaaaa", SHA256: "x", UploadedBy: f.staff.ID}
	if err := db.CreateDocument(ctx, f.doc, v, nil); err != nil {
		t.Fatal(err)
	}
	return f
}

// uploadFile posts a multipart form with one file and fields.
func uploadFile(t *testing.T, e *env, c *http.Client, path, name string, content []byte, fields ...string) resp {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for i := 0; i+1 < len(fields); i += 2 {
		w.WriteField(fields[i], fields[i+1])
	}
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(content)
	w.Close()
	req, _ := http.NewRequest("POST", e.ts.URL+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{code: res.StatusCode, body: string(b), loc: res.Header.Get("Location"), hdr: res.Header}
}

var tinyPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

func applyForm(motivation string, platforms ...string) url.Values {
	return url.Values{"motivation": {motivation}, "platforms": platforms, "audience_size": {"120 000"}, "conflicts": {""}}
}

// openCall has staff open "Comité 2027", open since two hours, closing in
// ten days, and returns its members' path.
func openCall(t *testing.T, e *env, staff *http.Client, seats int) string {
	t.Helper()
	now := time.Now().In(time.FixedZone("x", 0))
	r := e.post(staff, "/gestion/comite/appels", url.Values{"title": {"Comité 2027"}, "opens_at": {now.Add(-2 * time.Hour).Format("2006-01-02T15:04")},
		"closes_at": {now.AddDate(0, 0, 10).Format("2006-01-02T15:04")}, "seats": {strconv.Itoa(seats)}, "term_months": {"24"}})
	if r.code != 303 {
		t.Fatalf("create call: %d %s", r.code, r.body)
	}
	return strings.Replace(r.loc, "/gestion", "", 1)
}

func TestCommitteeApplicationCycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		staff := e.user(creatorclub.RoleModerator)
		sc := e.signIn(staff)
		// Staff open a call with one seat.
		callPath := openCall(t, e, sc, 1)
		if bad := e.post(sc, "/gestion/comite/appels", url.Values{"title": {"X"}, "opens_at": {"demain"}, "closes_at": {""}, "seats": {"1"}, "term_months": {"24"}}); bad.code != 400 || !strings.Contains(bad.body, "date de clôture") || !strings.Contains(bad.body, `value="X"`) {
			t.Fatalf("bad call: %d", bad.code)
		}

		lea, theo := e.user(creatorclub.RoleMember), e.user(creatorclub.RoleMember)
		lc, tc := e.signIn(lea), e.signIn(theo)
		if r := e.get(lc, "/accueil"); !strings.Contains(r.body, "Comité 2027") || !strings.Contains(r.body, callPath) {
			t.Fatal("the open call is not on the member's home")
		}
		if r := e.post(lc, callPath, applyForm("Je veux contribuer à une influence responsable.", "instagram", "tiktok")); r.code != 303 {
			t.Fatalf("apply: %d %s", r.code, r.body)
		}
		// A second application to the same call: clear error, nothing lost.
		r := e.post(lc, callPath, applyForm("Une seconde candidature qui ne doit pas remplacer la première.", "youtube"))
		if r.code != 409 || !strings.Contains(r.body, "déjà candidaté") || !strings.Contains(r.body, "Une seconde candidature") {
			t.Fatalf("second application: %d", r.code)
		}
		callID, _ := strconv.ParseInt(strings.TrimPrefix(callPath, "/comite/appels/"), 10, 64)
		a, err := db.FindApplicationFor(ctx, callID, lea.ID)
		if err != nil || !strings.Contains(a.Motivation, "influence responsable") || a.AudienceSize != 120000 || len(a.Platforms) != 2 {
			t.Fatalf("first application: %+v %v", a, err)
		}
		// Editing until the close date.
		f := applyForm("Je veux contribuer à une influence responsable, et au suivi de l'observatoire.", "instagram")
		f.Set("edit", "1")
		f.Set("conflicts", "Ambassadrice d'une marque de thé.")
		if r := e.post(lc, callPath, f); r.code != 303 {
			t.Fatalf("edit: %d %s", r.code, r.body)
		}
		if a, _ = db.FindApplicationFor(ctx, callID, lea.ID); a.Conflicts != "Ambassadrice d'une marque de thé." {
			t.Fatalf("edited: %+v", a)
		}
		// Bad input keeps what was typed.
		if r := e.post(tc, callPath, applyForm("court", "instagram")); r.code != 400 || !strings.Contains(r.body, "20 caractères") || !strings.Contains(r.body, ">court</textarea>") {
			t.Fatalf("short motivation: %d", r.code)
		}
		if r := e.post(tc, callPath, applyForm("Théo souhaite rejoindre le comité de suivi.", "instagram")); r.code != 303 {
			t.Fatalf("theo applies: %d", r.code)
		}
		b, _ := db.FindApplicationFor(ctx, callID, theo.ID)

		// Staff review: scores and comments stay invisible to the applicant.
		appPath := fmt.Sprintf("/gestion/comite/candidatures/%d", a.ID)
		if r := e.get(sc, appPath); r.code != 200 || !strings.Contains(r.body, "marque de thé") {
			t.Fatalf("review page: %d", r.code)
		}
		if r := e.post(sc, appPath+"/evaluation", url.Values{"score": {"5"}, "comment": {"Profil très solide, commentaire interne."}}); r.code != 303 {
			t.Fatalf("review: %d %s", r.code, r.body)
		}
		if r := e.post(sc, appPath+"/evaluation", url.Values{"score": {"7"}}); r.code != 400 {
			t.Fatalf("bad score: %d", r.code)
		}
		if r := e.get(lc, callPath); strings.Contains(r.body, "commentaire interne") || strings.Contains(r.body, "5/5") {
			t.Fatal("the applicant sees the staff review")
		}
		if r := e.get(lc, appPath); r.code != 403 {
			t.Fatalf("applicant on the review page: %d", r.code)
		}
		// Decisions, with the message by email.
		before := len(e.box.all())
		if r := e.post(sc, appPath+"/decision", url.Values{"decision": {"accepted"}, "message": {"Bienvenue au comité, première réunion en janvier."}}); r.code != 303 {
			t.Fatalf("accept: %d %s", r.code, r.body)
		}
		msgs := e.box.all()[before:]
		if len(msgs) != 1 || msgs[0].To != lea.Email || !strings.Contains(msgs[0].Text, "première réunion en janvier") || !strings.Contains(msgs[0].Subject, "retenue") {
			t.Fatalf("decision mail: %+v", msgs)
		}
		if r := e.get(lc, callPath); !strings.Contains(r.body, "première réunion en janvier") || !strings.Contains(r.body, "retenue") {
			t.Fatal("the decision is not on the applicant's page")
		}
		if r := e.get(lc, "/comite/espace"); r.code != 200 {
			t.Fatalf("accepted member on the space: %d", r.code)
		}
		// No seat left: waiting list.
		bPath := fmt.Sprintf("/gestion/comite/candidatures/%d", b.ID)
		if r := e.post(sc, bPath+"/decision", url.Values{"decision": {"accepted"}}); r.code != 409 || !strings.Contains(r.body, "sièges") {
			t.Fatalf("accept beyond seats: %d", r.code)
		}
		if r := e.post(sc, bPath+"/decision", url.Values{"decision": {"waitlisted"}, "message": {"Vous êtes premier sur la liste."}}); r.code != 303 {
			t.Fatalf("waitlist: %d", r.code)
		}
		if r := e.get(tc, callPath); !strings.Contains(r.body, "Rang sur la liste d&#39;attente : 1") {
			t.Fatalf("waitlist position not shown: %s", e.get(tc, callPath).body)
		}
		if r := e.get(tc, "/comite/espace"); r.code != 403 {
			t.Fatalf("waitlisted member on the space: %d", r.code)
		}
		// Léa resigns: Théo is promoted, told by mail and in-app.
		term, _ := db.CurrentTerm(ctx, lea.ID)
		before = len(e.box.all())
		if r := e.post(sc, fmt.Sprintf("/gestion/comite/mandats/%d/fin", term.ID), url.Values{"reason": {"resigned"}}); r.code != 303 {
			t.Fatalf("end term: %d %s", r.code, r.body)
		}
		msgs = e.box.all()[before:]
		if len(msgs) != 1 || msgs[0].To != theo.Email {
			t.Fatalf("promotion mail: %+v", msgs)
		}
		if r := e.get(tc, "/comite/espace"); r.code != 200 {
			t.Fatalf("promoted member on the space: %d", r.code)
		}
		if r := e.get(lc, "/comite/espace"); r.code != 403 {
			t.Fatalf("resigned member on the space: %d", r.code)
		}
		if r := e.get(tc, "/accueil"); !strings.Contains(r.body, `id="unread-count"`) || !strings.Contains(r.body, "un siège s&#39;est libéré") {
			t.Fatalf("promotion notification not shown: %s", r.body)
		}
		// Decisions are audited.
		entries, _, _ := db.ListAudit(ctx, creatorclub.AuditFilter{Action: creatorclub.AuditCommitteeDecision})
		if len(entries) != 2 || entries[0].ActorID != staff.ID {
			t.Fatalf("decision audit: %+v", entries)
		}
		// After the close date: clear error, nothing changed.
		tx, _ := db.Write.Begin()
		tx.Exec(`UPDATE committee_calls SET closes_at = $1 WHERE id = $2`, time.Now().Add(-time.Minute).UTC(), callID)
		tx.Commit()
		late := e.user(creatorclub.RoleMember)
		r = e.post(e.signIn(late), callPath, applyForm("Je candidate après la clôture de l'appel.", "instagram"))
		if r.code != 409 || !strings.Contains(r.body, "clos") || !strings.Contains(r.body, "Je candidate après la clôture") {
			t.Fatalf("late application: %d", r.code)
		}
		if _, err := db.FindApplicationFor(ctx, callID, late.ID); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Fatalf("late application stored: %v", err)
		}
	})
}

func TestCommitteeSpaceAccess(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		f := newCommitteeFixture(t, e, db)
		mc := e.signIn(f.member)
		outsider := e.signIn(e.user(creatorclub.RoleMember))
		partner := e.signIn(e.user(creatorclub.RolePartner))
		speaker := e.signIn(e.user(creatorclub.RoleSpeaker))
		staff := e.signIn(e.user(creatorclub.RoleSafety))

		// A committee member uploads a document, replaces it, and discusses it.
		r := uploadFile(t, e, mc, "/comite/documents", "compte-rendu.pdf", tinyPDF, "title", "Compte rendu de novembre", "meeting", id(f.meeting.ID))
		if r.code != 303 {
			t.Fatalf("upload: %d %s", r.code, r.body)
		}
		docPath := r.loc
		if r := uploadFile(t, e, mc, docPath+"/versions", "compte-rendu-v2.pdf", append(tinyPDF, '\n'), "note", "Corrections"); r.code != 303 {
			t.Fatalf("replace: %d %s", r.code, r.body)
		}
		page := e.get(mc, docPath)
		vers := regexp.MustCompile(`href="(/comite/documents/\d+/versions/\d+)"`).FindAllStringSubmatch(page.body, -1)
		if page.code != 200 || len(vers) < 3 || !strings.Contains(page.body, "compte-rendu-v2.pdf") || !strings.Contains(page.body, "Corrections") {
			t.Fatalf("document page: %d %s", page.code, page.body)
		}
		verPath := vers[len(vers)-1][1] // the first version, at the bottom of the history
		if r := e.get(mc, verPath); r.code != 200 || r.body != string(tinyPDF) || !strings.HasPrefix(r.hdr.Get("Content-Disposition"), "attachment") {
			t.Fatalf("download v1: %d %q", r.code, r.body)
		}
		if r := e.post(mc, docPath+"/messages", url.Values{"body": {"Relu, d'accord avec le point 2."}}); r.code != 303 {
			t.Fatalf("post: %d", r.code)
		}
		meetingPath := fmt.Sprintf("/comite/reunions/%d", f.meeting.ID)
		if r := e.post(mc, meetingPath+"/messages", url.Values{"body": {"Je serai en retard de 10 minutes."}}); r.code != 303 {
			t.Fatalf("meeting post: %d", r.code)
		}

		paths := []string{"/comite/espace", docPath, verPath, meetingPath, fmt.Sprintf("/evenements/%d", f.meeting.ID)}
		for _, p := range paths {
			if r := e.get(mc, p); r.code != 200 {
				t.Errorf("committee member GET %s: %d", p, r.code)
			}
			if r := e.get(staff, p); r.code != 200 {
				t.Errorf("staff GET %s: %d", p, r.code)
			}
			for who, c := range map[string]*http.Client{"outsider member": outsider, "partner": partner, "speaker": speaker} {
				r := e.get(c, p)
				want := 403
				if strings.HasPrefix(p, "/evenements/") {
					want = 404 // the committee's events are hidden from others
				}
				if r.code != want || strings.Contains(r.body, "Relu, d'accord") || strings.Contains(r.body, "%PDF") {
					t.Errorf("%s GET %s: %d, want %d", who, p, r.code, want)
				}
			}
		}
		for _, p := range []string{docPath + "/messages", meetingPath + "/messages"} {
			if r := e.post(outsider, p, url.Values{"body": {"intrusion"}}); r.code != 403 {
				t.Errorf("outsider POST %s: %d", p, r.code)
			}
		}
		if r := uploadFile(t, e, outsider, "/comite/documents", "x.pdf", tinyPDF, "title", "Intrusion"); r.code != 403 {
			t.Errorf("outsider upload: %d", r.code)
		}
		if r := e.get(outsider, "/agenda"); strings.Contains(r.body, f.meeting.Title) {
			t.Error("the committee meeting is on an outsider's agenda")
		}
		if r := e.get(mc, "/agenda"); !strings.Contains(r.body, f.meeting.Title) {
			t.Error("the committee meeting is not on the member's agenda")
		}
		if r := e.post(outsider, fmt.Sprintf("/evenements/%d/inscription", f.meeting.ID), nil); r.code != 404 {
			t.Errorf("outsider registers for a committee meeting: %d", r.code)
		}
		if r := e.post(mc, fmt.Sprintf("/evenements/%d/inscription", f.meeting.ID), nil); r.code != 303 {
			t.Errorf("committee member registers: %d %s", r.code, r.body)
		}
		docID, _ := strconv.ParseInt(strings.TrimPrefix(docPath, "/comite/documents/"), 10, 64)
		posts, _ := db.ListPosts(ctx, creatorclub.ThreadDocument, docID)
		if len(posts) != 1 {
			t.Fatalf("posts after intrusions: %+v", posts)
		}
		// Access ends at once with the term, and with the certification.
		other := e.user(creatorclub.RoleMember)
		a := &creatorclub.CommitteeApplication{CallID: f.call.ID, UserID: other.ID, Motivation: "Motivation suffisante pour le test.", Platforms: []string{"tiktok"}}
		if err := db.Apply(ctx, a); err != nil {
			t.Fatal(err)
		}
		if _, err := db.DecideApplication(ctx, a.ID, creatorclub.ApplicationAccepted, "", f.staff.ID, nil); err != nil {
			t.Fatal(err)
		}
		oc := e.signIn(other)
		if r := e.get(oc, docPath); r.code != 200 {
			t.Fatalf("second member: %d", r.code)
		}
		if _, err := db.EndTerm(ctx, f.term.ID, creatorclub.TermEndRemoved, nil); err != nil {
			t.Fatal(err)
		}
		if r := e.get(mc, docPath); r.code != 403 {
			t.Fatalf("after the term ended: %d", r.code)
		}
		tx, _ := db.Write.Begin()
		tx.Exec(`UPDATE users SET cert_status = 'revoked' WHERE id = $1`, other.ID)
		tx.Commit()
		if r := e.get(oc, docPath); r.code == 200 || strings.Contains(r.body, "Compte rendu") {
			t.Fatalf("after the certification was revoked: %d", r.code)
		}
	})
}

func TestCommitteeUploadBadInput(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		f := newCommitteeFixture(t, e, db)
		mc := e.signIn(f.member)
		before, _ := db.ListDocuments(ctx, 0, 100)
		html := []byte("<!doctype html><html><body><script>alert(1)</script></body></html>")
		r := uploadFile(t, e, mc, "/comite/documents", "ordre-du-jour.pdf", html, "title", "Ordre du jour piégé")
		if r.code != 400 || !strings.Contains(r.body, "type de fichier") || !strings.Contains(r.body, `value="Ordre du jour piégé"`) {
			t.Fatalf("forbidden type: %d %s", r.code, r.body)
		}
		r = uploadFile(t, e, mc, "/comite/documents", "programme.exe", []byte("MZ\x90\x00binary"), "title", "Programme")
		if r.code != 400 {
			t.Fatalf("executable: %d", r.code)
		}
		big := append(append([]byte{}, tinyPDF...), bytes.Repeat([]byte("0"), 20<<20)...)
		r = uploadFile(t, e, mc, "/comite/documents", "enorme.pdf", big, "title", "Trop gros")
		if r.code != 413 || !strings.Contains(r.body, "20 Mo") {
			t.Fatalf("too large: %d", r.code)
		}
		if r := uploadFile(t, e, mc, "/comite/documents", "ok.pdf", tinyPDF, "title", "   "); r.code != 400 || !strings.Contains(r.body, "titre") {
			t.Fatalf("untitled: %d", r.code)
		}
		after, _ := db.ListDocuments(ctx, 0, 100)
		if len(after) != len(before) {
			t.Fatalf("a refused upload created a document: %d → %d", len(before), len(after))
		}
		// Replacing with a forbidden file keeps the current version.
		docPath := fmt.Sprintf("/comite/documents/%d", f.doc.ID)
		if r := uploadFile(t, e, mc, docPath+"/versions", "v2.pdf", html); r.code != 400 {
			t.Fatalf("bad replacement: %d", r.code)
		}
		if d, _ := db.FindDocument(ctx, f.doc.ID); d.Versions != 1 {
			t.Fatalf("versions after a refused replacement: %d", d.Versions)
		}
		if r := e.post(mc, docPath+"/messages", url.Values{"body": {"   "}}); r.code != 400 || !strings.Contains(r.body, "Écrivez un message") {
			t.Fatalf("empty message: %d", r.code)
		}
	})
}

func TestCommitteePrefs(t *testing.T) {
	e := newEnv(t, sqldbtest.Open(t, sqldb.SQLite))
	f := newCommitteeFixture(t, e, e.db)
	mc := e.signIn(f.member)
	if r := e.get(e.client(), "/comite"); strings.Contains(r.body, f.member.FirstName) {
		t.Fatal("listed publicly without consent")
	}
	if r := e.post(mc, "/comite/preferences", url.Values{"public": {"on"}}); r.code != 303 {
		t.Fatalf("prefs: %d", r.code)
	}
	if r := e.get(e.client(), "/comite"); !strings.Contains(r.body, f.member.FirstName) {
		t.Fatal("not listed after consent")
	}
	// Notices off: no mail for a new document, but the in-app notice stays.
	other := e.user(creatorclub.RoleMember)
	a := &creatorclub.CommitteeApplication{CallID: f.call.ID, UserID: other.ID, Motivation: "Motivation suffisante pour le test.", Platforms: []string{"tiktok"}}
	e.db.Apply(ctx, a)
	e.db.DecideApplication(ctx, a.ID, creatorclub.ApplicationAccepted, "", f.staff.ID, nil)
	before := len(e.box.all())
	if r := uploadFile(t, e, e.signIn(other), "/comite/documents", "note.pdf", tinyPDF, "title", "Note de cadrage"); r.code != 303 {
		t.Fatalf("upload: %d", r.code)
	}
	for _, m := range e.box.all()[before:] {
		if m.To == f.member.Email {
			t.Fatal("mail sent despite the preference")
		}
	}
	if n, _ := e.db.CountUnread(ctx, f.member.ID); n != 1 {
		t.Fatalf("in-app notices: %d", n)
	}
	if r := e.get(mc, "/compte/export"); !strings.Contains(r.body, `"committee_applications"`) || !strings.Contains(r.body, "représenter les créateurs culinaires") {
		t.Fatalf("export lacks the application: %s", r.body)
	}
	if r := e.post(e.signIn(e.user(creatorclub.RoleMember)), "/comite/preferences", url.Values{"public": {"on"}}); r.code != 403 {
		t.Fatalf("prefs of a non-member: %d", r.code)
	}
}

func TestCommitteeMailsRespectPreferences(t *testing.T) {
	e := newEnv(t, sqldbtest.Open(t, sqldb.SQLite))
	f := newCommitteeFixture(t, e, e.db)
	other := e.user(creatorclub.RoleMember)
	a := &creatorclub.CommitteeApplication{CallID: f.call.ID, UserID: other.ID, Motivation: "Motivation suffisante pour le test.", Platforms: []string{"tiktok"}}
	e.db.Apply(ctx, a)
	e.db.DecideApplication(ctx, a.ID, creatorclub.ApplicationAccepted, "", f.staff.ID, nil)
	before := len(e.box.all())
	r := e.post(e.signIn(other), fmt.Sprintf("/comite/documents/%d/messages", f.doc.ID), url.Values{"body": {"Une remarque sur le point 1."}})
	if r.code != 303 {
		t.Fatalf("post: %d", r.code)
	}
	msgs := e.box.all()[before:]
	if len(msgs) != 1 || msgs[0].To != f.member.Email || !strings.Contains(msgs[0].Text, "Une remarque sur le point 1.") {
		t.Fatalf("reply mail: %+v", msgs)
	}
}
