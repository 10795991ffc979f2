package files

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/creatorclub/creatorclub"
)

// Object is a file a store holds, as List finds it.
type Object struct {
	Key  string
	Size int64
	// ModTime is when it was written: the file's modification time, or
	// the object's Last-Modified in a bucket (the server's clock).
	ModTime time.Time
}

// Listing is what a store holds.
type Listing struct {
	Objects []Object // the files under keys of the store, sorted by key
	// Others names what else is there, which the store did not write and
	// leaves alone: paths relative to the directory (a folder ends in a
	// separator, and is not looked into), or names of objects and folders
	// directly under the bucket's prefix.
	Others []string
}

// List returns the files the store holds with their size and modification
// time: in a directory, those of DIR/ab/abc…, its staging folder tmp
// skipped; in a bucket, the objects directly under the prefix, nothing
// outside it. Anything else found there is named in Others.
func (s *Store) List(ctx context.Context) (*Listing, error) {
	l, err := s.b.list(ctx)
	if err != nil {
		return nil, fmt.Errorf("files: list: %w", err)
	}
	return l, nil
}

// MinSweepAge is the shortest grace period Sweep accepts: an upload stores
// its file before the row that names it is committed, and an analysis
// stores its report's files before the transaction that records them.
const MinSweepAge = time.Hour

// SweepOptions tune Sweep.
type SweepOptions struct {
	// OlderThan is the grace period: a file written more recently is never
	// deleted. At least MinSweepAge.
	OlderThan time.Duration
	// Delete deletes the orphans; without it Sweep reports them and
	// deletes nothing (a dry run).
	Delete bool
}

// Orphan is a file of the store that no row of the database names.
type Orphan struct {
	Object
	Age time.Duration // when it was listed
	// Deleted says Sweep deleted it.
	Deleted bool
	// Kept says why Sweep, asked to delete it, kept it after checking it
	// again: a row names it now, it was written again, or it is gone.
	Kept string
	// Err says why its deletion failed.
	Err error
}

// SweepReport says what Sweep found and did.
type SweepReport struct {
	Location  string // the location, described
	DryRun    bool
	OlderThan time.Duration

	Files      int   // files of the store listed
	Bytes      int64 // their size
	Referenced int   // files of the store named by a row
	Missing    int   // keys rows name that the store does not hold

	// Orphans are the files named by no row and written before the grace
	// period, by key: deleted (in a dry run: to delete), unless Kept or
	// Err says otherwise.
	Orphans []*Orphan
	// Recent are the files named by no row but written within the grace
	// period, which may be uploads whose row is being committed: kept.
	Recent []*Orphan
	// Others names what the store holds that is not one of its files,
	// left alone (see Listing).
	Others []string
}

// OrphanBytes returns the size of the orphans older than the grace period.
func (r *SweepReport) OrphanBytes() int64 {
	var n int64
	for _, o := range r.Orphans {
		n += o.Size
	}
	return n
}

// Deleted returns the orphans deleted and their size.
func (r *SweepReport) Deleted() (int, int64) {
	n, size := 0, int64(0)
	for _, o := range r.Orphans {
		if o.Deleted {
			n++
			size += o.Size
		}
	}
	return n, size
}

// Failed returns the orphans whose deletion failed.
func (r *SweepReport) Failed() []*Orphan {
	var out []*Orphan
	for _, o := range r.Orphans {
		if o.Err != nil {
			out = append(out, o)
		}
	}
	return out
}

// References returns every row of the database that names a file of the
// store, read in one go: (*sqldb.DB).ListFileReferences.
type References func(context.Context) ([]creatorclub.FileReference, error)

// Sweep finds the files of the store at l that no row names — left by a
// crash between storing a file and committing its row — and, with
// opts.Delete, deletes those written before the grace period. It lists the
// store, then reads the references (so that a row committed before the
// listing is always seen), and sorts the files named by no row into
// Orphans and, when written within the grace period, Recent, which are
// never deleted.
//
// Before deleting, it reads the references again, and for each orphan
// still named by no row, checks once more that the store holds it and that
// it is still older than the grace period (a file put again under the same
// key since the listing is younger), right before deleting it; a file
// failing these checks is kept, and says why. A deletion that fails is in
// the report, and the others are still tried.
//
// It refuses to delete anything when no file of the store is named by the
// database: the sign of a database or a storage that is not the club's (a
// new SQLite file in a mistyped data directory, another prefix). It
// returns an error, with the report so far, when the grace period is
// shorter than MinSweepAge, the store cannot be reached or listed, the
// references cannot be read, or ctx ends; problems with single files are
// in the report only.
func Sweep(ctx context.Context, l Location, refs References, opts SweepOptions) (*SweepReport, error) {
	if opts.OlderThan < MinSweepAge {
		return nil, fmt.Errorf("files: sweep: a grace period of %v is shorter than %v", opts.OlderThan, MinSweepAge)
	}
	s, err := openSource(ctx, l)
	if err != nil {
		return nil, fmt.Errorf("files: sweep: %s: %w", l, err)
	}
	listing, err := s.b.list(ctx)
	if err != nil {
		return nil, fmt.Errorf("files: sweep: list %s: %w", l, err)
	}
	named, err := referencedKeys(ctx, refs)
	if err != nil {
		return nil, fmt.Errorf("files: sweep: %w", err)
	}

	rep := &SweepReport{Location: l.String(), DryRun: !opts.Delete, OlderThan: opts.OlderThan,
		Files: len(listing.Objects), Others: listing.Others}
	now := time.Now()
	held := make(map[string]bool, len(listing.Objects))
	for _, obj := range listing.Objects {
		held[obj.Key] = true
		rep.Bytes += obj.Size
		if named[obj.Key] {
			rep.Referenced++
			continue
		}
		o := &Orphan{Object: obj, Age: now.Sub(obj.ModTime)}
		if o.Age < opts.OlderThan {
			rep.Recent = append(rep.Recent, o)
		} else {
			rep.Orphans = append(rep.Orphans, o)
		}
	}
	for key := range named {
		if !held[key] {
			rep.Missing++
		}
	}
	if !opts.Delete || len(rep.Orphans) == 0 {
		return rep, nil
	}
	if rep.Referenced == 0 {
		return rep, fmt.Errorf("files: sweep: the database names none of the %d files of %s (it names %d files): "+
			"is it the club's database, and this the club's storage? Nothing was deleted; if this is right, delete them by hand",
			rep.Files, rep.Location, len(named))
	}

	// Rows committed since the first reading name some of them now.
	named, err = referencedKeys(ctx, refs)
	if err != nil {
		return rep, fmt.Errorf("files: sweep: before deleting: %w; nothing was deleted", err)
	}
	for i, o := range rep.Orphans {
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("files: sweep: interrupted after %d of %d orphans: %w", i, len(rep.Orphans), err)
		}
		if named[o.Key] {
			o.Kept = "a row names it since it was listed"
			continue
		}
		_, mod, err := s.b.stat(ctx, o.Key)
		switch {
		case errors.Is(err, ErrNotFound):
			o.Kept = "gone since it was listed"
			continue
		case err != nil:
			o.Err = err
			continue
		case time.Since(mod) < opts.OlderThan:
			o.Kept = "written again since it was listed"
			continue
		}
		if err := s.Delete(o.Key); err != nil {
			o.Err = err
			continue
		}
		o.Deleted = true
	}
	return rep, nil
}

// referencedKeys returns the keys refs names.
func referencedKeys(ctx context.Context, refs References) (map[string]bool, error) {
	rs, err := refs(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the files the database names: %w", err)
	}
	named := make(map[string]bool, len(rs))
	for _, r := range rs {
		named[r.Key] = true
	}
	return named, nil
}
