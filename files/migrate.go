package files

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/creatorclub/creatorclub"
)

// Location is one side of a migration: the directory a Store made by NewStore
// keeps its files in (DATA_DIR/files), or the bucket a Store made by
// NewS3Store keeps them in. Its files have the same keys on either side, laid
// out as each store expects: DIR/ab/abcd… on disk, PREFIX/abcd… in a bucket.
type Location struct {
	Dir string    // the directory, when S3 is nil
	S3  *S3Config // the bucket; its TempDir is where copies to it are staged
}

// String describes the location for an operator: `directory /srv/club/files`
// or `bucket "club" at https://s3.example.org, prefix "club/"`.
func (l Location) String() string {
	if l.S3 == nil {
		if abs, err := filepath.Abs(l.Dir); err == nil {
			return "directory " + abs
		}
		return "directory " + l.Dir
	}
	host, secure, err := l.S3.endpoint()
	if err != nil {
		return fmt.Sprintf("bucket %q at %s", l.S3.Bucket, l.S3.Endpoint)
	}
	scheme := "http"
	if secure {
		scheme = "https"
	}
	s := fmt.Sprintf("bucket %q at %s://%s", l.S3.Bucket, scheme, host)
	if p, _ := l.S3.prefix(); p != "" {
		s += fmt.Sprintf(", prefix %q", p)
	}
	return s
}

// identity returns a string equal for two locations that name the same
// files: the directory with symbolic links resolved, or the server, bucket
// and prefix.
func (l Location) identity() (string, error) {
	if l.S3 == nil {
		if l.Dir == "" {
			return "", errors.New("no directory given")
		}
		abs, err := filepath.Abs(l.Dir)
		if err != nil {
			return "", err
		}
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			abs = real
		}
		return "dir:" + abs, nil
	}
	if err := l.S3.Validate(); err != nil {
		return "", err
	}
	host, _, _ := l.S3.endpoint()
	prefix, _ := l.S3.prefix()
	return "s3:" + strings.ToLower(host) + "/" + l.S3.Bucket + "/" + prefix, nil
}

// MigrateOptions tune Migrate.
type MigrateOptions struct {
	// DryRun reads both sides to say what would be copied, and writes
	// nothing anywhere.
	DryRun bool
	// Parallel is how many files are copied at once; 0 means 4.
	Parallel int
	// Progress, when not nil, receives a line of progress every
	// ProgressEvery (0: 2 seconds) while files are checked and copied.
	Progress      io.Writer
	ProgressEvery time.Duration
}

// MigratedFile is a file of a migration: one key of the store and the rows
// of the database that name it.
type MigratedFile struct {
	Key  string
	Refs []creatorclub.FileReference
	// Size and SHA256 are those of the source's bytes, when they were read.
	Size   int64
	SHA256 string
	// Replaced says the destination held something else under the key
	// (another size or checksum: a cut or damaged copy), which the copy
	// replaced (in a dry run: would replace).
	Replaced bool
	// DiffersFromRecord says the source's bytes do not have the size or
	// SHA-256 recorded at upload: they were copied as found, and the
	// source itself deserves a look.
	DiffersFromRecord bool
	// Err says why a file failed.
	Err error
}

// MigrationReport says what Migrate did, file by file; each file is in one
// list, in the order of the references given (or in none, when the
// migration was interrupted before it).
type MigrationReport struct {
	From, To string // the locations, described
	DryRun   bool
	Files    int   // distinct keys named by the references
	Bytes    int64 // bytes copied (in a dry run: to copy, as far as known)

	Copied  []*MigratedFile // copied and verified (in a dry run: to copy)
	Present []*MigratedFile // already at the destination, identical: left alone
	Missing []*MigratedFile // named by the database but absent from the source
	Failed  []*MigratedFile // not copied, or the copy did not verify; Err says why
}

// Complete reports whether every file was checked and is (in a dry run:
// would be) at the destination, identical to the source.
func (r *MigrationReport) Complete() bool {
	return len(r.Missing) == 0 && len(r.Failed) == 0 && len(r.Copied)+len(r.Present) == r.Files
}

// outcome is where a file ends in the report.
type outcome int

const (
	pending outcome = iota
	copied
	present
	missing
	failed
)

// Migrate copies the files named by refs from one location to another,
// keeping their keys, for a club that changes where it keeps its uploaded
// files. For each key it
//   - reports the file missing when the source does not have it, and goes
//     on with the others;
//   - leaves it alone when the destination already has the same bytes
//     (same size and SHA-256, both read), so that a run that was
//     interrupted can simply be run again;
//   - else copies it through a temporary file in the destination's
//     staging directory, hashing it on the way, puts it in place whole
//     (a rename on disk, a single PUT in a bucket), reads it back from the
//     destination and compares size and SHA-256; a copy that does not
//     verify is removed from the destination and reported failed.
//
// It never writes to, nor deletes from, the source. Before copying
// anything it returns an error when the locations are the same, the source
// directory does not exist, a bucket cannot be reached or does not exist,
// or the destination refuses a write (checked with a temporary file and, in
// a bucket, a small object written and removed; a dry run skips these
// checks and writes nothing). Problems with single files are in the report,
// not in the error; an interrupted migration returns the report so far and
// an error wrapping ctx.Err().
func Migrate(ctx context.Context, from, to Location, refs []creatorclub.FileReference, opts MigrateOptions) (*MigrationReport, error) {
	fromID, err := from.identity()
	if err != nil {
		return nil, fmt.Errorf("files: migrate: source %s: %w", from, err)
	}
	toID, err := to.identity()
	if err != nil {
		return nil, fmt.Errorf("files: migrate: destination %s: %w", to, err)
	}
	if fromID == toID {
		return nil, fmt.Errorf("files: migrate: the destination is the source (%s)", from)
	}
	src, err := openSource(ctx, from)
	if err != nil {
		return nil, fmt.Errorf("files: migrate: source %s: %w", from, err)
	}
	dst, err := openDestination(ctx, to, opts.DryRun)
	if err != nil {
		return nil, fmt.Errorf("files: migrate: destination %s: %w", to, err)
	}

	var list []*MigratedFile
	byKey := map[string]*MigratedFile{}
	var total int64
	for _, r := range refs {
		if f, ok := byKey[r.Key]; ok {
			f.Refs = append(f.Refs, r)
			continue
		}
		f := &MigratedFile{Key: r.Key, Refs: []creatorclub.FileReference{r}}
		byKey[r.Key] = f
		list = append(list, f)
		total += r.Size
	}
	m := &migration{src: src, dst: dst, dryRun: opts.DryRun}
	outcomes := make([]outcome, len(list))
	prog := newProgress(opts, len(list), total)

	parallel := opts.Parallel
	if parallel <= 0 {
		parallel = 4
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(parallel, max(len(list), 1)) {
		wg.Go(func() {
			for i := range work {
				outcomes[i] = m.migrateFile(ctx, list[i])
				prog.done(list[i], outcomes[i])
			}
		})
	}
feed:
	for i := range list {
		select {
		case work <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()

	rep := &MigrationReport{From: from.String(), To: to.String(), DryRun: opts.DryRun, Files: len(list)}
	for i, f := range list {
		switch outcomes[i] {
		case copied:
			rep.Copied = append(rep.Copied, f)
			rep.Bytes += f.Size
		case present:
			rep.Present = append(rep.Present, f)
		case missing:
			rep.Missing = append(rep.Missing, f)
		case failed:
			rep.Failed = append(rep.Failed, f)
		}
	}
	if err := ctx.Err(); err != nil {
		done := len(rep.Copied) + len(rep.Present) + len(rep.Missing) + len(rep.Failed)
		return rep, fmt.Errorf("files: migrate: interrupted after %d of %d files: %w", done, len(list), err)
	}
	return rep, nil
}

// openSource returns a store reading the files at l, creating nothing.
func openSource(ctx context.Context, l Location) (*Store, error) {
	if l.S3 != nil {
		b, err := dialS3(ctx, *l.S3)
		if err != nil {
			return nil, err
		}
		return &Store{b: b}, nil
	}
	info, err := os.Stat(l.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, errors.New("no such directory")
	} else if err != nil {
		return nil, err
	} else if !info.IsDir() {
		return nil, errors.New("not a directory")
	}
	return &Store{b: diskStore{dir: l.Dir}}, nil
}

// openDestination returns a store writing at l. Unless dryRun, it creates
// the staging directory and checks that a temporary file can be written
// there and that the destination accepts a write: a directory is created
// when missing, and a bucket gets a small object, removed at once.
func openDestination(ctx context.Context, l Location, dryRun bool) (*Store, error) {
	var s *Store
	if l.S3 != nil {
		b, err := dialS3(ctx, *l.S3)
		if err != nil {
			return nil, err
		}
		s = &Store{tmp: l.S3.tempDir(), b: b}
	} else {
		if info, err := os.Stat(l.Dir); err == nil && !info.IsDir() {
			return nil, errors.New("not a directory")
		} else if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		s = &Store{tmp: filepath.Join(l.Dir, "tmp"), b: diskStore{dir: l.Dir}}
	}
	if dryRun {
		return s, nil
	}
	if err := os.MkdirAll(s.tmp, 0o750); err != nil {
		return nil, fmt.Errorf("staging directory: %w", err)
	}
	f, err := os.CreateTemp(s.tmp, "migrate-check-*")
	if err != nil {
		return nil, fmt.Errorf("staging directory %s is not writable: %w", s.tmp, err)
	}
	f.Close()
	os.Remove(f.Name())
	if b, ok := s.b.(*s3Store); ok {
		if err := b.checkWrite(ctx); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// checkWrite writes a small object next to the files and removes it, so
// that keys allowed to read but not to write (or delete) are refused before
// anything is copied.
func (s *s3Store) checkWrite(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s3Timeout)
	defer cancel()
	name := s.prefix + ".creatorclub-write-check-" + strings.ToLower(rand.Text())
	const body = "creatorclub files migrate: write check, removed at once\n"
	if _, err := s.client.PutObject(ctx, s.bucket, name, strings.NewReader(body), int64(len(body)),
		minio.PutObjectOptions{ContentType: "text/plain", DisableMultipart: true}); err != nil {
		return fmt.Errorf("bucket %s refuses a write (the club's key must be allowed to write objects): %w", s.bucket, err)
	}
	if err := s.client.RemoveObject(ctx, s.bucket, name, minio.RemoveObjectOptions{}); err != nil {
		return fmt.Errorf("bucket %s refuses to delete the object %s written to check access (the club's key must be allowed to delete objects): %w",
			s.bucket, name, err)
	}
	return nil
}

// migration is a Migrate under way.
type migration struct {
	src, dst *Store
	dryRun   bool
}

// migrateFile brings one file to the destination and says where it ends in
// the report.
func (m *migration) migrateFile(ctx context.Context, f *MigratedFile) outcome {
	fail := func(format string, args ...any) outcome {
		f.Err = fmt.Errorf(format, args...)
		return failed
	}
	if !validKey(f.Key) {
		return fail("%q is not a key of the file store: %w", f.Key, ErrInvalidKey)
	}
	size, _, err := m.src.b.stat(ctx, f.Key)
	if errors.Is(err, ErrNotFound) {
		return missing
	} else if err != nil {
		return fail("source: %w", err)
	}
	f.Size = size
	dsize, _, err := m.dst.b.stat(ctx, f.Key)
	switch {
	case errors.Is(err, ErrNotFound):
	case err != nil:
		return fail("destination: %w", err)
	case dsize != size:
		f.Replaced = true
	default:
		dsum, _, err := hashStored(ctx, m.dst.b, f.Key)
		if err != nil {
			return fail("destination: %w", err)
		}
		ssum, ssize, err := hashStored(ctx, m.src.b, f.Key)
		if errors.Is(err, ErrNotFound) {
			return missing
		} else if err != nil {
			return fail("source: %w", err)
		}
		f.noteSource(ssize, ssum)
		if dsum == ssum {
			return present
		}
		f.Replaced = true
	}
	if m.dryRun {
		return copied
	}

	ctype := f.Refs[0].ContentType
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	sum, n, err := m.copy(ctx, f.Key, size, ctype)
	if errors.Is(err, ErrNotFound) {
		return missing
	} else if err != nil {
		return fail("copy: %w", err)
	}
	f.noteSource(n, sum)
	got, gotSize, err := hashStored(ctx, m.dst.b, f.Key)
	if err != nil {
		return fail("verify: read back from the destination: %w", err)
	}
	if gotSize != n || got != sum {
		_ = m.dst.b.remove(f.Key) // best effort: a bad copy must not be served; a new run copies again
		return fail("verify: the destination holds %d bytes with SHA-256 %s, but %d bytes with SHA-256 %s were sent", gotSize, got, n, sum)
	}
	return copied
}

// noteSource records the size and checksum read from the source, and
// whether they differ from those recorded at upload.
func (f *MigratedFile) noteSource(size int64, sum string) {
	f.Size, f.SHA256 = size, sum
	r := f.Refs[0]
	if r.SHA256 != "" && (r.SHA256 != sum || r.Size != size) {
		f.DiffersFromRecord = true
	}
}

// copy stages the source's file of key, of the given size, in the
// destination's staging directory, hashing it on the way, and puts it in
// place. It returns the SHA-256 and the size of what it put.
func (m *migration) copy(ctx context.Context, key string, size int64, ctype string) (string, int64, error) {
	rc, err := m.src.b.open(key)
	if err != nil {
		return "", 0, err
	}
	defer rc.Close()
	tmp, err := os.CreateTemp(m.dst.tmp, "migrate-*")
	if err != nil {
		return "", 0, err
	}
	moved := false
	defer func() {
		tmp.Close() // a second Close after put's only returns an error
		if !moved {
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), ctxReader{ctx: ctx, r: rc})
	if err != nil {
		return "", 0, err
	}
	if n != size {
		return "", 0, fmt.Errorf("the source changed while it was read: %d bytes, then %d", size, n)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return "", 0, err
	}
	if moved, err = m.dst.b.put(ctx, key, tmp, n, ctype); err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// hashStored reads what b stores under key and returns its SHA-256 and size.
func hashStored(ctx context.Context, b backend, key string) (string, int64, error) {
	rc, err := b.open(key)
	if err != nil {
		return "", 0, err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, ctxReader{ctx: ctx, r: rc})
	if err != nil {
		return "", 0, fmt.Errorf("read %s: %w", key, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// progress writes a line now and then while a migration runs.
type progress struct {
	w     io.Writer
	every time.Duration
	dry   bool

	mu                   sync.Mutex
	start, last          time.Time
	files, total         int
	bytes, totalBytes    int64
	copied, missing, bad int
}

func newProgress(opts MigrateOptions, total int, totalBytes int64) *progress {
	every := opts.ProgressEvery
	if every <= 0 {
		every = 2 * time.Second
	}
	now := time.Now()
	return &progress{w: opts.Progress, every: every, dry: opts.DryRun, start: now, last: now, total: total, totalBytes: totalBytes}
}

// done counts a file and writes a line when the last one is old enough.
func (p *progress) done(f *MigratedFile, o outcome) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.files++
	p.bytes += f.Refs[0].Size
	switch o {
	case copied:
		p.copied++
	case missing:
		p.missing++
	case failed:
		p.bad++
	}
	if now := time.Now(); now.Sub(p.last) >= p.every || p.files == p.total && now.Sub(p.start) >= p.every {
		p.last = now
		verb := "copied"
		if p.dry {
			verb = "to copy"
		}
		fmt.Fprintf(p.w, "files: %d of %d checked (%s of %s), %d %s, %d missing at the source, %d failed, %s elapsed\n",
			p.files, p.total, FormatBytes(p.bytes), FormatBytes(p.totalBytes), p.copied, verb, p.missing, p.bad,
			now.Sub(p.start).Round(time.Second))
	}
}

// FormatBytes writes a size for people: "512 B", "1.5 MiB".
func FormatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 4; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTP"[exp])
}
