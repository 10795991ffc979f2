package files_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/files"
	"github.com/creatorclub/creatorclub/files/filestest"
)

// backendEnv is a store under test and a way to see everything it left:
// the files in its directory (temporary ones included) or the objects in
// its bucket plus its temporary files.
type backendEnv struct {
	store *files.Store
	held  func(t *testing.T) []string
	s3    *filestest.S3 // nil for the directory
	dir   string        // the directory, for the disk
}

// backends are the stores every behaviour test runs against: the data
// directory, an S3 bucket on an in-process server, and a real S3 server when
// CREATORCLUB_TEST_S3_ENDPOINT is set.
var backends = []struct {
	name string
	new  func(t *testing.T) (*backendEnv, bool)
}{
	{"disk", func(t *testing.T) (*backendEnv, bool) {
		dir := filepath.Join(t.TempDir(), "files")
		s, err := files.NewStore(dir)
		if err != nil {
			t.Fatal(err)
		}
		return &backendEnv{store: s, dir: dir, held: func(t *testing.T) []string { return regularFilesUnder(t, dir) }}, true
	}},
	{"s3-fake", func(t *testing.T) (*backendEnv, bool) {
		srv := filestest.StartFake(t)
		srv.Config.Prefix = "club/fichiers"
		return s3Env(t, srv), true
	}},
	{"s3-real", func(t *testing.T) (*backendEnv, bool) {
		srv, ok := filestest.Real(t)
		if !ok {
			return nil, false
		}
		return s3Env(t, srv), true
	}},
}

// s3Env lists every object of the bucket for the in-process server, which
// shows nothing was written outside the prefix, and the objects under the
// test's prefix on a real server, which other data may share.
func s3Env(t *testing.T, srv *filestest.S3) *backendEnv {
	listPrefix := ""
	if srv.Config.Bucket != filestest.FakeBucket {
		listPrefix = srv.Config.Prefix + "/"
	}
	return &backendEnv{store: srv.Store(t), s3: srv, held: func(t *testing.T) []string {
		return append(srv.Objects(t, listPrefix), regularFilesUnder(t, srv.Config.TempDir)...)
	}}
}

// eachBackend runs test against a fresh store of every backend.
func eachBackend(t *testing.T, test func(t *testing.T, e *backendEnv)) {
	t.Helper()
	ran := 0
	for _, b := range backends {
		if b.name == "s3-real" && os.Getenv("CREATORCLUB_TEST_S3_ENDPOINT") == "" {
			continue // an optional server, not a skipped test
		}
		t.Run(b.name, func(t *testing.T) {
			e, ok := b.new(t)
			if !ok {
				t.Fatal("backend unavailable")
			}
			ran++
			test(t, e)
		})
	}
	if ran < 2 {
		t.Fatalf("ran on %d backends, want at least the disk and the in-process S3", ran)
	}
}

func regularFilesUnder(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

const pdfDoc = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

func TestBackendSaveOpenSeek(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *backendEnv) {
		var b strings.Builder
		for i := range 3000 {
			b.WriteString("Ligne ")
			b.WriteString(strings.Repeat("0123456789", i%7))
			b.WriteString(" du compte rendu.\n")
		}
		content := []byte(b.String())
		sum := sha256.Sum256(content)
		st, err := e.store.Save(context.Background(), "../compte-rendu.txt", iotest.OneByteReader(bytes.NewReader(content)), files.DefaultMaterialLimits)
		if err != nil {
			t.Fatal(err)
		}
		want := files.Stored{Key: st.Key, Name: "compte-rendu.txt", ContentType: files.TypeText, Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:])}
		if *st != want {
			t.Errorf("Save = %+v, want %+v", *st, want)
		}
		if held := e.held(t); len(held) != 1 || !strings.HasSuffix(held[0], st.Key) {
			t.Errorf("store holds %v, want one file named after key %s", held, st.Key)
		}
		if e.s3 != nil {
			want := e.s3.Config.Prefix + "/" + st.Key
			if held := e.held(t); len(held) != 1 || held[0] != want {
				t.Errorf("bucket holds %v, want %s", held, want)
			}
			info, err := e.s3.Client.StatObject(context.Background(), e.s3.Config.Bucket, want, minio.StatObjectOptions{})
			if err != nil || info.ContentType != files.TypeText || info.Size != int64(len(content)) {
				t.Errorf("object %s: %+v, %v", want, info, err)
			}
		}

		rc, err := e.store.Open(st.Key)
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		got, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, content) {
			t.Fatalf("Open returned %d bytes, want the %d saved", len(got), len(content))
		}
		// Seek as http.ServeContent does: size from the end, then a range.
		if n, err := rc.Seek(0, io.SeekEnd); err != nil || n != int64(len(content)) {
			t.Errorf("Seek(0, End) = %d, %v; want %d", n, err, len(content))
		}
		for _, off := range []int64{0, 1234, int64(len(content)) - 17} {
			if n, err := rc.Seek(off, io.SeekStart); err != nil || n != off {
				t.Fatalf("Seek(%d) = %d, %v", off, n, err)
			}
			part := make([]byte, 17)
			if _, err := io.ReadFull(rc, part); err != nil || !bytes.Equal(part, content[off:off+17]) {
				t.Errorf("17 bytes at %d = %q, %v; want %q", off, part, err, content[off:off+17])
			}
		}
		if n, err := rc.Seek(-10, io.SeekCurrent); err != nil || n != int64(len(content))-10 {
			t.Errorf("Seek(-10, Current) = %d, %v", n, err)
		}
		if rest, err := io.ReadAll(rc); err != nil || !bytes.Equal(rest, content[len(content)-10:]) {
			t.Errorf("read after Seek(-10, Current) = %q, %v", rest, err)
		}

		// A range request served from the store, as the download page does.
		for _, tt := range []struct {
			rng   string
			first int
			last  int
		}{{"bytes=100-199", 100, 199}, {"bytes=-50", len(content) - 50, len(content) - 1}, {"bytes=5000-", 5000, len(content) - 1}} {
			rc, err := e.store.Open(st.Key)
			if err != nil {
				t.Fatal(err)
			}
			req := httptest.NewRequest("GET", "/supports/1", nil)
			req.Header.Set("Range", tt.rng)
			rec := httptest.NewRecorder()
			http.ServeContent(rec, req, "", time.Time{}, rc)
			rc.Close()
			if rec.Code != http.StatusPartialContent || !bytes.Equal(rec.Body.Bytes(), content[tt.first:tt.last+1]) {
				t.Errorf("Range %s: %d, %d bytes; want 206 and bytes %d-%d", tt.rng, rec.Code, rec.Body.Len(), tt.first, tt.last)
			}
		}
	})
}

// TestBackendLargeFile saves a file above the 16 MiB past which minio-go
// would upload in parts, and reads it back whole.
func TestBackendLargeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("20 MiB upload")
	}
	eachBackend(t, func(t *testing.T, e *backendEnv) {
		content := bytes.Repeat([]byte("Support de la masterclass, diapositive suivante.\n"), 20<<20/50)
		st, err := e.store.Save(context.Background(), "supports.txt", bytes.NewReader(content), files.DefaultMaterialLimits)
		if err != nil {
			t.Fatal(err)
		}
		rc, err := e.store.Open(st.Key)
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		h := sha256.New()
		if n, err := io.Copy(h, rc); err != nil || n != int64(len(content)) || hex.EncodeToString(h.Sum(nil)) != st.SHA256 {
			t.Errorf("read back %d bytes, %v; want %d with SHA-256 %s", n, err, len(content), st.SHA256)
		}
		if held := e.held(t); len(held) != 1 {
			t.Errorf("store holds %v, want one file", held)
		}
	})
}

func TestBackendDelete(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *backendEnv) {
		keep, err := e.store.Save(context.Background(), "garder.pdf", strings.NewReader(pdfDoc), files.DefaultMaterialLimits)
		if err != nil {
			t.Fatal(err)
		}
		st, err := e.store.Save(context.Background(), "jeter.pdf", strings.NewReader(pdfDoc), files.DefaultMaterialLimits)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.store.Delete(st.Key); err != nil {
			t.Fatal(err)
		}
		if _, err := e.store.Open(st.Key); !errors.Is(err, files.ErrNotFound) {
			t.Errorf("Open after Delete: %v, want ErrNotFound", err)
		}
		if err := e.store.Delete(st.Key); err != nil {
			t.Errorf("Delete twice: %v, want nil (idempotent)", err)
		}
		if held := e.held(t); len(held) != 1 || !strings.HasSuffix(held[0], keep.Key) {
			t.Errorf("store holds %v, want only %s", held, keep.Key)
		}
		if rc, err := e.store.Open(keep.Key); err != nil {
			t.Errorf("Open of the other file: %v", err)
		} else {
			rc.Close()
		}
	})
}

func TestBackendRefusedUploadsLeaveNothing(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *backendEnv) {
		ctx := context.Background()
		tests := []struct {
			name    string
			content string
			lim     files.Limits
			want    error
		}{
			{"slides.pdf", "<!DOCTYPE html><html><script>alert(1)</script></html>", files.DefaultMaterialLimits, files.ErrTypeNotAllowed},
			{"notes.txt", pdfDoc, files.DefaultMaterialLimits, files.ErrTypeNotAllowed},
			{"deck.pptx", "PK\x03\x04" + strings.Repeat("\x00", 600), files.DefaultMaterialLimits, files.ErrTypeNotAllowed},
			{"big.txt", strings.Repeat("a", 1001), files.Limits{MaxBytes: 1000, AllowedTypes: []string{files.TypeText}}, files.ErrTooLarge},
			{"big.txt", strings.Repeat("a", 100_000), files.Limits{MaxBytes: 1000, AllowedTypes: []string{files.TypeText}}, files.ErrTooLarge},
			{"empty.txt", "", files.DefaultMaterialLimits, files.ErrEmpty},
		}
		for _, tt := range tests {
			st, err := e.store.Save(ctx, tt.name, strings.NewReader(tt.content), tt.lim)
			if !errors.Is(err, tt.want) || creatorclub.ErrorCode(err) != creatorclub.EINVALID {
				t.Errorf("Save(%q, %d bytes) = %+v, %v; want %v", tt.name, len(tt.content), st, err, tt.want)
			}
		}
		if held := e.held(t); len(held) != 0 {
			t.Errorf("refused uploads left %v", held)
		}
		// Exactly the limit is accepted.
		if _, err := e.store.Save(ctx, "exact.txt", strings.NewReader(strings.Repeat("a", 1000)), files.Limits{MaxBytes: 1000, AllowedTypes: []string{files.TypeText}}); err != nil {
			t.Errorf("Save of exactly MaxBytes: %v", err)
		}
		if held := e.held(t); len(held) != 1 {
			t.Errorf("store holds %v, want exact.txt only", held)
		}
	})
}

// cutReader returns n bytes of the letter x, then err: an upload whose
// connection drops.
type cutReader struct {
	n   int
	err error
}

func (c *cutReader) Read(p []byte) (int, error) {
	if c.n == 0 {
		return 0, c.err
	}
	k := min(len(p), c.n)
	copy(p, bytes.Repeat([]byte("x"), k))
	c.n -= k
	return k, nil
}

func TestBackendCutUploadLeavesNothing(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *backendEnv) {
		boom := errors.New("connection reset by peer")
		for _, n := range []int{100, 10_000, 17 << 20} { // within the sniffed head, after it, past a part
			if _, err := e.store.Save(context.Background(), "coupé.txt", &cutReader{n: n, err: boom}, files.DefaultMaterialLimits); !errors.Is(err, boom) {
				t.Errorf("Save cut after %d bytes: %v, want %v", n, err, boom)
			}
		}
		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		go func() {
			pw.Write(bytes.Repeat([]byte("y"), 600))
			cancel()
			pw.Write([]byte("more"))
			pw.Close()
		}()
		if _, err := e.store.Save(ctx, "annulé.txt", pr, files.DefaultMaterialLimits); !errors.Is(err, context.Canceled) {
			t.Errorf("Save with a cancelled request: %v, want context.Canceled", err)
		}
		if held := e.held(t); len(held) != 0 {
			t.Errorf("cut uploads left %v", held)
		}
	})
}

func TestBackendUnknownAndBadKeys(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *backendEnv) {
		const unknown = "abcdefghijklmnopqrstuvwxyz"
		_, err := e.store.Open(unknown)
		if !errors.Is(err, files.ErrNotFound) || creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Errorf("Open(unknown key): %v, want ErrNotFound", err)
		}
		if err := e.store.Delete(unknown); err != nil {
			t.Errorf("Delete(unknown key): %v, want nil", err)
		}
		st, err := e.store.Save(context.Background(), "a.txt", strings.NewReader("a"), files.DefaultMaterialLimits)
		if err != nil {
			t.Fatal(err)
		}
		// An object next to the prefix that a traversal would reach: at
		// the root of the in-process bucket, beside the test's prefix on a
		// real server, whose bucket may hold other data.
		secret := "secret"
		if e.s3 != nil {
			if e.s3.Config.Bucket != filestest.FakeBucket {
				secret = path.Dir(e.s3.Config.Prefix) + "/secret"
			}
			if _, err := e.s3.Client.PutObject(context.Background(), e.s3.Config.Bucket, secret, strings.NewReader("x"), 1, minio.PutObjectOptions{}); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				e.s3.Client.RemoveObject(context.Background(), e.s3.Config.Bucket, secret, minio.RemoveObjectOptions{})
			})
		}
		for _, key := range []string{
			"", "..", "../secret", "../../secret", "/secret", `..\secret`, "secret",
			st.Key[:2] + "/" + st.Key, st.Key + "/", "./" + st.Key, strings.ToUpper(st.Key),
			st.Key[:25] + ".", st.Key[:24] + "..", st.Key + "\x00", "tmp", "club/fichiers/" + st.Key,
		} {
			if _, err := e.store.Open(key); !errors.Is(err, files.ErrInvalidKey) {
				t.Errorf("Open(%q): %v, want ErrInvalidKey", key, err)
			}
			if err := e.store.Delete(key); !errors.Is(err, files.ErrInvalidKey) {
				t.Errorf("Delete(%q): %v, want ErrInvalidKey", key, err)
			}
		}
		if rc, err := e.store.Open(st.Key); err != nil {
			t.Errorf("Open(%q) after the bad keys: %v", st.Key, err)
		} else {
			rc.Close()
		}
		if e.s3 != nil {
			if _, err := e.s3.Client.StatObject(context.Background(), e.s3.Config.Bucket, secret, minio.StatObjectOptions{}); err != nil {
				t.Errorf("object outside the prefix: %v", err)
			}
		}
	})
}

func TestNewS3StoreStartupErrors(t *testing.T) {
	srv := filestest.StartFake(t)
	good := srv.Config

	if _, err := files.NewS3Store(context.Background(), good); err != nil {
		t.Fatalf("good configuration: %v", err)
	}
	missing := good
	missing.Bucket = "no-such-bucket"
	_, err := files.NewS3Store(context.Background(), missing)
	if err == nil || !strings.Contains(err.Error(), `bucket "no-such-bucket" does not exist`) {
		t.Errorf("missing bucket: %v", err)
	}

	// A server that went away: its port refuses connections.
	gone := filestest.StartFake(t)
	stopped := httptest.NewServer(http.NotFoundHandler())
	stopped.Close()
	down := gone.Config
	down.Endpoint = stopped.URL
	start := time.Now()
	_, err = files.NewS3Store(context.Background(), down)
	if err == nil || !strings.Contains(err.Error(), "cannot reach bucket") {
		t.Errorf("unreachable server: %v", err)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("unreachable server reported after %v", d)
	}

	// A server refusing the keys.
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
	}))
	defer refusing.Close()
	denied := good
	denied.Endpoint = refusing.URL
	_, err = files.NewS3Store(context.Background(), denied)
	if err == nil || !strings.Contains(err.Error(), `refuses access key "test-access-key" to bucket`) || strings.Contains(err.Error(), good.SecretKey) {
		t.Errorf("refused keys: %v", err)
	}

	for _, tt := range []struct {
		change func(*files.S3Config)
		want   string
	}{
		{func(c *files.S3Config) { c.Endpoint = "" }, "endpoint missing"},
		{func(c *files.S3Config) { c.Endpoint = "https://s3.example.org/mybucket" }, "without a path"},
		{func(c *files.S3Config) { c.Endpoint = "ftp://s3.example.org" }, "http(s)://"},
		{func(c *files.S3Config) { c.Endpoint = "s3.example.org/x" }, "host:port"},
		{func(c *files.S3Config) { c.Bucket = "" }, "bucket missing"},
		{func(c *files.S3Config) { c.SecretKey = "" }, "secret key"},
		{func(c *files.S3Config) { c.Prefix = "club/../autre" }, "prefix"},
		{func(c *files.S3Config) { c.Prefix = "club//x" }, "prefix"},
	} {
		c := good
		tt.change(&c)
		if _, err := files.NewS3Store(context.Background(), c); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewS3Store(%+v): %v, want an error saying %q", c, err, tt.want)
		}
	}
}

func TestS3ConfigEndpointScheme(t *testing.T) {
	srv := filestest.StartFake(t)
	// The server speaks plain HTTP: a host:port without Insecure tries
	// HTTPS and fails; Insecure or an http:// URL work.
	hostPort := strings.TrimPrefix(srv.Config.Endpoint, "http://")
	c := srv.Config
	c.Endpoint = hostPort
	if _, err := files.NewS3Store(context.Background(), c); err == nil {
		t.Error("HTTPS to a plain HTTP server succeeded")
	}
	c.Insecure = true
	if _, err := files.NewS3Store(context.Background(), c); err != nil {
		t.Errorf("host:port with Insecure: %v", err)
	}
	if !c.Configured() || (files.S3Config{}).Configured() {
		t.Error("Configured is wrong")
	}
}

// TestBackendPut: Put stores what the club wrote itself, empty files
// included, under a new key or a key of the caller's, replacing what that
// key held; a cut Put leaves nothing new and the old content in place.
func TestBackendPut(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *backendEnv) {
		ctx := context.Background()
		html := "<!DOCTYPE html><title>Rapport</title>"
		st, err := e.store.Put(ctx, "", "report.html", "text/html; charset=utf-8", strings.NewReader(html))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(html))
		if len(st.Key) != 26 || st.Name != "report.html" || st.ContentType != "text/html; charset=utf-8" || st.Size != int64(len(html)) ||
			st.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("Put = %+v", st)
		}
		if got := readString(t, e.store, st.Key); got != html {
			t.Errorf("read back %q", got)
		}
		empty, err := e.store.Put(ctx, "", "findings.jsonl", "application/x-ndjson", strings.NewReader(""))
		if err != nil || empty.Size != 0 {
			t.Fatalf("Put of an empty file: %+v %v", empty, err)
		}
		if got := readString(t, e.store, empty.Key); got != "" {
			t.Errorf("empty file reads %q", got)
		}

		key := files.KeyFor("observatory corpus old-key")
		if key != files.KeyFor("observatory corpus old-key") || key == files.KeyFor("observatory corpus other") {
			t.Fatalf("KeyFor is not a function of its name: %s", key)
		}
		if _, err := e.store.Put(ctx, key, "corpus.jsonl", "", strings.NewReader("first\n")); err != nil {
			t.Fatalf("Put under KeyFor's key: %v", err)
		}
		if _, err := e.store.Put(ctx, key, "corpus.jsonl", "", strings.NewReader("second\n")); err != nil {
			t.Fatal(err)
		}
		if got := readString(t, e.store, key); got != "second\n" {
			t.Errorf("Put again under the same key: %q", got)
		}
		boom := errors.New("disk gone")
		if _, err := e.store.Put(ctx, key, "corpus.jsonl", "", &cutReader{n: 10_000, err: boom}); !errors.Is(err, boom) {
			t.Errorf("cut Put: %v", err)
		}
		if got := readString(t, e.store, key); got != "second\n" {
			t.Errorf("a cut Put replaced the content: %q", got)
		}
		for _, bad := range []string{"../etc/passwd", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "short"} {
			if _, err := e.store.Put(ctx, bad, "x", "", strings.NewReader("x")); !errors.Is(err, files.ErrInvalidKey) {
				t.Errorf("Put(%q): %v", bad, err)
			}
		}
		if held := e.held(t); len(held) != 3 {
			t.Errorf("store holds %v, want the three files put", held)
		}
	})
}

// TestBackendSaveWithDetect: a Detect function decides the type of files
// this package does not know, and refuses others as Save's own check does.
func TestBackendSaveWithDetect(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *backendEnv) {
		ctx := context.Background()
		gz := "\x1f\x8b\x08\x00" + strings.Repeat("z", 100)
		lim := files.Limits{MaxBytes: 1000, Detect: func(name string, head []byte) (string, error) {
			if strings.HasPrefix(string(head), "\x1f\x8b") {
				return "application/gzip", nil
			}
			return "", fmt.Errorf("not gzip: %w", files.ErrTypeNotAllowed)
		}}
		st, err := e.store.Save(ctx, "posts.jsonl.gz", strings.NewReader(gz), lim)
		if err != nil || st.ContentType != "application/gzip" {
			t.Fatalf("Save with Detect: %+v %v", st, err)
		}
		if _, err := e.store.Save(ctx, "posts.jsonl", strings.NewReader("{}\n"), lim); !errors.Is(err, files.ErrTypeNotAllowed) {
			t.Errorf("refused by Detect: %v", err)
		}
		if _, err := e.store.Save(ctx, "big.gz", strings.NewReader(gz+strings.Repeat("z", 1000)), lim); !errors.Is(err, files.ErrTooLarge) {
			t.Errorf("too large with Detect: %v", err)
		}
		if held := e.held(t); len(held) != 1 {
			t.Errorf("store holds %v", held)
		}
	})
}

func readString(t *testing.T, s *files.Store, key string) string {
	t.Helper()
	return string(filestest.ReadFile(t, s, key))
}
