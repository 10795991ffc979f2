package campaign_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/campaign"
	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/mail/smtptest"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

var ctx = context.Background()

// shiftClock makes db's clock follow real time plus an offset the test can
// move forward.
func shiftClock(db *sqldb.DB) func(time.Duration) {
	var offset atomic.Int64
	db.Now = func() time.Time { return time.Now().UTC().Add(time.Duration(offset.Load())) }
	return func(d time.Duration) { offset.Add(int64(d)) }
}

func newSender(t *testing.T, db *sqldb.DB, transport mail.Opener) *campaign.Sender {
	return &campaign.Sender{DB: db, Transport: transport, Compose: simpleCompose, Host: testHost, Logger: testLogger(t), Lease: 3 * time.Second}
}

func progress(t *testing.T, db *sqldb.DB, id int64) creatorclub.CampaignProgress {
	t.Helper()
	p, err := db.CampaignProgress(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func status(t *testing.T, db *sqldb.DB, id int64) string {
	t.Helper()
	c, err := db.FindCampaign(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return c.Status
}

// waitSent waits until at least n deliveries of the campaign are sent.
func waitSent(t *testing.T, db *sqldb.DB, id int64, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for progress(t, db, id).Sent < n {
		if time.Now().After(deadline) {
			t.Fatalf("fewer than %d sent after 10 s: %+v", n, progress(t, db, id))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestRun sends a campaign in several batches over two reused connections
// and checks the records, the Message-IDs received and the progress.
func TestRun(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		shiftClock(db)
		ids := addMembers(t, db, 25)
		c := newStartedCampaign(t, db, creatorclub.CampaignNewsletter)
		// Leaving the newsletter after the start: the member is skipped.
		if err := db.SetListSubscription(ctx, ids[4], creatorclub.ListNewsletter, false); err != nil {
			t.Fatal(err)
		}
		sk := smtptest.Start(t, smtptest.Options{})
		s := newSender(t, db, smtpSender(t, sk))
		s.Batch = 7
		if err := s.Run(ctx, c.ID); err != nil {
			t.Fatalf("Run: %v", err)
		}
		if st := status(t, db, c.ID); st != creatorclub.CampaignSent {
			t.Fatalf("status %s, want sent", st)
		}
		p := progress(t, db, c.ID)
		if p.Total != 25 || p.Sent != 24 || p.Failed != 1 || p.Pending != 0 || p.RatePerSecond <= 0 {
			t.Fatalf("progress %+v", p)
		}
		got, _ := received(sk)
		if len(got) != 24 {
			t.Fatalf("sink got %d distinct messages, want 24", len(got))
		}
		for i, id := range ids {
			want := sqldb.DeliveryMessageID(c.ID, id, testHost)
			if n := got[want]; (i == 4) != (n == 0) || n > 1 {
				t.Errorf("member %d: %d copies of %s", i, n, want)
			}
		}
		if n := sk.Connections(); n > 2*4 { // two connections per batch at most
			t.Errorf("%d connections for 4 batches on 2 workers", n)
		}
		list, _ := db.ListDeliveries(ctx, c.ID, 50, 0)
		for _, d := range list {
			if d.UserID == ids[4] && (d.Status != creatorclub.DeliveryFailed || d.LastError != "unsubscribed") {
				t.Errorf("unsubscribed member: %+v", d)
			}
		}
		// Running a finished campaign does nothing.
		if err := s.Run(ctx, c.ID); err != nil || sk.Count() != 24 {
			t.Fatalf("second Run: %v, %d messages", err, sk.Count())
		}
	})
}

// TestSessionsReused checks that a campaign goes out over Connections SMTP
// connections, not one per message.
func TestSessionsReused(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		addMembers(t, db, 60)
		c := newStartedCampaign(t, db, creatorclub.CampaignNotice)
		sk := smtptest.Start(t, smtptest.Options{})
		s := newSender(t, db, smtpSender(t, sk))
		s.Connections = 3
		if err := s.Run(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if n := sk.Connections(); n != 3 {
			t.Errorf("%d connections, want 3", n)
		}
		if n := sk.Count(); n != 60 {
			t.Errorf("%d messages, want 60", n)
		}
	})
}

// TestPauseResume pauses a campaign while it is being sent: the sender
// stops within a second, and after resuming every member has exactly one copy.
func TestPauseResume(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		addMembers(t, db, 40)
		c := newStartedCampaign(t, db, creatorclub.CampaignNotice)
		sk := smtptest.Start(t, smtptest.Options{})
		s := newSender(t, db, smtpSender(t, sk))
		s.Rate = 20
		done := make(chan error, 1)
		go func() { done <- s.Run(ctx, c.ID) }()
		waitSent(t, db, c.ID, 5)
		if err := db.PauseCampaign(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("Run after pause: %v", err)
			}
		case <-time.After(3 * time.Second):
			t.Fatal("Run did not return within 3 s of the pause")
		}
		paused := progress(t, db, c.ID)
		if paused.Sent >= 40 || paused.Pending == 0 || status(t, db, c.ID) != creatorclub.CampaignPaused {
			t.Fatalf("after pause: %+v %s", paused, status(t, db, c.ID))
		}
		if sent := sk.Count(); sent != paused.Sent {
			t.Fatalf("sink got %d, records say %d sent", sent, paused.Sent)
		}
		// A sender started while paused does nothing.
		if err := s.Run(ctx, c.ID); err != nil || sk.Count() != paused.Sent {
			t.Fatalf("Run while paused: %v", err)
		}

		if err := db.ResumeCampaign(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		s.Rate = 0
		if err := s.Run(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		_, byRcpt := received(sk)
		if len(byRcpt) != 40 || sk.Count() != 40 || status(t, db, c.ID) != creatorclub.CampaignSent {
			t.Fatalf("after resume: %d recipients, %d messages, %s", len(byRcpt), sk.Count(), status(t, db, c.ID))
		}
	})
}

// TestCancel cancels a campaign while it is being sent: the sender stops and
// the remaining deliveries stay pending, never sent.
func TestCancel(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		addMembers(t, db, 40)
		c := newStartedCampaign(t, db, creatorclub.CampaignNotice)
		sk := smtptest.Start(t, smtptest.Options{})
		s := newSender(t, db, smtpSender(t, sk))
		s.Rate = 20
		done := make(chan error, 1)
		go func() { done <- s.Run(ctx, c.ID) }()
		waitSent(t, db, c.ID, 3)
		if err := db.CancelCampaign(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("Run after cancel: %v", err)
			}
		case <-time.After(3 * time.Second):
			t.Fatal("Run did not return within 3 s of the cancel")
		}
		p := progress(t, db, c.ID)
		if p.Pending == 0 || p.Sent+p.Pending != 40 || status(t, db, c.ID) != creatorclub.CampaignCancelled {
			t.Fatalf("after cancel: %+v", p)
		}
		if err := s.Run(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if n := sk.Count(); n != p.Sent {
			t.Fatalf("sink got %d messages, %d recorded sent", n, p.Sent)
		}
	})
}

// TestFailures checks a 5xx recipient (failed, counted against the address),
// a 4xx one (deferred, then retried and sent), and a dropped connection
// (reopened, message sent once).
func TestFailures(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		shift := shiftClock(db)
		ids := addMembers(t, db, 10)
		c := newStartedCampaign(t, db, creatorclub.CampaignNotice)
		sk := smtptest.Start(t, smtptest.Options{DropAtData: 6, RcptReply: func(rcpt string, seen int) *smtp.SMTPError {
			switch {
			case rcpt == "m3@example.org":
				return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}
			case rcpt == "m7@example.org" && seen == 0:
				return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "Greylisted, try again"}
			}
			return nil
		}})
		s := newSender(t, db, smtpSender(t, sk))
		s.Connections = 1
		next, err := s.SendDue(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if wait := next.Sub(db.Now()); wait < 50*time.Second || wait > time.Minute {
			t.Fatalf("next attempt in %v, want about a minute", wait)
		}
		p := progress(t, db, c.ID)
		if p.Sent != 8 || p.Failed != 1 || p.Pending != 1 || status(t, db, c.ID) != creatorclub.CampaignSending {
			t.Fatalf("after the first pass: %+v", p)
		}
		if hf, _, _ := db.MailDeliverability(ctx, ids[3]); hf != 1 {
			t.Errorf("hard failures of the rejected member: %d, want 1", hf)
		}
		list, _ := db.ListDeliveries(ctx, c.ID, 50, 0)
		for _, d := range list {
			switch d.UserID {
			case ids[3]:
				if d.Status != creatorclub.DeliveryFailed || d.Attempts != 1 {
					t.Errorf("rejected: %+v", d)
				}
			case ids[7]:
				if d.Status != creatorclub.DeliveryPending || d.Attempts != 1 || d.LastError == "" {
					t.Errorf("deferred: %+v", d)
				}
			}
		}

		shift(time.Minute)
		if next, err := s.SendDue(ctx, c.ID); err != nil || !next.IsZero() {
			t.Fatalf("second pass: %v %v", next, err)
		}
		if st := status(t, db, c.ID); st != creatorclub.CampaignSent {
			t.Fatalf("status %s", st)
		}
		_, byRcpt := received(sk)
		for i := range ids {
			want := 1
			if i == 3 {
				want = 0
			}
			if n := byRcpt[addr(i)]; n != want {
				t.Errorf("%s got %d copies, want %d", addr(i), n, want)
			}
		}
		if sk.Connections() < 2 {
			t.Errorf("the dropped connection was not reopened")
		}
	})
}

func addr(i int) string { return fmt.Sprintf("m%d@example.org", i) }

// TestRateLimit checks that 20 messages at 50 per second take at least 0.38 s.
func TestRateLimit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		addMembers(t, db, 20)
		c := newStartedCampaign(t, db, creatorclub.CampaignNotice)
		sk := smtptest.Start(t, smtptest.Options{})
		s := newSender(t, db, smtpSender(t, sk))
		s.Rate = 50
		s.Connections = 4
		began := time.Now()
		if err := s.Run(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(began); took < 350*time.Millisecond {
			t.Fatalf("20 messages at 50/s took %v", took)
		}
		if sk.Count() != 20 {
			t.Fatalf("%d messages", sk.Count())
		}
	})
}

// TestSenderBusy checks that a second sender leaves a campaign another one holds.
func TestSenderBusy(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		addMembers(t, db, 3)
		c := newStartedCampaign(t, db, creatorclub.CampaignNotice)
		if _, err := db.LeaseCampaign(ctx, c.ID, "someone else", time.Minute); err != nil {
			t.Fatal(err)
		}
		sk := smtptest.Start(t, smtptest.Options{})
		s := newSender(t, db, smtpSender(t, sk))
		if _, err := s.SendDue(ctx, c.ID); !campaign.IsSenderBusy(err) {
			t.Fatalf("SendDue: %v, want busy", err)
		}
		short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		defer cancel()
		if err := s.Run(short, c.ID); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Run: %v, want to wait for the lease until the deadline", err)
		}
		if sk.Count() != 0 {
			t.Fatal("a busy campaign was sent")
		}
	})
}

// TestSenderRejected checks that a server refusing the sender address pauses
// the campaign instead of failing every member.
func TestSenderRejected(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		addMembers(t, db, 5)
		c := newStartedCampaign(t, db, creatorclub.CampaignNotice)
		sk := smtptest.Start(t, smtptest.Options{})
		s := newSender(t, db, rejectingOpener{smtpSender(t, sk)})
		err := s.Run(ctx, c.ID)
		if !errors.Is(err, mail.ErrSenderRejected) {
			t.Fatalf("Run: %v, want ErrSenderRejected", err)
		}
		if p := progress(t, db, c.ID); p.Pending != 5 || status(t, db, c.ID) != creatorclub.CampaignPaused {
			t.Fatalf("after a sender rejection: %+v %s", p, status(t, db, c.ID))
		}
	})
}

// rejectingOpener opens sessions whose every message is refused at MAIL FROM.
type rejectingOpener struct{ mail.Opener }

func (o rejectingOpener) Open(ctx context.Context) (mail.Session, error) {
	s, err := o.Opener.Open(ctx)
	if err != nil {
		return nil, err
	}
	return rejectingSession{s}, nil
}

type rejectingSession struct{ mail.Session }

func (rejectingSession) Send(context.Context, *mail.Message, string) error {
	return errors.Join(mail.ErrSenderRejected, errors.New("553 5.7.1 Sender address rejected"))
}

func TestBackoff(t *testing.T) {
	for attempts, want := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour, time.Hour} {
		if got := campaign.Backoff(attempts); got != want {
			t.Errorf("Backoff(%d) = %v, want %v", attempts, got, want)
		}
	}
}
