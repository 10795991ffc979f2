// Package jobs runs the club's background work on a River job queue stored in
// the application's own database, SQLite or PostgreSQL, through database/sql
// on both, so that a job can be inserted in the same *sql.Tx as the change
// that calls for it. Sending mail is the first kind of job; other features add
// theirs with an Option.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/mail"
)

// Database engines accepted by New and Migrate.
const (
	EngineSQLite   = "sqlite"
	EnginePostgres = "postgres"
)

// Queue names.
const (
	// QueueMail carries only mail, so that a sign-in link never waits
	// behind slower work.
	QueueMail = "mail"
	// QueueDefault is River's default queue, for other work.
	QueueDefault = river.QueueDefault
)

// Polling on SQLite. River's SQLite driver has no LISTEN/NOTIFY: it polls,
// and below 100 ms its queries crowd the single connection.
const (
	sqliteFetchPollInterval = 200 * time.Millisecond
	sqliteFetchCooldown     = 100 * time.Millisecond
	sqliteMinPollInterval   = 100 * time.Millisecond
)

// Option changes the River configuration before New builds the client. It
// may register workers with river.AddWorker(cfg.Workers, w), add queues to
// cfg.Queues or periodic jobs, or, in tests, set a faster RetryPolicy.
type Option func(cfg *river.Config, q *Queue)

// Queue is the job queue: a River client working on *sql.Tx on both engines.
type Queue struct {
	client    *river.Client[*sql.Tx]
	logger    *slog.Logger
	sender    mail.Sender
	reminders *EventReminderWorker
	// seal seals the safety desk's mail; nil without WithSealedMail.
	seal *creatorclub.Sealer
}

// sqlTx is the transaction type of the queue on both engines.
type sqlTx = sql.Tx

// New builds the queue on db for engine "sqlite" or "postgres"; sender sends
// the mail jobs and logger receives River's logs (slog.Default() if nil). The
// schema must already be there: see Migrate. On SQLite, db must be limited to
// one open connection (db.SetMaxOpenConns(1)), as River's SQLite driver
// requires. New does not start working: call Start.
func New(db *sql.DB, engine string, sender mail.Sender, logger *slog.Logger, opts ...Option) (*Queue, error) {
	if db == nil {
		return nil, errors.New("jobs: new queue: nil database")
	}
	if sender == nil {
		return nil, errors.New("jobs: new queue: nil mail sender")
	}
	if logger == nil {
		logger = slog.Default()
	}
	driver, err := newDriver(db, engine)
	if err != nil {
		return nil, fmt.Errorf("jobs: new queue: %w", err)
	}

	workers := river.NewWorkers()
	river.AddWorker(workers, &SendMailWorker{sender: sender})
	cfg := &river.Config{
		Logger:  logger,
		Workers: workers,
		Queues: map[string]river.QueueConfig{
			QueueMail:    {MaxWorkers: 5},
			QueueDefault: {MaxWorkers: 5},
		},
		// Mail jobs hold sign-in links: keep them no longer than needed
		// to see that they went out.
		CompletedJobRetentionPeriod: time.Hour,
		// A job whose process was killed stays "running" until rescued; a
		// campaign's unique sending job waits for that after a hard crash.
		// No job here runs longer than a few minutes, so 15 minutes is safe.
		RescueStuckJobsAfter: 15 * time.Minute,
	}
	if engine == EngineSQLite {
		cfg.FetchPollInterval = sqliteFetchPollInterval
		cfg.FetchCooldown = sqliteFetchCooldown
	}
	q := &Queue{logger: logger, sender: sender}
	for _, opt := range opts {
		opt(cfg, q)
	}

	if engine == EngineSQLite {
		if n := db.Stats().MaxOpenConnections; n != 1 {
			return nil, fmt.Errorf("jobs: new queue: sqlite needs a *sql.DB limited to one open connection (SetMaxOpenConns(1)), this one allows %d (0 is unlimited)", n)
		}
		if cfg.FetchPollInterval < sqliteMinPollInterval {
			return nil, fmt.Errorf("jobs: new queue: sqlite needs a fetch poll interval of at least %s, not %s", sqliteMinPollInterval, cfg.FetchPollInterval)
		}
	}

	client, err := river.NewClient(driver, cfg)
	if err != nil {
		return nil, fmt.Errorf("jobs: new queue: %w", err)
	}
	q.client = client
	return q, nil
}

// Migrate creates or updates River's own tables in db for engine "sqlite" or
// "postgres". It applies only the missing migrations, so running it again is
// harmless.
func Migrate(ctx context.Context, db *sql.DB, engine string) error {
	driver, err := newDriver(db, engine)
	if err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	migrator, err := rivermigrate.New(driver, nil)
	if err != nil {
		return fmt.Errorf("jobs: migrate %s: %w", engine, err)
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: migrate %s: %w", engine, err)
	}
	return nil
}

// newDriver returns the River driver for engine on db.
func newDriver(db *sql.DB, engine string) (riverdriver.Driver[*sql.Tx], error) {
	switch engine {
	case EngineSQLite:
		return riversqlite.New(db), nil
	case EnginePostgres:
		// database/sql gives no LISTEN, so River polls; that is fast
		// enough for mail and keeps one connection type on both engines.
		return riverdatabasesql.New(db), nil
	default:
		return nil, fmt.Errorf("unknown database engine %q (want %q or %q)", engine, EngineSQLite, EnginePostgres)
	}
}

// Start begins working jobs in the background and returns. Cancelling ctx
// stops the queue abruptly, cancelling running jobs; use Stop for a graceful
// stop.
func (q *Queue) Start(ctx context.Context) error {
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("jobs: start queue: %w", err)
	}
	return nil
}

// Stop stops fetching jobs and waits for the running ones to finish. If ctx
// ends first, it cancels the running jobs, waits a few seconds more for them
// to return, and reports ctx's error. A queue that was not started stops at
// once.
func (q *Queue) Stop(ctx context.Context) error {
	err := q.client.Stop(ctx)
	if err == nil {
		return nil
	}
	if ctx.Err() == nil {
		return fmt.Errorf("jobs: stop queue: %w", err)
	}
	q.logger.WarnContext(ctx, "jobs: graceful stop timed out; cancelling running jobs")
	hardCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if hardErr := q.client.StopAndCancel(hardCtx); hardErr != nil {
		return fmt.Errorf("jobs: stop queue: %w (and cancelling running jobs: %w)", err, hardErr)
	}
	return fmt.Errorf("jobs: stop queue: running jobs cancelled: %w", err)
}

// Client returns the underlying River client, for features that insert or
// inspect their own jobs.
func (q *Queue) Client() *river.Client[*sql.Tx] {
	return q.client
}
