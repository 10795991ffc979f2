package jobs_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/mail"
)

// sealer returns the sealer of a key made of one repeated byte.
func sealer(t *testing.T, b byte) *creatorclub.Sealer {
	t.Helper()
	s, err := creatorclub.NewSealer(bytes.Repeat([]byte{b}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// caseMessage is a mail of the safety desk whose text holds facts, a
// distinctive phrase in it.
func caseMessage(to, facts string) mail.Message {
	return mail.Message{To: to, ToName: "Théo Dubois", Subject: "Décision vous concernant : exposé des motifs",
		Text: "Faits et circonstances : " + facts + "\n", HTML: "<p>Faits et circonstances : " + facts + "</p>\n"}
}

// jobRow is a river_job row as stored: its args and errors as raw bytes.
type jobRow struct {
	id            int64
	kind, state   string
	args, errText []byte
}

// jobRows returns every row of river_job, oldest first.
func jobRows(t *testing.T, db *sql.DB) []jobRow {
	t.Helper()
	rows, err := db.Query(`SELECT id, kind, state, args, errors FROM river_job ORDER BY id`)
	if err != nil {
		t.Fatalf("read river_job: %v", err)
	}
	defer rows.Close()
	var out []jobRow
	for rows.Next() {
		var r jobRow
		var errs any
		if err := rows.Scan(&r.id, &r.kind, &r.state, &r.args, &errs); err != nil {
			t.Fatalf("read river_job: %v", err)
		}
		r.errText = fmt.Appendf(nil, "%s", errs)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestEnqueueSealedMail_sent: the job's args, read raw from River's table,
// hold none of the message, while a mail queued in clear is found by the
// same search; the worker opens the message and sends it as it was.
func TestEnqueueSealedMail_sent(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, db *sql.DB, engine string) {
		var rec mail.Recorder
		q := newQueue(t, db, engine, &rec, jobs.WithSealedMail(sealer(t, 1)))
		const facts, clear = "menaces-repetees-en-message-prive", "lien-de-connexion-en-clair"
		want := caseMessage("theo@example.org", facts)
		if err := q.EnqueueSealedMail(context.Background(), nil, want); err != nil {
			t.Fatalf("EnqueueSealedMail: %v", err)
		}
		if err := q.EnqueueMail(context.Background(), nil, caseMessage("ada@example.org", clear)); err != nil {
			t.Fatalf("EnqueueMail: %v", err)
		}
		check := func(when string) {
			t.Helper()
			rows := jobRows(t, db)
			if len(rows) != 2 || rows[0].kind != "send_sealed_email" || rows[1].kind != "send_email" {
				t.Fatalf("%s: river_job rows %+v", when, rows)
			}
			for _, secret := range []string{facts, "theo@example.org", "Théo", "exposé des motifs", "Faits et circonstances"} {
				if bytes.Contains(rows[0].args, []byte(secret)) {
					t.Errorf("%s: the sealed job's args hold %q in clear: %s", when, secret, rows[0].args)
				}
			}
			if !bytes.Contains(rows[1].args, []byte(clear)) {
				t.Errorf("%s: the search does not find the clear mail's text in its args: %q", when, rows[1].args)
			}
		}
		check("queued")
		startQueue(t, q)
		waitFor(t, 10*time.Second, "the mails", func() bool { return len(rec.Messages()) == 2 })
		var got mail.Message
		for _, m := range rec.Messages() {
			if m.To == want.To {
				got = m
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("sent %+v\nwant %+v", got, want)
		}
		// River keeps the completed job an hour: still sealed.
		waitFor(t, 10*time.Second, "the jobs completed", func() bool {
			rows := jobRows(t, db)
			return rows[0].state == "completed" && rows[1].state == "completed"
		})
		check("completed")
	})
}

func TestEnqueueSealedMail_noKey(t *testing.T) {
	t.Parallel()
	db := openSQLite(t)
	if err := jobs.Migrate(context.Background(), db, jobs.EngineSQLite); err != nil {
		t.Fatal(err)
	}
	q := newQueue(t, db, jobs.EngineSQLite, &mail.Recorder{})
	err := q.EnqueueSealedMail(context.Background(), nil, caseMessage("theo@example.org", "x"))
	if err == nil || !strings.Contains(err.Error(), "WithSealedMail") {
		t.Errorf("EnqueueSealedMail without a key: %v", err)
	}
	q = newQueue(t, db, jobs.EngineSQLite, &mail.Recorder{}, jobs.WithSealedMail(sealer(t, 1)))
	err = q.EnqueueSealedMail(context.Background(), nil, mail.Message{To: "theo@example.org"})
	if !errors.Is(err, mail.ErrInvalidMessage) || strings.Contains(err.Error(), "theo@example.org") {
		t.Errorf("EnqueueSealedMail of an empty message: %v, want ErrInvalidMessage without the address", err)
	}
	if n := countJobs(t, db); n != 0 {
		t.Errorf("%d jobs queued, want 0", n)
	}
}

// TestSealedMail_wrongKey: a queue whose key is not the one a mail was
// sealed with sends nothing of it, records a clear error and keeps the job
// for a retry, while it sends the other mail; a queue with the right key
// then sends it.
func TestSealedMail_wrongKey(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, db *sql.DB, engine string) {
		right, wrong := sealer(t, 1), sealer(t, 2)
		var rec mail.Recorder
		q := newQueue(t, db, engine, &rec, jobs.WithSealedMail(wrong))
		failed, unsubscribe := q.Client().Subscribe(river.EventKindJobFailed)
		defer unsubscribe()
		// Queued by an instance with the right key (not started).
		other := newQueue(t, db, engine, &mail.Recorder{}, jobs.WithSealedMail(right))
		want := caseMessage("theo@example.org", "menaces-repetees")
		if err := other.EnqueueSealedMail(context.Background(), nil, want); err != nil {
			t.Fatal(err)
		}
		if err := q.EnqueueMail(context.Background(), nil, testMessage("ada@example.org")); err != nil {
			t.Fatal(err)
		}
		startQueue(t, q)
		e := waitForEvent(t, failed, river.EventKindJobFailed, 15*time.Second)
		// A retry due within seconds is made available at once.
		retried := e.Job.State == rivertype.JobStateRetryable || e.Job.State == rivertype.JobStateAvailable
		if e.Job.Kind != "send_sealed_email" || !retried || len(e.Job.Errors) != 1 {
			t.Fatalf("failed job %s is %s with %d errors, want send_sealed_email to be retried, with 1", e.Job.Kind, e.Job.State, len(e.Job.Errors))
		}
		if msg := e.Job.Errors[0].Error; !strings.Contains(msg, "does not open with this instance's safety key") || !strings.Contains(msg, creatorclub.ErrSealedData.Error()) {
			t.Errorf("recorded error %q does not say the key is wrong", msg)
		}
		waitFor(t, 10*time.Second, "the other mail", func() bool { return len(rec.Messages()) == 1 })
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := q.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		if got := rec.Messages(); len(got) != 1 || got[0].To != "ada@example.org" {
			t.Fatalf("the queue with the wrong key sent %+v, want only the other mail", got)
		}

		// The right key sends it, as it was.
		var later mail.Recorder
		startQueue(t, newQueue(t, db, engine, &later, jobs.WithSealedMail(right), withFastRetry))
		waitFor(t, 15*time.Second, "the sealed mail", func() bool { return len(later.Messages()) == 1 })
		if got, _ := later.Last(); !reflect.DeepEqual(got, want) {
			t.Errorf("sent %+v\nwant %+v", got, want)
		}
	})
}

// TestSealedMail_errorsHideRecipient: a recipient refused for good cancels
// the job, as for any mail, and River's record of the error does not name
// the recipient.
func TestSealedMail_errorsHideRecipient(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, db *sql.DB, engine string) {
		rejected := fmt.Errorf("mail: send to gone@example.org: %w: 550 5.1.1 <gone@example.org> no such user", mail.ErrRecipientRejected)
		sender := &flakySender{failures: 1000, err: rejected}
		q := newQueue(t, db, engine, sender, jobs.WithSealedMail(sealer(t, 1)), withFastRetry)
		events, unsubscribe := q.Client().Subscribe(river.EventKindJobCancelled)
		defer unsubscribe()
		if err := q.EnqueueSealedMail(context.Background(), nil, caseMessage("gone@example.org", "x")); err != nil {
			t.Fatal(err)
		}
		startQueue(t, q)
		e := waitForEvent(t, events, river.EventKindJobCancelled, 15*time.Second)
		if e.Job.Attempt != 1 || len(e.Job.Errors) != 1 {
			t.Fatalf("cancelled after %d attempts with %d errors, want 1 and 1", e.Job.Attempt, len(e.Job.Errors))
		}
		if msg := e.Job.Errors[0].Error; strings.Contains(msg, "gone@example.org") || !strings.Contains(msg, "no such user") {
			t.Errorf("recorded error %q: want the server's reply without the address", msg)
		}
		rows := jobRows(t, db)
		if len(rows) != 1 || bytes.Contains(rows[0].errText, []byte("gone@example.org")) {
			t.Errorf("river_job errors name the recipient: %s", rows[0].errText)
		}
	})
}

// TestMailResealer seals the mail jobs again under a new key, those done
// and those waiting, in the caller's transaction: the new key sends the
// waiting one, and a rotation from a key that does not open them fails and
// changes nothing.
func TestMailResealer(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, db *sql.DB, engine string) {
		ctx := context.Background()
		oldKey, newKey := sealer(t, 1), sealer(t, 2)
		var sent mail.Recorder
		q := newQueue(t, db, engine, &sent, jobs.WithSealedMail(oldKey))
		if err := q.EnqueueSealedMail(ctx, nil, caseMessage("ada@example.org", "premier")); err != nil {
			t.Fatal(err)
		}
		startQueue(t, q)
		waitFor(t, 10*time.Second, "the first mail", func() bool { return len(sent.Messages()) == 1 })
		stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := q.Stop(stopCtx); err != nil {
			t.Fatal(err)
		}
		waiting := caseMessage("theo@example.org", "second")
		if err := q.EnqueueSealedMail(ctx, nil, waiting); err != nil {
			t.Fatal(err)
		}
		if err := q.EnqueueMail(ctx, nil, testMessage("lea@example.org")); err != nil {
			t.Fatal(err)
		}
		before := jobRows(t, db)

		resealer, err := jobs.MailResealer(engine)
		if err != nil {
			t.Fatal(err)
		}
		rotate := func(from, to *creatorclub.Sealer) (int, error) {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			n, err := resealer(ctx, tx, func(sealed []byte, purpose string) ([]byte, error) {
				plain, err := from.Open(sealed, purpose)
				if err != nil {
					return nil, err
				}
				return to.Seal(plain, purpose), nil
			})
			if err != nil {
				return n, err
			}
			return n, tx.Commit()
		}
		// A key that opens none of them: an error naming the job, nothing changed.
		if _, err := rotate(newKey, oldKey); !errors.Is(err, creatorclub.ErrSealedData) || !strings.Contains(err.Error(), "job") {
			t.Fatalf("rotation from the wrong key: %v, want ErrSealedData", err)
		}
		if after := jobRows(t, db); !reflect.DeepEqual(after, before) {
			t.Fatal("a failed rotation changed river_job")
		}
		n, err := rotate(oldKey, newKey)
		if err != nil || n != 2 {
			t.Fatalf("rotation: %d %v, want the 2 sealed mails", n, err)
		}
		after := jobRows(t, db)
		if len(after) != 3 || bytes.Equal(after[0].args, before[0].args) || bytes.Equal(after[1].args, before[1].args) ||
			!bytes.Equal(after[2].args, before[2].args) || after[0].state != before[0].state {
			t.Fatalf("river_job after the rotation: %+v\nbefore: %+v", after, before)
		}
		// The old key opens neither; the new one opens both.
		if _, err := rotate(oldKey, newKey); !errors.Is(err, creatorclub.ErrSealedData) {
			t.Fatalf("the old key still opens the mails: %v", err)
		}
		if n, err := rotate(newKey, newKey); err != nil || n != 2 {
			t.Fatalf("the new key does not open the mails: %d %v", n, err)
		}

		// The new key sends the waiting mail as it was; the old one cannot.
		var later mail.Recorder
		startQueue(t, newQueue(t, db, engine, &later, jobs.WithSealedMail(newKey)))
		waitFor(t, 10*time.Second, "the waiting mails", func() bool { return len(later.Messages()) == 2 })
		for _, m := range later.Messages() {
			if m.To == waiting.To && !reflect.DeepEqual(m, waiting) {
				t.Errorf("sent %+v\nwant %+v", m, waiting)
			}
		}
	})
	if _, err := jobs.MailResealer("mysql"); err == nil {
		t.Error("MailResealer accepted an unknown engine")
	}
}
