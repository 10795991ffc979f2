// Package campaign sends newsletters and service notices to the club's
// members: a crash-safe engine over the delivery records of package sqldb.
//
// A campaign is sent from its records, never from memory. StartCampaign
// writes one pending delivery per recipient; the sender claims them in
// batches, sends each over a reused SMTP session with a Message-ID fixed in
// advance, and records the outcome of each message in its own small
// transaction as soon as the server has replied. After a crash a new sender
// picks up the pending deliveries: the only message sent twice is one whose
// SMTP transaction completed before its record was written, so at most one
// per connection per crash, and that copy carries the Message-ID of the
// first.
package campaign

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/sqldb"
)

// Compose builds one member's copy of a campaign. The web layer renders the
// newsletter; tests pass a simple function. The sender sets the recipient
// address from the delivery record, whatever To the message has.
type Compose func(ctx context.Context, c *creatorclub.Campaign, u *creatorclub.User) (mail.Message, error)

// Defaults of the Sender's fields.
const (
	DefaultConnections = 2
	DefaultBatch       = 200
	DefaultLease       = 30 * time.Second
)

const (
	// maxReconnects is how many times a worker opens a new session for the
	// same recipient before the run gives up on the mail server.
	maxReconnects = 3
	// maxRefusedInARow pauses a campaign whose messages the server keeps
	// refusing (or that cannot be composed): something is wrong with the
	// campaign, not with the members.
	maxRefusedInARow = 20
	// recordTimeout bounds the writing of one delivery record, which goes on
	// even when the run's context ends: a sent message must be recorded.
	recordTimeout = 30 * time.Second
)

// Sender sends campaigns. Its zero fields take the defaults above; DB,
// Transport and Compose are required.
type Sender struct {
	DB        *sqldb.DB
	Transport mail.Opener
	Compose   Compose
	// Rate is the most messages per second over all connections; 0 means
	// no limit.
	Rate float64
	// Connections is how many SMTP sessions send in parallel (default 2).
	Connections int
	// Batch is how many deliveries are claimed at a time (default 200).
	Batch int
	// Host is the domain of the Message-IDs written by Start, usually the
	// domain of the club's sender address.
	Host   string
	Logger *slog.Logger
	// Lease is how long the right to send a campaign outlives a sender that
	// died without giving it back (default 30 s); a new sender waits that
	// long after a crash. It is renewed every third of it.
	Lease time.Duration
}

// ErrLeaseLost is returned when the sender could not renew its lease on the
// campaign in time; it stops before another sender may take over.
var ErrLeaseLost = errors.New("campaign: lease on the campaign lost")

// IsSenderBusy reports whether err says that another sender holds the
// campaign (ECONFLICT "campaign_sender_busy").
func IsSenderBusy(err error) bool {
	return creatorclub.ErrorCode(err) == creatorclub.ECONFLICT && creatorclub.ErrorMessage(err) == "campaign_sender_busy"
}

// Backoff returns how long to wait before the next attempt at a delivery that
// failed temporarily after the given number of earlier attempts: one minute,
// doubling each time, at most one hour.
func Backoff(attempts int) time.Duration {
	if attempts < 0 {
		attempts = 0
	}
	if attempts >= 6 {
		return time.Hour
	}
	return time.Minute << attempts
}

func (s *Sender) check() error {
	switch {
	case s.DB == nil:
		return errors.New("campaign: sender without a database")
	case s.Transport == nil:
		return errors.New("campaign: sender without a mail transport")
	case s.Compose == nil:
		return errors.New("campaign: sender without a compose function")
	case s.Rate < 0:
		return fmt.Errorf("campaign: negative rate %v", s.Rate)
	}
	return nil
}

func (s *Sender) connections() int { return orDefault(s.Connections, DefaultConnections) }
func (s *Sender) batch() int       { return orDefault(s.Batch, DefaultBatch) }

func (s *Sender) lease() time.Duration {
	if s.Lease > 0 {
		return s.Lease
	}
	return DefaultLease
}

func (s *Sender) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

func orDefault(n, def int) int {
	if n > 0 {
		return n
	}
	return def
}

// Start starts a draft or scheduled campaign (see sqldb.DB.StartCampaign)
// with Message-IDs in the sender's Host, and returns the number of
// recipients. Sending is then the work of Run or SendDue.
func (s *Sender) Start(ctx context.Context, campaignID int64) (int, error) {
	return s.DB.StartCampaign(ctx, campaignID, s.Host)
}

// Run sends the campaign's pending deliveries until none is left (then marks
// it sent), the campaign is paused or cancelled, or ctx ends. It waits for
// deliveries deferred by temporary failures to come due, and for another
// sender holding the campaign to finish or its lease to run out. Safe to call
// again after a crash: it resumes from the records.
func (s *Sender) Run(ctx context.Context, campaignID int64) error {
	for {
		next, err := s.SendDue(ctx, campaignID)
		var wait time.Duration
		switch {
		case IsSenderBusy(err):
			wait = min(max(s.lease()/4, 50*time.Millisecond), 5*time.Second)
		case err != nil:
			return err
		case next.IsZero():
			return nil
		default:
			// Capped so that a pause or cancel during a long wait is seen.
			wait = min(max(next.Sub(s.DB.Now()), 0), 5*time.Second)
		}
		if err := sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// SendDue sends the campaign's deliveries that are due now and returns when
// none is: next is when the earliest deferred delivery comes due, or zero
// when there is nothing more to do (the campaign was finished, or is not
// sending). While another sender holds the campaign it returns an error for
// which IsSenderBusy is true. A job queue calls it and comes back at next.
func (s *Sender) SendDue(ctx context.Context, campaignID int64) (next time.Time, err error) {
	if err := s.check(); err != nil {
		return time.Time{}, err
	}
	holder := newHolder()
	status, err := s.DB.LeaseCampaign(ctx, campaignID, holder, s.lease())
	if err != nil {
		return time.Time{}, err
	}
	if status != creatorclub.CampaignSending {
		return time.Time{}, nil
	}
	leased := time.Now()
	defer func() {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
		defer cancel()
		if err := s.DB.ReleaseCampaign(rctx, campaignID, holder); err != nil {
			s.logger().Warn("campaign: release lease", "campaign", campaignID, "err", err)
		}
	}()
	c, err := s.DB.FindCampaign(ctx, campaignID)
	if err != nil {
		return time.Time{}, err
	}

	r := &run{s: s, c: c, holder: holder, work: make(chan *item, s.connections()), stop: make(chan struct{})}
	r.leaseUntil.Store(leased.Add(s.lease()))
	if s.Rate > 0 {
		r.limiter = rate.NewLimiter(rate.Limit(s.Rate), 1)
	}
	began := time.Now()
	if err := r.run(ctx); err != nil {
		s.logger().Error("campaign: sending stopped", "campaign", campaignID, "sent", r.sent.Load(), "deferred", r.deferred.Load(), "failed", r.failed.Load(), "err", err)
		return time.Time{}, err
	}
	if err := ctx.Err(); err != nil {
		return time.Time{}, err
	}
	s.logger().Info("campaign: sending pass done", "campaign", campaignID, "sent", r.sent.Load(), "deferred", r.deferred.Load(),
		"failed", r.failed.Load(), "took", time.Since(began).Round(time.Millisecond), "halted", r.halted())
	if r.halted() != "" {
		return time.Time{}, nil
	}
	done, err := s.DB.FinishIfDone(ctx, campaignID)
	if err != nil {
		return time.Time{}, err
	}
	if done {
		s.logger().Info("campaign: sent", "campaign", campaignID)
		return time.Time{}, nil
	}
	next, ok, err := s.DB.NextPendingAt(ctx, campaignID)
	if err != nil || !ok {
		return time.Time{}, err
	}
	return next, nil
}

// item is one delivery handed to a worker, with its member (nil when the
// account was deleted since the campaign started).
type item struct {
	d    *creatorclub.Delivery
	u    *creatorclub.User
	done func()
}

// run is one SendDue: a feeder claiming batches and workers sending them.
type run struct {
	s       *Sender
	c       *creatorclub.Campaign
	holder  string
	limiter *rate.Limiter
	work    chan *item

	leaseUntil atomic.Value // time.Time, local clock

	stop     chan struct{}
	stopOnce sync.Once
	mu       sync.Mutex
	err      error  // why the run failed
	reason   string // why it halted without failing: the campaign's new status

	refusedInARow          atomic.Int32
	sent, deferred, failed atomic.Int64
}

// fail stops the run with an error.
func (r *run) fail(err error) {
	r.mu.Lock()
	if r.err == nil && r.reason == "" {
		r.err = err
	}
	r.mu.Unlock()
	r.stopOnce.Do(func() { close(r.stop) })
}

// halt stops the run because the campaign is no longer sending.
func (r *run) halt(status string) {
	r.mu.Lock()
	if r.err == nil && r.reason == "" {
		r.reason = status
	}
	r.mu.Unlock()
	r.stopOnce.Do(func() { close(r.stop) })
}

func (r *run) halted() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.reason
}

func (r *run) stopped() bool {
	select {
	case <-r.stop:
		return true
	default:
		return false
	}
}

func (r *run) run(ctx context.Context) error {
	var wg sync.WaitGroup
	for range r.s.connections() {
		wg.Add(1)
		go r.worker(ctx, &wg)
	}
	feedErr := r.feed(ctx)
	close(r.work)
	wg.Wait()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return r.err
	}
	return feedErr
}

// renew extends the lease and reads the campaign's status. A database error
// is only fatal once the lease has run out locally.
func (r *run) renew(ctx context.Context) error {
	at := time.Now()
	status, err := r.s.DB.LeaseCampaign(ctx, r.c.ID, r.holder, r.s.lease())
	switch {
	case IsSenderBusy(err):
		r.fail(ErrLeaseLost)
		return ErrLeaseLost
	case err != nil:
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if r.leaseExpired() {
			r.fail(fmt.Errorf("%w: %w", ErrLeaseLost, err))
			return err
		}
		r.s.logger().Warn("campaign: renew lease", "campaign", r.c.ID, "err", err)
		return nil
	case status != creatorclub.CampaignSending:
		r.halt(status)
		return nil
	}
	r.leaseUntil.Store(at.Add(r.s.lease()))
	return nil
}

// leaseExpired reports whether the lease is about to run out: a worker does
// not start a message after that.
func (r *run) leaseExpired() bool {
	margin := r.s.lease() / 10
	return time.Now().After(r.leaseUntil.Load().(time.Time).Add(-margin))
}

// feed claims batches of due deliveries and hands each to one worker. It
// claims the next batch only when every delivery of the previous one has
// its outcome recorded, so no delivery is handed out twice.
func (r *run) feed(ctx context.Context) error {
	ticker := time.NewTicker(min(r.s.lease()/3, time.Second))
	defer ticker.Stop()
	for {
		if r.stopped() || ctx.Err() != nil {
			return nil
		}
		if err := r.renew(ctx); err != nil {
			return err
		}
		if r.stopped() {
			return nil
		}
		batch, err := r.s.DB.ClaimDeliveries(ctx, r.c.ID, r.s.batch())
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		ids := make([]int64, len(batch))
		for i, d := range batch {
			ids[i] = d.UserID
		}
		users, err := r.s.DB.FindUsersByIDs(ctx, ids)
		if err != nil {
			return err
		}
		byID := make(map[int64]*creatorclub.User, len(users))
		for _, u := range users {
			byID[u.ID] = u
		}

		var pending sync.WaitGroup
	push:
		for _, d := range batch {
			pending.Add(1)
			it := &item{d: d, u: byID[d.UserID], done: pending.Done}
			for {
				select {
				case r.work <- it:
					continue push
				case <-ticker.C:
					if err := r.renew(ctx); err != nil {
						pending.Done()
						break push
					}
				case <-r.stop:
					pending.Done()
					break push
				case <-ctx.Done():
					pending.Done()
					break push
				}
			}
		}
		// Wait for the batch's outcomes, keeping the lease alive.
		done := make(chan struct{})
		go func() { pending.Wait(); close(done) }()
	wait:
		for {
			select {
			case <-done:
				break wait
			case <-ticker.C:
				if !r.stopped() && ctx.Err() == nil {
					_ = r.renew(ctx)
				}
			}
		}
	}
}

// worker sends the deliveries it is handed over its own session.
func (r *run) worker(ctx context.Context, wg *sync.WaitGroup) {
	defer wg.Done()
	var sess mail.Session
	defer func() {
		if sess != nil {
			_ = sess.Close()
		}
	}()
	for it := range r.work {
		if !r.stopped() && ctx.Err() == nil {
			sess = r.deliver(ctx, sess, it)
		}
		it.done()
	}
}

// deliver sends one delivery and records its outcome, and returns the
// session to use for the next one (nil when it must be opened again).
func (r *run) deliver(ctx context.Context, sess mail.Session, it *item) mail.Session {
	d, u, log := it.d, it.u, r.s.logger()
	switch {
	case u == nil:
		r.record(ctx, d, "skip", func(ctx context.Context) error {
			return r.s.DB.MarkSkipped(ctx, d.CampaignID, d.UserID, "account deleted")
		})
		return sess
	case r.c.Kind == creatorclub.CampaignNewsletter && !u.Newsletter:
		r.record(ctx, d, "skip", func(ctx context.Context) error {
			return r.s.DB.MarkSkipped(ctx, d.CampaignID, d.UserID, "unsubscribed")
		})
		return sess
	}
	msg, err := r.s.Compose(ctx, r.c, u)
	if err != nil {
		if ctx.Err() != nil {
			return sess
		}
		r.refused(ctx, d, fmt.Errorf("compose: %w", err))
		return sess
	}
	msg.To = d.Email
	if r.limiter != nil {
		if err := r.limiter.Wait(ctx); err != nil {
			return sess
		}
	}
	for attempt := 0; ; attempt++ {
		if r.stopped() || ctx.Err() != nil {
			return sess
		}
		if r.leaseExpired() {
			r.fail(ErrLeaseLost)
			return sess
		}
		if sess == nil {
			sess, err = r.s.Transport.Open(ctx)
			if err != nil {
				sess = nil
				if !r.connectionTrouble(ctx, d, attempt, err) {
					return nil
				}
				continue
			}
		}
		err = sess.Send(ctx, &msg, d.MessageID)
		switch {
		case err == nil:
			r.refusedInARow.Store(0)
			if r.record(ctx, d, "sent", func(ctx context.Context) error { return r.s.DB.MarkDelivered(ctx, d.CampaignID, d.UserID) }) {
				r.sent.Add(1)
			}
			return sess
		case ctx.Err() != nil:
			// Whether the server took it is unknown: it stays pending.
			return sess
		case errors.Is(err, mail.ErrConnection):
			_ = sess.Close()
			sess = nil
			if !r.connectionTrouble(ctx, d, attempt, err) {
				return nil
			}
		case errors.Is(err, mail.ErrSenderRejected):
			r.pause(ctx, err)
			return sess
		case mail.IsTemporary(err):
			next := r.s.DB.Now().Add(Backoff(d.Attempts))
			if r.record(ctx, d, "deferred", func(ctx context.Context) error {
				return r.s.DB.MarkDeferred(ctx, d.CampaignID, d.UserID, err.Error(), next)
			}) {
				r.deferred.Add(1)
			}
			log.Debug("campaign: delivery deferred", "campaign", d.CampaignID, "user", d.UserID, "err", err)
			return sess
		case errors.Is(err, mail.ErrRecipientRejected):
			r.refusedInARow.Store(0)
			if r.record(ctx, d, "failed", func(ctx context.Context) error { return r.s.DB.MarkFailed(ctx, d.CampaignID, d.UserID, err.Error()) }) {
				r.failed.Add(1)
			}
			return sess
		default:
			r.refused(ctx, d, err)
			return sess
		}
	}
}

// connectionTrouble handles a session that could not be opened or broke
// while sending d: it waits a little and reports true to try again, or, after
// maxReconnects, defers d and stops the run, since the mail server is
// unreachable rather than the member.
func (r *run) connectionTrouble(ctx context.Context, d *creatorclub.Delivery, attempt int, err error) bool {
	if ctx.Err() != nil || r.stopped() {
		return false
	}
	if attempt >= maxReconnects {
		next := r.s.DB.Now().Add(Backoff(d.Attempts))
		r.record(ctx, d, "deferred", func(ctx context.Context) error {
			return r.s.DB.MarkDeferred(ctx, d.CampaignID, d.UserID, err.Error(), next)
		})
		r.fail(fmt.Errorf("campaign %d: mail server unavailable: %w", r.c.ID, err))
		return false
	}
	r.s.logger().Warn("campaign: smtp connection", "campaign", r.c.ID, "attempt", attempt+1, "err", err)
	select {
	case <-time.After(250 * time.Millisecond << attempt):
	case <-ctx.Done():
		return false
	case <-r.stop:
		return false
	}
	return true
}

// refused records a message refused for good for a reason that is not the
// member's address, and pauses the campaign when that keeps happening.
func (r *run) refused(ctx context.Context, d *creatorclub.Delivery, err error) {
	if r.record(ctx, d, "refused", func(ctx context.Context) error { return r.s.DB.MarkRefused(ctx, d.CampaignID, d.UserID, err.Error()) }) {
		r.failed.Add(1)
	}
	if n := r.refusedInARow.Add(1); n >= maxRefusedInARow {
		r.pause(ctx, fmt.Errorf("%d messages in a row refused, the last with: %w", n, err))
	}
}

// pause pauses the campaign for a failure that would repeat for every
// member, and stops the run with that failure.
func (r *run) pause(ctx context.Context, cause error) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	if err := r.s.DB.PauseCampaign(rctx, r.c.ID); err != nil && creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
		r.s.logger().Error("campaign: pause", "campaign", r.c.ID, "err", err)
	}
	r.fail(fmt.Errorf("campaign %d paused: %w", r.c.ID, cause))
}

// record writes the outcome of a delivery, even if ctx has ended, trying a
// few times; if it cannot, the run stops, since sending on without records
// would send those messages again on the next run. It reports success.
func (r *run) record(ctx context.Context, d *creatorclub.Delivery, what string, write func(ctx context.Context) error) bool {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	var err error
	for try := range 3 {
		if err = write(rctx); err == nil {
			return true
		}
		if rctx.Err() != nil {
			break
		}
		time.Sleep(100 * time.Millisecond << try)
	}
	r.fail(fmt.Errorf("campaign %d: record %s delivery to user %d: %w", d.CampaignID, what, d.UserID, err))
	return false
}

func newHolder() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails since Go 1.24.
	return hex.EncodeToString(b[:])
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
