package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
)

// Notify puts a notification in the user's notification centre, in tx so
// that it exists only if the change it tells about does. kind names the
// feature ("committee", "certification", "course", "help"…); title is the
// text shown, or a message id of the web catalogues, which the web layer
// translates; link is the local path it opens.
func (db *DB) Notify(ctx context.Context, tx *sql.Tx, userID int64, kind, title, link string) error {
	title, link = strings.TrimSpace(title), strings.TrimSpace(link)
	if kind == "" || title == "" || len(title) > 500 || !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") {
		return creatorclub.Errorf(creatorclub.EINVALID, "notification_invalid")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (user_id, kind, title, link, created_at) VALUES ($1, $2, $3, $4, $5)`,
		userID, kind, title, link, db.now()); err != nil {
		return fmt.Errorf("sqldb: notify user %d: %w", userID, err)
	}
	return nil
}

// ListNotifications returns the user's latest notifications, newest first.
func (db *DB) ListNotifications(ctx context.Context, userID int64, unreadOnly bool, limit int) ([]*creatorclub.Notification, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	where := "user_id = $1"
	if unreadOnly {
		where += " AND read_at IS NULL"
	}
	rows, err := db.Read.QueryContext(ctx, fmt.Sprintf(`SELECT id, user_id, kind, title, link, read_at, created_at FROM notifications
		WHERE %s ORDER BY id DESC LIMIT %d`, where, limit), userID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list notifications: %w", err)
	}
	defer rows.Close()
	out := []*creatorclub.Notification{}
	for rows.Next() {
		var n creatorclub.Notification
		var read sql.NullTime
		if err := rows.Scan(&n.ID, &n.UserID, &n.Kind, &n.Title, &n.Link, &read, &n.CreatedAt); err != nil {
			return nil, fmt.Errorf("sqldb: scan notification: %w", err)
		}
		n.ReadAt, n.CreatedAt = nullTime(read), n.CreatedAt.UTC()
		out = append(out, &n)
	}
	return out, rows.Err()
}

// CountUnread returns how many notifications the user has not opened.
func (db *DB) CountUnread(ctx context.Context, userID int64) (int, error) {
	var n int
	if err := db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqldb: count unread: %w", err)
	}
	return n, nil
}

// MarkNotificationRead marks one of the user's notifications read and
// returns it; another user's notification is ENOTFOUND.
func (db *DB) MarkNotificationRead(ctx context.Context, userID, id int64) (*creatorclub.Notification, error) {
	var n creatorclub.Notification
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `UPDATE notifications SET read_at = COALESCE(read_at, $1) WHERE id = $2 AND user_id = $3
			RETURNING id, user_id, kind, title, link, created_at`, db.now(), id, userID).Scan(&n.ID, &n.UserID, &n.Kind, &n.Title, &n.Link, &n.CreatedAt)
		if isNoRows(err) {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "notification_not_found")
		} else if err != nil {
			return fmt.Errorf("sqldb: mark notification read: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// MarkAllNotificationsRead marks every notification of the user read.
func (db *DB) MarkAllNotificationsRead(ctx context.Context, userID int64) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`, db.now(), userID); err != nil {
			return fmt.Errorf("sqldb: mark all read: %w", err)
		}
		return nil
	})
}

// LegalSeenAt returns when the user last marked the legal watch seen on
// their home page; the zero time if never.
func (db *DB) LegalSeenAt(ctx context.Context, userID int64) (time.Time, error) {
	var t time.Time
	err := db.Read.QueryRowContext(ctx, `SELECT legal_seen_at FROM home_marks WHERE user_id = $1`, userID).Scan(&t)
	if isNoRows(err) {
		return time.Time{}, nil
	} else if err != nil {
		return time.Time{}, fmt.Errorf("sqldb: legal seen at: %w", err)
	}
	return t.UTC(), nil
}

// MarkLegalSeen records that the user has seen the legal watch up to now.
func (db *DB) MarkLegalSeen(ctx context.Context, userID int64) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO home_marks (user_id, legal_seen_at) VALUES ($1, $2)
			ON CONFLICT (user_id) DO UPDATE SET legal_seen_at = $2`, userID, db.now())
		if err != nil {
			return fmt.Errorf("sqldb: mark legal seen: %w", err)
		}
		return nil
	})
}
