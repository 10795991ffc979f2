package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/creatorclub/creatorclub"
)

// Record appends an entry to the audit log in its own transaction.
func (db *DB) Record(ctx context.Context, e *creatorclub.AuditEntry) error {
	return db.withTx(ctx, func(tx *sql.Tx) error { return db.recordAudit(ctx, tx, e) })
}

// recordAudit appends e inside tx. Appends are serialised so that each entry
// links to the one before: SQLite has a single writer; on PostgreSQL a
// transaction-scoped advisory lock orders concurrent appenders.
func (db *DB) recordAudit(ctx context.Context, tx *sql.Tx, e *creatorclub.AuditEntry) error {
	if db.Engine == Postgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7041975)`); err != nil {
			return fmt.Errorf("sqldb: lock audit log: %w", err)
		}
	}
	var lastID sql.NullInt64
	var lastHash sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&lastID, &lastHash)
	if err != nil && !isNoRows(err) {
		return fmt.Errorf("sqldb: read audit tail: %w", err)
	}
	e.ID = lastID.Int64 + 1
	e.PrevHash = lastHash.String
	e.At = db.now()
	e.Hash = e.ComputeHash()
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (id, at, actor_id, actor_email, action, target_type, target_id, detail, ip, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		e.ID, e.At, e.ActorID, e.ActorEmail, e.Action, e.TargetType, e.TargetID, e.Detail, e.IP, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("sqldb: append audit entry: %w", err)
	}
	return nil
}

const auditColumns = `id, at, actor_id, actor_email, action, target_type, target_id, detail, ip, prev_hash, hash`

func scanAudit(s rowScanner) (*creatorclub.AuditEntry, error) {
	var e creatorclub.AuditEntry
	if err := s.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorEmail, &e.Action, &e.TargetType, &e.TargetID, &e.Detail, &e.IP, &e.PrevHash, &e.Hash); err != nil {
		return nil, err
	}
	e.At = e.At.UTC()
	return &e, nil
}

// ListAudit returns entries newest first and the total count matching.
func (db *DB) ListAudit(ctx context.Context, f creatorclub.AuditFilter) ([]*creatorclub.AuditEntry, int, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.Action != "" {
		add(`action LIKE $%d ESCAPE '\'`, escapeLike(f.Action)+"%")
	}
	if f.ActorID != 0 {
		add("actor_id = $%d", f.ActorID)
	}
	if f.Target != "" {
		add("target_id = $%d", f.Target)
	}
	if !f.Since.IsZero() {
		add("at >= $%d", f.Since.UTC())
	}
	if !f.Until.IsZero() {
		add("at < $%d", f.Until.UTC())
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("sqldb: count audit: %w", err)
	}
	limit, offset := f.Limit, f.Offset
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	if offset < 0 {
		offset = 0
	}
	rows, err := db.Read.QueryContext(ctx, fmt.Sprintf(`SELECT %s FROM audit_log%s ORDER BY id DESC LIMIT %d OFFSET %d`, auditColumns, cond, limit, offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("sqldb: list audit: %w", err)
	}
	defer rows.Close()
	entries := []*creatorclub.AuditEntry{}
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("sqldb: scan audit: %w", err)
		}
		entries = append(entries, e)
	}
	return entries, total, rows.Err()
}

// VerifyAudit walks the chain in order and returns the number of entries
// checked and the first broken link: a changed entry (its hash no longer
// matches), a removed or reordered one (its previous hash does not match the
// entry before, or its id is not the next number).
func (db *DB) VerifyAudit(ctx context.Context) (int, *creatorclub.AuditProblem, error) {
	rows, err := db.Read.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log ORDER BY id`)
	if err != nil {
		return 0, nil, fmt.Errorf("sqldb: verify audit: %w", err)
	}
	defer rows.Close()
	n := 0
	prevHash, prevID := "", int64(0)
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return n, nil, fmt.Errorf("sqldb: scan audit: %w", err)
		}
		n++
		switch {
		case e.ID != prevID+1:
			return n, &creatorclub.AuditProblem{EntryID: e.ID, Reason: fmt.Sprintf("entry %d follows entry %d: entries are missing", e.ID, prevID)}, nil
		case e.PrevHash != prevHash:
			return n, &creatorclub.AuditProblem{EntryID: e.ID, Reason: "previous-hash link broken: the entry before was changed or removed"}, nil
		case e.ComputeHash() != e.Hash:
			return n, &creatorclub.AuditProblem{EntryID: e.ID, Reason: "hash mismatch: the entry was changed"}, nil
		}
		prevHash, prevID = e.Hash, e.ID
	}
	if err := rows.Err(); err != nil {
		return n, nil, fmt.Errorf("sqldb: verify audit: %w", err)
	}
	return n, nil, nil
}
