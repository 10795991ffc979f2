package creatorclub

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Statuses of an observatory analysis.
const (
	AnalysisQueued  = "queued"
	AnalysisRunning = "running"
	AnalysisDone    = "done"
	AnalysisFailed  = "failed"
)

// Audit actions of the observatory.
const (
	AuditCorpusUpload    = "observatory.corpus_upload"
	AuditReportPublish   = "observatory.report_publish"
	AuditReportUnpublish = "observatory.report_unpublish"
	AuditAnalysisRerun   = "observatory.analysis_rerun"
)

// Corpus is a file of influencer posts uploaded by staff for the
// observatory. The file itself lives in the data directory under Key.
type Corpus struct {
	ID         int64
	Title      string
	FileName   string // the uploaded file's name, sanitised
	Key        string // random directory name in the observatory's data directory
	Size       int64
	SHA256     string
	Format     string // jsonl, csv, youtube, instagram; "" when guessed from the bytes
	Mapping    string // CSV column mapping, field=column,…
	UploadedBy int64
	UploadedAt time.Time
}

// Validate checks a corpus before it is stored and returns EINVALID with a
// message id.
func (c *Corpus) Validate() error {
	c.Title = strings.TrimSpace(c.Title)
	switch {
	case c.Title == "" || utf8.RuneCountInString(c.Title) > 200:
		return Errorf(EINVALID, "observatory_title_invalid")
	case c.Format != "" && c.Format != "jsonl" && c.Format != "csv" && c.Format != "youtube" && c.Format != "instagram":
		return Errorf(EINVALID, "observatory_format_invalid")
	case len(c.Mapping) > 1000:
		return Errorf(EINVALID, "observatory_mapping_invalid")
	}
	return nil
}

// CorpusAnalysis is one run of the observatory on a corpus, and the report
// it produced. Figures are filled when it is done.
type CorpusAnalysis struct {
	ID           int64
	CorpusID     int64
	Corpus       *Corpus // filled by the store when listing
	Cutoff       time.Time
	Status       string
	Progress     float64 // 0–1
	Posts        int64
	BadRecords   int64
	Error        string // why it failed, for the analyst
	ReportKey    string // directory of the report in the observatory's data directory
	Commercial   float64
	Compliant    float64 // share of commercial posts
	Improvable   float64
	NonCompliant float64
	CreatedBy    int64
	CreatedAt    time.Time
	StartedAt    *time.Time
	FinishedAt   *time.Time
	PublishedAt  *time.Time // on the public page /observatoire when set
}
