package creatorclub

import (
	"net/url"
	"slices"
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
	AuditAnalysisDelete  = "observatory.analysis_delete"
	AuditPostReview      = "observatory.post_review"
	AuditReviewReport    = "observatory.review_report"
)

// DeletedAnalysis names the files of the file store that a deleted
// analysis left without a row: its report's files and, when it was the
// corpus's last analysis, the corpus. The database forgets them first, so
// that no row ever names a missing file; the caller then deletes them.
type DeletedAnalysis struct {
	ReportKeys []string
	// CorpusKey is "" when other analyses still use the corpus.
	CorpusKey string
}

// Corpus is a file of influencer posts uploaded by staff for the
// observatory. The file itself is kept in the file store under Key.
type Corpus struct {
	ID          int64
	Title       string
	FileName    string // the uploaded file's name, sanitised
	Key         string // the file's key in the file store
	ContentType string // application/gzip or text/plain; "" for a corpus not yet moved from DATA_DIR/observatory
	Size        int64
	SHA256      string
	Format      string // jsonl, csv, youtube, instagram; "" when guessed from the bytes
	Mapping     string // CSV column mapping, field=column,…
	UploadedBy  int64
	UploadedAt  time.Time
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
	Error        string // why it failed, for the analyst (see AnalysisFailure)
	ReportKey    string // random name of the report (its files are ReportFiles)
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

// ReportFile is a file of the report of a finished analysis (report.html,
// summary.json, a CSV table…), kept in the file store under Key.
type ReportFile struct {
	ID          int64
	AnalysisID  int64
	Name        string // report.html, summary.json…: the name the pages ask for
	ContentType string
	Size        int64
	Key         string
	SHA256      string // hex
}

// analysisFailurePrefix marks a stored failure that is a message key.
const analysisFailurePrefix = "i18n:"

// AnalysisFailure encodes why an analysis failed for CorpusAnalysis.Error: a
// message key and its values, so that the page says it in the reader's
// language ("i18n:key?after=120&unit=line").
func AnalysisFailure(key string, values map[string]string) string {
	v := url.Values{}
	for k, x := range values {
		v.Set(k, x)
	}
	s := analysisFailurePrefix + key
	if len(v) > 0 {
		s += "?" + v.Encode()
	}
	return s
}

// ParseAnalysisFailure decodes what AnalysisFailure encoded; ok is false
// for a failure stored as plain text.
func ParseAnalysisFailure(s string) (key string, values map[string]string, ok bool) {
	rest, found := strings.CutPrefix(s, analysisFailurePrefix)
	if !found {
		return "", nil, false
	}
	key, query, _ := strings.Cut(rest, "?")
	q, err := url.ParseQuery(query)
	if err != nil || key == "" {
		return "", nil, false
	}
	values = map[string]string{}
	for k := range q {
		values[k] = q.Get(k)
	}
	return key, values, true
}

// PostReview is an analyst's own verdict on a post of a corpus, given
// without seeing the engine's: the review sample of an analysis is labelled
// so, and the engine is measured against these verdicts on the corpus at
// hand. It belongs to the corpus, not to one analysis of it.
type PostReview struct {
	CorpusID   int64
	PostID     string
	Commercial bool
	Disclosure string // compliant, improvable or non_compliant; "" when not commercial
	Note       string // optional: why, for whoever tunes the rules
	ReviewerID int64
	ReviewedAt time.Time
	// Second marks a second reading of a post already reviewed, by
	// another analyst who did not see the first verdict: it measures how
	// far analysts agree, and the first verdict alone counts in the
	// corrected shares.
	Second bool
	// Settled marks the verdict that settles a post whose two readings
	// differ, given by an analyst who saw both: it replaces the first in
	// the corrected shares, and the two readings stay as given.
	Settled bool
	// Sectors are the restricted sectors the reviewer saw the post promote
	// (names of the rule set's sectors, sorted); SectorsReviewed says the
	// reviewer was asked, which verdicts given before the form asked were
	// not.
	Sectors         []string
	SectorsReviewed bool
}

// The verdicts a review gives: not commercial, or commercial with one of
// the three disclosure classes.
const (
	VerdictNotCommercial = "not_commercial"
	VerdictCompliant     = "compliant"
	VerdictImprovable    = "improvable"
	VerdictNonCompliant  = "non_compliant"
)

// SetVerdict sets Commercial and Disclosure from one of the four verdicts,
// or returns EINVALID.
func (r *PostReview) SetVerdict(v string) error {
	switch v {
	case VerdictNotCommercial:
		r.Commercial, r.Disclosure = false, ""
	case VerdictCompliant, VerdictImprovable, VerdictNonCompliant:
		r.Commercial, r.Disclosure = true, v
	default:
		return Errorf(EINVALID, "observatory_review_verdict_invalid")
	}
	return nil
}

// Verdict returns the review as one of the four verdicts.
func (r PostReview) Verdict() string {
	if !r.Commercial {
		return VerdictNotCommercial
	}
	return r.Disclosure
}

// Validate checks a review before it is stored and returns EINVALID with a
// message id.
func (r *PostReview) Validate() error {
	r.Note = strings.TrimSpace(r.Note)
	switch {
	case r.PostID == "" || len(r.PostID) > 500:
		return Errorf(EINVALID, "observatory_review_post_invalid")
	case r.Commercial != (r.Disclosure != ""):
		return Errorf(EINVALID, "observatory_review_verdict_invalid")
	case r.Commercial && r.Disclosure != VerdictCompliant && r.Disclosure != VerdictImprovable && r.Disclosure != VerdictNonCompliant:
		return Errorf(EINVALID, "observatory_review_verdict_invalid")
	case utf8.RuneCountInString(r.Note) > 2000:
		return Errorf(EINVALID, "observatory_review_note_invalid")
	case r.Second && r.Settled:
		return Errorf(EINVALID, "observatory_review_reading_invalid")
	case len(r.Sectors) > 0 && !r.SectorsReviewed || len(r.Sectors) > 32:
		return Errorf(EINVALID, "observatory_review_sector_invalid")
	}
	slices.Sort(r.Sectors)
	for i, s := range r.Sectors {
		if s == "" || len(s) > 64 || strings.Trim(s, "abcdefghijklmnopqrstuvwxyz_") != "" || i > 0 && r.Sectors[i-1] == s {
			return Errorf(EINVALID, "observatory_review_sector_invalid")
		}
	}
	return nil
}
