package jobs_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/files"
	"github.com/creatorclub/creatorclub/files/filestest"
	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/sqldb"
)

// legacyClub is what an earlier version left: rows naming corpora and
// reports kept in DATA_DIR/observatory.
type legacyClub struct {
	corpus, demo              *creatorclub.Corpus
	corpusData, demoData      []byte
	done, queued, failed      *creatorclub.CorpusAnalysis
	running                   *creatorclub.CorpusAnalysis
	reportFiles               map[string]string // name → content of the done report
	unknownCorpus, runningDir string
}

func writeLegacy(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o640); err != nil {
		t.Fatal(err)
	}
}

// newLegacyClub writes, in db and in dir, what an earlier version kept: a
// corpus with a finished report (and the temporary file of an interrupted
// write), a corpus of the demo (its key not of the store's form) whose
// analysis waits in the queue, the leftovers of a failed analysis and of
// one still running, and a corpus directory no row names.
func newLegacyClub(t *testing.T, db *sqldb.DB, dir string) *legacyClub {
	t.Helper()
	ctx := context.Background()
	l := &legacyClub{corpusData: gzipCorpus(t, 300), demoData: gzipCorpus(t, 200)}
	cutoff := time.Date(2023, 6, 9, 0, 0, 0, 0, time.UTC)
	newCorpus := func(key string, data []byte) *creatorclub.Corpus {
		sum := sha256.Sum256(data)
		c := &creatorclub.Corpus{Title: "Ancien " + key, FileName: key + ".jsonl.gz", Key: key, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
		writeLegacy(t, filepath.Join(dir, "corpora", key, "corpus"), string(data))
		return c
	}
	l.corpus = newCorpus("oldcorpusoldcorpusoldcorp", l.corpusData)
	l.done = &creatorclub.CorpusAnalysis{Cutoff: cutoff, ReportKey: "oldreportoldreportoldrepo"}
	if err := db.CreateCorpusAnalysis(ctx, l.corpus, l.done, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.StartAnalysis(ctx, l.done.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishAnalysis(ctx, l.done.ID, sqldb.AnalysisFigures{Posts: 300}, nil); err != nil {
		t.Fatal(err)
	}
	l.reportFiles = map[string]string{"report.html": "<!DOCTYPE html><title>Rapport</title>", "summary.json": `{"posts": 300}`, "findings.jsonl": ""}
	for name, content := range l.reportFiles {
		writeLegacy(t, filepath.Join(dir, "reports", l.done.ReportKey, name), content)
	}
	writeLegacy(t, filepath.Join(dir, "reports", l.done.ReportKey, ".overview.csv.tmp"), "half")

	l.demo = newCorpus("demo-corpus", l.demoData)
	l.queued = &creatorclub.CorpusAnalysis{Cutoff: cutoff, ReportKey: "demo-report"}
	if err := db.CreateCorpusAnalysis(ctx, l.demo, l.queued, nil, nil); err != nil {
		t.Fatal(err)
	}

	l.failed = &creatorclub.CorpusAnalysis{Cutoff: cutoff, ReportKey: "failedreportfailedreportf"}
	if err := db.CreateAnalysis(ctx, l.corpus.ID, l.failed, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.FailAnalysis(ctx, l.failed.ID, "reading stopped"); err != nil {
		t.Fatal(err)
	}
	writeLegacy(t, filepath.Join(dir, "reports", l.failed.ReportKey, ".findings.jsonl.tmp"), "{}")

	l.running = &creatorclub.CorpusAnalysis{Cutoff: cutoff, ReportKey: "runningreportrunningrepor"}
	if err := db.CreateAnalysis(ctx, l.corpus.ID, l.running, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.StartAnalysis(ctx, l.running.ID); err != nil {
		t.Fatal(err)
	}
	l.runningDir = filepath.Join(dir, "reports", l.running.ReportKey)
	writeLegacy(t, filepath.Join(l.runningDir, ".findings.jsonl.tmp"), "{}")

	l.unknownCorpus = filepath.Join(dir, "corpora", "nobodysnobodysnobodysnobo")
	writeLegacy(t, filepath.Join(l.unknownCorpus, "corpus"), "{}\n")
	return l
}

// TestMoveLegacyObservatoryFiles moves what an earlier version kept in
// DATA_DIR/observatory into the file store, on every engine and store: the
// corpora and the finished report are then read from the store, the
// analysis that waited can run, and a move cut short and done again writes
// nothing twice.
func TestMoveLegacyObservatoryFiles(t *testing.T) {
	eachObservatory(t, func(t *testing.T, db *sqldb.DB, st fileStore) {
		ctx := context.Background()
		o := &jobs.Observatory{DB: db, Store: st.Store, Dir: t.TempDir()}
		l := newLegacyClub(t, db, o.Dir)
		corpusKey := files.KeyFor("observatory corpus " + l.corpus.Key)
		// An earlier start put the corpus in the store, then stopped
		// before the database said so.
		if _, err := st.Put(ctx, corpusKey, "partial", "", strings.NewReader("cut")); err != nil {
			t.Fatal(err)
		}

		m, err := o.MoveLegacyFiles(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if m.Corpora != 2 || m.Reports != 1 || m.Files != 5 || m.Removed != 1 || len(m.Left) != 2 ||
			m.Bytes != int64(len(l.corpusData)+len(l.demoData)+len(l.reportFiles["report.html"])+len(l.reportFiles["summary.json"])) {
			t.Errorf("move: %+v", m)
		}

		a, err := db.FindCorpusAnalysis(ctx, l.done.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Corpus.Key != corpusKey || a.Corpus.ContentType != jobs.CorpusTypeGzip || !bytes.Equal(filestest.ReadFile(t, st.Store, corpusKey), l.corpusData) {
			t.Errorf("moved corpus: %+v", a.Corpus)
		}
		report := reportFiles(t, db, l.done.ID)
		if len(report) != len(l.reportFiles) {
			t.Errorf("moved report: %+v", report)
		}
		for name, content := range l.reportFiles {
			rf := report[name]
			if rf.ContentType != jobs.ReportContentType(name) || string(filestest.ReadFile(t, st.Store, rf.Key)) != content || rf.Size != int64(len(content)) {
				t.Errorf("%s: %+v", name, rf)
			}
		}
		for _, gone := range []string{filepath.Join(o.Dir, "corpora", l.corpus.Key), filepath.Join(o.Dir, "corpora", "demo-corpus"),
			filepath.Join(o.Dir, "reports", l.done.ReportKey), filepath.Join(o.Dir, "reports", l.failed.ReportKey)} {
			if _, err := os.Stat(gone); !os.IsNotExist(err) {
				t.Errorf("%s is still there: %v", gone, err)
			}
		}
		// What the database does not name, or names as still running, is
		// left alone.
		for _, kept := range []string{l.unknownCorpus, l.runningDir} {
			if _, err := os.Stat(kept); err != nil {
				t.Errorf("%s: %v", kept, err)
			}
		}

		// The analysis that waited reads its corpus from the store.
		if err := o.Analyze(ctx, l.queued.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindCorpusAnalysis(ctx, l.queued.ID); got.Status != creatorclub.AnalysisDone || got.Posts != 200 ||
			got.Corpus.Key != files.KeyFor("observatory corpus demo-corpus") {
			t.Errorf("analysis of the moved demo corpus: %+v", got)
		}

		// A start that moved the files but stopped before removing them:
		// the next one removes them and stores nothing again.
		held := st.held(t)
		writeLegacy(t, filepath.Join(o.Dir, "corpora", l.corpus.Key, "corpus"), string(l.corpusData))
		writeLegacy(t, filepath.Join(o.Dir, "reports", l.done.ReportKey, "report.html"), "stale")
		m, err = o.MoveLegacyFiles(ctx)
		if err != nil || m.Files != 0 || m.Removed != 2 {
			t.Errorf("second move: %+v %v", m, err)
		}
		if got := st.held(t); !slices.Equal(got, held) {
			t.Errorf("the second move changed the store: %v, was %v", got, held)
		}
		if got := string(filestest.ReadFile(t, st.Store, report["report.html"].Key)); got != l.reportFiles["report.html"] {
			t.Errorf("report.html replaced by %q", got)
		}
		if entries, _ := os.ReadDir(filepath.Join(o.Dir, "reports")); len(entries) != 1 {
			t.Errorf("reports left: %v", entries)
		}
	})
}

// TestRemoveStaleScratch: the directories of reports that a crash left
// half-written are removed once old, never while an analysis may run.
func TestRemoveStaleScratch(t *testing.T) {
	o := &jobs.Observatory{Dir: t.TempDir()}
	if err := o.RemoveStaleScratch(); err != nil {
		t.Fatalf("nothing written yet: %v", err)
	}
	old, fresh := filepath.Join(o.Dir, "tmp", "report-old"), filepath.Join(o.Dir, "tmp", "report-new")
	writeLegacy(t, filepath.Join(old, "findings.jsonl"), "{}")
	writeLegacy(t, filepath.Join(fresh, "findings.jsonl"), "{}")
	long := time.Now().Add(-25 * time.Hour)
	if err := os.Chtimes(old, long, long); err != nil {
		t.Fatal(err)
	}
	if err := o.RemoveStaleScratch(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("stale directory kept: %v", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("fresh directory removed: %v", err)
	}
}
