package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/campaign"
)

// QueueCampaigns carries the sending of campaigns, long jobs that must not
// hold up the default queue.
const QueueCampaigns = "campaigns"

const (
	// campaignSlice is how long one send_campaign job sends before it snoozes
	// and lets the queue run it again: a job never runs long enough for River
	// to take it for stuck and start a second copy.
	campaignSlice = 5 * time.Minute
	// campaignJobTimeout leaves the slice time to finish its last batch.
	campaignJobTimeout = campaignSlice + 2*time.Minute
	// campaignSweepEvery is how often due campaigns are started and sending
	// ones resumed.
	campaignSweepEvery = 30 * time.Second
)

// SendCampaignArgs is the job that sends a campaign's pending deliveries. At
// most one exists per campaign until it finishes, so two server instances do
// not send the same campaign at once; the campaign's lease in the database
// guards the same thing for a sender started by other means.
type SendCampaignArgs struct {
	CampaignID int64 `json:"campaign_id"`
}

// Kind returns the job kind stored in the database.
func (SendCampaignArgs) Kind() string { return "send_campaign" }

// InsertOpts makes the job unique per campaign while it is waiting, running
// or due to be retried.
func (SendCampaignArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{
		Queue:       QueueCampaigns,
		MaxAttempts: 10,
		UniqueOpts: river.UniqueOpts{
			ByArgs: true,
			ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
				rivertype.JobStateRetryable, rivertype.JobStateScheduled},
		},
	}
}

// SendCampaignWorker works SendCampaignArgs jobs with a campaign.Sender.
type SendCampaignWorker struct {
	river.WorkerDefaults[SendCampaignArgs]
	sender *campaign.Sender
}

// Timeout covers one slice of sending.
func (w *SendCampaignWorker) Timeout(*river.Job[SendCampaignArgs]) time.Duration {
	return campaignJobTimeout
}

// Work sends what is due for up to campaignSlice, then snoozes until the
// next delivery comes due (a deferred retry) or at once if the slice ran
// out. It ends when the campaign is sent, paused or cancelled. While another
// sender holds the campaign it snoozes for a lease.
func (w *SendCampaignWorker) Work(ctx context.Context, job *river.Job[SendCampaignArgs]) error {
	slice, cancel := context.WithTimeout(ctx, campaignSlice)
	defer cancel()
	next, err := w.sender.SendDue(slice, job.Args.CampaignID)
	switch {
	case campaign.IsSenderBusy(err):
		return river.JobSnooze(w.lease())
	case err != nil && errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
		return river.JobSnooze(0)
	case creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND:
		return river.JobCancel(fmt.Errorf("jobs: send campaign %d: %w", job.Args.CampaignID, err))
	case err != nil:
		return fmt.Errorf("jobs: send campaign %d (attempt %d): %w", job.Args.CampaignID, job.Attempt, err)
	case next.IsZero():
		return nil
	}
	return river.JobSnooze(max(next.Sub(w.sender.DB.Now()), 0))
}

func (w *SendCampaignWorker) lease() time.Duration {
	if w.sender.Lease > 0 {
		return w.sender.Lease
	}
	return campaign.DefaultLease
}

// StartDueCampaignsArgs is the periodic job that starts the scheduled
// campaigns whose time has come and queues the sending of every campaign in
// status sending, which resumes them after a restart.
type StartDueCampaignsArgs struct{}

// Kind returns the job kind stored in the database.
func (StartDueCampaignsArgs) Kind() string { return "start_due_campaigns" }

// StartDueCampaignsWorker works StartDueCampaignsArgs jobs.
type StartDueCampaignsWorker struct {
	river.WorkerDefaults[StartDueCampaignsArgs]
	sender *campaign.Sender
	queue  *Queue
}

// Work starts the due campaigns and queues every sending one. A scheduled
// campaign whose audience is empty by now goes back to draft, with a warning
// in the log, rather than failing every 30 seconds.
func (w *StartDueCampaignsWorker) Work(ctx context.Context, _ *river.Job[StartDueCampaignsArgs]) error {
	db := w.sender.DB
	due, err := db.DueCampaigns(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, c := range due {
		n, err := w.sender.Start(ctx, c.ID)
		switch {
		case err == nil:
			w.queue.logger.InfoContext(ctx, "jobs: scheduled campaign started", "campaign", c.ID, "recipients", n)
		case creatorclub.ErrorMessage(err) == "campaign_audience_empty":
			w.queue.logger.WarnContext(ctx, "jobs: scheduled campaign has no recipient; back to draft", "campaign", c.ID)
			if err := db.UnscheduleCampaign(ctx, c.ID); err != nil && creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
				errs = append(errs, err)
			}
		case creatorclub.ErrorCode(err) == creatorclub.ECONFLICT:
			// Started or cancelled meanwhile.
		default:
			errs = append(errs, fmt.Errorf("jobs: start campaign %d: %w", c.ID, err))
		}
	}
	sending, err := db.SendingCampaigns(ctx)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	for _, c := range sending {
		if err := w.queue.EnqueueCampaign(ctx, nil, c.ID); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// WithCampaigns registers the campaign workers on their own queue (two
// campaigns at a time per instance) and the periodic job, run at start and
// every 30 seconds, that starts due campaigns and resumes sending ones.
//
// A campaign job that dies with its process (a crash, not a graceful stop)
// stays "running" for River until RescueStuckJobsAfter (one hour by default)
// and, being unique, blocks the resumption until then; set
// RescueStuckJobsAfter lower (above every job's timeout, e.g. 15 minutes) to
// resume sooner.
func WithCampaigns(sender *campaign.Sender) Option {
	return func(cfg *river.Config, q *Queue) {
		river.AddWorker(cfg.Workers, &SendCampaignWorker{sender: sender})
		river.AddWorker(cfg.Workers, &StartDueCampaignsWorker{sender: sender, queue: q})
		if cfg.Queues == nil {
			cfg.Queues = map[string]river.QueueConfig{}
		}
		cfg.Queues[QueueCampaigns] = river.QueueConfig{MaxWorkers: 2}
		cfg.PeriodicJobs = append(cfg.PeriodicJobs, river.NewPeriodicJob(river.PeriodicInterval(campaignSweepEvery),
			func() (river.JobArgs, *river.InsertOpts) {
				return StartDueCampaignsArgs{}, &river.InsertOpts{MaxAttempts: 1}
			},
			&river.PeriodicJobOpts{RunOnStart: true}))
	}
}

// EnqueueCampaign queues the sending of campaign id, in tx when it is not nil
// (for example the transaction that resumes it). If a job for the campaign
// is already waiting or running, nothing is added.
func (q *Queue) EnqueueCampaign(ctx context.Context, tx *sql.Tx, id int64) error {
	args := SendCampaignArgs{CampaignID: id}
	var err error
	if tx != nil {
		_, err = q.client.InsertTx(ctx, tx, args, nil)
	} else {
		_, err = q.client.Insert(ctx, args, nil)
	}
	if err != nil {
		return fmt.Errorf("jobs: enqueue campaign %d: %w", id, err)
	}
	return nil
}
