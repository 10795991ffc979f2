package jobs_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/mail"
)

// testMessage returns a mail addressed to to.
func testMessage(to string) mail.Message {
	return mail.Message{
		To:      to,
		ToName:  "Adèle Créatrice",
		Subject: "Votre lien de connexion – Club des créateurs",
		Text:    "Voici votre lien : https://club.example.org/connexion/abc123\n",
		HTML:    "<p><a href=\"https://club.example.org/connexion/abc123\">Se connecter</a></p>\n",
		Attachments: []mail.Attachment{{
			Filename: "atelier.ics", ContentType: "text/calendar", Data: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
		}},
		Headers: map[string]string{"X-Creatorclub-Kind": "sign-in"},
	}
}

// testLogger sends warnings and errors to the test's output.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// fastRetry retries failed jobs after 100 ms instead of River's backoff.
type fastRetry struct{}

func (fastRetry) NextRetry(*rivertype.JobRow) time.Time {
	return time.Now().Add(100 * time.Millisecond)
}

func withFastRetry(cfg *river.Config, _ *jobs.Queue) { cfg.RetryPolicy = fastRetry{} }

// newQueue builds a queue and stops it when the test ends, before the
// database is closed.
func newQueue(t *testing.T, db *sql.DB, engine string, sender mail.Sender, opts ...jobs.Option) *jobs.Queue {
	t.Helper()
	q, err := jobs.New(db, engine, sender, testLogger(t), opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := q.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return q
}

func startQueue(t *testing.T, q *jobs.Queue) {
	t.Helper()
	if err := q.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
}

// waitFor polls cond until it holds or timeout passes.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitForEvent returns the first event of kind from events, failing after
// timeout.
func waitForEvent(t *testing.T, events <-chan *river.Event, kind river.EventKind, timeout time.Duration) *river.Event {
	t.Helper()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		select {
		case e := <-events:
			if e.Kind == kind {
				return e
			}
		case <-timer.C:
			t.Fatalf("timed out after %s waiting for a %s event", timeout, kind)
		}
	}
}

func countJobs(t *testing.T, db *sql.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM river_job").Scan(&n); err != nil {
		t.Fatalf("count jobs: %v", err)
	}
	return n
}

func TestMigrate(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, db *sql.DB, engine string) {
		// forEachEngine migrated once already.
		if err := jobs.Migrate(context.Background(), db, engine); err != nil {
			t.Fatalf("second Migrate: %v", err)
		}
		if n := countJobs(t, db); n != 0 {
			t.Errorf("river_job has %d rows, want 0", n)
		}
	})
	if err := jobs.Migrate(context.Background(), openSQLite(t), "mysql"); err == nil {
		t.Error("Migrate accepted an unknown engine")
	}
}

func TestNew_errors(t *testing.T) {
	t.Parallel()
	var rec mail.Recorder
	db := openSQLite(t)
	if _, err := jobs.New(db, "mysql", &rec, nil); err == nil {
		t.Error("New accepted an unknown engine")
	}
	if _, err := jobs.New(db, jobs.EngineSQLite, nil, nil); err == nil {
		t.Error("New accepted a nil sender")
	}
	if _, err := jobs.New(db, jobs.EngineSQLite, &rec, nil, func(cfg *river.Config, _ *jobs.Queue) {
		cfg.FetchPollInterval, cfg.FetchCooldown = 50*time.Millisecond, 50*time.Millisecond
	}); err == nil {
		t.Error("New accepted a 50 ms poll interval on SQLite")
	}
	db.SetMaxOpenConns(2)
	if _, err := jobs.New(db, jobs.EngineSQLite, &rec, nil); err == nil {
		t.Error("New accepted a SQLite pool with more than one connection")
	}
}

func TestEnqueueMail_sent(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, db *sql.DB, engine string) {
		var rec mail.Recorder
		q, err := jobs.New(db, engine, &rec, testLogger(t))
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		want := testMessage("ada@example.org")
		if err := q.EnqueueMail(context.Background(), nil, want); err != nil {
			t.Fatalf("EnqueueMail: %v", err)
		}
		startQueue(t, q)
		waitFor(t, 10*time.Second, "the mail", func() bool { return len(rec.Messages()) > 0 })
		got, _ := rec.Last()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("sent %+v\nwant %+v", got, want)
		}

		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := q.Stop(ctx); err != nil {
			t.Fatalf("Stop: %v", err)
		}
		if n := len(rec.Messages()); n != 1 {
			t.Errorf("sent %d mails, want 1", n)
		}
	})
}

func TestEnqueueMail_transaction(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, db *sql.DB, engine string) {
		var rec mail.Recorder
		q := newQueue(t, db, engine, &rec)
		startQueue(t, q)
		ctx := context.Background()

		// On SQLite the queue waits for the single connection while a
		// transaction holds it; that is expected and short.
		rolledBack, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := q.EnqueueMail(ctx, rolledBack, testMessage("rolled-back@example.org")); err != nil {
			t.Fatalf("EnqueueMail in tx: %v", err)
		}
		if err := rolledBack.Rollback(); err != nil {
			t.Fatal(err)
		}

		committed, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := q.EnqueueMail(ctx, committed, testMessage("committed@example.org")); err != nil {
			t.Fatalf("EnqueueMail in tx: %v", err)
		}
		if err := committed.Commit(); err != nil {
			t.Fatal(err)
		}

		waitFor(t, 10*time.Second, "the committed mail", func() bool { return len(rec.Messages()) > 0 })
		// Give a stray job from the rolled-back transaction a chance to show.
		time.Sleep(500 * time.Millisecond)
		msgs := rec.Messages()
		if len(msgs) != 1 || msgs[0].To != "committed@example.org" {
			t.Fatalf("sent %+v, want only the committed mail", msgs)
		}
		if n := countJobs(t, db); n != 1 {
			t.Errorf("river_job has %d rows, want 1", n)
		}
	})
}

func TestEnqueueMail_invalid(t *testing.T) {
	t.Parallel()
	db := openSQLite(t)
	if err := jobs.Migrate(context.Background(), db, jobs.EngineSQLite); err != nil {
		t.Fatal(err)
	}
	var rec mail.Recorder
	q := newQueue(t, db, jobs.EngineSQLite, &rec)
	err := q.EnqueueMail(context.Background(), nil, mail.Message{To: "not an address", Text: "x"})
	if !errors.Is(err, mail.ErrInvalidMessage) {
		t.Errorf("EnqueueMail = %v, want ErrInvalidMessage", err)
	}
	if n := countJobs(t, db); n != 0 {
		t.Errorf("river_job has %d rows, want 0", n)
	}
}

// flakySender fails the first failures sends with err, then records.
type flakySender struct {
	mail.Recorder
	mu       sync.Mutex
	failures int
	err      error
	calls    int
}

func (s *flakySender) Send(ctx context.Context, m *mail.Message) error {
	s.mu.Lock()
	s.calls++
	fail := s.calls <= s.failures
	s.mu.Unlock()
	if fail {
		return s.err
	}
	return s.Recorder.Send(ctx, m)
}

func (s *flakySender) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

func TestSendMail_retried(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, db *sql.DB, engine string) {
		sender := &flakySender{failures: 1, err: errors.New("451 4.3.0 try again later")}
		q := newQueue(t, db, engine, sender, withFastRetry)
		events, unsubscribe := q.Client().Subscribe(river.EventKindJobCompleted)
		defer unsubscribe()
		if err := q.EnqueueMail(context.Background(), nil, testMessage("ada@example.org")); err != nil {
			t.Fatal(err)
		}
		startQueue(t, q)

		e := waitForEvent(t, events, river.EventKindJobCompleted, 15*time.Second)
		if e.Job.Attempt != 2 || len(e.Job.Errors) != 1 {
			t.Errorf("job completed at attempt %d with %d errors, want attempt 2 after one error", e.Job.Attempt, len(e.Job.Errors))
		}
		if e.Job.MaxAttempts != 10 || e.Job.Queue != jobs.QueueMail || e.Job.Kind != "send_email" {
			t.Errorf("job %s on queue %s has max attempts %d, want send_email on %s with 10", e.Job.Kind, e.Job.Queue, e.Job.MaxAttempts, jobs.QueueMail)
		}
		if n := len(sender.Messages()); n != 1 || sender.Calls() != 2 {
			t.Errorf("delivered %d mails in %d calls, want 1 in 2", n, sender.Calls())
		}
	})
}

func TestSendMail_permanentFailureCancels(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, db *sql.DB, engine string) {
		rejected := fmt.Errorf("mail: send to gone@example.org: %w: 550 5.1.1 no such user", mail.ErrRecipientRejected)
		sender := &flakySender{failures: 1000, err: rejected}
		q := newQueue(t, db, engine, sender, withFastRetry)
		events, unsubscribe := q.Client().Subscribe(river.EventKindJobCancelled, river.EventKindJobCompleted)
		defer unsubscribe()
		if err := q.EnqueueMail(context.Background(), nil, testMessage("gone@example.org")); err != nil {
			t.Fatal(err)
		}
		startQueue(t, q)

		e := waitForEvent(t, events, river.EventKindJobCancelled, 15*time.Second)
		if e.Job.State != rivertype.JobStateCancelled || e.Job.Attempt != 1 {
			t.Errorf("job is %s after %d attempts, want cancelled after 1", e.Job.State, e.Job.Attempt)
		}
		if sender.Calls() != 1 {
			t.Errorf("sender called %d times, want 1", sender.Calls())
		}
	})
}

// blockingSender blocks each send until its context is done.
type blockingSender struct {
	started chan struct{}
	once    sync.Once
	ended   chan error
}

func (s *blockingSender) Send(ctx context.Context, _ *mail.Message) error {
	s.once.Do(func() { close(s.started) })
	<-ctx.Done()
	s.ended <- ctx.Err()
	return ctx.Err()
}

func TestStop(t *testing.T) {
	t.Parallel()

	t.Run("not started", func(t *testing.T) {
		t.Parallel()
		db := openSQLite(t)
		q, err := jobs.New(db, jobs.EngineSQLite, &mail.Recorder{}, testLogger(t))
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Stop(context.Background()); err != nil {
			t.Errorf("Stop of a queue never started: %v", err)
		}
	})

	forEachEngine(t, func(t *testing.T, db *sql.DB, engine string) {
		sender := &blockingSender{started: make(chan struct{}), ended: make(chan error, 1)}
		q, err := jobs.New(db, engine, sender, testLogger(t))
		if err != nil {
			t.Fatal(err)
		}
		if err := q.EnqueueMail(context.Background(), nil, testMessage("ada@example.org")); err != nil {
			t.Fatal(err)
		}
		startQueue(t, q)
		select {
		case <-sender.started:
		case <-time.After(10 * time.Second):
			t.Fatal("the job did not start")
		}

		// The job outlives the graceful stop's deadline, so Stop cancels it.
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		err = q.Stop(ctx)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Stop = %v, want context.DeadlineExceeded", err)
		}
		if elapsed := time.Since(start); elapsed > 6*time.Second {
			t.Errorf("Stop took %s", elapsed)
		}
		select {
		case jobErr := <-sender.ended:
			if jobErr == nil {
				t.Error("the running job's context was not cancelled")
			}
		case <-time.After(5 * time.Second):
			t.Error("the running job was not cancelled")
		}
	})
}
