package creatorclub

import "fmt"

// Tables whose rows name a file kept in the file store (DATA_DIR/files or the
// S3 bucket), as FileReference.Table says.
const (
	FileTableEventMaterials   = "event_materials"
	FileTableLessonMaterials  = "lesson_materials"
	FileTableCommitteeVersion = "committee_document_versions"
	FileTableCorpora          = "observatory_corpora"
	FileTableReportFiles      = "observatory_report_files"
)

// FileReference is a row of the database that names a file kept in the file
// store: a material of an event or of a lesson, a version of a committee
// document, an observatory corpus or a file of an observatory report.
type FileReference struct {
	Table       string // one of the FileTable… constants
	ID          int64  // the row's id in Table
	OwnerID     int64  // the event, lesson, committee document, corpus (its own id) or analysis the file belongs to
	Name        string // the file name members see
	ContentType string
	Size        int64  // as recorded at upload
	Key         string // the key in the file store
	SHA256      string // hex, as recorded at upload
}

// String says where members find the file and which row names it, for an
// operator's report: `event 3 (event_materials id 12) "slides.pdf"`.
func (r FileReference) String() string {
	owner := "owner"
	switch r.Table {
	case FileTableEventMaterials:
		owner = "event"
	case FileTableLessonMaterials:
		owner = "lesson"
	case FileTableCommitteeVersion:
		owner = "committee document"
	case FileTableCorpora:
		owner = "observatory corpus"
	case FileTableReportFiles:
		owner = "observatory analysis"
	}
	return fmt.Sprintf("%s %d (%s id %d) %q", owner, r.OwnerID, r.Table, r.ID, r.Name)
}
