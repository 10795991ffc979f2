package files_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/files"
	"github.com/creatorclub/creatorclub/files/filestest"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

// loc returns the location of the store under test, for Sweep.
func (e *backendEnv) loc() files.Location {
	if e.s3 == nil {
		return files.Location{Dir: e.dir}
	}
	cfg := e.s3.Config
	return files.Location{S3: &cfg}
}

// objectName returns the name in the bucket of the file of key.
func (e *backendEnv) objectName(key string) string {
	if p := strings.Trim(e.s3.Config.Prefix, "/"); p != "" {
		return p + "/" + key
	}
	return key
}

// fakeOnly skips what follows on a real S3 server: it dates objects itself,
// and other data may share its bucket.
func (e *backendEnv) fakeOnly(t *testing.T) {
	t.Helper()
	if e.s3 != nil && e.s3.Config.Bucket != filestest.FakeBucket {
		t.Skip("needs the in-process S3 server")
	}
}

// backdate makes the file of key look written age ago: its modification
// time on disk; in the in-process bucket, its Last-Modified (the object is
// written again, dated then).
func (e *backendEnv) backdate(t *testing.T, key string, age time.Duration) {
	t.Helper()
	if e.s3 == nil {
		at := time.Now().Add(-age)
		if err := os.Chtimes(filepath.Join(e.dir, key[:2], key), at, at); err != nil {
			t.Fatal(err)
		}
		return
	}
	e.fakeOnly(t)
	e.s3.PutAged(t, e.objectName(key), filestest.ReadFile(t, e.store, key), age)
}

// putFile puts content in the store under a new key and returns the key.
func putFile(t *testing.T, st *files.Store, name, content string) string {
	t.Helper()
	stored, err := st.Put(context.Background(), "", name, "text/plain", strings.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	return stored.Key
}

func newKey() string { return strings.ToLower(rand.Text()) }

// listedKeys returns the keys of the files the store holds.
func listedKeys(t *testing.T, st *files.Store) []string {
	t.Helper()
	l, err := st.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range l.Objects {
		keys = append(keys, o.Key)
	}
	return keys
}

// TestStoreList lists the files of each backend with their size and
// modification time, and nothing else as a file: not the staging folder,
// not what other programs left in the directory, in folders of the bucket
// or outside its prefix.
func TestStoreList(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *backendEnv) {
		ctx := context.Background()
		if l, err := e.store.List(ctx); err != nil || len(l.Objects) != 0 || len(l.Others) != 0 {
			t.Fatalf("empty store: %+v, %v", l, err)
		}
		before := time.Now()
		contents := map[string]string{}
		for i, c := range []string{"un", "deux fichiers", strings.Repeat("trois ", 1000)} {
			contents[putFile(t, e.store, fmt.Sprintf("f%d.txt", i), c)] = c
		}
		after := time.Now()
		var old string
		for k := range contents {
			old = k
			break
		}
		e.backdate(t, old, 72*time.Hour)

		var wantOthers []string
		if e.s3 == nil {
			// What a crashed upload left in the staging folder, with a
			// key's name, and what another program left around.
			stray := newKey()
			for path, content := range map[string]string{
				filepath.Join("tmp", newKey()):            "upload interrompu",
				filepath.Join("tmp", "upload-123"):        "upload interrompu",
				"notes.txt":                               "notes de l'administrateur",
				filepath.Join("sauvegarde", newKey()):     "copie",
				filepath.Join(stray[:2], "pas-une-cle"):   "autre",
				filepath.Join("zz", stray):                "clé rangée ailleurs",
				filepath.Join(stray[:2], stray, "dedans"): "un dossier au nom d'une clé",
			} {
				p := filepath.Join(e.dir, path)
				if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(content), 0o640); err != nil {
					t.Fatal(err)
				}
			}
			sep := string(filepath.Separator)
			wantOthers = []string{"notes.txt", "sauvegarde" + sep, filepath.Join(stray[:2], "pas-une-cle"),
				filepath.Join(stray[:2], stray) + sep, filepath.Join("zz", stray)}
		} else {
			prefix := e.objectName("")
			extra := map[string]string{
				prefix + "notes.txt":        "notes",
				prefix + "sous/" + newKey(): "dans un dossier du préfixe",
			}
			if e.s3.Config.Bucket == filestest.FakeBucket {
				// Outside the prefix: other data of a shared bucket.
				extra[newKey()] = "à la racine"
				extra["ailleurs/"+newKey()] = "ailleurs"
			}
			for name, content := range extra {
				if _, err := e.s3.Client.PutObject(ctx, e.s3.Config.Bucket, name, strings.NewReader(content), int64(len(content)), minio.PutObjectOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			wantOthers = []string{prefix + "notes.txt", prefix + "sous/"}
		}

		l, err := e.store.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for k := range contents {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var got []string
		for _, o := range l.Objects {
			got = append(got, o.Key)
			if o.Size != int64(len(contents[o.Key])) {
				t.Errorf("%s: size %d, want %d", o.Key, o.Size, len(contents[o.Key]))
			}
			want := before.Add(-time.Second)
			if o.Key == old {
				want = want.Add(-72 * time.Hour)
			}
			if o.ModTime.Before(want.Add(-time.Minute)) || o.ModTime.After(want.Add(after.Sub(before)+time.Minute)) {
				t.Errorf("%s: modified at %v, want about %v", o.Key, o.ModTime, want)
			}
		}
		if !slices.Equal(got, keys) {
			t.Errorf("List found the files %v, want %v", got, keys)
		}
		slices.Sort(l.Others)
		slices.Sort(wantOthers)
		if !slices.Equal(l.Others, wantOthers) {
			t.Errorf("List found besides %q, want %q", l.Others, wantOthers)
		}
	})
}

// sweepEnv is a club's database and store for a sweep: an event to attach
// materials to.
type sweepEnv struct {
	db    *sqldb.DB
	e     *backendEnv
	event *creatorclub.Event
}

func newSweepEnv(t *testing.T, db *sqldb.DB, e *backendEnv) *sweepEnv {
	t.Helper()
	ctx := context.Background()
	staff := &creatorclub.User{Email: "staff@club.test", Role: creatorclub.RoleAdmin}
	if err := db.CreateUser(ctx, staff); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(24 * time.Hour).UTC().Truncate(time.Minute)
	ev := &creatorclub.Event{Kind: creatorclub.KindMasterclass, Title: "Masterclass contrats", StartsAt: start, EndsAt: start.Add(2 * time.Hour),
		TimeZone: "Europe/Paris", Audience: creatorclub.AudienceMembers, Capacity: 100, Status: creatorclub.EventPublished,
		CreatedBy: staff.ID, RoomKind: creatorclub.RoomJitsi, Room: "contrats-abc"}
	if err := db.CreateEvent(ctx, ev, nil); err != nil {
		t.Fatal(err)
	}
	return &sweepEnv{db: db, e: e, event: ev}
}

// name records a row naming the file of key, as an upload's commit does.
func (s *sweepEnv) name(t *testing.T, key string) {
	t.Helper()
	m := &creatorclub.Material{EventID: s.event.ID, Name: key + ".txt", ContentType: "text/plain", Size: 1, Key: key, SHA256: "-", UploadedBy: s.event.CreatedBy}
	if err := s.db.AddMaterial(context.Background(), m); err != nil {
		t.Fatal(err)
	}
}

func orphanKeys(list []*files.Orphan) []string {
	var keys []string
	for _, o := range list {
		keys = append(keys, o.Key)
	}
	return keys
}

// TestSweep sweeps a store against a club's database, on each engine and
// backend: a dry run deletes nothing; a run with Delete deletes the old
// files no row names, and only them: not a named file, not one written
// within the grace period, not one a row names once listed, not one
// written again once listed, not what the staging folder holds.
func TestSweep(t *testing.T) {
	for _, engine := range sqldbtest.Engines(t) {
		t.Run(engine, func(t *testing.T) { testSweep(t, engine) })
	}
}

func testSweep(t *testing.T, engine string) {
	eachBackend(t, func(t *testing.T, e *backendEnv) {
		ctx := context.Background()
		e.fakeOnly(t)
		db := sqldbtest.Open(t, engine)
		s := newSweepEnv(t, db, e)
		const old = 72 * time.Hour
		named := putFile(t, e.store, "supports.txt", "nommé par un support")
		s.name(t, named)
		orphan := putFile(t, e.store, "orphelin.txt", "laissé par un plantage")
		late := putFile(t, e.store, "tardif.txt", "nommé pendant le balayage")
		rewritten := putFile(t, e.store, "reecrit.txt", "écrit de nouveau pendant le balayage")
		for _, k := range []string{named, orphan, late, rewritten} {
			e.backdate(t, k, old)
		}
		recent := putFile(t, e.store, "recent.txt", "un envoi en cours")
		e.backdate(t, recent, 50*time.Minute)
		var staged string
		if e.s3 == nil {
			staged = filepath.Join(e.dir, "tmp", newKey())
			if err := os.WriteFile(staged, []byte("envoi en cours de contrôle"), 0o640); err != nil {
				t.Fatal(err)
			}
			at := time.Now().Add(-old)
			if err := os.Chtimes(staged, at, at); err != nil {
				t.Fatal(err)
			}
		}
		all := listedKeys(t, e.store)
		opts := files.SweepOptions{OlderThan: time.Hour}

		// A dry run lists and deletes nothing.
		rep, err := files.Sweep(ctx, e.loc(), db.ListFileReferences, opts)
		if err != nil {
			t.Fatal(err)
		}
		wantOrphans := sortedKeys(orphan, late, rewritten)
		if got := orphanKeys(rep.Orphans); !rep.DryRun || !slices.Equal(got, wantOrphans) {
			t.Errorf("dry run: orphans %v (dry run %v), want %v", got, rep.DryRun, wantOrphans)
		}
		if got := orphanKeys(rep.Recent); !slices.Equal(got, []string{recent}) {
			t.Errorf("dry run: recent %v, want %v", got, recent)
		}
		if rep.Files != 5 || rep.Referenced != 1 || rep.Missing != 0 || len(rep.Others) != 0 {
			t.Errorf("dry run: %d files, %d named, %d missing, others %v; want 5, 1, 0, none", rep.Files, rep.Referenced, rep.Missing, rep.Others)
		}
		if want := int64(len("laissé par un plantage") + len("nommé pendant le balayage") + len("écrit de nouveau pendant le balayage")); rep.OrphanBytes() != want {
			t.Errorf("dry run: orphans of %d bytes, want %d", rep.OrphanBytes(), want)
		}
		for _, o := range rep.Orphans {
			if o.Deleted || o.Age < old-time.Minute || o.Age > old+time.Hour {
				t.Errorf("dry run: %s deleted %v, age %v", o.Key, o.Deleted, o.Age)
			}
		}
		if got := listedKeys(t, e.store); !slices.Equal(got, all) {
			t.Fatalf("the dry run deleted %v", slices.DeleteFunc(all, func(k string) bool { return slices.Contains(got, k) }))
		}

		// Between the listing and the deletions, an upload commits the
		// row naming one, and a move puts another again under its key.
		calls := 0
		refs := func(ctx context.Context) ([]creatorclub.FileReference, error) {
			if calls++; calls == 2 {
				s.name(t, late)
				if _, err := e.store.Put(ctx, rewritten, "reecrit.txt", "text/plain", strings.NewReader("de nouveau")); err != nil {
					t.Fatal(err)
				}
			}
			return db.ListFileReferences(ctx)
		}
		rep, err = files.Sweep(ctx, e.loc(), refs, files.SweepOptions{OlderThan: time.Hour, Delete: true})
		if err != nil {
			t.Fatal(err)
		}
		if calls != 2 {
			t.Errorf("the references were read %d times, want twice", calls)
		}
		for _, o := range rep.Orphans {
			var want string
			switch o.Key {
			case orphan:
				want = "deleted"
			case late:
				want = "kept: a row names it since it was listed"
			case rewritten:
				want = "kept: written again since it was listed"
			}
			got := "kept: " + o.Kept
			if o.Deleted {
				got = "deleted"
			}
			if got != want || o.Err != nil {
				t.Errorf("%s: %s (%v), want %s", o.Key, got, o.Err, want)
			}
		}
		if n, size := rep.Deleted(); n != 1 || size != int64(len("laissé par un plantage")) {
			t.Errorf("deleted %d files, %d bytes; want 1", n, size)
		}
		if got, want := listedKeys(t, e.store), sortedKeys(named, late, rewritten, recent); !slices.Equal(got, want) {
			t.Errorf("the store holds %v, want %v", got, want)
		}
		if staged != "" {
			if _, err := os.Stat(staged); err != nil {
				t.Errorf("the staging folder lost a file: %v", err)
			}
		}
		if got := string(filestest.ReadFile(t, e.store, named)); got != "nommé par un support" {
			t.Errorf("the named file holds %q", got)
		}

		// A grace period under an hour is refused.
		if _, err := files.Sweep(ctx, e.loc(), db.ListFileReferences, files.SweepOptions{OlderThan: 59 * time.Minute, Delete: true}); err == nil ||
			!strings.Contains(err.Error(), "shorter than 1h") {
			t.Errorf("a grace period of 59 minutes: %v", err)
		}
		// A database that names none of the files is not the club's:
		// nothing is deleted.
		other := sqldbtest.Open(t, db.Engine)
		rep, err = files.Sweep(ctx, e.loc(), other.ListFileReferences, files.SweepOptions{OlderThan: time.Hour, Delete: true})
		if err == nil || !strings.Contains(err.Error(), "the database names none of the 4 files") {
			t.Errorf("sweep against another database: %v", err)
		}
		// The file written again is recent now.
		if rep == nil || !slices.Equal(orphanKeys(rep.Orphans), sortedKeys(named, late)) {
			t.Errorf("sweep against another database: report %+v", rep)
		}
		if got, want := listedKeys(t, e.store), sortedKeys(named, late, rewritten, recent); !slices.Equal(got, want) {
			t.Errorf("a sweep against another database left %v, want %v", got, want)
		}
	})
}

// TestSweepRefusesBadLocations: a location that does not exist is an error,
// and nothing is created.
func TestSweepRefusesBadLocations(t *testing.T) {
	ctx := context.Background()
	none := func(context.Context) ([]creatorclub.FileReference, error) { return nil, nil }
	dir := filepath.Join(t.TempDir(), "files")
	if _, err := files.Sweep(ctx, files.Location{Dir: dir}, none, files.SweepOptions{OlderThan: time.Hour}); err == nil ||
		!strings.Contains(err.Error(), "no such directory") {
		t.Errorf("missing directory: %v", err)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("Sweep created %s", dir)
	}
	srv := filestest.StartFake(t)
	cfg := srv.Config
	cfg.Bucket = "pas-de-seau"
	if _, err := files.Sweep(ctx, files.Location{S3: &cfg}, none, files.SweepOptions{OlderThan: time.Hour}); err == nil ||
		!strings.Contains(err.Error(), `bucket "pas-de-seau" does not exist`) {
		t.Errorf("missing bucket: %v", err)
	}
	if got := srv.Objects(t, ""); len(got) != 0 {
		t.Errorf("the bucket holds %v", got)
	}
}
