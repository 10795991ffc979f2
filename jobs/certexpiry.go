package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/notify"
	"github.com/creatorclub/creatorclub/sqldb"
)

// CertExpiryArgs is the periodic job that reminds members of their
// certification's expiry (60, 30 and 7 days before) and closes the committee
// terms of members no longer certified.
type CertExpiryArgs struct{}

// Kind returns the job kind stored in the database.
func (CertExpiryArgs) Kind() string { return "cert_expiry" }

// CertExpiryWorker sends the certification expiry reminders.
type CertExpiryWorker struct {
	river.WorkerDefaults[CertExpiryArgs]
	db       *sqldb.DB
	composer *notify.Composer
	queue    *Queue
}

// NewCertExpiryWorker returns the worker; WithCertExpiryReminders registers
// one on the queue.
func NewCertExpiryWorker(db *sqldb.DB, composer *notify.Composer, q *Queue) *CertExpiryWorker {
	return &CertExpiryWorker{db: db, composer: composer, queue: q}
}

// WithCertExpiryReminders runs the certification expiry job every interval
// (and once at start) on the queue, so that with several server instances
// it runs once, not once per instance.
func WithCertExpiryReminders(db *sqldb.DB, composer *notify.Composer, every time.Duration) Option {
	return func(cfg *river.Config, q *Queue) {
		river.AddWorker(cfg.Workers, NewCertExpiryWorker(db, composer, q))
		cfg.PeriodicJobs = append(cfg.PeriodicJobs, river.NewPeriodicJob(river.PeriodicInterval(every),
			func() (river.JobArgs, *river.InsertOpts) {
				return CertExpiryArgs{}, &river.InsertOpts{MaxAttempts: 3}
			}, &river.PeriodicJobOpts{RunOnStart: true}))
	}
}

// Work runs the reminders.
func (w *CertExpiryWorker) Work(ctx context.Context, _ *river.Job[CertExpiryArgs]) error {
	_, err := w.Run(ctx)
	return err
}

// Run ends the committee terms of members no longer certified (mailing
// those the waiting list promotes), then queues one reminder per member
// whose certification reaches a threshold, with the organisation's renewal
// procedure and an in-app notification. Each reminder is recorded in the
// transaction that queues it, so a retried or concurrent run never sends
// the same threshold twice. It returns how many reminders it queued.
func (w *CertExpiryWorker) Run(ctx context.Context) (int, error) {
	_, err := w.db.EndTermsOfUncertified(ctx, func(tx *sqlTx, ch *sqldb.CommitteeChange) error {
		return TellPromoted(ctx, tx, w.db, w.composer, w.queue, ch)
	})
	if err != nil {
		return 0, err
	}
	procedure, err := w.db.RenewalProcedure(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	err = w.db.WithTx(ctx, func(tx *sqlTx) error {
		n = 0
		due, err := w.db.DueCertReminders(ctx, tx)
		if err != nil {
			return err
		}
		for _, d := range due {
			msg, err := w.composer.CertExpiry(d.User, w.db.Now(), procedure)
			if err != nil {
				return err
			}
			if err := w.queue.EnqueueMail(ctx, tx, msg); err != nil {
				return err
			}
			if err := w.db.Notify(ctx, tx, d.User.ID, "certification", "notif_cert_expiry", "/accueil#certification"); err != nil {
				return err
			}
			if err := w.db.MarkCertReminderSent(ctx, tx, d.User.ID, d.User.Cert.ExpiresOn, d.Threshold); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// MailEnqueuer queues mail in a transaction (a Queue, or the web layer's
// Mailer).
type MailEnqueuer interface {
	EnqueueMail(ctx context.Context, tx *sqlTx, m mail.Message) error
}

// TellPromoted queues in tx the mail telling each member the committee's
// waiting list gave a seat to (their in-app notification is written by the
// store). A member whose account is gone is skipped.
func TellPromoted(ctx context.Context, tx *sqlTx, db *sqldb.DB, composer *notify.Composer, q MailEnqueuer, ch *sqldb.CommitteeChange) error {
	for _, a := range ch.Promoted {
		u, err := db.FindUserTx(ctx, tx, a.UserID)
		if creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		msg, err := composer.CommitteePromoted(u, ch.Terms[a.ID])
		if err != nil {
			return err
		}
		if err := q.EnqueueMail(ctx, tx, msg); err != nil {
			return err
		}
	}
	return nil
}
