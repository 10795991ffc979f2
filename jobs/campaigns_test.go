package jobs_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/campaign"
	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

// recorderOpener opens sessions that hand each message to a mail.Recorder
// and remember the Message-ID it was sent with.
type recorderOpener struct {
	rec *mail.Recorder
	mu  sync.Mutex
	ids map[string]string // recipient -> Message-ID
}

func (o *recorderOpener) Open(context.Context) (mail.Session, error) { return recorderSession{o}, nil }

type recorderSession struct{ o *recorderOpener }

func (s recorderSession) Send(ctx context.Context, m *mail.Message, messageID string) error {
	if err := s.o.rec.Send(ctx, m); err != nil {
		return err
	}
	s.o.mu.Lock()
	defer s.o.mu.Unlock()
	s.o.ids[m.To] = messageID
	return nil
}

func (recorderSession) Close() error { return nil }

func campaignFixture(t *testing.T, db *sqldb.DB, n int) (staffID int64) {
	t.Helper()
	ctx := context.Background()
	staff := &creatorclub.User{Email: "admin@club.example", Role: creatorclub.RoleAdmin}
	if err := db.CreateUser(ctx, staff); err != nil {
		t.Fatal(err)
	}
	now := db.Now()
	for i := range n {
		u := &creatorclub.User{Email: fmt.Sprintf("m%d@example.fr", i), FirstName: "Membre", LastName: fmt.Sprint(i), Role: creatorclub.RoleMember,
			Cert: &creatorclub.Certification{Number: fmt.Sprint("C", i), Status: creatorclub.CertActive, CertifiedOn: now.AddDate(-1, 0, 0), ExpiresOn: now.AddDate(1, 0, 0)}}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	return staff.ID
}

// TestCampaignJobs checks that the periodic job starts a scheduled campaign
// once due, that the send_campaign job sends it to every member with the
// Message-IDs of the records, that a scheduled campaign with nobody to send
// to goes back to draft, and that a campaign has one job at a time.
func TestCampaignJobs(t *testing.T) {
	for _, engine := range sqldbtest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := sqldbtest.Open(t, engine)
			var offset atomic.Int64
			db.Now = func() time.Time { return time.Now().UTC().Add(time.Duration(offset.Load())) }
			if err := jobs.Migrate(ctx, db.Write, db.Engine); err != nil {
				t.Fatal(err)
			}
			staffID := campaignFixture(t, db, 12)

			news := &creatorclub.Campaign{Kind: creatorclub.CampaignNewsletter, Subject: "Lettre de décembre", Body: "Bonjour.",
				Audience: creatorclub.CampaignAudience{Kind: creatorclub.AudienceAllMembers}, CreatedBy: staffID}
			empty := &creatorclub.Campaign{Kind: creatorclub.CampaignNotice, Subject: "Aux abonnés Bluesky", Body: "Bonjour.",
				Audience: creatorclub.CampaignAudience{Kind: creatorclub.AudiencePlatform, Platform: "bluesky"}, CreatedBy: staffID}
			for _, c := range []*creatorclub.Campaign{news, empty} {
				if err := db.CreateCampaign(ctx, c); err != nil {
					t.Fatal(err)
				}
				if err := db.ScheduleCampaign(ctx, c.ID, db.Now().Add(time.Hour)); err != nil {
					t.Fatal(err)
				}
			}
			offset.Store(int64(2 * time.Hour)) // both are due

			opener := &recorderOpener{rec: &mail.Recorder{}, ids: map[string]string{}}
			sender := &campaign.Sender{DB: db, Transport: opener, Host: "club.example", Logger: testLogger(t),
				Compose: func(_ context.Context, c *creatorclub.Campaign, u *creatorclub.User) (mail.Message, error) {
					return mail.Message{To: u.Email, Subject: c.Subject, Text: c.Body}, nil
				}}
			q := newQueue(t, db.Write, db.Engine, &mail.Recorder{}, jobs.WithCampaigns(sender))

			// One job per campaign while it is waiting.
			var first, second bool
			err := db.WithTx(ctx, func(tx *sql.Tx) error {
				res, err := q.Client().InsertTx(ctx, tx, jobs.SendCampaignArgs{CampaignID: 999}, nil)
				if err != nil {
					return err
				}
				first = res.UniqueSkippedAsDuplicate
				res, err = q.Client().InsertTx(ctx, tx, jobs.SendCampaignArgs{CampaignID: 999}, nil)
				if err != nil {
					return err
				}
				second = res.UniqueSkippedAsDuplicate
				return q.EnqueueCampaign(ctx, tx, 999)
			})
			if err != nil || first || !second {
				t.Fatalf("unique insert: %v, first skipped %v, second skipped %v", err, first, second)
			}
			if n := countJobs(t, db.Write); n != 1 {
				t.Fatalf("%d jobs for one campaign, want 1", n)
			}

			startQueue(t, q)
			waitFor(t, 15*time.Second, "the newsletter to be sent", func() bool {
				c, err := db.FindCampaign(ctx, news.ID)
				return err == nil && c.Status == creatorclub.CampaignSent
			})
			if n := len(opener.rec.Messages()); n != 12 {
				t.Fatalf("%d messages, want 12", n)
			}
			list, err := db.ListDeliveries(ctx, news.ID, 50, 0)
			if err != nil {
				t.Fatal(err)
			}
			opener.mu.Lock()
			for _, d := range list {
				if d.Status != creatorclub.DeliverySent || opener.ids[d.Email] != d.MessageID || d.MessageID != sqldb.DeliveryMessageID(news.ID, d.UserID, "club.example") {
					t.Errorf("delivery %+v sent with Message-ID %q", d, opener.ids[d.Email])
				}
			}
			opener.mu.Unlock()
			if c, _ := db.FindCampaign(ctx, empty.ID); c.Status != creatorclub.CampaignDraft {
				t.Errorf("empty scheduled campaign: %s, want back to draft", c.Status)
			}
			// The job for the unknown campaign 999 is cancelled, not retried.
			waitFor(t, 5*time.Second, "the job of campaign 999 to end", func() bool {
				var n int
				_ = db.Write.QueryRow(`SELECT count(*) FROM river_job WHERE kind = 'send_campaign' AND state IN ('available', 'running', 'retryable', 'scheduled')`).Scan(&n)
				return n == 0
			})
		})
	}
}
