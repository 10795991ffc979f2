package sqldb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
)

// SigningKey returns the server's secret for signed links (unsubscribe),
// creating it on first use. It lives in the database so every instance
// shares it and links survive restarts.
func (db *DB) SigningKey(ctx context.Context) ([]byte, error) {
	var v string
	err := db.Read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'signing_key'`).Scan(&v)
	if isNoRows(err) {
		b := make([]byte, 32)
		rand.Read(b)
		err = db.withTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('signing_key', $1) ON CONFLICT (key) DO NOTHING`, hex.EncodeToString(b))
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("sqldb: create signing key: %w", err)
		}
		err = db.Write.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'signing_key'`).Scan(&v)
	}
	if err != nil {
		return nil, fmt.Errorf("sqldb: signing key: %w", err)
	}
	return hex.DecodeString(v)
}

const legalColumns = `id, title, summary, source_url, published_on, effective_on, topics, important, status, created_by,
	created_at, updated_at, published_at, alert_sent_at`

func scanLegal(s rowScanner) (*creatorclub.LegalItem, error) {
	var it creatorclub.LegalItem
	var effective, published, alerted sql.NullTime
	var topics string
	if err := s.Scan(&it.ID, &it.Title, &it.Summary, &it.SourceURL, &it.PublishedOn, &effective, &topics, &it.Important, &it.Status,
		&it.CreatedBy, &it.CreatedAt, &it.UpdatedAt, &published, &alerted); err != nil {
		return nil, err
	}
	it.PublishedOn = dateOnly(it.PublishedOn)
	if effective.Valid {
		d := dateOnly(effective.Time)
		it.EffectiveOn = &d
	}
	it.PublishedAt, it.AlertSentAt = nullTime(published), nullTime(alerted)
	it.Topics = splitList(topics)
	return &it, nil
}

func datePtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return dateOnly(*t)
}

// LegalHook runs in the transaction of a legal item's change; alert is true
// when the item has just been published as important and its alert must go
// out now (the alert is then marked sent in the same transaction).
type LegalHook func(tx *sql.Tx, it *creatorclub.LegalItem, alert bool) error

// SaveLegalItem creates (ID 0) or updates an item. Publishing sets the
// publication time once; the first publication of an important item asks
// the hook to send the alert, exactly once.
func (db *DB) SaveLegalItem(ctx context.Context, it *creatorclub.LegalItem, hook LegalHook) error {
	if err := it.Validate(); err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		if it.ID != 0 {
			old, err := findLegal(ctx, tx, it.ID)
			if err != nil {
				return err
			}
			it.CreatedBy, it.CreatedAt, it.PublishedAt, it.AlertSentAt = old.CreatedBy, old.CreatedAt, old.PublishedAt, old.AlertSentAt
		} else {
			it.CreatedAt = now
		}
		it.UpdatedAt = now
		if it.Status == creatorclub.LegalPublished && it.PublishedAt == nil {
			it.PublishedAt = &now
		}
		alert := it.Status == creatorclub.LegalPublished && it.Important && it.AlertSentAt == nil
		if alert {
			it.AlertSentAt = &now
		}
		args := []any{it.Title, it.Summary, it.SourceURL, dateOnly(it.PublishedOn), datePtr(it.EffectiveOn), strings.Join(it.Topics, "\n"),
			it.Important, it.Status, it.UpdatedAt, utcPtr(it.PublishedAt), utcPtr(it.AlertSentAt)}
		if it.ID == 0 {
			err := tx.QueryRowContext(ctx, `INSERT INTO legal_items (title, summary, source_url, published_on, effective_on, topics, important,
				status, updated_at, published_at, alert_sent_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
				RETURNING id`, append(args, it.CreatedBy, it.CreatedAt)...).Scan(&it.ID)
			if err != nil {
				return fmt.Errorf("sqldb: insert legal item: %w", err)
			}
		} else {
			_, err := tx.ExecContext(ctx, `UPDATE legal_items SET title = $1, summary = $2, source_url = $3, published_on = $4, effective_on = $5,
				topics = $6, important = $7, status = $8, updated_at = $9, published_at = $10, alert_sent_at = $11 WHERE id = $12`, append(args, it.ID)...)
			if err != nil {
				return fmt.Errorf("sqldb: update legal item %d: %w", it.ID, err)
			}
		}
		if hook != nil {
			return hook(tx, it, alert)
		}
		return nil
	})
}

func findLegal(ctx context.Context, q queryer, id int64) (*creatorclub.LegalItem, error) {
	it, err := scanLegal(q.QueryRowContext(ctx, `SELECT `+legalColumns+` FROM legal_items WHERE id = $1`, id))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "legal_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find legal item %d: %w", id, err)
	}
	return it, nil
}

// FindLegalItem returns an item, or ENOTFOUND.
func (db *DB) FindLegalItem(ctx context.Context, id int64) (*creatorclub.LegalItem, error) {
	return findLegal(ctx, db.Read, id)
}

// ListLegalItems returns items matching f, newest publication first, and the total.
func (db *DB) ListLegalItems(ctx context.Context, f creatorclub.LegalFilter) ([]*creatorclub.LegalItem, int, error) {
	var where []string
	var args []any
	if len(f.Statuses) > 0 {
		var ph []string
		for _, s := range f.Statuses {
			args = append(args, s)
			ph = append(ph, fmt.Sprintf("$%d", len(args)))
		}
		where = append(where, "status IN ("+strings.Join(ph, ",")+")")
	}
	if f.Topic != "" {
		// Topics are stored one per line; match a whole line.
		args = append(args, "%"+escapeLike(f.Topic)+"%")
		where = append(where, fmt.Sprintf(`(CHAR(10) || topics || CHAR(10)) LIKE $%d ESCAPE '\'`, len(args)))
		args[len(args)-1] = "%\n" + escapeLike(f.Topic) + "\n%"
	}
	if f.Important {
		args = append(args, true)
		where = append(where, fmt.Sprintf("important = $%d", len(args)))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		args = append(args, "%"+escapeLike(strings.ToLower(q))+"%")
		where = append(where, fmt.Sprintf(`(LOWER(title) LIKE $%d ESCAPE '\' OR LOWER(summary) LIKE $%d ESCAPE '\')`, len(args), len(args)))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	if db.Engine == Postgres {
		cond = strings.ReplaceAll(cond, "CHAR(10)", "CHR(10)")
	}
	var total int
	if err := db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM legal_items`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("sqldb: count legal items: %w", err)
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 30
	}
	rows, err := db.Read.QueryContext(ctx, fmt.Sprintf(`SELECT %s FROM legal_items%s ORDER BY published_on DESC, id DESC LIMIT %d OFFSET %d`,
		legalColumns, cond, limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("sqldb: list legal items: %w", err)
	}
	defer rows.Close()
	out := []*creatorclub.LegalItem{}
	for rows.Next() {
		it, err := scanLegal(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("sqldb: scan legal item: %w", err)
		}
		out = append(out, it)
	}
	return out, total, rows.Err()
}

// AlertRecipients returns the members who get legal alerts: certified
// today, with the alerts on.
func (db *DB) AlertRecipients(ctx context.Context, tx *sql.Tx) ([]*creatorclub.User, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE deleted_at IS NULL AND role = 'member'
		AND legal_alerts = $1 AND cert_status = 'active' AND cert_expires_on >= $2 ORDER BY id`, true, dateOnly(db.now()))
	if err != nil {
		return nil, fmt.Errorf("sqldb: alert recipients: %w", err)
	}
	defer rows.Close()
	var out []*creatorclub.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan recipient: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// AddImportedItems stores fetched feed entries in the review queue, skipping
// those already known (same feed and GUID), and returns how many were new.
func (db *DB) AddImportedItems(ctx context.Context, feedURL string, items []creatorclub.ImportedItem) (int, error) {
	n := 0
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		for _, it := range items {
			res, err := tx.ExecContext(ctx, `INSERT INTO legal_imports (feed_url, guid, title, summary, link, published_at, fetched_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (feed_url, guid) DO NOTHING`,
				feedURL, it.GUID, it.Title, it.Summary, it.Link, utc(it.PublishedAt), now)
			if err != nil {
				return fmt.Errorf("sqldb: add imported item: %w", err)
			}
			k, _ := res.RowsAffected()
			n += int(k)
		}
		return nil
	})
	return n, err
}

const importColumns = `id, feed_url, guid, title, summary, link, published_at, status, COALESCE(legal_item_id, 0), fetched_at`

func scanImport(s rowScanner) (*creatorclub.ImportedItem, error) {
	var it creatorclub.ImportedItem
	if err := s.Scan(&it.ID, &it.FeedURL, &it.GUID, &it.Title, &it.Summary, &it.Link, &it.PublishedAt, &it.Status, &it.LegalItemID, &it.FetchedAt); err != nil {
		return nil, err
	}
	it.PublishedAt, it.FetchedAt = it.PublishedAt.UTC(), it.FetchedAt.UTC()
	return &it, nil
}

// ListImports returns the review queue (pending first, newest first).
func (db *DB) ListImports(ctx context.Context, status string, limit int) ([]*creatorclub.ImportedItem, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := db.Read.QueryContext(ctx, fmt.Sprintf(`SELECT %s FROM legal_imports WHERE status = $1 ORDER BY published_at DESC, id DESC LIMIT %d`, importColumns, limit), status)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list imports: %w", err)
	}
	defer rows.Close()
	out := []*creatorclub.ImportedItem{}
	for rows.Next() {
		it, err := scanImport(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan import: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// FindImport returns one queued entry, or ENOTFOUND.
func (db *DB) FindImport(ctx context.Context, id int64) (*creatorclub.ImportedItem, error) {
	it, err := scanImport(db.Read.QueryRowContext(ctx, `SELECT `+importColumns+` FROM legal_imports WHERE id = $1`, id))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "import_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find import: %w", err)
	}
	return it, nil
}

// ReviewImport records a moderator's decision on a queued entry: discarded,
// or accepted as the draft legal item itemID. A decided entry cannot be
// decided again (ECONFLICT).
func (db *DB) ReviewImport(ctx context.Context, id int64, status string, itemID, reviewer int64) error {
	if status != creatorclub.ImportAccepted && status != creatorclub.ImportDiscarded {
		return creatorclub.Errorf(creatorclub.EINVALID, "import_status_invalid")
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		var item any
		if itemID != 0 {
			item = itemID
		}
		res, err := tx.ExecContext(ctx, `UPDATE legal_imports SET status = $1, legal_item_id = $2, reviewed_by = $3, reviewed_at = $4
			WHERE id = $5 AND status = 'pending'`, status, item, reviewer, db.now(), id)
		if err != nil {
			return fmt.Errorf("sqldb: review import: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "import_already_reviewed")
		}
		return nil
	})
}
