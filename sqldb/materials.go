package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/creatorclub/creatorclub"
)

// AddMaterial records a file attached to an event.
func (db *DB) AddMaterial(ctx context.Context, m *creatorclub.Material) error {
	m.CreatedAt = db.now()
	return db.withTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO event_materials (event_id, name, content_type, size, file_key, sha256, uploaded_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			m.EventID, m.Name, m.ContentType, m.Size, m.Key, m.SHA256, m.UploadedBy, m.CreatedAt).Scan(&m.ID)
		if err != nil {
			return fmt.Errorf("sqldb: add material: %w", err)
		}
		return nil
	})
}

const materialColumns = `id, event_id, name, content_type, size, file_key, sha256, uploaded_by, created_at`

func scanMaterial(s rowScanner) (*creatorclub.Material, error) {
	var m creatorclub.Material
	if err := s.Scan(&m.ID, &m.EventID, &m.Name, &m.ContentType, &m.Size, &m.Key, &m.SHA256, &m.UploadedBy, &m.CreatedAt); err != nil {
		return nil, err
	}
	m.CreatedAt = m.CreatedAt.UTC()
	return &m, nil
}

// ListMaterials returns an event's files, oldest first.
func (db *DB) ListMaterials(ctx context.Context, eventID int64) ([]*creatorclub.Material, error) {
	rows, err := db.Read.QueryContext(ctx, `SELECT `+materialColumns+` FROM event_materials WHERE event_id = $1 ORDER BY id`, eventID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list materials: %w", err)
	}
	defer rows.Close()
	out := []*creatorclub.Material{}
	for rows.Next() {
		m, err := scanMaterial(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan material: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// FindMaterial returns one file of an event, or ENOTFOUND.
func (db *DB) FindMaterial(ctx context.Context, eventID, id int64) (*creatorclub.Material, error) {
	m, err := scanMaterial(db.Read.QueryRowContext(ctx, `SELECT `+materialColumns+` FROM event_materials WHERE event_id = $1 AND id = $2`, eventID, id))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "material_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find material: %w", err)
	}
	return m, nil
}

// DeleteMaterial removes a file's record; the caller removes the file.
func (db *DB) DeleteMaterial(ctx context.Context, eventID, id int64) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM event_materials WHERE event_id = $1 AND id = $2`, eventID, id)
		if err != nil {
			return fmt.Errorf("sqldb: delete material: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "material_not_found")
		}
		return nil
	})
}
