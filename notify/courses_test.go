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
		m, err := c.CourseReminder(fr, 7, "Loi du 9 juin 2023", kind, at)
		if err != nil || !strings.Contains(m.Subject+m.Text, "1 juillet 2026") || !strings.Contains(m.Text, "/formations/7") || !strings.Contains(m.Text, "Bonjour Léa") {
			t.Errorf("%s fr: %v %q %q", kind, err, m.Subject, m.Text)
		}
		m, err = c.CourseReminder(en, 7, "June 2023 law", kind, at)
		if err != nil || !strings.Contains(m.Subject+m.Text, "1 July 2026") || strings.Contains(m.Text, "Bonjour") {
			t.Errorf("%s en: %v %q", kind, err, m.Text)
		}
	}
	if _, err := c.CourseReminder(fr, 7, "x", "someday", at); err == nil {
		t.Error("unknown kind accepted")
	}
}
