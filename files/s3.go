package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Config says where a Store keeps its files in an S3-compatible object
// store (Amazon S3, MinIO, Garage, Scaleway, OVHcloud, Cellar…).
type S3Config struct {
	// Endpoint is the server, as host[:port] ("s3.fr-par.scw.cloud",
	// "minio.internal:9000") or as an http:// or https:// URL, whose scheme
	// then wins over Insecure.
	Endpoint string
	// Region is the bucket's region; empty asks the server.
	Region    string
	Bucket    string
	AccessKey string
	SecretKey string
	// Insecure talks plain HTTP instead of HTTPS, for a server on a
	// private network.
	Insecure bool
	// Prefix is a folder inside the bucket, such as "creatorclub/files",
	// for a bucket shared with other data; empty keeps files at the root.
	Prefix string
	// TempDir is the local directory where uploads are checked before they
	// are sent to the bucket; empty uses a directory under os.TempDir().
	TempDir string
}

// Configured reports whether any of the settings that point to a server is
// set: the club then keeps its files in the bucket, and Validate says what
// is missing.
func (c S3Config) Configured() bool {
	return c.Endpoint != "" || c.Bucket != "" || c.AccessKey != "" || c.SecretKey != ""
}

// Validate checks the configuration without contacting the server.
func (c S3Config) Validate() error {
	var errs []error
	if c.Endpoint == "" {
		errs = append(errs, errors.New("S3 endpoint missing (host:port or https:// URL)"))
	} else if _, _, err := c.endpoint(); err != nil {
		errs = append(errs, err)
	}
	if c.Bucket == "" {
		errs = append(errs, errors.New("S3 bucket missing"))
	}
	if c.AccessKey == "" || c.SecretKey == "" {
		errs = append(errs, errors.New("S3 access key and secret key are both required"))
	}
	if _, err := c.prefix(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// endpoint returns the host[:port] of the server and whether to use HTTPS.
func (c S3Config) endpoint() (string, bool, error) {
	if !strings.Contains(c.Endpoint, "://") {
		if strings.ContainsAny(c.Endpoint, "/?#@ ") {
			return "", false, fmt.Errorf("S3 endpoint %q: want host:port or an http(s):// URL", c.Endpoint)
		}
		return c.Endpoint, !c.Insecure, nil
	}
	u, err := url.Parse(c.Endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", false, fmt.Errorf("S3 endpoint %q: want host:port or an http(s):// URL without a path (the bucket is set apart)", c.Endpoint)
	}
	return u.Host, u.Scheme == "https", nil
}

// prefix returns the prefix of the object names: empty, or the configured
// folder with a trailing "/".
func (c S3Config) prefix() (string, error) {
	p := strings.Trim(c.Prefix, "/")
	if p == "" {
		return "", nil
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." || seg == ".." || strings.ContainsAny(seg, "\\\x00") {
			return "", fmt.Errorf("S3 prefix %q: want folder names separated by single slashes, without . or ..", c.Prefix)
		}
	}
	return p + "/", nil
}

// s3Store keeps files as objects named prefix+key in a bucket.
type s3Store struct {
	client *minio.Client
	bucket string
	prefix string
}

// s3Timeout bounds the start-up check and a deletion.
const s3Timeout = 30 * time.Second

// NewS3Store returns a Store keeping its files in the bucket cfg describes.
// It checks at once that the server answers, accepts the keys and has the
// bucket, and says which of these fails: a club must not start with an
// upload form that cannot work.
func NewS3Store(ctx context.Context, cfg S3Config) (*Store, error) {
	b, err := dialS3(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("files: S3 store: %w", err)
	}
	tmp := cfg.tempDir()
	if err := prepareTemp(tmp); err != nil {
		return nil, fmt.Errorf("files: S3 store: temporary directory: %w", err)
	}
	return &Store{tmp: tmp, b: b}, nil
}

// tempDir returns the configured directory for temporary files, or one under
// os.TempDir().
func (c S3Config) tempDir() string {
	if c.TempDir != "" {
		return c.TempDir
	}
	return filepath.Join(os.TempDir(), "creatorclub-uploads")
}

// dialS3 validates cfg and returns the bucket it describes once the server
// has answered that the keys are accepted and the bucket exists, or an error
// saying which of these fails. It writes nothing, locally or in the bucket.
func dialS3(ctx context.Context, cfg S3Config) (*s3Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	host, secure, _ := cfg.endpoint()
	prefix, _ := cfg.prefix()
	client, err := minio.New(host, &minio.Options{
		Creds:      credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:     secure,
		Region:     cfg.Region,
		MaxRetries: 3,
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Endpoint, err)
	}
	ctx, cancel := context.WithTimeout(ctx, s3Timeout)
	defer cancel()
	ok, err := client.BucketExists(ctx, cfg.Bucket)
	if resp := minio.ToErrorResponse(err); resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusUnauthorized {
		return nil, fmt.Errorf("%s refuses access key %q to bucket %q (%s): check the keys and the bucket's policy",
			client.EndpointURL(), cfg.AccessKey, cfg.Bucket, resp.Code)
	} else if err != nil {
		return nil, fmt.Errorf("cannot reach bucket %q at %s: %w", cfg.Bucket, client.EndpointURL(), err)
	}
	if !ok {
		return nil, fmt.Errorf("bucket %q does not exist at %s: create it first", cfg.Bucket, client.EndpointURL())
	}
	return &s3Store{client: client, bucket: cfg.Bucket, prefix: prefix}, nil
}

func (s *s3Store) put(ctx context.Context, key string, f *os.File, size int64, ctype string) (bool, error) {
	// One PUT of a known size, streamed from the file (S3 takes up to
	// 5 GiB so): the object appears only once complete, and a cut
	// transfer leaves no unfinished multipart upload to pay for. Some
	// S3-compatible servers also mishandle signed chunked parts.
	opts := minio.PutObjectOptions{ContentType: ctype, DisableMultipart: true}
	if size == 0 {
		// Over plain HTTP minio-go signs the payload in chunks, and sends
		// an empty one without a Content-Length, which S3 refuses
		// (MissingContentLength); an empty body has nothing to sign.
		opts.DisableContentSha256 = true
	}
	info, err := s.client.PutObject(ctx, s.bucket, s.prefix+key, f, size, opts)
	if err != nil {
		return false, fmt.Errorf("upload to bucket %s: %w", s.bucket, err)
	}
	if info.Size != size {
		_ = s.remove(key) // best effort: the caller sees the upload failed
		return false, fmt.Errorf("upload to bucket %s: %d bytes stored out of %d", s.bucket, info.Size, size)
	}
	return false, nil
}

func (s *s3Store) open(key string) (io.ReadSeekCloser, error) {
	// The object reads lazily, request by request (a Seek then a Read is
	// a ranged GET), long after Open returns: it cannot take a deadline.
	obj, err := s.client.GetObject(context.Background(), s.bucket, s.prefix+key, minio.GetObjectOptions{})
	if err != nil {
		return nil, err
	}
	if _, err := obj.Stat(); err != nil {
		obj.Close()
		if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("bucket %s: %w", s.bucket, err)
	}
	return obj, nil
}

func (s *s3Store) stat(ctx context.Context, key string) (int64, time.Time, error) {
	info, err := s.client.StatObject(ctx, s.bucket, s.prefix+key, minio.StatObjectOptions{})
	if err != nil {
		if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
			return 0, time.Time{}, ErrNotFound
		}
		return 0, time.Time{}, fmt.Errorf("bucket %s: %w", s.bucket, err)
	}
	return info.Size, info.LastModified, nil
}

func (s *s3Store) remove(key string) error {
	ctx, cancel := context.WithTimeout(context.Background(), s3Timeout)
	defer cancel()
	// S3 answers a deletion of a missing object with success; some
	// compatible servers say NoSuchKey.
	err := s.client.RemoveObject(ctx, s.bucket, s.prefix+key, minio.RemoveObjectOptions{})
	if err != nil && minio.ToErrorResponse(err).Code != minio.NoSuchKey {
		return fmt.Errorf("bucket %s: %w", s.bucket, err)
	}
	return nil
}

// list lists the objects directly under the prefix, and only those: the
// store puts none in a folder, so a folder inside the prefix (named in
// Others, not looked into) belongs to something else, as does an object
// whose name is not a key, and anything outside the prefix is never read.
func (s *s3Store) list(ctx context.Context) (*Listing, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	l := &Listing{}
	// Not recursive: the server groups what is inside folders.
	for obj := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.prefix}) {
		if obj.Err != nil {
			return nil, fmt.Errorf("list bucket %s: %w", s.bucket, obj.Err)
		}
		if key := strings.TrimPrefix(obj.Key, s.prefix); validKey(key) {
			l.Objects = append(l.Objects, Object{Key: key, Size: obj.Size, ModTime: obj.LastModified})
		} else {
			l.Others = append(l.Others, obj.Key)
		}
	}
	slices.SortFunc(l.Objects, func(a, b Object) int { return strings.Compare(a.Key, b.Key) })
	return l, nil
}
