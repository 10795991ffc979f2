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

		corpus := &creatorclub.Corpus{Title: "Instagram 2023", FileName: "posts.jsonl.gz", Key: "corpuskeycorpuskeycorpusk", ContentType: "application/gzip",
			Size: 99, SHA256: "o1"}
		analysis := &creatorclub.CorpusAnalysis{Cutoff: now0, ReportKey: "reportkey"}
		if err := db.CreateCorpusAnalysis(ctx, corpus, analysis, nil, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.StartAnalysis(ctx, analysis.ID); err != nil {
			t.Fatal(err)
		}
		report := []creatorclub.ReportFile{{Name: "report.html", ContentType: "text/html; charset=utf-8", Size: 42, Key: "reportfilekeyreportfileke", SHA256: "r1"}}
		if err := db.FinishAnalysis(ctx, analysis.ID, sqldb.AnalysisFigures{Posts: 1}, report); err != nil {
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
			{Table: creatorclub.FileTableCorpora, ID: corpus.ID, OwnerID: corpus.ID, Name: "posts.jsonl.gz", ContentType: "application/gzip", Size: 99, Key: corpus.Key, SHA256: "o1"},
			{Table: creatorclub.FileTableReportFiles, ID: report[0].ID, OwnerID: analysis.ID, Name: "report.html", ContentType: "text/html; charset=utf-8", Size: 42,
				Key: report[0].Key, SHA256: "r1"},
		}
		if !slices.Equal(refs, want) {
			t.Errorf("references:\n got %+v\nwant %+v", refs, want)
		}
		var listed []string
		for _, r := range refs {
			if !slices.Contains(listed, r.Table) {
				listed = append(listed, r.Table)
			}
		}
		if !slices.Equal(listed, fileKeyTables) {
			t.Errorf("ListFileReferences lists files of %v, want one of each of %v", listed, fileKeyTables)
		}
		if got, want := want[2].String(), fmt.Sprintf(`event %d (event_materials id %d) "supports.pdf"`, ev.ID, mat.ID); got != want {
			t.Errorf("String: %s", got)
		}
		if got, want := want[5].String(), fmt.Sprintf(`observatory analysis %d (observatory_report_files id %d) "report.html"`, analysis.ID, report[0].ID); got != want {
			t.Errorf("String: %s", got)
		}
	})
}

// fileKeyTables are the tables with a file_key column, in their order in
// ListFileReferences: TestListFileReferences checks that it lists a file of
// each, TestEveryFileKeyColumnIsListed that there are no others.
var fileKeyTables = []string{creatorclub.FileTableCommitteeVersion, creatorclub.FileTableEventMaterials, creatorclub.FileTableLessonMaterials,
	creatorclub.FileTableCorpora, creatorclub.FileTableReportFiles}

// TestEveryFileKeyColumnIsListed guards the file migration and the sweep:
// a new table naming files of the store (in a file_key column, as the
// others do) must be added to ListFileReferences, or "creatorclub files
// migrate" would leave its files behind and "creatorclub files sweep" would
// delete them. A key column of another name must be one known not to name
// files of the store.
func TestEveryFileKeyColumnIsListed(t *testing.T) {
	// Columns named like keys that do not name files of the store.
	notFiles := []string{
		"observatory_analyses.report_key", // the report's name (its directory before the file store), not a key of the store
		"settings.key",                    // a setting's name
	}
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		query := `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
			WHERE m.type = 'table' AND p.name LIKE '%key%' ORDER BY 1, 2`
		if db.Engine == sqldb.Postgres {
			query = `SELECT table_name, column_name FROM information_schema.columns
				WHERE table_schema = current_schema() AND column_name LIKE '%key%' ORDER BY 1, 2`
		}
		rows, err := db.Read.QueryContext(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var tables, others []string
		for rows.Next() {
			var table, column string
			if err := rows.Scan(&table, &column); err != nil {
				t.Fatal(err)
			}
			if column == "file_key" {
				tables = append(tables, table)
			} else {
				others = append(others, table+"."+column)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		slices.Sort(tables)
		want := slices.Sorted(slices.Values(fileKeyTables))
		if !slices.Equal(tables, want) {
			t.Errorf("tables with a file key column: %v; ListFileReferences covers %v: update it, and fileKeyTables", tables, want)
		}
		if !slices.Equal(others, notFiles) {
			t.Errorf("other key columns: %v, known not to name files of the store: %v; if a new one names files, add its table to ListFileReferences", others, notFiles)
		}
	})
}
