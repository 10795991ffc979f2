package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/creatorclub/creatorclub/notify"
	"github.com/creatorclub/creatorclub/sqldb"
)

// CourseRemindersArgs is the periodic job that reminds members of their
// mandatory courses (a week and a day before the due date, once after it)
// and of certificates about to expire or expired (refresher courses).
type CourseRemindersArgs struct{}

// Kind returns the job kind stored in the database.
func (CourseRemindersArgs) Kind() string { return "course_reminders" }

// CourseRemindersWorker sends the course reminders that are due.
type CourseRemindersWorker struct {
	river.WorkerDefaults[CourseRemindersArgs]
	db       *sqldb.DB
	composer *notify.Composer
	queue    *Queue
}

// WithCourseReminders runs the course reminders every interval (and once
// at start) on the queue: with several server instances, River's leader
// alone runs periodic jobs, so each reminder is looked for once.
func WithCourseReminders(db *sqldb.DB, composer *notify.Composer, every time.Duration) Option {
	return func(cfg *river.Config, q *Queue) {
		river.AddWorker(cfg.Workers, &CourseRemindersWorker{db: db, composer: composer, queue: q})
		cfg.PeriodicJobs = append(cfg.PeriodicJobs, river.NewPeriodicJob(river.PeriodicInterval(every),
			func() (river.JobArgs, *river.InsertOpts) {
				return CourseRemindersArgs{}, &river.InsertOpts{MaxAttempts: 3}
			},
			&river.PeriodicJobOpts{RunOnStart: true}))
	}
}

// Work queues each due reminder's mail and records it as sent in the same
// transaction: a retried or overlapping run never sends one twice.
func (w *CourseRemindersWorker) Work(ctx context.Context, _ *river.Job[CourseRemindersArgs]) error {
	return w.db.WithTx(ctx, func(tx *sqlTx) error {
		due, err := w.db.CourseReminders(ctx, tx)
		if err != nil {
			return err
		}
		for _, r := range due {
			msg, err := w.composer.CourseReminder(r.User, r.CourseID, r.CourseTitle, r.CourseLang, r.Kind, r.At)
			if err != nil {
				return err
			}
			if err := w.queue.EnqueueMail(ctx, tx, msg); err != nil {
				return err
			}
			if err := w.db.MarkCourseReminderSent(ctx, tx, r); err != nil {
				return err
			}
		}
		return nil
	})
}
