package files_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
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
)

// side is a location of a migration test and ways to look at it behind
// the store's back.
type side struct {
	loc   files.Location
	store func(t *testing.T) *files.Store          // a store on it, made when first asked (a disk store creates its directory)
	put   func(t *testing.T, key string, b []byte) // writes raw bytes under key, as a damaged copy would be
	keys  func(t *testing.T) []string              // the keys held, sorted, staging directory apart
	temps func(t *testing.T) []string              // files left in the staging directory
}

func diskSide(t *testing.T) *side {
	dir := filepath.Join(t.TempDir(), "files")
	var st *files.Store
	return &side{
		loc: files.Location{Dir: dir},
		store: func(t *testing.T) *files.Store {
			if st == nil {
				var err error
				if st, err = files.NewStore(dir); err != nil {
					t.Fatal(err)
				}
			}
			return st
		},
		put: func(t *testing.T, key string, b []byte) {
			if err := os.MkdirAll(filepath.Join(dir, key[:2]), 0o750); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, key[:2], key), b, 0o640); err != nil {
				t.Fatal(err)
			}
		},
		keys: func(t *testing.T) []string {
			var keys []string
			err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				} else if err != nil {
					return err
				}
				if d.IsDir() && d.Name() == "tmp" {
					return filepath.SkipDir
				}
				if d.Type().IsRegular() {
					keys = append(keys, d.Name())
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(keys)
			return keys
		},
		temps: func(t *testing.T) []string { return filesUnder(t, filepath.Join(dir, "tmp")) },
	}
}

func s3Side(t *testing.T, srv *filestest.S3, prefix string) *side {
	cfg := srv.Config
	cfg.Prefix = prefix
	cfg.TempDir = filepath.Join(t.TempDir(), "staging")
	var st *files.Store
	return &side{
		loc: files.Location{S3: &cfg},
		store: func(t *testing.T) *files.Store {
			if st == nil {
				var err error
				if st, err = files.NewS3Store(context.Background(), cfg); err != nil {
					t.Fatal(err)
				}
			}
			return st
		},
		put: func(t *testing.T, key string, b []byte) {
			if _, err := srv.Client.PutObject(context.Background(), cfg.Bucket, prefix+"/"+key, bytes.NewReader(b), int64(len(b)), minio.PutObjectOptions{}); err != nil {
				t.Fatal(err)
			}
		},
		keys: func(t *testing.T) []string {
			var keys []string
			for _, name := range srv.Objects(t, prefix+"/") {
				keys = append(keys, strings.TrimPrefix(name, prefix+"/"))
			}
			return keys
		},
		temps: func(t *testing.T) []string { return filesUnder(t, cfg.TempDir) },
	}
}

// filesUnder returns the regular files under dir, none when it is missing.
func filesUnder(t *testing.T, dir string) []string {
	t.Helper()
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return regularFilesUnder(t, dir)
}

// sidePairs are the migrations tested: each direction an operator may take.
var sidePairs = []struct {
	name     string
	from, to func(t *testing.T, srv *filestest.S3) *side
}{
	{"disk-to-s3", func(t *testing.T, _ *filestest.S3) *side { return diskSide(t) },
		func(t *testing.T, srv *filestest.S3) *side { return s3Side(t, srv, "club/fichiers") }},
	{"s3-to-disk", func(t *testing.T, srv *filestest.S3) *side { return s3Side(t, srv, "club") },
		func(t *testing.T, _ *filestest.S3) *side { return diskSide(t) }},
	{"s3-to-other-prefix", func(t *testing.T, srv *filestest.S3) *side { return s3Side(t, srv, "ancien") },
		func(t *testing.T, srv *filestest.S3) *side { return s3Side(t, srv, "nouveau") }},
	{"disk-to-disk", func(t *testing.T, _ *filestest.S3) *side { return diskSide(t) },
		func(t *testing.T, _ *filestest.S3) *side { return diskSide(t) }},
}

// seeded is a file saved in a source store and the row that names it.
type seeded struct {
	ref     creatorclub.FileReference
	content []byte
}

// seed saves three files in the store and returns them with references as
// the database would hold them.
func seed(t *testing.T, st *files.Store) []seeded {
	t.Helper()
	var big strings.Builder
	for i := range 20000 {
		big.WriteString("Ligne du compte rendu numéro ")
		big.WriteString(strings.Repeat("x", i%13))
		big.WriteString("\n")
	}
	var out []seeded
	for i, f := range []struct{ table, name, content string }{
		{creatorclub.FileTableEventMaterials, "supports.pdf", pdfDoc},
		{creatorclub.FileTableLessonMaterials, "compte-rendu.txt", big.String()},
		{creatorclub.FileTableCommitteeVersion, "ordre-du-jour.txt", "Ordre du jour : 1. Bilan 2. Questions diverses\n"},
	} {
		stored, err := st.Save(context.Background(), f.name, strings.NewReader(f.content), files.DefaultMaterialLimits)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, seeded{content: []byte(f.content), ref: creatorclub.FileReference{Table: f.table, ID: int64(i + 1), OwnerID: 7,
			Name: stored.Name, ContentType: stored.ContentType, Size: stored.Size, Key: stored.Key, SHA256: stored.SHA256}})
	}
	return out
}

func keysOf(list []*files.MigratedFile) []string {
	var keys []string
	for _, f := range list {
		keys = append(keys, f.Key)
	}
	slices.Sort(keys)
	return keys
}

func sortedKeys(keys ...string) []string {
	keys = slices.Clone(keys)
	slices.Sort(keys)
	return keys
}

// wantReport checks which files a report puts in each list.
func wantReport(t *testing.T, what string, rep *files.MigrationReport, copied, present, missing []string) {
	t.Helper()
	if got := keysOf(rep.Copied); !slices.Equal(got, sortedKeys(copied...)) {
		t.Errorf("%s: copied %v, want %v", what, got, sortedKeys(copied...))
	}
	if got := keysOf(rep.Present); !slices.Equal(got, sortedKeys(present...)) {
		t.Errorf("%s: already there %v, want %v", what, got, sortedKeys(present...))
	}
	if got := keysOf(rep.Missing); !slices.Equal(got, sortedKeys(missing...)) {
		t.Errorf("%s: missing %v, want %v", what, got, sortedKeys(missing...))
	}
	for _, f := range rep.Failed {
		t.Errorf("%s: %s failed: %v", what, f.Key, f.Err)
	}
}

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	for _, pair := range sidePairs {
		t.Run(pair.name, func(t *testing.T) {
			srv := filestest.StartFake(t)
			src, dst := pair.from(t, srv), pair.to(t, srv)
			saved := seed(t, src.store(t))
			a, b, c := saved[0], saved[1], saved[2]
			ghost := strings.ToLower(rand.Text()) // named by the database, never stored
			refs := []creatorclub.FileReference{a.ref, b.ref, c.ref,
				{Table: creatorclub.FileTableEventMaterials, ID: 9, OwnerID: 8, Name: "perdu.pdf", ContentType: "application/pdf", Size: 10, Key: ghost, SHA256: "00"},
				// The same file named twice: copied once.
				{Table: creatorclub.FileTableEventMaterials, ID: 10, OwnerID: 9, Name: "supports.pdf", Key: a.ref.Key, Size: a.ref.Size, SHA256: a.ref.SHA256}}
			sourceBefore := src.keys(t)

			// A dry run says what it would copy and writes nothing.
			rep, err := files.Migrate(ctx, src.loc, dst.loc, refs, files.MigrateOptions{DryRun: true})
			if err != nil {
				t.Fatal(err)
			}
			wantReport(t, "dry run", rep, []string{a.ref.Key, b.ref.Key, c.ref.Key}, nil, []string{ghost})
			if rep.Files != 4 || rep.Complete() || !rep.DryRun {
				t.Errorf("dry run: %d files, complete %v", rep.Files, rep.Complete())
			}
			if got := dst.keys(t); len(got) != 0 {
				t.Errorf("dry run wrote %v", got)
			}
			if got := dst.temps(t); len(got) != 0 {
				t.Errorf("dry run left %v", got)
			}
			if dst.loc.S3 == nil {
				if _, err := os.Stat(dst.loc.Dir); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("dry run created the destination directory: %v", err)
				}
			}

			// A run cut short after the first file, then a damaged copy
			// (same size, one byte changed) and a cut one.
			rep, err = files.Migrate(ctx, src.loc, dst.loc, refs[:1], files.MigrateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			wantReport(t, "first file", rep, []string{a.ref.Key}, nil, nil)
			damaged := slices.Clone(b.content)
			damaged[len(damaged)/2] ^= 1
			dst.put(t, b.ref.Key, damaged)
			dst.put(t, c.ref.Key, c.content[:len(c.content)/2])

			rep, err = files.Migrate(ctx, src.loc, dst.loc, refs, files.MigrateOptions{DryRun: true})
			if err != nil {
				t.Fatal(err)
			}
			wantReport(t, "dry run after damage", rep, []string{b.ref.Key, c.ref.Key}, []string{a.ref.Key}, []string{ghost})
			if !bytes.Equal(filestest.ReadFile(t, dst.store(t), b.ref.Key), damaged) {
				t.Error("dry run repaired the damaged copy")
			}

			// Run again: the first file is left alone, the damaged and cut
			// copies are detected and replaced, the missing file listed.
			rep, err = files.Migrate(ctx, src.loc, dst.loc, refs, files.MigrateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			wantReport(t, "resume", rep, []string{b.ref.Key, c.ref.Key}, []string{a.ref.Key}, []string{ghost})
			for _, f := range rep.Copied {
				if !f.Replaced || f.DiffersFromRecord || f.SHA256 != f.Refs[0].SHA256 {
					t.Errorf("resume: %s: replaced %v, differs from record %v, sha256 %s", f.Key, f.Replaced, f.DiffersFromRecord, f.SHA256)
				}
			}
			if rep.Bytes != b.ref.Size+c.ref.Size || rep.Complete() {
				t.Errorf("resume: %d bytes copied, complete %v", rep.Bytes, rep.Complete())
			}
			if len(rep.Present) == 1 && len(rep.Present[0].Refs) != 2 {
				t.Errorf("a file named twice: %d references", len(rep.Present[0].Refs))
			}
			for _, f := range saved {
				if got := filestest.ReadFile(t, dst.store(t), f.ref.Key); !bytes.Equal(got, f.content) {
					t.Errorf("%s at the destination: %d bytes differ from the %d at the source", f.ref.Name, len(got), len(f.content))
				}
			}
			if got, want := dst.keys(t), sortedKeys(a.ref.Key, b.ref.Key, c.ref.Key); !slices.Equal(got, want) {
				t.Errorf("destination holds %v, want %v", got, want)
			}
			if got := dst.temps(t); len(got) != 0 {
				t.Errorf("staging directory left with %v", got)
			}

			// Once more: nothing to do.
			rep, err = files.Migrate(ctx, src.loc, dst.loc, refs, files.MigrateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			wantReport(t, "again", rep, nil, []string{a.ref.Key, b.ref.Key, c.ref.Key}, []string{ghost})

			// The source is as it was.
			if got := src.keys(t); !slices.Equal(got, sourceBefore) {
				t.Errorf("source holds %v, held %v", got, sourceBefore)
			}
			for _, f := range saved {
				if got := filestest.ReadFile(t, src.store(t), f.ref.Key); !bytes.Equal(got, f.content) {
					t.Errorf("%s changed at the source", f.ref.Name)
				}
			}
		})
	}
}

func TestMigrateRecordAndKeyProblems(t *testing.T) {
	ctx := context.Background()
	src, dst := diskSide(t), diskSide(t)
	seededFiles := seed(t, src.store(t))
	// The source's bytes changed since upload (a restore gone wrong): the
	// file is copied as found and flagged.
	changed := seededFiles[2]
	src.put(t, changed.ref.Key, []byte("Ordre du jour modifié à la main\n"))
	refs := []creatorclub.FileReference{changed.ref,
		{Table: creatorclub.FileTableLessonMaterials, ID: 4, Name: "x", Key: "../../../etc/passwd"}}
	rep, err := files.Migrate(ctx, src.loc, dst.loc, refs, files.MigrateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Copied) != 1 || !rep.Copied[0].DiffersFromRecord || rep.Copied[0].Replaced {
		t.Errorf("changed source: copied %+v", rep.Copied)
	}
	if len(rep.Failed) != 1 || !errors.Is(rep.Failed[0].Err, files.ErrInvalidKey) || rep.Complete() {
		t.Errorf("invalid key: failed %+v, complete %v", rep.Failed, rep.Complete())
	}
	if got := filestest.ReadFile(t, dst.store(t), changed.ref.Key); string(got) != "Ordre du jour modifié à la main\n" {
		t.Errorf("copied %q", got)
	}
}

func TestMigrateRefusesBadLocations(t *testing.T) {
	ctx := context.Background()
	srv := filestest.StartFake(t)
	disk := diskSide(t)
	seeded := seed(t, disk.store(t))
	refs := []creatorclub.FileReference{seeded[0].ref}
	bucket := s3Side(t, srv, "club")

	// The same bucket and prefix, the endpoint written another way.
	same := *bucket.loc.S3
	same.Endpoint = strings.TrimPrefix(same.Endpoint, "http://")
	same.Insecure = true
	same.Prefix = "/club/"
	noBucket := *bucket.loc.S3
	noBucket.Bucket = "pas-de-seau"
	stopped := httptest.NewServer(http.NotFoundHandler())
	stopped.Close()
	down := *bucket.loc.S3
	down.Endpoint = stopped.URL
	invalid := *bucket.loc.S3
	invalid.Bucket = ""
	afile := filepath.Join(t.TempDir(), "fichier")
	os.WriteFile(afile, []byte("x"), 0o600)

	for _, tt := range []struct {
		name     string
		from, to files.Location
		want     string
	}{
		{"same directory", disk.loc, files.Location{Dir: disk.loc.Dir + "/./"}, "the destination is the source"},
		{"same bucket", bucket.loc, files.Location{S3: &same}, "the destination is the source"},
		{"no source directory", files.Location{Dir: filepath.Join(t.TempDir(), "nulle-part")}, bucket.loc, "no such directory"},
		{"missing bucket", disk.loc, files.Location{S3: &noBucket}, `bucket "pas-de-seau" does not exist`},
		{"missing source bucket", files.Location{S3: &noBucket}, disk.loc, `source bucket "pas-de-seau"`},
		{"unreachable server", disk.loc, files.Location{S3: &down}, "cannot reach bucket"},
		{"invalid settings", disk.loc, files.Location{S3: &invalid}, "bucket missing"},
		{"destination is a file", disk.loc, files.Location{Dir: afile}, "not a directory"},
	} {
		for _, dry := range []bool{false, true} {
			rep, err := files.Migrate(ctx, tt.from, tt.to, refs, files.MigrateOptions{DryRun: dry})
			if err == nil || !strings.Contains(err.Error(), tt.want) || rep != nil {
				t.Errorf("%s (dry run %v): %v, want an error saying %q", tt.name, dry, err, tt.want)
			}
		}
	}
	if got := bucket.keys(t); len(got) != 0 {
		t.Errorf("bucket holds %v after refused migrations", got)
	}
	if got := srv.Objects(t, ""); len(got) != 0 {
		t.Errorf("bucket holds %v after refused migrations", got)
	}
}

func TestMigrateProgressAndInterruption(t *testing.T) {
	src, dst := diskSide(t), diskSide(t)
	seeded := seed(t, src.store(t))
	var refs []creatorclub.FileReference
	for _, s := range seeded {
		refs = append(refs, s.ref)
	}

	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	rep, err := files.Migrate(cancelled, src.loc, dst.loc, refs, files.MigrateOptions{})
	if !errors.Is(err, context.Canceled) || rep == nil || rep.Complete() {
		t.Fatalf("interrupted migration: %v, report %+v", err, rep)
	}

	var progress bytes.Buffer
	rep, err = files.Migrate(context.Background(), src.loc, dst.loc, refs, files.MigrateOptions{Progress: &progress, ProgressEvery: time.Nanosecond, Parallel: 1})
	if err != nil || !rep.Complete() || len(rep.Copied)+len(rep.Present) != 3 {
		t.Fatalf("migration after an interruption: %v, %+v", err, rep)
	}
	lines := strings.Split(strings.TrimSpace(progress.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[2], "files: 3 of 3 checked") {
		t.Errorf("progress:\n%s", progress.String())
	}
}

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1536: "1.5 KiB", 50 << 20: "50.0 MiB", 3 << 40: "3.0 TiB"} {
		if got := files.FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
