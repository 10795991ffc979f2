package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
)

func TestCourseReminderMails(t *testing.T) {
	c := composer(t)
	// 22:30 UTC on 30 June is already 1 July in Paris: the date is the member's.
	at := time.Date(2026, 6, 30, 22, 30, 0, 0, time.UTC)
	fr := &creatorclub.User{Email: "lea@example.fr", FirstName: "Léa", Locale: "fr"}
	en := &creatorclub.User{Email: "sam@example.com", FirstName: "Sam", Locale: "en"}
	for _, kind := range []string{"due7", "due1", "overdue", "expiry30", "expired"} {
		m, err := c.CourseReminder(fr, 7, "Loi du 9 juin 2023", "fr", kind, at)
		if err != nil || !strings.Contains(m.Subject+m.Text, "1 juillet 2026") || !strings.Contains(m.Text, "/formations/7") || !strings.Contains(m.Text, "Bonjour Léa") {
			t.Errorf("%s fr: %v %q %q", kind, err, m.Subject, m.Text)
		}
		m, err = c.CourseReminder(en, 7, "June 2023 law", "en", kind, at)
		if err != nil || !strings.Contains(m.Subject+m.Text, "1 July 2026") || strings.Contains(m.Text, "Bonjour") {
			t.Errorf("%s en: %v %q", kind, err, m.Text)
		}
	}
	if _, err := c.CourseReminder(fr, 7, "x", "fr", "someday", at); err == nil {
		t.Error("unknown kind accepted")
	}
}

// TestCourseReminderMarksTheTitlesLanguage: in the HTML part, a course
// title in another language than the member's carries its lang (WCAG 2.1
// SC 3.1.2), escaped like the rest; a title in the member's language, or in
// a language the club does not know, carries none.
func TestCourseReminderMarksTheTitlesLanguage(t *testing.T) {
	c := composer(t)
	at := time.Date(2026, 6, 30, 10, 0, 0, 0, time.UTC)
	fr := &creatorclub.User{Email: "lea@example.fr", FirstName: "Léa", Locale: "fr"}
	en := &creatorclub.User{Email: "sam@example.com", FirstName: "Sam", Locale: "en"}
	const enTitle = "What the <June 2023> law changed"
	for _, kind := range []string{"due7", "due1", "overdue", "expiry30", "expired"} {
		m, err := c.CourseReminder(fr, 7, enTitle, "en", kind, at)
		if err != nil {
			t.Fatal(err)
		}
		if want := `<span lang="en">What the &lt;June 2023&gt; law changed</span>`; !strings.Contains(m.HTML, want) {
			t.Errorf("%s: the French mail's HTML part lacks %s:\n%s", kind, want, m.HTML)
		}
		if !strings.Contains(m.HTML, `<html lang="fr">`) || !strings.Contains(m.HTML, "30 juin 2026") {
			t.Errorf("%s: the French mail's HTML part:\n%s", kind, m.HTML)
		}
		// The text part and the subject keep the title as it is.
		if !strings.Contains(m.Text, enTitle) || strings.Contains(m.Text, "<span") || strings.Contains(m.Subject, "<span") {
			t.Errorf("%s: text part %q, subject %q", kind, m.Text, m.Subject)
		}
		// A French course in an English mail.
		m, _ = c.CourseReminder(en, 7, "Loi du 9 juin 2023", "fr", kind, at)
		if !strings.Contains(m.HTML, `<span lang="fr">Loi du 9 juin 2023</span>`) {
			t.Errorf("%s: the English mail's HTML part lacks the French title marked:\n%s", kind, m.HTML)
		}
		// The member's own language, or an unknown code, is not marked.
		for _, l := range []string{"en", "", `x" onclick="`} {
			m, _ = c.CourseReminder(en, 7, "June 2023 law", l, kind, at)
			if strings.Contains(m.HTML, "<span") || strings.Contains(m.HTML, "onclick") || !strings.Contains(m.HTML, "June 2023 law") {
				t.Errorf("%s, course language %q: %s", kind, l, m.HTML)
			}
		}
	}
}
