package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
)

const analysisColumns = `a.id, a.corpus_id, a.cutoff, a.status, a.progress, a.posts, a.bad_records, a.error, a.report_key,
	a.commercial, a.compliant, a.improvable, a.non_compliant, a.created_by, a.created_at, a.started_at, a.finished_at, a.published_at,
	c.id, c.title, c.file_name, c.file_key, c.content_type, c.size_bytes, c.sha256, c.format, c.mapping, c.uploaded_by, c.uploaded_at`

const analysisFrom = ` FROM observatory_analyses a JOIN observatory_corpora c ON c.id = a.corpus_id`

func scanAnalysis(s rowScanner) (*creatorclub.CorpusAnalysis, error) {
	var a creatorclub.CorpusAnalysis
	var c creatorclub.Corpus
	var createdBy, uploadedBy sql.NullInt64
	var started, finished, published sql.NullTime
	if err := s.Scan(&a.ID, &a.CorpusID, &a.Cutoff, &a.Status, &a.Progress, &a.Posts, &a.BadRecords, &a.Error, &a.ReportKey,
		&a.Commercial, &a.Compliant, &a.Improvable, &a.NonCompliant, &createdBy, &a.CreatedAt, &started, &finished, &published,
		&c.ID, &c.Title, &c.FileName, &c.Key, &c.ContentType, &c.Size, &c.SHA256, &c.Format, &c.Mapping, &uploadedBy, &c.UploadedAt); err != nil {
		return nil, err
	}
	a.Cutoff = dateOnly(a.Cutoff)
	a.CreatedAt, c.UploadedAt = a.CreatedAt.UTC(), c.UploadedAt.UTC()
	a.CreatedBy, c.UploadedBy = createdBy.Int64, uploadedBy.Int64
	a.StartedAt, a.FinishedAt, a.PublishedAt = nullTime(started), nullTime(finished), nullTime(published)
	a.Corpus = &c
	return &a, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// CreateCorpusAnalysis stores an uploaded corpus and its first analysis
// (status queued), records audit when not nil, and calls enqueue with the
// analysis's id, all in one transaction: if queueing the job fails, nothing
// is stored. It fills the ids and times of c and a.
func (db *DB) CreateCorpusAnalysis(ctx context.Context, c *creatorclub.Corpus, a *creatorclub.CorpusAnalysis, audit *creatorclub.AuditEntry,
	enqueue func(tx *sql.Tx, analysisID int64) error) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		c.UploadedAt = now
		err := tx.QueryRowContext(ctx, `INSERT INTO observatory_corpora (title, file_name, file_key, content_type, size_bytes, sha256, format, mapping, uploaded_by, uploaded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			c.Title, c.FileName, c.Key, c.ContentType, c.Size, c.SHA256, c.Format, c.Mapping, nullID(c.UploadedBy), now).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("sqldb: insert corpus: %w", err)
		}
		if err := db.insertAnalysis(ctx, tx, c, a); err != nil {
			return err
		}
		if audit != nil {
			audit.TargetType, audit.TargetID = "observatory_analysis", fmt.Sprint(a.ID)
			if err := db.recordAudit(ctx, tx, audit); err != nil {
				return err
			}
		}
		if enqueue != nil {
			return enqueue(tx, a.ID)
		}
		return nil
	})
}

// CreateAnalysis adds a new analysis of an existing corpus (another
// cut-off, new rules), with audit and its job, in one transaction. It
// returns ENOTFOUND when the corpus does not exist.
func (db *DB) CreateAnalysis(ctx context.Context, corpusID int64, a *creatorclub.CorpusAnalysis, audit *creatorclub.AuditEntry,
	enqueue func(tx *sql.Tx, analysisID int64) error) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		var c creatorclub.Corpus
		var uploadedBy sql.NullInt64
		// On PostgreSQL the corpus is held until commit, against
		// DeleteAnalysis deleting it meanwhile as its last analysis's: one
		// waits for the other, and a corpus deleted first is not found.
		lock := ""
		if db.Engine == Postgres {
			lock = " FOR SHARE"
		}
		err := tx.QueryRowContext(ctx, `SELECT id, title, file_name, file_key, content_type, size_bytes, sha256, format, mapping, uploaded_by, uploaded_at
			FROM observatory_corpora WHERE id = $1`+lock, corpusID).Scan(&c.ID, &c.Title, &c.FileName, &c.Key, &c.ContentType, &c.Size, &c.SHA256, &c.Format, &c.Mapping,
			&uploadedBy, &c.UploadedAt)
		if isNoRows(err) {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "observatory_report_not_found")
		}
		if err != nil {
			return fmt.Errorf("sqldb: find corpus %d: %w", corpusID, err)
		}
		c.UploadedBy, c.UploadedAt = uploadedBy.Int64, c.UploadedAt.UTC()
		if err := db.insertAnalysis(ctx, tx, &c, a); err != nil {
			return err
		}
		if audit != nil {
			audit.TargetType, audit.TargetID = "observatory_analysis", fmt.Sprint(a.ID)
			if err := db.recordAudit(ctx, tx, audit); err != nil {
				return err
			}
		}
		if enqueue != nil {
			return enqueue(tx, a.ID)
		}
		return nil
	})
}

func (db *DB) insertAnalysis(ctx context.Context, tx *sql.Tx, c *creatorclub.Corpus, a *creatorclub.CorpusAnalysis) error {
	if a.Cutoff.IsZero() {
		return creatorclub.Errorf(creatorclub.EINVALID, "observatory_cutoff_invalid")
	}
	a.CorpusID, a.Corpus = c.ID, c
	a.Status, a.CreatedAt = creatorclub.AnalysisQueued, db.now()
	err := tx.QueryRowContext(ctx, `INSERT INTO observatory_analyses (corpus_id, cutoff, status, report_key, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, c.ID, dateOnly(a.Cutoff), a.Status, a.ReportKey, nullID(a.CreatedBy), a.CreatedAt).Scan(&a.ID)
	if isUniqueViolation(err) {
		return creatorclub.Errorf(creatorclub.ECONFLICT, "observatory_report_exists")
	}
	if err != nil {
		return fmt.Errorf("sqldb: insert analysis: %w", err)
	}
	return nil
}

// FindCorpusAnalysis returns an analysis with its corpus, or ENOTFOUND.
func (db *DB) FindCorpusAnalysis(ctx context.Context, id int64) (*creatorclub.CorpusAnalysis, error) {
	a, err := scanAnalysis(db.Read.QueryRowContext(ctx, `SELECT `+analysisColumns+analysisFrom+` WHERE a.id = $1`, id))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "observatory_report_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("sqldb: find analysis %d: %w", id, err)
	}
	return a, nil
}

// ListCorpusAnalyses returns every analysis with its corpus, newest first;
// with publishedOnly, only the published ones, latest publication first.
func (db *DB) ListCorpusAnalyses(ctx context.Context, publishedOnly bool) ([]*creatorclub.CorpusAnalysis, error) {
	q := `SELECT ` + analysisColumns + analysisFrom + ` ORDER BY a.created_at DESC, a.id DESC`
	if publishedOnly {
		q = `SELECT ` + analysisColumns + analysisFrom + ` WHERE a.published_at IS NOT NULL ORDER BY a.published_at DESC, a.id DESC`
	}
	rows, err := db.Read.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list analyses: %w", err)
	}
	defer rows.Close()
	var out []*creatorclub.CorpusAnalysis
	for rows.Next() {
		a, err := scanAnalysis(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan analysis: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: list analyses: %w", err)
	}
	return out, nil
}

// AnalysisHeartbeat is how long a running analysis may go without
// reporting progress before another worker may take it over (its process
// died). Progress is reported about every second.
const AnalysisHeartbeat = time.Minute

// StartAnalysis marks a queued analysis running. An analysis already
// running is taken over only when its worker has not reported progress for
// AnalysisHeartbeat (a crash); it then starts again from zero. It returns
// ECONFLICT with "observatory_analysis_running" when another worker is
// running it, ECONFLICT with "observatory_analysis_finished" when it is done
// or failed, and ENOTFOUND when it does not exist.
func (db *DB) StartAnalysis(ctx context.Context, id int64) error {
	now := db.now()
	res, err := db.Write.ExecContext(ctx, `UPDATE observatory_analyses SET status = $1, started_at = $2, heartbeat_at = $2, progress = 0, posts = 0, bad_records = 0
		WHERE id = $3 AND (status = $4 OR (status = $1 AND (heartbeat_at IS NULL OR heartbeat_at < $5)))`,
		creatorclub.AnalysisRunning, now, id, creatorclub.AnalysisQueued, now.Add(-AnalysisHeartbeat))
	if err != nil {
		return fmt.Errorf("sqldb: start analysis %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		a, err := db.FindCorpusAnalysis(ctx, id)
		if err != nil {
			return err
		}
		if a.Status == creatorclub.AnalysisRunning {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "observatory_analysis_running")
		}
		return creatorclub.Errorf(creatorclub.ECONFLICT, "observatory_analysis_finished")
	}
	return nil
}

// UpdateAnalysisProgress records how far a running analysis is; it is the
// worker's heartbeat.
func (db *DB) UpdateAnalysisProgress(ctx context.Context, id int64, progress float64, posts, bad int64) error {
	_, err := db.Write.ExecContext(ctx, `UPDATE observatory_analyses SET progress = $1, posts = $2, bad_records = $3, heartbeat_at = $4 WHERE id = $5 AND status = $6`,
		min(max(progress, 0), 1), posts, bad, db.now(), id, creatorclub.AnalysisRunning)
	if err != nil {
		return fmt.Errorf("sqldb: analysis %d progress: %w", id, err)
	}
	return nil
}

// AnalysisFigures are the headline figures of a finished analysis.
type AnalysisFigures struct {
	Posts, BadRecords                               int64
	Commercial, Compliant, Improvable, NonCompliant float64
}

// FinishAnalysis marks a running analysis done with its figures and records
// the files of its report, already in the file store, in one transaction:
// a report is shown finished only with all its files. It fills the files'
// ids and analysis. It returns ECONFLICT when the analysis is not running
// (another worker finished it), and records nothing then.
func (db *DB) FinishAnalysis(ctx context.Context, id int64, f AnalysisFigures, files []creatorclub.ReportFile) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE observatory_analyses SET status = $1, progress = 1, posts = $2, bad_records = $3,
			commercial = $4, compliant = $5, improvable = $6, non_compliant = $7, finished_at = $8, error = '' WHERE id = $9 AND status = $10`,
			creatorclub.AnalysisDone, f.Posts, f.BadRecords, f.Commercial, f.Compliant, f.Improvable, f.NonCompliant, db.now(), id, creatorclub.AnalysisRunning)
		if err != nil {
			return fmt.Errorf("sqldb: finish analysis %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "observatory_analysis_not_running")
		}
		return insertReportFiles(ctx, tx, id, files)
	})
}

func insertReportFiles(ctx context.Context, tx *sql.Tx, analysisID int64, files []creatorclub.ReportFile) error {
	for i := range files {
		rf := &files[i]
		rf.AnalysisID = analysisID
		err := tx.QueryRowContext(ctx, `INSERT INTO observatory_report_files (analysis_id, name, content_type, size, file_key, sha256)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, analysisID, rf.Name, rf.ContentType, rf.Size, rf.Key, rf.SHA256).Scan(&rf.ID)
		if isUniqueViolation(err) {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "observatory_report_exists")
		}
		if err != nil {
			return fmt.Errorf("sqldb: analysis %d: record report file %s: %w", analysisID, rf.Name, err)
		}
	}
	return nil
}

// AddReportFiles records the files of the report of a finished analysis
// that an earlier version wrote to DATA_DIR/observatory and that were just
// moved into the file store, in one transaction. It returns ECONFLICT when
// the analysis is not done or already has report files, ENOTFOUND when it
// does not exist.
func (db *DB) AddReportFiles(ctx context.Context, analysisID int64, files []creatorclub.ReportFile) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		var status string
		var n int
		err := tx.QueryRowContext(ctx, `SELECT a.status, (SELECT COUNT(*) FROM observatory_report_files f WHERE f.analysis_id = a.id)
			FROM observatory_analyses a WHERE a.id = $1`, analysisID).Scan(&status, &n)
		if isNoRows(err) {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "observatory_report_not_found")
		}
		if err != nil {
			return fmt.Errorf("sqldb: analysis %d: %w", analysisID, err)
		}
		if status != creatorclub.AnalysisDone || n > 0 {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "observatory_report_exists")
		}
		return insertReportFiles(ctx, tx, analysisID, files)
	})
}

// ListReportFiles returns the files of the report of analysis analysisID,
// by name; none before it is done.
func (db *DB) ListReportFiles(ctx context.Context, analysisID int64) ([]creatorclub.ReportFile, error) {
	rows, err := db.Read.QueryContext(ctx, `SELECT id, analysis_id, name, content_type, size, file_key, sha256
		FROM observatory_report_files WHERE analysis_id = $1 ORDER BY name`, analysisID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list report files of analysis %d: %w", analysisID, err)
	}
	defer rows.Close()
	out := []creatorclub.ReportFile{}
	for rows.Next() {
		var rf creatorclub.ReportFile
		if err := rows.Scan(&rf.ID, &rf.AnalysisID, &rf.Name, &rf.ContentType, &rf.Size, &rf.Key, &rf.SHA256); err != nil {
			return nil, fmt.Errorf("sqldb: list report files of analysis %d: %w", analysisID, err)
		}
		out = append(out, rf)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: list report files of analysis %d: %w", analysisID, err)
	}
	return out, nil
}

// FindReportFile returns the file called name of the report of analysis
// analysisID, or ENOTFOUND.
func (db *DB) FindReportFile(ctx context.Context, analysisID int64, name string) (*creatorclub.ReportFile, error) {
	var rf creatorclub.ReportFile
	err := db.Read.QueryRowContext(ctx, `SELECT id, analysis_id, name, content_type, size, file_key, sha256
		FROM observatory_report_files WHERE analysis_id = $1 AND name = $2`, analysisID, name).Scan(
		&rf.ID, &rf.AnalysisID, &rf.Name, &rf.ContentType, &rf.Size, &rf.Key, &rf.SHA256)
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "observatory_report_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("sqldb: analysis %d: find report file %s: %w", analysisID, name, err)
	}
	return &rf, nil
}

// FindCorpusByKey returns the corpus whose file has key, or ENOTFOUND.
func (db *DB) FindCorpusByKey(ctx context.Context, key string) (*creatorclub.Corpus, error) {
	var c creatorclub.Corpus
	var uploadedBy sql.NullInt64
	err := db.Read.QueryRowContext(ctx, `SELECT id, title, file_name, file_key, content_type, size_bytes, sha256, format, mapping, uploaded_by, uploaded_at
		FROM observatory_corpora WHERE file_key = $1`, key).Scan(&c.ID, &c.Title, &c.FileName, &c.Key, &c.ContentType, &c.Size, &c.SHA256,
		&c.Format, &c.Mapping, &uploadedBy, &c.UploadedAt)
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "observatory_report_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("sqldb: find corpus by key: %w", err)
	}
	c.UploadedBy, c.UploadedAt = uploadedBy.Int64, c.UploadedAt.UTC()
	return &c, nil
}

// MoveCorpus records that the file of corpus id, kept under oldKey, is now
// in the file store under newKey with type ctype. It returns ECONFLICT when
// the corpus's key is no longer oldKey (another instance moved it).
func (db *DB) MoveCorpus(ctx context.Context, id int64, oldKey, newKey, ctype string) error {
	res, err := db.Write.ExecContext(ctx, `UPDATE observatory_corpora SET file_key = $1, content_type = $2 WHERE id = $3 AND file_key = $4`,
		newKey, ctype, id, oldKey)
	if isUniqueViolation(err) {
		return creatorclub.Errorf(creatorclub.ECONFLICT, "observatory_report_exists")
	}
	if err != nil {
		return fmt.Errorf("sqldb: move corpus %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return creatorclub.Errorf(creatorclub.ECONFLICT, "observatory_corpus_moved")
	}
	return nil
}

// FindAnalysisByReportKey returns the analysis whose report key is key,
// with its corpus, or ENOTFOUND.
func (db *DB) FindAnalysisByReportKey(ctx context.Context, key string) (*creatorclub.CorpusAnalysis, error) {
	a, err := scanAnalysis(db.Read.QueryRowContext(ctx, `SELECT `+analysisColumns+analysisFrom+` WHERE a.report_key = $1`, key))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "observatory_report_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("sqldb: find analysis by report key: %w", err)
	}
	return a, nil
}

// RequeueAnalysis puts a running analysis back in the queue, to be run
// again from the start (its job is retried).
func (db *DB) RequeueAnalysis(ctx context.Context, id int64) error {
	_, err := db.Write.ExecContext(ctx, `UPDATE observatory_analyses SET status = $1, progress = 0, posts = 0, bad_records = 0, heartbeat_at = NULL
		WHERE id = $2 AND status = $3`, creatorclub.AnalysisQueued, id, creatorclub.AnalysisRunning)
	if err != nil {
		return fmt.Errorf("sqldb: requeue analysis %d: %w", id, err)
	}
	return nil
}

// FailAnalysis marks an analysis failed with a message for the analyst.
func (db *DB) FailAnalysis(ctx context.Context, id int64, msg string) error {
	if len(msg) > 2000 {
		msg = msg[:2000]
	}
	_, err := db.Write.ExecContext(ctx, `UPDATE observatory_analyses SET status = $1, error = $2, finished_at = $3 WHERE id = $4 AND status <> $5`,
		creatorclub.AnalysisFailed, msg, db.now(), id, creatorclub.AnalysisDone)
	if err != nil {
		return fmt.Errorf("sqldb: fail analysis %d: %w", id, err)
	}
	return nil
}

// PublishAnalysis publishes (or, with publish false, withdraws) the report of
// a finished analysis on the public page, and records audit in the same
// transaction. Only a done analysis can be published (ECONFLICT).
func (db *DB) PublishAnalysis(ctx context.Context, id int64, publish bool, audit *creatorclub.AuditEntry) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status FROM observatory_analyses WHERE id = $1`, id).Scan(&status)
		if isNoRows(err) {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "observatory_report_not_found")
		}
		if err != nil {
			return fmt.Errorf("sqldb: publish analysis %d: %w", id, err)
		}
		if publish && status != creatorclub.AnalysisDone {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "observatory_publish_not_done")
		}
		var at any
		if publish {
			at = db.now()
		}
		if _, err := tx.ExecContext(ctx, `UPDATE observatory_analyses SET published_at = $1 WHERE id = $2`, at, id); err != nil {
			return fmt.Errorf("sqldb: publish analysis %d: %w", id, err)
		}
		if audit != nil {
			audit.TargetType, audit.TargetID = "observatory_analysis", fmt.Sprint(id)
			return db.recordAudit(ctx, tx, audit)
		}
		return nil
	})
}

// CountAnalysesOfCorpus returns how many analyses use the corpus.
func (db *DB) CountAnalysesOfCorpus(ctx context.Context, corpusID int64) (int, error) {
	var n int
	if err := db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM observatory_analyses WHERE corpus_id = $1`, corpusID).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqldb: count analyses of corpus %d: %w", corpusID, err)
	}
	return n, nil
}

// DeleteAnalysis deletes a finished or failed analysis, its report's
// files and, when no other analysis uses it, its corpus, and records audit,
// in one transaction. It returns the file store keys it forgot, for the
// caller to delete. A queued or running analysis is not deleted
// (ECONFLICT): its job would write into a report that no longer exists.
func (db *DB) DeleteAnalysis(ctx context.Context, id int64, audit *creatorclub.AuditEntry) (*creatorclub.DeletedAnalysis, error) {
	var out creatorclub.DeletedAnalysis
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		var corpusID int64
		err := tx.QueryRowContext(ctx, `SELECT corpus_id FROM observatory_analyses WHERE id = $1`, id).Scan(&corpusID)
		if isNoRows(err) {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "observatory_report_not_found")
		}
		if err != nil {
			return fmt.Errorf("sqldb: delete analysis %d: %w", id, err)
		}
		// The corpus first: while this transaction holds it, no new
		// analysis of it can be created (its insert waits, then finds the
		// corpus gone), so "the last analysis" stays true until commit.
		// (On SQLite the single writer already serialises them.)
		lock := ""
		if db.Engine == Postgres {
			lock = " FOR UPDATE"
		}
		var corpusKey string
		if err := tx.QueryRowContext(ctx, `SELECT file_key FROM observatory_corpora WHERE id = $1`+lock, corpusID).Scan(&corpusKey); err != nil {
			return fmt.Errorf("sqldb: delete analysis %d: lock corpus: %w", id, err)
		}
		// Its status, read once the corpus is held.
		var status string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM observatory_analyses WHERE id = $1`, id).Scan(&status); err != nil {
			return fmt.Errorf("sqldb: delete analysis %d: %w", id, err)
		}
		if status == creatorclub.AnalysisQueued || status == creatorclub.AnalysisRunning {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "observatory_delete_running")
		}
		rows, err := tx.QueryContext(ctx, `SELECT file_key FROM observatory_report_files WHERE analysis_id = $1 ORDER BY id`, id)
		if err != nil {
			return fmt.Errorf("sqldb: delete analysis %d: %w", id, err)
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return fmt.Errorf("sqldb: delete analysis %d: %w", id, err)
			}
			out.ReportKeys = append(out.ReportKeys, k)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqldb: delete analysis %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM observatory_report_files WHERE analysis_id = $1`, id); err != nil {
			return fmt.Errorf("sqldb: delete analysis %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM observatory_analyses WHERE id = $1`, id); err != nil {
			return fmt.Errorf("sqldb: delete analysis %d: %w", id, err)
		}
		var left int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM observatory_analyses WHERE corpus_id = $1`, corpusID).Scan(&left); err != nil {
			return fmt.Errorf("sqldb: delete analysis %d: %w", id, err)
		}
		if left == 0 {
			for _, table := range []string{"observatory_settled_reviews", "observatory_second_reviews", "observatory_reviews"} {
				if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE corpus_id = $1`, corpusID); err != nil {
					return fmt.Errorf("sqldb: delete reviews of corpus %d: %w", corpusID, err)
				}
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM observatory_corpora WHERE id = $1`, corpusID); err != nil {
				return fmt.Errorf("sqldb: delete corpus %d: %w", corpusID, err)
			}
			out.CorpusKey = corpusKey
		}
		if audit != nil {
			audit.TargetType, audit.TargetID = "observatory_analysis", fmt.Sprint(id)
			return db.recordAudit(ctx, tx, audit)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// CertifiedHandles returns the handles (lower case, without "@") of the
// creators whose certification is active today, to join a corpus's
// authors with.
func (db *DB) CertifiedHandles(ctx context.Context) (map[string]bool, error) {
	rows, err := db.Read.QueryContext(ctx, `SELECT h.handle FROM handles h JOIN users u ON u.id = h.user_id
		WHERE u.cert_status = $1 AND u.deleted_at IS NULL AND (u.cert_expires_on IS NULL OR u.cert_expires_on >= $2)`,
		string(creatorclub.CertActive), dateOnly(db.now()))
	if err != nil {
		return nil, fmt.Errorf("sqldb: certified handles: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("sqldb: certified handles: %w", err)
		}
		out[creatorclub.NormalizeHandle(h)] = true
	}
	return out, rows.Err()
}

// SavePostReview stores an analyst's verdict on a post of a corpus,
// replacing an earlier one of the same reading, and records audit when not
// nil, in one transaction. It fills ReviewedAt. A second reading
// (r.Second) needs a first one by someone else: ECONFLICT otherwise. It
// returns EINVALID for a review that does not validate and ENOTFOUND when
// the corpus does not exist.
func (db *DB) SavePostReview(ctx context.Context, r *creatorclub.PostReview, audit *creatorclub.AuditEntry) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM observatory_corpora WHERE id = $1`, r.CorpusID).Scan(&one)
		if isNoRows(err) {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "observatory_report_not_found")
		}
		if err != nil {
			return fmt.Errorf("sqldb: save review: %w", err)
		}
		table := "observatory_reviews"
		if r.Settled {
			// Only a post whose two readings differ has something to settle.
			table = "observatory_settled_reviews"
			var first, second string
			for _, q := range []struct {
				table string
				to    *string
			}{{"observatory_reviews", &first}, {"observatory_second_reviews", &second}} {
				var commercial bool
				var disclosure string
				err := tx.QueryRowContext(ctx, `SELECT commercial, disclosure FROM `+q.table+` WHERE corpus_id = $1 AND post_id = $2`, r.CorpusID, r.PostID).Scan(&commercial, &disclosure)
				switch {
				case isNoRows(err):
					return creatorclub.Errorf(creatorclub.ECONFLICT, "observatory_review_settle_without_readings")
				case err != nil:
					return fmt.Errorf("sqldb: save review: %w", err)
				}
				*q.to = creatorclub.PostReview{Commercial: commercial, Disclosure: disclosure}.Verdict()
			}
			if first == second {
				return creatorclub.Errorf(creatorclub.ECONFLICT, "observatory_review_settle_not_needed")
			}
		}
		if r.Second {
			table = "observatory_second_reviews"
			var first sql.NullInt64
			err := tx.QueryRowContext(ctx, `SELECT reviewer_id FROM observatory_reviews WHERE corpus_id = $1 AND post_id = $2`, r.CorpusID, r.PostID).Scan(&first)
			switch {
			case isNoRows(err):
				return creatorclub.Errorf(creatorclub.ECONFLICT, "observatory_review_second_without_first")
			case err != nil:
				return fmt.Errorf("sqldb: save review: %w", err)
			case first.Valid && first.Int64 == r.ReviewerID:
				return creatorclub.Errorf(creatorclub.ECONFLICT, "observatory_review_second_same_reviewer")
			}
		}
		r.ReviewedAt = db.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (corpus_id, post_id, commercial, disclosure, note, reviewer_id, reviewed_at, sectors, sectors_reviewed)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (corpus_id, post_id) DO UPDATE SET commercial = excluded.commercial, disclosure = excluded.disclosure,
				note = excluded.note, reviewer_id = excluded.reviewer_id, reviewed_at = excluded.reviewed_at,
				sectors = excluded.sectors, sectors_reviewed = excluded.sectors_reviewed`,
			r.CorpusID, r.PostID, r.Commercial, r.Disclosure, r.Note, nullID(r.ReviewerID), r.ReviewedAt, strings.Join(r.Sectors, ","), r.SectorsReviewed); err != nil {
			return fmt.Errorf("sqldb: save review: %w", err)
		}
		if audit != nil {
			audit.TargetType, audit.TargetID = "observatory_corpus", fmt.Sprint(r.CorpusID)
			return db.recordAudit(ctx, tx, audit)
		}
		return nil
	})
}

// ListPostReviews returns the analysts' first verdicts on the posts of a
// corpus, by post id.
func (db *DB) ListPostReviews(ctx context.Context, corpusID int64) (map[string]creatorclub.PostReview, error) {
	return db.listPostReviews(ctx, "observatory_reviews", corpusID)
}

// ListSecondReviews returns the second readings of the posts of a corpus,
// by post id.
func (db *DB) ListSecondReviews(ctx context.Context, corpusID int64) (map[string]creatorclub.PostReview, error) {
	return db.listPostReviews(ctx, "observatory_second_reviews", corpusID)
}

// ListSettledReviews returns the verdicts that settle posts whose two
// readings differ, by post id.
func (db *DB) ListSettledReviews(ctx context.Context, corpusID int64) (map[string]creatorclub.PostReview, error) {
	return db.listPostReviews(ctx, "observatory_settled_reviews", corpusID)
}

func (db *DB) listPostReviews(ctx context.Context, table string, corpusID int64) (map[string]creatorclub.PostReview, error) {
	rows, err := db.Read.QueryContext(ctx, `SELECT post_id, commercial, disclosure, note, reviewer_id, reviewed_at, sectors, sectors_reviewed
		FROM `+table+` WHERE corpus_id = $1`, corpusID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list reviews of corpus %d: %w", corpusID, err)
	}
	defer rows.Close()
	out := map[string]creatorclub.PostReview{}
	for rows.Next() {
		r := creatorclub.PostReview{CorpusID: corpusID, Second: table == "observatory_second_reviews", Settled: table == "observatory_settled_reviews"}
		var reviewer sql.NullInt64
		var sectors string
		if err := rows.Scan(&r.PostID, &r.Commercial, &r.Disclosure, &r.Note, &reviewer, &r.ReviewedAt, &sectors, &r.SectorsReviewed); err != nil {
			return nil, fmt.Errorf("sqldb: list reviews of corpus %d: %w", corpusID, err)
		}
		if sectors != "" {
			r.Sectors = strings.Split(sectors, ",")
		}
		r.ReviewerID, r.ReviewedAt = reviewer.Int64, r.ReviewedAt.UTC()
		out[r.PostID] = r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: list reviews of corpus %d: %w", corpusID, err)
	}
	return out, nil
}

// ReplaceReportFiles makes the rows of a finished analysis's report name
// the files given (by name: a row of that name is pointed at the new file,
// a name without a row is added) and records audit when not nil, in one
// transaction. It returns the keys the rows named before, for the caller
// to delete once the new files are in place. It returns ECONFLICT when the
// analysis is not done (a rerun may be writing it), ENOTFOUND when it does
// not exist.
func (db *DB) ReplaceReportFiles(ctx context.Context, analysisID int64, files []creatorclub.ReportFile, audit *creatorclub.AuditEntry) ([]string, error) {
	var old []string
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		old = old[:0]
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status FROM observatory_analyses WHERE id = $1`, analysisID).Scan(&status)
		if isNoRows(err) {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "observatory_report_not_found")
		}
		if err != nil {
			return fmt.Errorf("sqldb: analysis %d: %w", analysisID, err)
		}
		if status != creatorclub.AnalysisDone {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "observatory_report_not_ready")
		}
		for i := range files {
			rf := &files[i]
			rf.AnalysisID = analysisID
			var key string
			err := tx.QueryRowContext(ctx, `SELECT file_key FROM observatory_report_files WHERE analysis_id = $1 AND name = $2`, analysisID, rf.Name).Scan(&key)
			switch {
			case isNoRows(err):
				if err := insertReportFiles(ctx, tx, analysisID, files[i:i+1]); err != nil {
					return err
				}
				continue
			case err != nil:
				return fmt.Errorf("sqldb: analysis %d: report file %s: %w", analysisID, rf.Name, err)
			}
			err = tx.QueryRowContext(ctx, `UPDATE observatory_report_files SET content_type = $1, size = $2, file_key = $3, sha256 = $4
				WHERE analysis_id = $5 AND name = $6 RETURNING id`, rf.ContentType, rf.Size, rf.Key, rf.SHA256, analysisID, rf.Name).Scan(&rf.ID)
			if err != nil {
				return fmt.Errorf("sqldb: analysis %d: replace report file %s: %w", analysisID, rf.Name, err)
			}
			old = append(old, key)
		}
		if audit != nil {
			audit.TargetType, audit.TargetID = "observatory_analysis", fmt.Sprint(analysisID)
			return db.recordAudit(ctx, tx, audit)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return old, nil
}
