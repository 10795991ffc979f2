package jobs_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/notify"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

// TestCourseReminders checks that the periodic job reminds, once, the
// members who have not completed a mandatory course due within a week, and
// not those who have.
func TestCourseReminders(t *testing.T) {
	for _, engine := range sqldbtest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := sqldbtest.Open(t, engine)
			if err := jobs.Migrate(ctx, db.Write, db.Engine); err != nil {
				t.Fatal(err)
			}
			composer, err := notify.New("Club des créateurs", "ARPP", "http://club.test")
			if err != nil {
				t.Fatal(err)
			}
			now := time.Now().UTC()
			// An English course, reminded to French-speaking members: the
			// mail's HTML part marks its title with lang="en".
			c := &creatorclub.Course{Title: "What the June 2023 law changed for you", Language: creatorclub.LanguageEnglish, Status: creatorclub.CourseDraft}
			if err := db.CreateCourse(ctx, c); err != nil {
				t.Fatal(err)
			}
			lesson := &creatorclub.Lesson{CourseID: c.ID, Title: "La mention"}
			if err := db.SaveLesson(ctx, lesson); err != nil {
				t.Fatal(err)
			}
			c.Status = creatorclub.CoursePublished
			if err := db.UpdateCourse(ctx, c); err != nil {
				t.Fatal(err)
			}
			var users []*creatorclub.User
			for i, name := range []string{"late", "done"} {
				u := &creatorclub.User{Email: name + "@example.fr", FirstName: name, Role: creatorclub.RoleMember, Locale: "fr",
					Cert: &creatorclub.Certification{Number: fmt.Sprint("C", i), Status: creatorclub.CertActive, CertifiedOn: now.AddDate(-1, 0, 0), ExpiresOn: now.AddDate(1, 0, 0)}}
				if err := db.CreateUser(ctx, u); err != nil {
					t.Fatal(err)
				}
				users = append(users, u)
			}
			// No quiz: finishing the only lesson completes the course.
			if cert, err := db.MarkLessonDone(ctx, users[1].ID, c.ID, lesson.ID); err != nil || cert == nil {
				t.Fatal(cert, err)
			}
			if err := db.AddRequirement(ctx, &creatorclub.CourseRequirement{CourseID: c.ID, Segment: creatorclub.SegmentAll, DueAt: now.Add(3 * 24 * time.Hour)}); err != nil {
				t.Fatal(err)
			}

			var rec mail.Recorder
			q := newQueue(t, db.Write, db.Engine, &rec, jobs.WithCourseReminders(db, composer, time.Hour), withFastRetry)
			startQueue(t, q)
			waitFor(t, 15*time.Second, "the course reminder", func() bool { return len(rec.Messages()) >= 1 })
			time.Sleep(time.Second)
			msgs := rec.Messages()
			if len(msgs) != 1 || msgs[0].To != users[0].Email || !strings.Contains(msgs[0].Subject, "Formation obligatoire à terminer avant le") ||
				!strings.Contains(msgs[0].Text, "http://club.test/formations/") {
				t.Fatalf("reminders: %+v", msgs)
			}
			if want := `<span lang="en">What the June 2023 law changed for you</span>`; !strings.Contains(msgs[0].HTML, want) {
				t.Errorf("the reminder's HTML part lacks %s:\n%s", want, msgs[0].HTML)
			}
			// A second sweep finds nothing more to send.
			var again int
			if err := db.WithTx(ctx, func(tx *sql.Tx) error {
				rs, err := db.CourseReminders(ctx, tx)
				again = len(rs)
				return err
			}); err != nil || again != 0 {
				t.Fatalf("still due after sending: %d %v", again, err)
			}
		})
	}
}
