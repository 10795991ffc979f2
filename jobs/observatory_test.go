package jobs_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/files"
	"github.com/creatorclub/creatorclub/files/filestest"
	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/observatory/gen"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

// fileStore is a file store under test and what it holds.
type fileStore struct {
	*files.Store
	held func(t *testing.T) []string // keys of the files held, sorted
}

// fileStores are the stores the observatory's tests run on: a data
// directory, and a bucket on the in-process S3 server.
var fileStores = []struct {
	name string
	new  func(t *testing.T) fileStore
}{
	{"disk", func(t *testing.T) fileStore {
		dir := filepath.Join(t.TempDir(), "files")
		st, err := files.NewStore(dir)
		if err != nil {
			t.Fatal(err)
		}
		return fileStore{st, func(t *testing.T) []string {
			var keys []string
			filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
				if err == nil && d.Type().IsRegular() {
					keys = append(keys, strings.TrimPrefix(path, dir+"/")) // temporary files show as tmp/…
				}
				return nil
			})
			for i, k := range keys {
				if !strings.HasPrefix(k, "tmp/") {
					keys[i] = filepath.Base(k)
				}
			}
			slices.Sort(keys)
			return keys
		}}
	}},
	{"s3", func(t *testing.T) fileStore {
		srv := filestest.StartFake(t)
		return s3Store(t, srv)
	}},
}

func s3Store(t *testing.T, srv *filestest.S3) fileStore {
	return fileStore{srv.Store(t), func(t *testing.T) []string {
		keys := srv.Objects(t, "")
		if tmp, _ := os.ReadDir(srv.Config.TempDir); len(tmp) > 0 {
			keys = append(keys, "tmp/"+tmp[0].Name())
		}
		slices.Sort(keys)
		return keys
	}}
}

// eachObservatory runs test on every database engine and every file store.
func eachObservatory(t *testing.T, test func(t *testing.T, db *sqldb.DB, st fileStore)) {
	for _, engine := range sqldbtest.Engines(t) {
		for _, fs := range fileStores {
			t.Run(engine+"/"+fs.name, func(t *testing.T) {
				test(t, sqldbtest.Open(t, engine), fs.new(t))
			})
		}
	}
}

// storeCorpus puts data in the file store as a corpus, as the upload page
// does, and creates its analysis, queued on q when not nil.
func storeCorpus(t *testing.T, db *sqldb.DB, st *files.Store, q *jobs.Queue, name string, data []byte) *creatorclub.CorpusAnalysis {
	t.Helper()
	ctx := context.Background()
	f, err := st.Put(ctx, "", name, jobs.CorpusTypeGzip, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := &creatorclub.Corpus{Title: "Corpus " + name, FileName: name, Key: f.Key, ContentType: f.ContentType, Size: f.Size, SHA256: f.SHA256}
	a := &creatorclub.CorpusAnalysis{Cutoff: time.Date(2023, 6, 9, 0, 0, 0, 0, time.UTC), ReportKey: "r" + f.Key}
	var enqueue func(tx *sql.Tx, id int64) error
	if q != nil {
		enqueue = func(tx *sql.Tx, id int64) error { return q.EnqueueCorpusAnalysis(ctx, tx, id) }
	}
	if err := db.CreateCorpusAnalysis(ctx, c, a, nil, enqueue); err != nil {
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

func gzipCorpus(t *testing.T, n int) []byte {
	var corpus bytes.Buffer
	zw := gzip.NewWriter(&corpus)
	if err := gen.Write(zw, gen.Options{N: n, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	return corpus.Bytes()
}

// reportFiles returns the files of a report by name.
func reportFiles(t *testing.T, db *sqldb.DB, id int64) map[string]creatorclub.ReportFile {
	t.Helper()
	list, err := db.ListReportFiles(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]creatorclub.ReportFile{}
	for _, rf := range list {
		out[rf.Name] = rf
	}
	return out
}

// scratchLeft returns what analyses left in the observatory's directory
// for reports being written.
func scratchLeft(t *testing.T, o *jobs.Observatory) []string {
	entries, err := os.ReadDir(filepath.Join(o.Dir, "tmp"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestAnalyzeCorpusJob(t *testing.T) {
	eachObservatory(t, func(t *testing.T, db *sqldb.DB, st fileStore) {
		ctx := context.Background()
		if err := jobs.Migrate(ctx, db.Write, db.Engine); err != nil {
			t.Fatal(err)
		}
		// A certified creator whose handle appears in the corpus.
		u := &creatorclub.User{Email: "lea@example.fr", Role: creatorclub.RoleMember, Handles: []creatorclub.Handle{{Platform: "instagram", Handle: "lea_1"}},
			Cert: &creatorclub.Certification{Number: "C1", Status: creatorclub.CertActive, CertifiedOn: time.Now().AddDate(-1, 0, 0), ExpiresOn: time.Now().AddDate(1, 0, 0)}}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		o := &jobs.Observatory{DB: db, Store: st.Store, Dir: t.TempDir()}
		q := newQueue(t, db.Write, db.Engine, &mail.Recorder{}, jobs.WithObservatory(o), withFastRetry)

		corpus := gzipCorpus(t, 4000)
		good := storeCorpus(t, db, st.Store, q, "good.jsonl.gz", corpus)
		bad := storeCorpus(t, db, st.Store, q, "cut.jsonl.gz", corpus[:len(corpus)/2])
		corpora := st.held(t)
		startQueue(t, q)

		a := waitAnalysis(t, db, good.ID)
		if a.Status != creatorclub.AnalysisDone || a.Posts != 4000 || a.Progress != 1 || a.Commercial <= 0.2 || a.Compliant <= 0 || a.FinishedAt == nil {
			t.Fatalf("good corpus: %+v", a)
		}
		report := reportFiles(t, db, a.ID)
		for _, name := range []string{"report.html", "report.en.html", "report.public.html", "report.public.en.html", "summary.json", "findings.jsonl",
			"samples.csv", "overview.csv", "bad_records.csv"} {
			rf, ok := report[name]
			if !ok || rf.Size == 0 || rf.ContentType != jobs.ReportContentType(name) || int64(len(filestest.ReadFile(t, st.Store, rf.Key))) != rf.Size {
				t.Errorf("%s: %+v", name, rf)
			}
		}
		var s struct {
			Certified []struct {
				Key   string `json:"key"`
				Posts int    `json:"posts"`
			} `json:"certified"`
		}
		if err := json.Unmarshal(filestest.ReadFile(t, st.Store, report["summary.json"].Key), &s); err != nil {
			t.Fatal(err)
		}
		if len(s.Certified) == 0 {
			t.Error("no certified groups in the summary")
		}

		f := waitAnalysis(t, db, bad.ID)
		if key, v, ok := creatorclub.ParseAnalysisFailure(f.Error); f.Status != creatorclub.AnalysisFailed || !ok || key != "observatory_err_truncated_gzip" || v["unit"] != "line" || v["after"] == "" {
			t.Errorf("truncated corpus: %+v", f)
		}
		if got := reportFiles(t, db, f.ID); len(got) != 0 {
			t.Errorf("a truncated corpus has report files %v", got)
		}
		// The store holds the two corpora and the good report, nothing of
		// the truncated one's; the temporary directories are gone.
		want := slices.Clone(corpora)
		for _, rf := range report {
			want = append(want, rf.Key)
		}
		slices.Sort(want)
		if got := st.held(t); !slices.Equal(got, want) {
			t.Errorf("the store holds %v, want %v", got, want)
		}
		if left := scratchLeft(t, o); len(left) != 0 {
			t.Errorf("report directories left: %v", left)
		}
		// Running a finished analysis again changes nothing.
		if err := o.Analyze(ctx, good.ID); err != nil {
			t.Errorf("analyse again: %v", err)
		}
		if again, _ := db.FindCorpusAnalysis(ctx, good.ID); again.Status != creatorclub.AnalysisDone || again.Posts != 4000 {
			t.Errorf("after a duplicate run: %+v", again)
		}
		if got := st.held(t); len(got) != len(want) {
			t.Errorf("a duplicate run stored files: %v", got)
		}
	})
}

// TestAnalyzeCorpusMissingFromTheStore: a corpus whose file the store does
// not have (uploaded before the file store, through an instance not started
// since) fails at once with a message saying so.
func TestAnalyzeCorpusMissingFromTheStore(t *testing.T) {
	eachObservatory(t, func(t *testing.T, db *sqldb.DB, st fileStore) {
		ctx := context.Background()
		o := &jobs.Observatory{DB: db, Store: st.Store, Dir: t.TempDir()}
		a := storeCorpus(t, db, st.Store, nil, "c.jsonl.gz", gzipCorpus(t, 10))
		if err := st.Delete(a.Corpus.Key); err != nil {
			t.Fatal(err)
		}
		if err := o.Analyze(ctx, a.ID); err == nil {
			t.Fatal("no error")
		}
		got, _ := db.FindCorpusAnalysis(ctx, a.ID)
		if key, _, _ := creatorclub.ParseAnalysisFailure(got.Error); got.Status != creatorclub.AnalysisFailed || key != "observatory_err_corpus_missing" {
			t.Errorf("analysis %+v", got)
		}
	})
}

// faultyS3 stands between a store and the in-process S3 server: it can
// refuse uploads after some, or cut downloads after some bytes as a dropped
// connection does.
type faultyS3 struct {
	putsLeft atomic.Int64 // uploads accepted before it refuses them; -1: all
	cutGetAt atomic.Int64 // 0: whole
	onPut    atomic.Pointer[func()]
}

func startFaultyS3(t *testing.T) (*filestest.S3, *faultyS3) {
	srv := filestest.StartFake(t)
	upstream, _ := url.Parse(srv.Config.Endpoint)
	proxy := httputil.NewSingleHostReverseProxy(upstream)
	f := &faultyS3{}
	f.putsLeft.Store(-1)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fn := f.onPut.Load(); fn != nil && r.Method == http.MethodPut {
			(*fn)()
		}
		switch {
		case r.Method == http.MethodPut && f.putsLeft.Load() >= 0 && f.putsLeft.Add(-1) < 0:
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>refused by the test</Message></Error>`)
			return
		case r.Method == http.MethodGet && f.cutGetAt.Load() > 0 && strings.Count(r.URL.Path, "/") > 1:
			rec := httptest.NewRecorder()
			proxy.ServeHTTP(rec, r)
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			body := rec.Body.Bytes()
			if n := int(f.cutGetAt.Load()); n < len(body) {
				w.Write(body[:n])
				panic(http.ErrAbortHandler) // the connection drops
			}
			w.Write(body)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	cfg := srv.Config
	cfg.Endpoint = ts.URL
	return &filestest.S3{Config: cfg, Client: srv.Client}, f
}

// TestAnalyzeWhenTheStoreFails: a bucket that stops answering is not the
// corpus's fault: the analysis fails saying the store failed (not that the
// gzip file is truncated), and leaves no report file in the store.
func TestAnalyzeWhenTheStoreFails(t *testing.T) {
	for _, engine := range sqldbtest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := sqldbtest.Open(t, engine)
			srv, faults := startFaultyS3(t)
			st := s3Store(t, srv)
			o := &jobs.Observatory{DB: db, Store: st.Store, Dir: t.TempDir()}
			corpus := gzipCorpus(t, 3000)

			// The bucket takes three files of the report, then refuses
			// the others: the three are removed.
			a := storeCorpus(t, db, st.Store, nil, "a.jsonl.gz", corpus)
			held := st.held(t)
			faults.putsLeft.Store(3)
			if err := o.Analyze(ctx, a.ID); err == nil {
				t.Fatal("no error when the report cannot be stored")
			}
			if left := faults.putsLeft.Load(); left >= 0 {
				t.Fatalf("the analysis stopped putting files with %d uploads left", left)
			}
			faults.putsLeft.Store(-1)
			got, _ := db.FindCorpusAnalysis(ctx, a.ID)
			if key, v, _ := creatorclub.ParseAnalysisFailure(got.Error); got.Status != creatorclub.AnalysisFailed || key != "observatory_err_storage" ||
				!strings.Contains(v["detail"], "refused by the test") {
				t.Errorf("report refused by the bucket: %+v", got)
			}
			if files := reportFiles(t, db, a.ID); len(files) != 0 {
				t.Errorf("report files recorded: %v", files)
			}

			// The download of the corpus is cut in the middle.
			b := storeCorpus(t, db, st.Store, nil, "b.jsonl.gz", corpus)
			held = append(held, b.Corpus.Key)
			slices.Sort(held)
			faults.cutGetAt.Store(int64(len(corpus) / 2))
			if err := o.Analyze(ctx, b.ID); err == nil {
				t.Fatal("no error when the corpus cannot be read")
			}
			got, _ = db.FindCorpusAnalysis(ctx, b.ID)
			if key, _, _ := creatorclub.ParseAnalysisFailure(got.Error); got.Status != creatorclub.AnalysisFailed || key != "observatory_err_storage" {
				t.Errorf("corpus download cut: %+v", got)
			}
			if got := st.held(t); !slices.Equal(got, held) {
				t.Errorf("the bucket holds %v, want the corpora only: %v", got, held)
			}
			faults.cutGetAt.Store(0)

			// Another worker, which took the analysis over while this one
			// stored its report, finished first: this one's files are
			// named by nothing, and removed.
			c := storeCorpus(t, db, st.Store, nil, "c.jsonl.gz", corpus)
			held = append(held, c.Corpus.Key)
			slices.Sort(held)
			var once sync.Once
			hook := func() {
				once.Do(func() {
					if err := db.FinishAnalysis(ctx, c.ID, sqldb.AnalysisFigures{Posts: 1}, nil); err != nil {
						t.Errorf("the other worker: %v", err)
					}
				})
			}
			faults.onPut.Store(&hook)
			if err := o.Analyze(ctx, c.ID); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
				t.Errorf("finished by another worker: %v", err)
			}
			faults.onPut.Store(nil)
			if got, _ := db.FindCorpusAnalysis(ctx, c.ID); got.Status != creatorclub.AnalysisDone || got.Posts != 1 {
				t.Errorf("the other worker's result was replaced: %+v", got)
			}
			if got := st.held(t); !slices.Equal(got, held) {
				t.Errorf("the bucket holds %v, want the corpora only: %v", got, held)
			}
			if left := scratchLeft(t, o); len(left) != 0 {
				t.Errorf("report directories left: %v", left)
			}
		})
	}
}

// TestAnalyzeRetriesWhenTheStoreFails: a store that fails during an attempt
// that is not the job's last puts the analysis back in the queue, with no
// report file kept; the next attempt, the store working again, finishes it.
// The last attempt fails it (TestAnalyzeWhenTheStoreFails).
func TestAnalyzeRetriesWhenTheStoreFails(t *testing.T) {
	for _, engine := range sqldbtest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := sqldbtest.Open(t, engine)
			srv, faults := startFaultyS3(t)
			st := s3Store(t, srv)
			o := &jobs.Observatory{DB: db, Store: st.Store, Dir: t.TempDir()}
			a := storeCorpus(t, db, st.Store, nil, "a.jsonl.gz", gzipCorpus(t, 2000))
			faults.putsLeft.Store(2)
			if err := o.AnalyzeAttempt(ctx, a.ID, false); err == nil {
				t.Fatal("no error when the report cannot be stored")
			}
			got, _ := db.FindCorpusAnalysis(ctx, a.ID)
			if got.Status != creatorclub.AnalysisQueued || got.Error != "" {
				t.Fatalf("after a store failure that will be retried: %+v", got)
			}
			if files := reportFiles(t, db, a.ID); len(files) != 0 {
				t.Errorf("report files recorded: %v", files)
			}
			if held := st.held(t); !slices.Equal(held, []string{a.Corpus.Key}) {
				t.Errorf("the bucket holds %v, want the corpus only", held)
			}
			faults.putsLeft.Store(-1)
			if err := o.AnalyzeAttempt(ctx, a.ID, false); err != nil {
				t.Fatal(err)
			}
			got, _ = db.FindCorpusAnalysis(ctx, a.ID)
			if got.Status != creatorclub.AnalysisDone || got.Posts != 2000 || len(reportFiles(t, db, a.ID)) == 0 {
				t.Errorf("the retry: %+v", got)
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
	st := fileStores[0].new(t)
	o := &jobs.Observatory{DB: db, Store: st.Store, Dir: t.TempDir()}
	a := storeCorpus(t, db, st.Store, nil, "c.jsonl.gz", gzipCorpus(t, 10))
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
