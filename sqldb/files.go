package sqldb

import (
	"context"
	"fmt"

	"github.com/creatorclub/creatorclub"
)

// ListFileReferences returns every row that names a file of the file store —
// event materials, lesson materials, committee document versions (old
// versions included: members can still download them), observatory corpora
// and the files of observatory reports — by table, then id. One query reads
// them all, so the list is a consistent snapshot. Safety desk attachments
// are not in it: they are kept sealed in the database itself. A corpus
// uploaded before the observatory used the file store is listed with its
// old key (and an empty content type) until the instance whose data
// directory holds it has moved it. "creatorclub files migrate" copies the
// files it lists and "creatorclub files sweep" deletes those it does not:
// a table naming files must be in it.
func (db *DB) ListFileReferences(ctx context.Context) ([]creatorclub.FileReference, error) {
	rows, err := db.Read.QueryContext(ctx, `
		SELECT 'event_materials', id, event_id, name, content_type, size, file_key, sha256 FROM event_materials
		UNION ALL
		SELECT 'lesson_materials', id, lesson_id, name, content_type, size, file_key, sha256 FROM lesson_materials
		UNION ALL
		SELECT 'committee_document_versions', id, document_id, name, content_type, size, file_key, sha256 FROM committee_document_versions
		UNION ALL
		SELECT 'observatory_corpora', id, id, file_name, content_type, size_bytes, file_key, sha256 FROM observatory_corpora
		UNION ALL
		SELECT 'observatory_report_files', id, analysis_id, name, content_type, size, file_key, sha256 FROM observatory_report_files
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
