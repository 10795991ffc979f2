package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
)

// CommitteeChange tells what a committee decision changed, for the mail and
// notices the caller sends in the same transaction.
type CommitteeChange struct {
	Application *creatorclub.CommitteeApplication
	Term        *creatorclub.CommitteeTerm // the term a decision or a renewal created, or the term that ended
	// Promoted lists the waitlisted applications given a seat because one
	// freed (or seats were added), each with its new term in Terms.
	Promoted []*creatorclub.CommitteeApplication
	Terms    map[int64]*creatorclub.CommitteeTerm // by application id
}

// CommitteeHook runs in the transaction of a committee change, after it; an
// error rolls the change back.
type CommitteeHook func(tx *sql.Tx, ch *CommitteeChange) error

func runHook(hook CommitteeHook, tx *sql.Tx, ch *CommitteeChange) error {
	if hook == nil {
		return nil
	}
	return hook(tx, ch)
}

// committeeMembersQuery selects the ids of the users on the committee on day
// $1: a term in office and a certification valid that day.
const committeeMembersQuery = `SELECT t.user_id FROM committee_terms t JOIN users u ON u.id = t.user_id
	WHERE t.ended_at IS NULL AND t.starts_on <= $1 AND t.ends_on >= $1
	AND u.deleted_at IS NULL AND u.role = 'member' AND u.cert_status = 'active' AND u.cert_expires_on >= $1`

// IsCommitteeMember reports whether the user sits on the committee today: a
// term in office and a certification valid today. It is computed at each
// call, so a lost certification ends committee access at once.
func (db *DB) IsCommitteeMember(ctx context.Context, userID int64) (bool, error) {
	return isCommitteeMember(ctx, db.Read, userID, dateOnly(db.now()))
}

func isCommitteeMember(ctx context.Context, q queryer, userID int64, today time.Time) (bool, error) {
	var n int
	err := queryRowOn(ctx, q, `SELECT COUNT(*) FROM (`+committeeMembersQuery+` AND t.user_id = $2) m`, today, userID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("sqldb: committee membership of %d: %w", userID, err)
	}
	return n > 0, nil
}

// Calls for applications.

const callColumns = `c.id, c.title, c.description, c.opens_at, c.closes_at, c.seats, c.term_months, c.created_by, c.created_at, c.updated_at,
	(SELECT COUNT(*) FROM committee_applications a WHERE a.call_id = c.id),
	(SELECT COUNT(*) FROM committee_applications a WHERE a.call_id = c.id AND a.status = 'accepted'),
	(SELECT COUNT(*) FROM committee_applications a WHERE a.call_id = c.id AND a.status = 'waitlisted')`

func scanCall(s rowScanner) (*creatorclub.CommitteeCall, error) {
	var c creatorclub.CommitteeCall
	if err := s.Scan(&c.ID, &c.Title, &c.Description, &c.OpensAt, &c.ClosesAt, &c.Seats, &c.TermMonths, &c.CreatedBy, &c.CreatedAt, &c.UpdatedAt,
		&c.Applications, &c.Accepted, &c.Waitlisted); err != nil {
		return nil, err
	}
	c.OpensAt, c.ClosesAt, c.CreatedAt, c.UpdatedAt = c.OpensAt.UTC(), c.ClosesAt.UTC(), c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return &c, nil
}

func findCall(ctx context.Context, q queryer, id int64) (*creatorclub.CommitteeCall, error) {
	c, err := scanCall(q.QueryRowContext(ctx, `SELECT `+callColumns+` FROM committee_calls c WHERE c.id = $1`, id))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "committee_call_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find call %d: %w", id, err)
	}
	return c, nil
}

// FindCall returns a call for applications, or ENOTFOUND.
func (db *DB) FindCall(ctx context.Context, id int64) (*creatorclub.CommitteeCall, error) {
	return findCall(ctx, db.Read, id)
}

// ListCalls returns the calls, the latest closing first; openOnly keeps
// those open now.
func (db *DB) ListCalls(ctx context.Context, openOnly bool) ([]*creatorclub.CommitteeCall, error) {
	where, args := "", []any{}
	if openOnly {
		now := db.now()
		where, args = " WHERE c.opens_at <= $1 AND c.closes_at > $1", []any{now}
	}
	rows, err := db.Read.QueryContext(ctx, `SELECT `+callColumns+` FROM committee_calls c`+where+` ORDER BY c.closes_at DESC, c.id DESC LIMIT 100`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list calls: %w", err)
	}
	defer rows.Close()
	out := []*creatorclub.CommitteeCall{}
	for rows.Next() {
		c, err := scanCall(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan call: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SaveCall creates (ID 0) or updates a call. Seats may not go below the
// seats already taken; added seats go to the waiting list first, in order.
func (db *DB) SaveCall(ctx context.Context, c *creatorclub.CommitteeCall, hook CommitteeHook) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		if c.ID == 0 {
			c.CreatedAt, c.UpdatedAt = now, now
			err := tx.QueryRowContext(ctx, `INSERT INTO committee_calls (title, description, opens_at, closes_at, seats, term_months, created_by, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
				c.Title, c.Description, utc(c.OpensAt), utc(c.ClosesAt), c.Seats, c.TermMonths, c.CreatedBy, now).Scan(&c.ID)
			if err != nil {
				return fmt.Errorf("sqldb: insert call: %w", err)
			}
			return nil
		}
		if err := db.lockCall(ctx, tx, c.ID); err != nil {
			return err
		}
		old, err := findCall(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		if c.Seats < old.Accepted {
			return creatorclub.Errorf(creatorclub.EINVALID, "committee_call_seats_below_accepted")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE committee_calls SET title = $1, description = $2, opens_at = $3, closes_at = $4, seats = $5,
			term_months = $6, updated_at = $7 WHERE id = $8`,
			c.Title, c.Description, utc(c.OpensAt), utc(c.ClosesAt), c.Seats, c.TermMonths, now, c.ID); err != nil {
			return fmt.Errorf("sqldb: update call %d: %w", c.ID, err)
		}
		ch := &CommitteeChange{Terms: map[int64]*creatorclub.CommitteeTerm{}}
		if err := db.fillSeats(ctx, tx, c.ID, ch); err != nil {
			return err
		}
		fresh, err := findCall(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		*c = *fresh
		return runHook(hook, tx, ch)
	})
}

// lockCall serialises the decisions on one call's seats: on PostgreSQL a
// row lock; on SQLite the single writer already does.
func (db *DB) lockCall(ctx context.Context, tx *sql.Tx, id int64) error {
	if db.Engine != Postgres {
		return nil
	}
	var got int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM committee_calls WHERE id = $1 FOR UPDATE`, id).Scan(&got)
	if isNoRows(err) {
		return creatorclub.Errorf(creatorclub.ENOTFOUND, "committee_call_not_found")
	} else if err != nil {
		return fmt.Errorf("sqldb: lock call %d: %w", id, err)
	}
	return nil
}

// Applications.

const applicationColumns = `a.id, a.call_id, a.user_id, a.motivation, a.platforms, a.audience_size, a.conflicts, a.status,
	a.decision_message, COALESCE(a.decided_by, 0), a.decided_at, a.created_at, a.updated_at,
	(SELECT COUNT(*) FROM committee_reviews r WHERE r.application_id = a.id),
	(SELECT COALESCE(AVG(r.score), 0) FROM committee_reviews r WHERE r.application_id = a.id)`

func scanApplication(s rowScanner) (*creatorclub.CommitteeApplication, error) {
	var a creatorclub.CommitteeApplication
	var platforms string
	var decided sql.NullTime
	if err := s.Scan(&a.ID, &a.CallID, &a.UserID, &a.Motivation, &platforms, &a.AudienceSize, &a.Conflicts, &a.Status,
		&a.DecisionMessage, &a.DecidedBy, &decided, &a.CreatedAt, &a.UpdatedAt, &a.Reviews, &a.AverageScore); err != nil {
		return nil, err
	}
	a.Platforms = splitList(platforms)
	a.DecidedAt = nullTime(decided)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return &a, nil
}

func findApplication(ctx context.Context, q queryer, where string, args ...any) (*creatorclub.CommitteeApplication, error) {
	a, err := scanApplication(q.QueryRowContext(ctx, `SELECT `+applicationColumns+` FROM committee_applications a WHERE `+where, args...))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "committee_application_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find application: %w", err)
	}
	if a.Status == creatorclub.ApplicationWaitlisted {
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM committee_applications w WHERE w.call_id = $1 AND w.status = 'waitlisted'
			AND (w.decided_at < $2 OR (w.decided_at = $2 AND w.id <= $3))`, a.CallID, utcPtr(a.DecidedAt), a.ID).Scan(&a.WaitlistPosition); err != nil {
			return nil, fmt.Errorf("sqldb: waitlist position: %w", err)
		}
	}
	return a, nil
}

// FindApplication returns an application, or ENOTFOUND.
func (db *DB) FindApplication(ctx context.Context, id int64) (*creatorclub.CommitteeApplication, error) {
	return findApplication(ctx, db.Read, "a.id = $1", id)
}

// FindApplicationFor returns the user's application to a call, or ENOTFOUND.
func (db *DB) FindApplicationFor(ctx context.Context, callID, userID int64) (*creatorclub.CommitteeApplication, error) {
	return findApplication(ctx, db.Read, "a.call_id = $1 AND a.user_id = $2", callID, userID)
}

// Apply records a member's application to a call. It refuses an application
// outside the call's dates (ECONFLICT committee_call_closed) and a second
// application of the same member to the same call (ECONFLICT
// committee_already_applied); the first one is kept as it was.
func (db *DB) Apply(ctx context.Context, a *creatorclub.CommitteeApplication) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		c, err := findCall(ctx, tx, a.CallID)
		if err != nil {
			return err
		}
		now := db.now()
		if !c.OpenAt(now) {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "committee_call_closed")
		}
		a.Status, a.CreatedAt, a.UpdatedAt = creatorclub.ApplicationSubmitted, now, now
		err = tx.QueryRowContext(ctx, `INSERT INTO committee_applications (call_id, user_id, motivation, platforms, audience_size, conflicts, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			a.CallID, a.UserID, a.Motivation, strings.Join(a.Platforms, "\n"), a.AudienceSize, a.Conflicts, a.Status, now).Scan(&a.ID)
		if isUniqueViolation(err) {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "committee_already_applied")
		} else if err != nil {
			return fmt.Errorf("sqldb: insert application: %w", err)
		}
		return nil
	})
}

// UpdateApplication changes the applicant's own application (found by ID and
// UserID) until the call closes and while no decision was taken.
func (db *DB) UpdateApplication(ctx context.Context, a *creatorclub.CommitteeApplication) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		old, err := findApplication(ctx, tx, "a.id = $1 AND a.user_id = $2", a.ID, a.UserID)
		if err != nil {
			return err
		}
		c, err := findCall(ctx, tx, old.CallID)
		if err != nil {
			return err
		}
		now := db.now()
		if !c.OpenAt(now) {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "committee_call_closed")
		}
		if old.Status != creatorclub.ApplicationSubmitted {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "committee_application_decided")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE committee_applications SET motivation = $1, platforms = $2, audience_size = $3, conflicts = $4,
			updated_at = $5 WHERE id = $6`, a.Motivation, strings.Join(a.Platforms, "\n"), a.AudienceSize, a.Conflicts, now, a.ID); err != nil {
			return fmt.Errorf("sqldb: update application %d: %w", a.ID, err)
		}
		a.CallID, a.Status, a.CreatedAt, a.UpdatedAt = old.CallID, old.Status, old.CreatedAt, now
		return nil
	})
}

// ListApplications returns a call's applications with their applicants and
// review counts, accepted first, then the waiting list in order, then the
// others by date.
func (db *DB) ListApplications(ctx context.Context, callID int64) ([]*creatorclub.CommitteeApplication, error) {
	return db.listApplications(ctx, "a.call_id = $1", callID)
}

// ListApplicationsOf returns a member's applications, newest first.
func (db *DB) ListApplicationsOf(ctx context.Context, userID int64) ([]*creatorclub.CommitteeApplication, error) {
	return db.listApplications(ctx, "a.user_id = $1", userID)
}

func (db *DB) listApplications(ctx context.Context, where string, arg any) ([]*creatorclub.CommitteeApplication, error) {
	rows, err := db.Read.QueryContext(ctx, `SELECT `+applicationColumns+` FROM committee_applications a WHERE `+where+`
		ORDER BY CASE a.status WHEN 'accepted' THEN 0 WHEN 'waitlisted' THEN 1 WHEN 'submitted' THEN 2 ELSE 3 END, a.decided_at, a.created_at, a.id`, arg)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list applications: %w", err)
	}
	defer rows.Close()
	out := []*creatorclub.CommitteeApplication{}
	for rows.Next() {
		a, err := scanApplication(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan application: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: list applications: %w", err)
	}
	rows.Close()
	pos := map[int64]int{}
	for _, a := range out {
		if a.Status == creatorclub.ApplicationWaitlisted {
			pos[a.CallID]++
			a.WaitlistPosition = pos[a.CallID]
		}
		if a.User, err = findUser(ctx, db.Read, "id = $1", a.UserID); creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND {
			a.User = &creatorclub.User{ID: a.UserID, Handles: []creatorclub.Handle{}}
		} else if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SaveReview records a staff member's score and comment on an application,
// replacing their earlier review of it.
func (db *DB) SaveReview(ctx context.Context, r *creatorclub.CommitteeReview) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		if _, err := findApplication(ctx, tx, "a.id = $1", r.ApplicationID); err != nil {
			return err
		}
		now := db.now()
		err := tx.QueryRowContext(ctx, `INSERT INTO committee_reviews (application_id, reviewer_id, score, comment, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (application_id, reviewer_id) DO UPDATE SET score = $3, comment = $4, updated_at = $5
			RETURNING id`, r.ApplicationID, r.ReviewerID, r.Score, r.Comment, now).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("sqldb: save review: %w", err)
		}
		return nil
	})
}

// ListReviews returns the reviews of an application, for staff only.
func (db *DB) ListReviews(ctx context.Context, applicationID int64) ([]*creatorclub.CommitteeReview, error) {
	rows, err := db.Read.QueryContext(ctx, `SELECT r.id, r.application_id, r.reviewer_id, COALESCE(u.first_name || ' ' || u.last_name, ''), r.score, r.comment,
		r.created_at, r.updated_at FROM committee_reviews r LEFT JOIN users u ON u.id = r.reviewer_id WHERE r.application_id = $1 ORDER BY r.id`, applicationID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list reviews: %w", err)
	}
	defer rows.Close()
	out := []*creatorclub.CommitteeReview{}
	for rows.Next() {
		var r creatorclub.CommitteeReview
		if err := rows.Scan(&r.ID, &r.ApplicationID, &r.ReviewerID, &r.ReviewerName, &r.Score, &r.Comment, &r.CreatedAt, &r.UpdatedAt); err != nil {
			return nil, fmt.Errorf("sqldb: scan review: %w", err)
		}
		r.ReviewerName = strings.TrimSpace(r.ReviewerName)
		out = append(out, &r)
	}
	return out, rows.Err()
}

// DecideApplication accepts, waitlists or declines an application with a
// message for the applicant. Accepting needs a free seat (ECONFLICT
// committee_no_seat_left otherwise) and opens a term starting today for the
// call's term length. Only an application under review or on the waiting
// list can be decided.
func (db *DB) DecideApplication(ctx context.Context, id int64, status, message string, by int64, hook CommitteeHook) (*CommitteeChange, error) {
	switch status {
	case creatorclub.ApplicationAccepted, creatorclub.ApplicationWaitlisted, creatorclub.ApplicationDeclined:
	default:
		return nil, creatorclub.Errorf(creatorclub.EINVALID, "committee_decision_invalid")
	}
	message = strings.TrimSpace(message)
	if len([]rune(message)) > 4000 {
		return nil, creatorclub.Errorf(creatorclub.EINVALID, "committee_message_too_long")
	}
	var ch *CommitteeChange
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		a, err := findApplication(ctx, tx, "a.id = $1", id)
		if err != nil {
			return err
		}
		if a.Status != creatorclub.ApplicationSubmitted && a.Status != creatorclub.ApplicationWaitlisted {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "committee_application_decided")
		}
		if a.Status == status {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "committee_application_decided")
		}
		if err := db.lockCall(ctx, tx, a.CallID); err != nil {
			return err
		}
		// Read again under the lock: another decision may have come first.
		if a, err = findApplication(ctx, tx, "a.id = $1", id); err != nil {
			return err
		}
		if a.Status != creatorclub.ApplicationSubmitted && a.Status != creatorclub.ApplicationWaitlisted || a.Status == status {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "committee_application_decided")
		}
		c, err := findCall(ctx, tx, a.CallID)
		if err != nil {
			return err
		}
		if status == creatorclub.ApplicationAccepted && c.SeatsLeft() == 0 {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "committee_no_seat_left")
		}
		now := db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE committee_applications SET status = $1, decision_message = $2, decided_by = $3, decided_at = $4,
			updated_at = $4 WHERE id = $5`, status, message, by, now, id); err != nil {
			return fmt.Errorf("sqldb: decide application %d: %w", id, err)
		}
		ch = &CommitteeChange{Terms: map[int64]*creatorclub.CommitteeTerm{}}
		if status == creatorclub.ApplicationAccepted {
			if ch.Term, err = db.openTerm(ctx, tx, a, c, now); err != nil {
				return err
			}
		}
		if ch.Application, err = findApplication(ctx, tx, "a.id = $1", id); err != nil {
			return err
		}
		return runHook(hook, tx, ch)
	})
	if err != nil {
		return nil, err
	}
	return ch, nil
}

// openTerm starts the term of an accepted application today.
func (db *DB) openTerm(ctx context.Context, tx *sql.Tx, a *creatorclub.CommitteeApplication, c *creatorclub.CommitteeCall, now time.Time) (*creatorclub.CommitteeTerm, error) {
	start := dateOnly(now)
	t := &creatorclub.CommitteeTerm{UserID: a.UserID, ApplicationID: a.ID, Role: creatorclub.CommitteeMember, StartsOn: start,
		EndsOn: start.AddDate(0, c.TermMonths, -1), CreatedAt: now}
	if err := insertTerm(ctx, tx, t); err != nil {
		return nil, err
	}
	return t, nil
}

func insertTerm(ctx context.Context, tx *sql.Tx, t *creatorclub.CommitteeTerm) error {
	var app, renewal any
	if t.ApplicationID != 0 {
		app = t.ApplicationID
	}
	if t.RenewalOf != 0 {
		renewal = t.RenewalOf
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO committee_terms (user_id, application_id, renewal_of, role, starts_on, ends_on, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, t.UserID, app, renewal, t.Role, t.StartsOn, t.EndsOn, t.CreatedAt).Scan(&t.ID)
	if err != nil {
		return fmt.Errorf("sqldb: insert term: %w", err)
	}
	return nil
}

// fillSeats gives the free seats of a call to its waiting list, in order,
// and records the promotions in ch with an in-app notification each.
func (db *DB) fillSeats(ctx context.Context, tx *sql.Tx, callID int64, ch *CommitteeChange) error {
	if err := db.lockCall(ctx, tx, callID); err != nil {
		return err
	}
	c, err := findCall(ctx, tx, callID)
	if err != nil {
		return err
	}
	now := db.now()
	for free := c.SeatsLeft(); free > 0; free-- {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM committee_applications WHERE call_id = $1 AND status = 'waitlisted'
			ORDER BY decided_at, id LIMIT 1`, callID).Scan(&id)
		if isNoRows(err) {
			return nil
		} else if err != nil {
			return fmt.Errorf("sqldb: next on the waiting list: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE committee_applications SET status = 'accepted', updated_at = $1 WHERE id = $2`, now, id); err != nil {
			return fmt.Errorf("sqldb: promote application %d: %w", id, err)
		}
		a, err := findApplication(ctx, tx, "a.id = $1", id)
		if err != nil {
			return err
		}
		t, err := db.openTerm(ctx, tx, a, c, now)
		if err != nil {
			return err
		}
		if err := db.Notify(ctx, tx, a.UserID, "committee", "notif_committee_promoted", "/comite/espace"); err != nil {
			return err
		}
		ch.Promoted = append(ch.Promoted, a)
		ch.Terms[a.ID] = t
	}
	return nil
}

// Terms of office.

const termColumns = `t.id, t.user_id, COALESCE(t.application_id, 0), COALESCE(t.renewal_of, 0), t.role, t.starts_on, t.ends_on, t.ended_at, t.end_reason, t.created_at`

func scanTerm(s rowScanner) (*creatorclub.CommitteeTerm, error) {
	var t creatorclub.CommitteeTerm
	var ended sql.NullTime
	if err := s.Scan(&t.ID, &t.UserID, &t.ApplicationID, &t.RenewalOf, &t.Role, &t.StartsOn, &t.EndsOn, &ended, &t.EndReason, &t.CreatedAt); err != nil {
		return nil, err
	}
	t.StartsOn, t.EndsOn, t.CreatedAt = dateOnly(t.StartsOn), dateOnly(t.EndsOn), t.CreatedAt.UTC()
	t.EndedAt = nullTime(ended)
	return &t, nil
}

func findTerm(ctx context.Context, q queryer, id int64) (*creatorclub.CommitteeTerm, error) {
	t, err := scanTerm(q.QueryRowContext(ctx, `SELECT `+termColumns+` FROM committee_terms t WHERE t.id = $1`, id))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "committee_term_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find term %d: %w", id, err)
	}
	return t, nil
}

// FindTerm returns a term, or ENOTFOUND.
func (db *DB) FindTerm(ctx context.Context, id int64) (*creatorclub.CommitteeTerm, error) {
	return findTerm(ctx, db.Read, id)
}

// CurrentTerm returns the user's term in office today, or ENOTFOUND. It
// does not look at the certification: see IsCommitteeMember.
func (db *DB) CurrentTerm(ctx context.Context, userID int64) (*creatorclub.CommitteeTerm, error) {
	today := dateOnly(db.now())
	t, err := scanTerm(db.Read.QueryRowContext(ctx, `SELECT `+termColumns+` FROM committee_terms t WHERE t.user_id = $1 AND t.ended_at IS NULL
		AND t.starts_on <= $2 AND t.ends_on >= $2 ORDER BY t.starts_on DESC, t.id DESC LIMIT 1`, userID, today))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "committee_term_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: current term of %d: %w", userID, err)
	}
	return t, nil
}

// ListTerms returns terms with their holders, chairs first then by name:
// with current set, only the terms in office today held by members whose
// certification is valid today (the committee itself); with publicOnly, only
// those who agreed to be listed publicly. Otherwise every term, latest first.
func (db *DB) ListTerms(ctx context.Context, current, publicOnly bool) ([]*creatorclub.CommitteeTerm, error) {
	today := dateOnly(db.now())
	query := `SELECT ` + termColumns + ` FROM committee_terms t ORDER BY t.starts_on DESC, t.id DESC LIMIT 500`
	args := []any{}
	if current {
		query = `SELECT ` + termColumns + ` FROM committee_terms t JOIN users u ON u.id = t.user_id
			WHERE t.ended_at IS NULL AND t.starts_on <= $1 AND t.ends_on >= $1
			AND u.deleted_at IS NULL AND u.role = 'member' AND u.cert_status = 'active' AND u.cert_expires_on >= $1`
		args = append(args, today)
		if publicOnly {
			args = append(args, true)
			query += ` AND u.committee_public = $2`
		}
		query += ` ORDER BY CASE t.role WHEN 'chair' THEN 0 ELSE 1 END, u.last_name, u.first_name, t.id`
	}
	rows, err := db.Read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list terms: %w", err)
	}
	defer rows.Close()
	out := []*creatorclub.CommitteeTerm{}
	for rows.Next() {
		t, err := scanTerm(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan term: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: list terms: %w", err)
	}
	rows.Close()
	for _, t := range out {
		if t.User, err = findUser(ctx, db.Read, "id = $1", t.UserID); creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND {
			t.User = &creatorclub.User{ID: t.UserID, Handles: []creatorclub.Handle{}}
		} else if err != nil {
			return nil, err
		}
		for prev := t.RenewalOf; prev != 0; t.Renewals++ {
			if err := db.Read.QueryRowContext(ctx, `SELECT COALESCE(renewal_of, 0) FROM committee_terms WHERE id = $1`, prev).Scan(&prev); err != nil {
				return nil, fmt.Errorf("sqldb: renewal chain: %w", err)
			}
		}
	}
	return out, nil
}

// EndTerm ends a term in office today for reason; the seat it held goes to
// the call's waiting list.
func (db *DB) EndTerm(ctx context.Context, id int64, reason string, hook CommitteeHook) (*CommitteeChange, error) {
	switch reason {
	case creatorclub.TermEndResigned, creatorclub.TermEndRemoved, creatorclub.TermEndCertification:
	default:
		return nil, creatorclub.Errorf(creatorclub.EINVALID, "committee_end_reason_invalid")
	}
	var ch *CommitteeChange
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		t, err := findTerm(ctx, tx, id)
		if err != nil {
			return err
		}
		if t.EndedAt != nil || dateOnly(db.now()).After(t.EndsOn) {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "committee_term_already_ended")
		}
		ch = &CommitteeChange{Terms: map[int64]*creatorclub.CommitteeTerm{}}
		if err := db.endTerm(ctx, tx, t, reason, ch); err != nil {
			return err
		}
		ch.Term = t
		return runHook(hook, tx, ch)
	})
	if err != nil {
		return nil, err
	}
	return ch, nil
}

func (db *DB) endTerm(ctx context.Context, tx *sql.Tx, t *creatorclub.CommitteeTerm, reason string, ch *CommitteeChange) error {
	now := db.now()
	if _, err := tx.ExecContext(ctx, `UPDATE committee_terms SET ended_at = $1, end_reason = $2 WHERE id = $3`, now, reason, t.ID); err != nil {
		return fmt.Errorf("sqldb: end term %d: %w", t.ID, err)
	}
	t.EndedAt, t.EndReason = &now, reason
	// Renewals not yet begun end with it.
	for prev := t.ID; ; {
		var next int64
		err := tx.QueryRowContext(ctx, `UPDATE committee_terms SET ended_at = $1, end_reason = $2 WHERE renewal_of = $3 AND ended_at IS NULL
			RETURNING id`, now, reason, prev).Scan(&next)
		if isNoRows(err) {
			break
		} else if err != nil {
			return fmt.Errorf("sqldb: end renewals of term %d: %w", t.ID, err)
		}
		prev = next
	}
	// The seat belongs to the call of the first term of the chain.
	appID, prev := t.ApplicationID, t.RenewalOf
	for appID == 0 && prev != 0 {
		var next int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(application_id, 0), COALESCE(renewal_of, 0) FROM committee_terms WHERE id = $1`, prev).Scan(&appID, &next); err != nil {
			return fmt.Errorf("sqldb: renewal chain: %w", err)
		}
		prev = next
	}
	if appID == 0 {
		return nil
	}
	var callID int64
	err := tx.QueryRowContext(ctx, `UPDATE committee_applications SET status = 'term_ended', updated_at = $1 WHERE id = $2 AND status = 'accepted'
		RETURNING call_id`, now, appID).Scan(&callID)
	if isNoRows(err) {
		return nil
	} else if err != nil {
		return fmt.Errorf("sqldb: free seat of application %d: %w", appID, err)
	}
	return db.fillSeats(ctx, tx, callID, ch)
}

// EndTermsOfUncertified ends the terms in office of members whose
// certification is no longer valid (revoked, suspended, expired, removed) or
// whose account is gone, and gives their seats to the waiting lists. Access
// already ended with the certification; this records it.
func (db *DB) EndTermsOfUncertified(ctx context.Context, hook CommitteeHook) (*CommitteeChange, error) {
	var ch *CommitteeChange
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		var err error
		if ch, err = db.endTermsOfUncertified(ctx, tx); err != nil {
			return err
		}
		return runHook(hook, tx, ch)
	})
	if err != nil {
		return nil, err
	}
	return ch, nil
}

func (db *DB) endTermsOfUncertified(ctx context.Context, tx *sql.Tx) (*CommitteeChange, error) {
	today := dateOnly(db.now())
	rows, err := tx.QueryContext(ctx, `SELECT `+termColumns+` FROM committee_terms t JOIN users u ON u.id = t.user_id
		WHERE t.ended_at IS NULL AND t.ends_on >= $1
		AND (u.deleted_at IS NOT NULL OR u.role <> 'member' OR u.cert_status <> 'active' OR u.cert_expires_on < $1) ORDER BY t.id`, today)
	if err != nil {
		return nil, fmt.Errorf("sqldb: terms of uncertified members: %w", err)
	}
	var terms []*creatorclub.CommitteeTerm
	for rows.Next() {
		t, err := scanTerm(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqldb: scan term: %w", err)
		}
		terms = append(terms, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: terms of uncertified members: %w", err)
	}
	ch := &CommitteeChange{Terms: map[int64]*creatorclub.CommitteeTerm{}}
	for _, t := range terms {
		if err := db.endTerm(ctx, tx, t, creatorclub.TermEndCertification, ch); err != nil {
			return nil, err
		}
	}
	return ch, nil
}

// RenewTerm opens the next term of a member for months months, starting the
// day after the current one ends (today if it has already ended).
func (db *DB) RenewTerm(ctx context.Context, id int64, months int) (*creatorclub.CommitteeTerm, error) {
	if months < 1 || months > 72 {
		return nil, creatorclub.Errorf(creatorclub.EINVALID, "committee_call_term_invalid")
	}
	var next *creatorclub.CommitteeTerm
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		t, err := findTerm(ctx, tx, id)
		if err != nil {
			return err
		}
		if t.EndedAt != nil {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "committee_term_already_ended")
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM committee_terms WHERE renewal_of = $1`, id).Scan(&n); err != nil {
			return fmt.Errorf("sqldb: renewals of %d: %w", id, err)
		}
		if n > 0 {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "committee_term_already_renewed")
		}
		ok, err := isCommitteeMember(ctx, tx, t.UserID, dateOnly(db.now()))
		if err != nil {
			return err
		}
		if !ok {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "committee_renew_not_certified")
		}
		start := t.EndsOn.AddDate(0, 0, 1)
		if today := dateOnly(db.now()); start.Before(today) {
			start = today
		}
		next = &creatorclub.CommitteeTerm{UserID: t.UserID, RenewalOf: t.ID, Role: t.Role, StartsOn: start, EndsOn: start.AddDate(0, months, -1), CreatedAt: db.now()}
		return insertTerm(ctx, tx, next)
	})
	if err != nil {
		return nil, err
	}
	return next, nil
}

// SetTermRole makes the holder of a term chair or member.
func (db *DB) SetTermRole(ctx context.Context, id int64, role string) error {
	if role != creatorclub.CommitteeChair && role != creatorclub.CommitteeMember {
		return creatorclub.Errorf(creatorclub.EINVALID, "committee_role_invalid")
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE committee_terms SET role = $1 WHERE id = $2`, role, id)
		if err != nil {
			return fmt.Errorf("sqldb: set term role: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "committee_term_not_found")
		}
		return nil
	})
}

// CommitteePrefs returns whether the user agreed to appear on the public
// list of the committee, and whether they want mail about new committee
// documents and replies.
func (db *DB) CommitteePrefs(ctx context.Context, userID int64) (public, notices bool, err error) {
	err = db.Read.QueryRowContext(ctx, `SELECT committee_public, committee_notices FROM users WHERE id = $1`, userID).Scan(&public, &notices)
	if isNoRows(err) {
		return false, false, creatorclub.Errorf(creatorclub.ENOTFOUND, "User not found.")
	} else if err != nil {
		return false, false, fmt.Errorf("sqldb: committee prefs: %w", err)
	}
	return public, notices, nil
}

// SetCommitteePrefs saves the user's committee preferences.
func (db *DB) SetCommitteePrefs(ctx context.Context, userID int64, public, notices bool) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET committee_public = $1, committee_notices = $2, updated_at = $3 WHERE id = $4 AND deleted_at IS NULL`,
			public, notices, db.now(), userID)
		return expectOne(res, err, "set committee prefs")
	})
}

// CommitteeRecipients returns the committee members, as of today, who want
// mail about the committee space, except the user except (the author of the
// change). Staff follow the space on its pages.
func (db *DB) CommitteeRecipients(ctx context.Context, tx *sql.Tx, except int64) ([]*creatorclub.User, error) {
	users, err := usersFromIDQuery(ctx, tx, `SELECT m.user_id FROM (`+committeeMembersQuery+` AND u.committee_notices = $2 AND u.id <> $3) m ORDER BY m.user_id`,
		dateOnly(db.now()), true, except)
	if err != nil {
		return nil, fmt.Errorf("sqldb: committee recipients: %w", err)
	}
	return users, nil
}

// CommitteeMemberIDs returns the ids of the committee members as of today,
// for in-app notifications (which ignore mail preferences).
func (db *DB) CommitteeMemberIDs(ctx context.Context, tx *sql.Tx) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, committeeMembersQuery+` ORDER BY t.user_id`, dateOnly(db.now()))
	if err != nil {
		return nil, fmt.Errorf("sqldb: committee members: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("sqldb: committee members: %w", err)
		}
		if len(ids) == 0 || ids[len(ids)-1] != id {
			ids = append(ids, id)
		}
	}
	return ids, rows.Err()
}

// Documents.

const documentColumns = `d.id, d.title, d.description, COALESCE(d.meeting_id, 0), d.created_by, d.created_at, d.updated_at,
	(SELECT COUNT(*) FROM committee_document_versions v WHERE v.document_id = d.id),
	(SELECT COUNT(*) FROM committee_posts p WHERE p.thread_kind = 'document' AND p.thread_id = d.id)`

const versionColumns = `v.id, v.document_id, v.number, v.name, v.content_type, v.size, v.file_key, v.sha256, v.note, v.uploaded_by,
	COALESCE((SELECT CASE WHEN u.display_name <> '' THEN u.display_name ELSE u.first_name || ' ' || u.last_name END FROM users u WHERE u.id = v.uploaded_by), ''),
	v.created_at`

func scanDocument(s rowScanner) (*creatorclub.CommitteeDocument, error) {
	var d creatorclub.CommitteeDocument
	if err := s.Scan(&d.ID, &d.Title, &d.Description, &d.MeetingID, &d.CreatedBy, &d.CreatedAt, &d.UpdatedAt, &d.Versions, &d.Posts); err != nil {
		return nil, err
	}
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	return &d, nil
}

func scanVersion(s rowScanner) (*creatorclub.DocumentVersion, error) {
	var v creatorclub.DocumentVersion
	if err := s.Scan(&v.ID, &v.DocumentID, &v.Number, &v.Name, &v.ContentType, &v.Size, &v.Key, &v.SHA256, &v.Note, &v.UploadedBy,
		&v.UploaderName, &v.CreatedAt); err != nil {
		return nil, err
	}
	v.CreatedAt = v.CreatedAt.UTC()
	v.UploaderName = strings.TrimSpace(v.UploaderName)
	return &v, nil
}

func insertVersion(ctx context.Context, tx *sql.Tx, v *creatorclub.DocumentVersion) error {
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM committee_document_versions WHERE document_id = $1`, v.DocumentID).Scan(&v.Number); err != nil {
		return fmt.Errorf("sqldb: next version: %w", err)
	}
	v.Note = strings.TrimSpace(v.Note)
	if len([]rune(v.Note)) > 500 {
		return creatorclub.Errorf(creatorclub.EINVALID, "committee_version_note_too_long")
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO committee_document_versions (document_id, number, name, content_type, size, file_key, sha256, note, uploaded_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		v.DocumentID, v.Number, v.Name, v.ContentType, v.Size, v.Key, v.SHA256, v.Note, v.UploadedBy, v.CreatedAt).Scan(&v.ID)
	if err != nil {
		return fmt.Errorf("sqldb: insert version: %w", err)
	}
	return nil
}

// CreateDocument records a committee document and its first version; hook
// runs in the same transaction (to notify the committee).
func (db *DB) CreateDocument(ctx context.Context, d *creatorclub.CommitteeDocument, v *creatorclub.DocumentVersion, hook func(tx *sql.Tx) error) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		d.CreatedAt, d.UpdatedAt = now, now
		var meeting any
		if d.MeetingID != 0 {
			ev, err := findEvent(ctx, tx, d.MeetingID)
			if err != nil || ev.Audience != creatorclub.AudienceCommittee {
				return creatorclub.Errorf(creatorclub.EINVALID, "committee_meeting_invalid")
			}
			meeting = d.MeetingID
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO committee_documents (title, description, meeting_id, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, d.Title, d.Description, meeting, d.CreatedBy, now).Scan(&d.ID); err != nil {
			return fmt.Errorf("sqldb: insert document: %w", err)
		}
		v.DocumentID, v.CreatedAt = d.ID, now
		if err := insertVersion(ctx, tx, v); err != nil {
			return err
		}
		d.Current, d.Versions = v, 1
		if hook != nil {
			return hook(tx)
		}
		return nil
	})
}

// AddDocumentVersion replaces a document's current file with a new version;
// earlier versions stay in its history.
func (db *DB) AddDocumentVersion(ctx context.Context, v *creatorclub.DocumentVersion, hook func(tx *sql.Tx) error) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		res, err := tx.ExecContext(ctx, `UPDATE committee_documents SET updated_at = $1 WHERE id = $2`, now, v.DocumentID)
		if err != nil {
			return fmt.Errorf("sqldb: touch document: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "committee_document_not_found")
		}
		v.CreatedAt = now
		if err := insertVersion(ctx, tx, v); err != nil {
			return err
		}
		if hook != nil {
			return hook(tx)
		}
		return nil
	})
}

// FindDocument returns a document with its current version, or ENOTFOUND.
func (db *DB) FindDocument(ctx context.Context, id int64) (*creatorclub.CommitteeDocument, error) {
	d, err := scanDocument(db.Read.QueryRowContext(ctx, `SELECT `+documentColumns+` FROM committee_documents d WHERE d.id = $1`, id))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "committee_document_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find document %d: %w", id, err)
	}
	if err := db.loadCurrentVersions(ctx, d); err != nil {
		return nil, err
	}
	return d, nil
}

// ListDocuments returns the committee's documents, the latest changed first;
// meetingID, if not 0, keeps those of one meeting.
func (db *DB) ListDocuments(ctx context.Context, meetingID int64, limit int) ([]*creatorclub.CommitteeDocument, error) {
	if limit <= 0 || limit > 500 {
		limit = 200
	}
	where, args := "", []any{}
	if meetingID != 0 {
		where, args = " WHERE d.meeting_id = $1", []any{meetingID}
	}
	rows, err := db.Read.QueryContext(ctx, fmt.Sprintf(`SELECT %s FROM committee_documents d%s ORDER BY d.updated_at DESC, d.id DESC LIMIT %d`,
		documentColumns, where, limit), args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list documents: %w", err)
	}
	defer rows.Close()
	out := []*creatorclub.CommitteeDocument{}
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan document: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: list documents: %w", err)
	}
	rows.Close()
	if err := db.loadCurrentVersions(ctx, out...); err != nil {
		return nil, err
	}
	return out, nil
}

func (db *DB) loadCurrentVersions(ctx context.Context, docs ...*creatorclub.CommitteeDocument) error {
	for _, d := range docs {
		v, err := scanVersion(db.Read.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM committee_document_versions v WHERE v.document_id = $1
			ORDER BY v.number DESC LIMIT 1`, d.ID))
		if isNoRows(err) {
			continue
		} else if err != nil {
			return fmt.Errorf("sqldb: current version of %d: %w", d.ID, err)
		}
		d.Current = v
	}
	return nil
}

// ListVersions returns a document's versions, the latest first.
func (db *DB) ListVersions(ctx context.Context, documentID int64) ([]*creatorclub.DocumentVersion, error) {
	rows, err := db.Read.QueryContext(ctx, `SELECT `+versionColumns+` FROM committee_document_versions v WHERE v.document_id = $1 ORDER BY v.number DESC`, documentID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list versions: %w", err)
	}
	defer rows.Close()
	out := []*creatorclub.DocumentVersion{}
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan version: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// FindVersion returns one version of a document, or ENOTFOUND.
func (db *DB) FindVersion(ctx context.Context, documentID, id int64) (*creatorclub.DocumentVersion, error) {
	v, err := scanVersion(db.Read.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM committee_document_versions v WHERE v.document_id = $1 AND v.id = $2`, documentID, id))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "committee_document_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find version: %w", err)
	}
	return v, nil
}

// Discussion threads.

// AddPost adds a message to the thread of a committee meeting or document;
// hook runs in the same transaction (to notify the committee).
func (db *DB) AddPost(ctx context.Context, p *creatorclub.CommitteePost, hook func(tx *sql.Tx) error) error {
	body, err := creatorclub.ValidatePost(p.Body)
	if err != nil {
		return err
	}
	if p.ThreadKind != creatorclub.ThreadMeeting && p.ThreadKind != creatorclub.ThreadDocument {
		return creatorclub.Errorf(creatorclub.EINVALID, "committee_thread_invalid")
	}
	p.Body = body
	return db.withTx(ctx, func(tx *sql.Tx) error {
		p.CreatedAt = db.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO committee_posts (thread_kind, thread_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			p.ThreadKind, p.ThreadID, p.AuthorID, p.Body, p.CreatedAt).Scan(&p.ID); err != nil {
			return fmt.Errorf("sqldb: insert post: %w", err)
		}
		if hook != nil {
			return hook(tx)
		}
		return nil
	})
}

// ListPosts returns the messages of a thread, oldest first.
func (db *DB) ListPosts(ctx context.Context, kind string, threadID int64) ([]*creatorclub.CommitteePost, error) {
	rows, err := db.Read.QueryContext(ctx, `SELECT p.id, p.thread_kind, p.thread_id, p.author_id,
		COALESCE((SELECT CASE WHEN u.display_name <> '' THEN u.display_name ELSE u.first_name || ' ' || u.last_name END FROM users u WHERE u.id = p.author_id), ''),
		p.body, p.created_at FROM committee_posts p WHERE p.thread_kind = $1 AND p.thread_id = $2 ORDER BY p.id`, kind, threadID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list posts: %w", err)
	}
	defer rows.Close()
	out := []*creatorclub.CommitteePost{}
	for rows.Next() {
		var p creatorclub.CommitteePost
		if err := rows.Scan(&p.ID, &p.ThreadKind, &p.ThreadID, &p.AuthorID, &p.AuthorName, &p.Body, &p.CreatedAt); err != nil {
			return nil, fmt.Errorf("sqldb: scan post: %w", err)
		}
		p.AuthorName, p.CreatedAt = strings.TrimSpace(p.AuthorName), p.CreatedAt.UTC()
		out = append(out, &p)
	}
	return out, rows.Err()
}

// Certification renewal.

const renewalProcedureKey = "cert_renewal_procedure"

// RenewalProcedure returns the organisation's text explaining how to renew a
// certification (Markdown), "" if none was set.
func (db *DB) RenewalProcedure(ctx context.Context) (string, error) {
	return renewalProcedure(ctx, db.Read)
}

func renewalProcedure(ctx context.Context, q queryer) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, renewalProcedureKey).Scan(&v)
	if isNoRows(err) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("sqldb: renewal procedure: %w", err)
	}
	return v, nil
}

// SetRenewalProcedure saves the renewal procedure text.
func (db *DB) SetRenewalProcedure(ctx context.Context, text string) error {
	text = strings.TrimSpace(text)
	if len(text) > 10000 {
		return creatorclub.Errorf(creatorclub.EINVALID, "renewal_procedure_too_long")
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = $2`, renewalProcedureKey, text)
		if err != nil {
			return fmt.Errorf("sqldb: set renewal procedure: %w", err)
		}
		return nil
	})
}

// CertReminderDue is a certification expiry reminder to send.
type CertReminderDue struct {
	User      *creatorclub.User
	Threshold int // 60, 30 or 7 days
}

// DueCertReminders returns, in tx, the members whose certification expires
// within 60 days and who have not had the reminder of the threshold they are
// at now for this expiry date. A renewed certification (a new expiry date)
// starts again.
func (db *DB) DueCertReminders(ctx context.Context, tx *sql.Tx) ([]CertReminderDue, error) {
	now := db.now()
	today := dateOnly(now)
	users, err := usersFromIDQuery(ctx, tx, `SELECT id FROM users WHERE deleted_at IS NULL AND role = 'member' AND cert_status = 'active'
		AND cert_expires_on >= $1 AND cert_expires_on <= $2 AND email IS NOT NULL ORDER BY id`, today, today.AddDate(0, 0, creatorclub.CertReminderDays[0]))
	if err != nil {
		return nil, fmt.Errorf("sqldb: certifications expiring: %w", err)
	}
	var out []CertReminderDue
	for _, u := range users {
		th := creatorclub.CertReminderThreshold(u.Cert.ExpiresOn, now)
		if th == 0 {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM cert_reminders WHERE user_id = $1 AND expires_on = $2 AND threshold <= $3`,
			u.ID, u.Cert.ExpiresOn, th).Scan(&n); err != nil {
			return nil, fmt.Errorf("sqldb: cert reminders sent: %w", err)
		}
		if n == 0 {
			out = append(out, CertReminderDue{User: u, Threshold: th})
		}
	}
	return out, nil
}

// MarkCertReminderSent records in tx that a reminder went out; the primary
// key refuses a second one for the same threshold and expiry date.
func (db *DB) MarkCertReminderSent(ctx context.Context, tx *sql.Tx, userID int64, expiresOn time.Time, threshold int) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO cert_reminders (user_id, expires_on, threshold, sent_at) VALUES ($1, $2, $3, $4)`,
		userID, dateOnly(expiresOn), threshold, db.now()); err != nil {
		return fmt.Errorf("sqldb: mark cert reminder: %w", err)
	}
	return nil
}

// eraseCommitteeData removes, in a member's account deletion, what they wrote
// in their applications and their notifications. Their terms stay (the
// committee's history) and end with the account (endTermsOfUncertified);
// their messages in committee threads stay, shown without a name.
func eraseCommitteeData(ctx context.Context, tx *sql.Tx, userID int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE committee_applications SET motivation = '', platforms = '', conflicts = '', audience_size = 0
		WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("sqldb: erase applications of %d: %w", userID, err)
	}
	for _, q := range []string{`DELETE FROM notifications WHERE user_id = $1`, `DELETE FROM home_marks WHERE user_id = $1`} {
		if _, err := tx.ExecContext(ctx, q, userID); err != nil {
			return fmt.Errorf("sqldb: erase notifications of %d: %w", userID, err)
		}
	}
	return nil
}
