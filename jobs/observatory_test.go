package jobs_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/observatory/gen"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

// storeCorpus writes data as the corpus of key and queues its analysis.
func storeCorpus(t *testing.T, db *sqldb.DB, o *jobs.Observatory, q *jobs.Queue, key string, data []byte) *creatorclub.CorpusAnalysis {
	t.Helper()
	ctx := context.Background()
	path := o.CorpusPath(key)
	os.MkdirAll(filepath.Dir(path), 0o750)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	c := &creatorclub.Corpus{Title: "Corpus " + key, FileName: key + ".jsonl.gz", Key: key, Size: int64(len(data)), SHA256: "x"}
	a := &creatorclub.CorpusAnalysis{Cutoff: time.Date(2023, 6, 9, 0, 0, 0, 0, time.UTC), ReportKey: "r" + key}
	if err := db.CreateCorpusAnalysis(ctx, c, a, nil, func(tx *sql.Tx, id int64) error { return q.EnqueueCorpusAnalysis(ctx, tx, id) }); err != nil {
		t.Fatal(err)
	}
	return a
}

func waitAnalysis(t *testing.T, db *sqldb.DB, id int64) *creatorclub.CorpusAnalysis {
	t.Helper()
	var a *creatorclub.CorpusAnalysis
	waitFor(t, 60*time.Second, "the analysis to finish", func() bool {
		var err error
		a, err = db.FindCorpusAnalysis(context.Background(), id)
		return err == nil && (a.Status == creatorclub.AnalysisDone || a.Status == creatorclub.AnalysisFailed)
	})
	return a
}

func TestAnalyzeCorpusJob(t *testing.T) {
	for _, engine := range sqldbtest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := sqldbtest.Open(t, engine)
			if err := jobs.Migrate(ctx, db.Write, db.Engine); err != nil {
				t.Fatal(err)
			}
			// A certified creator whose handle appears in the corpus.
			u := &creatorclub.User{Email: "lea@example.fr", Role: creatorclub.RoleMember, Handles: []creatorclub.Handle{{Platform: "instagram", Handle: "lea_1"}},
				Cert: &creatorclub.Certification{Number: "C1", Status: creatorclub.CertActive, CertifiedOn: time.Now().AddDate(-1, 0, 0), ExpiresOn: time.Now().AddDate(1, 0, 0)}}
			if err := db.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			o := &jobs.Observatory{DB: db, Dir: t.TempDir()}
			q := newQueue(t, db.Write, db.Engine, &mail.Recorder{}, jobs.WithObservatory(o), withFastRetry)

			var corpus bytes.Buffer
			zw := gzip.NewWriter(&corpus)
			if err := gen.Write(zw, gen.Options{N: 4000, Seed: 2}); err != nil {
				t.Fatal(err)
			}
			zw.Close()
			good := storeCorpus(t, db, o, q, "good", corpus.Bytes())
			bad := storeCorpus(t, db, o, q, "cut", corpus.Bytes()[:corpus.Len()/2])
			startQueue(t, q)

			a := waitAnalysis(t, db, good.ID)
			if a.Status != creatorclub.AnalysisDone || a.Posts != 4000 || a.Progress != 1 || a.Commercial <= 0.2 || a.Compliant <= 0 || a.FinishedAt == nil {
				t.Fatalf("good corpus: %+v", a)
			}
			dir := o.ReportDir(a.ReportKey)
			for _, name := range []string{"report.html", "report.en.html", "report.public.html", "report.public.en.html", "summary.json", "findings.jsonl", "samples.csv", "overview.csv"} {
				if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Size() == 0 {
					t.Errorf("%s: %v", name, err)
				}
			}
			var s struct {
				Certified []struct {
					Key   string `json:"key"`
					Posts int    `json:"posts"`
				} `json:"certified"`
			}
			data, _ := os.ReadFile(filepath.Join(dir, "summary.json"))
			if err := json.Unmarshal(data, &s); err != nil {
				t.Fatal(err)
			}
			if len(s.Certified) == 0 {
				t.Error("no certified groups in the summary")
			}

			f := waitAnalysis(t, db, bad.ID)
			if key, v, ok := creatorclub.ParseAnalysisFailure(f.Error); f.Status != creatorclub.AnalysisFailed || !ok || key != "observatory_err_truncated_gzip" || v["unit"] != "line" || v["after"] == "" {
				t.Errorf("truncated corpus: %+v", f)
			}
			if _, err := os.Stat(filepath.Join(o.ReportDir(f.ReportKey), "report.html")); err == nil {
				t.Error("a report was written for a truncated corpus")
			}
			// Running a finished analysis again changes nothing.
			if err := o.Analyze(ctx, good.ID); err != nil {
				t.Errorf("analyse again: %v", err)
			}
			if again, _ := db.FindCorpusAnalysis(ctx, good.ID); again.Status != creatorclub.AnalysisDone || again.Posts != 4000 {
				t.Errorf("after a duplicate run: %+v", again)
			}
		})
	}
}

// TestAnalyzeLeavesARunningAnalysisAlone: a second job for an analysis whose
// worker is alive (River took a long analysis for stuck) does not run it
// twice; the worker snoozes and finds it done later.
func TestAnalyzeLeavesARunningAnalysisAlone(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t, sqldb.SQLite)
	o := &jobs.Observatory{DB: db, Dir: t.TempDir()}
	c := &creatorclub.Corpus{Title: "c", FileName: "c.jsonl", Key: "k", Size: 1, SHA256: "x"}
	a := &creatorclub.CorpusAnalysis{Cutoff: time.Date(2023, 6, 9, 0, 0, 0, 0, time.UTC), ReportKey: "r"}
	if err := db.CreateCorpusAnalysis(ctx, c, a, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.StartAnalysis(ctx, a.ID); err != nil { // the first worker
		t.Fatal(err)
	}
	err := o.Analyze(ctx, a.ID)
	if creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
		t.Fatalf("second run: %v", err)
	}
	if got, _ := db.FindCorpusAnalysis(ctx, a.ID); got.Status != creatorclub.AnalysisRunning {
		t.Errorf("status %s", got.Status)
	}
}
