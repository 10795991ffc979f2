package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/creatorclub/creatorclub"
)

// TestSafetyReportSanctionAppeal: a member reports a threatening question of
// another member; a safety officer removes it and withdraws the author's
// access; the author gets the statement of reasons, signs in, appeals; a
// second officer reverses; access is restored.
func TestSafetyReportSanctionAppeal(t *testing.T) {
	t.Parallel()
	m := MustRunMain(t)
	bg := context.Background()
	moderator := &creatorclub.User{Email: "modo@exemple.fr", FirstName: "Camille", LastName: "Roux", Role: creatorclub.RoleModerator}
	first := &creatorclub.User{Email: "securite1@exemple.fr", FirstName: "Inès", LastName: "Garnier", Role: creatorclub.RoleSafety}
	second := &creatorclub.User{Email: "securite2@exemple.fr", FirstName: "Paul", LastName: "Lemoine", Role: creatorclub.RoleSafety}
	for _, u := range []*creatorclub.User{moderator, first, second} {
		if err := m.DB.CreateUser(bg, u); err != nil {
			t.Fatalf("create %s: %v", u.Email, err)
		}
	}
	mustImport(t, m,
		member(2, "CC-2026-0201", "Léa", "Martin", "lea.martin@exemple.fr"),
		member(3, "CC-2026-0202", "Hugo", "Bernard", "hugo.bernard@exemple.fr"))
	reporter, author := "lea.martin@exemple.fr", "hugo.bernard@exemple.fr"
	authorUser := mustFindUser(t, m, author)

	start := time.Now().UTC().Add(3 * 24 * time.Hour).Truncate(time.Minute)
	ev := &creatorclub.Event{Kind: creatorclub.KindMeeting, Title: "Santé mentale des créateurs", StartsAt: start, EndsAt: start.Add(90 * time.Minute),
		TimeZone: "Europe/Paris", Audience: creatorclub.AudienceMembers, Status: creatorclub.EventPublished, CreatedBy: moderator.ID}
	if err := m.DB.CreateEvent(bg, ev, nil); err != nil {
		t.Fatalf("create the event: %v", err)
	}
	boxes, err := m.DB.ListBoxes(bg, ev.ID)
	if err != nil {
		t.Fatalf("list the boxes: %v", err)
	}
	const threat = "Je sais où tu habites, fais bien attention à toi après la réunion"
	q, err := m.DB.AskQuestion(bg, boxes[0].ID, authorUser.ID, threat, creatorclub.VisibilityNamed, false)
	if err != nil {
		t.Fatalf("ask: %v", err)
	}
	page := fmt.Sprintf("/evenements/%d/questions", ev.ID)
	qSel := fmt.Sprintf("#q-%d", q.ID)

	rCtx := newBrowser(t)
	aCtx := newSession(t, rCtx)
	oCtx := newSession(t, rCtx)
	signInAll(t, m, signInSession{rCtx, reporter}, signInSession{aCtx, author}, signInSession{oCtx, first.Email})

	// 1. The reporter reports the question as a threat.
	if status := open(t, rCtx, m, page); status != 200 {
		t.Fatalf("questions page: %d\n%s", status, pageState(rCtx))
	}
	const reason = "Cette question me vise : c'est une menace, il connaît mon adresse."
	do(t, rCtx, "open the report form",
		chromedp.Click(css(qSel+" details.report summary")),
		chromedp.SetValue(css(fmt.Sprintf("#report-cat-%d", q.ID)), "threat"),
		chromedp.SendKeys(css(fmt.Sprintf("#reason-%d", q.ID)), reason))
	if status := click(t, rCtx, qSel+" details.report button"); status != 200 {
		t.Fatalf("report answered %d\n%s", status, pageState(rCtx))
	}
	wantPath(t, rCtx, page)
	wantText(t, rCtx, ".flash", "signal")

	// 2. The first officer finds it in the queue, removes the question and
	// withdraws the author's access.
	if status := open(t, oCtx, m, "/securite"); status != 200 {
		t.Fatalf("queue: %d\n%s", status, pageState(oCtx))
	}
	wantText(t, oCtx, "#queue", "Menace ou pression")
	if status := click(t, oCtx, `#queue a[href^="/securite/dossiers/"]`); status != 200 {
		t.Fatalf("case: %d\n%s", status, pageState(oCtx))
	}
	wantText(t, oCtx, "#thread", "il connaît mon adresse")
	wantText(t, oCtx, "#case-target", "Hugo Bernard")
	casePath := pagePath(t, oCtx)
	decide := func(action, ground, facts string) {
		t.Helper()
		do(t, oCtx, "fill the decision "+action,
			chromedp.SetValue(css("#action"), action),
			chromedp.SetValue(css("#ground"), ground),
			chromedp.SendKeys(css("#facts"), facts))
		if status := click(t, oCtx, "#take-decision"); status != 200 {
			t.Fatalf("decision %s answered %d\n%s", action, status, pageState(oCtx))
		}
		wantPath(t, oCtx, casePath)
		wantText(t, oCtx, ".flash", "Décision appliquée")
	}
	before := outboxFiles(t, m)
	decide("remove_content", "law_threats", "Question menaçant une autre membre publiée dans la boîte de la rencontre.")
	decide("withdraw", "charter_no_threats", "Menace envers une autre créatrice du club.")
	wantText(t, oCtx, "#decisions", "Retirer l'accès lié à la certification")
	if got, _ := m.DB.FindQuestion(bg, q.ID); got.Status != creatorclub.QuestionHidden {
		t.Fatalf("question status %s, want hidden", got.Status)
	}

	// 3. The author's session ended at once.
	open(t, aCtx, m, "/accueil")
	if p := pagePath(t, aCtx); !strings.HasPrefix(p, "/connexion") {
		t.Fatalf("the author's session still works: %s", p)
	}
	// The statement of reasons, without the reporter.
	statement := waitForMail(t, m, author, before)
	for !strings.Contains(statement.Text, "certification") {
		// The removal's statement came first; wait for the withdrawal's.
		before = append(before, statement.Path[strings.LastIndex(statement.Path, "/")+1:])
		statement = waitForMail(t, m, author, before)
	}
	for _, want := range []string{"exposé de ses motifs", "retrait de l'accès lié à la certification", "Menace envers une autre créatrice",
		"Charte du club, art. 3", "Aucun moyen automatisé", "contester"} {
		if !strings.Contains(statement.Text, want) {
			t.Errorf("the statement lacks %q:\n%s", want, statement.Text)
		}
	}
	if strings.Contains(statement.Text+statement.HTML, "Martin") || strings.Contains(statement.Text+statement.HTML, reporter) {
		t.Errorf("the statement names the reporter:\n%s", statement.Text)
	}

	// 4. The author signs in again: member pages are closed, the decision
	// is in the account, and they appeal.
	signIn(t, aCtx, m, author)
	if status := open(t, aCtx, m, "/annuaire"); status != 403 {
		t.Fatalf("directory after withdrawal answered %d\n%s", status, pageState(aCtx))
	}
	if status := open(t, aCtx, m, "/aide/demandes"); status != 200 {
		t.Fatalf("my requests: %d", status)
	}
	wantText(t, aCtx, "#my-restriction", "retiré")
	if status := click(t, aCtx, "#my-decisions li:first-child a"); status != 200 {
		t.Fatalf("decision page: %d\n%s", status, pageState(aCtx))
	}
	wantText(t, aCtx, "#statement", "Menace envers une autre créatrice")
	if html := pageHTML(t, aCtx); strings.Contains(html, "Martin") || strings.Contains(html, reporter) {
		t.Errorf("the decision page names the reporter")
	}
	do(t, aCtx, "write the appeal", chromedp.SendKeys(css("#appeal-text"), "Je regrette ce message maladroit, ce n'était pas une menace réelle."))
	if status := click(t, aCtx, "#send-appeal"); status != 200 {
		t.Fatalf("appeal answered %d\n%s", status, pageState(aCtx))
	}
	wantText(t, aCtx, "#appeal-status", "En cours d'examen")

	// 5. The first officer may not review; the second reverses.
	open(t, oCtx, m, "/securite/recours")
	wantText(t, oCtx, ".appeal", "un autre membre de l'équipe doit examiner")
	sCtx := newSession(t, rCtx)
	signIn(t, sCtx, m, second.Email)
	if status := open(t, sCtx, m, "/securite/recours"); status != 200 {
		t.Fatalf("appeals: %d", status)
	}
	do(t, sCtx, "reverse",
		chromedp.Click(css(`.appeal input[value="reverse"]`)),
		chromedp.SendKeys(css(`.appeal textarea[name="reasons"]`), "Excuses présentées, premier manquement : accès rétabli."))
	before = outboxFiles(t, m)
	if status := click(t, sCtx, `.appeal button[type=submit]`); status != 200 {
		t.Fatalf("review answered %d\n%s", status, pageState(sCtx))
	}
	wantText(t, sCtx, ".flash", "Issue du recours")
	outcome := waitForMail(t, m, author, before)
	if !strings.Contains(outcome.Text, "annulée") {
		t.Errorf("outcome mail:\n%s", outcome.Text)
	}

	// 6. Access is restored.
	if status := open(t, aCtx, m, "/annuaire"); status != 200 {
		t.Fatalf("directory after reversal answered %d\n%s", status, pageState(aCtx))
	}
}
