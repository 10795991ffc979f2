package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/creatorclub/creatorclub"
)

// MaxDeliveryAttempts is how many temporary failures a delivery may have
// before it is given up as failed.
const MaxDeliveryAttempts = 8

// HardFailuresLimit is how many permanent failures in a row make a member's
// address undeliverable.
const HardFailuresLimit = 3

// maxErrorText bounds the error text kept with a delivery.
const maxErrorText = 500

const campaignColumns = `id, kind, subject, body, audience, status, scheduled_at, created_by, created_at, updated_at, started_at, finished_at`

func scanCampaign(s rowScanner) (*creatorclub.Campaign, error) {
	var (
		c                          creatorclub.Campaign
		audience                   string
		scheduled, started, finish sql.NullTime
	)
	err := s.Scan(&c.ID, &c.Kind, &c.Subject, &c.Body, &audience, &c.Status, &scheduled, &c.CreatedBy, &c.CreatedAt, &c.UpdatedAt, &started, &finish)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(audience), &c.Audience); err != nil {
		return nil, fmt.Errorf("campaign %d audience: %w", c.ID, err)
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	c.ScheduledAt, c.StartedAt, c.FinishedAt = nullTime(scheduled), nullTime(started), nullTime(finish)
	return &c, nil
}

func findCampaign(ctx context.Context, q queryer, id int64) (*creatorclub.Campaign, error) {
	c, err := scanCampaign(q.QueryRowContext(ctx, `SELECT `+campaignColumns+` FROM campaigns WHERE id = $1`, id))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "campaign_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find campaign %d: %w", id, err)
	}
	return c, nil
}

// CreateCampaign validates c and inserts it as a draft, setting its ID,
// status and timestamps.
func (db *DB) CreateCampaign(ctx context.Context, c *creatorclub.Campaign) error {
	if err := c.Validate(); err != nil {
		return err
	}
	audience, err := json.Marshal(c.Audience)
	if err != nil {
		return fmt.Errorf("sqldb: create campaign: %w", err)
	}
	now := db.now()
	c.Status, c.CreatedAt, c.UpdatedAt = creatorclub.CampaignDraft, now, now
	c.ScheduledAt, c.StartedAt, c.FinishedAt = nil, nil, nil
	return db.withTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO campaigns (kind, subject, body, audience, status, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
			c.Kind, c.Subject, c.Body, string(audience), c.Status, c.CreatedBy, now).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("sqldb: create campaign: %w", err)
		}
		return nil
	})
}

// UpdateCampaign saves the kind, subject, body and audience of c. Only a
// draft or scheduled campaign can change; otherwise it returns ECONFLICT
// "campaign_not_editable". It fills c's status and timestamps from the
// stored campaign.
func (db *DB) UpdateCampaign(ctx context.Context, c *creatorclub.Campaign) error {
	if err := c.Validate(); err != nil {
		return err
	}
	audience, err := json.Marshal(c.Audience)
	if err != nil {
		return fmt.Errorf("sqldb: update campaign: %w", err)
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		res, err := tx.ExecContext(ctx, `UPDATE campaigns SET kind = $1, subject = $2, body = $3, audience = $4, updated_at = $5
			WHERE id = $6 AND status IN ('draft', 'scheduled')`, c.Kind, c.Subject, c.Body, string(audience), now, c.ID)
		if err := expectTransition(ctx, tx, res, err, c.ID, "campaign_not_editable"); err != nil {
			return err
		}
		stored, err := findCampaign(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		*c = *stored
		return nil
	})
}

// expectTransition turns an UPDATE guarded by a status into ENOTFOUND when the
// campaign does not exist and ECONFLICT with msg when its status forbids it.
func expectTransition(ctx context.Context, q queryer, res sql.Result, err error, id int64, msg string) error {
	if err != nil {
		return fmt.Errorf("sqldb: campaign %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqldb: campaign %d: %w", id, err)
	}
	if n > 0 {
		return nil
	}
	if _, err := findCampaign(ctx, q, id); err != nil {
		return err
	}
	return creatorclub.Errorf(creatorclub.ECONFLICT, "%s", msg)
}

// FindCampaign returns the campaign, or ENOTFOUND.
func (db *DB) FindCampaign(ctx context.Context, id int64) (*creatorclub.Campaign, error) {
	return findCampaign(ctx, db.Read, id)
}

// ListCampaigns returns the campaigns with one of the given statuses (all
// when statuses is empty), newest first, at most limit (50 when limit is not
// between 1 and 500).
func (db *DB) ListCampaigns(ctx context.Context, statuses []string, limit int) ([]*creatorclub.Campaign, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	where, args := "", []any{}
	if len(statuses) > 0 {
		marks := make([]string, len(statuses))
		for i, s := range statuses {
			args = append(args, s)
			marks[i] = fmt.Sprintf("$%d", i+1)
		}
		where = "WHERE status IN (" + strings.Join(marks, ", ") + ")"
	}
	rows, err := db.Read.QueryContext(ctx, fmt.Sprintf(`SELECT %s FROM campaigns %s ORDER BY created_at DESC, id DESC LIMIT %d`,
		campaignColumns, where, limit), args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list campaigns: %w", err)
	}
	return scanCampaigns(rows)
}

func scanCampaigns(rows *sql.Rows) ([]*creatorclub.Campaign, error) {
	defer rows.Close()
	out := []*creatorclub.Campaign{}
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan campaign: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: list campaigns: %w", err)
	}
	return out, nil
}

// audienceWhere returns the condition on users u (and its arguments, numbered
// from $1) that selects the recipients of c: members certified today, not
// deleted, with a deliverable address; for a newsletter only those who want
// it. A notice ignores preferences.
func (db *DB) audienceWhere(c *creatorclub.Campaign) (string, []any, error) {
	where := []string{"u.deleted_at IS NULL", "u.role = 'member'", "u.cert_status = 'active'", "u.cert_expires_on >= $1",
		"u.undeliverable = $2", "u.email IS NOT NULL", "u.email <> ''"}
	args := []any{dateOnly(db.now()), false}
	switch c.Kind {
	case creatorclub.CampaignNewsletter:
		args = append(args, true)
		where = append(where, fmt.Sprintf("u.newsletter = $%d", len(args)))
	case creatorclub.CampaignNotice:
	default:
		return "", nil, creatorclub.Errorf(creatorclub.EINVALID, "campaign_kind_invalid")
	}
	switch c.Audience.Kind {
	case creatorclub.AudienceAllMembers:
	case creatorclub.AudienceEvent:
		args = append(args, c.Audience.EventID)
		where = append(where, fmt.Sprintf("EXISTS (SELECT 1 FROM registrations r WHERE r.user_id = u.id AND r.event_id = $%d AND r.status = 'registered')", len(args)))
	case creatorclub.AudiencePlatform:
		args = append(args, c.Audience.Platform)
		where = append(where, fmt.Sprintf("EXISTS (SELECT 1 FROM handles h WHERE h.user_id = u.id AND h.platform = $%d)", len(args)))
	case creatorclub.AudienceCommitteeM:
		// A term in office today ($1 is today; the certification is checked above).
		where = append(where, "EXISTS (SELECT 1 FROM committee_terms t WHERE t.user_id = u.id AND t.ended_at IS NULL AND t.starts_on <= $1 AND t.ends_on >= $1)")
	default:
		return "", nil, creatorclub.Errorf(creatorclub.EINVALID, "campaign_audience_invalid")
	}
	return strings.Join(where, " AND "), args, nil
}

// AudienceUsers returns the members who would receive c if it started now,
// sorted by name. It loads them all: use CountAudience for the size alone.
func (db *DB) AudienceUsers(ctx context.Context, c *creatorclub.Campaign) ([]*creatorclub.User, error) {
	where, args, err := db.audienceWhere(c)
	if err != nil {
		return nil, err
	}
	rows, err := db.Read.QueryContext(ctx, `SELECT `+userColumns+` FROM users u WHERE `+where+
		` ORDER BY u.last_name, u.first_name, u.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: audience of campaign %d: %w", c.ID, err)
	}
	return scanUsersWithHandles(ctx, db.Read, rows)
}

// CountAudience returns how many members would receive c if it started now.
func (db *DB) CountAudience(ctx context.Context, c *creatorclub.Campaign) (int, error) {
	where, args, err := db.audienceWhere(c)
	if err != nil {
		return 0, err
	}
	var n int
	if err := db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM users u WHERE `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqldb: count audience of campaign %d: %w", c.ID, err)
	}
	return n, nil
}

// scanUsersWithHandles reads users from rows (closing them) and loads their handles.
func scanUsersWithHandles(ctx context.Context, q queryer, rows *sql.Rows) ([]*creatorclub.User, error) {
	users := []*creatorclub.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqldb: scan user: %w", err)
		}
		users = append(users, u)
	}
	err := rows.Err()
	rows.Close()
	if err != nil {
		return nil, fmt.Errorf("sqldb: list users: %w", err)
	}
	if err := loadHandles(ctx, q, users...); err != nil {
		return nil, err
	}
	return users, nil
}

// FindUsersByIDs returns the users with the given ids that are not deleted,
// in no particular order; missing ids are left out. It is meant for batches
// of at most a few hundred ids.
func (db *DB) FindUsersByIDs(ctx context.Context, ids []int64) ([]*creatorclub.User, error) {
	if len(ids) == 0 {
		return []*creatorclub.User{}, nil
	}
	args := make([]any, len(ids))
	marks := make([]string, len(ids))
	for i, id := range ids {
		args[i] = id
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	rows, err := db.Read.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE deleted_at IS NULL AND id IN (`+strings.Join(marks, ",")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: find users by ids: %w", err)
	}
	return scanUsersWithHandles(ctx, db.Read, rows)
}

// ScheduleCampaign sets a draft campaign to start at the given time, which
// must be in the future (EINVALID "campaign_schedule_past"). Scheduling a
// campaign that is not a draft returns ECONFLICT "campaign_not_draft".
func (db *DB) ScheduleCampaign(ctx context.Context, id int64, at time.Time) error {
	now := db.now()
	if !at.After(now) {
		return creatorclub.Errorf(creatorclub.EINVALID, "campaign_schedule_past")
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE campaigns SET status = 'scheduled', scheduled_at = $1, updated_at = $2
			WHERE id = $3 AND status = 'draft'`, at.UTC().Truncate(time.Microsecond), now, id)
		return expectTransition(ctx, tx, res, err, id, "campaign_not_draft")
	})
}

// UnscheduleCampaign turns a scheduled campaign back into a draft, or
// returns ECONFLICT "campaign_not_scheduled".
func (db *DB) UnscheduleCampaign(ctx context.Context, id int64) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE campaigns SET status = 'draft', scheduled_at = NULL, updated_at = $1
			WHERE id = $2 AND status = 'scheduled'`, db.now(), id)
		return expectTransition(ctx, tx, res, err, id, "campaign_not_scheduled")
	})
}

// DeliveryMessageID returns the Message-ID of the campaign's mail to the
// member, with angle brackets. It is the same every time, so that a message
// sent again after a crash carries the identifier of the first copy and the
// receiving side can tell it is a duplicate.
func DeliveryMessageID(campaignID, userID int64, host string) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "creatorclub campaign %d member %d", campaignID, userID))
	return fmt.Sprintf("<c%d.u%d.%s@%s>", campaignID, userID, hex.EncodeToString(sum[:6]), host)
}

// validMessageIDHost reports whether host can stand right of the @ of a Message-ID.
func validMessageIDHost(host string) bool {
	return host != "" && len(host) <= 253 && !strings.ContainsAny(host, "<>()[],;:\\\"@ \t\r\n")
}

// snapshotPage is how many recipients StartCampaign reads and inserts at a time.
const snapshotPage = 500

// StartCampaign starts sending a draft or scheduled campaign: in one
// transaction it writes a pending delivery for every member of the audience
// as it stands now, with their address and the Message-ID their copy will
// carry (in the domain host), and sets the campaign sending. It returns the
// number of recipients. With no recipient it returns EINVALID
// "campaign_audience_empty" and changes nothing; a campaign in another status
// gives ECONFLICT "campaign_not_startable".
func (db *DB) StartCampaign(ctx context.Context, id int64, host string) (int, error) {
	if !validMessageIDHost(host) {
		return 0, creatorclub.Errorf(creatorclub.EINVALID, "campaign_host_invalid")
	}
	var total int
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		// The status changes first: on PostgreSQL the row lock makes a
		// second StartCampaign wait, then find the campaign sending.
		res, err := tx.ExecContext(ctx, `UPDATE campaigns SET status = 'sending', started_at = $1, updated_at = $1
			WHERE id = $2 AND status IN ('draft', 'scheduled')`, now, id)
		if err := expectTransition(ctx, tx, res, err, id, "campaign_not_startable"); err != nil {
			return err
		}
		c, err := findCampaign(ctx, tx, id)
		if err != nil {
			return err
		}
		where, args, err := db.audienceWhere(c)
		if err != nil {
			return err
		}
		// Page by id so that memory stays flat however large the club.
		args = append(args, int64(0))
		cursor := len(args)
		query := fmt.Sprintf(`SELECT u.id, u.email FROM users u WHERE %s AND u.id > $%d ORDER BY u.id LIMIT %d`, where, cursor, snapshotPage)
		type recipient struct {
			id    int64
			email string
		}
		page := make([]recipient, 0, snapshotPage)
		for {
			page = page[:0]
			rows, err := tx.QueryContext(ctx, query, args...)
			if err != nil {
				return fmt.Errorf("sqldb: start campaign %d: audience: %w", id, err)
			}
			for rows.Next() {
				var r recipient
				if err := rows.Scan(&r.id, &r.email); err != nil {
					rows.Close()
					return fmt.Errorf("sqldb: start campaign %d: scan recipient: %w", id, err)
				}
				page = append(page, r)
			}
			err = rows.Err()
			rows.Close()
			if err != nil {
				return fmt.Errorf("sqldb: start campaign %d: audience: %w", id, err)
			}
			if len(page) == 0 {
				break
			}
			var sb strings.Builder
			sb.WriteString(`INSERT INTO campaign_deliveries (campaign_id, user_id, email, status, message_id, next_attempt_at) VALUES `)
			values := make([]any, 0, 4*len(page)+2)
			values = append(values, id, now)
			for i, r := range page {
				if i > 0 {
					sb.WriteString(", ")
				}
				n := len(values)
				fmt.Fprintf(&sb, "($1, $%d, $%d, 'pending', $%d, $2)", n+1, n+2, n+3)
				values = append(values, r.id, r.email, DeliveryMessageID(id, r.id, host))
			}
			if _, err := tx.ExecContext(ctx, sb.String(), values...); err != nil {
				return fmt.Errorf("sqldb: start campaign %d: write deliveries: %w", id, err)
			}
			total += len(page)
			args[cursor-1] = page[len(page)-1].id
		}
		if total == 0 {
			return creatorclub.Errorf(creatorclub.EINVALID, "campaign_audience_empty")
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return total, nil
}

// DueCampaigns returns the scheduled campaigns whose time has come, oldest
// schedule first.
func (db *DB) DueCampaigns(ctx context.Context) ([]*creatorclub.Campaign, error) {
	rows, err := db.Read.QueryContext(ctx, `SELECT `+campaignColumns+` FROM campaigns WHERE status = 'scheduled' AND scheduled_at <= $1
		ORDER BY scheduled_at, id`, db.now())
	if err != nil {
		return nil, fmt.Errorf("sqldb: due campaigns: %w", err)
	}
	return scanCampaigns(rows)
}

// SendingCampaigns returns the campaigns being sent, for resuming them after
// a restart.
func (db *DB) SendingCampaigns(ctx context.Context) ([]*creatorclub.Campaign, error) {
	rows, err := db.Read.QueryContext(ctx, `SELECT `+campaignColumns+` FROM campaigns WHERE status = 'sending' ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("sqldb: sending campaigns: %w", err)
	}
	return scanCampaigns(rows)
}

// PauseCampaign stops a sending campaign after the messages in flight; it
// returns ECONFLICT "campaign_not_sending" in any other status.
func (db *DB) PauseCampaign(ctx context.Context, id int64) error {
	return db.setCampaignStatus(ctx, id, creatorclub.CampaignPaused, []string{creatorclub.CampaignSending}, "campaign_not_sending")
}

// ResumeCampaign sets a paused campaign sending again; it returns ECONFLICT
// "campaign_not_paused" in any other status. The caller then starts a sender.
func (db *DB) ResumeCampaign(ctx context.Context, id int64) error {
	return db.setCampaignStatus(ctx, id, creatorclub.CampaignSending, []string{creatorclub.CampaignPaused}, "campaign_not_paused")
}

// CancelCampaign cancels a draft, scheduled, sending or paused campaign for
// good: deliveries still pending stay pending, as a record of who did not
// get it, and are never sent. A sent or cancelled campaign gives ECONFLICT
// "campaign_not_cancellable".
func (db *DB) CancelCampaign(ctx context.Context, id int64) error {
	return db.setCampaignStatus(ctx, id, creatorclub.CampaignCancelled,
		[]string{creatorclub.CampaignDraft, creatorclub.CampaignScheduled, creatorclub.CampaignSending, creatorclub.CampaignPaused}, "campaign_not_cancellable")
}

func (db *DB) setCampaignStatus(ctx context.Context, id int64, to string, from []string, conflict string) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		args := []any{to, now, id}
		marks := make([]string, len(from))
		for i, s := range from {
			args = append(args, s)
			marks[i] = fmt.Sprintf("$%d", len(args))
		}
		finished := "finished_at"
		if to == creatorclub.CampaignCancelled {
			finished = "$2"
		}
		res, err := tx.ExecContext(ctx, `UPDATE campaigns SET status = $1, updated_at = $2, finished_at = `+finished+`
			WHERE id = $3 AND status IN (`+strings.Join(marks, ", ")+`)`, args...)
		return expectTransition(ctx, tx, res, err, id, conflict)
	})
}

// LeaseCampaign gives holder the right to send a sending campaign for the
// duration d, or extends it: one sender at a time, so that two never send the
// same recipient. It returns the campaign's status; when that is not
// "sending" no lease is taken and the sender should stop. While another
// holder's lease runs it returns ECONFLICT "campaign_sender_busy". A holder
// that dies leaves its lease to expire.
func (db *DB) LeaseCampaign(ctx context.Context, id int64, holder string, d time.Duration) (string, error) {
	if holder == "" {
		return "", creatorclub.Errorf(creatorclub.EINVALID, "campaign_lease_holder_required")
	}
	var status string
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		res, err := tx.ExecContext(ctx, `UPDATE campaigns SET lease_holder = $1, lease_until = $2
			WHERE id = $3 AND status = 'sending' AND (lease_holder = $1 OR lease_holder = '' OR lease_until IS NULL OR lease_until < $4)`,
			holder, now.Add(d), id, now)
		if err != nil {
			return fmt.Errorf("sqldb: lease campaign %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("sqldb: lease campaign %d: %w", id, err)
		} else if n == 1 {
			status = creatorclub.CampaignSending
			return nil
		}
		c, err := findCampaign(ctx, tx, id)
		if err != nil {
			return err
		}
		if status = c.Status; status == creatorclub.CampaignSending {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "campaign_sender_busy")
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return status, nil
}

// ReleaseCampaign gives up holder's lease on the campaign, if it still has it.
func (db *DB) ReleaseCampaign(ctx context.Context, id int64, holder string) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE campaigns SET lease_holder = '', lease_until = NULL WHERE id = $1 AND lease_holder = $2`, id, holder); err != nil {
			return fmt.Errorf("sqldb: release campaign %d: %w", id, err)
		}
		return nil
	})
}

const deliveryColumns = `d.campaign_id, d.user_id, d.email, d.status, d.attempts, d.last_error, d.message_id, d.sent_at, d.next_attempt_at`

func scanDelivery(s rowScanner, extra ...any) (*creatorclub.Delivery, error) {
	var d creatorclub.Delivery
	var sent sql.NullTime
	dest := append([]any{&d.CampaignID, &d.UserID, &d.Email, &d.Status, &d.Attempts, &d.LastError, &d.MessageID, &sent, &d.NextAttempt}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	d.SentAt = nullTime(sent)
	d.NextAttempt = d.NextAttempt.UTC()
	return &d, nil
}

// ClaimDeliveries returns up to limit pending deliveries of the campaign that
// are due, in the order they should go out, or none if the campaign is not
// sending. It changes nothing: the caller must hold the campaign's lease
// (LeaseCampaign) and hand each delivery to one worker only, and record each
// outcome with MarkDelivered, MarkDeferred, MarkFailed, MarkRefused or
// MarkSkipped before claiming again.
func (db *DB) ClaimDeliveries(ctx context.Context, campaignID int64, limit int) ([]*creatorclub.Delivery, error) {
	if limit <= 0 {
		limit = 200
	}
	rows, err := db.Read.QueryContext(ctx, `SELECT `+deliveryColumns+` FROM campaign_deliveries d JOIN campaigns c ON c.id = d.campaign_id
		WHERE d.campaign_id = $1 AND c.status = 'sending' AND d.status = 'pending' AND d.next_attempt_at <= $2
		ORDER BY d.next_attempt_at, d.user_id LIMIT $3`, campaignID, db.now(), limit)
	if err != nil {
		return nil, fmt.Errorf("sqldb: claim deliveries of campaign %d: %w", campaignID, err)
	}
	defer rows.Close()
	out := []*creatorclub.Delivery{}
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan delivery: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: claim deliveries of campaign %d: %w", campaignID, err)
	}
	return out, nil
}

// NextPendingAt returns when the campaign's next pending delivery is due,
// and false when none is pending.
func (db *DB) NextPendingAt(ctx context.Context, campaignID int64) (time.Time, bool, error) {
	var at time.Time
	err := db.Read.QueryRowContext(ctx, `SELECT next_attempt_at FROM campaign_deliveries WHERE campaign_id = $1 AND status = 'pending'
		ORDER BY next_attempt_at LIMIT 1`, campaignID).Scan(&at)
	if isNoRows(err) {
		return time.Time{}, false, nil
	} else if err != nil {
		return time.Time{}, false, fmt.Errorf("sqldb: next pending delivery of campaign %d: %w", campaignID, err)
	}
	return at.UTC(), true, nil
}

// MarkDelivered records that the member's copy was accepted by the mail
// server: status sent, sending time, one more attempt, and the member's count
// of hard failures back to zero. It is one small transaction, written as soon
// as the server has replied, and it is the record a restarted sender trusts:
// a message whose record is missing is sent again. Marking an already sent
// delivery changes nothing.
func (db *DB) MarkDelivered(ctx context.Context, campaignID, userID int64) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		res, err := tx.ExecContext(ctx, `UPDATE campaign_deliveries SET status = 'sent', sent_at = $1, next_attempt_at = $1,
			attempts = attempts + 1, last_error = '' WHERE campaign_id = $2 AND user_id = $3 AND status <> 'sent'`, now, campaignID, userID)
		if err := expectDelivery(ctx, tx, res, err, campaignID, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET hard_failures = 0 WHERE id = $1 AND hard_failures > 0`, userID); err != nil {
			return fmt.Errorf("sqldb: reset hard failures of user %d: %w", userID, err)
		}
		return nil
	})
}

// MarkDeferred records a temporary failure (a 4xx reply, a lost connection):
// one more attempt, the error, and the time to try again. After
// MaxDeliveryAttempts attempts the delivery is failed instead; the member's
// address is not held responsible.
func (db *DB) MarkDeferred(ctx context.Context, campaignID, userID int64, errText string, next time.Time) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		next = next.UTC().Truncate(time.Microsecond)
		res, err := tx.ExecContext(ctx, `UPDATE campaign_deliveries SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2
			WHERE campaign_id = $3 AND user_id = $4 AND status = 'pending'`, truncateError(errText), next, campaignID, userID)
		if err := expectDelivery(ctx, tx, res, err, campaignID, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE campaign_deliveries SET status = 'failed', next_attempt_at = $1
			WHERE campaign_id = $2 AND user_id = $3 AND status = 'pending' AND attempts >= $4`, now, campaignID, userID, MaxDeliveryAttempts); err != nil {
			return fmt.Errorf("sqldb: give up delivery of campaign %d to user %d: %w", campaignID, userID, err)
		}
		return nil
	})
}

// MarkFailed records that the mail server refused the member's address for
// good (a 5xx reply to RCPT TO): the delivery fails, and the member's count
// of hard failures grows; at HardFailuresLimit in a row their address is
// marked undeliverable and later campaigns leave them out.
func (db *DB) MarkFailed(ctx context.Context, campaignID, userID int64, errText string) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE campaign_deliveries SET status = 'failed', attempts = attempts + 1, last_error = $1, next_attempt_at = $2
			WHERE campaign_id = $3 AND user_id = $4 AND status = 'pending'`, truncateError(errText), db.now(), campaignID, userID)
		if err := expectDelivery(ctx, tx, res, err, campaignID, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET hard_failures = hard_failures + 1,
			undeliverable = CASE WHEN hard_failures + 1 >= $1 THEN $2 ELSE undeliverable END WHERE id = $3`,
			HardFailuresLimit, true, userID); err != nil {
			return fmt.Errorf("sqldb: count hard failure of user %d: %w", userID, err)
		}
		return nil
	})
}

// MarkRefused records a permanent failure that is not the address's fault:
// the server refused the message itself (a 5xx reply to DATA, for its
// content), or it could not be composed. The delivery fails; the member's
// hard failures are not counted.
func (db *DB) MarkRefused(ctx context.Context, campaignID, userID int64, errText string) error {
	return db.endDelivery(ctx, campaignID, userID, errText, 1)
}

// MarkSkipped records that the member's copy will not be sent because
// something changed since the campaign started: they unsubscribed from the
// newsletter or their account was deleted. The delivery fails with the reason
// and no attempt.
func (db *DB) MarkSkipped(ctx context.Context, campaignID, userID int64, reason string) error {
	return db.endDelivery(ctx, campaignID, userID, reason, 0)
}

func (db *DB) endDelivery(ctx context.Context, campaignID, userID int64, errText string, attempts int) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE campaign_deliveries SET status = 'failed', attempts = attempts + $1, last_error = $2, next_attempt_at = $3
			WHERE campaign_id = $4 AND user_id = $5 AND status = 'pending'`, attempts, truncateError(errText), db.now(), campaignID, userID)
		return expectDelivery(ctx, tx, res, err, campaignID, userID)
	})
}

// expectDelivery returns ENOTFOUND when an update matched no delivery
// because there is none; a delivery that is no longer pending is left as it
// is without error.
func expectDelivery(ctx context.Context, q queryer, res sql.Result, err error, campaignID, userID int64) error {
	if err != nil {
		return fmt.Errorf("sqldb: delivery of campaign %d to user %d: %w", campaignID, userID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("sqldb: delivery of campaign %d to user %d: %w", campaignID, userID, err)
	} else if n > 0 {
		return nil
	}
	var one int
	err = q.QueryRowContext(ctx, `SELECT 1 FROM campaign_deliveries WHERE campaign_id = $1 AND user_id = $2`, campaignID, userID).Scan(&one)
	if isNoRows(err) {
		return creatorclub.Errorf(creatorclub.ENOTFOUND, "delivery_not_found")
	} else if err != nil {
		return fmt.Errorf("sqldb: delivery of campaign %d to user %d: %w", campaignID, userID, err)
	}
	return nil
}

func truncateError(s string) string {
	s = strings.ToValidUTF8(strings.TrimSpace(s), "?")
	if len(s) <= maxErrorText {
		return s
	}
	cut := maxErrorText
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// CampaignProgress counts the campaign's deliveries by status and measures
// the sending rate over the last minute.
func (db *DB) CampaignProgress(ctx context.Context, id int64) (creatorclub.CampaignProgress, error) {
	var p creatorclub.CampaignProgress
	now := db.now()
	var recent int
	// A sent delivery's next_attempt_at is its sending time, so the claim
	// index answers both counts without reading the table.
	err := db.Read.QueryRowContext(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN status = 'sent' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'sent' AND next_attempt_at > $2 THEN 1 ELSE 0 END), 0)
		FROM campaign_deliveries WHERE campaign_id = $1`, id, now.Add(-time.Minute)).Scan(&p.Total, &p.Sent, &p.Failed, &p.Pending, &recent)
	if err != nil {
		return p, fmt.Errorf("sqldb: progress of campaign %d: %w", id, err)
	}
	if p.Total == 0 {
		if _, err := findCampaign(ctx, db.Read, id); err != nil {
			return p, err
		}
	}
	p.RatePerSecond = float64(recent) / 60
	if p.RatePerSecond > 0 && p.Pending > 0 {
		p.ETA = time.Duration(float64(p.Pending) / p.RatePerSecond * float64(time.Second)).Round(time.Second)
	}
	return p, nil
}

// FinishIfDone marks a sending campaign sent once no delivery is pending,
// and reports whether it did.
func (db *DB) FinishIfDone(ctx context.Context, id int64) (bool, error) {
	var done bool
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		res, err := tx.ExecContext(ctx, `UPDATE campaigns SET status = 'sent', finished_at = $1, updated_at = $1, lease_holder = '', lease_until = NULL
			WHERE id = $2 AND status = 'sending' AND NOT EXISTS (SELECT 1 FROM campaign_deliveries WHERE campaign_id = $2 AND status = 'pending')`, now, id)
		if err != nil {
			return fmt.Errorf("sqldb: finish campaign %d: %w", id, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("sqldb: finish campaign %d: %w", id, err)
		}
		done = n == 1
		return nil
	})
	return done, err
}

// ListDeliveries returns a page of the campaign's deliveries with the
// members' names, sorted by name, for the staff's proof of delivery.
func (db *DB) ListDeliveries(ctx context.Context, campaignID int64, limit, offset int) ([]*creatorclub.Delivery, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	if offset < 0 {
		offset = 0
	}
	rows, err := db.Read.QueryContext(ctx, fmt.Sprintf(`SELECT %s, u.first_name, u.last_name, u.display_name
		FROM campaign_deliveries d JOIN users u ON u.id = d.user_id WHERE d.campaign_id = $1
		ORDER BY u.last_name, u.first_name, d.user_id LIMIT %d OFFSET %d`, deliveryColumns, limit, offset), campaignID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list deliveries of campaign %d: %w", campaignID, err)
	}
	defer rows.Close()
	out := []*creatorclub.Delivery{}
	for rows.Next() {
		var u creatorclub.User
		d, err := scanDelivery(rows, &u.FirstName, &u.LastName, &u.DisplayName)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan delivery: %w", err)
		}
		d.Name = u.Name()
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: list deliveries of campaign %d: %w", campaignID, err)
	}
	return out, nil
}

// MailDeliverability returns the member's count of hard failures in a row
// and whether their address is marked undeliverable.
func (db *DB) MailDeliverability(ctx context.Context, userID int64) (hardFailures int, undeliverable bool, err error) {
	err = db.Read.QueryRowContext(ctx, `SELECT hard_failures, undeliverable FROM users WHERE id = $1`, userID).Scan(&hardFailures, &undeliverable)
	if isNoRows(err) {
		return 0, false, creatorclub.Errorf(creatorclub.ENOTFOUND, "User not found.")
	} else if err != nil {
		return 0, false, fmt.Errorf("sqldb: deliverability of user %d: %w", userID, err)
	}
	return hardFailures, undeliverable, nil
}

// ClearUndeliverable makes the member's address deliverable again, for when
// they changed it or the staff checked it works.
func (db *DB) ClearUndeliverable(ctx context.Context, userID int64) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET hard_failures = 0, undeliverable = $1 WHERE id = $2`, false, userID)
		return expectOne(res, err, "clear undeliverable")
	})
}
