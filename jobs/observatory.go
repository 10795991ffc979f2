package jobs

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/creatorclub/creatorclub"
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

// Observatory runs analyses of corpora stored under Dir: the corpus of
// corpus key K is Dir/corpora/K/corpus, the report of report key R goes to
// Dir/reports/R/.
type Observatory struct {
	DB     *sqldb.DB
	Dir    string
	Logger *slog.Logger
	// Rules is the rule set used (default: the rules built into the binary).
	Rules *observatory.RuleSet
}

// CorpusPath is where the corpus of key is stored.
func (o *Observatory) CorpusPath(key string) string {
	return filepath.Join(o.Dir, "corpora", key, "corpus")
}

// ReportDir is where the report of key is written.
func (o *Observatory) ReportDir(key string) string { return filepath.Join(o.Dir, "reports", key) }

// errPermanent marks a failure that running again would not fix (a
// truncated or unreadable corpus).
type errPermanent struct{ err error }

func (e errPermanent) Error() string { return e.err.Error() }
func (e errPermanent) Unwrap() error { return e.err }

// Analyze runs analysis id: it marks it running, reads the corpus with the
// club's roster joined on authors' handles, writes the report and marks it
// done with its headline figures, or failed with a message for the analyst.
// It returns an error wrapped in errPermanent when the corpus itself is at
// fault, and nil when the analysis was already finished.
func (o *Observatory) Analyze(ctx context.Context, id int64) error {
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
	s, err := o.run(ctx, a)
	if err != nil {
		var perm errPermanent
		msg := "internal error"
		if errors.As(err, &perm) {
			msg = failureMessage(perm.err)
		}
		if ferr := o.DB.FailAnalysis(context.WithoutCancel(ctx), id, msg); ferr != nil {
			return errors.Join(err, ferr)
		}
		return err
	}
	all := s.Overview[0]
	return o.DB.FinishAnalysis(ctx, id, sqldb.AnalysisFigures{Posts: s.Posts, BadRecords: s.BadRecords, Commercial: all.Commercial.Rate,
		Compliant: all.Compliant.Rate, Improvable: all.Improvable.Rate, NonCompliant: all.NonCompliant.Rate}, nil)
}

// failureMessage is what the analysis page shows of err: a message key with
// its values when the corpus could not be read (a truncated or corrupt gzip
// file, a file unreadable after some line), so that it is said in the
// reader's language, or err's text.
func failureMessage(err error) string {
	var fe *ingest.FatalError
	if !errors.As(err, &fe) {
		return err.Error()
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

func (o *Observatory) run(ctx context.Context, a *creatorclub.CorpusAnalysis) (*analysis.Summary, error) {
	rs := o.Rules
	if rs == nil {
		rs = observatory.DefaultRules()
	}
	opts := analysis.Options{Cutoff: a.Cutoff, Name: a.Corpus.FileName, RulesVersion: rs.Version(), RulesEvaluation: rs.Evaluation(), Format: ingest.Format(a.Corpus.Format)}
	if a.Corpus.Mapping != "" {
		m, err := ingest.ParseCSVMapping(a.Corpus.Mapping)
		if err != nil {
			return nil, errPermanent{err}
		}
		opts.CSV = m
	}
	roster, err := o.DB.CertifiedHandles(ctx)
	if err != nil {
		return nil, err
	}
	opts.Roster = roster
	in, err := os.Open(o.CorpusPath(a.Corpus.Key))
	if err != nil {
		return nil, fmt.Errorf("jobs: open corpus %d: %w", a.CorpusID, err)
	}
	defer in.Close()
	if st, err := in.Stat(); err == nil {
		opts.Size = st.Size()
	}
	dir := o.ReportDir(a.ReportKey)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("jobs: report directory: %w", err)
	}
	tmp := filepath.Join(dir, ".findings.jsonl.tmp")
	fw, err := os.Create(tmp)
	if err != nil {
		return nil, fmt.Errorf("jobs: findings: %w", err)
	}
	defer os.Remove(tmp)
	defer fw.Close()
	opts.Findings = fw
	last := time.Now()
	opts.Progress = func(p analysis.Progress) {
		if time.Since(last) < time.Second || p.Done {
			return
		}
		last = time.Now()
		if err := o.DB.UpdateAnalysisProgress(ctx, a.ID, p.Fraction, p.Posts, p.Bad); err != nil && o.Logger != nil {
			o.Logger.WarnContext(ctx, "jobs: observatory progress", "analysis", a.ID, "err", err)
		}
	}
	s, err := analysis.Run(ctx, in, observatory.NewEngine(rs), opts)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, errPermanent{err}
	}
	if err := fw.Close(); err != nil {
		return nil, fmt.Errorf("jobs: findings: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "findings.jsonl")); err != nil {
		return nil, fmt.Errorf("jobs: findings: %w", err)
	}
	if err := report.Write(dir, s, "fr"); err != nil {
		return nil, err
	}
	// The English report, and the public pages that leave out the posts
	// behind the figures.
	for name, write := range map[string]func(io.Writer) error{
		"report.en.html":        func(w io.Writer) error { return report.HTML(w, s, "en") },
		"report.public.html":    func(w io.Writer) error { return report.PublicHTML(w, s, "fr") },
		"report.public.en.html": func(w io.Writer) error { return report.PublicHTML(w, s, "en") },
	} {
		if err := writeFile(filepath.Join(dir, name), write); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// writeFile writes a file through write, then renames it into place.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return fmt.Errorf("jobs: %w", err)
	}
	defer os.Remove(f.Name())
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
	return os.Rename(f.Name(), path)
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
	err := w.obs.Analyze(ctx, job.Args.AnalysisID)
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
