package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/sqldb"
)

// sealMail is the purpose bound to a sealed mail, so that a value sealed for
// one of the desk's columns cannot pass for a mail, nor the reverse.
const sealMail = "safety.mail"

// SendSealedMailArgs is the job that sends one mail of the safety desk.
// River keeps a job's arguments in its table while the job waits and for a
// while after it ran (an hour once sent, days once given up), and the desk's
// mails carry a case's facts, the content removed and the outcome of an
// appeal; so the whole message, recipient included, is sealed with the
// safety key as the desk's values are at rest (creatorclub.Sealer), and the
// worker opens it just before sending.
type SendSealedMailArgs struct {
	// Sealed is the mail.Message in JSON, sealed for sealMail.
	Sealed []byte `json:"sealed"`
}

// Kind returns the job kind stored in the database.
func (SendSealedMailArgs) Kind() string { return "send_sealed_email" }

// InsertOpts puts the mail on the mail queue with the attempts of any mail.
func (SendSealedMailArgs) InsertOpts() river.InsertOpts {
	return SendMailArgs{}.InsertOpts()
}

// SendSealedMailWorker works SendSealedMailArgs jobs: it opens the message
// with the safety key and sends it with a mail.Sender.
type SendSealedMailWorker struct {
	river.WorkerDefaults[SendSealedMailArgs]
	sender mail.Sender
	seal   *creatorclub.Sealer
}

// Timeout is sendMailTimeout.
func (w *SendSealedMailWorker) Timeout(*river.Job[SendSealedMailArgs]) time.Duration {
	return sendMailTimeout
}

// Work opens the message and sends it as SendMailWorker does. A message that
// does not open — sealed under another key, or altered — is not sent, and the
// job fails with an error saying so. It is retried like a failed send rather
// than cancelled: the only running instance with another key is one started
// before a key rotation, and another instance, or this one restarted, can
// still send it. The address of the recipient is kept out of the errors
// River records and logs.
func (w *SendSealedMailWorker) Work(ctx context.Context, job *river.Job[SendSealedMailArgs]) error {
	m, err := openMail(w.seal, job.Args.Sealed)
	if err != nil {
		return fmt.Errorf("jobs: sealed mail (job %d, attempt %d) not sent: it does not open with this instance's safety key "+
			"(sealed under another key, or altered; was this instance started before a key rotation?): %w", job.ID, job.Attempt, err)
	}
	return sendMail(ctx, w.sender, job.ID, job.Attempt, &m, m.To)
}

// openMail opens a message sealed by EnqueueSealedMail.
func openMail(seal *creatorclub.Sealer, sealed []byte) (mail.Message, error) {
	var m mail.Message
	plain, err := seal.Open(sealed, sealMail)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(plain, &m); err != nil {
		return m, fmt.Errorf("jobs: sealed mail: %w", err)
	}
	return m, nil
}

// redactedError is an error whose text no longer names the recipient; the
// error it wraps is kept for errors.Is.
type redactedError struct {
	text string
	err  error
}

func (e *redactedError) Error() string { return e.text }
func (e *redactedError) Unwrap() error { return e.err }

// withoutRecipient returns err with the address to replaced in its text.
func withoutRecipient(err error, to string) error {
	if to == "" || !strings.Contains(err.Error(), to) {
		return err
	}
	return &redactedError{text: strings.ReplaceAll(err.Error(), to, "(the recipient)"), err: err}
}

// WithSealedMail lets the queue send the safety desk's mail sealed with
// sealer, the safety key's (see EnqueueSealedMail).
func WithSealedMail(sealer *creatorclub.Sealer) Option {
	return func(cfg *river.Config, q *Queue) {
		q.seal = sealer
		river.AddWorker(cfg.Workers, &SendSealedMailWorker{sender: q.sender, seal: sealer})
	}
}

// EnqueueSealedMail queues m as EnqueueMail does, with the whole message
// sealed with the safety key, for the safety desk's mail. The queue must have
// been built WithSealedMail. Its errors do not name the recipient.
func (q *Queue) EnqueueSealedMail(ctx context.Context, tx *sql.Tx, m mail.Message) error {
	if q.seal == nil {
		return errors.New("jobs: enqueue sealed mail: the queue has no safety key (WithSealedMail)")
	}
	if err := m.Validate(); err != nil {
		return withoutRecipient(fmt.Errorf("jobs: enqueue sealed mail: %w", err), m.To)
	}
	plain, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("jobs: enqueue sealed mail: %w", err)
	}
	if err := q.insert(ctx, tx, SendSealedMailArgs{Sealed: q.seal.Seal(plain, sealMail)}); err != nil {
		return fmt.Errorf("jobs: enqueue sealed mail: %w", err)
	}
	return nil
}

// MailResealer returns the part of the safety key's rotation that lives in
// River's table, for a database of engine "sqlite" or "postgres": it seals
// the message of every sealed mail job again, whatever the job's state —
// those waiting to be sent, so that the new key sends them, and those done
// with, which River keeps for a while and which the old key, perhaps
// leaked, must no longer open. Like the desk's own values, a job that does
// not open under the old key stops the rotation (see
// sqldb.DB.RotateSafetyKey).
func MailResealer(engine string) (sqldb.Resealer, error) {
	// River keeps args as jsonb on PostgreSQL and as SQLite's binary JSON
	// (jsonb()) on SQLite: read them as text, write them back as River does.
	var read, write string
	switch engine {
	case EngineSQLite:
		read = `SELECT json(args) FROM river_job WHERE id = $1`
		write = `UPDATE river_job SET args = jsonb($1) WHERE id = $2`
	case EnginePostgres:
		read = `SELECT args::text FROM river_job WHERE id = $1`
		write = `UPDATE river_job SET args = $1::jsonb WHERE id = $2`
	default:
		return nil, fmt.Errorf("jobs: mail resealer: unknown database engine %q (want %q or %q)", engine, EngineSQLite, EnginePostgres)
	}
	kind := SendSealedMailArgs{}.Kind()
	return func(ctx context.Context, tx *sql.Tx, reseal func(sealed []byte, purpose string) ([]byte, error)) (int, error) {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM river_job WHERE kind = $1 ORDER BY id`, kind)
		if err != nil {
			return 0, fmt.Errorf("jobs: read the sealed mail jobs: %w", err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return 0, fmt.Errorf("jobs: read the sealed mail jobs: %w", err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, fmt.Errorf("jobs: read the sealed mail jobs: %w", err)
		}
		for _, id := range ids {
			var text string
			if err := tx.QueryRowContext(ctx, read, id).Scan(&text); err != nil {
				return 0, fmt.Errorf("jobs: read sealed mail job %d: %w", id, err)
			}
			var args SendSealedMailArgs
			if err := json.Unmarshal([]byte(text), &args); err != nil {
				return 0, fmt.Errorf("jobs: sealed mail job %d: %w", id, err)
			}
			if args.Sealed, err = reseal(args.Sealed, sealMail); err != nil {
				return 0, fmt.Errorf("jobs: sealed mail job %d: %w", id, err)
			}
			b, err := json.Marshal(args)
			if err != nil {
				return 0, fmt.Errorf("jobs: sealed mail job %d: %w", id, err)
			}
			if _, err := tx.ExecContext(ctx, write, string(b), id); err != nil {
				return 0, fmt.Errorf("jobs: write sealed mail job %d: %w", id, err)
			}
		}
		return len(ids), nil
	}, nil
}
