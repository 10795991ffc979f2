package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
)

// SafetyRetentionArgs is the daily job that deletes the safety desk's cases
// closed longer ago than the retention period.
type SafetyRetentionArgs struct{}

// Kind returns the job kind stored in the database.
func (SafetyRetentionArgs) Kind() string { return "safety_retention" }

// SafetyRetentionWorker deletes the expired cases.
type SafetyRetentionWorker struct {
	river.WorkerDefaults[SafetyRetentionArgs]
	purge  func(ctx context.Context, cutoff time.Time) (int, error)
	keep   time.Duration
	now    func() time.Time
	logger *slog.Logger
}

// Work deletes the cases closed before now minus the retention period.
func (w *SafetyRetentionWorker) Work(ctx context.Context, _ *river.Job[SafetyRetentionArgs]) error {
	n, err := w.purge(ctx, w.now().Add(-w.keep))
	if err != nil {
		return err
	}
	if n > 0 && w.logger != nil {
		w.logger.Info("safety cases past retention deleted", "count", n, "retention", w.keep.String())
	}
	return nil
}

// WithSafetyRetention runs purge once a day (and at start) on the queue, with
// the cut-off now minus keep: closed cases older than that are deleted.
func WithSafetyRetention(purge func(ctx context.Context, cutoff time.Time) (int, error), keep time.Duration, now func() time.Time) Option {
	return func(cfg *river.Config, q *Queue) {
		river.AddWorker(cfg.Workers, NewSafetyRetentionWorker(purge, keep, now, q.logger))
		cfg.PeriodicJobs = append(cfg.PeriodicJobs, river.NewPeriodicJob(river.PeriodicInterval(24*time.Hour),
			func() (river.JobArgs, *river.InsertOpts) {
				return SafetyRetentionArgs{}, &river.InsertOpts{MaxAttempts: 3}
			},
			&river.PeriodicJobOpts{RunOnStart: true}))
	}
}

// NewSafetyRetentionWorker returns the worker; keep is the retention period.
func NewSafetyRetentionWorker(purge func(ctx context.Context, cutoff time.Time) (int, error), keep time.Duration, now func() time.Time, logger *slog.Logger) *SafetyRetentionWorker {
	return &SafetyRetentionWorker{purge: purge, keep: keep, now: now, logger: logger}
}
