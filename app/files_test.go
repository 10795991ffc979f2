package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/app"
	"github.com/creatorclub/creatorclub/files"
	"github.com/creatorclub/creatorclub/files/filestest"
)

// storage is where a test club keeps its uploaded files: its data directory
// or a prefix of the in-process S3 server's bucket.
type storage struct {
	kind    string // "disk" or "s3"
	dataDir string
	srv     *filestest.S3
}

const migratePrefix = "club/fichiers"

// args returns the flags that put a command on the storage, and sets the
// bucket's secret in the environment only when the storage is the bucket
// (a secret alone would make serve look for a bucket).
func (s storage) args(t *testing.T) []string {
	if s.kind == "disk" {
		t.Setenv("CREATORCLUB_S3_SECRET_KEY", "")
		return []string{"--s3-endpoint", "", "--s3-bucket", "", "--s3-access-key", ""}
	}
	t.Setenv("CREATORCLUB_S3_SECRET_KEY", s.srv.Config.SecretKey)
	return []string{"--s3-endpoint", s.srv.Config.Endpoint, "--s3-bucket", s.srv.Config.Bucket,
		"--s3-access-key", s.srv.Config.AccessKey, "--s3-region", "us-east-1", "--s3-prefix", migratePrefix}
}

// keys returns the keys of the files held, sorted.
func (s storage) keys(t *testing.T) []string {
	t.Helper()
	var keys []string
	if s.kind == "s3" {
		for _, name := range s.srv.Objects(t, migratePrefix+"/") {
			keys = append(keys, strings.TrimPrefix(name, migratePrefix+"/"))
		}
		return keys
	}
	paths, err := filepath.Glob(filepath.Join(s.dataDir, "files", "??", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		keys = append(keys, filepath.Base(p))
	}
	slices.Sort(keys)
	return keys
}

// put writes b under key behind the club's back, with the key layout of
// the storage.
func (s storage) put(t *testing.T, key string, b []byte) {
	t.Helper()
	if s.kind == "s3" {
		if _, err := s.srv.Client.PutObject(context.Background(), s.srv.Config.Bucket, migratePrefix+"/"+key, bytes.NewReader(b), int64(len(b)), minio.PutObjectOptions{}); err != nil {
			t.Fatal(err)
		}
		return
	}
	dir := filepath.Join(s.dataDir, "files", key[:2])
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, key), b, 0o640); err != nil {
		t.Fatal(err)
	}
}

// read returns what the storage holds under key.
func (s storage) read(t *testing.T, key string) []byte {
	t.Helper()
	if s.kind == "s3" {
		obj, err := s.srv.Client.GetObject(context.Background(), s.srv.Config.Bucket, migratePrefix+"/"+key, minio.GetObjectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer obj.Close()
		b, err := io.ReadAll(obj)
		if err != nil {
			t.Fatalf("read %s: %v", key, err)
		}
		return b
	}
	b, err := os.ReadFile(filepath.Join(s.dataDir, "files", key[:2], key))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// startClub runs the club on the database db (the data directory and,
// on PostgreSQL, the URL) with its files on st.
func startClub(t *testing.T, db []string, st storage) *app.Main {
	t.Helper()
	m := app.NewMain()
	m.Stdout = io.Discard
	m.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	args := append(append([]string{"--addr", "127.0.0.1:0", "--base-url", ""}, db...), st.args(t)...)
	var stderr bytes.Buffer
	if err := m.ParseFlags("serve", args, &stderr); err != nil {
		t.Fatalf("serve %v: %v %s", args, err, stderr.String())
	}
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("serve: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// migrateFiles runs "creatorclub files migrate" with the settings of a
// storage (those of the bucket, for a migration to or from it) and args.
func migrateFiles(t *testing.T, db []string, settings storage, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	full := append(append(append([]string{"files", "migrate"}, db...), settings.args(t)...), args...)
	err = app.Run(context.Background(), full, &out, &errOut)
	return out.String(), errOut.String(), err
}

// clubFiles are the files a test club uploaded, one in each table that
// names files, and one whose file is gone.
type clubFiles struct {
	admin                          *creatorclub.User
	event                          *creatorclub.Event
	material, lost                 *creatorclub.Material
	course                         *creatorclub.Course
	lessonMaterial                 *creatorclub.LessonMaterial
	document                       *creatorclub.CommitteeDocument
	version                        *creatorclub.DocumentVersion
	content                        map[string][]byte // by key
	materialURL, lessonURL, docURL string
}

func (c *clubFiles) keys() []string {
	keys := []string{c.material.Key, c.lessonMaterial.Key, c.version.Key}
	slices.Sort(keys)
	return keys
}

// uploadClubFiles saves files through the running club's store and records
// them as its pages do.
func uploadClubFiles(t *testing.T, m *app.Main) *clubFiles {
	t.Helper()
	c := &clubFiles{content: map[string][]byte{}}
	save := func(name, content string) *files.Stored {
		st, err := m.Server.Files.Save(ctx, name, strings.NewReader(content), files.DefaultMaterialLimits)
		if err != nil {
			t.Fatal(err)
		}
		c.content[st.Key] = []byte(content)
		return st
	}
	c.admin = &creatorclub.User{Email: "admin@club.test", FirstName: "Claire", LastName: "Admin", Role: creatorclub.RoleAdmin}
	if err := m.DB.CreateUser(ctx, c.admin); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(-48 * time.Hour).UTC().Truncate(time.Minute)
	c.event = &creatorclub.Event{Kind: creatorclub.KindMasterclass, Title: "Masterclass contrats", StartsAt: start, EndsAt: start.Add(2 * time.Hour),
		TimeZone: "Europe/Paris", Audience: creatorclub.AudienceMembers, Capacity: 100, Status: creatorclub.EventPublished,
		CreatedBy: c.admin.ID, RoomKind: creatorclub.RoomJitsi, Room: "contrats-abc"}
	if err := m.DB.CreateEvent(ctx, c.event, nil); err != nil {
		t.Fatal(err)
	}
	material := func(name, content string) *creatorclub.Material {
		st := save(name, content)
		mat := &creatorclub.Material{EventID: c.event.ID, Name: st.Name, ContentType: st.ContentType, Size: st.Size, Key: st.Key, SHA256: st.SHA256, UploadedBy: c.admin.ID}
		if err := m.DB.AddMaterial(ctx, mat); err != nil {
			t.Fatal(err)
		}
		return mat
	}
	c.material = material("supports.txt", strings.Repeat("Article 5 : la mention « Publicité » est obligatoire.\n", 2000))
	// A file that a failed restore lost: the database still names it.
	c.lost = material("perdu.txt", "Ce support a disparu du stockage.\n")
	if err := m.Server.Files.Delete(c.lost.Key); err != nil {
		t.Fatal(err)
	}
	delete(c.content, c.lost.Key)

	c.course = &creatorclub.Course{Title: "Loi du 9 juin 2023", Status: creatorclub.CourseDraft}
	if err := m.DB.CreateCourse(ctx, c.course); err != nil {
		t.Fatal(err)
	}
	lesson := &creatorclub.Lesson{CourseID: c.course.ID, Title: "Les mentions"}
	if err := m.DB.SaveLesson(ctx, lesson); err != nil {
		t.Fatal(err)
	}
	st := save("fiche.txt", "Fiche : « Collaboration commerciale » en début de légende.\n")
	c.lessonMaterial = &creatorclub.LessonMaterial{LessonID: lesson.ID, Name: st.Name, ContentType: st.ContentType, Size: st.Size, Key: st.Key, SHA256: st.SHA256}
	if err := m.DB.AddLessonMaterial(ctx, c.lessonMaterial); err != nil {
		t.Fatal(err)
	}

	st = save("ordre-du-jour.txt", "Comité de suivi : ordre du jour de la séance.\n")
	c.document = &creatorclub.CommitteeDocument{Title: "Ordre du jour", CreatedBy: c.admin.ID}
	c.version = &creatorclub.DocumentVersion{Name: st.Name, ContentType: st.ContentType, Size: st.Size, Key: st.Key, SHA256: st.SHA256, UploadedBy: c.admin.ID}
	if err := m.DB.CreateDocument(ctx, c.document, c.version, nil); err != nil {
		t.Fatal(err)
	}
	c.materialURL = fmt.Sprintf("/evenements/%d/supports/%d", c.event.ID, c.material.ID)
	c.lessonURL = fmt.Sprintf("/formations/%d/supports/%d", c.course.ID, c.lessonMaterial.ID)
	c.docURL = fmt.Sprintf("/comite/documents/%d/versions/%d", c.document.ID, c.version.ID)
	return c
}

// signedIn returns an HTTP client signed in to the club as u.
func signedIn(t *testing.T, m *app.Main, u *creatorclub.User) *http.Client {
	t.Helper()
	token, err := m.DB.CreateSignInToken(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post(t, c, m.URL+"/connexion/lien", url.Values{"token": {token}})
	return c
}

func wantOutput(t *testing.T, what, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("%s: the output lacks %q:\n%s", what, w, out)
		}
	}
}

// TestFilesMigrate moves a club's files from its data directory to a
// bucket and the other way, on each database engine, as an operator would:
// a dry run, a run resumed after an interrupted one, a damaged copy found
// and replaced, then the club started on the new storage serves the files.
func TestFilesMigrate(t *testing.T) {
	for _, dir := range []struct{ from, to string }{{"disk", "s3"}, {"s3", "disk"}} {
		t.Run(dir.from+"-to-"+dir.to, func(t *testing.T) {
			for engine, db := range stores(t) {
				t.Run(engine, func(t *testing.T) {
					srv := filestest.StartFake(t)
					dataDir := db[1]
					src := storage{kind: dir.from, dataDir: dataDir, srv: srv}
					dst := storage{kind: dir.to, dataDir: dataDir, srv: srv}
					// The --s3-* settings describe the bucket, whichever
					// side it is on; the data directory is the other.
					bucket := storage{kind: "s3", dataDir: dataDir, srv: srv}
					fromTo := []string{"--from", dir.from, "--to", dir.to}

					club := startClub(t, db, src)
					f := uploadClubFiles(t, club)
					if err := club.Close(); err != nil {
						t.Fatal(err)
					}
					sourceKeys := src.keys(t)
					if !slices.Equal(sourceKeys, f.keys()) {
						t.Fatalf("the source holds %v, want %v", sourceKeys, f.keys())
					}
					lostLine := fmt.Sprintf(`%s  event %d (event_materials id %d) "perdu.txt"`, f.lost.Key, f.event.ID, f.lost.ID)

					// A dry run lists what it would do and writes nothing.
					out, _, err := migrateFiles(t, db, bucket, append(fromTo, "--dry-run")...)
					if err == nil || !strings.Contains(err.Error(), "1 missing at the source") {
						t.Errorf("dry run with a lost file: %v", err)
					}
					wantOutput(t, "dry run", out, "DRY RUN", "4 files named by the database", "3 to copy", "0 already at the destination",
						"1 missing at the source", lostLine)
					if got := dst.keys(t); len(got) != 0 {
						t.Fatalf("the dry run wrote %v", got)
					}

					// An earlier run was interrupted after copying one file.
					dst.put(t, f.version.Key, f.content[f.version.Key])
					out, progress, err := migrateFiles(t, db, bucket, fromTo...)
					if err == nil || !strings.Contains(err.Error(), "1 of 4 files are not at the destination") {
						t.Errorf("migration with a lost file: %v", err)
					}
					wantOutput(t, "resumed migration", out, "2 copied and verified", "1 already at the destination, identical",
						"1 missing at the source", lostLine)
					wantOutput(t, "progress", progress, "files: 4 references in the "+engine+" database")
					if got := dst.keys(t); !slices.Equal(got, f.keys()) {
						t.Fatalf("the destination holds %v, want %v", got, f.keys())
					}

					// A copy damaged at the destination is found and replaced.
					damaged := slices.Clone(f.content[f.material.Key])
					damaged[1000] ^= 1
					dst.put(t, f.material.Key, damaged)
					out, _, _ = migrateFiles(t, db, bucket, fromTo...)
					wantOutput(t, "after damage", out, "1 copied and verified", "1 of them replacing a different copy",
						"2 already at the destination", "Replaced at the destination",
						fmt.Sprintf(`%s  event %d (event_materials id %d) "supports.txt"`, f.material.Key, f.event.ID, f.material.ID))

					// Once the lost material is removed from the club, the
					// migration is complete.
					club = startClub(t, db, src)
					if err := club.DB.DeleteMaterial(ctx, f.event.ID, f.lost.ID); err != nil {
						t.Fatal(err)
					}
					club.Close()
					out, _, err = migrateFiles(t, db, bucket, fromTo...)
					if err != nil {
						t.Fatalf("complete migration: %v\n%s", err, out)
					}
					wantOutput(t, "complete migration", out, "3 files named by the database", "0 copied", "3 already at the destination",
						"0 missing", "Every file is at the destination")

					for key, content := range f.content {
						if !bytes.Equal(dst.read(t, key), content) {
							t.Errorf("%s differs at the destination", key)
						}
						if !bytes.Equal(src.read(t, key), content) {
							t.Errorf("%s changed at the source", key)
						}
					}
					if got := src.keys(t); !slices.Equal(got, sourceKeys) {
						t.Errorf("the source holds %v, held %v", got, sourceKeys)
					}

					// The club started on the new storage serves the files.
					club = startClub(t, db, dst)
					client := signedIn(t, club, f.admin)
					for u, key := range map[string]string{f.materialURL: f.material.Key, f.lessonURL: f.lessonMaterial.Key, f.docURL: f.version.Key} {
						res, err := client.Get(club.URL + u)
						if err != nil {
							t.Fatal(err)
						}
						body, _ := io.ReadAll(res.Body)
						res.Body.Close()
						if res.StatusCode != http.StatusOK || !bytes.Equal(body, f.content[key]) {
							t.Errorf("GET %s on the new storage: %d, %d bytes, want the %d migrated", u, res.StatusCode, len(body), len(f.content[key]))
						}
					}
				})
			}
		})
	}
}

// TestFilesMigrateRefusesBadSettings: wrong settings are refused before
// anything is copied, most before the database is even opened.
func TestFilesMigrateRefusesBadSettings(t *testing.T) {
	srv := filestest.StartFake(t)
	dataDir := t.TempDir()
	db := []string{"--data-dir", dataDir}
	disk := storage{kind: "disk", dataDir: dataDir, srv: srv}
	bucket := storage{kind: "s3", dataDir: dataDir, srv: srv}
	club := startClub(t, db, disk)
	f := uploadClubFiles(t, club)
	club.Close()
	stopped := httptest.NewServer(http.NotFoundHandler())
	stopped.Close()

	for _, tt := range []struct {
		name     string
		settings storage
		args     []string
		want     string
	}{
		{"no --from", disk, []string{"--to", "s3"}, `--from "": want disk or s3`},
		{"unknown --to", disk, []string{"--from", "disk", "--to", "ftp"}, `--to "ftp": want disk or s3`},
		{"disk to itself", disk, []string{"--from", "disk", "--to", "disk"}, "the destination is the source; give --to-data-dir"},
		{"same data directory written another way", disk, []string{"--from", "disk", "--to", "disk", "--to-data-dir", dataDir + "/."}, "the destination is the source"},
		{"bucket to itself", bucket, []string{"--from", "s3", "--to", "s3"}, "the destination is the source; give --to-s3-bucket"},
		{"same prefix written another way", bucket, []string{"--from", "s3", "--to", "s3", "--to-s3-prefix", "/" + migratePrefix + "/"}, "the destination is the source"},
		{"no bucket configured", disk, []string{"--from", "disk", "--to", "s3"}, "--to s3: no bucket configured"},
		{"S3 flag for a disk destination", bucket, []string{"--from", "s3", "--to", "disk", "--to-s3-bucket", "autre"}, "--to-s3-bucket describes an S3 destination"},
		{"missing bucket", disk, []string{"--from", "disk", "--to", "s3", "--to-s3-bucket", "pas-de-seau",
			"--to-s3-endpoint", srv.Config.Endpoint, "--to-s3-access-key", srv.Config.AccessKey}, `bucket "pas-de-seau" does not exist`},
		{"unreachable server", disk, []string{"--from", "disk", "--to", "s3", "--to-s3-bucket", srv.Config.Bucket,
			"--to-s3-endpoint", stopped.URL, "--to-s3-access-key", srv.Config.AccessKey}, "cannot reach bucket"},
		{"invalid prefix", bucket, []string{"--from", "s3", "--to", "s3", "--to-s3-prefix", "a/../b"}, "S3 prefix"},
	} {
		if tt.name == "missing bucket" || tt.name == "unreachable server" {
			t.Setenv("CREATORCLUB_TO_S3_SECRET_KEY", srv.Config.SecretKey)
		}
		out, _, err := migrateFiles(t, db, tt.settings, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an error saying %q\n%s", tt.name, err, tt.want, out)
		}
		if got := srv.Objects(t, ""); len(got) != 0 {
			t.Fatalf("%s: the bucket holds %v", tt.name, got)
		}
	}
	if got := disk.keys(t); !slices.Equal(got, f.keys()) {
		t.Errorf("the data directory holds %v", got)
	}
}
