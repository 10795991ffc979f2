package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// PollFeedsArgs is the periodic job that fetches the legal watch's external
// feeds into the review queue.
type PollFeedsArgs struct{}

// Kind returns the job kind stored in the database.
func (PollFeedsArgs) Kind() string { return "poll_legal_feeds" }

// PollFeedsWorker runs the poll function it was given.
type PollFeedsWorker struct {
	river.WorkerDefaults[PollFeedsArgs]
	poll func(ctx context.Context) error
}

// Work fetches the feeds; a failing feed is reported by poll, not retried here.
func (w *PollFeedsWorker) Work(ctx context.Context, _ *river.Job[PollFeedsArgs]) error {
	return w.poll(ctx)
}

// WithFeedPolling runs poll every interval (and once at start) on the queue,
// so that with several server instances it runs once, not once per instance.
func WithFeedPolling(poll func(ctx context.Context) error, every time.Duration) Option {
	return func(cfg *river.Config, _ *Queue) {
		river.AddWorker(cfg.Workers, &PollFeedsWorker{poll: poll})
		cfg.PeriodicJobs = append(cfg.PeriodicJobs, river.NewPeriodicJob(river.PeriodicInterval(every),
			func() (river.JobArgs, *river.InsertOpts) { return PollFeedsArgs{}, &river.InsertOpts{MaxAttempts: 1} },
			&river.PeriodicJobOpts{RunOnStart: true}))
	}
}
