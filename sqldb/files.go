package sqldb

import (
	"context"
	"fmt"

	"github.com/creatorclub/creatorclub"
)

// ListFileReferences returns every row that names a file of the file store —
// event materials, lesson materials and committee document versions (old
// versions included: members can still download them) — by table, then id.
// One query reads them all, so the list is a consistent snapshot. Observatory
// corpora are not in it: they live in DATA_DIR/observatory whatever the
// storage of uploaded files, and safety desk attachments are kept sealed in
// the database itself.
func (db *DB) ListFileReferences(ctx context.Context) ([]creatorclub.FileReference, error) {
	rows, err := db.Read.QueryContext(ctx, `
		SELECT 'event_materials', id, event_id, name, content_type, size, file_key, sha256 FROM event_materials
		UNION ALL
		SELECT 'lesson_materials', id, lesson_id, name, content_type, size, file_key, sha256 FROM lesson_materials
		UNION ALL
		SELECT 'committee_document_versions', id, document_id, name, content_type, size, file_key, sha256 FROM committee_document_versions
		ORDER BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list file references: %w", err)
	}
	defer rows.Close()
	out := []creatorclub.FileReference{}
	for rows.Next() {
		var r creatorclub.FileReference
		if err := rows.Scan(&r.Table, &r.ID, &r.OwnerID, &r.Name, &r.ContentType, &r.Size, &r.Key, &r.SHA256); err != nil {
			return nil, fmt.Errorf("sqldb: scan file reference: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: list file references: %w", err)
	}
	return out, nil
}
