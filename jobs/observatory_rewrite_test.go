package jobs_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/files/filestest"
	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/observatory"
	"github.com/creatorclub/creatorclub/observatory/analysis"
	"github.com/creatorclub/creatorclub/observatory/gen"
	"github.com/creatorclub/creatorclub/sqldb"
)

// TestRewriteReport: the pages and summary.json of a finished report are
// written again under new keys, the rows name them (a page the report
// lacked is added), the old files leave the store; on an analysis that
// is not done, nothing changes and nothing new is left in the store.
func TestRewriteReport(t *testing.T) {
	eachObservatory(t, func(t *testing.T, db *sqldb.DB, st fileStore) {
		ctx := context.Background()
		o := &jobs.Observatory{DB: db, Store: st.Store, Dir: t.TempDir()}
		// A finished analysis whose report has only two files (as an
		// earlier version wrote them).
		put := func(name, content string) creatorclub.ReportFile {
			f, err := st.Store.Put(ctx, "", name, jobs.ReportContentType(name), strings.NewReader(content))
			if err != nil {
				t.Fatal(err)
			}
			return creatorclub.ReportFile{Name: name, ContentType: f.ContentType, Size: f.Size, Key: f.Key, SHA256: f.SHA256}
		}
		c := &creatorclub.Corpus{Title: "Corpus", FileName: "c.jsonl", Key: put("c.jsonl", "{}\n").Key, Size: 3, SHA256: "x"}
		a := &creatorclub.CorpusAnalysis{Cutoff: time.Date(2023, 6, 9, 0, 0, 0, 0, time.UTC), ReportKey: "rw"}
		if err := db.CreateCorpusAnalysis(ctx, c, a, nil, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.StartAnalysis(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		old := []creatorclub.ReportFile{put("report.html", "<p>old</p>"), put("summary.json", "{}")}
		if err := db.FinishAnalysis(ctx, a.ID, sqldb.AnalysisFigures{Posts: 1}, old); err != nil {
			t.Fatal(err)
		}
		var corpus bytes.Buffer
		if err := gen.Write(&corpus, gen.Options{N: 500, Seed: 3}); err != nil {
			t.Fatal(err)
		}
		s, err := analysis.Run(ctx, &corpus, observatory.NewEngine(observatory.DefaultRules()), analysis.Options{Name: "rewritten", ReviewSize: 5})
		if err != nil {
			t.Fatal(err)
		}
		audit := &creatorclub.AuditEntry{Action: creatorclub.AuditReviewReport}
		if err := o.RewriteReport(ctx, a.ID, s, audit); err != nil {
			t.Fatal(err)
		}
		got := reportFiles(t, db, a.ID)
		var keys []string
		for _, name := range []string{"report.html", "report.en.html", "report.public.html", "report.public.en.html", "summary.json"} {
			rf, ok := got[name]
			if !ok || rf.Size == 0 || int64(len(filestest.ReadFile(t, st.Store, rf.Key))) != rf.Size {
				t.Fatalf("%s: %+v", name, rf)
			}
			keys = append(keys, rf.Key)
		}
		if got["report.html"].Key == old[0].Key || !strings.Contains(string(filestest.ReadFile(t, st.Store, got["summary.json"].Key)), `"corpus": "rewritten"`) {
			t.Errorf("report.html %+v, summary not rewritten", got["report.html"])
		}
		keys = append(keys, c.Key)
		slices.Sort(keys)
		if held := st.held(t); !slices.Equal(held, keys) {
			t.Errorf("the store holds %v, want %v (the old files deleted)", held, keys)
		}
		if entries, _, _ := db.ListAudit(ctx, creatorclub.AuditFilter{Action: creatorclub.AuditReviewReport}); len(entries) != 1 {
			t.Errorf("audit: %d entries", len(entries))
		}
		// Not done (a rerun writing it): refused, the store as it was.
		if _, err := db.Write.ExecContext(ctx, `UPDATE observatory_analyses SET status = 'running' WHERE id = $1`, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := o.RewriteReport(ctx, a.ID, s, nil); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Errorf("rewrite a running analysis: %v", err)
		}
		if held := st.held(t); !slices.Equal(held, keys) {
			t.Errorf("a refused rewrite left files: %v", held)
		}
		if err := o.RewriteReport(ctx, a.ID+99, s, nil); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Errorf("rewrite an unknown analysis: %v", err)
		}
	})
}
