package sqldb_test

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

func newCorpus(t *testing.T, db *sqldb.DB, by int64, key string, enqueue func(*sql.Tx, int64) error) (*creatorclub.Corpus, *creatorclub.CorpusAnalysis, error) {
	t.Helper()
	c := &creatorclub.Corpus{Title: "  Instagram S1 2024 ", FileName: "posts.jsonl.gz", Key: "c-" + key, ContentType: "application/gzip", Size: 1234, SHA256: "ab", Format: "jsonl", UploadedBy: by}
	a := &creatorclub.CorpusAnalysis{Cutoff: time.Date(2023, 6, 9, 0, 0, 0, 0, time.UTC), ReportKey: "r-" + key, CreatedBy: by}
	err := db.CreateCorpusAnalysis(ctx, c, a, &creatorclub.AuditEntry{ActorID: by, Action: creatorclub.AuditCorpusUpload}, enqueue)
	return c, a, err
}

func TestCorpusAnalysisLifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		staff := members(t, db, 1)[0]
		var enqueued int64
		c, a, err := newCorpus(t, db, staff.ID, "1", func(tx *sql.Tx, id int64) error { enqueued = id; return nil })
		if err != nil {
			t.Fatal(err)
		}
		if c.Title != "Instagram S1 2024" || a.ID == 0 || enqueued != a.ID || a.Status != creatorclub.AnalysisQueued {
			t.Fatalf("created %+v %+v, enqueued %d", c, a, enqueued)
		}
		got, err := db.FindCorpusAnalysis(ctx, a.ID)
		if err != nil || got.Corpus.Key != "c-1" || got.Corpus.ContentType != "application/gzip" || got.ReportKey != "r-1" || !got.Cutoff.Equal(a.Cutoff) || got.CreatedBy != staff.ID || !got.CreatedAt.Equal(now0) {
			t.Fatalf("find: %+v %v", got, err)
		}
		// Publishing before it is done is refused.
		if err := db.PublishAnalysis(ctx, a.ID, true, nil); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Errorf("publish queued: %v", err)
		}
		if err := db.StartAnalysis(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		// A second worker does not take over a running analysis whose worker
		// reports progress, only one silent for longer than the heartbeat.
		if err := db.StartAnalysis(ctx, a.ID); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT || creatorclub.ErrorMessage(err) != "observatory_analysis_running" {
			t.Fatalf("start a running analysis: %v", err)
		}
		fixClock(db, now0.Add(sqldb.AnalysisHeartbeat+time.Second))
		if err := db.StartAnalysis(ctx, a.ID); err != nil {
			t.Fatalf("take over a silent analysis: %v", err)
		}
		if err := db.UpdateAnalysisProgress(ctx, a.ID, 0.5, 1000, 3); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindCorpusAnalysis(ctx, a.ID); got.Status != creatorclub.AnalysisRunning || got.Progress != 0.5 || got.Posts != 1000 || got.BadRecords != 3 || got.StartedAt == nil {
			t.Fatalf("running: %+v", got)
		}
		if rf, err := db.ListReportFiles(ctx, a.ID); err != nil || len(rf) != 0 {
			t.Fatalf("report files of a running analysis: %v %v", rf, err)
		}
		files := []creatorclub.ReportFile{
			{Name: "summary.json", ContentType: "application/json", Size: 10, Key: "summarykeysummarykeysumma", SHA256: "s1"},
			{Name: "report.html", ContentType: "text/html; charset=utf-8", Size: 20, Key: "reportkeyreportkeyreportk", SHA256: "h1"},
		}
		if err := db.FinishAnalysis(ctx, a.ID, sqldb.AnalysisFigures{Posts: 2000, BadRecords: 4, Commercial: 0.4, Compliant: 0.7, Improvable: 0.2, NonCompliant: 0.1}, files); err != nil {
			t.Fatal(err)
		}
		if files[0].ID == 0 || files[0].AnalysisID != a.ID {
			t.Errorf("recorded files: %+v", files)
		}
		// A second worker finishing the same analysis records nothing.
		late := []creatorclub.ReportFile{{Name: "report.en.html", ContentType: "text/html", Size: 1, Key: "latekeylatekeylatekeylate", SHA256: "l"}}
		if err := db.FinishAnalysis(ctx, a.ID, sqldb.AnalysisFigures{Posts: 1}, late); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Errorf("finish a done analysis: %v", err)
		}
		rf, err := db.ListReportFiles(ctx, a.ID)
		if err != nil || len(rf) != 2 || rf[0].Name != "report.html" || rf[1] != files[0] {
			t.Errorf("report files: %+v %v", rf, err)
		}
		if f, err := db.FindReportFile(ctx, a.ID, "summary.json"); err != nil || *f != files[0] {
			t.Errorf("find summary.json: %+v %v", f, err)
		}
		if _, err := db.FindReportFile(ctx, a.ID, "report.en.html"); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Errorf("find a file not recorded: %v", err)
		}
		if err := db.StartAnalysis(ctx, a.ID); creatorclub.ErrorMessage(err) != "observatory_analysis_finished" {
			t.Errorf("start a done analysis: %v", err)
		}
		if err := db.FailAnalysis(ctx, a.ID, "late failure"); err != nil {
			t.Fatal(err)
		}
		got, _ = db.FindCorpusAnalysis(ctx, a.ID)
		if got.Status != creatorclub.AnalysisDone || got.Progress != 1 || got.Posts != 2000 || got.Compliant != 0.7 || got.Error != "" || got.FinishedAt == nil {
			t.Fatalf("done: %+v", got)
		}
		if list, _ := db.ListCorpusAnalyses(ctx, true); len(list) != 0 {
			t.Errorf("published before publication: %d", len(list))
		}
		if err := db.PublishAnalysis(ctx, a.ID, true, &creatorclub.AuditEntry{ActorID: staff.ID, Action: creatorclub.AuditReportPublish}); err != nil {
			t.Fatal(err)
		}
		_, b, err := newCorpus(t, db, staff.ID, "2", nil)
		if err != nil {
			t.Fatal(err)
		}
		all, err := db.ListCorpusAnalyses(ctx, false)
		if err != nil || len(all) != 2 || all[0].ID != b.ID {
			t.Fatalf("list all: %v %v", all, err)
		}
		pub, err := db.ListCorpusAnalyses(ctx, true)
		if err != nil || len(pub) != 1 || pub[0].ID != a.ID || pub[0].PublishedAt == nil || pub[0].Corpus.Title != "Instagram S1 2024" {
			t.Fatalf("list published: %v %v", pub, err)
		}
		if err := db.PublishAnalysis(ctx, a.ID, false, nil); err != nil {
			t.Fatal(err)
		}
		if pub, _ := db.ListCorpusAnalyses(ctx, true); len(pub) != 0 {
			t.Error("withdrawn report still published")
		}
		entries, _, _ := db.ListAudit(ctx, creatorclub.AuditFilter{Action: "observatory."})
		// Newest first: the upload of b, the publication of a, its upload.
		if len(entries) != 3 || entries[1].Action != creatorclub.AuditReportPublish || entries[1].TargetID != fmt.Sprint(a.ID) ||
			entries[2].Action != creatorclub.AuditCorpusUpload || entries[0].TargetID != fmt.Sprint(b.ID) {
			for _, e := range entries {
				t.Logf("%+v", *e)
			}
			t.Error("audit entries")
		}
		// A failed analysis keeps its message.
		if err := db.StartAnalysis(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.FailAnalysis(ctx, b.ID, "reading stopped after line 12: the gzip stream is truncated"); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindCorpusAnalysis(ctx, b.ID); got.Status != creatorclub.AnalysisFailed || got.Error == "" {
			t.Errorf("failed: %+v", got)
		}
		if _, err := db.FindCorpusAnalysis(ctx, 999999); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Errorf("missing: %v", err)
		}
		if err := db.StartAnalysis(ctx, 999999); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Errorf("start missing: %v", err)
		}
	})
}

func TestCreateAnalysisOfTheSameCorpus(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		c, first, err := newCorpus(t, db, 0, "1", nil)
		if err != nil {
			t.Fatal(err)
		}
		again := &creatorclub.CorpusAnalysis{Cutoff: time.Date(2024, 11, 7, 0, 0, 0, 0, time.UTC), ReportKey: "r-again"}
		var enqueued int64
		if err := db.CreateAnalysis(ctx, c.ID, again, &creatorclub.AuditEntry{Action: creatorclub.AuditAnalysisRerun},
			func(_ *sql.Tx, id int64) error { enqueued = id; return nil }); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindCorpusAnalysis(ctx, again.ID)
		if err != nil || got.ID == first.ID || got.CorpusID != c.ID || got.Corpus.Key != "c-1" || !got.Cutoff.Equal(again.Cutoff) || enqueued != again.ID ||
			got.Status != creatorclub.AnalysisQueued {
			t.Fatalf("second analysis %+v %v", got, err)
		}
		if err := db.CreateAnalysis(ctx, 99999, &creatorclub.CorpusAnalysis{Cutoff: now0, ReportKey: "x"}, nil, nil); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Errorf("missing corpus: %v", err)
		}
		if err := db.CreateAnalysis(ctx, c.ID, &creatorclub.CorpusAnalysis{Cutoff: now0, ReportKey: "r-again"}, nil, nil); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Errorf("duplicate report key: %v", err)
		}
		if list, _ := db.ListCorpusAnalyses(ctx, false); len(list) != 2 {
			t.Errorf("%d analyses", len(list))
		}
	})
}

func TestCreateCorpusAnalysisIsAtomic(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		_, _, err := newCorpus(t, db, 0, "x", func(*sql.Tx, int64) error { return errors.New("queue down") })
		if err == nil {
			t.Fatal("enqueue failure ignored")
		}
		if list, _ := db.ListCorpusAnalyses(ctx, false); len(list) != 0 {
			t.Errorf("half-written corpus: %d analyses", len(list))
		}
		if entries, _, _ := db.ListAudit(ctx, creatorclub.AuditFilter{Action: "observatory."}); len(entries) != 0 {
			t.Errorf("audit of a failed upload: %d", len(entries))
		}
		// Bad input is refused before anything is written.
		c := &creatorclub.Corpus{Title: " ", Key: "k"}
		if err := db.CreateCorpusAnalysis(ctx, c, &creatorclub.CorpusAnalysis{Cutoff: now0, ReportKey: "r"}, nil, nil); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Errorf("empty title: %v", err)
		}
		c = &creatorclub.Corpus{Title: "t", Key: "k2", Format: "xml"}
		if err := db.CreateCorpusAnalysis(ctx, c, &creatorclub.CorpusAnalysis{Cutoff: now0, ReportKey: "r2"}, nil, nil); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Errorf("bad format: %v", err)
		}
		c = &creatorclub.Corpus{Title: "t", Key: "k3"}
		if err := db.CreateCorpusAnalysis(ctx, c, &creatorclub.CorpusAnalysis{ReportKey: "r3"}, nil, nil); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Errorf("no cut-off: %v", err)
		}
		if list, _ := db.ListCorpusAnalyses(ctx, false); len(list) != 0 {
			t.Errorf("refused corpus stored: %d", len(list))
		}
	})
}

func TestCertifiedHandles(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		for i, c := range []struct {
			handle  string
			status  creatorclub.CertStatus
			expires time.Time
		}{
			{"@Lea.Martin", creatorclub.CertActive, now0.AddDate(1, 0, 0)},
			{"gone", creatorclub.CertRevoked, now0.AddDate(1, 0, 0)},
			{"expired", creatorclub.CertActive, now0.AddDate(0, 0, -1)},
		} {
			u := &creatorclub.User{Email: fmt.Sprintf("h%d@example.fr", i), Role: creatorclub.RoleMember,
				Handles: []creatorclub.Handle{{Platform: "instagram", Handle: creatorclub.NormalizeHandle(c.handle)}},
				Cert:    &creatorclub.Certification{Number: fmt.Sprintf("H%d", i), Status: c.status, CertifiedOn: now0.AddDate(-2, 0, 0), ExpiresOn: c.expires}}
			if err := db.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		h, err := db.CertifiedHandles(ctx)
		if err != nil || len(h) != 1 || !h["lea.martin"] {
			t.Errorf("handles %v %v", h, err)
		}
	})
}

// TestMoveLegacyObservatoryFiles: the records a move of the files an
// earlier version kept in DATA_DIR/observatory relies on.
func TestMoveLegacyObservatoryFiles(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		c, a, err := newCorpus(t, db, 0, "old", nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.FindCorpusByKey(ctx, "c-old")
		if err != nil || got.ID != c.ID || got.SHA256 != "ab" {
			t.Fatalf("find corpus by key: %+v %v", got, err)
		}
		if _, err := db.FindCorpusByKey(ctx, "nope"); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Errorf("unknown corpus key: %v", err)
		}
		if err := db.MoveCorpus(ctx, c.ID, "c-old", "newkeynewkeynewkeynewkeyn", "application/gzip"); err != nil {
			t.Fatal(err)
		}
		if err := db.MoveCorpus(ctx, c.ID, "c-old", "otherkeyotherkeyotherkeyo", "application/gzip"); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Errorf("move a corpus moved already: %v", err)
		}
		if got, _ := db.FindCorpusAnalysis(ctx, a.ID); got.Corpus.Key != "newkeynewkeynewkeynewkeyn" || got.Corpus.ContentType != "application/gzip" {
			t.Errorf("moved corpus: %+v", got.Corpus)
		}

		found, err := db.FindAnalysisByReportKey(ctx, "r-old")
		if err != nil || found.ID != a.ID {
			t.Fatalf("find by report key: %+v %v", found, err)
		}
		if _, err := db.FindAnalysisByReportKey(ctx, "nope"); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Errorf("unknown report key: %v", err)
		}
		files := []creatorclub.ReportFile{{Name: "report.html", ContentType: "text/html", Size: 3, Key: "movedreportmovedreportmov", SHA256: "m"}}
		// Only a finished report has files.
		if err := db.AddReportFiles(ctx, a.ID, files); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Errorf("files for a queued analysis: %v", err)
		}
		if err := db.StartAnalysis(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.FinishAnalysis(ctx, a.ID, sqldb.AnalysisFigures{Posts: 5}, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.AddReportFiles(ctx, a.ID, files); err != nil {
			t.Fatal(err)
		}
		if err := db.AddReportFiles(ctx, a.ID, files); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Errorf("files added twice: %v", err)
		}
		if err := db.AddReportFiles(ctx, 99999, files); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Errorf("files of a missing analysis: %v", err)
		}
		if rf, _ := db.ListReportFiles(ctx, a.ID); len(rf) != 1 || rf[0].Key != files[0].Key {
			t.Errorf("report files: %+v", rf)
		}
	})
}

// TestDeleteAnalysis: a finished or failed analysis goes with its report's
// file rows and audit; the corpus goes with its last analysis only; a
// queued or running one stays; the keys to delete from the store are
// returned.
func TestDeleteAnalysis(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		staff := members(t, db, 1)[0]
		c, first, err := newCorpus(t, db, staff.ID, "del", nil)
		if err != nil {
			t.Fatal(err)
		}
		second := &creatorclub.CorpusAnalysis{Cutoff: time.Date(2024, 11, 7, 0, 0, 0, 0, time.UTC), ReportKey: "r-del-2"}
		if err := db.CreateAnalysis(ctx, c.ID, second, nil, nil); err != nil {
			t.Fatal(err)
		}
		audit := func() *creatorclub.AuditEntry {
			return &creatorclub.AuditEntry{ActorID: staff.ID, Action: creatorclub.AuditAnalysisDelete, Detail: c.Title}
		}
		// Queued, then running: refused, nothing changes.
		for _, start := range []bool{false, true} {
			if start {
				if err := db.StartAnalysis(ctx, first.ID); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.DeleteAnalysis(ctx, first.ID, audit()); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT || creatorclub.ErrorMessage(err) != "observatory_delete_running" {
				t.Fatalf("delete a %s analysis: %v", map[bool]string{false: "queued", true: "running"}[start], err)
			}
		}
		files := []creatorclub.ReportFile{
			{Name: "report.html", ContentType: "text/html", Size: 10, Key: "r-del/report.html", SHA256: "a"},
			{Name: "summary.json", ContentType: "application/json", Size: 5, Key: "r-del/summary.json", SHA256: "b"},
		}
		if err := db.FinishAnalysis(ctx, first.ID, sqldb.AnalysisFigures{Posts: 10}, files); err != nil {
			t.Fatal(err)
		}
		if err := db.PublishAnalysis(ctx, first.ID, true, nil); err != nil {
			t.Fatal(err)
		}
		if n, err := db.CountAnalysesOfCorpus(ctx, c.ID); err != nil || n != 2 {
			t.Fatalf("count: %d %v", n, err)
		}
		// Done and published, with another analysis of its corpus: the
		// report goes, the corpus stays.
		del, err := db.DeleteAnalysis(ctx, first.ID, audit())
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(del.ReportKeys, []string{"r-del/report.html", "r-del/summary.json"}) || del.CorpusKey != "" {
			t.Fatalf("deleted %+v", del)
		}
		if _, err := db.FindCorpusAnalysis(ctx, first.ID); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Errorf("deleted analysis found: %v", err)
		}
		if rf, err := db.ListReportFiles(ctx, first.ID); err != nil || len(rf) != 0 {
			t.Errorf("report files left: %v %v", rf, err)
		}
		if list, _ := db.ListCorpusAnalyses(ctx, true); len(list) != 0 {
			t.Errorf("published list still holds %d", len(list))
		}
		if got, err := db.FindCorpusAnalysis(ctx, second.ID); err != nil || got.Corpus.Key != "c-del" {
			t.Fatalf("the other analysis lost its corpus: %+v %v", got, err)
		}
		refs, _ := db.ListFileReferences(ctx)
		for _, r := range refs {
			if strings.HasPrefix(r.Key, "r-del/") {
				t.Errorf("a deleted report file is still referenced: %v", r)
			}
		}
		// Failed, the corpus's last analysis: the corpus goes too.
		if err := db.StartAnalysis(ctx, second.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.FailAnalysis(ctx, second.ID, "boom"); err != nil {
			t.Fatal(err)
		}
		del, err = db.DeleteAnalysis(ctx, second.ID, audit())
		if err != nil || len(del.ReportKeys) != 0 || del.CorpusKey != "c-del" {
			t.Fatalf("delete the last analysis: %+v %v", del, err)
		}
		if refs, _ := db.ListFileReferences(ctx); len(refs) != 0 {
			t.Errorf("references left: %v", refs)
		}
		if n, _ := db.CountAnalysesOfCorpus(ctx, c.ID); n != 0 {
			t.Errorf("%d analyses left", n)
		}
		if _, err := db.DeleteAnalysis(ctx, second.ID, audit()); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Errorf("delete twice: %v", err)
		}
		entries, _, _ := db.ListAudit(ctx, creatorclub.AuditFilter{Action: creatorclub.AuditAnalysisDelete})
		if len(entries) != 2 || entries[0].TargetID != fmt.Sprint(second.ID) || entries[1].TargetID != fmt.Sprint(first.ID) || entries[0].ActorID != staff.ID {
			t.Errorf("audit %+v", entries)
		}
	})
}

// TestDeleteLastAnalysisWhileRerun: deleting a corpus's last analysis and
// analysing the corpus again at the same moment leave either both (the
// new analysis keeps its corpus) or neither (the rerun finds no corpus),
// never an analysis without its corpus nor a corpus deleted under one.
func TestDeleteLastAnalysisWhileRerun(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		for i := range 12 {
			c, a, err := newCorpus(t, db, 0, fmt.Sprintf("race-%d", i), nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.StartAnalysis(ctx, a.ID); err != nil {
				t.Fatal(err)
			}
			if err := db.FailAnalysis(ctx, a.ID, "x"); err != nil {
				t.Fatal(err)
			}
			var delErr, rerunErr error
			var del *creatorclub.DeletedAnalysis
			again := &creatorclub.CorpusAnalysis{Cutoff: now0, ReportKey: fmt.Sprintf("r-race-%d-again", i)}
			done := make(chan bool)
			go func() { del, delErr = db.DeleteAnalysis(ctx, a.ID, nil); done <- true }()
			go func() { rerunErr = db.CreateAnalysis(ctx, c.ID, again, nil, nil); done <- true }()
			<-done
			<-done
			if delErr != nil {
				t.Fatalf("delete: %v", delErr)
			}
			switch {
			case rerunErr == nil:
				got, err := db.FindCorpusAnalysis(ctx, again.ID)
				if err != nil || del.CorpusKey != "" || got.Corpus.Key != c.Key {
					t.Fatalf("rerun won but the corpus went: %+v %v, deleted %+v", got, err, del)
				}
			case creatorclub.ErrorCode(rerunErr) == creatorclub.ENOTFOUND:
				if del.CorpusKey != c.Key {
					t.Fatalf("rerun found no corpus, yet the corpus was kept: %+v", del)
				}
			default:
				t.Fatalf("rerun: %v", rerunErr)
			}
		}
	})
}

// TestPostReviews: a verdict is stored, replaced by a second one, audited;
// a bad one is refused and leaves the first as it was; the verdicts go
// with the corpus when its last analysis is deleted.
func TestPostReviews(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		staff := members(t, db, 1)[0]
		c, a, err := newCorpus(t, db, staff.ID, "rev", nil)
		if err != nil {
			t.Fatal(err)
		}
		audit := func() *creatorclub.AuditEntry {
			return &creatorclub.AuditEntry{ActorID: staff.ID, Action: creatorclub.AuditPostReview}
		}
		save := func(post, verdict, note string) error {
			r := &creatorclub.PostReview{CorpusID: c.ID, PostID: post, Note: note, ReviewerID: staff.ID}
			if err := r.SetVerdict(verdict); err != nil {
				return err
			}
			return db.SavePostReview(ctx, r, audit())
		}
		if err := save("p1", creatorclub.VerdictImprovable, "  #gifted only "); err != nil {
			t.Fatal(err)
		}
		if err := save("p2", creatorclub.VerdictNotCommercial, ""); err != nil {
			t.Fatal(err)
		}
		// Sectors, asked with the verdict: stored sorted; none asked, none.
		withSectors := &creatorclub.PostReview{CorpusID: c.ID, PostID: "p4", ReviewerID: staff.ID, Sectors: []string{"nicotine", "gambling"}, SectorsReviewed: true}
		withSectors.SetVerdict(creatorclub.VerdictImprovable)
		if err := db.SavePostReview(ctx, withSectors, audit()); err != nil {
			t.Fatal(err)
		}
		noneTicked := &creatorclub.PostReview{CorpusID: c.ID, PostID: "p5", ReviewerID: staff.ID, SectorsReviewed: true}
		if err := db.SavePostReview(ctx, noneTicked, audit()); err != nil {
			t.Fatal(err)
		}
		got0, _ := db.ListPostReviews(ctx, c.ID)
		if r := got0["p4"]; !r.SectorsReviewed || !slices.Equal(r.Sectors, []string{"gambling", "nicotine"}) {
			t.Errorf("p4 sectors %v (reviewed %v)", r.Sectors, r.SectorsReviewed)
		}
		if r := got0["p5"]; !r.SectorsReviewed || r.Sectors != nil {
			t.Errorf("p5 sectors %v (reviewed %v)", r.Sectors, r.SectorsReviewed)
		}
		if r := got0["p2"]; r.SectorsReviewed || r.Sectors != nil {
			t.Errorf("p2 sectors %v (reviewed %v): not asked", r.Sectors, r.SectorsReviewed)
		}
		for _, bad := range [][]string{{"Gambling"}, {"gambling", "gambling"}, {""}, {"a,b"}} {
			r := &creatorclub.PostReview{CorpusID: c.ID, PostID: "p4", ReviewerID: staff.ID, Sectors: bad, SectorsReviewed: true}
			if err := db.SavePostReview(ctx, r, audit()); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
				t.Errorf("sectors %q: %v", bad, err)
			}
		}
		if err := db.SavePostReview(ctx, &creatorclub.PostReview{CorpusID: c.ID, PostID: "p4", Sectors: []string{"gambling"}}, audit()); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Errorf("sectors not asked but given: %v", err)
		}
		for _, id := range []string{"p4", "p5"} {
			if _, err := db.Write.ExecContext(ctx, `DELETE FROM observatory_reviews WHERE post_id = $1`, id); err != nil {
				t.Fatal(err)
			}
		}
		fixClock(db, now0.Add(time.Hour))
		if err := save("p1", creatorclub.VerdictNonCompliant, ""); err != nil {
			t.Fatal(err)
		}
		got, err := db.ListPostReviews(ctx, c.ID)
		if err != nil || len(got) != 2 {
			t.Fatalf("list: %v %v", got, err)
		}
		if r := got["p1"]; r.Verdict() != creatorclub.VerdictNonCompliant || !r.Commercial || r.Note != "" || r.ReviewerID != staff.ID || !r.ReviewedAt.Equal(now0.Add(time.Hour)) {
			t.Errorf("p1 %+v", r)
		}
		if r := got["p2"]; r.Verdict() != creatorclub.VerdictNotCommercial || r.Commercial || r.Disclosure != "" {
			t.Errorf("p2 %+v", r)
		}
		// Bad verdicts, an empty post id, a long note, an unknown corpus.
		bad := []*creatorclub.PostReview{
			{CorpusID: c.ID, PostID: "p1", Commercial: true, Disclosure: ""},
			{CorpusID: c.ID, PostID: "p1", Commercial: false, Disclosure: "compliant"},
			{CorpusID: c.ID, PostID: "p1", Commercial: true, Disclosure: "perfect"},
			{CorpusID: c.ID, PostID: "", Commercial: false},
			{CorpusID: c.ID, PostID: "p1", Commercial: false, Note: strings.Repeat("é", 2001)},
		}
		for _, r := range bad {
			if err := db.SavePostReview(ctx, r, audit()); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
				t.Errorf("%+v: %v", r, err)
			}
		}
		if err := (&creatorclub.PostReview{}).SetVerdict("maybe"); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Errorf("SetVerdict(maybe): %v", err)
		}
		if err := db.SavePostReview(ctx, &creatorclub.PostReview{CorpusID: c.ID + 99, PostID: "p1"}, audit()); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Errorf("unknown corpus: %v", err)
		}
		if got, _ := db.ListPostReviews(ctx, c.ID); got["p1"].Verdict() != creatorclub.VerdictNonCompliant || len(got) != 2 {
			t.Errorf("a refused review changed the stored ones: %v", got)
		}
		entries, _, _ := db.ListAudit(ctx, creatorclub.AuditFilter{Action: creatorclub.AuditPostReview})
		if len(entries) != 5 || entries[0].TargetID != fmt.Sprint(c.ID) || entries[0].TargetType != "observatory_corpus" {
			t.Errorf("audit %+v", entries)
		}
		// A second reading: by someone else, of a post already read.
		other := members(t, db, 2)[1]
		second := func(post, verdict string, by int64) error {
			r := &creatorclub.PostReview{CorpusID: c.ID, PostID: post, ReviewerID: by, Second: true}
			if err := r.SetVerdict(verdict); err != nil {
				return err
			}
			return db.SavePostReview(ctx, r, audit())
		}
		if err := second("p1", creatorclub.VerdictCompliant, staff.ID); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT || creatorclub.ErrorMessage(err) != "observatory_review_second_same_reviewer" {
			t.Errorf("second reading by the first reviewer: %v", err)
		}
		if err := second("p3", creatorclub.VerdictCompliant, other.ID); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT || creatorclub.ErrorMessage(err) != "observatory_review_second_without_first" {
			t.Errorf("second reading of a post never read: %v", err)
		}
		if err := second("p1", creatorclub.VerdictCompliant, other.ID); err != nil {
			t.Fatal(err)
		}
		seconds, err := db.ListSecondReviews(ctx, c.ID)
		if err != nil || len(seconds) != 1 || seconds["p1"].Verdict() != creatorclub.VerdictCompliant || !seconds["p1"].Second || seconds["p1"].ReviewerID != other.ID {
			t.Fatalf("second readings: %v %v", seconds, err)
		}
		if firsts, _ := db.ListPostReviews(ctx, c.ID); firsts["p1"].Verdict() != creatorclub.VerdictNonCompliant {
			t.Errorf("a second reading changed the first: %+v", firsts["p1"])
		}
		// Settling: only a post whose two readings differ; both readings
		// stay as given.
		settle := func(post, verdict string) error {
			r := &creatorclub.PostReview{CorpusID: c.ID, PostID: post, ReviewerID: staff.ID, Settled: true, Note: "vu ensemble"}
			if err := r.SetVerdict(verdict); err != nil {
				return err
			}
			return db.SavePostReview(ctx, r, audit())
		}
		if err := settle("p2", creatorclub.VerdictCompliant); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT || creatorclub.ErrorMessage(err) != "observatory_review_settle_without_readings" {
			t.Errorf("settling a post read once: %v", err)
		}
		if err := second("p2", creatorclub.VerdictNotCommercial, other.ID); err != nil {
			t.Fatal(err)
		}
		if err := settle("p2", creatorclub.VerdictCompliant); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT || creatorclub.ErrorMessage(err) != "observatory_review_settle_not_needed" {
			t.Errorf("settling a post both readings agree on: %v", err)
		}
		both := &creatorclub.PostReview{CorpusID: c.ID, PostID: "p1", Second: true, Settled: true}
		if err := db.SavePostReview(ctx, both, audit()); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Errorf("a second reading that settles: %v", err)
		}
		if err := settle("p1", creatorclub.VerdictImprovable); err != nil {
			t.Fatal(err)
		}
		settled, err := db.ListSettledReviews(ctx, c.ID)
		if err != nil || len(settled) != 1 || settled["p1"].Verdict() != creatorclub.VerdictImprovable || !settled["p1"].Settled || settled["p1"].Note != "vu ensemble" {
			t.Fatalf("settled: %v %v", settled, err)
		}
		firsts, _ := db.ListPostReviews(ctx, c.ID)
		seconds, _ = db.ListSecondReviews(ctx, c.ID)
		if firsts["p1"].Verdict() != creatorclub.VerdictNonCompliant || seconds["p1"].Verdict() != creatorclub.VerdictCompliant {
			t.Errorf("settling changed a reading: %+v / %+v", firsts["p1"], seconds["p1"])
		}
		// The corpus's last analysis deleted: its verdicts go with it.
		if err := db.StartAnalysis(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.FailAnalysis(ctx, a.ID, "boom"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.DeleteAnalysis(ctx, a.ID, nil); err != nil {
			t.Fatal(err)
		}
		if got, err := db.ListPostReviews(ctx, c.ID); err != nil || len(got) != 0 {
			t.Errorf("verdicts left after the corpus: %v %v", got, err)
		}
		if got, err := db.ListSecondReviews(ctx, c.ID); err != nil || len(got) != 0 {
			t.Errorf("second readings left after the corpus: %v %v", got, err)
		}
		if got, err := db.ListSettledReviews(ctx, c.ID); err != nil || len(got) != 0 {
			t.Errorf("settled verdicts left after the corpus: %v %v", got, err)
		}
	})
}
