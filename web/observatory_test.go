package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/url"
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
	"github.com/creatorclub/creatorclub/observatory/gen"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

func init() {
	expectedAccess["GET /observatoire"] = "all"
	expectedAccess["GET /observatoire/{report}"] = "all"
	expectedAccess["GET /gestion/observatoire"] = "moderator safety admin"
	expectedAccess["POST /gestion/observatoire"] = "moderator admin"
	expectedAccess["GET /gestion/observatoire/{report}"] = "moderator safety admin"
	expectedAccess["GET /gestion/observatoire/comparaison"] = "moderator safety admin"
	expectedAccess["GET /gestion/observatoire/{report}/rapport"] = "moderator safety admin"
	expectedAccess["GET /gestion/observatoire/{report}/fichiers/{file}"] = "moderator safety admin"
	expectedAccess["POST /gestion/observatoire/{report}/publication"] = "moderator admin"
	expectedAccess["POST /gestion/observatoire/{report}/relancer"] = "moderator admin"
	expectedAccess["POST /gestion/observatoire/{report}/suppression"] = "moderator admin"
	expectedAccess["GET /gestion/observatoire/{report}/verification"] = "moderator safety admin"
	expectedAccess["POST /gestion/observatoire/{report}/verification"] = "moderator admin"
	expectedAccess["GET /gestion/observatoire/{report}/verification.csv"] = "moderator safety admin"
	expectedAccess["GET /gestion/observatoire/{report}/verification.jsonl"] = "moderator safety admin"
	expectedAccess["POST /gestion/observatoire/{report}/verification/rapport"] = "moderator admin"
	authzFixtures = append(authzFixtures, func(t *testing.T, e *env, db *sqldb.DB) []string {
		c := &creatorclub.Corpus{Title: "Corpus", FileName: "c.jsonl", Key: "authz-corpus", Size: 1, SHA256: "x"}
		a := &creatorclub.CorpusAnalysis{Cutoff: time.Date(2023, 6, 9, 0, 0, 0, 0, time.UTC), ReportKey: "authz-report"}
		if err := db.CreateCorpusAnalysis(ctx, c, a, nil, nil); err != nil {
			t.Fatal(err)
		}
		return []string{"{report}", fmt.Sprint(a.ID), "{file}", "summary.json"}
	})
}

// obsStore is the file store of a test observatory and what it holds.
type obsStore struct {
	*files.Store
	held func(t *testing.T) []string // the files held, temporary ones included
}

// observatoryStores are the file stores the observatory's pages are tested
// on: a data directory, and a bucket on the in-process S3 server.
var observatoryStores = []struct {
	name string
	new  func(t *testing.T) obsStore
}{
	{"disk", func(t *testing.T) obsStore {
		dir := filepath.Join(t.TempDir(), "files")
		st, err := files.NewStore(dir)
		if err != nil {
			t.Fatal(err)
		}
		return obsStore{st, func(t *testing.T) []string {
			var held []string
			filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
				if err == nil && d.Type().IsRegular() {
					held = append(held, path)
				}
				return nil
			})
			return held
		}}
	}},
	{"s3", func(t *testing.T) obsStore {
		srv := filestest.StartFake(t)
		srv.Config.Prefix = "observatoire"
		return obsStore{srv.Store(t), func(t *testing.T) []string {
			held := srv.Objects(t, "")
			entries, _ := os.ReadDir(srv.Config.TempDir)
			for _, e := range entries {
				held = append(held, "tmp/"+e.Name())
			}
			return held
		}}
	}},
}

// eachObservatory runs test on every database engine and every file store.
func eachObservatory(t *testing.T, test func(t *testing.T, db *sqldb.DB, st obsStore)) {
	for _, engine := range sqldbtest.Engines(t) {
		for _, fs := range observatoryStores {
			t.Run(engine+"/"+fs.name, func(t *testing.T) {
				test(t, sqldbtest.Open(t, engine), fs.new(t))
			})
		}
	}
}

// observatoryEnv is a test server whose observatory keeps its files in st;
// without a job queue, analyses run in the server.
func observatoryEnv(t *testing.T, db *sqldb.DB, st obsStore) (*env, *jobs.Observatory) {
	obs := &jobs.Observatory{DB: db, Store: st.Store, Dir: t.TempDir()}
	return newEnvWith(t, db, func(c *webConfig) { c.Observatory = obs }), obs
}

// upload posts the corpus form with a file.
// analysisID returns the id of the analysis a redirect leads to
// ("/gestion/observatoire/12"), or 0.
func analysisID(loc string) int64 {
	var id int64
	fmt.Sscanf(strings.TrimPrefix(loc, "/gestion/observatoire/"), "%d", &id)
	return id
}

func (e *env) upload(c *http.Client, fields map[string]string, fileName string, content []byte) resp {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if fileName != "" {
		fw, _ := mw.CreateFormFile("file", fileName)
		fw.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", e.ts.URL+"/gestion/observatoire", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{code: res.StatusCode, body: string(b), loc: res.Header.Get("Location"), hdr: res.Header}
}

func smallCorpus(t *testing.T, n int) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := gen.Write(zw, gen.Options{N: n, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	return buf.Bytes()
}

func TestObservatoryUploadAnalyzePublish(t *testing.T) {
	eachObservatory(t, func(t *testing.T, db *sqldb.DB, st obsStore) {
		e, obs := observatoryEnv(t, db, st)
		mod := e.user(creatorclub.RoleModerator)
		c := e.signIn(mod)
		if r := e.get(c, "/gestion/observatoire"); r.code != 200 || !strings.Contains(r.body, `id="corpus-form"`) || !strings.Contains(r.body, "Aucun corpus") {
			t.Fatalf("page: %d %s", r.code, r.body)
		}
		corpus := smallCorpus(t, 3000)
		r := e.upload(c, map[string]string{"title": "Instagram 2023", "cutoff": "2023-06-09"}, "posts.jsonl.gz", corpus)
		if r.code != http.StatusSeeOther || !strings.HasPrefix(r.loc, "/gestion/observatoire/") {
			t.Fatalf("upload: %d %s %s", r.code, r.loc, r.body)
		}
		page := r.loc
		var id int64
		fmt.Sscanf(strings.TrimPrefix(page, "/gestion/observatoire/"), "%d", &id)
		deadline := time.Now().Add(30 * time.Second)
		for {
			a, err := db.FindCorpusAnalysis(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if a.Status == creatorclub.AnalysisDone {
				if a.Posts != 3000 || a.Corpus.Title != "Instagram 2023" || a.Corpus.FileName != "posts.jsonl.gz" || a.Corpus.SHA256 == "" {
					t.Fatalf("analysis %+v", a)
				}
				break
			}
			if a.Status == creatorclub.AnalysisFailed || time.Now().After(deadline) {
				t.Fatalf("analysis did not finish: %+v", a)
			}
			time.Sleep(50 * time.Millisecond)
		}
		r = e.get(c, page)
		if r.code != 200 || !strings.Contains(r.body, `data-status="done"`) || !strings.Contains(r.body, `id="open-report"`) || r.hdr.Get("Refresh") != "" ||
			!strings.Contains(r.body, "/fichiers/findings.jsonl") || strings.Contains(r.body, `id="report-not-moved"`) {
			t.Fatalf("status page: %d %s", r.code, r.body)
		}
		// The corpus and the report are in the file store, nothing is
		// left in the observatory's own directory.
		a, _ := db.FindCorpusAnalysis(ctx, id)
		report, err := db.ListReportFiles(ctx, id)
		if err != nil || len(report) < 10 {
			t.Fatalf("report files: %v %v", report, err)
		}
		if held := st.held(t); len(held) != len(report)+1 || !slices.ContainsFunc(held, func(h string) bool { return strings.HasSuffix(h, a.Corpus.Key) }) {
			t.Errorf("the store holds %v", held)
		}
		if a.Corpus.ContentType != jobs.CorpusTypeGzip || a.Corpus.Size != int64(len(corpus)) {
			t.Errorf("corpus %+v", a.Corpus)
		}
		if entries, _ := os.ReadDir(filepath.Join(obs.Dir, "tmp")); len(entries) != 0 {
			t.Errorf("the observatory's directory holds %v", entries)
		}
		r = e.get(c, page+"/rapport")
		if r.code != 200 || strings.Count(r.body, "<svg") < 4 || !strings.Contains(r.body, "Les publications derrière les chiffres") ||
			!strings.Contains(r.hdr.Get("Content-Security-Policy"), "style-src 'unsafe-inline'") || strings.Contains(r.hdr.Get("Content-Security-Policy"), "script") {
			t.Fatalf("report: %d %v %.300s", r.code, r.hdr, r.body)
		}
		r = e.get(c, page+"/fichiers/summary.json")
		var s struct{ Posts int }
		if r.code != 200 || json.Unmarshal([]byte(r.body), &s) != nil || s.Posts != 3000 || !strings.Contains(r.hdr.Get("Content-Disposition"), "attachment") {
			t.Fatalf("summary.json: %d %.200s", r.code, r.body)
		}
		for _, bad := range []string{"/fichiers/..%2F..%2Fcorpora", "/fichiers/report.public.html", "/fichiers/nope.csv"} {
			if r := e.get(c, page+bad); r.code != 404 {
				t.Errorf("%s: %d", bad, r.code)
			}
		}

		// Not public until published.
		visitor := e.client()
		public := fmt.Sprintf("/observatoire/%d", id)
		if r := e.get(visitor, public); r.code != 404 {
			t.Errorf("unpublished report: %d", r.code)
		}
		if r := e.post(c, page+"/publication", url.Values{"action": {"publish"}}); r.code != http.StatusSeeOther {
			t.Fatalf("publish: %d %s", r.code, r.body)
		}
		if r := e.get(visitor, "/observatoire"); r.code != 200 || !strings.Contains(r.body, "Instagram 2023") || !strings.Contains(r.body, "3000 publications") {
			t.Errorf("public list: %d %s", r.code, r.body)
		}
		r = e.get(visitor, public)
		if r.code != 200 || strings.Count(r.body, "<svg") < 4 || strings.Contains(r.body, "Les publications derrière les chiffres") {
			t.Errorf("public report: %d %.300s", r.code, r.body)
		}
		entries, _, _ := db.ListAudit(ctx, creatorclub.AuditFilter{Action: "observatory."})
		if len(entries) != 2 || entries[0].Action != creatorclub.AuditReportPublish || entries[0].ActorID != mod.ID || entries[1].Action != creatorclub.AuditCorpusUpload {
			t.Errorf("audit %+v", entries)
		}
		if r := e.post(c, page+"/publication", url.Values{"action": {"withdraw"}}); r.code != http.StatusSeeOther {
			t.Fatalf("withdraw: %d", r.code)
		}
		if r := e.get(visitor, public); r.code != 404 {
			t.Errorf("withdrawn report: %d", r.code)
		}
		// A safety officer browses reports but has no upload form.
		if r := e.get(e.signIn(e.user(creatorclub.RoleSafety)), "/gestion/observatoire"); r.code != 200 || !strings.Contains(r.body, "Instagram 2023") || strings.Contains(r.body, `id="corpus-form"`) {
			t.Errorf("safety view: %d", r.code)
		}
	})
}

func TestObservatoryUploadErrors(t *testing.T) {
	eachObservatory(t, func(t *testing.T, db *sqldb.DB, st obsStore) {
		e, _ := observatoryEnv(t, db, st)
		c := e.signIn(e.user(creatorclub.RoleAdmin))
		good := []byte(`{"id":"1","published_at":"2023-07-01","text":"Publicité"}` + "\n")
		for _, tc := range []struct {
			name   string
			fields map[string]string
			file   string
			data   []byte
			want   string
		}{
			{"no file", map[string]string{"title": "Mon corpus"}, "", nil, "Choisissez le fichier"},
			{"empty", map[string]string{"title": "Mon corpus"}, "vide.jsonl", []byte{}, "Le fichier est vide"},
			{"binary", map[string]string{"title": "Mon corpus"}, "image.jsonl", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "ni du texte"},
			{"bad cut-off", map[string]string{"title": "Mon corpus", "cutoff": "9 juin 2023"}, "c.jsonl", good, "JJ/MM/AAAA"},
			{"bad format", map[string]string{"title": "Mon corpus", "format": "xml"}, "c.jsonl", good, "Format inconnu"},
			{"bad mapping", map[string]string{"title": "Mon corpus", "mapping": "txt=caption"}, "c.csv", good, "unknown field"},
			{"csv without dates", map[string]string{"title": "Mon corpus", "format": "csv"}, "c.csv", []byte("id,texte\n1,x\n"), "published_at"},
			{"long title", map[string]string{"title": strings.Repeat("é", 201)}, "c.jsonl", good, "200 caractères"},
			{"corrupt gzip", map[string]string{"title": "Mon corpus"}, "c.jsonl.gz", []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xffnot deflate data at all"), "gzip"},
		} {
			r := e.upload(c, tc.fields, tc.file, tc.data)
			if r.code != http.StatusBadRequest || !strings.Contains(r.body, tc.want) {
				t.Errorf("%s: %d, want 400 with %q in %s", tc.name, r.code, tc.want, r.body)
				continue
			}
			// The form keeps what was typed.
			if tc.fields["title"] != "" && !strings.Contains(r.body, `value="`+tc.fields["title"]+`"`) {
				t.Errorf("%s: title not kept", tc.name)
			}
		}
		if list, _ := db.ListCorpusAnalyses(ctx, false); len(list) != 0 {
			t.Errorf("%d analyses stored from refused uploads", len(list))
		}
		if held := st.held(t); len(held) != 0 {
			t.Errorf("refused uploads left %v in the file store", held)
		}
	})
}

func TestObservatoryFailedAnalysisShowsWhy(t *testing.T) {
	eachObservatory(t, func(t *testing.T, db *sqldb.DB, st obsStore) {
		e, _ := observatoryEnv(t, db, st)
		c := e.signIn(e.user(creatorclub.RoleModerator))
		data := smallCorpus(t, 20000)
		r := e.upload(c, map[string]string{"title": "Coupé"}, "coupe.jsonl.gz", data[:len(data)*2/3])
		if r.code != http.StatusSeeOther {
			t.Fatalf("upload: %d %s", r.code, r.body)
		}
		page := r.loc
		deadline := time.Now().Add(30 * time.Second)
		for {
			r = e.get(c, page)
			if strings.Contains(r.body, `data-status="failed"`) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no failure shown: %s", r.body)
			}
			time.Sleep(50 * time.Millisecond)
		}
		if !strings.Contains(r.body, "le fichier gzip est tronqué") || !strings.Contains(r.body, "après la ligne ") || !strings.Contains(r.body, "L&#39;analyse a échoué") {
			t.Errorf("failure page: %s", r.body)
		}
		var id int64
		fmt.Sscanf(strings.TrimPrefix(page, "/gestion/observatoire/"), "%d", &id)
		if err := db.PublishAnalysis(context.Background(), id, true, nil); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Errorf("failed analysis published: %v", err)
		}
		// Nothing of the failed report: the store holds the corpus only.
		if rf, _ := db.ListReportFiles(ctx, id); len(rf) != 0 {
			t.Errorf("report files of a failed analysis: %v", rf)
		}
		if held := st.held(t); len(held) != 1 {
			t.Errorf("the store holds %v, want the corpus only", held)
		}
		for _, p := range []string{page + "/rapport", page + "/fichiers/summary.json"} {
			if r := e.get(c, p); r.code != http.StatusNotFound {
				t.Errorf("%s of a failed analysis: %d", p, r.code)
			}
		}
	})
}

func TestObservatoryWarnsOfACutoffOutsideTheCorpus(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e, _ := observatoryEnv(t, db, observatoryStores[0].new(t))
		c := e.signIn(e.user(creatorclub.RoleAdmin))
		r := e.upload(c, map[string]string{"title": "Trop tard", "cutoff": "2031-01-01"}, "c.jsonl.gz", smallCorpus(t, 500))
		if r.code != http.StatusSeeOther {
			t.Fatalf("upload: %d %s", r.code, r.body)
		}
		page := r.loc
		deadline := time.Now().Add(30 * time.Second)
		for {
			r = e.get(c, page)
			if strings.Contains(r.body, `data-status="done"`) || time.Now().After(deadline) {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if !strings.Contains(r.body, `id="analysis-warnings"`) || !strings.Contains(r.body, "La date de coupure 2031-01-01 tombe après la dernière publication") {
			t.Errorf("no warning: %s", r.body)
		}
		if r := e.get(c, page+"/rapport"); !strings.Contains(r.body, "tombe après la dernière publication") {
			t.Error("the report does not warn")
		}
		// Analysed again with a cut-off inside the corpus, as a new report.
		if r := e.post(c, page+"/relancer", url.Values{"cutoff": {"juin 2023"}}); r.code != http.StatusBadRequest {
			t.Errorf("bad cut-off: %d", r.code)
		}
		r = e.post(c, page+"/relancer", url.Values{"cutoff": {"2023-06-09"}})
		if r.code != http.StatusSeeOther || r.loc == page {
			t.Fatalf("rerun: %d %s", r.code, r.loc)
		}
		next := r.loc
		deadline = time.Now().Add(30 * time.Second)
		for {
			r = e.get(c, next)
			if strings.Contains(r.body, `data-status="done"`) || time.Now().After(deadline) {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if !strings.Contains(r.body, "2023-06-09") || strings.Contains(r.body, `id="analysis-warnings"`) {
			t.Errorf("rerun page: %s", r.body)
		}
		list, _ := db.ListCorpusAnalyses(ctx, false)
		if len(list) != 2 || list[0].CorpusID != list[1].CorpusID {
			t.Errorf("analyses after the rerun: %+v", list)
		}
	})
}

// TestObservatoryReportNotMovedYet: a report an earlier version wrote to
// the data directory of an instance not started since has no file in the
// store yet: its page says so, and its files are not found rather than
// broken.
func TestObservatoryReportNotMovedYet(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e, _ := observatoryEnv(t, db, observatoryStores[0].new(t))
		c := &creatorclub.Corpus{Title: "Ancien corpus", FileName: "c.jsonl.gz", Key: "oldcorpusoldcorpusoldcorp", Size: 1, SHA256: "x"}
		a := &creatorclub.CorpusAnalysis{Cutoff: time.Date(2023, 6, 9, 0, 0, 0, 0, time.UTC), ReportKey: "oldreportoldreportoldrepo"}
		if err := db.CreateCorpusAnalysis(ctx, c, a, nil, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.StartAnalysis(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.FinishAnalysis(ctx, a.ID, sqldb.AnalysisFigures{Posts: 10}, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.PublishAnalysis(ctx, a.ID, true, nil); err != nil {
			t.Fatal(err)
		}
		mod := e.signIn(e.user(creatorclub.RoleModerator))
		page := fmt.Sprintf("/gestion/observatoire/%d", a.ID)
		if r := e.get(mod, page); r.code != 200 || !strings.Contains(r.body, `id="report-not-moved"`) || strings.Contains(r.body, "/fichiers/") {
			t.Errorf("status page: %d %s", r.code, r.body)
		}
		for _, p := range []string{page + "/rapport", page + "/fichiers/summary.json"} {
			if r := e.get(mod, p); r.code != http.StatusNotFound {
				t.Errorf("%s: %d", p, r.code)
			}
		}
		if r := e.get(e.client(), fmt.Sprintf("/observatoire/%d", a.ID)); r.code != http.StatusNotFound {
			t.Errorf("public report: %d", r.code)
		}
	})
}

// waitAnalysis waits for an analysis to finish and returns it.
func waitAnalysis(t *testing.T, db *sqldb.DB, id int64) *creatorclub.CorpusAnalysis {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		a, err := db.FindCorpusAnalysis(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status == creatorclub.AnalysisDone || a.Status == creatorclub.AnalysisFailed {
			return a
		}
		if time.Now().After(deadline) {
			t.Fatalf("analysis %d did not finish: %+v", id, a)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestObservatoryDeleteAnalysis: staff delete an analysis with its report
// files, and the corpus with its last analysis, after ticking the
// confirmation; a published report leaves the public page; a running
// analysis cannot be deleted; nothing is deleted without the confirmation.
func TestObservatoryDeleteAnalysis(t *testing.T) {
	eachObservatory(t, func(t *testing.T, db *sqldb.DB, st obsStore) {
		e, _ := observatoryEnv(t, db, st)
		mod := e.user(creatorclub.RoleModerator)
		c := e.signIn(mod)
		r := e.upload(c, map[string]string{"title": "Instagram 2023", "cutoff": "2023-06-09"}, "posts.jsonl.gz", smallCorpus(t, 400))
		if r.code != http.StatusSeeOther {
			t.Fatalf("upload: %d %s", r.code, r.body)
		}
		first := analysisID(r.loc)
		a := waitAnalysis(t, db, first)
		r = e.post(c, r.loc+"/relancer", url.Values{"cutoff": {"2024-11-07"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("rerun: %d %s", r.code, r.body)
		}
		second := analysisID(r.loc)
		waitAnalysis(t, db, second)
		if r := e.post(c, fmt.Sprintf("/gestion/observatoire/%d/publication", first), url.Values{"action": {"publish"}}); r.code != http.StatusSeeOther {
			t.Fatalf("publish: %d", r.code)
		}
		firstFiles, _ := db.ListReportFiles(ctx, first)
		secondFiles, _ := db.ListReportFiles(ctx, second)
		held := len(st.held(t))
		if held != len(firstFiles)+len(secondFiles)+1 {
			t.Fatalf("the store holds %d files, want %d", held, len(firstFiles)+len(secondFiles)+1)
		}

		page := fmt.Sprintf("/gestion/observatoire/%d", first)
		r = e.get(c, page)
		if r.code != 200 || !strings.Contains(r.body, `id="delete-analysis"`) || !strings.Contains(r.body, "Le corpus reste") ||
			!strings.Contains(r.body, "disparaît aussi de la page publique") {
			t.Fatalf("page: %d %s", r.code, r.body)
		}
		// A safety officer reads reports but may not delete them.
		safety := e.signIn(e.user(creatorclub.RoleSafety))
		if r := e.get(safety, page); r.code != 200 || strings.Contains(r.body, `id="delete-analysis"`) {
			t.Errorf("safety officer's page: %d", r.code)
		}
		if r := e.post(safety, page+"/suppression", url.Values{"confirm": {"on"}}); r.code != http.StatusForbidden {
			t.Errorf("safety officer deletes: %d", r.code)
		}
		// Without the confirmation: an error on the page, nothing deleted.
		r = e.post(c, page+"/suppression", url.Values{})
		if r.code != http.StatusBadRequest || !strings.Contains(r.body, `id="delete-error"`) || !strings.Contains(r.body, "rien n&#39;a été supprimé") {
			t.Errorf("unconfirmed: %d %s", r.code, r.body)
		}
		if _, err := db.FindCorpusAnalysis(ctx, first); err != nil || len(st.held(t)) != held {
			t.Fatalf("an unconfirmed delete changed something: %v", err)
		}

		// Confirmed: the analysis and its report go, the corpus stays for
		// the other analysis.
		r = e.post(c, page+"/suppression", url.Values{"confirm": {"on"}})
		if r.code != http.StatusSeeOther || r.loc != "/gestion/observatoire" {
			t.Fatalf("delete: %d %s %s", r.code, r.loc, r.body)
		}
		if r := e.get(c, "/gestion/observatoire"); !strings.Contains(r.body, "Analyse supprimée, avec son rapport.") {
			t.Errorf("no confirmation message: %s", r.body)
		}
		for _, p := range []string{page, page + "/rapport", fmt.Sprintf("/observatoire/%d", first)} {
			if r := e.get(c, p); r.code != http.StatusNotFound {
				t.Errorf("%s after delete: %d", p, r.code)
			}
		}
		if r := e.get(e.client(), "/observatoire"); strings.Contains(r.body, "Instagram 2023") {
			t.Error("the deleted report is still on the public page")
		}
		if n := len(st.held(t)); n != len(secondFiles)+1 {
			t.Errorf("the store holds %d files, want %d", n, len(secondFiles)+1)
		}

		// A queued analysis cannot be deleted.
		queued := &creatorclub.CorpusAnalysis{Cutoff: a.Cutoff, ReportKey: "queuedqueuedqueuedqueued"}
		if err := db.CreateAnalysis(ctx, a.CorpusID, queued, nil, nil); err != nil {
			t.Fatal(err)
		}
		if r := e.get(c, fmt.Sprintf("/gestion/observatoire/%d", queued.ID)); strings.Contains(r.body, `id="delete-analysis"`) {
			t.Error("a queued analysis offers deletion")
		}
		r = e.post(c, fmt.Sprintf("/gestion/observatoire/%d/suppression", queued.ID), url.Values{"confirm": {"on"}})
		if r.code != http.StatusConflict || !strings.Contains(r.body, "attendez qu&#39;elle se termine") {
			t.Errorf("delete a queued analysis: %d %s", r.code, r.body)
		}
		if err := db.FailAnalysis(ctx, queued.ID, "stopped by the test"); err != nil {
			t.Fatal(err)
		}
		if r := e.post(c, fmt.Sprintf("/gestion/observatoire/%d/suppression", queued.ID), url.Values{"confirm": {"on"}}); r.code != http.StatusSeeOther {
			t.Fatalf("delete the failed analysis: %d", r.code)
		}

		// The corpus's last analysis: the page says the corpus goes too,
		// and it does.
		page = fmt.Sprintf("/gestion/observatoire/%d", second)
		if r := e.get(c, page); !strings.Contains(r.body, "ainsi que le corpus posts.jsonl.gz") {
			t.Errorf("last analysis's page: %s", r.body)
		}
		if r := e.post(c, page+"/suppression", url.Values{"confirm": {"on"}}); r.code != http.StatusSeeOther {
			t.Fatalf("delete the last analysis: %d", r.code)
		}
		if n := len(st.held(t)); n != 0 {
			t.Errorf("the store still holds %v", st.held(t))
		}
		if refs, _ := db.ListFileReferences(ctx); len(refs) != 0 {
			t.Errorf("references left: %v", refs)
		}
		if r := e.get(c, "/gestion/observatoire"); !strings.Contains(r.body, "Aucun corpus") || !strings.Contains(r.body, "avec son rapport et son corpus") {
			t.Errorf("list after deleting everything: %s", r.body)
		}
		entries, _, _ := db.ListAudit(ctx, creatorclub.AuditFilter{Action: creatorclub.AuditAnalysisDelete})
		if len(entries) != 3 || entries[2].TargetID != fmt.Sprint(first) || entries[2].ActorID != mod.ID || !strings.Contains(entries[2].Detail, "Instagram 2023") {
			t.Errorf("audit %+v", entries)
		}
	})
}

// TestObservatoryCompareAnalyses: staff set one finished analysis against
// another; the form refuses the same analysis twice, an unknown one and
// one not finished; members cannot see it.
func TestObservatoryCompareAnalyses(t *testing.T) {
	eachObservatory(t, func(t *testing.T, db *sqldb.DB, st obsStore) {
		e, _ := observatoryEnv(t, db, st)
		c := e.signIn(e.user(creatorclub.RoleModerator))
		if r := e.get(c, "/gestion/observatoire/comparaison"); r.code != 200 || !strings.Contains(r.body, `id="compare-none"`) {
			t.Fatalf("form with no analysis: %d %s", r.code, r.body)
		}
		ids := make([]int64, 2)
		for i, title := range []string{"Instagram 2024", "Instagram 2025"} {
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			if err := gen.Write(zw, gen.Options{N: 1500, Seed: uint64(10 + i)}); err != nil {
				t.Fatal(err)
			}
			zw.Close()
			r := e.upload(c, map[string]string{"title": title, "cutoff": "2023-06-09"}, "posts.jsonl.gz", buf.Bytes())
			if r.code != http.StatusSeeOther {
				t.Fatalf("upload: %d %s", r.code, r.body)
			}
			ids[i] = analysisID(r.loc)
			if a := waitAnalysis(t, db, ids[i]); a.Status != creatorclub.AnalysisDone {
				t.Fatalf("analysis %+v", a)
			}
		}
		r := e.get(c, "/gestion/observatoire/comparaison")
		if r.code != 200 || !strings.Contains(r.body, `id="compare-form"`) || !strings.Contains(r.body, "Instagram 2025") {
			t.Fatalf("form: %d %s", r.code, r.body)
		}
		// From an analysis's page, the form comes with that analysis as B.
		if r := e.get(c, fmt.Sprintf("/gestion/observatoire/%d", ids[1])); !strings.Contains(r.body, fmt.Sprintf(`href="/gestion/observatoire/comparaison?b=%d"`, ids[1])) {
			t.Errorf("the analysis page has no link to compare it")
		}
		r = e.get(c, fmt.Sprintf("/gestion/observatoire/comparaison?b=%d", ids[1]))
		if r.code != 200 || !strings.Contains(r.body, fmt.Sprintf(`<option value="%d" selected>Instagram 2025`, ids[1])) {
			t.Errorf("form with B chosen: %d %s", r.code, r.body)
		}
		url := fmt.Sprintf("/gestion/observatoire/comparaison?a=%d&b=%d", ids[0], ids[1])
		r = e.get(c, url)
		if r.code != 200 || !strings.Contains(r.body, "Comparaison de deux corpus") || !strings.Contains(r.body, `id="comparison"`) ||
			!strings.Contains(r.body, "Instagram 2024") || !strings.Contains(r.body, "Instagram 2025") || !strings.Contains(r.body, "Conforme") {
			t.Fatalf("comparison: %d %s", r.code, r.body)
		}
		if strings.Contains(r.body, `id="rules-differ"`) {
			t.Error("two analyses with the same rules flagged as different")
		}
		for _, tt := range []struct {
			query string
			code  int
			want  string
		}{
			{fmt.Sprintf("a=%d&b=%d", ids[0], ids[0]), http.StatusBadRequest, "deux analyses différentes"},
			{fmt.Sprintf("a=%d&b=999999", ids[0]), http.StatusNotFound, "n'existe pas"},
			{fmt.Sprintf("a=x&b=%d", ids[1]), http.StatusNotFound, "n'existe pas"},
		} {
			r := e.get(c, "/gestion/observatoire/comparaison?"+tt.query)
			if r.code != tt.code || !strings.Contains(html.UnescapeString(r.body), tt.want) || !strings.Contains(r.body, `id="compare-form"`) {
				t.Errorf("%s: %d, want %d with %q and the form", tt.query, r.code, tt.code, tt.want)
			}
		}
		// An analysis not finished yet cannot be compared.
		if _, err := db.Write.ExecContext(ctx, `UPDATE observatory_analyses SET status = 'running' WHERE id = $1`, ids[1]); err != nil {
			t.Fatal(err)
		}
		if r := e.get(c, url); r.code != http.StatusConflict || !strings.Contains(html.UnescapeString(r.body), "Instagram 2025") {
			t.Errorf("running analysis: %d %s", r.code, r.body)
		}
		member := e.signIn(e.user(creatorclub.RoleMember))
		if r := e.get(member, url); r.code != http.StatusForbidden {
			t.Errorf("member: %d", r.code)
		}
	})
}
