package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/notify"
)

func composer(t *testing.T) *notify.Composer {
	t.Helper()
	c, err := notify.New("Club des créateurs", "ARPP", "https://club.example.org/")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestFormatDateTimeFollowsDaylightSaving(t *testing.T) {
	winter := time.Date(2026, 1, 15, 17, 30, 0, 0, time.UTC)
	summer := time.Date(2026, 7, 15, 16, 30, 0, 0, time.UTC)
	if got := notify.FormatDateTime("fr", winter, "Europe/Paris"); got != "jeudi 15 janvier 2026 à 18:30 (CET)" {
		t.Errorf("winter: %q", got)
	}
	if got := notify.FormatDateTime("fr", summer, "Europe/Paris"); got != "mercredi 15 juillet 2026 à 18:30 (CEST)" {
		t.Errorf("summer: %q", got)
	}
	if got := notify.FormatDateTime("en", winter, "America/Martinique"); got != "Thursday 15 January 2026, 13:30 (AST)" {
		t.Errorf("Martinique: %q", got)
	}
}

func TestMailsInTheMembersLanguage(t *testing.T) {
	c := composer(t)
	fr := &creatorclub.User{Email: "lea@example.fr", FirstName: "Léa", LastName: "Martin", Locale: "fr"}
	en := &creatorclub.User{Email: "sam@example.org", FirstName: "Sam", Locale: "en"}
	m, err := c.SignIn(fr, "https://club.example.org/connexion/lien?token=abc", 15)
	if err != nil || !strings.Contains(m.Subject, "Votre lien de connexion") || !strings.Contains(m.Text, "token=abc") || !strings.Contains(m.HTML, "token=abc") {
		t.Fatalf("sign-in fr: %+v %v", m, err)
	}
	if m, _ := c.SignIn(en, "https://x/y", 15); !strings.Contains(m.Subject, "Your sign-in link") || !strings.Contains(m.Text, "Hello Sam") {
		t.Fatalf("sign-in en: %+v", m)
	}
	// HTML parts escape what members wrote.
	evil := &creatorclub.User{Email: "x@example.fr", FirstName: "<script>alert(1)</script>", Locale: "fr"}
	if m, _ := c.SignIn(evil, "https://x/y", 15); strings.Contains(m.HTML, "<script>") {
		t.Fatal("a name was not escaped in the HTML part")
	}
}

func TestNewsletterAndNoticeHeaders(t *testing.T) {
	c := composer(t)
	u := &creatorclub.User{Email: "lea@example.fr", FirstName: "Léa", Locale: "fr"}
	camp := &creatorclub.Campaign{Kind: creatorclub.CampaignNewsletter, Subject: "La lettre de décembre", Body: "Bonjour **à tous**"}
	m, err := c.Newsletter(u, camp, "<p>Bonjour <strong>à tous</strong></p>", "https://club.example.org/desabonnement/tok", "https://club.example.org/lettres/3")
	if err != nil {
		t.Fatal(err)
	}
	if m.Headers["List-Unsubscribe"] != "<https://club.example.org/desabonnement/tok>" || m.Headers["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" ||
		!strings.Contains(m.Headers["List-Id"], "newsletter.club.example.org") {
		t.Fatalf("headers %v", m.Headers)
	}
	if !strings.Contains(m.HTML, "<strong>à tous</strong>") || !strings.Contains(m.Text, "désabonner") || strings.Contains(m.HTML, "<img") {
		t.Fatal("newsletter body")
	}
	camp.Kind = creatorclub.CampaignNotice
	n, _ := c.Newsletter(u, camp, "<p>Charte modifiée</p>", "https://club.example.org/desabonnement/tok", "https://club.example.org/lettres/4")
	if len(n.Headers) != 0 || strings.Contains(n.Text, "désabonner") || !strings.Contains(n.Text, "Avis de service") {
		t.Fatalf("a service notice must offer no unsubscribe: %+v", n.Headers)
	}
}
