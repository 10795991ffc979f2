package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/notify"
)

func TestSafetyMails(t *testing.T) {
	c, err := notify.New("Club des créateurs", "ARPP", "https://club.example.org/")
	if err != nil {
		t.Fatal(err)
	}
	fr := &creatorclub.User{Email: "hugo@example.fr", FirstName: "Hugo", Locale: "fr"}
	en := &creatorclub.User{Email: "sam@example.org", FirstName: "Sam", Locale: "en"}
	cs := &creatorclub.Case{ID: 12, Category: creatorclub.CategoryThreat, Urgent: true}
	// Receipts and reply notices name the case, never its content.
	for _, u := range []*creatorclub.User{fr, en} {
		ack, err := c.CaseReceived(u, cs)
		if err != nil || !strings.Contains(ack.Subject, "12") || !strings.Contains(ack.Text, "https://club.example.org/aide/demandes/12") || !strings.Contains(ack.Text, "3114") {
			t.Fatalf("receipt (%s): %+v %v", u.Locale, ack, err)
		}
		reply, err := c.CaseReply(u, cs)
		if err != nil || !strings.Contains(reply.Text, "/aide/demandes/12") {
			t.Fatalf("reply notice (%s): %v", u.Locale, err)
		}
	}
	officer, _ := c.NewCaseForOfficer(en, cs, "Threat")
	if !strings.HasPrefix(officer.Subject, "URGENT") || !strings.Contains(officer.Text, "/securite/dossiers/12") {
		t.Fatalf("officer alert: %s %s", officer.Subject, officer.Text)
	}
	// The statement of reasons carries the elements of DSA art. 17.
	until := time.Date(2026, 12, 24, 23, 0, 0, 0, time.UTC)
	d := &creatorclub.Decision{ID: 5, Action: creatorclub.ActionSuspend, Ground: "law_threats", Facts: "Menace en réunion.", Content: "<b>texte</b>",
		Until: &until, DecidedAt: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}
	m, err := c.Statement(fr, d)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"suspension de l'accès au club", "Menace en réunion.", "Code pénal, art. 222-17", "Aucun moyen automatisé",
		"jusqu'au 29 mai 2027", "https://club.example.org/aide/decisions/5", "25 décembre 2026"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("statement lacks %q:\n%s", want, m.Text)
		}
	}
	if strings.Contains(m.HTML, "<b>texte</b>") {
		t.Error("the content is not escaped in the HTML part")
	}
	m, _ = c.Statement(en, d)
	if !strings.Contains(m.Text, "French Criminal Code") || !strings.Contains(m.Text, "No automated means") {
		t.Errorf("English statement:\n%s", m.Text)
	}
	a := &creatorclub.Appeal{ID: 3, Status: creatorclub.AppealReversed, Outcome: "Excuses présentées."}
	m, _ = c.AppealDecided(fr, d, a)
	if !strings.Contains(m.Text, "annulée") || !strings.Contains(m.Text, "Excuses présentées.") {
		t.Errorf("appeal outcome:\n%s", m.Text)
	}
	m, _ = c.AppealReceived(fr, a)
	if !strings.Contains(m.Subject, "3") || !strings.Contains(m.Text, "/securite/recours") {
		t.Errorf("appeal received:\n%s", m.Text)
	}
	m, _ = c.Misuse(fr, creatorclub.MisuseSuspended, &until)
	if !strings.Contains(m.Text, "suspendue jusqu'au 24 décembre 2026") {
		t.Errorf("misuse:\n%s", m.Text)
	}
}
