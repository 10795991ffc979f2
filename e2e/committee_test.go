package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/creatorclub/creatorclub"
)

// TestCommitteeApplicationToSpace has a member apply to the monitoring
// committee, a staff member accept the application and upload a document,
// and the member then find the committee space, the document, and the next
// committee meeting on their home page.
func TestCommitteeApplicationToSpace(t *testing.T) {
	t.Parallel()
	m := MustRunMain(t)
	ctx := context.Background()
	admin := mustCreateAdmin(t, m, "admin@exemple.fr", "Claire", "Vasseur")
	mustImport(t, m, member(2, "CC-2026-0201", "Léa", "Martin", "lea.martin@exemple.fr"))
	call := &creatorclub.CommitteeCall{Title: "Comité de suivi 2027", Description: "Deux ans pour suivre l'observatoire.",
		OpensAt: time.Now().Add(-time.Hour), ClosesAt: time.Now().AddDate(0, 0, 20), Seats: 8, TermMonths: 24, CreatedBy: admin.ID}
	if err := m.DB.SaveCall(ctx, call, nil); err != nil {
		t.Fatal(err)
	}
	start := time.Now().UTC().AddDate(0, 0, 5).Truncate(time.Hour)
	meeting := &creatorclub.Event{Kind: creatorclub.KindMeeting, Title: "Réunion du comité : bilan de l'observatoire", StartsAt: start, EndsAt: start.Add(2 * time.Hour),
		TimeZone: "Europe/Paris", Audience: creatorclub.AudienceCommittee, Status: creatorclub.EventPublished, CreatedBy: admin.ID}
	if err := m.DB.CreateEvent(ctx, meeting, nil); err != nil {
		t.Fatal(err)
	}

	// The member applies.
	lea := newBrowser(t)
	signIn(t, lea, m, "lea.martin@exemple.fr")
	open(t, lea, m, "/comite")
	wantText(t, lea, "#open-calls", "Comité de suivi 2027")
	if status := click(t, lea, "#open-calls a"); status != 200 {
		t.Fatalf("call page answered %d\n%s", status, pageState(lea))
	}
	do(t, lea, "fill the application",
		chromedp.SendKeys(css("#motivation"), "Créatrice culinaire, je veux aider à rendre les mentions commerciales plus claires."),
		chromedp.Click(css("#platform-instagram")),
		chromedp.SendKeys(css("#audience_size"), "85000"),
		chromedp.SendKeys(css("#conflicts"), "Partenariat annuel avec une marque d'ustensiles."))
	if status := click(t, lea, "#submit-application"); status != 200 {
		t.Fatalf("applying answered %d\n%s", status, pageState(lea))
	}
	wantText(t, lea, "#application-status", "en cours d'examen")
	if status := open(t, lea, m, "/comite/espace"); status != 403 {
		t.Fatalf("the committee space answered %d to an applicant, want 403", status)
	}

	// Staff accept it with a message.
	staff := newSession(t, lea)
	signIn(t, staff, m, "admin@exemple.fr")
	open(t, staff, m, "/gestion/comite")
	wantText(t, staff, "nav.staff", "Comité")
	screenshot(t, staff, "staff.png")
	if status := click(t, staff, "#calls a"); status != 200 {
		t.Fatalf("call management answered %d\n%s", status, pageState(staff))
	}
	wantText(t, staff, "#applications", "Léa Martin")
	if status := click(t, staff, "#applications a"); status != 200 {
		t.Fatalf("application answered %d\n%s", status, pageState(staff))
	}
	wantText(t, staff, "main", "ustensiles")
	before := outboxFiles(t, m)
	do(t, staff, "decide", chromedp.Click(css("#decision-accepted")),
		chromedp.SendKeys(css("#message"), "Bienvenue ! Première réunion dans cinq jours."))
	if status := click(t, staff, "#decide"); status != 200 {
		t.Fatalf("deciding answered %d\n%s", status, pageState(staff))
	}
	wantText(t, staff, "#applications", "retenue")
	mail := waitForMail(t, m, "lea.martin@exemple.fr", before)
	if !strings.Contains(mail.Subject, "retenue") || !strings.Contains(mail.Text, "Première réunion dans cinq jours") {
		t.Errorf("decision mail: %q\n%s", mail.Subject, mail.Text)
	}

	// Staff upload the agenda of the meeting.
	open(t, staff, m, "/comite/espace")
	agenda := writeFile(t, "ordre-du-jour.txt", "1. Résultats du premier semestre\n2. Questions des membres\n")
	do(t, staff, "fill the upload form", chromedp.SendKeys(css("#title"), "Ordre du jour de la réunion"),
		chromedp.SetUploadFiles(css("#file"), []string{agenda}))
	if status := click(t, staff, "#upload"); status != 200 {
		t.Fatalf("upload answered %d\n%s", status, pageState(staff))
	}
	wantText(t, staff, "#document-title", "Ordre du jour de la réunion")

	// The member now sees the committee space, the document, and the next
	// committee meeting on their home page.
	if status := open(t, lea, m, "/comite/espace"); status != 200 {
		t.Fatalf("the committee space answered %d to a member of the committee\n%s", status, pageState(lea))
	}
	wantText(t, lea, "#meetings", "Réunion du comité : bilan de l'observatoire")
	wantText(t, lea, "#documents", "Ordre du jour de la réunion")
	if status := click(t, lea, `#documents a[href^="/comite/documents/"]`); status != 200 {
		t.Fatalf("document answered %d\n%s", status, pageState(lea))
	}
	wantText(t, lea, "#history", "ordre-du-jour.txt")
	do(t, lea, "see the download link", chromedp.WaitVisible(css("#download-current")))
	open(t, lea, m, "/accueil")
	screenshot(t, lea, "home.png")
	wantText(t, lea, `li[data-kind="committee_meeting"]`, "Réunion du comité : bilan de l'observatoire")
	wantText(t, lea, `li[data-kind="committee_document"]`, "Ordre du jour de la réunion")
	wantText(t, lea, "#unread-count", "2") // the decision and the new document
}
