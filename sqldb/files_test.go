package sqldb_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

func TestListFileReferences(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		if refs, err := db.ListFileReferences(ctx); err != nil || len(refs) != 0 {
			t.Fatalf("empty club: %v %v", refs, err)
		}
		ev := newEvent(t, db, 10)
		mat := &creatorclub.Material{EventID: ev.ID, Name: "supports.pdf", ContentType: "application/pdf", Size: 1234,
			Key: "eventkeyeventkeyeventkey22", SHA256: "e1", UploadedBy: ev.CreatedBy}
		if err := db.AddMaterial(ctx, mat); err != nil {
			t.Fatal(err)
		}
		c := newCourse(t, db, nil, 0)
		lm := &creatorclub.LessonMaterial{LessonID: c.Lessons[0].ID, Name: "fiche.txt", ContentType: "text/plain", Size: 5,
			Key: "lessonkeylessonkeylessonk", SHA256: "l1"}
		if err := db.AddLessonMaterial(ctx, lm); err != nil {
			t.Fatal(err)
		}
		m := members(t, db, 1)[0]
		d := &creatorclub.CommitteeDocument{Title: "Ordre du jour", CreatedBy: m.ID}
		v1 := &creatorclub.DocumentVersion{Name: "odj.pdf", ContentType: "application/pdf", Size: 10, Key: "committeekeyversiononeaaa", SHA256: "c1", UploadedBy: m.ID}
		if err := db.CreateDocument(ctx, d, v1, nil); err != nil {
			t.Fatal(err)
		}
		v2 := &creatorclub.DocumentVersion{DocumentID: d.ID, Name: "odj-v2.pdf", ContentType: "application/pdf", Size: 11, Key: "committeekeyversiontwobbb", SHA256: "c2", UploadedBy: m.ID}
		if err := db.AddDocumentVersion(ctx, v2, nil); err != nil {
			t.Fatal(err)
		}

		refs, err := db.ListFileReferences(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// The replaced version stays: its history page still offers it.
		want := []creatorclub.FileReference{
			{Table: creatorclub.FileTableCommitteeVersion, ID: v1.ID, OwnerID: d.ID, Name: "odj.pdf", ContentType: "application/pdf", Size: 10, Key: v1.Key, SHA256: "c1"},
			{Table: creatorclub.FileTableCommitteeVersion, ID: v2.ID, OwnerID: d.ID, Name: "odj-v2.pdf", ContentType: "application/pdf", Size: 11, Key: v2.Key, SHA256: "c2"},
			{Table: creatorclub.FileTableEventMaterials, ID: mat.ID, OwnerID: ev.ID, Name: "supports.pdf", ContentType: "application/pdf", Size: 1234, Key: mat.Key, SHA256: "e1"},
			{Table: creatorclub.FileTableLessonMaterials, ID: lm.ID, OwnerID: lm.LessonID, Name: "fiche.txt", ContentType: "text/plain", Size: 5, Key: lm.Key, SHA256: "l1"},
		}
		if !slices.Equal(refs, want) {
			t.Errorf("references:\n got %+v\nwant %+v", refs, want)
		}
		if got, want := refs[2].String(), fmt.Sprintf(`event %d (event_materials id %d) "supports.pdf"`, ev.ID, mat.ID); got != want {
			t.Errorf("String: %s", got)
		}
	})
}

// TestEveryFileKeyColumnIsListed guards the file migration: a new table
// naming files of the store (in a file_key column, as the others do) must be
// added to ListFileReferences, or "creatorclub files migrate" would leave its
// files behind.
func TestEveryFileKeyColumnIsListed(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		query := `SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
			WHERE m.type = 'table' AND p.name = 'file_key' ORDER BY 1`
		if db.Engine == sqldb.Postgres {
			query = `SELECT table_name FROM information_schema.columns
				WHERE table_schema = current_schema() AND column_name = 'file_key' ORDER BY 1`
		}
		rows, err := db.Read.QueryContext(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var tables []string
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				t.Fatal(err)
			}
			tables = append(tables, name)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		// observatory_corpora: the corpus lives in DATA_DIR/observatory, not
		// in the file store.
		want := []string{creatorclub.FileTableCommitteeVersion, creatorclub.FileTableEventMaterials, creatorclub.FileTableLessonMaterials, "observatory_corpora"}
		if !slices.Equal(tables, want) {
			t.Errorf("tables with a file key column: %v; ListFileReferences covers %v (and observatory_corpora is apart): update it", tables, want)
		}
	})
}
