package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/notify"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

// TestCertExpiryReminders checks that a member whose certification expires
// in 25 days gets the 30-day reminder once, with the renewal procedure, and
// that one far from expiry gets nothing.
func TestCertExpiryReminders(t *testing.T) {
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
			for i, days := range []int{25, 200} {
				u := &creatorclub.User{Email: []string{"soon@example.fr", "later@example.fr"}[i], FirstName: "Léa", Role: creatorclub.RoleMember,
					Cert: &creatorclub.Certification{Number: []string{"C-1", "C-2"}[i], Status: creatorclub.CertActive, CertifiedOn: now.AddDate(-2, 0, 0), ExpiresOn: now.AddDate(0, 0, days)}}
				if err := db.CreateUser(ctx, u); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.SetRenewalProcedure(ctx, "Renouvelez en ligne sur https://certification.example/renouveler."); err != nil {
				t.Fatal(err)
			}
			var rec mail.Recorder
			q := newQueue(t, db.Write, db.Engine, &rec, withFastRetry)
			w := jobs.NewCertExpiryWorker(db, composer, q)
			for run, want := range []int{1, 0} {
				n, err := w.Run(ctx)
				if err != nil || n != want {
					t.Fatalf("run %d: %d reminders (%v), want %d", run, n, err, want)
				}
			}
			startQueue(t, q)
			waitFor(t, 15*time.Second, "the reminder", func() bool { return len(rec.Messages()) >= 1 })
			time.Sleep(500 * time.Millisecond)
			msgs := rec.Messages()
			if len(msgs) != 1 || msgs[0].To != "soon@example.fr" || !strings.Contains(msgs[0].Subject, "25 jours") ||
				!strings.Contains(msgs[0].Text, "certification.example/renouveler") {
				t.Fatalf("reminders: %+v", msgs)
			}
			soon, _ := db.FindUserByEmail(ctx, "soon@example.fr")
			if n, _ := db.CountUnread(ctx, soon.ID); n != 1 {
				t.Fatalf("in-app notices: %d", n)
			}
		})
	}
}
