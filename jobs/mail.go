package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/creatorclub/creatorclub/mail"
)

// sendMailMaxAttempts gives up on a mail after about four and a half hours of
// River's default backoff (attempt⁴ seconds between attempts).
const sendMailMaxAttempts = 10

// sendMailTimeout leaves room for a slow SMTP server: each network step of a
// send may take up to mail.DefaultTimeout.
const sendMailTimeout = 2 * time.Minute

// SendMailArgs is the job that sends one mail.
type SendMailArgs struct {
	Message mail.Message `json:"message"`
}

// Kind returns the job kind stored in the database.
func (SendMailArgs) Kind() string { return "send_email" }

// InsertOpts puts mail on its own queue with a bounded number of attempts.
func (SendMailArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMail, MaxAttempts: sendMailMaxAttempts}
}

// SendMailWorker works SendMailArgs jobs with a mail.Sender.
type SendMailWorker struct {
	river.WorkerDefaults[SendMailArgs]
	sender mail.Sender
}

// Timeout is sendMailTimeout.
func (w *SendMailWorker) Timeout(*river.Job[SendMailArgs]) time.Duration {
	return sendMailTimeout
}

// Work sends the mail. A failure that retrying cannot fix, such as an invalid
// address or a recipient the server refuses for good, cancels the job; any
// other failure is retried with River's backoff.
func (w *SendMailWorker) Work(ctx context.Context, job *river.Job[SendMailArgs]) error {
	return sendMail(ctx, w.sender, job.ID, job.Attempt, &job.Args.Message, "")
}

// sendMail sends m for a job's attempt. A failure that retrying cannot fix
// cancels the job. hide, when set, is an address kept out of the error's
// text, which River records with the job and logs.
func sendMail(ctx context.Context, sender mail.Sender, id int64, attempt int, m *mail.Message, hide string) error {
	err := sender.Send(ctx, m)
	if err == nil {
		return nil
	}
	err = withoutRecipient(fmt.Errorf("jobs: send mail (job %d, attempt %d): %w", id, attempt, err), hide)
	if mail.IsPermanent(err) {
		return river.JobCancel(err)
	}
	return err
}

// EnqueueMail queues m to be sent. If tx is non-nil the job is inserted in
// that transaction, so the mail goes out only if the caller commits. A message
// that could never be sent is refused here with an error wrapping
// mail.ErrInvalidMessage.
func (q *Queue) EnqueueMail(ctx context.Context, tx *sql.Tx, m mail.Message) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("jobs: enqueue mail: %w", err)
	}
	if err := q.insert(ctx, tx, SendMailArgs{Message: m}); err != nil {
		return fmt.Errorf("jobs: enqueue mail to %s: %w", m.To, err)
	}
	return nil
}

// insert inserts a job, in tx when it is not nil.
func (q *Queue) insert(ctx context.Context, tx *sql.Tx, args river.JobArgs) error {
	var err error
	if tx != nil {
		_, err = q.client.InsertTx(ctx, tx, args, nil)
	} else {
		_, err = q.client.Insert(ctx, args, nil)
	}
	return err
}
