package jobs

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/files"
	"github.com/creatorclub/creatorclub/observatory"
	"github.com/creatorclub/creatorclub/observatory/analysis"
	"github.com/creatorclub/creatorclub/observatory/ingest"
	"github.com/creatorclub/creatorclub/observatory/report"
	"github.com/creatorclub/creatorclub/sqldb"
)

// QueueObservatory carries corpus analyses: long, CPU-bound jobs, one at a
// time per instance so that the web server keeps a core.
const QueueObservatory = "observatory"

// observatoryJobTimeout bounds one analysis; a corpus of tens of millions
// of posts takes minutes.
const observatoryJobTimeout = 2 * time.Hour

// AnalyzeCorpusArgs is the job that analyses an uploaded corpus and writes
// its report.
type AnalyzeCorpusArgs struct {
	AnalysisID int64 `json:"analysis_id"`
}

// Kind returns the job kind stored in the database.
func (AnalyzeCorpusArgs) Kind() string { return "analyze_corpus" }

// InsertOpts puts the job on its own queue, once per analysis.
func (AnalyzeCorpusArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{
		Queue:       QueueObservatory,
		MaxAttempts: 3,
		UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending,
			rivertype.JobStateRunning, rivertype.JobStateRetryable, rivertype.JobStateScheduled}},
	}
}

// Observatory runs analyses of corpora kept in the file store, and keeps
// their reports there: every instance sharing the database and the store
// reads a corpus uploaded through any of them, and serves any report.
type Observatory struct {
	DB    *sqldb.DB
	Store *files.Store
	// Dir is a directory of this instance's own (DATA_DIR/observatory):
	// the report of a running analysis is written in Dir/tmp, then put in
	// Store once complete. Versions before the file store kept corpora
	// (Dir/corpora/KEY/corpus) and reports (Dir/reports/KEY/) here;
	// MoveLegacyFiles moves them to Store.
	Dir    string
	Logger *slog.Logger
	// Rules is the rule set used (default: the rules built into the binary).
	Rules *observatory.RuleSet
}

// Types of corpora in the file store.
const (
	CorpusTypeGzip = "application/gzip"
	CorpusTypeText = "text/plain; charset=utf-8"
)

// ReportContentType returns the type of the file of a report called name,
// from its extension.
func ReportContentType(name string) string {
	switch filepath.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".json":
		return "application/json"
	case ".jsonl":
		return "application/x-ndjson"
	case ".csv":
		return "text/csv; charset=utf-8"
	}
	return "application/octet-stream"
}

// errPermanent marks a failure that running again would not fix (a
// truncated or unreadable corpus).
type errPermanent struct{ err error }

func (e errPermanent) Error() string { return e.err.Error() }
func (e errPermanent) Unwrap() error { return e.err }

// errCorpusMissing says the file store has no file under the corpus's key:
// it was lost, or uploaded before the observatory used the file store and
// still in the data directory of the instance that received it.
var errCorpusMissing = errors.New("the corpus is not in the file store")

// errStorage marks a failure to read the corpus from the file store or to
// store the report (a bucket that stopped answering): the corpus is not at
// fault and the analysis may be run again.
type errStorage struct{ err error }

func (e errStorage) Error() string { return "file store: " + e.err.Error() }
func (e errStorage) Unwrap() error { return e.err }

// Analyze runs analysis id: it marks it running, reads the corpus from the
// file store with the club's roster joined on authors' handles, writes the
// report to a temporary directory, puts its files in the store and marks
// the analysis done with its headline figures and files, or failed with a
// message for the analyst (a failed analysis leaves no file in the store).
// It returns an error wrapped in errPermanent when the corpus itself is at
// fault or missing, and nil when the analysis was already finished.
func (o *Observatory) Analyze(ctx context.Context, id int64) error {
	return o.analyze(ctx, id, true)
}

// analyze is Analyze; when final is false, a failure of the file store
// (errStorage: a bucket that stopped answering for a while) puts the
// analysis back in the queue instead of failing it, for the job queue to
// run it again later.
func (o *Observatory) analyze(ctx context.Context, id int64, final bool) error {
	if err := o.DB.StartAnalysis(ctx, id); err != nil {
		if creatorclub.ErrorMessage(err) == "observatory_analysis_finished" {
			return nil // done or failed already: a duplicate job
		}
		return err // running elsewhere (ECONFLICT): the worker snoozes
	}
	a, err := o.DB.FindCorpusAnalysis(ctx, id)
	if err != nil {
		return err
	}
	s, stored, err := o.run(ctx, a)
	if err != nil {
		var st errStorage
		if !final && errors.As(err, &st) {
			if rerr := o.DB.RequeueAnalysis(context.WithoutCancel(ctx), id); rerr != nil {
				return errors.Join(err, rerr)
			}
			return err
		}
		if ferr := o.DB.FailAnalysis(context.WithoutCancel(ctx), id, failureMessage(err)); ferr != nil {
			return errors.Join(err, ferr)
		}
		return err
	}
	all := s.Overview[0]
	err = o.DB.FinishAnalysis(ctx, id, sqldb.AnalysisFigures{Posts: s.Posts, BadRecords: s.BadRecords, Commercial: all.Commercial.Rate,
		Compliant: all.Compliant.Rate, Improvable: all.Improvable.Rate, NonCompliant: all.NonCompliant.Rate}, stored)
	if err != nil {
		// Not recorded (another worker finished it, or the database
		// failed): the files are named by nothing.
		o.deleteReport(context.WithoutCancel(ctx), id, stored)
		return err
	}
	return nil
}

// failureMessage is what the analysis page shows of err: a message key with
// its values, so that it is said in the reader's language, when the corpus
// could not be read (a truncated or corrupt gzip file, a file unreadable
// after some line), is missing from the file store, or the store failed;
// else "internal error".
func failureMessage(err error) string {
	var st errStorage
	var perm errPermanent
	switch {
	case errors.Is(err, errCorpusMissing):
		return creatorclub.AnalysisFailure("observatory_err_corpus_missing", nil)
	case errors.As(err, &st):
		return creatorclub.AnalysisFailure("observatory_err_storage", map[string]string{"detail": st.err.Error()})
	case !errors.As(err, &perm):
		return "internal error"
	}
	var fe *ingest.FatalError
	if !errors.As(err, &fe) {
		return perm.err.Error()
	}
	values := map[string]string{"unit": fe.Unit, "after": strconv.Itoa(fe.After)}
	switch {
	case errors.Is(err, ingest.ErrTruncatedGzip):
		return creatorclub.AnalysisFailure("observatory_err_truncated_gzip", values)
	case errors.Is(err, ingest.ErrCorruptGzip):
		return creatorclub.AnalysisFailure("observatory_err_corrupt_gzip", values)
	}
	values["detail"] = fe.Err.Error()
	return creatorclub.AnalysisFailure("observatory_err_unreadable", values)
}

// storeReader reads a corpus from the file store and remembers the error
// the store returned, if any, to tell a store that failed from a corpus
// that is damaged: both end the reading with an ingest.FatalError.
type storeReader struct {
	r   io.Reader
	err error
}

func (s *storeReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) && s.err == nil {
		s.err = err
	}
	return n, err
}

func (o *Observatory) run(ctx context.Context, a *creatorclub.CorpusAnalysis) (*analysis.Summary, []creatorclub.ReportFile, error) {
	rs := o.Rules
	if rs == nil {
		rs = observatory.DefaultRules()
	}
	opts := analysis.Options{Cutoff: a.Cutoff, Name: a.Corpus.FileName, Format: ingest.Format(a.Corpus.Format), Size: a.Corpus.Size}
	opts.DescribeRules(rs)
	if a.Corpus.Mapping != "" {
		m, err := ingest.ParseCSVMapping(a.Corpus.Mapping)
		if err != nil {
			return nil, nil, errPermanent{err}
		}
		opts.CSV = m
	}
	roster, err := o.DB.CertifiedHandles(ctx)
	if err != nil {
		return nil, nil, err
	}
	opts.Roster = roster
	in, err := o.Store.Open(a.Corpus.Key)
	if errors.Is(err, files.ErrNotFound) || errors.Is(err, files.ErrInvalidKey) {
		return nil, nil, errPermanent{fmt.Errorf("jobs: corpus %d (key %q): %w", a.CorpusID, a.Corpus.Key, errCorpusMissing)}
	} else if err != nil {
		return nil, nil, errStorage{fmt.Errorf("open corpus %d: %w", a.CorpusID, err)}
	}
	defer in.Close()

	dir, err := o.scratchDir()
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(dir)
	fw, err := os.Create(filepath.Join(dir, "findings.jsonl"))
	if err != nil {
		return nil, nil, fmt.Errorf("jobs: findings: %w", err)
	}
	defer fw.Close()
	opts.Findings = fw
	last, lastFraction := time.Now(), 0.0
	opts.Progress = func(p analysis.Progress) {
		if time.Since(last) < time.Second || p.Done {
			return
		}
		last, lastFraction = time.Now(), p.Fraction
		if err := o.DB.UpdateAnalysisProgress(ctx, a.ID, p.Fraction, p.Posts, p.Bad); err != nil && o.Logger != nil {
			o.Logger.WarnContext(ctx, "jobs: observatory progress", "analysis", a.ID, "err", err)
		}
	}
	src := &storeReader{r: in}
	s, err := analysis.Run(ctx, bufio.NewReaderSize(src, 1<<20), observatory.NewEngine(rs), opts)
	if err != nil {
		switch {
		case ctx.Err() != nil:
			return nil, nil, err
		case src.err != nil:
			return nil, nil, errStorage{fmt.Errorf("read corpus %d: %w", a.CorpusID, src.err)}
		}
		return nil, nil, errPermanent{err}
	}
	if err := fw.Close(); err != nil {
		return nil, nil, fmt.Errorf("jobs: findings: %w", err)
	}
	if err := report.Write(dir, s, "fr"); err != nil {
		return nil, nil, err
	}
	for name, write := range otherPages(s) {
		if err := writeFile(filepath.Join(dir, name), write); err != nil {
			return nil, nil, err
		}
	}
	// Putting a large findings.jsonl in a bucket takes a while: keep the
	// heartbeat going, or another worker would take the analysis over.
	stop := o.heartbeat(ctx, a.ID, lastFraction, s.Posts, s.BadRecords)
	defer stop()
	stored, err := o.storeReport(ctx, a.ID, dir)
	if err != nil {
		return nil, nil, err
	}
	return s, stored, nil
}

// otherPages are the report's pages besides report.html: the English
// report, and the public pages that leave out the posts behind the figures.
func otherPages(s *analysis.Summary) map[string]func(io.Writer) error {
	return map[string]func(io.Writer) error{
		"report.en.html":        func(w io.Writer) error { return report.HTML(w, s, "en") },
		"report.public.html":    func(w io.Writer) error { return report.PublicHTML(w, s, "fr") },
		"report.public.en.html": func(w io.Writer) error { return report.PublicHTML(w, s, "en") },
	}
}

// RewriteReport writes again the pages of a finished analysis's report and
// its summary.json from s (the summary with something added, such as the
// human review), each under a new key; then, in one transaction with
// audit, the report's rows name the new files; then the old files are
// deleted. Until the rows change, readers get the old report whole; a
// failure leaves it as it was (a file the store fails to delete afterwards
// is an orphan, which `creatorclub files sweep` finds).
func (o *Observatory) RewriteReport(ctx context.Context, id int64, s *analysis.Summary, audit *creatorclub.AuditEntry) (err error) {
	pages := otherPages(s)
	pages[report.HTMLFile] = func(w io.Writer) error { return report.HTML(w, s, "fr") }
	pages[report.SummaryFile] = func(w io.Writer) error { return report.SummaryJSON(w, s) }
	var stored []creatorclub.ReportFile
	defer func() {
		if err != nil {
			o.deleteReport(context.WithoutCancel(ctx), id, stored)
		}
	}()
	for _, name := range slices.Sorted(maps.Keys(pages)) {
		var buf bytes.Buffer
		if err := pages[name](&buf); err != nil {
			return fmt.Errorf("jobs: rewrite report of analysis %d: %s: %w", id, name, err)
		}
		st, err := o.Store.Put(ctx, "", name, ReportContentType(name), &buf)
		if err != nil {
			return fmt.Errorf("jobs: rewrite report of analysis %d: %w", id, err)
		}
		stored = append(stored, creatorclub.ReportFile{Name: name, ContentType: st.ContentType, Size: st.Size, Key: st.Key, SHA256: st.SHA256})
	}
	old, err := o.DB.ReplaceReportFiles(ctx, id, stored, audit)
	if err != nil {
		return err
	}
	o.deleteReport(context.WithoutCancel(ctx), id, keysAsFiles(old))
	return nil
}

// keysAsFiles wraps store keys for deleteReport.
func keysAsFiles(keys []string) []creatorclub.ReportFile {
	out := make([]creatorclub.ReportFile, len(keys))
	for i, k := range keys {
		out[i].Key = k
	}
	return out
}

// scratchDir creates a new directory under Dir/tmp for a report being
// written.
func (o *Observatory) scratchDir() (string, error) {
	tmp := filepath.Join(o.Dir, "tmp")
	if err := os.MkdirAll(tmp, 0o750); err != nil {
		return "", fmt.Errorf("jobs: report directory: %w", err)
	}
	dir, err := os.MkdirTemp(tmp, "report-")
	if err != nil {
		return "", fmt.Errorf("jobs: report directory: %w", err)
	}
	return dir, nil
}

// heartbeat records the progress of analysis id every quarter of
// sqldb.AnalysisHeartbeat until stop is called.
func (o *Observatory) heartbeat(ctx context.Context, id int64, fraction float64, posts, bad int64) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(sqldb.AnalysisHeartbeat / 4)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := o.DB.UpdateAnalysisProgress(ctx, id, fraction, posts, bad); err != nil && ctx.Err() == nil && o.Logger != nil {
					o.Logger.WarnContext(ctx, "jobs: observatory progress", "analysis", id, "err", err)
				}
			}
		}
	}()
	return func() { cancel(); <-done }
}

// storeReport puts every file of the report written in dir in the file
// store and returns them. On error it removes what it put.
func (o *Observatory) storeReport(ctx context.Context, id int64, dir string) (_ []creatorclub.ReportFile, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("jobs: report of analysis %d: %w", id, err)
	}
	var stored []creatorclub.ReportFile
	defer func() {
		if err != nil {
			o.deleteReport(context.WithoutCancel(ctx), id, stored)
		}
	}()
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(name, ".") {
			continue
		}
		rf, err := o.putReportFile(ctx, "", filepath.Join(dir, name))
		if err != nil {
			return nil, errStorage{fmt.Errorf("report of analysis %d: %w", id, err)}
		}
		stored = append(stored, *rf)
	}
	return stored, nil
}

// putReportFile puts the file at path in the store under key (a new key
// when empty) as a file of a report.
func (o *Observatory) putReportFile(ctx context.Context, key, path string) (*creatorclub.ReportFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	name := filepath.Base(path)
	st, err := o.Store.Put(ctx, key, name, ReportContentType(name), f)
	if err != nil {
		return nil, err
	}
	return &creatorclub.ReportFile{Name: name, ContentType: st.ContentType, Size: st.Size, Key: st.Key, SHA256: st.SHA256}, nil
}

// deleteReport removes the files of a report that no row names, as far as
// it can: what remains is only space taken.
func (o *Observatory) deleteReport(ctx context.Context, id int64, stored []creatorclub.ReportFile) {
	for _, rf := range stored {
		if err := o.Store.Delete(rf.Key); err != nil && o.Logger != nil {
			o.Logger.WarnContext(ctx, "jobs: observatory: remove a report file named by nothing", "analysis", id, "file", rf.Name, "key", rf.Key, "err", err)
		}
	}
}

// writeFile writes a file through write.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("jobs: %w", err)
	}
	bw := bufio.NewWriter(f)
	if err := write(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("jobs: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("jobs: %w", err)
	}
	return nil
}

// AnalyzeCorpusWorker works AnalyzeCorpusArgs jobs.
type AnalyzeCorpusWorker struct {
	river.WorkerDefaults[AnalyzeCorpusArgs]
	obs *Observatory
}

// Timeout lets a large corpus finish.
func (w *AnalyzeCorpusWorker) Timeout(*river.Job[AnalyzeCorpusArgs]) time.Duration {
	return observatoryJobTimeout
}

// Work runs the analysis; a corpus at fault cancels the job (it is marked
// failed with its message), other errors are retried.
func (w *AnalyzeCorpusWorker) Work(ctx context.Context, job *river.Job[AnalyzeCorpusArgs]) error {
	// A store that failed is tried again by River, but for the last
	// attempt, which fails the analysis for staff to see and run again.
	err := w.obs.analyze(ctx, job.Args.AnalysisID, job.Attempt >= job.MaxAttempts)
	var perm errPermanent
	switch {
	case creatorclub.ErrorCode(err) == creatorclub.ECONFLICT:
		// Another worker runs it (River took a long analysis for stuck):
		// come back later, to find it done or its worker gone.
		return river.JobSnooze(sqldb.AnalysisHeartbeat)
	case errors.As(err, &perm):
		return river.JobCancel(err)
	case creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND:
		return river.JobCancel(err)
	}
	return err
}

// WithObservatory registers the corpus analysis worker on its own queue.
func WithObservatory(o *Observatory) Option {
	return func(cfg *river.Config, q *Queue) {
		river.AddWorker(cfg.Workers, &AnalyzeCorpusWorker{obs: o})
		if cfg.Queues == nil {
			cfg.Queues = map[string]river.QueueConfig{}
		}
		cfg.Queues[QueueObservatory] = river.QueueConfig{MaxWorkers: 1}
	}
}

// EnqueueCorpusAnalysis queues analysis id in tx, the transaction that
// stores it.
func (q *Queue) EnqueueCorpusAnalysis(ctx context.Context, tx *sql.Tx, id int64) error {
	if _, err := q.client.InsertTx(ctx, tx, AnalyzeCorpusArgs{AnalysisID: id}, nil); err != nil {
		return fmt.Errorf("jobs: enqueue corpus analysis %d: %w", id, err)
	}
	return nil
}
