package app_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/app"
	"github.com/creatorclub/creatorclub/files"
	"github.com/creatorclub/creatorclub/files/filestest"
	"github.com/creatorclub/creatorclub/observatory/gen"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

func obsCorpus(t *testing.T, n int) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := gen.Write(zw, gen.Options{N: n, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	return buf.Bytes()
}

// uploadCorpus posts a corpus on the club's observatory page as c and
// returns the id of its analysis.
func uploadCorpus(t *testing.T, c *http.Client, m *app.Main, title string, data []byte) int64 {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("title", title)
	mw.WriteField("cutoff", "2023-06-09")
	fw, _ := mw.CreateFormFile("file", "posts.jsonl.gz")
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", m.URL+"/gestion/observatoire", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var id int64
	if _, err := fmt.Sscanf(res.Header.Get("Location"), "/gestion/observatoire/%d", &id); res.StatusCode != http.StatusSeeOther || err != nil {
		t.Fatalf("upload: %d %s", res.StatusCode, b)
	}
	return id
}

// waitDone waits for analysis id to finish, and fails unless it is done.
func waitDone(t *testing.T, m *app.Main, id int64) *creatorclub.CorpusAnalysis {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		a, err := m.DB.FindCorpusAnalysis(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case a.Status == creatorclub.AnalysisDone:
			return a
		case a.Status == creatorclub.AnalysisFailed:
			t.Fatalf("analysis %d failed: %s", id, a.Error)
		case time.Now().After(deadline):
			t.Fatalf("analysis %d did not finish: %+v", id, a)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// getPage returns the status and body of GET u on m as c.
func getPage(t *testing.T, c *http.Client, m *app.Main, u string) (int, string) {
	t.Helper()
	res, err := c.Get(m.URL + u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// wantReport checks that m serves the staff report of analysis id to c and,
// when public, its public page to anyone.
func wantReport(t *testing.T, who string, c *http.Client, m *app.Main, id int64, posts int, public bool) {
	t.Helper()
	page := fmt.Sprintf("/gestion/observatoire/%d", id)
	if code, body := getPage(t, c, m, page+"/rapport"); code != 200 || strings.Count(body, "<svg") < 4 {
		t.Errorf("%s: report: %d %.200s", who, code, body)
	}
	if code, body := getPage(t, c, m, page+"/fichiers/summary.json"); code != 200 || !strings.Contains(body, fmt.Sprintf(`"posts": %d`, posts)) {
		t.Errorf("%s: summary.json: %d %.200s", who, code, body)
	}
	if public {
		if code, body := getPage(t, http.DefaultClient, m, fmt.Sprintf("/observatoire/%d", id)); code != 200 || strings.Count(body, "<svg") < 4 {
			t.Errorf("%s: public report: %d %.200s", who, code, body)
		}
	}
}

// observatoryFilesOnDisk returns the files under DATA_DIR/observatory.
func observatoryFilesOnDisk(t *testing.T, dataDir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(filepath.Join(dataDir, "observatory"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, path)
		}
		return nil
	})
	return out
}

// TestObservatoryAcrossInstances runs two instances of the club on one
// PostgreSQL database and one S3 bucket, each with its own data directory:
// a corpus uploaded through the first is analysed by the second's job
// queue, and both serve the report.
func TestObservatoryAcrossInstances(t *testing.T) {
	if !slicesContain(sqldbtest.Engines(t), sqldb.Postgres) {
		t.Skip("several instances share a PostgreSQL database; set CREATORCLUB_TEST_POSTGRES=required to run this")
	}
	srv := filestest.StartFake(t)
	bucket := storage{kind: "s3", srv: srv}
	dbURL := sqldbtest.DatabaseURL(t)
	// Instances of one club share its safety desk's key.
	t.Setenv("CREATORCLUB_SAFETY_KEY", base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32)))
	dirA, dirB := t.TempDir(), t.TempDir()
	a := startClub(t, []string{"--data-dir", dirA, "--database-url", dbURL}, bucket)
	b := startClub(t, []string{"--data-dir", dirB, "--database-url", dbURL}, bucket)
	// The first instance takes no job: the second's worker must run it.
	if err := a.Queue.Stop(ctx); err != nil {
		t.Fatal(err)
	}

	admin := &creatorclub.User{Email: "analyste@club.test", FirstName: "Ana", LastName: "Lyste", Role: creatorclub.RoleAdmin}
	if err := a.DB.CreateUser(ctx, admin); err != nil {
		t.Fatal(err)
	}
	ca, cb := signedIn(t, a, admin), signedIn(t, b, admin)
	corpus := obsCorpus(t, 2000)
	id := uploadCorpus(t, ca, a, "Instagram 2024", corpus)
	an := waitDone(t, b, id)
	if an.Posts != 2000 {
		t.Fatalf("analysis %+v", an)
	}
	// The second instance wrote the report (in its own directory, emptied
	// since); the first never did.
	if _, err := os.Stat(filepath.Join(dirA, "observatory", "tmp")); !os.IsNotExist(err) {
		t.Errorf("the first instance wrote a report: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dirB, "observatory", "tmp")); err != nil {
		t.Errorf("the second instance wrote no report: %v", err)
	}
	for _, dir := range []string{dirA, dirB} {
		if got := observatoryFilesOnDisk(t, dir); len(got) != 0 {
			t.Errorf("files left on disk: %v", got)
		}
	}
	// The corpus and the report are in the bucket.
	refs, err := a.DB.ListFileReferences(ctx)
	if err != nil {
		t.Fatal(err)
	}
	objects := srv.Objects(t, migratePrefix+"/")
	if len(refs) < 10 || len(objects) != len(refs) {
		t.Errorf("%d files named by the database, %d objects in the bucket", len(refs), len(objects))
	}

	if r := post(t, ca, a.URL+fmt.Sprintf("/gestion/observatoire/%d/publication", id), url.Values{"action": {"publish"}}); r == "" {
		t.Fatal("publish")
	}
	wantReport(t, "first instance", ca, a, id, 2000, true)
	wantReport(t, "second instance", cb, b, id, 2000, true)
}

func slicesContain(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestObservatoryFilesOfAnEarlierVersionMoveAtStart: a club upgraded from a
// version that kept the observatory's files in DATA_DIR/observatory moves
// them into its file store when it starts, and serves them from there; the
// corpus can be analysed again.
func TestObservatoryFilesOfAnEarlierVersionMoveAtStart(t *testing.T) {
	for _, kind := range []string{"disk", "s3"} {
		for engine, db := range stores(t) {
			t.Run(kind+"/"+engine, func(t *testing.T) {
				dataDir := db[1]
				st := storage{kind: kind, dataDir: dataDir, srv: filestest.StartFake(t)}
				club := startClub(t, db, st)
				admin := &creatorclub.User{Email: "analyste@club.test", Role: creatorclub.RoleAdmin}
				if err := club.DB.CreateUser(ctx, admin); err != nil {
					t.Fatal(err)
				}
				// What the earlier version left: the rows, the corpus and its
				// finished, published report, on disk.
				corpus := obsCorpus(t, 500)
				sum := sha256.Sum256(corpus)
				c := &creatorclub.Corpus{Title: "Corpus 2023", FileName: "posts.jsonl.gz", Key: "legacycorpuslegacycorpusl", Size: int64(len(corpus)),
					SHA256: hex.EncodeToString(sum[:])}
				old := &creatorclub.CorpusAnalysis{Cutoff: time.Date(2023, 6, 9, 0, 0, 0, 0, time.UTC), ReportKey: "legacyreportlegacyreportl"}
				if err := club.DB.CreateCorpusAnalysis(ctx, c, old, nil, nil); err != nil {
					t.Fatal(err)
				}
				if err := club.DB.StartAnalysis(ctx, old.ID); err != nil {
					t.Fatal(err)
				}
				if err := club.DB.FinishAnalysis(ctx, old.ID, sqldb.AnalysisFigures{Posts: 500}, nil); err != nil {
					t.Fatal(err)
				}
				if err := club.DB.PublishAnalysis(ctx, old.ID, true, nil); err != nil {
					t.Fatal(err)
				}
				club.Close()
				obsDir := filepath.Join(dataDir, "observatory")
				if err := os.MkdirAll(filepath.Join(obsDir, "corpora", c.Key), 0o750); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(obsDir, "corpora", c.Key, "corpus"), corpus, 0o640); err != nil {
					t.Fatal(err)
				}
				// The report as the earlier version wrote it: the CLI writes
				// the same files.
				reportDir := filepath.Join(obsDir, "reports", old.ReportKey)
				corpusFile := filepath.Join(t.TempDir(), "posts.jsonl.gz")
				os.WriteFile(corpusFile, corpus, 0o600)
				if _, stderr, err := run(t, "observatory", "analyze", corpusFile, "--out", reportDir); err != nil {
					t.Fatalf("analyze: %v %s", err, stderr)
				}
				os.Rename(filepath.Join(reportDir, "report.html"), filepath.Join(reportDir, "report.public.html"))
				os.WriteFile(filepath.Join(reportDir, "report.html"), []byte("<!DOCTYPE html><title>Rapport</title>"+strings.Repeat("<svg></svg>", 4)), 0o640)

				club = startClub(t, db, st)
				if got := observatoryFilesOnDisk(t, dataDir); len(got) != 0 {
					t.Errorf("left in DATA_DIR/observatory: %v", got)
				}
				a, err := club.DB.FindCorpusAnalysis(ctx, old.ID)
				if err != nil {
					t.Fatal(err)
				}
				if a.Corpus.Key != files.KeyFor("observatory corpus "+c.Key) {
					t.Errorf("corpus key %q", a.Corpus.Key)
				}
				client := signedIn(t, club, admin)
				wantReport(t, "moved report", client, club, old.ID, 500, true)

				// The moved corpus is analysed again, from the store.
				next := post(t, client, club.URL+fmt.Sprintf("/gestion/observatoire/%d/relancer", old.ID), url.Values{"cutoff": {"2024-01-01"}})
				var nextID int64
				if _, err := fmt.Sscanf(next, "/gestion/observatoire/%d", &nextID); err != nil {
					t.Fatalf("rerun: %q", next)
				}
				if again := waitDone(t, club, nextID); again.Posts != 500 {
					t.Errorf("rerun %+v", again)
				}
				wantReport(t, "rerun", client, club, nextID, 500, false)
			})
		}
	}
}

// TestFilesMigrateCarriesTheObservatory: "creatorclub files migrate" copies
// the observatory's corpora and reports with the other files, and the club
// started on the new storage serves the reports and analyses the corpora
// again.
func TestFilesMigrateCarriesTheObservatory(t *testing.T) {
	for engine, db := range stores(t) {
		t.Run(engine, func(t *testing.T) {
			dataDir := db[1]
			srv := filestest.StartFake(t)
			disk := storage{kind: "disk", dataDir: dataDir, srv: srv}
			bucket := storage{kind: "s3", dataDir: dataDir, srv: srv}
			club := startClub(t, db, disk)
			admin := &creatorclub.User{Email: "analyste@club.test", Role: creatorclub.RoleAdmin}
			if err := club.DB.CreateUser(ctx, admin); err != nil {
				t.Fatal(err)
			}
			client := signedIn(t, club, admin)
			id := uploadCorpus(t, client, club, "TikTok 2024", obsCorpus(t, 800))
			waitDone(t, club, id)
			refs, err := club.DB.ListFileReferences(ctx)
			if err != nil {
				t.Fatal(err)
			}
			club.Close()

			out, _, err := migrateFiles(t, db, bucket, "--from", "disk", "--to", "s3")
			if err != nil {
				t.Fatalf("migrate: %v\n%s", err, out)
			}
			wantOutput(t, "migration", out, fmt.Sprintf("%d files named by the database", len(refs)), fmt.Sprintf("%d copied and verified", len(refs)),
				"Every file is at the destination")

			club = startClub(t, db, bucket)
			client = signedIn(t, club, admin)
			wantReport(t, "on the bucket", client, club, id, 800, false)
			next := post(t, client, club.URL+fmt.Sprintf("/gestion/observatoire/%d/relancer", id), url.Values{"cutoff": {"2024-01-01"}})
			var nextID int64
			if _, err := fmt.Sscanf(next, "/gestion/observatoire/%d", &nextID); err != nil {
				t.Fatalf("rerun: %q", next)
			}
			waitDone(t, club, nextID)
		})
	}
}

// TestFilesMigrateSaysObservatoryFilesWaitForAStart: observatory files an
// earlier version left in the data directory are not in the store until
// the club starts; the migration says so rather than only listing them
// missing.
func TestFilesMigrateSaysObservatoryFilesWaitForAStart(t *testing.T) {
	dataDir := t.TempDir()
	db := []string{"--data-dir", dataDir}
	srv := filestest.StartFake(t)
	disk := storage{kind: "disk", dataDir: dataDir, srv: srv}
	startClub(t, db, disk).Close()
	_, stderr, err := migrateFiles(t, db, storage{kind: "s3", dataDir: dataDir, srv: srv}, "--from", "disk", "--to", "s3", "--dry-run")
	if err != nil || strings.Contains(stderr, "earlier version") {
		t.Fatalf("nothing of an earlier version: %v %s", err, stderr)
	}
	legacy := filepath.Join(dataDir, "observatory", "corpora", "oldcorpusoldcorpusoldcorp")
	if err := os.MkdirAll(legacy, 0o750); err != nil {
		t.Fatal(err)
	}
	_, stderr, _ = migrateFiles(t, db, storage{kind: "s3", dataDir: dataDir, srv: srv}, "--from", "disk", "--to", "s3", "--dry-run")
	wantOutput(t, "migration with observatory files of an earlier version", stderr,
		filepath.Join(dataDir, "observatory")+" still holds observatory files of an earlier version", "start the club once")
}
