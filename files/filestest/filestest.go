// Package filestest gives tests an S3-compatible server: an in-process one
// speaking the S3 protocol over real HTTP, or the real server named by
// CREATORCLUB_TEST_S3_ENDPOINT and its companion variables.
package filestest

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/creatorclub/creatorclub/files"
)

// S3 is a bucket tests may fill: Config points a files.S3Store at it, and
// Client looks at what the store wrote.
type S3 struct {
	Config files.S3Config
	Client *minio.Client
	clock  *clock // the in-process server's; nil for a real one
}

// clock is the in-process server's: the present, or a past instant while
// PutAged writes an object dated then.
type clock struct {
	mu   sync.Mutex
	back time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(-c.back).UTC()
}

func (c *clock) Since(t time.Time) time.Duration { return c.Now().Sub(t) }

func (c *clock) setBack(d time.Duration) {
	c.mu.Lock()
	c.back = d
	c.mu.Unlock()
}

// FakeBucket is the bucket the in-process server holds.
const FakeBucket = "creatorclub-test"

// StartFake starts an in-process S3 server (gofakes3 over net/http/httptest)
// holding one empty bucket, FakeBucket, and stops it when the test ends.
// Its Config has no prefix and a temporary directory of the test's.
func StartFake(t testing.TB) *S3 {
	t.Helper()
	clk := &clock{}
	backend := s3mem.New(s3mem.WithTimeSource(clk))
	if err := backend.CreateBucket(FakeBucket); err != nil {
		t.Fatal(err)
	}
	// No check of the client's clock against the server's: PutAged moves
	// the server's back.
	ts := httptest.NewServer(gofakes3.New(backend, gofakes3.WithLogger(gofakes3.DiscardLog()),
		gofakes3.WithTimeSource(clk), gofakes3.WithTimeSkewLimit(0)).Server())
	t.Cleanup(ts.Close)
	cfg := files.S3Config{
		Endpoint:  ts.URL, // http://127.0.0.1:port
		Region:    "us-east-1",
		Bucket:    FakeBucket,
		AccessKey: "test-access-key",
		SecretKey: "test-secret-key",
		TempDir:   t.TempDir(),
	}
	return &S3{Config: cfg, Client: client(t, cfg), clock: clk}
}

// PutAged writes body under the object name in the bucket, dated age ago
// (its Last-Modified, in listings and to HEAD), as if written then; only
// the in-process server can date an object. Other writes to the server
// at the same time would be dated so too.
func (s *S3) PutAged(t testing.TB, name string, body []byte, age time.Duration) {
	t.Helper()
	if s.clock == nil {
		t.Fatal("filestest: PutAged needs the in-process server")
	}
	s.clock.setBack(age)
	defer s.clock.setBack(0)
	if _, err := s.Client.PutObject(context.Background(), s.Config.Bucket, name, bytes.NewReader(body), int64(len(body)),
		minio.PutObjectOptions{DisableMultipart: true}); err != nil {
		t.Fatal(err)
	}
}

// Real returns the real S3 server named by CREATORCLUB_TEST_S3_ENDPOINT,
// _BUCKET, _ACCESS_KEY, _SECRET_KEY (and optionally _REGION, _INSECURE=true
// for plain HTTP), with a prefix of its own under "creatorclub-test/" whose
// objects are removed when the test ends; ok is false when the endpoint is
// not set.
func Real(t testing.TB) (s *S3, ok bool) {
	t.Helper()
	endpoint := os.Getenv("CREATORCLUB_TEST_S3_ENDPOINT")
	if endpoint == "" {
		return nil, false
	}
	cfg := files.S3Config{
		Endpoint:  endpoint,
		Region:    os.Getenv("CREATORCLUB_TEST_S3_REGION"),
		Bucket:    os.Getenv("CREATORCLUB_TEST_S3_BUCKET"),
		AccessKey: os.Getenv("CREATORCLUB_TEST_S3_ACCESS_KEY"),
		SecretKey: os.Getenv("CREATORCLUB_TEST_S3_SECRET_KEY"),
		Insecure:  os.Getenv("CREATORCLUB_TEST_S3_INSECURE") == "true",
		Prefix:    "creatorclub-test/" + strings.ToLower(rand.Text()),
		TempDir:   t.TempDir(),
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("CREATORCLUB_TEST_S3_*: %v", err)
	}
	s = &S3{Config: cfg, Client: client(t, cfg)}
	t.Cleanup(func() {
		ctx := context.Background()
		for obj := range s.Client.ListObjects(ctx, cfg.Bucket, minio.ListObjectsOptions{Prefix: cfg.Prefix + "/", Recursive: true}) {
			if obj.Err == nil {
				s.Client.RemoveObject(ctx, cfg.Bucket, obj.Key, minio.RemoveObjectOptions{})
			}
		}
	})
	return s, true
}

// Store returns a store keeping its files in the bucket.
func (s *S3) Store(t testing.TB) *files.Store {
	t.Helper()
	st, err := files.NewS3Store(context.Background(), s.Config)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// Objects returns the names of the objects in the bucket under prefix,
// sorted.
func (s *S3) Objects(t testing.TB, prefix string) []string {
	t.Helper()
	var names []string
	for obj := range s.Client.ListObjects(context.Background(), s.Config.Bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if obj.Err != nil {
			t.Fatalf("list bucket %s: %v", s.Config.Bucket, obj.Err)
		}
		names = append(names, obj.Key)
	}
	sort.Strings(names)
	return names
}

func client(t testing.TB, cfg files.S3Config) *minio.Client {
	t.Helper()
	host, secure := cfg.Endpoint, !cfg.Insecure
	if h, ok := strings.CutPrefix(host, "http://"); ok {
		host, secure = h, false
	} else if h, ok := strings.CutPrefix(host, "https://"); ok {
		host, secure = h, true
	}
	c, err := minio.New(strings.TrimSuffix(host, "/"), &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: secure,
		Region: cfg.Region,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// ReadFile returns the content of the file of key in st, failing the test
// if it cannot be read.
func ReadFile(t testing.TB, st *files.Store, key string) []byte {
	t.Helper()
	rc, err := st.Open(key)
	if err != nil {
		t.Fatalf("open %s: %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
