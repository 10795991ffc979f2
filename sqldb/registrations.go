package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/creatorclub/creatorclub"
)

const registrationColumns = `r.id, r.event_id, r.user_id, r.status, r.join_token, r.created_at, r.updated_at, r.attended_at`

func scanRegistration(s rowScanner) (*creatorclub.Registration, error) {
	var r creatorclub.Registration
	var status string
	var attended sql.NullTime
	if err := s.Scan(&r.ID, &r.EventID, &r.UserID, &status, &r.JoinToken, &r.CreatedAt, &r.UpdatedAt, &attended); err != nil {
		return nil, err
	}
	r.Status = creatorclub.RegistrationStatus(status)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	r.AttendedAt = nullTime(attended)
	return &r, nil
}

// RegistrationHook runs inside the registration's transaction.
type RegistrationHook func(tx *sql.Tx, res *creatorclub.RegistrationResult) error

// RegisterForEvent registers the user for the event, or puts them on the
// waitlist when every seat is taken. Registering again while registered or
// waitlisted returns the existing registration. The seat count and the insert
// happen under the event's lock, so concurrent registrations never overbook.
func (db *DB) RegisterForEvent(ctx context.Context, eventID, userID int64, hook RegistrationHook) (*creatorclub.RegistrationResult, error) {
	var res *creatorclub.RegistrationResult
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		if err := db.lockEvent(ctx, tx, eventID); err != nil {
			return err
		}
		ev, err := findEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		now := db.now()
		if !ev.RegistrationOpen(now) {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "registration_closed")
		}
		if ev.Audience == creatorclub.AudienceCommittee {
			if ok, err := isCommitteeMember(ctx, tx, userID, dateOnly(now)); err != nil {
				return err
			} else if !ok {
				return creatorclub.Errorf(creatorclub.EFORBIDDEN, "committee_members_only")
			}
		}
		existing, err := findRegistration(ctx, tx, `r.event_id = $1 AND r.user_id = $2`, eventID, userID)
		if err != nil && creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			return err
		}
		if existing != nil && existing.Status != creatorclub.RegCancelled {
			res = &creatorclub.RegistrationResult{Registration: existing}
			return db.fillWaitlistPosition(ctx, tx, existing)
		}
		status := creatorclub.RegRegistered
		if ev.IsFull() || ev.Waitlisted > 0 {
			status = creatorclub.RegWaitlisted
		}
		token, _ := creatorclub.NewSignInToken()
		var reg *creatorclub.Registration
		if existing != nil {
			// Coming back after cancelling: a new place in line and a new join link.
			reg, err = scanRegistration(tx.QueryRowContext(ctx, `UPDATE registrations SET status = $1, join_token = $2, created_at = $3, updated_at = $3
				WHERE id = $4 RETURNING id, event_id, user_id, status, join_token, created_at, updated_at, attended_at`,
				string(status), token, now, existing.ID))
		} else {
			reg, err = scanRegistration(tx.QueryRowContext(ctx, `INSERT INTO registrations (event_id, user_id, status, join_token, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $5) RETURNING id, event_id, user_id, status, join_token, created_at, updated_at, attended_at`,
				eventID, userID, string(status), token, now))
		}
		if err != nil {
			return fmt.Errorf("sqldb: register user %d for event %d: %w", userID, eventID, err)
		}
		if err := db.fillWaitlistPosition(ctx, tx, reg); err != nil {
			return err
		}
		res = &creatorclub.RegistrationResult{Registration: reg}
		if hook != nil {
			return hook(tx, res)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// CancelRegistration cancels the user's registration; if it held a seat, the
// first member on the waitlist gets it (returned in Promoted).
func (db *DB) CancelRegistration(ctx context.Context, eventID, userID int64, hook RegistrationHook) (*creatorclub.RegistrationResult, error) {
	var res *creatorclub.RegistrationResult
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		if err := db.lockEvent(ctx, tx, eventID); err != nil {
			return err
		}
		reg, err := findRegistration(ctx, tx, `r.event_id = $1 AND r.user_id = $2`, eventID, userID)
		if err != nil {
			return err
		}
		if reg.Status == creatorclub.RegCancelled {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "registration_already_cancelled")
		}
		wasSeated := reg.Status == creatorclub.RegRegistered
		if _, err := tx.ExecContext(ctx, `UPDATE registrations SET status = 'cancelled', updated_at = $1 WHERE id = $2`, db.now(), reg.ID); err != nil {
			return fmt.Errorf("sqldb: cancel registration: %w", err)
		}
		reg.Status = creatorclub.RegCancelled
		res = &creatorclub.RegistrationResult{Registration: reg}
		if wasSeated {
			ev, err := findEvent(ctx, tx, eventID)
			if err != nil {
				return err
			}
			if ev.Status == creatorclub.EventPublished {
				promoted, err := db.promoteWaitlist(ctx, tx, eventID, ev.Capacity)
				if err != nil {
					return err
				}
				if len(promoted) > 0 {
					res.Promoted = promoted[0]
				}
			}
		}
		if hook != nil {
			return hook(tx, res)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// promoteWaitlist gives free seats to waitlisted members in the order they
// joined the waitlist, and returns their registrations.
func (db *DB) promoteWaitlist(ctx context.Context, tx *sql.Tx, eventID int64, capacity int) ([]*creatorclub.Registration, error) {
	var registered int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND status = 'registered'`, eventID).Scan(&registered); err != nil {
		return nil, fmt.Errorf("sqldb: count seats: %w", err)
	}
	free := capacity - registered
	if capacity == 0 {
		free = 1 << 30
	}
	if free <= 0 {
		return nil, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+registrationColumns+` FROM registrations r WHERE r.event_id = $1 AND r.status = 'waitlisted'
		ORDER BY r.created_at, r.id LIMIT $2`, eventID, min(free, 100000))
	if err != nil {
		return nil, fmt.Errorf("sqldb: read waitlist: %w", err)
	}
	var promoted []*creatorclub.Registration
	for rows.Next() {
		r, err := scanRegistration(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqldb: scan waitlist: %w", err)
		}
		promoted = append(promoted, r)
	}
	rows.Close()
	now := db.now()
	for _, r := range promoted {
		if _, err := tx.ExecContext(ctx, `UPDATE registrations SET status = 'registered', updated_at = $1 WHERE id = $2`, now, r.ID); err != nil {
			return nil, fmt.Errorf("sqldb: promote registration %d: %w", r.ID, err)
		}
		r.Status, r.UpdatedAt = creatorclub.RegRegistered, now
	}
	return promoted, nil
}

func findRegistration(ctx context.Context, q queryer, where string, args ...any) (*creatorclub.Registration, error) {
	r, err := scanRegistration(q.QueryRowContext(ctx, `SELECT `+registrationColumns+` FROM registrations r WHERE `+where, args...))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "registration_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find registration: %w", err)
	}
	return r, nil
}

func (db *DB) fillWaitlistPosition(ctx context.Context, q queryer, r *creatorclub.Registration) error {
	r.WaitlistPosition = 0
	if r.Status != creatorclub.RegWaitlisted {
		return nil
	}
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND status = 'waitlisted'
		AND (created_at < $2 OR (created_at = $2 AND id <= $3))`, r.EventID, r.CreatedAt, r.ID).Scan(&r.WaitlistPosition)
	if err != nil {
		return fmt.Errorf("sqldb: waitlist position: %w", err)
	}
	return nil
}

// FindRegistration returns the user's registration for the event (any
// status), or ENOTFOUND.
func (db *DB) FindRegistration(ctx context.Context, eventID, userID int64) (*creatorclub.Registration, error) {
	r, err := findRegistration(ctx, db.Read, `r.event_id = $1 AND r.user_id = $2`, eventID, userID)
	if err != nil {
		return nil, err
	}
	return r, db.fillWaitlistPosition(ctx, db.Read, r)
}

// FindRegistrationByJoinToken returns the registration holding a personal
// join link, or ENOTFOUND.
func (db *DB) FindRegistrationByJoinToken(ctx context.Context, token string) (*creatorclub.Registration, error) {
	if token == "" || len(token) > 100 {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "registration_not_found")
	}
	return findRegistration(ctx, db.Read, `r.join_token = $1`, token)
}

// MarkAttended records the first time a registered member opened the room.
func (db *DB) MarkAttended(ctx context.Context, regID int64) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE registrations SET attended_at = $1 WHERE id = $2 AND attended_at IS NULL`, db.now(), regID)
		if err != nil {
			return fmt.Errorf("sqldb: mark attended: %w", err)
		}
		return nil
	})
}

// ListRegistrations returns an event's registrations with their users,
// seated first, then the waitlist in order, then cancellations.
func (db *DB) ListRegistrations(ctx context.Context, eventID int64) ([]*creatorclub.Registration, error) {
	rows, err := db.Read.QueryContext(ctx, `SELECT `+registrationColumns+` FROM registrations r WHERE r.event_id = $1
		ORDER BY CASE r.status WHEN 'registered' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, r.created_at, r.id`, eventID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list registrations: %w", err)
	}
	var regs []*creatorclub.Registration
	for rows.Next() {
		r, err := scanRegistration(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqldb: scan registration: %w", err)
		}
		regs = append(regs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: list registrations: %w", err)
	}
	pos := 0
	for _, r := range regs {
		if r.Status == creatorclub.RegWaitlisted {
			pos++
			r.WaitlistPosition = pos
		}
		u, err := db.FindUserByID(ctx, r.UserID)
		if err != nil && creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			return nil, err
		}
		r.User = u
	}
	return regs, nil
}

// ReminderRecipients returns the users registered (seated) for the event
// who want reminders and have not yet had the reminder of this kind for this
// start time.
func (db *DB) ReminderRecipients(ctx context.Context, tx *sql.Tx, ev *creatorclub.Event, kind string) ([]*creatorclub.User, error) {
	users, err := usersFromIDQuery(ctx, tx, `SELECT r.user_id FROM registrations r JOIN users u ON u.id = r.user_id
		WHERE r.event_id = $1 AND r.status = 'registered' AND u.reminders = $2 AND u.deleted_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM reminders_sent s WHERE s.event_id = r.event_id AND s.user_id = r.user_id AND s.kind = $3 AND s.starts_at = $4)
		ORDER BY r.id`, ev.ID, true, kind, utc(ev.StartsAt))
	if err != nil {
		return nil, fmt.Errorf("sqldb: reminder recipients: %w", err)
	}
	var out []*creatorclub.User
	for _, u := range users {
		if u.CanSignIn(db.now()) {
			out = append(out, u)
		}
	}
	return out, nil
}

// usersFromIDQuery runs a query returning user ids and loads those users,
// in order, skipping any that no longer exist.
func usersFromIDQuery(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]*creatorclub.User, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var users []*creatorclub.User
	for _, id := range ids {
		u, err := findUser(ctx, tx, "id = $1", id)
		if creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		users = append(users, u)
	}
	return users, nil
}

// MarkReminderSent records in tx that the reminder went out, so a retried job
// does not send it twice.
func (db *DB) MarkReminderSent(ctx context.Context, tx *sql.Tx, ev *creatorclub.Event, userID int64, kind string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO reminders_sent (event_id, user_id, kind, starts_at, sent_at) VALUES ($1, $2, $3, $4, $5)`,
		ev.ID, userID, kind, utc(ev.StartsAt), db.now())
	if err != nil {
		return fmt.Errorf("sqldb: mark reminder sent: %w", err)
	}
	return nil
}

// FindEventTx reads an event inside a transaction.
func (db *DB) FindEventTx(ctx context.Context, tx *sql.Tx, id int64) (*creatorclub.Event, error) {
	return findEvent(ctx, tx, id)
}

// SeatedUsers returns the users registered or waitlisted for the event, for
// update and cancellation notices.
func (db *DB) SeatedUsers(ctx context.Context, tx *sql.Tx, eventID int64) ([]*creatorclub.User, error) {
	users, err := usersFromIDQuery(ctx, tx, `SELECT user_id FROM registrations WHERE event_id = $1 AND status IN ('registered', 'waitlisted') ORDER BY id`, eventID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: seated users: %w", err)
	}
	return users, nil
}

// FindUserTx reads a user inside a transaction.
func (db *DB) FindUserTx(ctx context.Context, tx *sql.Tx, id int64) (*creatorclub.User, error) {
	return findUser(ctx, tx, "id = $1", id)
}
