package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/notify"
	"github.com/creatorclub/creatorclub/sqldb"
)

// Reminder kinds and how long before the start each is sent.
var reminderOffsets = []struct {
	Kind   string
	Before time.Duration
}{{"24h", 24 * time.Hour}, {"1h", time.Hour}}

// EventReminderArgs is the job that reminds the registered members of an
// event. It carries the start time it was scheduled for: if the event has
// moved since, the job does nothing (the move scheduled new ones), and if
// the event is cancelled it does nothing either.
type EventReminderArgs struct {
	EventID  int64     `json:"event_id"`
	Which    string    `json:"which"` // "24h" or "1h"
	StartsAt time.Time `json:"starts_at"`
}

// Kind returns the job kind stored in the database.
func (EventReminderArgs) Kind() string { return "event_reminder" }

// InsertOpts bounds the attempts of a reminder.
func (EventReminderArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 5}
}

// EventReminderWorker sends the reminders of one event.
type EventReminderWorker struct {
	river.WorkerDefaults[EventReminderArgs]
	db       *sqldb.DB
	composer *notify.Composer
	queue    *Queue
}

// WithEventReminders registers the reminder worker; Queue.ScheduleReminders
// then schedules its jobs.
func WithEventReminders(db *sqldb.DB, composer *notify.Composer) Option {
	return func(cfg *river.Config, q *Queue) {
		w := &EventReminderWorker{db: db, composer: composer, queue: q}
		river.AddWorker(cfg.Workers, w)
		q.reminders = w
	}
}

// Work queues one reminder mail per registered member who wants reminders
// and has not had this one, and records each in the same transaction, so a
// retried job never sends a reminder twice.
func (w *EventReminderWorker) Work(ctx context.Context, job *river.Job[EventReminderArgs]) error {
	a := job.Args
	return w.db.WithTx(ctx, func(tx *sqlTx) error {
		ev, err := w.db.FindEventTx(ctx, tx, a.EventID)
		if creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		if ev.Status != creatorclub.EventPublished || !ev.StartsAt.Equal(a.StartsAt) {
			return nil
		}
		users, err := w.db.ReminderRecipients(ctx, tx, ev, a.Which)
		if err != nil {
			return err
		}
		for _, u := range users {
			msg, err := w.composer.Reminder(u, ev, a.Which)
			if err != nil {
				return err
			}
			if err := w.queue.EnqueueMail(ctx, tx, msg); err != nil {
				return err
			}
			if err := w.db.MarkReminderSent(ctx, tx, ev, u.ID, a.Which); err != nil {
				return err
			}
		}
		return nil
	})
}

// ScheduleReminders schedules the 24-hour and 1-hour reminders of ev in tx
// (those whose time has not passed). Call it when an event is published or
// moved; reminders scheduled for an earlier start then do nothing.
func (q *Queue) ScheduleReminders(ctx context.Context, tx *sqlTx, ev *creatorclub.Event, now time.Time) error {
	if q.reminders == nil {
		return fmt.Errorf("jobs: schedule reminders: the queue was built without WithEventReminders")
	}
	if ev.Status != creatorclub.EventPublished {
		return nil
	}
	for _, r := range reminderOffsets {
		at := ev.StartsAt.Add(-r.Before)
		if !at.After(now) {
			continue
		}
		args := EventReminderArgs{EventID: ev.ID, Which: r.Kind, StartsAt: ev.StartsAt.UTC()}
		if _, err := q.client.InsertTx(ctx, tx, args, &river.InsertOpts{ScheduledAt: at, MaxAttempts: 5}); err != nil {
			return fmt.Errorf("jobs: schedule %s reminder of event %d: %w", r.Kind, ev.ID, err)
		}
	}
	return nil
}
